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
from functools import cache
from typing import TYPE_CHECKING

from search.entities import countries, evidence, vocabulary

if TYPE_CHECKING:
    from search.entities.ner import Tagged

WELL_KNOWN_POPULATION = 1_000_000  # a city this large is meant when it is named
# and a city this large when no other city of its name comes near it (`countries.dominant`)
KNOWN_POPULATION = 500_000
# States named like a country: the state is meant when the article names its country too
# (`Atlanta, Georgia` beside other US places), the country otherwise.
STATES_NAMED_LIKE_COUNTRIES = {"georgia": "US"}
# Words after a city that make it a team (`Barcelona striker`, `the two Milan sides`,
# `Southampton have drawn`), and words before it (`take on Barcelona`, `a move to Milan`,
# `left to play for Barcelona`).
TEAM_NOUNS = frozenset(
    """striker strikers manager boss midfielder midfielders defender defenders goalkeeper
    keeper coach fans supporters squad captain chairman forward winger skipper side
    sides""".split()
)
_TEAM_VERBS_AFTER = re.compile(r"[ \t]+(?:have|has|had)[ \t]+(?:drawn|beaten|won|lost|signed)\b")
_TEAM_BEFORE = re.compile(
    r"(?:\b(?:take|takes|took|taking) on|\bbeat|\bbeating|\bagainst|\bto face|\bv|\bvs\.?"
    r"|\bmove to|\bswitch to|\bloan to|\bsign for|\bsigned for|\bjoin|\bjoined|\bjoining"
    r"|\bplay(?:s|ed|ing)? for|\bscored for)"
    r"[ \t]+$"
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


# `Enzo Scifo (Monaco)`: a name and what a results list puts in brackets after it, its
# country or its club
_BRACKETED = re.compile(r"[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+)*[ \t]+\(([A-Z][\w .'’-]{1,30})\)")
MIN_COLUMN_ROWS = 3  # bracketed entries that make a column of one kind


def club_column(text: str) -> frozenset[int]:
    """Where the bracketed entries of a list stand when most of them are not countries
    (`Anto Drobnjak (Bastia), Xavier Gravelaine (Marseille), Enzo Scifo (Monaco)`): the
    column holds clubs, so a country's name in it (`Monaco`) is a club too. A column of
    countries (`Monica Seles (U.S.)`, `Ong Ewe Hock (Malaysia)`) is left alone."""
    entries = [(m.group(1), m.start(1)) for m in _BRACKETED.finditer(text)]
    if len(entries) < MIN_COLUMN_ROWS:
        return frozenset()
    named = sum(countries.from_name(value, cities=False) is not None for value, _ in entries)
    if named * 2 >= len(entries):
        return frozenset()
    return frozenset(start for _, start in entries)


def competing(text: str) -> frozenset[int]:
    """Where names stand as competitors in a text's results lists (`evidence.competitors`:
    score lines, league table rows, a ranking's team column): a city there is a team
    (`Toronto 6 Kansas City 2`, `Paris 22 3 1 18 398 795 7`), and so is a country when the
    competitors are mostly not countries (`Cannes 0 Monaco 2` in a French league, `(Britain)
    Jordan 1:55.385` beside Ferrari and Benetton). Results of national sides (`Italy 2 Moldova
    1`) are left alone."""
    sides = evidence.competitors(text)
    cities: list[int] = []
    countries_named: list[int] = []
    for name, start in sides:
        found = countries.place(name)
        if found is None:
            continue
        (cities if found.kind == "city" else countries_named).append(start)
    clubs = set(cities)
    if countries_named and len(countries_named) * 2 < len(sides):
        clubs.update(countries_named)
    return frozenset(clubs)


# `US$79`, `HK$5`, `A$100`: a currency, not a mention of its country
_CURRENCY_AFTER = re.compile(r"\$")
# `Humphrey Bogart in Casablanca (1942)`, `Gangs Of New York (2002)`: a work's title and
# its year
_YEAR_AFTER = re.compile(r"[ \t]*\((?:1[89]|20)\d\d\)")


def supported(
    mentions: Sequence[Mention],
    *,
    text: str,
    person_names: Iterable[str],
    demonym_codes: Iterable[str],
    context: evidence.Context,
    org_names: Iterable[str] = (),
) -> list[Mention]:
    """The mentions that mean their country, by the rules above. A city inside an
    organisation's name in the article (`Real Madrid`, `AC Milan`: ``org_names``) or named as
    a team once (`Barcelona striker`, `take on Barcelona`) is a team in every mention there:
    one name keeps one sense in one article. A country named in a list's column of clubs, or
    as a side in results mostly of clubs, is a club (`club_column`, `competing`); one written
    before a dollar sign is a currency (`US$79`), and one before a bracketed year ends a work's
    title (`Casablanca (1942)`)."""
    mentions = outermost(mentions)
    name_words = {w.lower() for name in person_names for w in name.split()}
    named = {m.place.country.code for m in mentions if m.place.kind != "city"}
    named.update(demonym_codes)
    cities: dict[str, set[str]] = {}
    for m in mentions:
        if m.place.kind == "city":
            cities.setdefault(m.place.country.code, set()).add(m.text.lower())
    org_words = {w for name in org_names if _could_be_a_team(name) for w in name.lower().split()}
    teams = {
        m.text.lower()
        for m in mentions
        if m.place.kind == "city" and (_team(text, m.start, m.end) or m.text.lower() in org_words)
    }
    clubs = club_column(text) | competing(text)
    teams.update(m.text.lower() for m in mentions if m.place.kind == "city" and m.start in clubs)
    # a name the batch has seen playing as a team is one here when another team plays too,
    # where a team plays: the article names one as such, or a name the batch has seen as a
    # team that is no place (`Chelsea and Barcelona drew`); not where only places stand (a
    # markets table's `TOKYO`, `NEW YORK`, `PARIS`)
    named_teams = {m.text.lower() for m in mentions} | {n.lower() for n in org_names}
    named_teams &= context.teams
    if len(named_teams) >= 2 and (teams or clubs or any(map(_only_a_team, named_teams))):
        teams |= named_teams
    kept = []
    for m in mentions:
        if m.start in clubs:
            continue  # a club in a results list's column of clubs
        if m.end >= 0 and _CURRENCY_AFTER.match(text, m.end):
            continue  # a currency
        if m.end >= 0 and _YEAR_AFTER.match(text, m.end):
            continue  # the end of a film's or a book's title
        if m.place.kind != "country" and m.end >= 0 and _food_after(text, m.end):
            continue  # `Fresno chile`, `Buffalo wings`: a cuisine word (`Colombia coffee`
            # growers are the country's)
        state_of = STATES_NAMED_LIKE_COUNTRIES.get(m.text.lower())
        if state_of is not None and state_of in named | set(cities) - {m.place.country.code}:
            m = Mention(
                countries.Place(countries.country(state_of), "region"), m.text, m.start, m.end
            )
        part_of_a_name = any(w.lower() in name_words for w in m.text.split()) or (
            m.start > 0 and _ends_a_name(text, m.start, person_names)
        )
        if part_of_a_name and m.text.lower() in countries.AMBIGUOUS_NAMES:
            continue  # `Jordan` where Jordan Henderson plays
        if m.start > 0 and _after_a_given_name(text, m.start):
            continue  # `her father, James Poland,`: a surname
        if m.place.kind != "city":
            kept.append(m)
            continue
        possessive = m.text.endswith(("'s", "’s"))  # `New York's Metropolitan Opera`: the city's
        if m.end >= 0 and not possessive and _names_an_organisation(text, m.end):
            continue  # `Texas Tech University`, `London Symphony Orchestra`
        code = m.place.country.code
        if part_of_a_name:
            continue  # part of a person's name here
        if m.text.lower() in teams:
            continue
        votes = context.votes.get(evidence.vote_key(m.text), Counter())
        places = votes.get("GPE", 0) + votes.get("LOC", 0)
        if votes.get("PERSON", 0) + votes.get("ORG", 0) > places:
            continue  # a person or an organisation more often than a place
        if (
            m.place.population >= WELL_KNOWN_POPULATION
            or m.place.population >= KNOWN_POPULATION
            and countries.dominant(m.text)
            or code in named
            or len(cities.get(code, ())) > 1
            or _followed_by_its_country(text, m)
        ):
            kept.append(m)
    return kept


# a place's name going on with up to two capitalised words and then a word of an
# organisation's name (`organisation_words.txt`)
_NAME_GOES_ON = re.compile(r"(?:[ \t]+(?:[A-Z][\w&.'’-]*))(?:[ \t]+(?:[A-Z][\w&.'’-]*)){0,2}")


@cache
def _organisation_words() -> frozenset[str]:
    return vocabulary.words("organisation_words.txt")


def _names_an_organisation(text: str, end: int) -> bool:
    """Whether the place that ends at ``end`` starts an organisation's name: capitalised
    words follow it, one of the first three a word of an organisation's name."""
    following = _NAME_GOES_ON.match(text, end)
    if following is None:
        return False
    words = _organisation_words()
    return any(w.strip(".,'’").lower() in words for w in following.group(0).split())


def _ends_a_name(text: str, start: int, person_names: Iterable[str]) -> bool:
    """Whether the place written at ``start`` goes on a person's name the text has just
    written (`José Luis Dalmau Santiago`: a second surname)."""
    before = text[max(0, start - 80) : start]
    return before.endswith(" ") and any(
        before.endswith(f"{name} ") or before.endswith(f"{name.split()[-1]} ")
        for name in person_names
        if " " in name
    )


# a capitalised word inside a sentence, right before a mention (`father, James Poland`,
# `ombudsman Elizabeth France said`); a sentence's first word is left out (`Will Poland ...`)
_WORD_INSIDE_BEFORE = re.compile(r"[a-z,;(] ([A-Z][a-z]+) \Z")


def _after_a_given_name(text: str, start: int) -> bool:
    """Whether the place written at ``start`` follows a given name in the middle of a
    sentence, which makes it a surname (`James Ireland`, `Saul Israel Holiff`)."""
    from search.entities.repair import is_given_name

    before = _WORD_INSIDE_BEFORE.search(text, max(0, start - 40), start)
    return before is not None and is_given_name(before.group(1))


def outermost(mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions less the cities and regions a longer mention holds (`Salvador` inside
    `El Salvador`, `York` inside `New York`): a name read whole is one place, not also the
    places its words name. A country's own name stays (`Montenegro` in the model's one span
    `Serbia and Montenegro`), as do mentions without a place in the text (a dateline's)."""
    held: set[tuple[int, int]] = set()
    reach = -1  # the furthest end of the spans starting before (or with a longer one at) this
    for start, end in sorted(
        {(m.start, m.end) for m in mentions if m.start >= 0}, key=lambda span: (span[0], -span[1])
    ):
        if end <= reach:
            held.add((start, end))
        reach = max(reach, end)
    return [m for m in mentions if m.place.kind == "country" or (m.start, m.end) not in held]


# Words of an organisation's name that make it a club or a contest: a city in such a name is
# the team (`Real Madrid`, `Newcastle United`, `Barcelona Olympics`); in another
# organisation's name (`Amsterdam Light Festival`, `Bank of Tokyo`) it is no team, and the
# article's other mentions of the city keep their sense as a place.
SPORT_WORDS = frozenset(
    "club fc united league cup championship championships tournament open prix olympics games "
    "season".split()
)


def _could_be_a_team(org: str) -> bool:
    """False for an organisation whose name holds a word of another kind of organisation,
    event or building (`data/not_person_words.txt` less `SPORT_WORDS`)."""
    strong, _ = evidence.not_person_words()
    words = {w.strip(".,").lower() for w in org.split()}
    return not words & (strong - SPORT_WORDS)


@cache
def _cuisine_words() -> frozenset[str]:
    return vocabulary.words("cuisine_words.txt")


def _food_after(text: str, end: int) -> bool:
    """Whether a place name ending at ``end`` is followed by a food named after it."""
    match = _NEXT_WORD.match(text, end)
    return match is not None and match.group(1) in _cuisine_words()


def _followed_by_its_country(text: str, mention: Mention) -> bool:
    match = _AFTER_COMMA.match(text, mention.end)
    if match is None:
        return False
    found = countries.place(match.group(1))
    return found is not None and found.country.code == mention.place.country.code


def _only_a_team(name: str) -> bool:
    """Whether a name the batch has seen as a team (lower-cased) is no place in any case it
    is written in, nor a name with an article or an abbreviation with full stops (`the
    European Union`, `u.s.`): `chelsea`, `juventus`, `orioles`."""
    return (
        not name.startswith("the ")
        and not (len(name) <= 5 and name.replace(".", "").isalpha() and "." in name)
        and all(countries.place(form) is None for form in (name, name.title(), name.upper()))
    )


def _team(text: str, start: int, end: int) -> bool:
    """True when the name at ``start:end`` is named as a team: a player or a match around it."""
    match = _NEXT_WORD.match(text, end)
    if match is not None and match.group(1) in TEAM_NOUNS:
        return True
    if _TEAM_VERBS_AFTER.match(text, end):
        return True
    return bool(_TEAM_BEFORE.search(text[max(0, start - 20) : start]))


def team_names(tagged: Iterable[Tagged]) -> frozenset[str]:
    """Names (places and organisations) some text of the batch names as a team."""
    found = set()
    for t in tagged:
        for span in t.spans:
            if span.label in ("GPE", "ORG", "LOC") and _team(t.text, span.start, span.end):
                found.add(span.text.lower())
    return frozenset(found)
