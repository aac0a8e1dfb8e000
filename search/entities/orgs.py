"""Canonical organisation names: articles and possessives stripped, acronyms joined to names."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import cache

from search.entities import vocabulary

_LEADING_THE = re.compile(r"^the\s+", re.I)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_ACRONYM = re.compile(r"^[A-Z][A-Z&.]{1,7}$")
_MINOR_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "de", "du", "la", "&"})


@cache
def not_org_names() -> frozenset[str]:
    """Names tagged as organisations that name none (`data/not_org_names.txt`)."""
    return vocabulary.words("not_org_names.txt")


def clean_mention(text: str) -> str | None:
    """An ORG span as a name, or None when it is no usable name: none of the names above,
    and no country or region (`Wales`, tagged for its side)."""
    from search.entities import countries

    text = " ".join(text.replace("\n", " ").split()).strip(' ,;:-–—"“”()[]')
    text = _LEADING_THE.sub("", _POSSESSIVE.sub("", text)).strip(" ,.")
    if len(text) < 2 or not any(c.isalpha() for c in text) or text[:1].islower():
        return None
    if text.lower() in not_org_names():
        return None
    place = countries.place(text)
    if place is not None and place.kind in ("country", "region"):
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


# Words a company or party name may end with or go without (`Labour Party` / `Labour`,
# `Apple Inc` / `Apple`): one organisation either way.
GENERIC_ENDINGS = frozenset("party inc inc. corp corp. corporation co co. ltd ltd. plc llc".split())


@cache
def known_acronyms() -> dict[str, str]:
    """Acronym (upper case) → full name (lower case), `data/org_acronyms.tsv`."""
    rows = vocabulary.rows("org_acronyms.tsv")
    return {acronym.upper(): name.strip().lower() for acronym, name in rows}


def _without_ending(name: str) -> str | None:
    words = name.split()
    if len(words) >= 2 and words[-1].lower() in GENERIC_ENDINGS:
        return " ".join(words[:-1])
    return None


def join_bases(name: str) -> tuple[str, ...]:
    """What `resolve_org_counts` may join a name by: the name in lower case without its
    generic endings, and for a known acronym its expansion so (every join it makes links two
    names sharing one of these)."""
    out = [_stripped(name)]
    full = known_acronyms().get(name.replace(".", "").upper()) if _ACRONYM.match(name) else None
    if full is not None:
        out.append(_stripped(full))
    return tuple(dict.fromkeys(out))


def _stripped(name: str) -> str:
    while (short := _without_ending(name)) is not None:
        name = short
    return name.lower()


def resolve_org_counts(counts: Mapping[str, int]) -> dict[str, str]:
    """Across a corpus (``counts``: articles naming each organisation): the names of one
    organisation → the one most used. A well-known acronym joins its full name (`EU` /
    `European Union`, `known_acronyms`; initials alone are no evidence across articles:
    `IRA` also spells `IRB Rugby Aid`); a name with a generic ending joins the name without
    it (`Labour Party` / `Labour`)."""
    lowered = {name.lower(): name for name in counts}
    known = known_acronyms()
    parent: dict[str, str] = {}

    def root(name: str) -> str:
        while parent.get(name, name) != name:
            name = parent[name]
        return name

    def join(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[ra] = rb

    for name in counts:
        full = known.get(name.replace(".", "").upper()) if _ACRONYM.match(name) else None
        if full is not None and full in lowered:
            join(name, lowered[full])
        short = _without_ending(name)
        if short is not None and short.lower() in lowered:
            join(name, lowered[short.lower()])
    groups: dict[str, list[str]] = defaultdict(list)
    for name in counts:
        groups[root(name)].append(name)
    mapping: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        shown = max(members, key=lambda m: (counts[m], m))
        mapping.update({m: shown for m in members if m != shown})
    return mapping
