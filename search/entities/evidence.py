"""Is a PERSON span a person? Evidence that holds across sources, not rules for one page.

The small English model tags clubs, bands, products, works and capitalised common words as
people (`Steelers`, `Nintendo Switch`, `Moon`, `U.S. Open`). A name is dropped on evidence
against it, unless a leading given name or initial outweighs the weaker kinds:

- always against: a word of an organisation, venue, event or product (strong words of
  `data/not_person_words.txt`); starting with a two-word place (`Hong Kong Stock`); a whole
  place name (`San Jose`); written after "the" in half its mentions or more (`the
  Steelers`); compounded as a work, band or company in the article or anywhere in the batch
  (`Vera Drake star`, `Yukos shares`);
- against unless a given name or initial leads (`Stephen Field`, `C. White`, `Chad Thomas`):
  surname-like words of such names (`Heinz Field`); a leading country, abbreviation or
  nationality (`U.S. Treasury`, `Sri Lankan`); numbered like a work (`Mortal Kombat 11`); a
  common word leading or heading it, as the batch writes it in lower case (`Price Drop`,
  `Nintendo Switch`); tagged as something else more often, in the article or the batch;
- a given name counts only when the batch does not mostly write the word in lower case
  (`One`, `Just`, `Price` are in the names list);
- a bare one-word name is a person only with support: a title or role before it (`Mr`,
  `coach`), speech or a possessive after it (`Lowe said`), or person tags again and again
  across the batch — and never when the batch uses it in a prize adjective (`Oscar-winning`);
- for a person: a full name led by a given name that another article of the batch accepted
  is a person wherever the batch writes it, even where the model read something else there
  (`envoy to Ukraine Kurt Volker` tagged as a place); names in credit lines (`Reporting by`).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from search.entities import countries, vocabulary

if TYPE_CHECKING:
    from search.entities.ner import Span, Tagged

OTHER_LABELS = frozenset({"ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT"})
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
# speech, a relative pronoun or a possessive after a name; not an `'s` that ends a shop's or a
# company's name, followed by a verb or its shares (`Rival Lowe's was also lower`,
# `Macy's said`, `Kohl's shares`); not `who` asked (a knock-knock joke's `Donut who?`)
_SPEECH = re.compile(
    r"^[\s,]*(?:(?:'s|’s)(?!\s+(?:was|is|were|are|has|had|have|will|would|said|says|"
    r"reported|posted|rose|fell|shares|stock|stores)\b)|\s(?:said|says|told|added|asked|"
    r"wrote|argued|noted|explained|insisted|replied|recalled|believes|thinks|tweeted|"
    r"testified|who(?![?])|whose)\b)"
)
BATCH_PERSON_VOTES = 3  # a bare name tagged a person this often across the batch is one
BATCH_ORG_VOTES = 2  # a word tagged an organisation this often leads a product's name
# Definite articles of other languages, capitalised at the head of a two-word name: the title
# of a paper, a work or a place (`Le Monde`, `El Mundo`, `Die Zeit`, `El Capitan`), not a
# person, unless a given name follows (`El Hassane`). Not `Les` (a given name), `De`, `Lo`
# (surnames) or `Le` before a third word (`Le Duc Anh`, a Vietnamese family name).
TITLE_ARTICLES = frozenset("le la el il los las die der das het".split())
# Possessive determiners: a capitalised phrase they lead is a title (`My Struggle`, `Mein
# Kampf`, `Mon Oncle`), in English and the languages news quotes titles in; not those that
# are also given names or East Asian surnames (`Ma`, `Mi`, `Min`, `Su`, `Mia`)
POSSESSIVES = frozenset(
    """my our your his her its their mein meine meinen unser unsere dein deine mon mes notre
    votre nuestro nuestra nuestros nuestras meu minha nosso nossa mijn nostra nostro moja""".split()
)


@cache
def not_person_words() -> tuple[frozenset[str], frozenset[str]]:
    """(words that are never part of a person's name, words that are also surnames)."""
    text = resources.files("search.entities").joinpath("data/not_person_words.txt").read_text()
    strong, _, weak = text.partition("\n[surnames]\n")

    def words(part: str) -> frozenset[str]:
        lines = (line for line in part.splitlines() if not line.startswith("#"))
        return frozenset(w.lower() for line in lines for w in line.split())

    return words(strong), words(weak)


def _is_given_name(word: str) -> bool:
    from search.entities.repair import is_given_name

    return is_given_name(word)


def led_by_given_name(tokens: Sequence[str], context: Context | None = None) -> bool:
    """True for `Stephen Field`, `C. White`: a given name or an initial before a surname
    (a names-list word the texts read as a common word, `One Washington`, is none)."""
    from search.entities.repair import is_given_name

    if len(tokens) < 2 or "." in tokens[0][:-1] and _place_or_people(tokens[0]):
        return False  # `U.S. Attorney` has no initial
    if re.fullmatch(r"[A-Z]\.?(?:[A-Z]\.?)?", tokens[0]):
        return True
    return is_given_name(tokens[0]) and (context is None or context.reads_as_name(tokens[0]))


# A word known as a given name counts as one unless the texts write it in lower case far
# more often than capitalised inside a sentence (`One`, `Just`, `Will`, `Price` are in the
# names list; `Mark`, `Bill`, `Jordan` are written as names often enough).
GIVEN_NAME_MIN_SHARE = 0.2
# `Oscar-winning`, `Grammy-nominated`: a capitalised word in an adjective of prizes, as names
# of people are not (plurals are no evidence: `the Blairs` is a family).
_THING = re.compile(r"\b([A-Z][a-z]{2,})-(?:winning|nominated|winner|nomination|award)")
# (a word before an apostrophe is none: `don't`, `won't` write no word `don`, `won`)
_MID_SENTENCE = re.compile(r"(?<=[a-z,;] )([A-Z][a-z]+)|\b([a-z]+)\b(?!['’])")


@dataclass(frozen=True)
class Context:
    """What the batch of articles read together says about words and names."""

    lowercase: frozenset[str] = frozenset()  # words written in lower case somewhere
    votes: dict[str, Counter[str]] = field(default_factory=dict)  # name → label counts
    lower_uses: Counter[str] = field(default_factory=Counter)  # word → times in lower case
    name_uses: Counter[str] = field(default_factory=Counter)  # … capitalised mid-sentence
    works: frozenset[str] = frozenset()  # names seen compounded as works or bands
    things: frozenset[str] = frozenset()  # words also written as in `Oscar-winning`
    teams: frozenset[str] = frozenset()  # names seen playing as teams (`places.team_names`)
    tabled: frozenset[str] = frozenset()  # names standing as teams in results tables
    listed: frozenset[str] = frozenset()  # names followed by a stock ticker (`listed`)

    @staticmethod
    def of(
        texts: Iterable[str], spans: Iterable[tuple[str, str]], works: Iterable[str] = ()
    ) -> Context:
        """From the texts of a batch, its (label, text) spans and the names seen compounded
        as works (`compounded_as_work`)."""
        from search.entities.repair import without_addresses

        texts = list(texts)
        lowercase: set[str] = set()
        things: set[str] = set()
        lower_uses: Counter[str] = Counter()
        name_uses: Counter[str] = Counter()
        for text in texts:
            things.update(m.group(1).lower() for m in _THING.finditer(text))
            text = without_addresses(text)  # `richard.graham.mp@…` writes no word `richard`
            lowercase.update(w for w in _WORD.findall(text) if w.islower())
            for match in _MID_SENTENCE.finditer(text):
                if match.group(1):
                    name_uses[match.group(1).lower()] += 1
                else:
                    lower_uses[match.group(2)] += 1
        votes: dict[str, Counter[str]] = {}
        for label, text in spans:
            votes.setdefault(vote_key(text), Counter())[label] += 1
        works_seen = frozenset(vote_key(w) for w in works)
        return Context(
            frozenset(lowercase),
            votes,
            lower_uses,
            name_uses,
            works_seen,
            frozenset(things),
            tabled=frozenset(vote_key(n) for text in texts for n in results_table_names(text)),
        )

    @cached_property
    def surnames(self) -> frozenset[str]:
        """The last words of names of two words or more tagged a person somewhere (`trump` of
        `donald trump`), read once for the batch."""
        return frozenset(
            key.rsplit(" ", 1)[1] for key, v in self.votes.items() if " " in key and v["PERSON"]
        )

    def reads_as_name(self, word: str) -> bool:
        """False for a word the texts mostly write in lower case (`one`, `just`)."""
        lower = self.lower_uses.get(word.lower(), 0)
        return not lower or self.name_uses.get(word.lower(), 0) >= GIVEN_NAME_MIN_SHARE * lower


def vote_key(text: str) -> str:
    """How mentions are compared when their labels are counted."""
    return " ".join(text.replace("’", "'").removesuffix("'s").split()).lower()


# Words after a name that make it a work, a band or a company (`Vera Drake star Imelda
# Staunton`, `Franz Ferdinand frontman`, `Yukos shares`): people are not compounded so.
# (No verbs: `Jamie Foxx stars in Ray`.)
WORK_NOUNS = frozenset(
    """star co-star director directors frontman frontwoman sequel sequels prequel franchise
    soundtrack trilogy screenplay adaptation remake shares shareholders stake subsidiary
    subsidiaries boss bosses headquarters""".split()
)
# ... and nouns of the place a name is given to (`Walter Reed hospital`, `Sierra Nevada
# foothills`, `Mohegan Sun Arena`): people are not followed by them either
PLACE_NOUNS = frozenset(
    """hospital clinic arena stadium theater theatre foothills mountains airport campus
    museum casino resort racecourse speedway ballpark""".split()
)
# ... and nouns of a product's kind, right after the name or after one model letter or number
# (`the Sentra sedan`, `Ford's Mustang Mach E SUV`, `Zacian and Zamazenta Edition`)
PRODUCT_NOUNS = frozenset(
    """sedan sedans suv suvs hatchback pickup coupe minivan crossover smartphone smartphones
    handset handsets laptop laptops tablet tablets console consoles headphones earbuds
    edition""".split()
)
_FOLLOWING = re.compile(r"[ \t]+([A-Za-z][a-z-]*)")
_BY_A_NAME = re.compile(r"[ \t]+by[ \t]+[A-Z]")
_PRODUCT_AFTER = re.compile(r"(?:[ \t]+[A-Z0-9][A-Za-z0-9+]?)?[ \t]+([A-Za-z][A-Za-z-]*)")
# ... and the nouns a work's or a band's name follows (`the film Vera Drake`, `the band
# Scissor Sisters`; not `play`, `show`, `game`: `to play Cyril Saulnier`)
WORK_NOUNS_BEFORE = frozenset(
    """film movie album novel song single musical sitcom opera documentary drama band
    """.split()
)
_WORK_BEFORE = re.compile(rf"\b(?:{'|'.join(sorted(WORK_NOUNS_BEFORE))})[ \t]+$")
# ... and the nouns an organisation's one-word name follows (`the Maputo daily Noticias`,
# `export bank Bancomext`, `sister publication Gente`): on CoNLL-2003 train and dev and the aeb
# bodies, 130 capitalised words follow these nouns, one a person's (`insurer Thierry Dehaan`,
# two words: a role before a full name)
ORGANISATION_NOUNS_BEFORE = frozenset(
    """newspaper daily weekly magazine tabloid publication broadcaster channel network agency
    bank airline carrier firm company group maker retailer operator brand label lender
    manufacturer distributor chain conglomerate publisher studio""".split()
)
_ORGANISATION_BEFORE = re.compile(rf"\b(?:{'|'.join(sorted(ORGANISATION_NOUNS_BEFORE))})[ \t]+$")


def after_an_organisation_noun(text: str, mentions: Sequence[tuple[int, int]]) -> bool:
    """True when a mention follows the noun of an organisation's kind
    (`ORGANISATION_NOUNS_BEFORE`): for a one-word name, what it names."""
    return any(
        _ORGANISATION_BEFORE.search(text, max(0, start - 16), start) for start, _ in mentions
    )


def compounded_as_work(text: str, mentions: Sequence[tuple[int, int]]) -> bool:
    """True when one of the mentions is followed by a noun of a work or a band, of a place
    named after someone (`Walter Reed hospital`, `Mohegan Sun Arena`) or of a product's kind
    (`Mustang Mach E SUV`), or follows the noun of
    a work or a band with a name of two words or more (`the film Vera Drake`; `the film Ray`
    is not Ray Charles)."""
    for start, end in mentions:
        whole = " " in text[start:end].strip()
        if whole and _WORK_BEFORE.search(text, max(0, start - 16), start):
            return True
    for _, end in mentions:
        match = _FOLLOWING.match(text, end)
        if match is None:
            continue
        word = match.group(1)
        if word in WORK_NOUNS or word.lower() in PLACE_NOUNS:
            return True
    for _, end in mentions:
        match = _PRODUCT_AFTER.match(text, end)
        if match is not None and match.group(1).lower() in PRODUCT_NOUNS:
            return True
    # a work and who made it: `Portam Civitatis by Peter Snijder` (on CoNLL-2003 and aeb no
    # person of the gold stands before "by" and a capital; `beat Smith by two shots` has none)
    return any(_BY_A_NAME.match(text, end) for _, end in mentions)


# Roles a name stands before when it is the team or company of the person after it (`Sabres
# center Casey Mittelstadt`, `Browns defensive end Myles Garrett`, `Apple CEO Tim Cook`).
ROLE_NOUNS = frozenset(
    """
    center centre captain quarterback defenseman goalie goaltender goalkeeper keeper striker
    forward guard pitcher catcher shortstop outfielder infielder coach manager midfielder
    defender winger end tackle linebacker safety cornerback receiver back rookie star player
    teammate chairman chairwoman ceo cfo coo president founder owner executive spokesman
    spokeswoman spokesperson director boss analyst economist engineer reporter correspondent
    """.split()
)
# the words that may stand between (`defensive end`, `head coach`; not `campaign manager`:
# `Dole campaign manager Scott Reed` names whose campaign)
ROLE_ADJECTIVES = frozenset(
    "defensive offensive head assistant chief starting backup senior managing team club".split()
)
_ROLE_AFTER = re.compile(
    rf"[ \t]+(?:(?:{'|'.join(sorted(ROLE_ADJECTIVES))})[ \t]+)?"
    rf"(?i:{'|'.join(sorted(ROLE_NOUNS))})[ \t]+[A-Z][\w'’.-]+[ \t]+[A-Z][\w'’-]+"
)


# What a leader's name stands before (`the Trump administration`, `the Blair government`):
# a person, though written after "the" and alone
LEADER_NOUNS = frozenset(
    "administration administrations presidency premiership government cabinet regime "
    "impeachment aides".split()
)
_LEADER_AFTER = re.compile(rf"(?:'s|’s)?[ \t]+(?:{'|'.join(sorted(LEADER_NOUNS))})\b")


def leads(text: str, mentions: Sequence[tuple[int, int]]) -> bool:
    """True when a mention stands before a noun of a leader's office (`LEADER_NOUNS`)."""
    return any(_LEADER_AFTER.match(text, end) for _, end in mentions)


def spoken(text: str, mentions: Sequence[tuple[int, int]]) -> bool:
    """True when a mention is followed by speech or a relative pronoun (`_SPEECH`, not its
    possessive): `Will Smith said`, `Hope Hicks, who`."""
    for _, end in mentions:
        match = _SPEECH.match(text[end : end + 20])
        if match and match.group(0).lstrip(" \t\n,")[:1] not in ("'", "’"):
            return True
    return False


def before_a_role(text: str, mentions: Sequence[tuple[int, int]]) -> bool:
    """True when a mention stands before a role and another person's full name, as a team or
    company does (`Sabres center Casey Mittelstadt`): whose role it is, not a person."""
    for _, end in mentions:
        if _ROLE_AFTER.match(text, end):
            return True
    return False


# What an apposition says a person is (`Will Moy, chief executive of`, `Eswar Prasad, a
# trade professor at Cornell`, `Emon, 43, has coached`): roles only people hold, written in
# lower case (`Final Fantasy XV, Football Manager 2020` is a list)
PERSON_ROLES = frozenset(
    """director executive professor lecturer minister secretary spokesman spokeswoman
    spokesperson ambassador senator congressman congresswoman governor mayor chairman
    chairwoman founder co-founder ceo analyst economist lawyer attorney author writer actor
    actress singer rapper musician player coach manager officer deputy leader researcher
    scientist student teacher doctor editor reporter correspondent son daughter wife husband
    mother father widow""".split()
)
_DESCRIBED = re.compile(
    r",[ \t]+(?:\d{1,3},|(?:(?:the|a|an|his|her)[ \t]+)?(?:[a-z][\w'’-]*[ \t]+){0,3}?"
    rf"(?:{'|'.join(sorted(PERSON_ROLES))})\b)"
)


def described(text: str, mentions: Sequence[tuple[int, int]]) -> bool:
    """True when a mention is followed by an apposition giving a person's role or age."""
    return any(_DESCRIBED.match(text, end) for _, end in mentions)


_OPEN_QUOTE = frozenset('"“‘«')
_CLOSE_QUOTE = re.compile(r"[,.!?]?[\"”’»]")


def quoted(text: str, mentions: Sequence[tuple[int, int]]) -> float:
    """The share of the mentions written whole between quotation marks, as titles of works
    are (`“Mary Poppins” and “Bambi”`), not names of people."""
    if not mentions:
        return 0.0
    return sum(
        1
        for start, end in mentions
        if start > 0 and text[start - 1] in _OPEN_QUOTE and _CLOSE_QUOTE.match(text, end)
    ) / len(mentions)


# a stock ticker after a name: `Lowe’s (LOW)`, `Apple (NASDAQ: AAPL)`; without an exchange,
# two to five capitals starting as the name does (a party's letter, `Rick Scott (R)`, is none)
_TICKER = re.compile(
    r"(?:'s|’s)?[ \t]*\((?:(?P<exchange>NYSE|NASDAQ|Nasdaq|AMEX|LSE|TSX|OTC)[ \t]*:[ \t]*)?"
    r"(?P<symbol>[A-Z]{1,5}(?:\.[A-Z])?)\)"
)


def listed(text: str, name: str, mentions: Sequence[tuple[int, int]]) -> bool:
    """True when a mention is followed by a stock ticker, as companies are."""
    for _, end in mentions:
        match = _TICKER.match(text, end)
        if match is None:
            continue
        symbol = match.group("symbol")
        if match.group("exchange") or len(symbol) >= 2 and symbol[0] == name[:1].upper():
            return True
    return False


# the legal form after a company's name (`Philip Morris Cos Inc`, `Eli Lilly & Co.`, `Piper
# Jaffray Inc`, `Atria Oy`): where the article writes a name so, the name is the company's
_LEGAL_FORM = re.compile(
    r"(?:'s|’s)?,?[ \t]+(?:&[ \t]+Co\b|and[ \t]+Co\b|Inc\b|Corp\b|Co\b|Cos\b|Ltd\b|LLC\b|"
    r"Plc\b|PLC\b|AG\b|GmbH\b|Oy\b|AB\b|ASA\b|SpA\b|"
    r"(?:S\.?A|N\.?V|L\.?P)\.?(?=[\s,.;)]))"
)


def incorporated(text: str, name: str) -> bool:
    """True when the article writes the name followed by a company's legal form, the name
    leading the company's (not `Automobilwerke Kurt Scheibler GmbH`, named after a founder
    the article names too)."""
    return any(
        _LEGAL_FORM.match(text, m.end())
        and not _CAPITALISED_BEFORE.search(text, max(0, m.start() - 40), m.start())
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)
    )


_CAPITALISED_BEFORE = re.compile(r"[A-ZÄÖÜ][\w.-]*[ \t]$")


def against(
    name: str,
    context: Context,
    *,
    article_votes: Counter[str],
    after_the: float = 0.0,
    numbered: float = 0.0,
    work: bool = False,
    at_place: float = 0.0,
    employs: bool = False,
    in_quotes: float = 0.0,
    is_described: bool = False,
    with_ticker: bool = False,
    in_other_column: float = 0.0,
    trademark: bool = False,
    organisation_noun: bool = False,
    company: bool = False,
    speaks: bool = False,
) -> str | None:
    """Why ``name`` (a cleaned PERSON mention) is not a person, or None; ``after_the``: the
    share of its mentions written after "the" (`the Steelers`, `the Mayo Clinic`),
    ``numbered``: the share followed by a number (`Mortal Kombat 11`, `Final Fantasy XV`),
    ``is_described``: an apposition gives its role or age (`described`), which outweighs
    common words in the name and other labels; ``with_ticker``: a mention is followed by a
    stock ticker (`listed`; in the batch: `Context.listed`); ``in_other_column``: the share
    of its mentions that are cells of a table column of other things (`columns_of_others`);
    ``trademark``: a mention is followed by a trademark sign (`branded`);
    ``organisation_noun``: a mention follows the noun of an organisation's kind
    (`after_an_organisation_noun`), which a one-word name then names; ``company``: the
    article writes the name with a company's legal form (`incorporated`: `Philip Morris Cos
    Inc`), even after a given name; ``speaks``: the name has a person's title, or a mention
    is followed by speech (`spoken`)."""
    if trademark:
        return "followed by a trademark sign, as brands are"
    if company:
        return "written with a company's legal form"
    if in_other_column > 0.5:
        return "a cell of a table column of places or other things"
    if after_the >= 0.5:
        return "written after 'the'"
    if organisation_noun and len(name.split()) == 1:
        return "written after the noun of an organisation's kind"
    if employs and len(name.split()) == 1:
        return "stands before another's role, as a team or company does"
    if in_quotes > 0.5:
        return "written in quotation marks, as titles are"
    if at_place > 0.5:
        return "written where places are"  # `at Heinz Field`, `at Walter Reed`
    if work or vote_key(name) in context.works:
        return "compounded as a work or a band"
    if vote_key(name) in context.tabled:
        return "a team in a results table"  # `Crystal Palace 3 Oldham 1`
    tokens = [t for t in name.split() if t.strip(".,")]
    lowered = [t.lower().strip(".,") for t in tokens]
    words = {w for t in lowered for w in t.split("-")}
    strong, weak = not_person_words()
    if words & strong:
        return "a word of an organisation, place, event or product"
    if len(tokens) >= 2 and _place_or_people(" ".join(tokens[:2])):
        return "starts with a country or nationality"  # `Hong Kong Stock`, `Sri Lankan`
    if len(tokens) >= 2 and countries.from_name(name) is not None:
        return "a place"  # `Forest Hill`, `Sierra Nevada`
    if lowered[0] in POSSESSIVES:
        return "led by a possessive, as a title is"  # `My Struggle`, `Our Town`
    if len(tokens) == 2 and lowered[0] in TITLE_ARTICLES and not _is_given_name(tokens[1]):
        return "led by another language's article, as a paper's or a work's title is"
    if len(tokens) == 2 and after_the > 0 and _a_city(tokens[0]):
        return "a city's name before a name written after 'the', as a team's is"
    if numbered > 0.5 and len(tokens) >= 3:
        # three words and a number: a title, even after a given name (`Red Dead Redemption 2`;
        # a person's points in a row are no title's number: `numbered`)
        return "numbered, as works and products are"
    if led_by_given_name(tokens, context):
        return None  # the strongest evidence for a person there is
    if (
        (speaks or is_described)
        and len(tokens) >= 2
        and led_by_given_name(tokens)
        and lowered[-1] not in context.lowercase
        and (len(tokens) == 2 or not _is_given_name(tokens[1]))
    ):
        # a given name the texts mostly write as a word (`will`, `hope`, `bill`) before a
        # surname no text writes so, with a title, speech or a role: `Will Smith said`, `Hope
        # Hicks, an aide`; not two such words (`Age Concern said`), nor a word before a
        # given name (`Wing Christophe Dominici`)
        return None
    if numbered > 0.5:
        return "numbered, as works and products are"  # `Mortal Kombat 11`
    if with_ticker or vote_key(name) in context.listed:
        return "followed by a stock ticker, as companies are"  # not `Philip Cocu (PSV)`
    if any(_a_city(t) for t in tokens):
        return "holds a city's name and no given name"  # `Glasgow Rangers`, `Levski Sofia`
    if len(tokens) >= 2:
        first = context.votes.get(vote_key(tokens[0]), Counter())
        if first.get("ORG", 0) >= BATCH_ORG_VOTES and first["ORG"] > first.get("PERSON", 0):
            return "led by an organisation's name"  # `Nissan Sentra`, `Sony PlayStation`
    if words & weak:
        return "a word of an organisation, place, event or product"
    if _place_or_people(tokens[0]):
        return "starts with a country or nationality"  # `U.S. Treasury`
    if is_described:
        return None  # `He Jianxiong, the former executive director`
    if lowered[0] in context.lowercase or lowered[-1] in context.lowercase:
        # `Price Drop`, `Nintendo Switch`, `Questioning Vindman`: a common word leads or heads
        return "common words"
    others = sum(n for label, n in article_votes.items() if label in OTHER_LABELS)
    if others > article_votes.get("PERSON", 0):
        return "tagged as something else in the article"
    batch = context.votes.get(vote_key(name), Counter())
    batch_others = sum(n for label, n in batch.items() if label in OTHER_LABELS)
    if batch_others > 2 * batch.get("PERSON", 0):
        return "tagged as something else across the batch"
    return None


_TABLE_NAME = r"[A-Z][\w.'&-]*(?: [A-Z][\w.'&-]*){0,3}"
# a score line (`Crystal Palace 3 Oldham 1`) and a league table row (`Fortuna Sittard 2 1 1
# 0 1 0 4`): who stands there is a team, not a person (on CoNLL-2003 train, over 1,000 names in
# such lines, one of them a person of the gold)
# each score may be followed by its scorers (`Cannes 0 Monaco 2 (Henry 26th, 71st).`)
_SCORERS = r"(?:[ \t]+\([^()\n]{1,80}\))?"
_SCORE_LINE = re.compile(
    rf"^[ \t]*({_TABLE_NAME}) \d{{1,3}}{_SCORERS} ({_TABLE_NAME}) \d{{1,3}}{_SCORERS}\.?[ \t]*$",
    re.M,
)
_TABLE_ROW = re.compile(rf"^[ \t]*({_TABLE_NAME})(?: \d{{1,3}}){{6,9}}[ \t]*$", re.M)
# a standings row: won, lost, winning percentage and games behind (`TORONTO 58 69 .457 15`,
# `DETROIT 44 82 .349 28 1/2`; wire copy may glue the percentage to the losses)
_STANDINGS_ROW = re.compile(
    rf"^[ \t]*({_TABLE_NAME}) \d{{1,3}} \d{{1,3}} ?\.\d{{3}}"
    r"(?: (?:-|\d{1,2}(?: 1/2)?|1/2))?[ \t]*$",
    re.M,
)


# a roundup's result (`Palm Bay d. Rockledge 70-44`: defeated), a side's win-loss record
# before its players (`Rockledge (0-1): Blakely 15 points`) and a line score (`Rockledge 14 11
# 6 15 — 44`): teams stand there
_DEFEATED_LINE = re.compile(
    rf"^[ \t]*({_TABLE_NAME}) (?:d\.|def\.|defeated|beat) ({_TABLE_NAME})(?: \d{{1,3}}-\d{{1,3}})?"
    r"[ \t]*$",
    re.M,
)
_RECORD_LINE = re.compile(rf"^[ \t]*({_TABLE_NAME}) \(\d{{1,2}}-\d{{1,2}}(?:-\d{{1,2}})?\):", re.M)
_LINE_SCORE = re.compile(
    rf"^[ \t]*({_TABLE_NAME})(?: \d{{1,3}}){{2,8}} [—–-] \d{{1,3}}[ \t]*$", re.M
)


# a ranking's row with a column after the competitor's bracketed country (`1. Gerhard Berger
# (Austria) Benetton 1 minute 53.706`): a value that column repeats is a team, since a person
# is ranked once in a list
_RANKED_ROW = re.compile(
    rf"^[ \t]*\d{{1,3}}[.)]?[ \t]+{_TABLE_NAME}[ \t]+\([^)\n]{{2,30}}\)"
    rf"[ \t]+({_TABLE_NAME})[ \t]+\d",
    re.M,
)


def competitors(text: str) -> list[tuple[str, int]]:
    """(name, where it starts) of the names a text's results lists show competing: the sides
    of score lines, the rows of league tables and the values of a ranking's column after the
    competitors' countries when some value repeats there (a person is ranked once in a list:
    a column naming `Jordan` twice is one of teams)."""
    ranked = _ranked_column(text)
    repeated = Counter(name for name, _ in ranked)
    teams = ranked if any(n >= 2 for n in repeated.values()) else []
    return results_sides(text) + teams


def results_table_names(text: str) -> list[str]:
    """Names standing in score lines and league table rows of a text, and the values a
    ranking's column repeats (one named once there is as likely a person as a team)."""
    column = Counter(name for name, _ in _ranked_column(text))
    found = [name for name, _ in results_sides(text)]
    return found + [name for name, n in column.items() if n >= 2]


def _ranked_column(text: str) -> list[tuple[str, int]]:
    """(value, where it starts) of a ranking's column after the competitors' countries."""
    return [(m.group(1), m.start(1)) for m in _RANKED_ROW.finditer(text)]


def results_sides(text: str) -> list[tuple[str, int]]:
    """(name, where it starts) of each side of a score line and each row of a league table."""
    found = [
        (m.group(group), m.start(group)) for m in _SCORE_LINE.finditer(text) for group in (1, 2)
    ]
    found += [
        (m.group(group), m.start(group)) for m in _DEFEATED_LINE.finditer(text) for group in (1, 2)
    ]
    rows = [
        *_TABLE_ROW.finditer(text),
        *_STANDINGS_ROW.finditer(text),
        *_RECORD_LINE.finditer(text),
        *_LINE_SCORE.finditer(text),
    ]
    return found + [(m.group(1), m.start(1)) for m in rows]


def _a_city(word: str) -> bool:
    found = countries.place(word)
    return found is not None and found.kind == "city" and found.population >= CITY_IN_NAME


CITY_IN_NAME = 100_000  # a city this large named inside a name makes it a team's or a paper's


def _place_or_people(text: str) -> bool:
    """A country or a people, one of them or several (`Sri Lankan`, `Sri Lankans`)."""
    if countries.from_name(text, cities=False) or countries.from_demonym(text):
        return True
    return text.endswith("s") and countries.from_demonym(text[:-1]) is not None


def bare_name_supported(
    name: str,
    text: str,
    starts: Sequence[int],
    context: Context,
    *,
    titled: bool,
    is_described: bool = False,
    heads: frozenset[str] = frozenset(),
) -> bool:
    """True when a one-word name has support: a title or a family or friend's relation
    before one of its mentions (`my friend Helen`), speech, a possessive, an apposition of
    role or age or a player's count after one (`Tolivert 25 points`), a given name addressed
    at the start of a quotation (`“Pamela, why ...`), or many person tags across a batch that
    also tags a person's full name ending in it (a surname: `Trump`; not `Gannett`, `Heathrow`,
    `Bitcoin`: on CoNLL-2003 train, aeb and the snippets pages, person tags alone supported 5
    persons and 20 things). ``heads``: the first words of the article's longer organisation
    names (`Atria` of `Atria Oy`): speech, a possessive or tags do not make one a person."""
    if name.lower() in context.things:
        return False
    if titled or is_described:
        return True
    if vote_key(name) in heads:
        return False
    card = _scorecard_starts(text)
    for start in starts:
        end = start + len(name)
        if _SPEECH.match(text[end : end + 20]) or _COUNTED.match(text, end):
            return True
        if start in card:
            return True  # a player of a cricket scorecard's row
        if _RELATION_BEFORE.search(text, max(0, start - 40), start):
            return True
        if _ADDRESSED.match(text, end) and _QUOTE_BEFORE.search(text, max(0, start - 2), start):
            from search.entities.repair import is_given_name

            if is_given_name(name):
                return True
    key = vote_key(name)
    votes = context.votes.get(key, Counter()).get("PERSON", 0)
    return votes >= BATCH_PERSON_VOTES and key in context.surnames


@lru_cache(maxsize=4)
def _scorecard_starts(text: str) -> frozenset[int]:
    from search.entities.repair import scorecard_names

    return frozenset(start for start, _ in scorecard_names(text))


def on_a_scorecard(text: str, starts: Sequence[int]) -> bool:
    """Whether every mention (by its start) is a player of a cricket scorecard's rows
    (`repair.scorecard_names`): no title, place or team stands there."""
    card = _scorecard_starts(text)
    return bool(starts) and all(start in card for start in starts)


# Who a person is to someone (`my friend Helen`, `his wife, Pamela`): people have relations.
RELATION_NOUNS = frozenset(
    """friend wife husband son daughter brother sister mother father mom mum dad partner
    boyfriend girlfriend fiance fiancé fiancee fiancée colleague cousin uncle aunt grandson
    granddaughter grandmother grandfather grandma grandpa nephew niece stepson stepdaughter
    stepfather stepmother widow widower""".split()
)
_RELATION_BEFORE = re.compile(
    r"\b(?i:my|his|her|their|our|your|whose)[ \t]+(?:[a-z]+[ \t]+)?"
    rf"(?:{'|'.join(sorted(RELATION_NOUNS))})s?,?[ \t]+$"
)
_ADDRESSED = re.compile(r",[ \t]+[a-z]")  # `“Pamela, why are we ...`
_QUOTE_BEFORE = re.compile(r"(?:^|[\s(])[\"“‘]$")
# a player's count after a name, or a scorer's minute (`Tolivert 25 points`, `Klinsmann 44th`)
_COUNTED = re.compile(
    rf"(?:[ \t]+\d{{1,3}}[ \t]+{countries.STAT_NOUNS}\b"
    rf"|[ \t]*\n?[ \t]*(?<=\s){countries.SCORER_MINUTES})"
)


def listed_with_persons(
    text: str, starts: Sequence[int], length: int, persons: Iterable[str]
) -> bool:
    """True when a mention is an item of a list of names (`Bob Marley, Bruno Mars, Drake,
    The Eagles`) of which LISTED_PERSONS of the two items on either side are persons of
    two words or more: people are listed with people."""
    full = {p for p in persons if " " in p}
    if len(full) < LISTED_PERSONS:
        return False
    for start in starts:
        before = _LIST_ITEMS.split(text[max(0, start - 120) : start])[:-1][-2:]
        after = _LIST_ITEMS.split(text[start + length : start + length + 120])[1:3]
        items = [_SENTENCE_BREAK.split(i)[-1] for i in before]  # `Artists: Bob Marley`
        items += [_SENTENCE_BREAK.split(i)[0] for i in after]  # `Jay Z.`
        if sum(1 for item in items if " ".join(item.split()) in full) >= LISTED_PERSONS:
            return True
    return False


LISTED_PERSONS = 2
_SENTENCE_BREAK = re.compile(r"[:;.!?](?:\s+|$)")
_LIST_ITEMS = re.compile(r",[ \t]+(?:and[ \t]+)?|[ \t]+and[ \t]+|[ \t]*&[ \t]*")


# "the", and the place a team is named after between it and the name (`the Florida Marlins`,
# `the St. Louis Cardinals` with `Louis Cardinals` tagged)
_THE_PLACE_BEFORE = re.compile(r"\bthe[ \t]+((?:[A-Z][\w.'’-]*[ \t]+){1,3})$")
_SAINT = frozenset({"St.", "St", "Saint"})


def after_the(text: str, starts: Sequence[int]) -> float:
    """The share of the mentions at ``starts`` that follow the word "the", directly or with
    a place's name between (`the Florida Marlins`)."""
    if not starts:
        return 0.0
    return sum(1 for s in starts if _the_before(text, s)) / len(starts)


def _the_before(text: str, start: int) -> bool:
    before = text[max(0, start - 40) : start]
    if before[-4:].lower() == "the ":
        return True
    match = _THE_PLACE_BEFORE.search(before)
    if match is None:
        return False
    between = " ".join(match.group(1).split())
    return between in _SAINT or countries.place(between) is not None


_PLACE_BEFORE = re.compile(r"\b(?:at|in|inside|outside|near)\s+$", re.I)
_POSSESSIVE_AFTER = re.compile(r"['’]s?\b")


def at_a_place(text: str, mentions: Sequence[tuple[int, int]]) -> float:
    """The share of the mentions (start, end) written where places are: after `at`, `in`,
    `near`, `inside` or `outside` (`at Heinz Field`, `in Forest Hill`), not as an owner
    (`in Smith's house`)."""
    if not mentions:
        return 0.0
    return sum(
        1
        for start, end in mentions
        if _PLACE_BEFORE.search(text[max(0, start - 8) : start])
        and not _POSSESSIVE_AFTER.match(text, end)
    ) / len(mentions)


# a ranking's row (`5. Van Doorn 24`) or a line of a name and its points (`- Michael Jepsen
# Jensen 2`): the number is a score, no title's
_RANK_BEFORE = re.compile(r"(?:^|\n)[ \t]*\d{1,3}[.)][ \t]+\Z")
_ROW_BEFORE = re.compile(r"(?:^|\n)[ \t]*(?:[-*•][ \t]+)?\Z")
_ROW_END = re.compile(r"[ \t]+\d{1,4}[ \t]*(?:\n|\Z)")
_NUMBER_AFTER = re.compile(
    r"[ \t]+(?:\d{1,4}|[IVX]{1,5})\b(?![.,:]\d)(?![ \t]*\d)"
    r"(?![ \t]*['’′])"  # a minute (`Mena 59'`), no title's number
    # a count of something after the number is a player's line (`Talorie Crafton 1 goal,
    # 2 assists`), not a title's number
    rf"(?![ \t]+{countries.STAT_NOUNS}\b)"
)


# A row of a table as the cleaner writes it (`| Saffron Walden | Kemi Badenoch | ... |`), and
# the rule under a table's head (`|---|---|`).
_PIPE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.M)
_RULE_ROW = re.compile(r"^[ \t]*\|(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*$")
MIN_COLUMN_CELLS = 4  # tagged cells a column needs before its kind is read from them
MAX_COLUMN_PERSON_SHARE = 1 / 3  # of its tagged cells: fewer persons, a column of others

Cell = tuple[int, int]  # (start, end) of a table cell's text
Column = tuple[int, int]  # (table, column) of a text's pipe tables


def table_cells(text: str) -> dict[Cell, Column]:
    """Each cell of the text's pipe tables (its text, spaces trimmed) → (table, column): the
    rows of one table follow each other, with nothing but blank lines between them."""
    cells: dict[Cell, Column] = {}
    table, last_end = -1, -1
    for row in _PIPE_ROW.finditer(text):
        if last_end < 0 or text[last_end : row.start()].strip():
            table += 1
        last_end = row.end()
        line = row.group()
        if _RULE_ROW.match(line):
            continue
        bars = [i for i, c in enumerate(line) if c == "|"]
        for column, (left, right) in enumerate(itertools.pairwise(bars)):
            raw = line[left + 1 : right]
            value = raw.strip()
            if value:
                start = row.start() + left + 1 + len(raw) - len(raw.lstrip())
                cells[(start, start + len(value))] = (table, column)
    return cells


def columns_of_others(cells: Mapping[Cell, Column], spans: Iterable[Span]) -> set[Column]:
    """The table columns whose cells the tagger names as something other than persons: of
    the cells a span covers whole (at least MIN_COLUMN_CELLS), under MAX_COLUMN_PERSON_SHARE
    persons. A column holds one kind of thing, so a person there (`| Saffron Walden | Kemi
    Badenoch |`: a constituency beside its member) is a cell the tagger misread."""
    votes: dict[Column, Counter[bool]] = {}
    for span in spans:
        where = cells.get((span.start, span.end))
        if where is not None:
            votes.setdefault(where, Counter())[span.label == "PERSON"] += 1
    return {
        where
        for where, count in votes.items()
        if count.total() >= MIN_COLUMN_CELLS
        and count[True] < MAX_COLUMN_PERSON_SHARE * count.total()
    }


def in_columns(
    cells: Mapping[Cell, Column], columns: set[Column], mentions: Sequence[tuple[int, int]]
) -> float:
    """The share of the mentions (start, end) that are a cell of one of ``columns``."""
    if not mentions or not columns:
        return 0.0
    return sum(1 for m in mentions if cells.get(m) in columns) / len(mentions)


_TRADEMARK = re.compile(r"[ \t]?[™®℠]")


def branded(text: str, mentions: Sequence[tuple[int, int]]) -> bool:
    """True when a mention is followed by a trademark sign (`Betty Crocker™ cake mix`)."""
    return any(_TRADEMARK.match(text, end) for _, end in mentions)


def numbered(text: str, mentions: Sequence[tuple[int, int]]) -> float:
    """The share of the mentions (start, end) followed by one number or roman numeral, as
    titles of works and products are (`Mortal Kombat 11`), not a row of scores, a ranking's
    row, a line of a name and its points nor a minute of a match."""
    if not mentions:
        return 0.0
    card = _scorecard_starts(text)  # a bowler's figures and a batsman's runs are no titles
    return sum(
        1
        for start, end in mentions
        if _NUMBER_AFTER.match(text, end)
        and start not in card
        and not _RANK_BEFORE.search(text, max(0, start - 8), start)
        and not (_ROW_BEFORE.search(text, max(0, start - 8), start) and _ROW_END.match(text, end))
    ) / len(mentions)


def batch_context(tagged: Sequence[Tagged]) -> Context:
    """The context of a batch of tagged texts."""
    works = [
        span.text
        for t in tagged
        for span in t.spans
        if span.label == "PERSON" and compounded_as_work(t.text, [(span.start, span.end)])
    ]
    spans = ((span.label, span.text) for t in tagged for span in t.spans)
    tickers = frozenset(
        vote_key(span.text)
        for t in tagged
        for span in t.spans
        if listed(t.text, span.text, [(span.start, span.end)])
    )
    return replace(Context.of((t.text for t in tagged), spans, works), listed=tickers)


def batch_persons(
    persons: Iterable[Sequence[str]], context: Context, rejected: Counter[str] | None = None
) -> frozenset[str]:
    """The names of the batch that are persons wherever they are written: accepted in some
    article, of two words or more, led by a given name the texts read as a name (`Kurt
    Volker`; not an initial: `JC Kerkrade`), not by a place or people (`Sri Lankans`), not
    ending in a word the texts write in lower case (`Sierra Semiconductor`), and not seen in the
    batch as a work, a team in a table or a listed company (`Vera Drake star`), nor tagged a
    person and found none in more articles than it was accepted in (``rejected``: names by
    `vote_key`, an article each), nor tagged as something else again and again (the film
    `Vera Drake`: 40 other tags, 3 as a person)."""
    from search.entities.repair import is_given_name

    against_in_batch = context.works | context.tabled | context.listed
    persons = [list(names) for names in persons]
    accepted = Counter(vote_key(name) for names in persons for name in names)
    for key, n in (rejected or Counter()).items():
        if n > accepted.get(key, 0):
            against_in_batch = against_in_batch | {key}

    def tagged_otherwise(key: str) -> bool:
        votes = context.votes.get(key, Counter())
        others = sum(n for label, n in votes.items() if label != "PERSON")
        return others >= BATCH_PERSON_VOTES and others > 2 * votes.get("PERSON", 0)

    def strong(tokens: list[str]) -> bool:
        key = vote_key(" ".join(tokens))
        return (
            len(tokens) >= 2
            and key not in against_in_batch
            and not tagged_otherwise(key)
            and is_given_name(tokens[0])
            and context.reads_as_name(tokens[0])
            and not _place_or_people(" ".join(tokens[:2]))
            and tokens[-1].lower() not in context.lowercase
        )

    return frozenset(name for names in persons for name in names if strong(name.split()))


_CAPITALISED_WORD = re.compile(r"[A-Z][\w'’.-]*")
KNOWN_NAME_WORDS = 4  # the longest batch person looked for word by word


def known_spans(tagged: Tagged, known: frozenset[str], found: Sequence[str]) -> list[Span]:
    """PERSON spans for the batch's persons (`batch_persons`) the article writes whole,
    where the model did not tag them as persons."""
    from search.entities.ner import Span

    if not known:
        return []
    text = tagged.text
    firsts = _first_words(known)
    have = set(found)
    persons = [(s.start, s.end) for s in tagged.spans if s.label == "PERSON"]
    words = list(_CAPITALISED_WORD.finditer(text))
    spans: list[Span] = []
    taken = 0
    for i, first in enumerate(words):
        if first.start() < taken or first.group(0) not in firsts:
            continue
        for n in range(min(KNOWN_NAME_WORDS, len(words) - i), 1, -1):
            last = words[i + n - 1]
            if any(text[words[j].end() : words[j + 1].start()] != " " for j in range(i, i + n - 1)):
                continue
            end = last.end() - (1 if last.group(0).endswith(".") else 0)
            name = text[first.start() : end]
            if any(a < end and first.start() < b for a, b in persons):
                continue  # the model read a person there: `J. Russell` in `David J. Russell`
            if name in known and name not in have:
                spans.append(Span("PERSON", name, first.start(), end))
                taken = end
                break
    return spans


@lru_cache(maxsize=4)
def _first_words(known: frozenset[str]) -> frozenset[str]:
    return frozenset(name.split()[0] for name in known)


def with_spans(spans: Sequence[Span], more: Sequence[Span]) -> tuple[Span, ...]:
    """``spans`` with ``more`` in place of the spans they overlap, in text order."""
    kept = [s for s in spans if not any(s.start < m.end and m.start < s.end for m in more)]
    return tuple(sorted(kept + list(more), key=lambda s: s.start))


@cache
def _credit_line() -> re.Pattern[str]:
    words = vocabulary.phrases("credit_words.txt")
    phrase = "|".join(
        f"[{w[0].upper()}{w[0]}]{re.escape(w[1:])}" for w in sorted(words, key=len, reverse=True)
    )
    name = r"[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}"
    return re.compile(rf"\b(?:{phrase}) by ({name}(?:(?:, | and | & ){name})*)")


_CREDIT_SEPARATOR = re.compile(r", | and | & ")


def credited(text: str) -> list[Span]:
    """PERSON spans for the names of credit lines (`data/credit_words.txt`: `Reporting by
    Will Dunham; Editing by Tom Brown`): persons, whatever the model read there — but not
    an agency's name (`Photo by Getty Images`: a word of `not_person_words`)."""
    from search.entities.ner import Span

    if " by " not in text:
        return []
    strong, _ = not_person_words()
    spans = []
    for match in _credit_line().finditer(text):
        start = match.start(1)
        for part in _CREDIT_SEPARATOR.split(match.group(1)):
            at = text.index(part, start)
            if not {w.lower().strip(".") for w in part.split()} & strong:
                spans.append(Span("PERSON", part, at, at + len(part)))
            start = at + len(part)
    return spans
