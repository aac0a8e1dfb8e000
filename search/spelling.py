"""Close spellings: the words a fuzzy query word stands for (`shoigu~`), and "did you mean".

Distances are optimal string alignment distances (insertions, deletions, substitutions, and
transpositions of neighbouring letters, each one edit), computed for every candidate term at
once with numpy. Index terms are stems, and a misspelt word's stem can be far from its right
word's (`secuirty` stems to `secuirti`, `security` to `secur`), so suggestions also measure
how close a term is to the typed word with a suffix cut off, as the stemmer would have.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from search.analysis import analyse
from search.postings import FieldPostings, Ints

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


def suggest(fp: FieldPostings, word: str, maxdist: int = 2) -> str | None:
    """The index term a misspelt ``word`` most likely meant: fewest edits (from its stem, or
    from the word less a suffix), then most frequent. The first letter is taken as typed, as
    mistakes seldom start a word; words of four letters or fewer get one edit."""
    word = word.lower()
    stems = analyse(word)
    if len(stems) != 1 or not word:
        return None
    stem = stems[0]
    maxdist = min(maxdist, 1 if len(word) <= 4 else maxdist)
    low, high = min(len(stem), len(word) - MAX_SUFFIX) - maxdist, len(word) + maxdist
    ids = [i for i in fp.range_of(word[0], word[0] + "\uffff") if low <= len(fp.terms[i]) <= high]
    ids = [i for i in ids if fp.terms[i] != stem]
    if not ids:
        return None
    candidates = [fp.terms[i] for i in ids]
    distances = np.minimum(edit_distances(stem, candidates), stem_distances(word, candidates))
    best = [
        (d, -int(fp.df[i]), fp.terms[i])
        for i, d in zip(ids, distances.tolist(), strict=True)
        if d <= maxdist
    ]
    return min(best)[2] if best else None
