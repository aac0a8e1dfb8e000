"""Which place names mean a country: a match needs support.

A country's name or alias, a state or county that news names like a place, a wire dateline,
and a city of a million people stand on their own. A smaller city is a country only when the
article corroborates it (the country named, its people named, another place in it, or the
place followed by its state or country: `Portland, Oregon`), and never when the name is part
of a person's name in the same article (`Lindsay Davenport`, `Victoria Beckham`, `William
Hague`) or is tagged a person or an organisation more often than a place across the batch
(`Batman`): `Newcastle` alone is the football club, not Australia.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from search.entities import countries, evidence

WELL_KNOWN_POPULATION = 1_000_000  # a city this large is meant when it is named
# Nouns after a city that make it a team (`Barcelona striker`, `Oldham manager`).
TEAM_NOUNS = frozenset(
    """striker strikers manager boss midfielder midfielders defender defenders goalkeeper
    keeper coach fans supporters squad captain chairman forward winger skipper""".split()
)
_NEXT_WORD = re.compile(r"(?:'s|’s)?[ \t]+([a-z]+)")
_AFTER_COMMA = re.compile(r",[ \t]*([A-Z][\w.]*(?:[ \t][A-Z][\w.]*){0,2})")


@dataclass(frozen=True)
class Mention:
    """A place name in the text and what it resolves to."""

    place: countries.Place
    text: str
    start: int
    end: int


def supported(
    mentions: Sequence[Mention],
    *,
    text: str,
    person_names: Iterable[str],
    demonym_codes: Iterable[str],
    context: evidence.Context,
    org_spans: Sequence[tuple[int, int]] = (),
) -> list[Mention]:
    """The mentions that mean their country, by the rules above; a city inside an
    organisation's name (`Real Madrid`, ``org_spans``) or named as a team (`Barcelona
    striker`) is no place."""
    name_words = {w.lower() for name in person_names for w in name.split()}
    named = {m.place.country.code for m in mentions if m.place.kind != "city"}
    named.update(demonym_codes)
    cities: dict[str, set[str]] = {}
    for m in mentions:
        if m.place.kind == "city":
            cities.setdefault(m.place.country.code, set()).add(m.text.lower())
    kept = []
    for m in mentions:
        if m.place.kind != "city":
            kept.append(m)
            continue
        code = m.place.country.code
        if any(w.lower() in name_words for w in m.text.split()):
            continue  # part of a person's name here
        if any(a <= m.start and m.end <= b for a, b in org_spans) or _team(text, m):
            continue
        votes = context.votes.get(evidence.vote_key(m.text), Counter())
        places = votes.get("GPE", 0) + votes.get("LOC", 0)
        if votes.get("PERSON", 0) + votes.get("ORG", 0) > places:
            continue  # a person or an organisation more often than a place
        if (
            m.place.population >= WELL_KNOWN_POPULATION
            or code in named
            or len(cities.get(code, ())) > 1
            or _followed_by_its_country(text, m)
        ):
            kept.append(m)
    return kept


def _followed_by_its_country(text: str, mention: Mention) -> bool:
    match = _AFTER_COMMA.match(text, mention.end)
    if match is None:
        return False
    found = countries.place(match.group(1))
    return found is not None and found.country.code == mention.place.country.code


def _team(text: str, mention: Mention) -> bool:
    match = _NEXT_WORD.match(text, mention.end)
    return match is not None and match.group(1) in TEAM_NOUNS
