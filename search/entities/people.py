"""Canonical person names: titles and possessives stripped, short forms merged into full names."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from search.entities.ner import Span

# Words that precede a name as a title or office; stripped from the front of a mention.
TITLE_WORDS: frozenset[str] = frozenset(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady king queen prince princess
    honourable honorable
    president vice prime minister premier chancellor secretary general gen col colonel lt
    lieutenant maj major capt captain sgt sergeant adm admiral cmdr commander marshal
    senator sen rep representative congressman congresswoman governor gov mayor judge justice
    ambassador envoy spokesman spokeswoman spokesperson chairman chairwoman chair ceo chief
    executive director deputy foreign defence defense interior finance state home trade
    pope cardinal bishop archbishop rev reverend father imam rabbi sheikh sheik emir ayatollah
    coach manager striker midfielder goalkeeper defender captain coach former late acting
    mp mep u.s. us russian iraqi british american french german chinese israeli
    """.split()
)
# Titles kept before a single name: royals are known so (`Prince Charles`, `Queen Elizabeth`).
ROYAL_TITLES = frozenset("prince princess king queen duke duchess pope".split())
# Lower-case name particles that may stand inside a name.
PARTICLES: frozenset[str] = frozenset(
    "al el bin ibn abu de da di du del della der den van von la le dos das y bint ul".split()
)
# Sports positions written before a player's name (`Browns DL Sheldon Richardson`).
POSITIONS: frozenset[str] = frozenset("QB WR RB TE LB CB DE DT OL DL OT OG SS FS".split())
# A word glued to the next by a page's markup (`NoemKristi`, a link's text run into the
# next): a capital after three lower-case letters, which names do not have (`McDonald`,
# `DeShawn`, `MacKenzie` have fewer before theirs).
_GLUED = re.compile(r"(?<=[a-z]{3})(?=[A-Z][a-z]{2})")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
# A name made an adjective (`George Bush-style tax cuts`, `a Blair-era policy`, `Putin-backed`):
# the name is the person, the suffix is not part of it.
ADJECTIVE_SUFFIXES = frozenset(
    "style era led backed like esque type inspired based owned linked appointed allied born "
    "run made held ish".split()
)
_ADJECTIVE = re.compile(r"-(?:" + "|".join(sorted(ADJECTIVE_SUFFIXES)) + r")$", re.I)
_INNER_POSSESSIVE = re.compile(r"^.*?(?:'s|’s) (?=\S)")  # `’s Hoa Lo`: the model cut the owner
# a name's suffix written as an abbreviation keeps its full stop (`Patrick Carlineo Jr.`)
_ABBREVIATED_SUFFIX = re.compile(r"\b(?:Jr|Sr|Jnr|Snr)\.$")
_AL_PREFIX = re.compile(r"^(al|el|ul)-", re.I)
_BAD_CHARS = re.compile(r"[0-9@#/\\|<>=_*+™®℠]")  # `Mac Pro®`: a trademark


def clean_mention(text: str) -> str | None:
    """A PERSON span as a name: one line, no title or possessive; None if it is no name."""
    text = text.strip()
    first_line = text.split("\n", 1)[0]
    if len(first_line.split()) >= 2:  # a full name ends its line: the next is something else
        text = first_line
    text = text.split(":", 1)[0]  # `Christopher D. Battin: Dealing in cocaine`
    text = " ".join(text.split()).strip(' ,;:-–—"“”()[]•·▪►')  # `• Embiid`: a list's bullet
    owner = _INNER_POSSESSIVE.match(text)
    if owner is not None:  # `Punjab’s Bhatinda`, `Trump's Mike Pence`: the owned is named
        text = text[owner.end() :]
    text = _POSSESSIVE.sub("", text).strip(" ,")
    if not _ABBREVIATED_SUFFIX.search(text):
        text = text.strip(" ,.")
    text = _ADJECTIVE.sub("", text)
    tokens = text.split()
    for i, token in enumerate(tokens):
        glued = _GLUED.search(token)
        if glued:  # the name ends where the glued text begins
            tokens = [*tokens[:i], token[: glued.start()]]
            text = " ".join(tokens)
            break
    for i in range(min(2, len(tokens) - 2)):  # `DL Sheldon Richardson`, `Browns DL ...`
        if tokens[i] in POSITIONS:
            tokens = tokens[i + 1 :]
            text = " ".join(tokens)
            break
    while tokens and tokens[0].lower().rstrip(".") in TITLE_WORDS and len(tokens) > 1:
        if len(tokens) == 2 and tokens[0].lower() in ROYAL_TITLES:
            break  # `Prince Charles` is how he is known, not a bare `Charles`
        tokens.pop(0)
    if not tokens or _BAD_CHARS.search(text):
        return None
    if any(t[:1].islower() and t.lower().split("-")[0] not in PARTICLES for t in tokens):
        return None
    name = " ".join(tokens)
    if len(name) < 2 or not any(c.isalpha() for c in name):
        return None
    if len(tokens) == 1 and (name.isupper() and len(name) <= 4):
        return None  # acronyms tagged as people
    return name


# words that link a headline's words rather than describe a person
_LINKING_WORDS = frozenset(
    "off on in at to for of by as from with and or but the a an up out over under after "
    "before vs plus into onto".split()
)


def drop_descriptor(span: Span, lowercase: frozenset[str]) -> Span:
    """The span without a describing word the model took into the name (`Unseeded Patrick
    Rafter`, `Belgian Bruno Thiry`, `Trainer Berti Vogts`): a first word the texts write in
    lower case or a nationality, before a given name and a surname."""
    from search.entities import countries
    from search.entities.ner import Span
    from search.entities.repair import is_given_name

    words = span.text.split(" ")
    if len(words) < 3:
        return span
    first = words[0]
    people_of = countries.from_demonym(first)
    if not is_given_name(words[1]) and (people_of is None or not words[1][:1].isupper()):
        return span  # a nationality before any name describes it (`Pole Wojtek Lazarek`)
    if is_given_name(first) and people_of is None:  # `Argentine`, `Finn` are names too
        return span
    if first.lower() in _LINKING_WORDS:
        return span  # `$200 Off Dell Alienware`: a headline's words, no description
    if first.lower() not in lowercase and people_of is None:
        return span
    cut = len(first) + 1
    return Span(span.label, span.text[cut:], span.start + cut, span.end)


_WORD_BEFORE = re.compile(r"([A-Za-z][\w.]*)[.,]?\s+$")


def has_title(text: str, span: Span) -> bool:
    """True when a title or role stands just before the mention, or opens it (`Mr Lowe`)."""
    first = span.text.split()[0].lower().rstrip(".") if span.text.split() else ""
    if first in TITLE_WORDS and len(span.text.split()) > 1:
        return True
    match = _WORD_BEFORE.search(text[max(0, span.start - 30) : span.start])
    return match is not None and match.group(1).lower().rstrip(".") in TITLE_WORDS


@lru_cache(maxsize=1 << 17)  # the corpus-wide joins key every name twice
def name_key(name: str) -> tuple[str, ...]:
    """Tokens compared when merging names: lower case, `al-`/`el-` particles dropped."""
    return tuple(_fold_ending(_AL_PREFIX.sub("", t.lower().rstrip("."))) for t in name.split())


# Transliterations that differ only in a name's final -y/-i (`Zelensky`, `Zelenskyy`,
# `Zelenskiy`; `Dmitry`, `Dmitri`): one name when it is this long.
_TRANSLITERATED_ENDING = re.compile(r"(?<=\w{5})(?:iy|yy|ii|ij|y|i)$")


def _fold_ending(token: str) -> str:
    return _TRANSLITERATED_ENDING.sub("y", token)


# Generation suffixes: a name's own, but no part of how a short form ends (`Carlineo`).
SUFFIXES = frozenset("jr sr ii iii iv".split())


def _core(key: tuple[str, ...]) -> tuple[str, ...]:
    """A name key without its generation suffix (`patrick carlineo jr` → `patrick carlineo`)."""
    while len(key) > 2 and key[-1] in SUFFIXES:
        key = key[:-1]
    return key


def _written_forms(
    keys: list[tuple[str, ...]], apart: Collection[frozenset[tuple[str, ...]]] = ()
) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Full names written once with a middle initial or a suffix and once without (`Patrick
    W. Carlineo`, `Patrick Carlineo Jr.`) → the first written form of the same person: same
    given name and surname, and no two different middle initials (`George H.W. Bush`, `George
    W. Bush`) or suffixes (`Jr.`, `Sr.`) among the forms, nor two forms ``apart`` (named in
    one list: `Presidents George W Bush, Bill Clinton, George Bush`)."""
    groups: dict[tuple[str, str], list[tuple[str, ...]]] = defaultdict(list)
    for key in keys:
        core = _core(key)
        if len(core) >= 2 and len(core[0]) > 1 and all(len(t) == 1 for t in core[1:-1]):
            groups[(core[0], core[-1])].append(key)
    target: dict[tuple[str, ...], tuple[str, ...]] = {}
    for forms in groups.values():
        middles = {_core(k)[1:-1] for k in forms} - {()}
        suffixes = {k[len(_core(k)) :] for k in forms} - {()}
        listed = any(frozenset((a, b)) in apart for a in forms for b in forms if a != b)
        if len(forms) > 1 and len(middles) <= 1 and len(suffixes) <= 1 and not listed:
            target.update({k: forms[0] for k in forms[1:]})
    return target


def _short_form(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether ``short`` names ``long``'s person with a short form of the given name (`Pat
    Carlineo`, `Patrick W. Carlineo`): same surname, the given name its start, and not a
    name of the other sex (`Dan`, `Daniela`)."""
    from search.entities.repair import gender

    long = _core(long)
    if len(long) < 2 or long[-1] != short[-1] or len(long[0]) <= len(short[0]):
        return False
    if not long[0].startswith(short[0]):
        return False
    one, other = gender(short[0]), gender(long[0])
    return not (one and other and one != other)


def canonicalise(
    mentions: Iterable[str], apart: Collection[frozenset[str]] = ()
) -> dict[str, tuple[str, ...]]:
    """Canonical name → the mentions that produced it, for the persons of one article.

    A short mention joins the unique longest name that ends with it (`Al-Sudani`, `Sudani`
    → `Mohammed Shia al-Sudani`), an initial joins the unique name it abbreviates (`V. Putin`
    → `Vladimir Putin`), a short given name the unique name it starts with the same surname
    (`Josh Apte` → `Joshua Apte`), a bare given name the unique name it starts (`Taylor` →
    `Taylor Swift`); spellings differing only in case or in a transliterated ending are one person.
    A bare surname that several full names of the article end with is one of them, not a
    person of its own, and is left out (`Biden` beside `Joe Biden` and `Hunter Biden`).
    """
    surface: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    raw_by_key: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for raw in mentions:
        name = clean_mention(raw)
        if name is None:
            continue
        key = name_key(name)
        surface[key][name] += 1
        raw_by_key[key].append(raw)
    apart_keys = {
        frozenset(k for k in (_mention_key(m) for m in pair) if k is not None) for pair in apart
    }
    target = _written_forms(list(surface), apart_keys)
    keys = [k for k in surface if k not in target]
    for key in keys:  # `V. Putin` → `Vladimir Putin` when one name fits the initial
        if len(key) >= 2 and len(key[0]) == 1:
            fits = [
                k
                for k in keys
                if len(k) == len(key) and k[1:] == key[1:] and len(k[0]) > 1 and k[0][0] == key[0]
            ]
            if len(fits) == 1:
                target[key] = fits[0]
    for key in keys:  # `Josh Apte` → `Joshua Apte`: a short form of the given name
        if key not in target and len(key) >= 2 and len(key[0]) >= 3:
            fits = [k for k in keys if _short_form(key, k)]
            if len(fits) == 1:
                target[key] = fits[0]
    full = [k for k in keys if k not in target]
    shared: set[tuple[str, ...]] = set()  # `Biden` beside `Joe Biden` and `Hunter Biden`
    for key in full:
        longer = [
            k for k in full if len(k) > len(key) and key in (k[-len(key) :], _core(k)[-len(key) :])
        ]
        maximal = [k for k in longer if not any(o != k and o[-len(k) :] == k for o in longer)]
        target[key] = maximal[0] if len(maximal) == 1 else key
        if len(key) == 1 and len(maximal) > 1:
            shared.add(key)
    for key in full:  # a bare given name: `Taylor` → `Taylor Swift` when one name starts so
        if target[key] == key and (len(key) == 1 or _given_names_only(key)):
            # ... and given names alone: `Ole Einar` → `Ole Einar Björndalen`
            starting = {target[k] for k in full if len(k) > len(key) and k[: len(key)] == key}
            if len(starting) == 1:
                target[key] = starting.pop()
    for key, to in target.items():  # an initial merged into a name that itself merged on
        target[key] = target.get(to, to)
    result: dict[str, list[str]] = defaultdict(list)
    for key in surface:
        final = target[key]
        if final in shared:
            continue  # one of the named people, which one the article does not say
        display = surface[final].most_common(1)[0][0]
        result[display].extend(raw_by_key[key])
    return {name: tuple(dict.fromkeys(raws)) for name, raws in result.items()}


def _given_names_only(key: tuple[str, ...]) -> bool:
    """Whether every word of a name key is a known given name (`jean pierre`, `ole einar`)."""
    from search.entities.repair import is_given_name

    return all(is_given_name(t[:1].upper() + t[1:]) for t in key)


def _mention_key(raw: str) -> tuple[str, ...] | None:
    name = clean_mention(raw)
    return None if name is None else name_key(name)


_LIST_TOKEN = re.compile(r"[,;&]|[^\s,;&]+")
_LIST_SEPARATORS = frozenset({",", ";", "&", "and", "or"})
MAX_LIST_GAP = 160  # characters between two names of one list


def listed_apart(text: str, spans: Iterable[tuple[str, int, int]]) -> set[frozenset[str]]:
    """Pairs of person mentions (text, start, end) named in one list, only separators and
    other names between them (`George W Bush, Bill Clinton, George Bush, and Ronald
    Reagan`): a writer lists two people there, not one person twice."""
    ordered = sorted(spans, key=lambda s: s[1])
    pairs: set[frozenset[str]] = set()
    for i, (first, _, end) in enumerate(ordered):
        for second, start, _ in ordered[i + 1 :]:
            between = text[end:start]
            if len(between) > MAX_LIST_GAP or not _only_a_list(between):
                break
            if first != second:
                pairs.add(frozenset((first, second)))
    return pairs


def _only_a_list(between: str) -> bool:
    """Whether the text between two names holds only a list's separators and other
    capitalised names, and at least one separator (read token by token: a pattern of
    optional parts backtracked without end over runs of commas)."""
    tokens = _LIST_TOKEN.findall(between)
    return any(t in _LIST_SEPARATORS for t in tokens) and all(
        t in _LIST_SEPARATORS or t[:1].isupper() for t in tokens
    )


def resolve_surnames(docs: list[tuple[str, ...]], *, dominance: float = 0.8) -> dict[str, str]:
    """Across a corpus: bare surname → full name, where one full name clearly dominates.

    ``docs`` holds each article's canonical person names; returns the mapping to apply.
    """
    return resolve_surname_counts(Counter(name for names in docs for name in names), dominance)


def resolve_variant_counts(counts: Mapping[str, int], dominance: float = 0.8) -> dict[str, str]:
    """Across a corpus: spellings of one full name → the one most used (`George W. Bush` →
    `George W Bush`), and a first-and-last name → the one fuller name with the same first and
    last names that clearly dominates (`George Bush` → `George W Bush`)."""
    by_key: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for name, n in counts.items():
        key = name_key(name)
        if len(key) >= 2:
            by_key[key][name] += n
    mapping: dict[str, str] = {}
    total: Counter[tuple[str, ...]] = Counter()
    for key, forms in by_key.items():
        best = forms.most_common(1)[0][0]
        total[key] = sum(forms.values())
        mapping.update({form: best for form in forms if form != best})
    fuller: dict[tuple[str, str], list[tuple[str, ...]]] = defaultdict(list)
    for key in by_key:
        if len(key) >= 3:
            fuller[(key[0], key[-1])].append(key)
    for key, forms in by_key.items():
        if len(key) != 2 or not fuller.get((key[0], key[-1])):
            continue
        candidates = fuller[(key[0], key[-1])]
        best_key = max(candidates, key=lambda k: total[k])
        group = total[key] + sum(total[k] for k in candidates)
        if len(candidates) == 1 and total[best_key] >= dominance * group:
            target = mapping.get(by_key[best_key].most_common(1)[0][0])
            target = target or by_key[best_key].most_common(1)[0][0]
            mapping.update({form: target for form in forms})
    return mapping


def resolve_surname_counts(counts: Mapping[str, int], dominance: float = 0.8) -> dict[str, str]:
    """`resolve_surnames` from how many times each name occurs in the corpus."""
    full_by_surname: dict[str, Counter[str]] = defaultdict(Counter)
    bare: set[str] = set()
    for name, n in counts.items():
        key = name_key(name)
        if len(key) == 1:
            bare.add(name)
        elif key:
            full_by_surname[key[-1]][name] += n
    mapping: dict[str, str] = {}
    for name in bare:
        found = full_by_surname.get(name_key(name)[0])
        if not found:
            continue
        best, n = found.most_common(1)[0]
        if n >= 2 and n / sum(found.values()) >= dominance:
            mapping[name] = best
    return mapping
