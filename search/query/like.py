"""More like this: an article's most distinctive words, as a query tree.

A word's weight is its frequency in the article (title and body) times its rarity in the
index (log(1 + N / df)); words in one article only (df 1) say nothing about other articles
and are left out. The tree is an OR of the top words, so BM25F ranks the articles sharing
most of them, rarest first."""

from __future__ import annotations

import math
from collections import Counter

from search import analysis
from search.query import tree as qt
from search.store.postings import FIELDS, TextStore

KEY_TERMS = 25


def key_terms(text: TextStore, title: str, body: str, count: int = KEY_TERMS) -> list[str]:
    """The article's most distinctive index terms, best first (ties in term order)."""
    counts = Counter(analysis.analyse(body)) + Counter(analysis.analyse(title))
    fp, n = text.fields["body"], max(1, text.live_count)

    def weight(word: str) -> float:
        i = fp.find(word)
        df = int(fp.df[i]) if i is not None else 1
        return counts[word] * math.log(1 + n / df) if df > 1 else 0.0

    ranked = sorted(counts, key=lambda w: (-weight(w), w))
    return [w for w in ranked[:count] if weight(w) > 0]


def like_tree(words: list[str]) -> qt.Node:
    """Any of ``words`` in the title or body (Nothing when there are none)."""
    if not words:
        return qt.Nothing()
    return qt.Or(tuple(qt.Words(qt.TERM, (w,), FIELDS) for w in words))
