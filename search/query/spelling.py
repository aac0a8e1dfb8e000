"""Close spellings: the words a fuzzy query word stands for (`shoigu~`), and "did you mean".

Distances are optimal string alignment distances (insertions, deletions, substitutions, and
transpositions of neighbouring letters, each one edit), computed for every candidate term at
once with numpy. Index terms are stems, and a misspelt word's stem can be far from its right
word's (`secuirty` stems to `secuirti`, `security` to `secur`), so suggestions also measure
how close a term is to the typed word with a suffix cut off, as the stemmer would have; the
words those terms stand for, as the articles write them, are then judged whole (`choose`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from search.analysis import analyse, fold
from search.store.postings import FieldPostings, Ints

MAX_SUFFIX = 4  # letters the stemmer may take off a word (-ation, -ies, -ing, ...)


def _rows(word: str, candidates: list[str]) -> Any:
    """Yield, after each letter of ``word``, the distance from that prefix of ``word`` to
    each whole candidate (one dynamic-programming table per candidate, a row at a time)."""
    n, width = len(candidates), max(len(c) for c in candidates)
    padded = "".join(c.ljust(width, "\0") for c in candidates).encode("utf-32-le")
    chars = np.frombuffer(padded, dtype=np.uint32).reshape(n, width)
    ends = (np.arange(n), np.array([len(c) for c in candidates], dtype=np.int64))
    before = np.zeros((n, width + 1), dtype=np.int64)  # row i - 2
    prev = np.tile(np.arange(width + 1, dtype=np.int64), (n, 1))  # row i - 1
    yield prev[ends]
    for i, ch in enumerate(word, start=1):
        cur = np.empty_like(prev)
        cur[:, 0] = i
        differs = chars != ord(ch)
        for j in range(1, width + 1):
            best = np.minimum(prev[:, j] + 1, cur[:, j - 1] + 1)
            best = np.minimum(best, prev[:, j - 1] + differs[:, j - 1])
            if i > 1 and j > 1:
                swapped = (chars[:, j - 2] == ord(ch)) & (chars[:, j - 1] == ord(word[i - 2]))
                best = np.where(swapped, np.minimum(best, before[:, j - 2] + 1), best)
            cur[:, j] = best
        before, prev = prev, cur
        yield prev[ends]


def edit_distances(word: str, candidates: list[str]) -> Ints:
    """The distance from ``word`` to each candidate."""
    *_, last = _rows(word, candidates)
    distances: Ints = last
    return distances


def stem_distances(word: str, candidates: list[str]) -> Ints:
    """The distance from each candidate to ``word`` without its last 0 to MAX_SUFFIX letters,
    whichever is closest."""
    rows = list(_rows(word, candidates))
    distances: Ints = np.min(rows[max(1, len(word) - MAX_SUFFIX) :], axis=0)
    return distances


def near_terms(fp: FieldPostings, text: str, maxdist: int, prefix: int) -> list[tuple[int, int]]:
    """(term id, distance) of the terms within ``maxdist`` edits of ``text`` that start with
    its first ``prefix`` characters."""
    span = fp.range_of(text[:prefix], text[:prefix] + "\uffff") if prefix else range(len(fp.terms))
    ids = [i for i in span if abs(len(fp.terms[i]) - len(text)) <= maxdist]
    if not ids:
        return []
    distances = edit_distances(text, [fp.terms[i] for i in ids]).tolist()
    return [(i, d) for i, d in zip(ids, distances, strict=True) if d <= maxdist]


def _sized(fp: FieldPostings, first: str, low: int, high: int) -> list[int]:
    """Ids of the terms starting with ``first`` that are ``low`` to ``high`` letters long,
    told by their stored byte lengths first (a term's UTF-8 bytes are at least its letters and
    at most four times them), so that only those near the size are decoded."""
    span = fp.range_of(first, first + "\uffff")
    if not len(span):
        return []
    offsets = getattr(fp.terms, "offsets", None)
    if offsets is None:
        return [i for i in span if low <= len(fp.terms[i]) <= high]
    sizes = np.diff(np.asarray(offsets[span.start : span.stop + 1]))
    near = np.flatnonzero((sizes >= low) & (sizes <= 4 * high)) + span.start
    return [int(i) for i in near if low <= len(fp.terms[int(i)]) <= high]


def max_edits(word: str) -> int:
    """Edits a misspelling of ``word`` may have: 1 up to four letters, else 2."""
    return 1 if len(word) <= 4 else 2


def candidates(fp: FieldPostings, word: str, limit: int = 12) -> list[tuple[str, int]]:
    """(term, document frequency) of up to ``limit`` index terms a misspelt ``word`` may mean,
    closest first (from its stem, or from the word less a suffix), then most frequent. The
    first letter is taken as typed, as mistakes seldom start a word. Terms are stems: `choose`
    judges the words they stand for as written."""
    word = fold(word)
    stems = analyse(word)
    if len(stems) != 1 or not word:
        return []
    stem = stems[0]
    maxdist = max_edits(word)
    low, high = min(len(stem), len(word) - MAX_SUFFIX) - maxdist, len(word) + maxdist
    ids = [i for i in _sized(fp, word[0], low, high) if fp.terms[i] != stem]
    if not ids:
        return []
    found = [fp.terms[i] for i in ids]
    distances = np.minimum(edit_distances(stem, found), stem_distances(word, found)).tolist()
    ranked = sorted(
        (d, -int(fp.df[i]), fp.terms[i])
        for i, d in zip(ids, distances, strict=True)
        if d <= maxdist
    )
    return [(term, -minus_df) for _, minus_df, term in ranked[:limit]]


def close(typed: str, words: list[str]) -> set[str]:
    """Those of ``words`` within `max_edits` of ``typed`` (and not the same)."""
    a = fold(typed)
    near = [w for w in words if abs(len(a) - len(fold(w))) <= max_edits(a)]
    if not near:
        return set()
    distances = edit_distances(a, [fold(w) for w in near]).tolist()
    return {w for w, d in zip(near, distances, strict=True) if 0 < d <= max_edits(a)}


@dataclass(frozen=True)
class Option:
    """A word as the articles write it that a misspelt word may mean."""

    word: str
    df: int  # articles with its term
    together: bool | None = None  # in an article with the query's other words (None: no others)


def choose(typed: str, options: Sequence[Option]) -> Option | None:
    """The word ``typed`` most likely meant: fewest edits from the whole word as written
    (transpositions are one edit; a word's start alone is never close: `Blu` is 4 edits from
    `blunket`), a word that never stands with the query's other words counting one edit
    further, then the most frequent."""
    if not options:
        return None
    folded = fold(typed)
    distances = edit_distances(folded, [fold(o.word) for o in options]).tolist()
    ranked = [
        (d + (o.together is False), -o.df, o.word, o)
        for d, o in zip(distances, options, strict=True)
        if 0 < d <= max_edits(folded)
    ]
    return min(ranked, key=lambda r: r[:3])[3] if ranked else None
