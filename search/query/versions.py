"""One result per story: matching near-duplicates (`store.similar`) collapse into the best
ranked of them, which lists the others."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from search.query.engine import Matches

Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Collapsed:
    """The matches with one document per near-duplicate group (``matches``), and what tells
    the others: every match's number and group (aligned arrays)."""

    matches: Matches
    docs: Ints
    groups: Ints

    @property
    def hidden(self) -> int:
        """Matching documents left out as another's version."""
        return len(self.docs) - len(self.matches.docs)

    def others(self, doc: int) -> tuple[int, ...]:
        """The other matching documents of ``doc``'s group, by number."""
        at = np.searchsorted(self.docs, doc)
        if at >= len(self.docs) or self.docs[at] != doc:
            return ()
        same = self.docs[self.groups == self.groups[at]]
        return tuple(int(d) for d in same if d != doc)


def collapse(matches: Matches, leaders: npt.NDArray[np.int32] | None) -> Collapsed:
    """Keep the best scored match of each near-duplicate group (ties: the lower number);
    ``leaders`` None (no groups known) keeps every match."""
    docs = matches.docs
    if leaders is None or len(docs) < 2:
        return Collapsed(matches, docs, docs)
    known = docs < len(leaders)
    group = np.where(known, leaders[np.where(known, docs, 0)], docs).astype(np.int64)
    order = np.lexsort((docs, -matches.scores, group))
    first = np.ones(len(order), dtype=bool)
    first[1:] = group[order][1:] != group[order][:-1]
    if first.all():
        return Collapsed(matches, docs, group)
    keep = np.sort(order[first])
    return Collapsed(Matches(docs[keep], matches.scores[keep]), docs, group)
