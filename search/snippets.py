"""Snippets: the passages of an article where the query's words stand, with highlight offsets.

Whoosh's highlighter re-analyses the whole stored body for every hit; here a regular
expression finds candidate words by the query terms' stems (in C), only those candidates are
stemmed to confirm them, and the window with the most distinct terms wins.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable
from functools import cache

from search.models import Snippet

SNIPPET_CHARS = 200
MAX_SCAN_CHARS = 100_000
_SPACES = re.compile(r"\s+")  # very long bodies: snippets come from their first part


@cache
def _stem(word: str) -> str:
    from whoosh.lang.porter import stem

    return str(stem(word))


@cache
def _finder(terms: tuple[str, ...]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})\w*", re.IGNORECASE)


def _matches(text: str, terms: frozenset[str]) -> list[tuple[int, int, str]]:
    found = []
    for m in _finder(tuple(sorted(terms))).finditer(text, 0, MAX_SCAN_CHARS):
        word = m.group(0).lower()
        term = word if word in terms else _stem(word)
        if term in terms:
            found.append((m.start(), m.end(), term))
    return found


def _shorten(text: str, limit: int = SNIPPET_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def make_snippets(text: str, terms: Iterable[str], *, count: int = 2) -> tuple[Snippet, ...]:
    """Up to ``count`` non-overlapping passages of ``text`` richest in the query ``terms``
    (index terms: lower-case stems); the opening of the text when none occurs."""
    wanted = frozenset(t for t in terms if t)
    matches = _matches(text, wanted) if wanted and count else []
    if not matches:
        return (Snippet(_shorten(text)),) if text.strip() and count else ()
    windows = []
    ends = [m[1] for m in matches]
    for i, (start, _, _) in enumerate(matches):
        inside = matches[i : bisect.bisect_right(ends, start + SNIPPET_CHARS, i)]
        windows.append((len({m[2] for m in inside}), len(inside), -start, i, inside))
    windows.sort(reverse=True)
    chosen: list[tuple[int, list[tuple[int, int, str]]]] = []
    for _, _, _, _, inside in windows:
        begin = inside[0][0]
        if all(abs(begin - other) >= SNIPPET_CHARS for other, _ in chosen):
            chosen.append((begin, inside))
        if len(chosen) == count:
            break
    return tuple(_window(text, begin, inside) for begin, inside in sorted(chosen))


def _window(text: str, begin: int, inside: list[tuple[int, int, str]]) -> Snippet:
    lead = max(0, begin - 60)
    space = text.rfind(" ", 0, lead) if lead else -1
    start = space + 1 if space >= 0 and lead - space < 20 else lead
    end = min(len(text), start + SNIPPET_CHARS)
    cut = text.rfind(" ", start, end) if end < len(text) else end
    end = cut if cut > inside[-1][1] else end
    raw = text[start:end]
    # collapse whitespace runs to one space, mapping highlight offsets through the collapse
    runs = [(m.start(), m.end()) for m in _SPACES.finditer(raw)]
    run_ends = [e for _, e in runs]
    removed = list(itertools.accumulate((e - s - 1 for s, e in runs), initial=0))

    def collapsed(i: int) -> int:  # offset of raw[i] (not a space) in the collapsed text
        return i - removed[bisect.bisect_right(run_ends, i)]

    highlights = [
        (collapsed(s - start), collapsed(e - start - 1) + 1)
        for s, e, _ in inside
        if 0 <= s - start and e - start <= len(raw)
    ]
    out = _SPACES.sub(" ", raw)
    prefix = "" if start == 0 else "… "
    suffix = "" if end >= len(text) else " …"
    shift = len(prefix)
    return Snippet(
        prefix + out + suffix,
        tuple((s + shift, e + shift) for s, e in highlights),
    )
