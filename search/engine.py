"""Evaluate a parsed query over the postings store: every matching document, scored, in numpy.

Whoosh parses the query (its tree is what `--explain` prints); this module walks that tree.
Title and body terms are read from `postings`, entity and other keyword fields from Whoosh's
own (short) postings, dates from the store's date table. Each node yields the sorted numbers
of the documents it matches with their scores, so totals and facets cover every hit and the
top of the ranking is one `argpartition`.

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
from search.postings import FieldPostings, Ints, TextStore

MAX_EXPANSIONS = 1000  # terms a prefix, wildcard or fuzzy word may stand for (most frequent)


class Unsupported(Exception):
    """A query node this engine does not evaluate."""


@dataclass(frozen=True)
class Matches:
    """Sorted unique document numbers and their scores."""

    docs: Ints
    scores: Any  # float64 array aligned with docs

    @staticmethod
    def empty() -> Matches:
        return Matches(np.zeros(0, dtype=np.int64), np.zeros(0))

    def boosted(self, boost: float) -> Matches:
        return self if boost == 1.0 else Matches(self.docs, self.scores * boost)


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


def unique_sorted(values: Ints) -> Ints:
    """The distinct values of an ascending array."""
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def _intersect(a: Matches, b: Matches) -> Matches:
    docs, ia, ib = np.intersect1d(a.docs, b.docs, assume_unique=True, return_indices=True)
    return Matches(docs, a.scores[ia] + b.scores[ib])


def _minus(a: Matches, b: Matches) -> Matches:
    keep = ~np.isin(a.docs, b.docs, assume_unique=True)
    return Matches(a.docs[keep], a.scores[keep])


@dataclass
class Evaluator:
    """Evaluates query trees for one store and one Whoosh reader."""

    store: TextStore
    reader: Any
    k1: float = schema.BM25_K1
    b: float = schema.BM25_B
    weights: dict[str, float] = field(
        default_factory=lambda: {"title": schema.TITLE_BOOST, "body": 1.0}
    )
    terms: set[str] = field(default_factory=set)  # text terms matched positively (snippets)

    def run(self, q: Any) -> Matches:
        """Every document ``q`` matches, with its score."""
        return self._node(q, negated=False)

    # -- tree walk ----------------------------------------------------------------------------
    def _node(self, q: Any, negated: bool) -> Matches:
        from whoosh import query

        boost = float(getattr(q, "boost", 1.0) or 1.0)
        if isinstance(q, query.Every):
            return self._every()
        if isinstance(q, type(query.NullQuery)):
            return Matches.empty()
        if isinstance(q, query.And):
            return self._and(list(q.children()), negated).boosted(boost)
        if isinstance(q, query.Or):
            return self._or(list(q.children()), negated).boosted(boost)
        if isinstance(q, query.Not):
            return _minus(self._every(), self._node(q.query, not negated))
        if isinstance(q, query.AndNot):
            return _minus(self._node(q.a, negated), self._node(q.b, not negated))
        if isinstance(q, query.AndMaybe):
            a, b = self._node(q.a, negated), self._node(q.b, negated)
            bonus = _intersect(Matches(a.docs, np.zeros(len(a.docs))), b)
            return _union([a, bonus]).boosted(boost)
        if isinstance(q, query.Require):
            a, b = self._node(q.a, negated), self._node(q.b, negated)
            return _intersect(a, Matches(b.docs, np.zeros(len(b.docs)))).boosted(boost)
        if isinstance(q, query.DateRange):
            return self._dates(q)
        if getattr(q, "fieldname", None) in schema.TEXT_FIELDS:
            return self._text_group([q], negated)  # applies the node's boost
        if isinstance(q, query.Term):
            return self._keyword(q.fieldname, q.text)
        raise Unsupported(type(q).__name__)

    def _every(self) -> Matches:
        return Matches(self.store.live_docs, np.zeros(self.store.live_count))

    def _and(self, children: list[Any], negated: bool) -> Matches:
        from whoosh import query

        positive = [c for c in children if not isinstance(c, query.Not)]
        negative = [c.query for c in children if isinstance(c, query.Not)]
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

    def _or(self, children: list[Any], negated: bool) -> Matches:
        """Children on the same word in title and body (the parser's multifield form) are
        scored together, as one BM25F term."""
        groups: dict[Any, list[Any]] = {}
        others: list[Any] = []
        for child in children:
            key = _text_key(child)
            if key is None:
                others.append(child)
            else:
                groups.setdefault(key, []).append(child)
        parts = [self._text_group(nodes, negated) for nodes in groups.values()]
        parts += [self._node(child, negated) for child in others]
        return _union(parts)

    # -- text fields --------------------------------------------------------------------------
    def _text_group(self, nodes: list[Any], negated: bool) -> Matches:
        """One word (or phrase, or expansion) searched in one or more text fields."""
        from whoosh import query

        first = nodes[0]
        boost = float(getattr(first, "boost", 1.0) or 1.0)
        fields = [n.fieldname for n in nodes]
        if isinstance(first, query.Phrase):
            words = [w for w in first.words if w]
            if not negated:
                self.terms.update(words)
            return self._bm25f(
                {f: self._phrase(self.store.fields[f], words, first.slop) for f in fields}
            ).boosted(boost)
        if type(first) is query.Term:
            words = [first.text]
        else:
            words = sorted({w for n in nodes for w in self._expand(n)})
        if not negated:
            self.terms.update(words)
        parts = []
        for word in words:
            per_field = {}
            for fname in fields:
                fp = self.store.fields[fname]
                i = fp.find(word)
                if i is not None:
                    per_field[fname] = self.store.postings(fname, i)
            parts.append(self._bm25f(per_field))
        return _union(parts).boosted(boost)

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

    def _phrase(self, fp: FieldPostings, words: list[str], slop: int) -> tuple[Ints, Ints]:
        """Documents where ``words`` occur in order, each within ``slop`` positions of the
        previous (1: adjacent), with the number of occurrences."""
        empty = np.zeros(0, dtype=np.int64)
        ids = [fp.find(w) for w in words]
        if not ids or any(i is None for i in ids):
            return empty, empty
        postings = [fp.postings(i) for i in ids if i is not None]
        candidates = postings[0][0]
        for docs, _ in postings[1:]:
            candidates = np.intersect1d(candidates, docs, assume_unique=True)
        if self.store.has_dead:
            candidates = candidates[self.store.live[candidates]]
        if len(words) == 1 or not len(candidates):
            keep = np.isin(postings[0][0], candidates)
            return postings[0][0][keep], postings[0][1][keep]
        keys = []
        for i, (docs, tf) in zip(ids, postings, strict=True):
            occ_docs = np.repeat(docs, tf)
            pos = fp.positions(int(i))  # type: ignore[arg-type]
            inside = np.isin(occ_docs, candidates)
            keys.append(np.sort((occ_docs[inside] << 32) | pos[inside]))
        current = keys[0]
        for nxt in keys[1:]:
            if not len(current):
                break
            at = np.searchsorted(nxt, current + 1)
            ok = at < len(nxt)
            found = nxt[at[ok]]
            current = found[found - current[ok] <= max(1, slop)]
        doc_of = current >> 32  # ascending: keys are in document order
        if not len(doc_of):
            return empty, empty
        starts = np.flatnonzero(np.r_[True, doc_of[1:] != doc_of[:-1]])
        return doc_of[starts].astype(np.int64), np.diff(np.r_[starts, len(doc_of)]).astype(np.int64)

    def _expand(self, q: Any) -> list[str]:
        """The index words a prefix, wildcard, fuzzy or range node stands for."""
        from whoosh import query

        fp = self.store.fields[q.fieldname]
        if isinstance(q, query.Prefix):
            ids = list(fp.range_of(q.text, q.text + "\uffff"))
        elif isinstance(q, query.Wildcard):
            lead = re.split(r"[*?\[]", q.text, maxsplit=1)[0]
            pattern = re.compile(fnmatch.translate(q.text))
            span = fp.range_of(lead, lead + "\uffff") if lead else range(len(fp.terms))
            ids = [i for i in span if pattern.match(fp.terms[i])]
        elif isinstance(q, query.FuzzyTerm):
            ids = fuzzy_terms(fp, q.text, q.maxdist, q.prefixlength)
        elif isinstance(q, query.TermRange):
            ids = list(fp.range_of(q.start or "", q.end + "\x00" if q.end else None))
            ids = [
                i
                for i in ids
                if not (q.startexcl and fp.terms[i] == q.start)
                and not (q.endexcl and fp.terms[i] == q.end)
            ]
        else:
            raise Unsupported(type(q).__name__)
        if len(ids) > MAX_EXPANSIONS:
            ids = sorted(ids, key=lambda i: -int(fp.df[i]))[:MAX_EXPANSIONS]
        return [fp.terms[i] for i in ids]

    # -- other fields -------------------------------------------------------------------------
    def _keyword(self, fname: str, text: Any) -> Matches:
        """A keyword field (entities, source, id) from Whoosh's postings: a filter, unscored."""
        if (fname, text) not in self.reader:
            return Matches.empty()
        docs = np.fromiter(self.reader.postings(fname, text).all_ids(), dtype=np.int64)
        docs = unique_sorted(np.sort(docs[self.store.live[docs]] if len(docs) else docs))
        return Matches(docs, np.zeros(len(docs)))

    def _dates(self, q: Any) -> Matches:
        published = self.store.published
        keep = self.store.live & (published > 0)
        if q.startdate is not None:
            keep &= published >= q.startdate.toordinal()
        if q.enddate is not None:
            keep &= published <= q.enddate.toordinal()
        docs = np.flatnonzero(keep).astype(np.int64)
        return Matches(docs, np.zeros(len(docs)))


def _text_key(q: Any) -> tuple[Any, ...] | None:
    """What makes text-field nodes the same search in different fields (None: not text)."""
    from whoosh import query

    if getattr(q, "fieldname", None) not in schema.TEXT_FIELDS:
        return None
    if isinstance(q, query.Phrase):
        return ("phrase", tuple(q.words), q.slop, q.boost)
    if isinstance(q, query.FuzzyTerm):
        return ("fuzzy", q.text, q.maxdist, q.prefixlength, q.boost)
    if isinstance(q, query.TermRange):
        return ("range", q.start, q.end, q.startexcl, q.endexcl, q.boost)
    if isinstance(q, query.Term | query.Prefix | query.Wildcard):
        return (type(q).__name__, q.text, q.boost)
    return None


def fuzzy_terms(fp: FieldPostings, text: str, maxdist: int, prefix: int) -> list[int]:
    """Ids of the terms within ``maxdist`` edits of ``text`` sharing its first ``prefix``
    characters (Whoosh's Levenshtein automaton over the sorted term list)."""
    from whoosh.automata.fsa import find_all_matches
    from whoosh.automata.lev import levenshtein_automaton
    from whoosh.spelling import ListCorrector

    dfa = levenshtein_automaton(text, maxdist, prefix).to_dfa()
    found = find_all_matches(dfa, ListCorrector.Skipper(fp.terms)) if fp.terms else []
    return [i for i in (fp.find(w) for w in found) if i is not None]


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


class TermCorrector:
    """Spelling suggestions from a text field's own terms, the most frequent first (for
    Whoosh's `correct_query`)."""

    def __init__(self, fp: FieldPostings) -> None:
        self.fp = fp

    def suggest(self, text: str, limit: int = 5, maxdist: int = 2, prefix: int = 0) -> list[str]:
        for dist in range(1, maxdist + 1):
            ids = [i for i in fuzzy_terms(self.fp, text, dist, prefix) if self.fp.terms[i] != text]
            if ids:
                ids.sort(key=lambda i: (-int(self.fp.df[i]), self.fp.terms[i]))
                return [self.fp.terms[i] for i in ids[:limit]]
        return []
