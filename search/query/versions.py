"""One result per story: matching near-duplicates (`store.near_duplicates`) collapse into the best
ranked of them, which lists the others."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from search.query.engine import Matches
from search.store.near_duplicates import Groups

Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Collapsed:
    """The matches with one document per near-duplicate group (``matches``), and what tells
    the others: the matching documents that are in a group, and each one's group (aligned)."""

    matches: Matches
    docs: Ints
    groups: Ints

    @property
    def hidden(self) -> int:
        """Matching documents left out as another's version."""
        return len(self.docs) - len(np.unique(self.groups))

    def others(self, doc: int) -> tuple[int, ...]:
        """The other matching documents of ``doc``'s group, by number."""
        at = np.searchsorted(self.docs, doc)
        if at >= len(self.docs) or self.docs[at] != doc:
            return ()
        same = self.docs[self.groups == self.groups[at]]
        return tuple(int(d) for d in same if d != doc)


_NONE = np.zeros(0, dtype=np.int64)


def collapse(matches: Matches, groups: Groups | None) -> Collapsed:
    """Keep the best scored match of each near-duplicate group (ties: the lower number);
    ``groups`` None (none known) keeps every match. Only matches that are in a group are
    sorted: most articles are in none."""
    docs = matches.docs
    if groups is None or len(docs) < 2:
        return Collapsed(matches, _NONE, _NONE)
    known = docs < len(groups.grouped)
    inside = np.zeros(len(docs), dtype=bool)
    inside[known] = groups.grouped[docs[known]]
    at = np.flatnonzero(inside)
    if len(at) < 2:
        return Collapsed(matches, _NONE, _NONE)
    members = docs[at]
    group = groups.leaders[members].astype(np.int64)
    order = np.lexsort((members, -matches.scores[at], group))
    first = np.ones(len(order), dtype=bool)
    first[1:] = group[order][1:] != group[order][:-1]
    if first.all():
        return Collapsed(matches, members, group)
    keep = np.ones(len(docs), dtype=bool)
    keep[at[order[~first]]] = False
    return Collapsed(Matches(docs[keep], matches.scores[keep]), members, group)
