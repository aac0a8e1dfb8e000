"""Canonical organisation names: articles and possessives stripped, acronyms joined to names."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

_LEADING_THE = re.compile(r"^the\s+", re.I)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_ACRONYM = re.compile(r"^[A-Z][A-Z&.]{1,7}$")
_MINOR_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "de", "du", "la", "&"})


def clean_mention(text: str) -> str | None:
    """An ORG span as a name, or None when it is no usable name."""
    text = " ".join(text.replace("\n", " ").split()).strip(' ,;:-–—"“”()[]')
    text = _LEADING_THE.sub("", _POSSESSIVE.sub("", text)).strip(" ,.")
    if len(text) < 2 or not any(c.isalpha() for c in text) or text[:1].islower():
        return None
    return text


def initials(name: str) -> str:
    """Upper-case initials of a name's significant words: `Russian News Agency` → `RNA`."""
    return "".join(w[0] for w in name.split() if w.lower() not in _MINOR_WORDS and w[:1].isalpha())


def canonicalise(mentions: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Canonical organisation → its mentions, for one article (`RIAC` joins its full name)."""
    surface: dict[str, Counter[str]] = defaultdict(Counter)
    raws: dict[str, list[str]] = defaultdict(list)
    for raw in mentions:
        name = clean_mention(raw)
        if name is None:
            continue
        surface[name.lower()][name] += 1
        raws[name.lower()].append(raw)
    full_by_initials: dict[str, list[str]] = defaultdict(list)
    for key, forms in surface.items():
        name = forms.most_common(1)[0][0]
        if len(name.split()) >= 2:
            full_by_initials[initials(name).upper()].append(key)
    result: dict[str, list[str]] = defaultdict(list)
    for key, forms in surface.items():
        name = forms.most_common(1)[0][0]
        target = key
        if _ACRONYM.match(name):
            fulls = full_by_initials.get(name.replace(".", ""), [])
            if len(fulls) == 1:
                target = fulls[0]
        display = surface[target].most_common(1)[0][0]
        result[display].extend(raws[key])
    return {name: tuple(dict.fromkeys(r)) for name, r in result.items()}
