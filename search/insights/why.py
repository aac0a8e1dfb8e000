"""Why an article is a hit: each positive part of the query (word, phrase, pattern) with the
score it gave and the text fields it matched in, and the filter values the article carries.
The parts' scores add up to the hit's score (the filters score nothing)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from search.models import Why, WhyPart
from search.query import tree as qt
from search.query.engine import Evaluator, Matches
from search.store.facets import FacetStore, facet_count


def _positive_words(node: qt.Node, negated: bool = False) -> Iterator[qt.Words]:
    if isinstance(node, qt.Words):
        if not negated:
            yield node
    elif isinstance(node, qt.And | qt.Or):
        for child in node.children:
            yield from _positive_words(child, negated)
    elif isinstance(node, qt.Not):
        yield from _positive_words(node.child, not negated)


def _facets(node: qt.Node) -> Iterator[qt.Facet]:
    if isinstance(node, qt.Facet):
        yield node
    elif isinstance(node, qt.And | qt.Or):
        for child in node.children:
            yield from _facets(child)


def _score_at(matches: Matches, docnum: int) -> float | None:
    at = int(np.searchsorted(matches.docs, docnum))
    if at < len(matches.docs) and int(matches.docs[at]) == docnum:
        return float(matches.scores[at])
    return None


def explain(
    evaluator: Evaluator, store: FacetStore, tree: qt.Node, docnums: Sequence[int]
) -> list[Why]:
    """A `Why` for each of ``docnums``, hits of ``tree``."""
    parts = []
    for words in dict.fromkeys(_positive_words(tree)):
        whole = evaluator.run(words)
        by_field = {
            fname: evaluator.run(qt.Words(words.kind, words.words, (fname,), slop=words.slop,
                                          maxdist=words.maxdist, prefix=words.prefix,
                                          offsets=words.offsets))
            for fname in words.fields
        }  # fmt: skip
        expanded = _expansions(evaluator, words)
        parts.append((words, whole, by_field, expanded))
    filters = [f for f in _facets(tree)]
    out = []
    for docnum in docnums:
        found = []
        for words, whole, by_field, expanded in parts:
            score = _score_at(whole, docnum)
            if score is None:
                continue
            fields = tuple(f for f, m in by_field.items() if _score_at(m, docnum) is not None)
            terms = tuple(t for t, m in expanded.items() if _score_at(m, docnum) is not None)
            found.append(WhyPart(str(words), score, fields, terms))
        carried = []
        for facet in filters:
            labels = {label.lower() for label in facet.labels}
            for label in store.fields[facet.field].labels_of(docnum):
                if label.lower() in labels:
                    carried.append((facet.field, facet_count(facet.field, label, 1).label))
        out.append(Why(tuple(found), tuple(dict.fromkeys(carried))))
    return out


def _expansions(evaluator: Evaluator, words: qt.Words) -> dict[str, Matches]:
    """The articles of each index term a pattern or fuzzy word stands for ({} for others)."""
    if words.kind not in (qt.PREFIX, qt.WILDCARD, qt.FUZZY):
        return {}
    expansion = Evaluator(evaluator.store, evaluator.facets)
    expansion.run(words)
    return {
        term: expansion.run(qt.Words(qt.TERM, (term,), words.fields))
        for term in sorted(expansion.terms)
    }
