"""The text analyser: how titles, bodies and queries become index terms.

One pass of small steps, each a function here, applied alike to what is indexed and to what
is searched:

1. fold: lower case (Unicode case folding: `Straße` → `strasse`), compatibility forms
   (ligatures, full-width letters) and accents off (`Müller` → `muller`, `café` → `cafe`);
   articles keep their text as written, only the index terms are folded;
2. tokens: runs of word characters, dots inside kept (`u.s`, `3.5`); runs of Chinese, Japanese
   and Korean characters, written without spaces between words, become overlapping character
   bigrams (`商標法` → `商標`, `標法`), so any word of two or more characters can be searched;
3. every token takes a position, stop words and one-letter tokens included, so that phrases
   match what a reader sees: `"weapons of mass destruction"` needs exactly one word between
   `weapons` and `mass`;
4. stop words and one-letter tokens (single digits excepted: `9/11`) are not indexed, but
   `be` is: `being` stems to it, so that `"being held"` finds `will be held`;
5. the other words are stemmed with the Snowball English stemmer (Porter2, PyStemmer's C
   implementation: `running` → `run`, `operating` and `operation` → `oper`); a word whose
   stem would be a stop word that is not indexed keeps its own spelling (`its`, `willing`),
   so that every word of a phrase is a term at its place.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache

VERSION = 2  # 1: Whoosh's StemmingAnalyzer (Porter, positions renumbered); 2: this module

# Whoosh's STOP_WORDS (whoosh.analysis): the words an index of version 1 left out.
STOP_WORDS = frozenset(
    "a an and are as at be by can for from have if in is it may not of on or tbd that the this "
    "to us we when will with yet you your".split()
)

INDEXED_STOP_WORDS = frozenset({"be"})  # the stem of `being`: indexed, for phrases
_UNINDEXED = STOP_WORDS - INDEXED_STOP_WORDS

_TOKEN = re.compile(r"\w+(?:\.\w+)*", re.UNICODE)
# Han, Hiragana, Katakana (full and half width), Hangul syllables and jamo
_CJK_CHARS = (
    "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f"
)
_CJK = re.compile(f"[{_CJK_CHARS}]+")
_MARKS = re.compile("[\u0300-\u036f]+")  # combining accents of Latin, Greek and Cyrillic


def fold(text: str) -> str:
    """``text`` as index terms spell it: case-folded, compatibility forms and accents off."""
    text = text.casefold()
    if text.isascii():
        return text
    decomposed = _MARKS.sub("", unicodedata.normalize("NFKD", text))
    return unicodedata.normalize("NFC", decomposed)


def tokens(text: str) -> Iterator[str]:
    """The tokens of folded ``text`` in order, one per position."""
    if text.isascii():
        for match in _TOKEN.finditer(text):
            yield match.group()
        return
    for match in _TOKEN.finditer(text):
        token = match.group()
        if not _CJK.search(token):
            yield token
            continue
        at = 0
        for run in _CJK.finditer(token):
            if run.start() > at:
                yield token[at : run.start()]
            chars = run.group()
            if len(chars) == 1:
                yield chars
            else:
                yield from (chars[i : i + 2] for i in range(len(chars) - 1))
            at = run.end()
        if at < len(token):
            yield token[at:]


def indexed(token: str) -> bool:
    """Whether a token is indexed (it keeps its position either way)."""
    if token in _UNINDEXED:
        return False
    return len(token) >= 2 or token.isdigit() or is_cjk(token)


def is_cjk(token: str) -> bool:
    """Whether ``token`` is Chinese, Japanese or Korean characters (a bigram, or one)."""
    return bool(_CJK.match(token))


@cache
def _stemmer() -> object:
    import Stemmer  # PyStemmer

    return Stemmer.Stemmer("english", 0)  # its own cache off: _STEMS is faster


_STEMS: dict[str, str] = {}  # word -> stem: a dict lookup is faster than the stemmer's cache


def stem(word: str) -> str:
    """The Snowball English stem of a folded token."""
    found = _STEMS.get(word)
    if found is None:
        if len(_STEMS) > 200_000:
            _STEMS.clear()
        found = _stemmer().stemWord(word)  # type: ignore[attr-defined]
        if found in _UNINDEXED:  # `its` → `it`, `willing` → `will`: kept as written
            found = word
        _STEMS[word] = found
    return found


def _indexed_tokens(text: str) -> tuple[list[str], list[int]]:
    """The indexed tokens of ``text`` (folded here) and their positions."""
    folded = fold(text)
    words: list[str] = []
    positions: list[int] = []
    if folded.isascii() or not _CJK.search(folded):
        for position, token in enumerate(_TOKEN.findall(folded)):
            if token not in _UNINDEXED and (len(token) > 1 or token.isdigit()):
                words.append(token)
                positions.append(position)
        return words, positions
    for position, token in enumerate(tokens(folded)):
        if indexed(token):
            words.append(token)
            positions.append(position)
    return words, positions


def _stems(words: list[str]) -> list[str]:
    get = _STEMS.get
    out = [get(w) for w in words]
    return [t if t is not None else stem(w) for t, w in zip(out, words, strict=True)]


def analyse(text: str) -> list[str]:
    """The index terms of ``text`` in order."""
    return _stems(_indexed_tokens(text)[0])


def analyse_positions(text: str) -> tuple[list[str], list[int]]:
    """The index terms of ``text`` and the position of each."""
    words, positions = _indexed_tokens(text)
    return _stems(words), positions


def phrase_terms(text: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The terms a quoted phrase searches and their offsets from the first (a gap where a
    word is not indexed: `weapons of mass` → (0, 2))."""
    terms, positions = analyse_positions(text)
    if not terms:
        return (), ()
    return tuple(terms), tuple(p - positions[0] for p in positions)


def surface_forms(text: str, term: str) -> list[str]:
    """The distinct words of ``text`` (folded) indexed as ``term``, in order of appearance."""
    if is_cjk(term):
        return [term] if term in fold(text) else []
    pattern = re.compile(rf"(?<!\w){re.escape(stem_prefix(term))}\w*(?:\.\w+)*")
    words = dict.fromkeys(pattern.findall(fold(text)))
    return [w for w in words if indexed(w) and stem(w) == term]


def stem_prefix(term: str) -> str:
    """What every word indexed as ``term`` starts with: the stem, less a last `i` (`citi` for
    city) or `e` (`hope` for hoping)."""
    return term[:-1] if len(term) > 3 and term[-1] in "ie" else term


# Endings a stem takes back (`spellings`): enough for the words a stem most often stands for.
ENDINGS = (
    "s es e ed ing y ies ied er ers ion ions al ally ly ment ments ness ity ities ation "
    "ations ive ous ful ism ist ists ize ized ise ised"
).split()


def respellings(term: str) -> list[str]:
    """Words that may be indexed as the stem ``term``, not yet checked (cheap: no stemming):
    the stem with one of ENDINGS, `i` read as `y` (`citi` → `city`), a final consonant doubled
    (`run` → `running`), a final `e` dropped (`hope` → `hoping`)."""
    bases = [term]
    if term.endswith("i"):
        bases.append(term[:-1] + "y")
    if term.endswith("e"):
        bases.append(term[:-1])
    if len(term) > 2 and term[-1] not in "aeiouwxy":
        bases.append(term + term[-1])
    words = dict.fromkeys(base + ending for base in bases for ending in ("", *ENDINGS))
    return [w for w in words if w != term]


def is_spelling(word: str, term: str) -> bool:
    """Whether ``word`` is indexed as ``term``."""
    return indexed(word) and stem(word) == term


def spellings(term: str) -> list[str]:
    """Words that are indexed as the stem ``term`` (`respellings` checked). Made up, not
    read: whether an article writes one is another matter."""
    return [w for w in respellings(term) if is_spelling(w, term)]
