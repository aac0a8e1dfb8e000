"""Repair what the small NER model gets wrong about people, using a given-names list.

The model tags `Ines Gorrochategui` as a place, `Scott Draper (Australia` as an organisation,
keeps only `Testud` of `Sandrine Testud`, and misses scorecard names like `P. Simmons`; it also
calls cricket counties people. These rules fix such spans from their shape and a list of given
names (the gender-guesser package's international name dictionary).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from search.entities import countries
from search.entities.ner import Span
from search.entities.people import ADJECTIVE_SUFFIXES, TITLE_WORDS

# Latin letters of either case, accented ones included (`Petrović`, `Müller`, `Erdoğan`)
_LATIN = [chr(c) for c in (*range(0x41, 0x250), *range(0x1E00, 0x1F00))]
UPPER = "[" + "".join(c for c in _LATIN if c.isupper()) + "]"
LOWER = "[" + "".join(c for c in _LATIN if c.islower()) + "]"
# Capitalised words that the names list knows but that are no given names in running text.
NOT_GIVEN_NAMES = frozenset(
    """the a an and or but if in on at to for of by as so no not from with his her its our
    their this that these those new old north south east west san santa saint st mount
    may june july april august january march president minister general""".split()
)
# Words that make a capitalised phrase an organisation or a place, not a person.
NON_PERSON_WORDS = frozenset(
    """inc corp corporation co ltd plc llc ag sa spa nv group holdings bank club united city
    fc council party university college school association federation ministry agency
    committee company airlines airways news times post journal league union institute
    foundation fund church army navy police court hospital airport station street road
    river lake island islands mountains valley park square bridge tower hotel stadium
    cup open championship tournament games olympics republic kingdom state states
    medical pharmaceuticals controls mining industries motors cables systems network
    communications newsroom""".split()
)
# Capitalised words at the start of a results line that the model takes for people.
NOT_PERSONS = frozenset(
    "attendance scorer scorers winner winners extras verdict riot qualifier boxer result "
    "results referee teams squad".split()
)
_NAME_TOKEN = re.compile(
    rf"^(?:{UPPER}{LOWER}+(?:[-'’](?:{UPPER}|{LOWER}){LOWER}+)*|Mc{UPPER}{LOWER}+|O'{UPPER}{LOWER}+)$"
)
# The lower-case syllable that ends an East Asian given name the model cut at its hyphen
# (`Moon Jae` of `Moon Jae-in`, `Kim Jong-un`, `Kang Young-hoon`); not a suffix making the
# name an adjective (`Bush-era`).
_SYLLABLE_AFTER = re.compile(
    rf"-(?!(?:{'|'.join(sorted(ADJECTIVE_SUFFIXES))})\b)[a-z]{{1,4}}\b(?![-’'])"
)
# numbers after a name: a score, a count or a scorer's minute (`J. Pooley 111`, `Thon 34th`)
# the name a particle ending a span goes on with: the model cut `Ursula von der` off `Leyen`
_NAME_AFTER_PARTICLE = re.compile(rf"[ ]{UPPER}[\w'’-]+")
# a family name after a lower-case particle that the model leaves out of the name (Arabic
# `al-`, `el-`, `bin`, `ibn`; Swahili `wa`; Mauritanian `ould`): `Abdul-Karim al-Kabariti`,
# `Kengo wa Dondo`
_PARTICLE_NAME_AFTER = re.compile(rf"[ ](?:al|el|bin|ibn|bint|wa|ould)[- ]{UPPER}[\w'’-]+")
_TRAILING_NUMBERS = re.compile(r"(?:\s+(?:[-\d.,/]*\d[-\d.,/*]*|\d{1,3}(?:st|nd|rd|th)))+$")
_STAT_TRAILER = re.compile(rf"\s+\d{{1,3}}\s+{countries.STAT_NOUNS}\b.*$")  # `X 1 goal`
_STAT_LINE = re.compile(rf".*\s\d{{1,3}}\s+{countries.STAT_NOUNS}\b")
_STAT_AFTER = re.compile(rf"[ \t]+{countries.STAT_NOUNS}\b")  # after a span ending in a number
_CAP = f"{UPPER}{LOWER}+"  # a capitalised word
_CAP_PART = f"{_CAP}(?:-{_CAP})?"  # ... or two joined by a hyphen
_NAME_SHAPED = re.compile(rf"^(?:{UPPER}\.[ ]?|{_CAP_PART}[ ]){_CAP_PART}$")
# `Umar bin Khoththob`, `Mohammed bin Salman`: a patronymic joins two names into a person's,
# in any language whose own words these are not (German `ich bin`)
# one capitalised word before a player's count (`Tolivert 25 points. Davis 17 points.`) or
# a scorer's minutes (`Cannes 1 (Charvet 12th, 71st)`, `Scorers: Bobic 47th and Molata 59th`)
_COUNTED_NAME = re.compile(
    rf"(?<![\w.'’-])({_CAP_PART})(?:[ \t]+\d{{1,3}}[ \t]+{countries.STAT_NOUNS}\b"
    rf"|[ \t]*\n?[ \t]*(?<=\s){countries.SCORER_MINUTES})"
)
_CAPITALISED_BEFORE = re.compile(rf"{UPPER}[\w'’.-]*[ \t]+\Z")
_PATRONYMIC = re.compile(rf"(?<![\w.]){_CAP} (?:bin|binti|bint|ibn) {_CAP}(?: {_CAP})?(?![\w])")
# `Greiner, Anja 1992; Effert, Sarah-Lea 1993`: a list's entries written surname first, the
# given name closing the entry (a year, a bracket, a semicolon or the line's end after it)
_INVERTED_NAME = re.compile(
    rf"(?<![\w,.'’-])({_CAP_PART}), ({_CAP_PART})(?=[ \t]*(?:(?:19|20)\d\d\b|\(|;|$))", re.M
)
INVERTED_ENTRIES = 3  # entries written so that make a list of them (one alone may be a place)
# a hyphenated given name is one word (`Heinz-Harald Frentzen`, `Jean-Christophe Boullion`)
_FULL_NAME = re.compile(rf"(?<![\w.-]){_CAP_PART}(?: {_CAP_PART}){{1,5}}(?![\w])")
_INITIALS_NAME = re.compile(
    rf"(?<![\w.])((?:{UPPER}\.\s?){{1,2}}(?:Mc|O'|{UPPER}')?{UPPER}{LOWER}{{2,}}(?:-{_CAP})?)"
    r"(?![\w.])"
)

# A cricket scorecard's rows (`Saeed Anwar c Croft b Cork 176`, `G. Thorpe lbw b Mohammad
# Akram 54`, `Salim Malik not out 2`; `Bowling: Lewis 12-1-76-0, Croft 29-6-64-1`): the
# batsman, the fielder and the bowler of each row, and each bowler of the figures, are
# players, whatever else their names could be (`Cork`, `Salisbury`).
_CARD_WORD = rf"{UPPER}[\w'’]*(?:-[\w'’]+)*"
_CARD_NAME = rf"(?:{UPPER}\.[ ]?){{0,2}}{_CARD_WORD}(?: {_CARD_WORD}){{0,2}}"
_BATTING_ROW = re.compile(
    rf"^[ \t]*(?P<bat>{_CARD_NAME})[ \t]+(?:"
    rf"c[ \t]+and[ \t]+b[ \t]+(?P<cb>{_CARD_NAME})"
    rf"|(?:c|st)[ \t]+(?P<fielder>{_CARD_NAME})[ \t]+b[ \t]+(?P<bowler>{_CARD_NAME})"
    rf"|(?:lbw[ \t]+)?b[ \t]+(?P<bowled>{_CARD_NAME})"
    rf"|run[ \t]+out(?:[ \t]+\((?P<thrower>{_CARD_NAME})\))?|not[ \t]+out|retired(?:[ \t]+hurt)?"
    rf")[ \t]+\d{{1,3}}\*?[ \t]*$",
    re.M,
)
_BOWLING_FIGURES = re.compile(
    rf"(?:^|(?<=[,;:] ))[ \t]*(?P<bowler>{_CARD_NAME})"
    r"[ \t]+\d{1,2}(?:\.\d)?-\d{1,2}-\d{1,3}-\d{1,2}(?![\d-])",
    re.M,
)


@lru_cache(maxsize=4)
def scorecard_names(text: str) -> tuple[tuple[int, int], ...]:
    """Where the players of a cricket scorecard's rows stand in ``text`` (start, end); kept
    for the last few texts, as `repair` and the evidence (`evidence.on_a_scorecard`) of one
    article both ask."""
    found = []
    for match in _BATTING_ROW.finditer(text):
        for group in ("bat", "cb", "fielder", "bowler", "bowled", "thrower"):
            if match.group(group):
                found.append(match.span(group))
    for match in _BOWLING_FIGURES.finditer(text):
        found.append(match.span("bowler"))
    return tuple(found)


@cache
def _names() -> object:
    import gender_guesser.detector as detector

    return detector.Detector(case_sensitive=False)


def gender(word: str) -> str:
    """ "male", "female" or "" (unknown, or either) for a given name."""
    found = str(_names().get_gender(word.capitalize()))  # type: ignore[attr-defined]
    return found.removeprefix("mostly_") if found in _GENDERED else ""


_GENDERED = frozenset({"male", "female", "mostly_male", "mostly_female"})


def is_given_name(word: str) -> bool:
    """True for a capitalised word that is a known given name (and no function word), or
    two such joined by a hyphen."""
    if not word[:1].isupper() or word.lower() in NOT_GIVEN_NAMES:
        return False
    if "-" in word:  # `Heinz-Harald`, `Anne-Sophie`: every part a given name
        parts = word.split("-")
        return len(parts) == 2 and all(p[:1].isupper() and is_given_name(p) for p in parts)
    names: Any = _names()
    if names.get_gender(word) != "unknown":
        return True
    # `Eugênio`: the list writes `Eugenio` (not short words: `Está`, `Días`, `Irmã`)
    if len(word) < 6 or word.isascii():
        return False
    return bool(names.get_gender(_without_accents(word)) != "unknown")


def _without_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")


def lower_words(text: str) -> frozenset[str]:
    """The words a text writes in lower case: its language's common words."""
    return frozenset(_LOWER_WORD.findall(without_addresses(text)))


# e-mail and web addresses and handles: their lower-case parts are names written as an address
# (`richard.graham.mp@parliament.uk`), not words of the language
_ADDRESS = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)\S+|@\w+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}/\S*"  # an address without its scheme: `bbc.co.uk/news/…`
)


def without_addresses(text: str) -> str:
    """``text`` with its e-mail and web addresses and handles blanked out."""
    return _ADDRESS.sub(" ", text) if "@" in text or "/" in text else text


def _looks_like_person(text: str, common: frozenset[str] = frozenset()) -> bool:
    """True for two or three name-shaped words, the first a given name that the article does
    not also write in lower case as a word of its language (Italian `Il`, `Le`, Indonesian
    `Karena` "because": names in some country, words here)."""
    tokens = text.split()
    return (
        2 <= len(tokens) <= 3
        and all(_NAME_TOKEN.match(t) for t in tokens)
        and not any(t.lower() in NON_PERSON_WORDS for t in tokens)
        and tokens[0].lower() not in common
        and is_given_name(tokens[0])
        and countries.from_name(text) is None
    )


# Particles inside a name, capitalised in some (`Marine Le Pen`, `Horacio Coelho Da Silva`):
# stop words of their languages that a name may hold between two of its words.
NAME_PARTICLES = frozenset(
    "de da di do dos das du del della des la le van von der den ter ten zu al el bin".split()
)
# the words a name does not end on, in either case, that the model may cut it after: its
# particles, and `Saint` of a surname (`Starven Saint` + `Hilare`, `Yves Saint` + `Laurent`)
_NAME_GOES_ON = frozenset({"saint", "sainte", *NAME_PARTICLES})
_SPACY_CODES = {"no": "nb"}  # spaCy's code for a language where it differs


@dataclass(frozen=True)
class NotNameWords:
    """Words of a language read without NER that a name found by its shape does not hold,
    lower case: ``function`` words (spaCy's stop-word list of the language, which needs no
    model: `auf`, `im`, `alle`, `meine`) and ``calendar`` words (month and weekday names,
    `data/calendar_words.tsv`), so that `Im Vergleich`, `Alle Termine`, `Ende Oktober` are no
    names. A stop list also holds adjectives that are surnames too (German `kurz`, `lang`,
    `klein`: Sebastian Kurz, Fritz Lang, Naomi Klein), so a name's last word is cut only when
    it is a calendar word or a short function word (three letters at most: `Albert Auf`).
    From `data/noun_words.tsv`: ``determiners``, which stand before a noun and not before a
    name in the language (German `eine Art Netflix`, `der Vulkan Stromboli`), and noun
    ``endings`` no word of a name has (`-ung`, `-heit`): a run holding such a word is a noun
    phrase (`Birke Baumbeschreibung`, `Slave Shifle Belohnung`); ``capitalised``: the
    language writes its nouns capitalised (German), so the third word of a run is a noun
    unless the middle one is a given name (`Heinrich Büssing Automobilwerke`; `Anna Maria
    Müller`); ``genitive``: the ending a name takes for its owner (German `Deniz Yücels
    Bericht`), cut when the text writes the name without it too."""

    function: frozenset[str] = frozenset()
    calendar: frozenset[str] = frozenset()
    determiners: frozenset[str] = frozenset()
    endings: tuple[str, ...] = ()
    capitalised: bool = False
    genitive: str = ""

    def written_after_a_determiner(self, word: str, text: str) -> bool:
        """True when ``text`` writes ``word`` after one of the language's determiners
        somewhere (`die Stimme`): a noun of the language, not a name."""
        if not self.determiners:
            return False
        determiners = "|".join(re.escape(d) for d in sorted(self.determiners))
        return re.search(rf"(?i:\b(?:{determiners})) {re.escape(word)}\b", text) is not None

    def is_noun(self, word: str) -> bool:
        """True for a word with one of the language's noun endings (`Beschreibung`)."""
        lower = word.lower()
        return any(lower.endswith(e) and len(lower) >= len(e) + 4 for e in self.endings)

    def cuts(self, word: str, position: int, length: int) -> bool:
        """True when ``word``, at ``position`` of a run of ``length`` name-shaped words, is no
        word of a name: the run is cut before it. A particle between two words is kept."""
        lower = word.lower()
        if lower in self.calendar:
            return True
        if lower not in self.function:
            return False
        if 0 < position < length - 1:
            return lower not in NAME_PARTICLES
        return position == 0 or len(lower) <= 3

    def before_noun(self, text: str, start: int) -> bool:
        """True when the words at ``start`` follow a determiner of the language (not one that
        is a relative pronoun after a comma), or a number within a line that is not a year
        (`30 Grad Celsius`, `6 Gang Automatik`): a noun, not a name."""
        if not self.determiners:
            return False
        before = _WORD_BEFORE.search(text, max(0, start - 40), start)
        if before is None:
            return False
        word = before.group(1)
        if word.isdigit():  # a year is no measure: `1996 Sven Schreivogel`
            year = len(word) == 4 and 1000 <= int(word) < 2100
            return not year and before.start(1) > 0 and text[before.start(1) - 1] not in "\n"
        if word.lower() not in self.determiners:
            return False
        i = before.start(1)  # after a comma it is a relative pronoun: `den Rekord, den Janica`
        while i > 0 and text[i - 1].isspace():
            i -= 1
        return not (i > 0 and text[i - 1] == ",")


# A last word after this many different first words is no surname (`_without_shared_last_words`;
# families and common surnames reach three or four: Bryan, Jose Pablo and Ulises Segura in one
# match report, Guido Balsamo Stella written three ways).
SHARED_LAST_WORD = 5
# the word just before a position, with the spaces between
_WORD_BEFORE = re.compile(r"(?<![\w.])([\w’']+)[ \t]+\Z")
# `z. B.`, `u. a.`, `d. h.`: an abbreviation of single letters, not an initial
_ABBREVIATION_BEFORE = re.compile(r"(?<![\w.])[a-z]\.\s?\Z")


@cache
def not_name_words(language: str | None) -> NotNameWords:
    """The `NotNameWords` of a language read without NER; none for English (read with its
    model) and for a language spaCy has no stop list for."""
    from search.entities import vocabulary

    if not language or language == "en":
        return NotNameWords()
    function = _stop_words(_SPACY_CODES.get(language, language))
    calendar = frozenset(
        w.lower()
        for row in vocabulary.rows("calendar_words.tsv")
        if row[0] == language
        for w in row[1].split()
        if not is_given_name(w.capitalize())
    )
    nouns = {
        row[1]: row[2].split() for row in vocabulary.rows("noun_words.tsv") if row[0] == language
    }
    return NotNameWords(
        function,
        calendar,
        frozenset(nouns.get("determiners", ())),
        tuple(nouns.get("endings", ())),
        capitalised="capitalised" in nouns.get("nouns", ()),
        genitive="".join(nouns.get("genitive", ())[:1]),
    )


def _stop_words(code: str) -> frozenset[str]:
    """spaCy's stop-word list of a language, lower case, read from its module file without
    importing the spaCy package (0.9 s, for a run whose pages no English model reads); the
    lists are plain sets of strings that import nothing. Empty when spaCy has none."""
    import importlib.util
    from pathlib import Path

    spacy = importlib.util.find_spec("spacy")  # finds the package without running it
    if spacy is None or not spacy.submodule_search_locations or not code.isalpha():
        return frozenset()
    path = Path(next(iter(spacy.submodule_search_locations))) / "lang" / code / "stop_words.py"
    found = importlib.util.spec_from_file_location(f"_newsidx_stop_words_{code}", path)
    if not path.is_file() or found is None or found.loader is None:
        return frozenset()
    module = importlib.util.module_from_spec(found)
    found.loader.exec_module(module)
    return frozenset(str(w).lower() for w in getattr(module, "STOP_WORDS", ()))


NOUN_PHRASE_WORDS = 3


def _full_names(text: str, stop: NotNameWords) -> list[tuple[str, int]]:
    """Runs of two or more name-shaped words (`_FULL_NAME`) as (text, start), cut before a
    word ``stop`` says no name holds and started again after it; a noun among the first
    NOUN_PHRASE_WORDS makes the words before it a noun phrase too."""
    found = []
    pos = 0
    while (match := _FULL_NAME.search(text, pos)) is not None:
        tokens = match.group(0).split(" ")
        cut = next((i for i, t in enumerate(tokens) if stop.cuts(t, i, len(tokens))), None)
        if stop.before_noun(text, match.start()):
            # `eine Art Netflix`, `der Großindustrielle Hugo Stinnes`: the run's first word is
            # a noun; start again after it
            pos = match.start() + len(tokens[0]) + 1
            continue
        noun = next((i for i, t in enumerate(tokens) if i and stop.is_noun(t)), None)
        if noun is not None and (cut is None or noun < cut):
            if noun >= NOUN_PHRASE_WORDS:  # names before it are kept
                cut = noun
            else:
                # `Slave Shifle Beschreibung`: a noun phrase, no name; start after the noun
                pos = match.start() + sum(len(t) + 1 for t in tokens[: noun + 1])
                continue
        if cut is None:
            found.append((match.group(0), match.start()))
            pos = match.end()
            continue
        if cut >= 2:
            found.append((" ".join(tokens[:cut]), match.start()))
        pos = match.start() + sum(len(t) + 1 for t in tokens[: cut + 1])
    return found


# The last word of a district or constituency named after its town (`Preston North`)
_DISTRICT_WORDS = frozenset("north south east west central outer inner".split())
DISTRICT_TOWN = 50_000  # a town of at least this many people: not `Oliver North`


def _shaped_names(
    run: str, at: int, text: str, stop: NotNameWords, common: frozenset[str]
) -> Iterator[tuple[str, int]]:
    """The names in a run of name-shaped words (`_full_names`), as (name, start), taken
    left to right, three words before two (a name is `_looks_like_person`). A name may start
    inside the run after a title, a word the text writes in lower case (``common``; not the
    first word of a place: `New York Daily`) or a name just taken (`Chancellor Angela
    Merkel`, `Kenias Vizepräsident William Ruto`); in a language that capitalises nouns
    (``stop.capitalised``) after any word that is no given name, and three words are a name
    only when the middle one is a given name or a particle and the last is no noun
    (`Anna Maria Müller`, `Jean-Yves Le Drian`; `Heinrich Büssing Automobilwerke`). A last
    word with the language's genitive ending is cut when the text writes it without
    (`Deniz Yücels Bericht`)."""
    words = run.split(" ")
    offsets = [at]
    for word in words[:-1]:
        offsets.append(offsets[-1] + len(word) + 1)
    i, taken = 0, False
    while i < len(words) - 1:
        before = words[i - 1] if i else ""
        opens = (
            not i
            or taken
            or before.lower() in TITLE_WORDS
            or (stop.capitalised and not is_given_name(before))
            or (before.lower() in common and not countries.is_place(f"{before} {words[i]}"))
        )
        taken = False
        for n in (3, 2) if opens else ():
            part = words[i : i + n]
            if len(part) < n or n == 3 and not _three_word_name(part, text, stop):
                continue
            if n == 3 and i + 3 < len(words) and is_given_name(part[2]):
                continue  # `Caitlin Flanagan Richard Ford`: a list of names, two by two
            after = words[i + n].lower() if i + n < len(words) else ""
            if after in NON_PERSON_WORDS or part[-1].lower() in NAME_PARTICLES:
                break  # `Ludwig Maximilian University`, `Horacio Coelho De`
            if any(w.lower() in TITLE_WORDS for w in part[1:]):
                continue  # `German Chancellor`: a title, not a surname
            value = " ".join(part)
            if _looks_like_person(value, common):
                yield _without_genitive(value, text, stop), offsets[i]
                taken = True
                i += n
                break
        if not taken:
            i += 1


def _three_word_name(words: list[str], text: str, stop: NotNameWords) -> bool:
    """Whether three name-shaped words may be one name: always, but in a language that
    capitalises nouns, where the middle word must be a given name or a particle and the last
    no noun (a noun ending, or written after one of the language's determiners)."""
    if not stop.capitalised:
        return True
    if not (is_given_name(words[1]) or words[1].lower() in NAME_PARTICLES):
        return False
    last = words[2]
    return not stop.is_noun(last) and not stop.written_after_a_determiner(last, text)


def _without_genitive(value: str, text: str, stop: NotNameWords) -> str:
    """The name without the language's genitive ending when the text also writes its last
    word without it (`Deniz Yücels Bericht`, `Yücel` elsewhere)."""
    if not stop.genitive:
        return value
    last = value.rsplit(" ", 1)[-1]
    stem = last.removesuffix(stop.genitive)
    if stem != last and len(stem) >= 3 and re.search(rf"(?<!\w){re.escape(stem)}(?!\w)", text):
        return value[: -len(stop.genitive)]
    return value


def _district(value: str) -> bool:
    """True for a town of `DISTRICT_TOWN` people or a region followed by a compass word
    (`Preston North`, `Milton Keynes South`, `York Outer`): a district, not a person."""
    rest, _, last = value.rpartition(" ")
    if last.lower() not in _DISTRICT_WORDS or not rest:
        return False
    found = countries.place(rest)
    return found is not None and (found.kind == "region" or found.population >= DISTRICT_TOWN)


def _listed_names(span: Span) -> list[Span]:
    """A span of four or more words split where a given name follows a word that is none
    (`Martin Amis Anne Applebaum Marie Arana`, a list of signatories written without
    commas), when every part looks like a person's name (`_looks_like_person`)."""
    words = span.text.split(" ")
    if len(words) < 4:
        return [span]
    cuts = [
        i
        for i in range(2, len(words) - 1)
        if is_given_name(words[i])
        and not is_given_name(words[i - 1])
        and "." not in words[i - 1] + words[i]
    ]
    if not cuts:
        return [span]
    parts, start = [], 0
    for cut in [*cuts, len(words)]:
        parts.append(words[start:cut])
        start = cut
    if not all(_looks_like_person(" ".join(part)) for part in parts):
        return [span]
    out, offset = [], span.start
    for part in parts:
        text = " ".join(part)
        out.append(Span(span.label, text, offset, offset + len(text)))
        offset += len(text) + 1
    return out


# what separates two names in one span: a list's comma or slash, a spaced dash, `and`
# (`Dieter Eilts, Steffen Freund`, `Lee Wan Wah / Chong`, `Christopher Reeve -- Reeve`,
# `Marvin Gaye and Tammi Terrell`)
_SEPARATORS = re.compile(r"\s*(?:,|;|\s/|\s--|\s(?:and|&))\s+")
_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())  # `Martin Luther King, Jr.`
# lower-case words that join two names into one thing's (a fixture's `Milton Keynes Dons v
# Peterborough`, `Antigua y Barbuda`): no name ends before them
_JOINING_WORDS = frozenset("v vs und et y e".split())
# a name-shaped word: capitalised (hyphens and apostrophes inside), or initials (`K.T.`)
_NAME_WORD = re.compile(rf"^(?:{UPPER}[\w'’.-]*|(?:{UPPER}\.)+)$")


def _separated(span: Span) -> list[Span]:
    """A PERSON span as the names it holds: split at separators when every part is made of
    name-shaped words, and without the lower-case words that follow a full name (`Marcelo
    Rios of`, `S. Tendulkar run`: the model ran on into the sentence)."""
    if span.label != "PERSON":
        return [span]
    pieces, at = [], 0
    for match in _SEPARATORS.finditer(span.text):
        pieces.append((span.text[at : match.start()], at))
        at = match.end()
    pieces.append((span.text[at:], at))
    if len(pieces) > 1 and any(text.strip().lower() in _SUFFIXES for text, _ in pieces):
        return [span]
    if len(pieces) > 1 and not all(
        words and all(_NAME_WORD.match(w) or w in NAME_PARTICLES for w in words)
        for words in (text.split() for text, _ in pieces)
    ):
        return [span]
    out = []
    for text, offset in pieces:
        words = text.split(" ")
        named = next((i for i, w in enumerate(words) if not _NAME_WORD.match(w)), len(words))
        if (
            2 <= named <= 3
            and named < len(words)
            and words[named].isalpha()
            and words[named].islower()
        ):
            if words[named] not in NAME_PARTICLES and words[named] not in _JOINING_WORDS:
                text = " ".join(words[:named])
        start = span.start + offset
        out.append(Span(span.label, text, start, start + len(text)))
    return out


def _from_headline_only(original: str, value: str, start: int, end: int) -> bool:
    """True for a name read in an ALL-CAPS line that the rest of the text never writes."""
    if not original[start:end].isupper():
        return False
    last = value.split()[-1]
    return re.search(rf"(?<!\w){re.escape(last)}(?!\w)", original) is None


def repair(
    text: str,
    spans: tuple[Span, ...],
    *,
    original: str | None = None,
    stop: NotNameWords = NotNameWords(),
) -> list[Span]:
    """The spans with people relabelled, extended, added and vetoed as described above.

    ``text`` is what the model read; ``original`` the same text before ALL-CAPS lines were
    title-cased (same length), used to drop headline-only "names" like `Cunningham Retires`;
    ``stop``: words no name found by its shape holds (`not_name_words`, for a language read
    without NER).
    """
    original = text if original is None or len(original) != len(text) else original
    out: list[Span] = []
    covered = [False] * (len(text) + 1)
    common = lower_words(text)
    for span in (part for whole in spans for part in _separated(whole)):
        label, value, start, end = span.label, span.text, span.start, span.end
        if "(" in value:  # `Scott Draper (Australia`: the name ends at the bracket
            cut = value.index("(")
            value, end = value[:cut].rstrip(), start + len(value[:cut].rstrip())
        for sep in (") ", " - ", " – ", " — "):  # `Lindsay) Davenport`, `Sri Lanka - Arjuna R`
            if sep in value:
                cut = value.rindex(sep) + len(sep)
                value, start = value[cut:], start + cut
        if label == "PERSON" and text[start - 1 : start] == "#" and " " in value:
            cut = value.index(" ") + 1  # `#Browns Greedy Williams`: a hashtag, then the name
            value, start = value[cut:], start + cut
        stat = _STAT_LINE.match(value) or _STAT_AFTER.match(text, end)
        trimmed = _TRAILING_NUMBERS.sub("", _STAT_TRAILER.sub("", value))  # `J. Pooley 111`
        value, end = trimmed, start + len(trimmed)
        if not value.strip():
            continue  # (a span of spaces left raised IndexError below, ending the batch)
        while label == "PERSON" and " " in value and value.split()[-1].lower() in _NAME_GOES_ON:
            after = _NAME_AFTER_PARTICLE.match(text, end)  # `Ursula von der` + `Leyen`
            if after is None:
                break
            value, end = value + after.group(0), after.end()
        particle = _PARTICLE_NAME_AFTER.match(text, end) if label == "PERSON" else None
        if particle is not None:
            value, end = value + particle.group(0), particle.end()
        syllable = _SYLLABLE_AFTER.match(text, end) if label == "PERSON" else None
        if syllable is not None and " " in value and len(value.split()[-1]) <= 5:
            value, end = value + syllable.group(0), syllable.end()  # `Moon Jae` + `-in`
        if stat is not None and label != "PERSON" and _NAME_SHAPED.match(value):
            label = "PERSON"  # `Talorie Crafton 1` [goal]: a player's line of a results table
        if label != "PERSON" and _looks_like_person(value, common):
            label = "PERSON"
        if label == "PERSON" and (
            _from_headline_only(original, value, start, end)
            or any(t.lower().strip(".") in NON_PERSON_WORDS for t in value.split())
            or value.lower() in NOT_PERSONS
        ):
            continue
        if label == "PERSON" and len(value.split()) == 1:
            before = text[max(0, start - 30) : start]
            match = re.search(r"([A-Z][a-z]+) $", before)
            if match and is_given_name(match.group(1)):
                value, start = f"{match.group(1)} {value}", start - len(match.group(0))
            elif countries.is_place(value):
                continue  # `Surrey`, `Kent`: teams and places, not people
        if label == "PERSON" and _district(value):
            continue  # `Preston North`, `York Outer`: a constituency or district
        if label == "PERSON":
            for i in range(start, end):
                covered[i] = True
            out.extend(_listed_names(Span(label, value, start, end)))
            continue
        out.append(Span(label, value, start, end))
    # a one-word person the model cut from a fuller name (`Noah` of `Noah Jackson 1 goal`):
    # the name found by its shape replaces it
    cut_short = {s.start: i for i, s in enumerate(out) if s.label == "PERSON" and " " not in s.text}
    for run, at in _full_names(text, stop):
        for value, start in _shaped_names(run, at, text, stop, common):
            end = start + len(value)
            if _from_headline_only(original, value, start, end):
                continue
            if _district(value) or value.split()[-1].lower() in NOT_GIVEN_NAMES:
                continue
            if covered[start]:
                shorter = cut_short.get(start)
                if shorter is not None and out[shorter].end < end:
                    out[shorter] = Span("PERSON", value, start, end)
                    for i in range(start, end):
                        covered[i] = True
                continue
            out.append(Span("PERSON", value, start, end))
            for i in range(start, end):
                covered[i] = True
    for match in _COUNTED_NAME.finditer(text):  # `Tolivert 25 points`: a player's line
        start, end = match.span(1)
        word = match.group(1)
        if covered[start] or covered[end - 1] or word.lower() in common:
            continue
        if _CAPITALISED_BEFORE.search(text, max(0, start - 40), start):
            continue  # the end of a longer name (`Starven Saint Hilare 1 goal`)
        if word.lower() in NOT_PERSONS or word.lower() in NON_PERSON_WORDS:
            continue
        if word.lower() in _calendar_words() or word.lower() in _ENGLISH_CALENDAR:
            continue  # `since June 3rd and`: a date
        if countries.is_place(word):
            continue
        out.append(Span("PERSON", word, start, end))
        for i in range(start, end):
            covered[i] = True
    for start, end, value in _inverted_names(text, common, stop):
        if not covered[start] and not covered[end - 1]:
            out.append(Span("PERSON", value, start, end))
            for i in range(start, end):
                covered[i] = True
    for match in _PATRONYMIC.finditer(text):
        words = match.group(0).split(" ")
        if any(stop.cuts(w, i, len(words)) for i, w in enumerate(words)):
            continue  # the language's own words: German `Ich bin Jens`
        if not covered[match.start()] and not covered[match.end() - 1]:
            out.append(Span("PERSON", match.group(0), match.start(), match.end()))
            for i in range(match.start(), match.end()):
                covered[i] = True
    for start, end in scorecard_names(text):
        if not any(covered[start:end]):
            out.append(Span("PERSON", text[start:end], start, end))
            for i in range(start, end):
                covered[i] = True
    for match in _INITIALS_NAME.finditer(text):
        surname = match.group(1).rsplit(".", 1)[-1].strip()
        if stop.function and (
            surname.lower() in stop.function  # `Vitamin D. Wer`, `Faktor R. Jetzt`
            or _ABBREVIATION_BEFORE.search(text, max(0, match.start(1) - 4), match.start(1))
            or stop.before_noun(text, match.start(1))
        ):
            continue
        if not covered[match.start(1)]:  # only person spans cover: `Kent 108 (A. Smith` is an ORG
            out.append(Span("PERSON", match.group(1), match.start(1), match.end(1)))
    return _without_shared_last_words(out) if stop.function else out


# English month and day names (`calendar_words.tsv` leaves them out: `May`, `June` are names)
_ENGLISH_CALENDAR = frozenset(
    w.lower() for w in (*calendar.month_name[1:], *calendar.month_abbr[1:], *calendar.day_name)
)


@cache
def _calendar_words() -> frozenset[str]:
    """Month and day names of every language of `calendar_words.tsv`, given names or not."""
    from search.entities import vocabulary

    return frozenset(
        w.lower() for row in vocabulary.rows("calendar_words.tsv") for w in row[1].split()
    )


def _inverted_names(
    text: str, common: frozenset[str], stop: NotNameWords
) -> list[tuple[int, int, str]]:
    """The persons of a list written surname first (`Greiner, Anja 1992; Effert, Sarah-Lea
    1993`), as (start, end, `Given Surname`): INVERTED_ENTRIES entries or more whose second
    part is a known given name and whose first is none, nor a word the text writes in lower
    case, nor a place (`Paris, Texas`), nor either one of the language's own words (German
    `Kollegen, Mai 2020`: a noun and a month)."""
    found = []
    for match in _INVERTED_NAME.finditer(text):
        surname, given = match.group(1), match.group(2)
        if not is_given_name(given) or is_given_name(surname) or surname.lower() in common:
            continue
        if stop.cuts(given, 0, 2) or stop.cuts(surname, 1, 2) or stop.is_noun(surname):
            continue
        if given.lower() in _calendar_words():
            continue  # `Kollegen, Mai 2014`: a month, though `Mai` is a given name too
        if countries.is_place(surname) or countries.is_place(given):
            continue
        found.append((match.start(), match.end(2), f"{given} {surname}"))
    return found if len(found) >= INVERTED_ENTRIES else []


def _without_shared_last_words(spans: list[Span]) -> list[Span]:
    """The spans less the persons whose last word follows `SHARED_LAST_WORD` or more
    different first words in the text (`Anna Motivgleich`, `Gino Motivgleich`, `J.
    Motivgleich` down a catalogue's column): a word of the table, not a family's name."""
    firsts: dict[str, set[str]] = {}
    for span in spans:
        words = span.text.split()
        if span.label == "PERSON" and len(words) >= 2:
            firsts.setdefault(words[-1].lower(), set()).add(words[0].lower())
    shared = {last for last, found in firsts.items() if len(found) >= SHARED_LAST_WORD}
    return [
        s
        for s in spans
        if s.label != "PERSON"
        or len(s.text.split()) < 2
        or s.text.split()[-1].lower() not in shared
    ]
