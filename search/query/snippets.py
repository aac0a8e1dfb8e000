"""Snippets: the passages of an article where the query's words stand, with highlight offsets.

Whoosh's highlighter re-analyses the whole stored body for every hit; here a regular
expression over the folded text (`analysis.fold`: `Müller` is found for `muller`) finds the
words that start like a query term's stem (in C), only those are stemmed to confirm them. A
quoted phrase is highlighted as one span, only where its words stand at their places (the
`Mass` of "Christmas Midnight Mass" is no hit of "weapons of mass destruction"), and counts as
all of its words when passages are compared: the passage holding the phrase, or the most
distinct query words, wins. Passages begin and end at word boundaries.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence
from functools import cache

from search import analysis
from search.models import Snippet

SNIPPET_CHARS = 200
MAX_SCAN_CHARS = 100_000  # very long bodies: snippets come from their first part
LEAD_CHARS = 60  # context shown before the first hit of a passage
_SPACES = re.compile(r"\s+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")

Phrase = tuple[tuple[str, ...], tuple[int, ...]]  # terms and their offsets (query.tree.Words)
Key = str | Phrase  # what a highlight stands for: a term, or a whole phrase
Match = tuple[int, int, Key]  # start, end, key


class _Folded:
    """``text`` folded as the index folds it, and the way back to offsets in ``text``."""

    def __init__(self, text: str) -> None:
        self.text = text.lower() if text.isascii() else ""
        self._folded: list[int] = []  # where a non-ASCII run starts, in the folded text
        self._original: list[int] = []  # ... and in the original
        self._sizes: list[tuple[int, int]] = []  # its length folded and as written
        self.shifted = False  # whether offsets differ from the original's at all
        if self.text:
            return
        self.shifted = True
        parts, at, shift = [], 0, 0
        for run in _NON_ASCII.finditer(text):
            parts.append(text[at : run.start()].lower())
            folded = analysis.fold(run.group())
            if len(folded) != len(run.group()):  # char by char, so that offsets stay exact
                folded = "".join(analysis.fold(ch) for ch in run.group())
            self._folded.append(run.start() + shift)
            self._original.append(run.start())
            self._sizes.append((len(folded), len(run.group())))
            parts.append(folded)
            shift += len(folded) - len(run.group())
            at = run.end()
        parts.append(text[at:].lower())
        self.text = "".join(parts)

    def original(self, offset: int, *, end: bool = False) -> int:
        """The offset in the original text of folded ``offset`` (a start, or an end)."""
        i = bisect.bisect_right(self._folded, offset) - 1
        if i < 0:
            return offset
        folded_size, size = self._sizes[i]
        inside = offset - self._folded[i]
        if inside < folded_size:
            if folded_size == size:
                return self._original[i] + inside
            return self._original[i] + (size if end else 0)
        return self._original[i] + size + (inside - folded_size)


@cache
def _finder(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    words = sorted(
        {analysis.stem_prefix(t) for t in terms if not analysis.is_cjk(t)}, key=len, reverse=True
    )
    if not words:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(w) for w in words)})[\w.]*")


def _candidates(folded: str, terms: frozenset[str]) -> list[Match]:
    """Every word of ``folded`` indexed as one of ``terms``, in order."""
    found: list[Match] = []
    finder = _finder(tuple(sorted(terms)))
    if finder is not None:
        for m in finder.finditer(folded):
            word = m.group(0).rstrip(".")
            term = word if word in terms else analysis.stem(word)
            if term in terms:
                found.append((m.start(), m.start() + len(word), term))
    for term in terms:  # character bigrams: they overlap, so each is looked for on its own
        if analysis.is_cjk(term):
            at = folded.find(term)
            while at >= 0:
                found.append((at, at + len(term), term))
                at = folded.find(term, at + 1)
    found.sort(key=lambda m: (m[0], m[1]))
    return found


def _distance(folded: str, a: Match, b: Match) -> int:
    """Positions from match ``a`` to a later match ``b`` (1: the next token)."""
    if b[0] < a[1] or (
        analysis.is_cjk(str(a[2])) and analysis.is_cjk(str(b[2])) and b[0] - a[0] <= 2
    ):
        return b[0] - a[0]  # bigrams of one run of characters
    between = folded[a[1] : b[0]]
    return sum(1 for _ in analysis.tokens(between)) + 1


def _phrase_hits(folded: str, found: list[Match], phrases: Sequence[Phrase]) -> list[Match]:
    """Where each phrase stands whole: one match from its first word to its last."""
    out: list[Match] = []
    for phrase in phrases:
        words, offsets = phrase
        starts = [k for k, m in enumerate(found) if m[2] == words[0]]
        for k in starts:
            chain = [found[k]]
            for w in range(1, len(words)):
                gap = offsets[w] - offsets[w - 1]
                nxt = next(
                    (
                        m
                        for m in found[k + 1 :]
                        if m[0] >= chain[-1][0] and m[2] == words[w] and m is not chain[-1]
                    ),
                    None,
                )
                if nxt is None or _distance(folded, chain[-1], nxt) != gap:
                    break
                chain.append(nxt)
            if len(chain) == len(words):
                out.append((chain[0][0], chain[-1][1], phrase))
    return out


def _value(inside: list[Match]) -> int:
    """What a passage holds: its distinct terms, each phrase counting as all of its words."""
    keys = {m[2] for m in inside}
    return sum(len(k[0]) if isinstance(k, tuple) else 1 for k in keys)


def make_snippets(
    text: str,
    terms: Iterable[str],
    *,
    count: int = 2,
    phrases: Sequence[Phrase] = (),
) -> tuple[Snippet, ...]:
    """Up to ``count`` non-overlapping passages of ``text`` richest in the query's ``terms``
    (index terms: folded stems) and ``phrases``; the opening of the text when none occurs."""
    singles = frozenset(t for t in terms if t)
    wanted = singles | {w for words, _ in phrases for w in words}
    matches: list[Match] = []
    if wanted and count:
        folded = _Folded(text[:MAX_SCAN_CHARS])
        found = _candidates(folded.text, wanted)
        spans = _phrase_hits(folded.text, found, phrases) if phrases else []
        words = [m for m in found if m[2] in singles and not _within(m, spans)]
        ordered = sorted(words + spans, key=lambda m: (m[0], -m[1])) if spans else words
        matches = (
            [(folded.original(s), folded.original(e, end=True), key) for s, e, key in ordered]
            if folded.shifted
            else ordered
        )
    if not matches:
        return (Snippet(_shorten(text)),) if text.strip() and count else ()
    windows = []
    ends = [m[1] for m in matches]
    in_order = all(a <= b for a, b in zip(ends, ends[1:], strict=False))  # no phrase overlaps
    for i, (start, _, _) in enumerate(matches):
        if in_order:
            inside = matches[i : max(i + 1, bisect.bisect_right(ends, start + SNIPPET_CHARS, i))]
        else:
            inside = [matches[i]]
            for m in itertools.islice(matches, i + 1, None):
                if m[0] > start + SNIPPET_CHARS:
                    break
                if m[1] <= start + SNIPPET_CHARS:
                    inside.append(m)
        windows.append((_value(inside), len(inside), -start, i, inside))
    windows.sort(key=lambda w: w[:4], reverse=True)
    chosen: list[tuple[int, list[Match]]] = []
    for _, _, _, _, inside in windows:
        begin = inside[0][0]
        if all(abs(begin - other) >= SNIPPET_CHARS for other, _ in chosen):
            chosen.append((begin, inside))
        if len(chosen) == count:
            break
    return tuple(_window(text, begin, inside, matches) for begin, inside in sorted(chosen))


def _within(m: Match, spans: list[Match]) -> bool:
    return any(s <= m[0] and m[1] <= e for s, e, _ in spans)


def _shorten(text: str, limit: int = SNIPPET_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _word_start(text: str, at: int, floor: int) -> int:
    """The start of the word at ``at``, not before ``floor``."""
    while at > floor and not text[at - 1].isspace():
        at -= 1
    return at


def _window(text: str, begin: int, inside: list[Match], matches: list[Match]) -> Snippet:
    """The passage from a little before ``begin`` to past the last of ``inside``, cut at word
    boundaries, with every one of ``matches`` it shows highlighted."""
    start = _word_start(text, max(0, begin - LEAD_CHARS), max(0, begin - LEAD_CHARS - 30))
    if start > 0 and not text[start - 1].isspace():  # inside one long word: start at the hit
        start = begin
    last = max(m[1] for m in inside)
    end = min(len(text), max(start + SNIPPET_CHARS, last))
    if 0 < end < len(text) and not text[end].isspace() and not text[end - 1].isspace():
        cut = _word_start(text, end, last)  # mid-word: back to the start of that word
        if cut > last:
            end = cut
        else:  # no space since the last hit: on to the end of its word, within reach
            while end < len(text) and end - last < 30 and not text[end].isspace():
                end += 1
    raw = text[start:end].rstrip()
    end = start + len(raw)
    # collapse whitespace runs to one space, mapping highlight offsets through the collapse
    runs = [(m.start(), m.end()) for m in _SPACES.finditer(raw)]
    run_ends = [e for _, e in runs]
    removed = list(itertools.accumulate((e - s - 1 for s, e in runs), initial=0))

    def collapsed(i: int) -> int:  # offset of raw[i] (not a space) in the collapsed text
        return i - removed[bisect.bisect_right(run_ends, i)]

    starts = [m[0] for m in matches]  # in order: the slice the passage shows
    shown = matches[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
    highlights = [
        (collapsed(s - start), collapsed(e - start - 1) + 1)
        for s, e, _ in shown
        if e - start <= len(raw)
    ]
    out = _SPACES.sub(" ", raw)
    prefix = "" if start == 0 else "… "
    suffix = "" if end >= len(text) else " …"
    shift = len(prefix)
    return Snippet(
        prefix + out + suffix,
        tuple((s + shift, e + shift) for s, e in highlights),
    )
