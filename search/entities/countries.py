"""Resolve place names, aliases, cities and demonyms to ISO 3166-1 alpha-2 countries."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, TypeVar

from search.entities import vocabulary
from search.models import Country

_T = TypeVar("_T")

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_LEADING_THE = re.compile(r"^the\s+", re.I)
# Aliases that are also common words in lower case; they only count in their written case.
# What a number counts in a sports results line (`Sheldon Bryan 1 goal, 1 assist`), as a
# pattern: the name before such a count is a player's.
STAT_NOUNS = (
    r"(?:goals?|assists?|saves?|points?|rebounds?|yards?|touchdowns?|tackles?|sacks?|runs?"
    r"|hits?|strikeouts?|steals?|blocks?|kills?|digs?|aces?|catches|receptions?|wickets?"
    r"|innings|total|carries|birdies|eagles)"
)
# A scorer's minutes after a name (`Schwabl 38th`, `Bobic 47th, 71st`, `Dundee 56th 59th and
# 64th`), up to where the text goes on (a comma, a bracket, `and`, `pen`, `minute`).
_MINUTE = r"(?:[1-9]?\d|1[01]\d|120)(?:st|nd|rd|th)"
SCORER_MINUTES = (
    rf"{_MINUTE}(?:(?:,[ \t]*|[ \t]+(?:and[ \t]+)?){_MINUTE})*"
    r"(?=[,.;)]|[ \t]+(?:and|pen|penalty|minute)\b)"
)
# (`USSR`, a state without a code of its own today, names no country: the aeb guidelines)
_CASE_SENSITIVE = frozenset({"US", "U.S.", "UK", "U.K.", "PRC", "DRC", "UAE", "USA"})


def _rows(name: str) -> list[list[str]]:
    return vocabulary.rows(name)


# `City of Westminster`, `City of Port Phillip`: the table's name of a place that news
# names without the prefix
_CITY_OF = re.compile(r"^City of ")


@cache
def _city_rows() -> list[list[str]]:
    """The city table's rows, each place also under its name as news writes it."""
    rows = _rows("cities.tsv")
    return rows + [[_CITY_OF.sub("", name), *rest] for name, *rest in rows if _CITY_OF.match(name)]


@lru_cache(maxsize=1 << 16)  # a batch looks up the same few thousand names again and again
def _key(text: str, *, fold: bool = True) -> str:
    """How a place name is looked up: case, a leading `the`, a possessive and accents aside
    (English news writes `Montreal`, `Sao Paulo`, `Cote d'Ivoire` for `Montréal`, `São Paulo`,
    `Côte d'Ivoire`); ``fold`` False keeps the accents."""
    text = _POSSESSIVE.sub("", " ".join(text.split()))
    text = _LEADING_THE.sub("", text).strip(" .,;:!?\"'()[]").lower()
    return _fold(text) if fold else text


def _city_key(name: str, population: int) -> str:
    """The key a city of the table is found under: without its accents only when it is big
    enough for English to write it so (`Montreal`); a smaller one keeps them, since the
    unaccented spelling is as often a word or a name of its own (`Būsh`, Egypt: `Bush`)."""
    return _key(name, fold=name.isascii() or population >= BIG_CITY_POPULATION)


def _city(table: dict[str, _T], text: str) -> _T | None:
    """A city table's entry for a name as written: unaccented first, else as accented."""
    found = table.get(_key(text))
    if found is None and not text.isascii():
        found = table.get(_key(text, fold=False))
    return found


def _fold(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _iso_countries() -> tuple[Any, ...]:
    """pycountry's ISO 3166-1 entries, less the codes that name no country
    (`not_countries.tsv`: Antarctica)."""
    import pycountry

    skipped = {row[0] for row in _rows("not_countries.tsv")}
    return tuple(c for c in pycountry.countries if c.alpha_2 not in skipped)


@cache
def _display_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in _iso_countries():
        names[country.alpha_2] = getattr(country, "common_name", None) or country.name
    names["XK"] = "Kosovo"
    names.update({code: name for code, name in _rows("display_names.tsv")})
    return names


@cache
def _names() -> dict[str, str]:
    """Lower-case country names and aliases → code (pycountry names first, aliases over them)."""
    table: dict[str, str] = {}
    for country in _iso_countries():
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if not value or ", " in value:  # "Korea, Republic of" is never written so in prose
                continue
            table[_key(value)] = country.alpha_2
            if value.startswith("Saint "):  # `St. Kitts and Nevis`, `St Vincent and ...`
                for short in ("St. ", "St "):
                    table.setdefault(_key(short + value.removeprefix("Saint ")), country.alpha_2)
    for code, name in _display_names().items():
        table[_key(name)] = code
    for alias, code in _rows("country_aliases.tsv"):
        if alias not in _CASE_SENSITIVE:
            table[_key(alias)] = code
    for name, code in list(table.items()):  # `Saint Kitts` as `St Kitts` is written
        for short in ("st. ", "st "):
            if name.startswith(short):
                table.setdefault("saint " + name.removeprefix(short), code)
    return table


REGION_POPULATION = 2_000_000  # a region outranks towns of its name, not big cities


@cache
def _cities() -> dict[str, str]:
    best: dict[str, tuple[int, str]] = {}
    rows = _city_rows() + [[n, c, str(REGION_POPULATION)] for n, c, *_ in _rows("regions.tsv")]
    for name, code, population in rows:
        pop = int(population)
        key = _city_key(name, pop)
        if key not in best or pop > best[key][0]:
            best[key] = (pop, code)
    return {key: code for key, (_, code) in best.items()}


@cache
def _towns() -> dict[str, tuple[int, str]]:
    """Lower-case city name → (population, code) of the largest city of that name."""
    best: dict[str, tuple[int, str]] = {}
    for name, code, population in _city_rows():
        pop = int(population)
        key = _city_key(name, pop)
        if key not in best or pop > best[key][0]:
            best[key] = (pop, code)
    return best


DOMINANT_RATIO = 3  # a city at least this many times the next of its name is the one meant


@cache
def _runners_up() -> dict[str, int]:
    """Lower-case city name → population of the second largest city of that name."""
    sizes: dict[str, list[int]] = {}
    for name, _, population in _city_rows():
        sizes.setdefault(_city_key(name, int(population)), []).append(int(population))
    return {key: sorted(pops)[-2] for key, pops in sizes.items() if len(pops) > 1}


def dominant(name: str) -> bool:
    """Whether the largest city of this name dwarfs every other (Denver; not Newcastle,
    whose Australian and South African cities are of a size)."""
    best = _city(_towns(), name)
    return best is not None and best[0] >= DOMINANT_RATIO * (_city(_runners_up(), name) or 0)


@cache
def _regions() -> dict[str, str]:
    return {_key(name): code for name, code, *_ in _rows("regions.tsv")}


@cache
def _regions_needing_support() -> frozenset[str]:
    """Regions whose name has another common sense (`regions.tsv`'s third column: `Java`,
    the programming language and the coffee): read as a town is, meant only with support."""
    return frozenset(_key(name) for name, _, *flags in _rows("regions.tsv") if flags)


@dataclass(frozen=True)
class Place:
    """What a place name resolves to: the country, and how (``kind``: "country" for a
    country name or alias, "region" for a state or county news names like a place, "city"
    with its ``population``)."""

    country: Country
    kind: str
    population: int = 0


def place(text: str) -> Place | None:
    """The country a place name means, and how it was found."""
    found = from_name(text, cities=False)
    if found is not None:
        return Place(found, "country")
    key = _key(text)
    if key in _regions():
        if key in _regions_needing_support():
            return Place(country(_regions()[key]), "city", 0)  # supported as a small town is
        return Place(country(_regions()[key]), "region")
    landmark = _landmarks().get(" ".join(text.split()).removeprefix("the "))
    if landmark is not None:
        return Place(country(landmark), "region")
    town = _city(_towns(), text)
    return Place(country(town[1]), "city", town[0]) if town else None


@cache
def _demonyms() -> dict[str, str]:
    return {_key(name): code for name, code in _rows("demonyms.tsv")}


def country(code: str) -> Country:
    """The Country for an alpha-2 code, with its display name."""
    code = code.upper()
    return Country(code, _display_names().get(code, code))


def known_code(code: str) -> bool:
    """True for an ISO alpha-2 code we can name."""
    return code.upper() in _display_names()


def from_name(text: str, *, cities: bool = True) -> Country | None:
    """The country a place name means: a country name or alias, else a city (largest wins)."""
    stripped = _POSSESSIVE.sub("", text.strip()).strip(' ,;:!?"()[]')
    if stripped in _CASE_SENSITIVE:
        code = _case_sensitive_aliases().get(stripped)
        return country(code) if code else None
    key = _key(text)
    if not key:
        return None
    code = _names().get(key)
    if code is None and cities:
        code = _city(_cities(), text)
    return country(code) if code else None


def from_demonym(text: str) -> Country | None:
    """The country a demonym names ("Iraqi" → IQ), or None."""
    code = _demonyms().get(_key(text))
    return country(code) if code else None


@cache
def _state_nouns() -> frozenset[str]:
    return vocabulary.words("state_nouns.txt")


_NEXT = re.compile(r"(?:-led\b|[ \t]+([A-Za-z]+))")


def names_the_state(text: str, end: int) -> bool:
    """Whether the nationality ending at ``end`` is followed by a word that makes it the
    country itself (`state_nouns.txt`: `the Iraqi government`, `American-led`)."""
    match = _NEXT.match(text, end)
    if match is None:
        return False
    return match.group(1) is None or match.group(1).lower() in _state_nouns()


def resolve_filter(text: str) -> Country | None:
    """What a user means by --country: a code, a name or alias, a demonym, or a city."""
    stripped = text.strip()
    if len(stripped) == 2 and stripped.isalpha() and known_code(stripped):
        return country(stripped)
    return from_name(stripped) or from_demonym(stripped)


@cache
def _case_sensitive_aliases() -> dict[str, str]:
    return {a: c for a, c in _rows("country_aliases.tsv") if a in _CASE_SENSITIVE}


def is_place(text: str) -> bool:
    """True for a country, city or region name (to veto one-word "persons" like `Surrey`)."""
    key = _key(text)
    return key in _names() or _city(_cities(), text) is not None or key in _demonyms()


# Country names that are also common words or given names: found by the gazetteer only
# when the model tagged them as places itself.
AMBIGUOUS_NAMES = frozenset(
    "jordan chad georgia turkey guinea niger mali cuba israel china japan chile india "
    "america congo dominica grenada jersey man".split()
)


@cache
def _gazetteer() -> re.Pattern[str]:
    forms = _gazetteer_forms()
    alternation = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{alternation})(?![\w])")


@cache
def _gazetteer_forms() -> frozenset[str]:
    forms: set[str] = set()
    for c in _iso_countries():
        for attr in ("name", "common_name"):
            value = getattr(c, attr, None)
            if value and ", " not in value and "(" not in value:
                forms.add(value)
    forms.update(_display_names().values())
    forms.update(alias for alias, _ in _rows("country_aliases.tsv"))
    return frozenset(
        f for f in forms if _key(f) not in AMBIGUOUS_NAMES and len(f) >= 4 or f in _CASE_SENSITIVE
    )


# Of those, the names whose other sense is a word or a given name (`chile` the pepper, `Chad`
# the first name), not another place: written alone in the middle of a sentence, they are
# the country (`Marcelo Rios (Chile) beat`, `talks with China on`).
STANDALONE_AMBIGUOUS = frozenset(
    "jordan chad georgia turkey niger mali cuba israel china japan chile india".split()
)
_STANDALONE = re.compile(
    r"(?<![\w.-])(?:" + "|".join(n.title() for n in sorted(STANDALONE_AMBIGUOUS)) + r")(?![\w])"
)
_CAPITALISED_BEFORE = re.compile(r"[A-Z][\w.'’-]*[ \t]+$")
_CAPITALISED_AFTER = re.compile(r"[ \t]+[A-Z]")
_SENTENCE_OPENS = re.compile(r"(?:^|[.!?:\"“”]|\n)[ \t]*$")


@cache
def _landmarks() -> dict[str, str]:
    return {name: code for name, code in _rows("landmarks.tsv")}


@cache
def _landmark_pattern() -> re.Pattern[str]:
    names = sorted(_landmarks(), key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, names)) + r")(?![\w])")


def landmark_mentions(text: str) -> list[tuple[str, int]]:
    """Landmarks written in a text (`landmarks.tsv`: `Wall Street`, `Downing Street`), as
    written, with offsets."""
    return [(m.group(0), m.start()) for m in _landmark_pattern().finditer(text)]


def standalone_mentions(text: str) -> list[tuple[str, int]]:
    """Ambiguous country names written alone mid-sentence: not at a sentence's start, and
    neither after nor before a capitalised word (`Michael Jordan`, `Chad Johnson`, `Niger
    Delta`, `China Daily` are other things; so is `pro-Israel`)."""
    found = []
    for m in _STANDALONE.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()]
        if _SENTENCE_OPENS.search(before) or _CAPITALISED_BEFORE.search(before):
            continue
        if _CAPITALISED_AFTER.match(text, m.end()):
            continue
        found.append((m.group(0), m.start()))
    return found


BIG_CITY_POPULATION = 1_000_000  # a city this large is meant when its name is written


@cache
def _big_cities() -> re.Pattern[str]:
    names = {name for name, _, pop in _city_rows() if int(pop) >= BIG_CITY_POPULATION}
    names |= {_fold(name) for name in names}  # `Montreal` as well as `Montréal`
    names = {n for n in names if len(n) >= 4 and _key(n) not in AMBIGUOUS_NAMES}
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{alternation})(?![\w])")


def big_city_mentions(text: str) -> list[tuple[str, int]]:
    """Cities of a million people or more written out in a text (with offsets): places that
    need no model to be read as places, for text in a language without NER. Not a city's
    name inside a longer place's (`San Salvador`, `Santiago de Compostela`)."""
    return [
        (m.group(0), m.start())
        for m in _big_cities().finditer(text)
        if not _PLACE_NAME_BEFORE.search(text, max(0, m.start() - 12), m.start())
        and not _PLACE_NAME_GOES_ON.match(text, m.end())
    ]


# the words a longer place's name starts with, in several languages, before a city's name
_PLACE_NAME_BEFORE = re.compile(
    r"\b(?:San|Santa|Santo|São|Saint|St\.|Sankt|Port|Puerto|Porto|Fort|New|Nueva|Nuevo|Nova|"
    r"Novo|Neu|Nouvelle|Ciudad|Villa|Vila|Bad|Mount|Monte|Cape|Cabo|Isla|Île|Ile|Lake|Lago|"
    r"Rio|Río)[ \t]+$"
)
# ... and the particle a longer place's name goes on with after it (`Santiago de Compostela`,
# `Frankfurt am Main`)
_PLACE_NAME_GOES_ON = re.compile(r"[ \t]+(?:de|del|da|do|di|des|du|am|an|upon)[ \t]+[A-Z]")


_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Z.'’\- ]{2,40}?)(?:,[ \t]*(?P<region>[A-Z][A-Za-z. ]{1,30}?))?"
    r"[ \t]*(?:\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}|\((?:Reuters|AP|AFP|dpa)\)|[-–—]"
    r"|,[ \t]*[A-Z][a-z]{2,8}\.?[ \t]+\d)",
    re.M,
)
DATELINE_LINES = 4  # a dateline stands in the first lines (after the headline)


_DATELINE_ALONE = re.compile(  # the place on a line of its own, the date on the next
    r"^[ \t]*(?P<place>[A-Z][A-Z.'’\- ]{2,40}?)(?:,[ \t]*(?P<region>[A-Z][A-Za-z. ]{1,30}?))?"
    r"[ \t]*$"
)
_DATE_LINE = re.compile(r"^[ \t]*\d{4}-\d\d-\d\d[ \t]*$")


@cache
def _state_abbreviations() -> dict[str, str]:
    return {abbreviation: code for abbreviation, code in _rows("state_abbreviations.tsv")}


def state_abbreviation(text: str) -> Country | None:
    """The country of a news-style state abbreviation (`Ala.`, `Calif.`, `Ont.`), or None."""
    code = _state_abbreviations().get(" ".join(text.split()))
    return country(code) if code else None


def dateline(text: str) -> tuple[Country, int] | None:
    """The country of a wire dateline (`LONDON 1996-08-23`, `NEW YORK, Feb 26 -`, `BAHIA
    BLANCA (Reuters) -`, `MONTGOMERY, Ala.` above a line holding the date) in the first
    lines, and where it stands; None when there is none."""
    offset = 0
    lines = text.split("\n")
    for i, line in enumerate(lines[: DATELINE_LINES + 1]):
        match = _DATELINE.match(line)
        following = [k for k in lines[i + 1 : i + 3] if k.strip()][:1]  # a blank line between
        if match is None and following and _DATE_LINE.match(following[0]):
            match = _DATELINE_ALONE.match(line)
        if match and match.group("place").strip().isupper():
            region = match.group("region")
            abbreviated = state_abbreviation(region) if region else None
            if abbreviated is not None:
                return abbreviated, offset
            for name in filter(None, (region, match.group("place"))):
                found = from_name(name.strip().title())
                if found is not None:
                    return found, offset
        offset += len(line) + 1
    return None


# Arabic and Hebrew vowel points and marks, which ISO 3166's translations write (`الصّين`)
# and the press does not
_POINTS = re.compile("[\u0591-\u05c7\u064b-\u065f\u0670]")


@dataclass(frozen=True)
class _Script:
    """How a language's script sets names in running text (`name_scripts.tsv`)."""

    boundary: str = "word"  # `word`, `none` (no spaces between words) or `before`
    prefixes: str = ""  # letters that attach in front of a word
    shortest: int = 4  # the fewest letters of a form


@cache
def _script(language: str) -> _Script:
    for lang, boundary, prefixes, shortest in _rows("name_scripts.tsv"):
        if lang == language:
            return _Script(boundary, prefixes, int(shortest))
    return _Script()


def _translations(language: str) -> list[Any]:
    """pycountry's ISO 3166 catalogues for ``language`` and its regional variants (`zh`:
    simplified and traditional)."""
    import gettext

    import pycountry

    folder = Path(pycountry.LOCALES_DIR)
    found = []
    for locale in sorted(p.name for p in folder.iterdir() if p.is_dir()):
        if locale == language or locale.startswith((f"{language}_", f"{language}@")):
            try:
                found.append(gettext.translation("iso3166-1", str(folder), languages=[locale]))
            except OSError:
                continue
    return found


@cache
def _local_names(language: str) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """Country names as ``language`` writes them (pycountry's translations of ISO 3166:
    `Estados Unidos`, `Jerman`, `美国`, and the short names of `local_country_names.tsv`), as
    a pattern set as the language's script sets words (`name_scripts.tsv`) and a form →
    code table; (None, {}) for English and for languages pycountry does not translate."""
    if not language or language == "en":
        return None, {}
    script = _script(language)
    table: dict[str, str] = {}
    for local in _translations(language):
        for c in _iso_countries():
            for attr in ("name", "common_name"):
                value = getattr(c, attr, None)
                form = _POINTS.sub("", local.gettext(value)) if value else ""
                if form and form != value and ", " not in form and "(" not in form:
                    table.setdefault(form, c.alpha_2)
    table = {
        f: code
        for f, code in table.items()
        if len(f) >= script.shortest and f.lower() not in AMBIGUOUS_NAMES
    }
    table.update(
        {name: code for lang, name, code in _rows("local_country_names.tsv") if lang == language}
    )
    if not table:
        return None, {}
    alternation = "|".join(re.escape(f) for f in sorted(table, key=len, reverse=True))
    before = "" if script.boundary == "none" else r"(?<![\w.])"
    after = "" if script.boundary in ("none", "before") else r"(?![\w])"
    attached = f"(?:[{script.prefixes}]{{1,2}})?" if script.prefixes else ""
    return re.compile(rf"{before}{attached}(?P<name>{alternation}){after}"), table


def local_country(name: str, language: str | None) -> Country | None:
    """The country a name means in the article's own language (`Россия`), or None."""
    _, table = _local_names(language or "")
    code = table.get(name)
    return country(code) if code else None


def local_mentions(text: str, language: str | None) -> list[tuple[str, int, Country]]:
    """Country names written in the article's own language (not English), with offsets."""
    pattern, table = _local_names(language or "")
    if pattern is None:
        return []
    quoted = _in_english_names(language or "")
    found = []
    for m in pattern.finditer(text):
        name = m.group("name")
        if name in quoted and (
            _CAPITALISED_BEFORE.search(text, max(0, m.start() - 40), m.start())
            or _CAPITALISED_AFTER.match(text, m.end())
        ):
            continue  # `Long Island`, `Island Records`
        found.append((name, m.start("name"), country(table[name])))
    return found


_CAPITALISED_BEFORE = re.compile(r"\b[A-Z][\w'’-]*[ \t]$")
_CAPITALISED_AFTER = re.compile(r"[ \t][A-Z]")


@cache
def _in_english_names(language: str) -> frozenset[str]:
    """The language's country names that English place and brand names also use
    (`local_names_in_english_names.tsv`)."""
    return frozenset(
        name for lang, name in _rows("local_names_in_english_names.tsv") if lang == language
    )


# `New England`, `New Mexico`: a country's name after "New" names another place
_NEW_BEFORE = re.compile(r"(?<![\w.])New[ \t]+$")


@cache
def _region_heads() -> dict[str, tuple[str, ...]]:
    """Country name (lower case) → what comes before it in the regions named after it
    (`regions.tsv`: `Inner ` Mongolia, `New South ` Wales)."""
    heads: dict[str, list[str]] = {}
    forms = {f.lower() for f in _gazetteer_forms()}
    for name, *_ in _rows("regions.tsv"):
        words = name.split()
        for i in range(1, len(words)):
            tail = " ".join(words[i:]).lower()
            if tail in forms:
                heads.setdefault(tail, []).append(" ".join(words[:i]).lower() + " ")
    return {tail: tuple(h) for tail, h in heads.items()}


def _ends_a_region(text: str, start: int, name: str) -> bool:
    before = text[max(0, start - 30) : start].lower()
    return any(before.endswith(head) for head in _region_heads().get(name.lower(), ()))


def gazetteer_mentions(text: str) -> list[tuple[str, int]]:
    """Country names and aliases written out in a text (with offsets), whatever the model
    made of them; not one that is the end of another place's name (`New England`, `New
    Mexico`: the names of countries that start so, `New Zealand`, are matched whole; and the
    regions of `regions.tsv` named after a country, `Inner Mongolia`, `New South Wales`)."""
    return [
        (m.group(0), m.start())
        for m in _gazetteer().finditer(text)
        if not _NEW_BEFORE.search(text, max(0, m.start() - 8), m.start())
        and not _ends_a_region(text, m.start(), m.group(0))
    ]
