"""Filters from names: a person, country or source as the user writes it resolved to the labels
the facet store shows (one routine for filters and for the counts a facet keeps at zero), and
the parsed query's filters as tree nodes."""

from __future__ import annotations

from dataclasses import dataclass

from search.query import tree as qt
from search.query.language import ParsedQuery
from search.store import facets
from search.store.facet_kinds import kind_of


@dataclass(frozen=True)
class Vocab:
    """Resolution of user names to facet labels, from the facet store."""

    store: facets.FacetStore

    def labels(self, fname: str, value: str) -> list[str]:
        """The labels (as the facet store shows them) a filter value names; [] when none:
        the field's kind resolves it (`facet_kinds`), and only labels some article still
        carries count (not those of deleted articles' values)."""
        fs = self.store.fields[fname]
        found = kind_of(fname).labels_for(fs, value)
        return sorted(label for label in found if fs.ids_by_label.get(label.lower()) in fs.carried)

    def label(self, fname: str, raw: str) -> str:
        return self.store.fields[fname].label(raw)


def resolve(parsed: ParsedQuery, vocab: Vocab) -> tuple[list[qt.Node], list[str]]:
    """The filters of ``parsed`` as clauses (Nothing for a name no article carries), and a
    warning for each such name."""
    clauses: list[qt.Node] = []
    warnings: list[str] = []
    for fname, values in parsed.filters.items():
        for value in values:
            labels = vocab.labels(fname, value)
            if not labels:
                warnings.append(f"no {fname} known as {value!r}")
                clauses.append(qt.Nothing())
                continue
            clauses.append(qt.Facet(fname, tuple(labels)))
    for fname, values in parsed.any_of:
        found = sorted({label for value in values for label in vocab.labels(fname, value)})
        if not found:
            warnings.append(f"no {fname} known as any of {', '.join(map(repr, values))}")
        clauses.append(qt.Facet(fname, tuple(found)) if found else qt.Nothing())
    for fname, values in parsed.excludes.items():
        for value in values:
            labels = vocab.labels(fname, value)
            if labels:
                clauses.append(qt.Not(qt.Facet(fname, tuple(labels))))
    for start, end in parsed.dates:
        clauses.append(qt.Dates(start, end))
    return clauses, warnings
