"""Evaluate a parsed query over the postings store: every matching document, scored, in numpy.

`query.language` parses the query into a `query.tree` (what `--explain` prints); this module
walks that tree. Title and body terms are read from `store.postings`, entity and source filters
from the facet store (`store.facets`), dates from the postings store's date table. Each node yields
the sorted numbers of the documents it matches with their scores, so totals and facets cover
every hit and the top of the ranking is one `argpartition`.

Ranking is BM25F (Robertson & Zaragoza): a word's frequencies in title and body are
length-normalised, weighted (title 2.5, body 1) and summed before one saturation, so a word
in the title counts once, strongly, instead of as two separate matches.
"""

from __future__ import annotations

import fnmatch
import math
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from search import schema
from search.analysis import is_spelling, respellings
from search.query import spelling
from search.query import tree as qt
from search.store.facets import FacetStore
from search.store.postings import FieldPostings, Ints, TextStore

MAX_EXPANSIONS = 1000  # terms a prefix, wildcard or fuzzy word may stand for (most frequent)
# Wildcards are meant for words as written (`cris?s`), but the index holds stems (`citi`): a
# stem also matches when the pattern matches a spelling of it (`analysis.spellings`).
_RESPELL_UNDER = 50_000  # terms a wildcard scans before endings are tried too (bounded work)


@dataclass(frozen=True)
class Matches:
    """Sorted unique document numbers and their scores."""

    docs: Ints
    scores: Any  # float64 array aligned with docs

    @staticmethod
    def empty() -> Matches:
        return Matches(np.zeros(0, dtype=np.int64), np.zeros(0))


def _union(parts: list[Matches]) -> Matches:
    """Documents matched by any part, scores summed (dense arrays: no sorting or hashing)."""
    parts = [p for p in parts if len(p.docs)]
    if not parts:
        return Matches.empty()
    if len(parts) == 1:
        return parts[0]
    size = max(int(p.docs[-1]) for p in parts) + 1
    hit = np.zeros(size, dtype=bool)
    scores = np.zeros(size)
    for p in parts:
        hit[p.docs] = True
        scores[p.docs] += p.scores  # each part's documents are unique
    docs = np.flatnonzero(hit).astype(np.int64)
    return Matches(docs, scores[docs])


def _best(parts: list[tuple[float, Matches]]) -> Matches:
    """Documents matched by any part, each scored by its best weighted part."""
    parts = [(w, p) for w, p in parts if len(p.docs)]
    if not parts:
        return Matches.empty()
    size = max(int(p.docs[-1]) for _, p in parts) + 1
    hit = np.zeros(size, dtype=bool)
    scores = np.zeros(size)
    for weight, p in parts:
        hit[p.docs] = True
        scores[p.docs] = np.maximum(scores[p.docs], weight * p.scores)
    docs = np.flatnonzero(hit).astype(np.int64)
    return Matches(docs, scores[docs])


def closeness(typed: str, term: str, edits: int) -> float:
    """How close an index term ``edits`` away is to a fuzzy word: fewer edits, and more of a
    shared start (misspellings keep a word's beginning: `blunket` is nearer `blunkett` than
    `blanket`), weigh more; 1 for the word itself. Squared, so that closeness outweighs the
    rarity (idf) of a near word seen once."""
    shared = 0
    for a, b in zip(typed, term, strict=False):
        if a != b:
            break
        shared += 1
    near = (1 - edits / (len(typed) + 1)) * (0.5 + 0.5 * min(shared, len(typed)) / len(typed))
    return near * near


def members(values: Ints, of: Ints) -> Any:
    """Which of ``values`` are in ``of`` (sorted, unique): a binary search for each value,
    where `np.isin` and `np.intersect1d` sort both arrays together again — most of a phrase
    or an AND of common words at 1,000,000 articles."""
    if not len(of):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(of, values), len(of) - 1)
    return of[at] == values


def _intersect(a: Matches, b: Matches) -> Matches:
    if len(a.docs) > len(b.docs):
        a, b = b, a  # search the shorter in the longer
    if not len(a.docs):
        return Matches.empty()
    ib = np.minimum(np.searchsorted(b.docs, a.docs), len(b.docs) - 1)
    ia = np.flatnonzero(b.docs[ib] == a.docs)
    ib = ib[ia]
    return Matches(a.docs[ia], a.scores[ia] + b.scores[ib])


def _minus(a: Matches, b: Matches) -> Matches:
    keep = ~members(a.docs, b.docs)
    return Matches(a.docs[keep], a.scores[keep])


@dataclass
class Evaluator:
    """Evaluates query trees over one postings store and one facet store."""

    store: TextStore
    facets: FacetStore
    k1: float = schema.BM25_K1
    b: float = schema.BM25_B
    weights: dict[str, float] = field(
        default_factory=lambda: {"title": schema.TITLE_BOOST, "body": 1.0}
    )
    terms: set[str] = field(default_factory=set)  # text terms matched positively (snippets)
    phrases: list[tuple[tuple[str, ...], tuple[int, ...]]] = field(default_factory=list)
    # what patterns stood for, by (field, kind, pattern): shared by the evaluators of one search
    expansions: dict[tuple[int, str, str], list[str]] = field(default_factory=dict)

    def run(self, q: qt.Node) -> Matches:
        """Every document ``q`` matches, with its score."""
        return self._node(q, negated=False)

    # -- tree walk ----------------------------------------------------------------------------
    def _node(self, q: qt.Node, negated: bool) -> Matches:
        if isinstance(q, qt.Words):
            return self._words(q, negated)
        if isinstance(q, qt.And):
            return self._and(q.children, negated)
        if isinstance(q, qt.Or):
            return _union([self._node(child, negated) for child in q.children])
        if isinstance(q, qt.Not):
            return _minus(self._every(), self._node(q.child, not negated))
        if isinstance(q, qt.Every):
            return self._every()
        if isinstance(q, qt.Nothing):
            return Matches.empty()
        if isinstance(q, qt.Facet):
            return self._facet(q.field, q.labels)
        if isinstance(q, qt.Dates):
            return self._dates(q)
        raise TypeError(f"not a query node: {q!r}")

    def _every(self) -> Matches:
        return Matches(self.store.live_docs, np.zeros(self.store.live_count))

    def _and(self, children: tuple[qt.Node, ...], negated: bool) -> Matches:
        positive: list[qt.Node] = [c for c in children if not isinstance(c, qt.Not)]
        negative = [c.child for c in children if isinstance(c, qt.Not)]
        # filters first: they are cheap and usually narrow the text matches
        positive.sort(key=lambda c: not isinstance(c, qt.Facet | qt.Dates | qt.Nothing))
        result = self._node(positive[0], negated) if positive else self._every()
        for child in positive[1:]:
            if not len(result.docs):
                break
            result = _intersect(result, self._node(child, negated))
        for child in negative:
            if not len(result.docs):
                break
            result = _minus(result, self._node(child, not negated))
        return result

    # -- text fields --------------------------------------------------------------------------
    def _words(self, q: qt.Words, negated: bool) -> Matches:
        """One word (or phrase, or expansion) searched in its text fields, BM25F-scored."""
        if q.kind == qt.PHRASE:
            if not negated:
                self.phrases.append((q.words, q.offsets))
            return self._bm25f(
                {
                    f: self._phrase(self.store.fields[f], q.words, q.offsets, q.slop)
                    for f in q.fields
                }
            )
        if q.kind == qt.FUZZY:
            return self._fuzzy(q, negated)
        if q.kind == qt.TERM:
            words = list(q.words)
        else:
            words = sorted({w for f in q.fields for w in self._expand(q, self.store.fields[f])})
        if not negated:
            self.terms.update(words)
        return _union([self._term(word, q.fields) for word in words])

    def _fuzzy(self, q: qt.Words, negated: bool) -> Matches:
        """A fuzzy word: each article scored by its closest, best-scoring spelling (not the
        sum of all of them, which lets a common near word outrank the one meant)."""
        typed = q.words[0]
        edits: dict[str, int] = {}
        for fname in q.fields:
            fp = self.store.fields[fname]
            for i, d in spelling.near_terms(fp, typed, q.maxdist, q.prefix):
                edits[fp.terms[i]] = d
        if len(edits) > MAX_EXPANSIONS:  # the closest
            closest = sorted(edits, key=lambda w: (-closeness(typed, w, edits[w]), w))
            edits = {w: edits[w] for w in closest[:MAX_EXPANSIONS]}
        if not negated:
            self.terms.update(edits)
        parts = [
            (closeness(typed, word, d), self._term(word, q.fields))
            for word, d in sorted(edits.items())
        ]
        return _best(parts)

    def _term(self, word: str, fields: tuple[str, ...]) -> Matches:
        """One index term in ``fields``, BM25F-scored."""
        per_field = {}
        for fname in fields:
            i = self.store.fields[fname].find(word)
            if i is not None:
                per_field[fname] = self.store.postings(fname, i)
        return self._bm25f(per_field)

    def _bm25f(self, per_field: dict[str, tuple[Ints, Ints]]) -> Matches:
        if not per_field:
            return Matches.empty()
        if not any(len(d) for d, _ in per_field.values()):
            return Matches.empty()
        dense = np.zeros(self.store.doc_count_all)
        hit = np.zeros(self.store.doc_count_all, dtype=bool)
        for fname, (fdocs, tf) in per_field.items():
            fp = self.store.fields[fname]
            norm = 1 - self.b + self.b * fp.lengths[fdocs] / fp.avglen
            dense[fdocs] += self.weights.get(fname, 1.0) * tf / norm
            hit[fdocs] = True
        docs = np.flatnonzero(hit).astype(np.int64)
        weighted = dense[docs]
        n = max(1, self.store.live_count)
        idf = math.log(1 + (n - len(docs) + 0.5) / (len(docs) + 0.5))
        return Matches(docs, idf * weighted * (self.k1 + 1) / (weighted + self.k1))

    def _phrase(
        self, fp: FieldPostings, words: tuple[str, ...], offsets: tuple[int, ...], slop: int
    ) -> tuple[Ints, Ints]:
        """Documents where ``words`` occur in order at their ``offsets`` from the first, each
        up to ``slop`` - 1 positions further from the previous (1: exactly there), with the
        number of occurrences."""
        empty = np.zeros(0, dtype=np.int64)
        ids = [fp.find(w) for w in words]
        if not ids or any(i is None for i in ids):
            return empty, empty
        postings = [fp.postings(i) for i in ids if i is not None]
        candidates = postings[0][0]
        for docs, _ in sorted(postings[1:], key=lambda p: len(p[0])):
            shorter, longer = sorted((candidates, docs), key=len)
            candidates = shorter[members(shorter, longer)]
        if self.store.has_dead:
            candidates = candidates[self.store.live[candidates]]
        if len(words) == 1 or not len(candidates):
            keep = members(postings[0][0], candidates)
            return postings[0][0][keep], postings[0][1][keep]
        keys = []
        for i, (docs, tf) in zip(ids, postings, strict=True):
            occ_docs = np.repeat(docs, tf)
            pos = fp.positions(int(i))  # type: ignore[arg-type]
            inside = members(occ_docs, candidates)
            # in order already (documents ascending, positions ascending in each): a stable
            # sort (Timsort) only checks that, where the default one sorted again — most of a
            # phrase of two common words at 1,000,000 articles
            keys.append(np.sort((occ_docs[inside] << 32) | pos[inside], kind="stable"))
        current = keys[0]
        for k, nxt in enumerate(keys[1:], start=1):
            if not len(current):
                break
            gap = offsets[k] - offsets[k - 1]
            at = np.searchsorted(nxt, current + gap)
            ok = at < len(nxt)
            found = nxt[at[ok]]
            current = found[found - current[ok] <= gap + max(1, slop) - 1]
        doc_of = current >> 32  # ascending: keys are in document order
        if not len(doc_of):
            return empty, empty
        starts = np.flatnonzero(np.r_[True, doc_of[1:] != doc_of[:-1]])
        return doc_of[starts].astype(np.int64), np.diff(np.r_[starts, len(doc_of)]).astype(np.int64)

    def _expand(self, q: qt.Words, fp: FieldPostings) -> list[str]:
        """The index words a prefix or wildcard stands for (kept in ``expansions``: the partial
        matches and did-you-mean of one search ask again)."""
        key = (id(fp), q.kind, q.words[0])
        found = self.expansions.get(key)
        if found is None:
            found = self.expansions[key] = self._expansion(q, fp)
        return found

    def _expansion(self, q: qt.Words, fp: FieldPostings) -> list[str]:
        text = q.words[0]
        if q.kind == qt.PREFIX:
            ids = list(fp.range_of(text, text + "\uffff"))
        elif q.kind == qt.WILDCARD:
            lead = re.split(r"[*?\[]", text, maxsplit=1)[0]
            lead = lead[: max(1, len(lead) - 2)] if lead else ""  # a stem may end sooner: run(n)
            pattern = re.compile(fnmatch.translate(text))
            span = fp.range_of(lead, lead + "\uffff") if lead else range(len(fp.terms))
            ids = [i for i in span if _written_match(pattern, fp.terms[i], len(span))]
        else:
            raise ValueError(f"not an expanding kind of words: {q.kind}")
        if len(ids) > MAX_EXPANSIONS:
            ids = sorted(ids, key=lambda i: -int(fp.df[i]))[:MAX_EXPANSIONS]
        return [fp.terms[i] for i in ids]

    # -- other fields -------------------------------------------------------------------------
    def _facet(self, fname: str, labels: tuple[str, ...]) -> Matches:
        """Live documents carrying any of ``labels`` in a facet field: a filter, unscored."""
        docs = self.facets.fields[fname].docs_with(labels)
        if self.store.has_dead and len(docs):
            docs = docs[self.store.live[docs]]
        return Matches(docs, np.zeros(len(docs)))

    def _dates(self, q: qt.Dates) -> Matches:
        published = self.store.published
        keep = self.store.live & (published > 0)
        if q.start is not None:
            keep &= published >= q.start.toordinal()
        if q.end is not None:
            keep &= published <= q.end.toordinal()
        docs = np.flatnonzero(keep).astype(np.int64)
        return Matches(docs, np.zeros(len(docs)))


def top(matches: Matches, published: Ints, *, sort: str, count: int) -> Ints:
    """Document numbers of the first ``count`` matches: best score first (ties: lower number),
    or by date (undated last)."""
    if count <= 0 or not len(matches.docs):
        return np.zeros(0, dtype=np.int64)
    if sort == "relevance":
        key = -matches.scores
        if len(key) > count:
            cut = np.argpartition(key, count - 1)[:count]
            threshold = key[cut].max()
            cut = np.flatnonzero(key <= threshold)  # keep ties, then order exactly
        else:
            cut = np.arange(len(key))
        order = cut[np.lexsort((matches.docs[cut], key[cut]))]
    else:
        dates = published[matches.docs]
        newest = sort == "newest"
        primary = np.where(dates > 0, -dates if newest else dates, np.iinfo(np.int64).max)
        order = np.lexsort((-matches.scores, primary))
    return matches.docs[order[:count]]


def _written_match(pattern: re.Pattern[str], term: str, scanned: int) -> bool:
    """True when ``pattern`` matches the stem ``term`` or a word as written that stems to it
    (`analysis.spellings`: `city` and `cities` for `citi`, `running` for `run`)."""
    if pattern.match(term):
        return True
    if scanned > _RESPELL_UNDER:
        return False
    return any(pattern.match(w) and is_spelling(w, term) for w in respellings(term))
