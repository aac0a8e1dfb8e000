"""The query language: what a user types, read leniently into text and filters."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from search import schema
from search.errors import QueryError, UsageProblem
from search.query import tree as qt

ENTITY_FIELDS = ("person", "country", "about", "org", "source", "language")
_OPERATORS = {"AND", "OR", "NOT"}
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_TOKEN = re.compile(
    rf"(?P<gneg>-)?(?P<group>{_NAME}):\("  # a field applied to a group: `title:(a OR b)`
    rf"|(?P<neg>-)?(?:(?P<field>{_NAME}):)?"
    r'(?:"(?P<phrase>[^"]*)"(?P<slop>~\d+)?|(?P<word>[^\s()"]+))'
    r"|(?P<paren>[()])"
)
_PLAIN_WORD = re.compile(r"^[\w*?]+~?\d*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")

# The pieces of syntax the language reads, with words it must take as written: what the fuzz
# tests and `benchmarks/reliability.py` build random queries from.
SYNTAX_PIECES = (
    '"', "(", ")", "-", "~", "~2", "*", "?", ":", "..", "AND", "OR", "NOT", "title:", "body:",
    "person:", "country:", "about:", "org:", "source:", "language:", "date:", "date:2024..",
    "oil", "Putin", "iq", "the", "U.S.", "9/11", "al-Assad's", "10:30", "'s", "é", "商標", "\\",
    " ", " ", "\t",
)  # fmt: skip

# Bounds on what one query may ask, so that every query answers in bounded time.
MAX_QUERY_CHARS = 2_000
MAX_QUERY_TERMS = 64  # words, phrases and field filters
MAX_EXPANDING_TERMS = 16  # fuzzy (`word~`) and wildcard (`pre*`, `vi?nna`) words
MAX_NESTING = 16  # brackets inside brackets
_EXPANDING = re.compile(r"[*?]|~\d*$")


@dataclass
class ParsedQuery:
    """The text part of a query plus the filters pulled out of it."""

    text: str
    filters: dict[str, list[str]] = field(default_factory=dict)
    excludes: dict[str, list[str]] = field(default_factory=dict)
    any_of: list[tuple[str, list[str]]] = field(default_factory=list)  # `person:(a OR b)`
    dates: list[tuple[date | None, date | None]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_date_range(value: str) -> tuple[date | None, date | None]:
    """`2024`, `2024-03`, `2024-03-05`, or `A..B` with either side open → (first, last) day."""
    if ".." in value:
        left, right = value.split("..", 1)
        start = parse_date_range(left)[0] if left else None
        end = parse_date_range(right)[1] if right else None
        return start, end
    match = _DATE.match(value.strip())
    if not match:
        raise UsageProblem(f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD, or A..B)")
    year, month, day = int(match.group(1)), match.group(2), match.group(3)
    try:
        if day:
            first = date(year, int(month or 1), int(day))
            return first, first
        if month:
            first = date(year, int(month), 1)
            following = date(year + (first.month == 12), first.month % 12 + 1, 1)
            return first, following - timedelta(days=1)
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError as exc:
        raise UsageProblem(f"not a date: {value!r} ({exc})") from exc


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text.replace('\\"', ""):
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            return False
    return depth == 0 and text.count('"') % 2 == 0


def check_bounds(text: str) -> None:
    """QueryError for a query longer, more nested or with more terms than the bounds allow."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the query is {len(text):,} characters long; at most {MAX_QUERY_CHARS:,} are read"
        )
    depth = deepest = 0
    for ch in text:
        depth = max(0, depth + (ch == "(") - (ch == ")"))
        deepest = max(deepest, depth)
    if deepest > MAX_NESTING:
        raise QueryError(f"brackets nested {deepest} deep; at most {MAX_NESTING} levels")
    tokens = [
        m.group(0) for m in _TOKEN.finditer(text) if not (m.group("paren") or m.group("group"))
    ]
    terms = [t for t in tokens if t not in _OPERATORS]
    if len(terms) > MAX_QUERY_TERMS:
        raise QueryError(f"the query has {len(terms)} terms; at most {MAX_QUERY_TERMS}")
    expanding = sum(1 for t in terms if '"' not in t and _EXPANDING.search(t))
    if expanding > MAX_EXPANDING_TERMS:
        raise QueryError(
            f"the query has {expanding} fuzzy or wildcard words; at most {MAX_EXPANDING_TERMS}"
        )


def preprocess(text: str, keyword_fields: Iterable[str] = ()) -> ParsedQuery:
    """Pull field filters out of the query and make the rest safe for `text_query`
    (QueryError when it is beyond the bounds of `check_bounds`). ``keyword_fields``: the
    index's own keyword fields (`category:business` filters like `person:Putin`)."""
    check_bounds(text)
    filtering = frozenset(ENTITY_FIELDS).union(keyword_fields)
    parsed = ParsedQuery(text="")
    if not _balanced(text):
        parsed.warnings.append("unbalanced quotes or brackets: searching the plain words")
        text = re.sub(r'["()]', " ", text)
    text = re.sub(r"(^|[\s(])-\(", r"\1NOT (", text)  # `-(oil OR gas)` excludes the group
    out: list[str] = []
    negate_next = False
    fields: list[str] = []  # the field each open bracket applies to ("" for none)
    pos = 0
    while (match := _TOKEN.search(text, pos)) is not None:
        pos = match.end()
        if match.group("group"):
            fname = match.group("group").lower()
            neg = bool(match.group("gneg")) or negate_next
            negate_next = False
            if fname in filtering:
                close = _closing(text, pos)
                _entity_group(parsed, fname, text[pos:close], neg)
                pos = close + 1
                continue
            if fname not in schema.TEXT_FIELDS:
                parsed.warnings.append(f"no field {fname!r}: searching the words of its group")
                fname = fields[-1] if fields else ""
            out.extend(["NOT", "("] if neg else ["("])
            fields.append(fname)
            continue
        if match.group("paren"):
            if negate_next and match.group("paren") == "(":
                out.append("NOT")
            negate_next = False
            out.append(match.group("paren"))
            if match.group("paren") == "(":
                fields.append(fields[-1] if fields else "")
            elif fields:
                fields.pop()
            continue
        neg = bool(match.group("neg")) or negate_next
        negate_next = False
        fname = (match.group("field") or "").lower() or (fields[-1] if fields else "")
        value = match.group("phrase") if match.group("phrase") is not None else match.group("word")
        if value is None:
            continue
        if not match.group("field") and match.group("word") in _OPERATORS and not neg:
            if value == "NOT":
                negate_next = True
            else:
                out.append(value)
            continue
        if fname in filtering:
            (parsed.excludes if neg else parsed.filters).setdefault(fname, []).append(value)
            continue
        if fname == "date":
            try:
                parsed.dates.append(parse_date_range(value))
            except UsageProblem as exc:
                parsed.warnings.append(f"{exc}; ignored")
            continue
        prefix = "NOT " if neg else ""
        if fname in ("title", "body"):
            prefix += f"{fname}:"
        elif fname:  # `10:30`, `http://x`: not a field, so the whole token is words
            value = match.group(0).lstrip("-")
            fname = ""
        if match.group("phrase") is not None:
            out.append(f'{prefix}"{value}"{match.group("slop") or ""}')
        elif _PLAIN_WORD.match(value):
            out.append(prefix + value)
        elif re.search(r"\w", value):  # `U.S.`, `al-Assad's`: the analyzer splits it as indexed
            out.append(f'{prefix}"{value.replace(chr(34), "")}"')
    parsed.text = " ".join(out)
    return parsed


def _closing(text: str, start: int) -> int:
    """The index of the bracket closing the group opened just before ``start``."""
    depth = 1
    for i in range(start, len(text)):
        depth += (text[i] == "(") - (text[i] == ")")
        if depth == 0:
            return i
    return len(text)


_VALUE = re.compile(r'"(?P<phrase>[^"]*)"|(?P<word>[^\s()"]+)')


def _entity_group(parsed: ParsedQuery, fname: str, inner: str, negated: bool) -> None:
    """`person:(putin OR medvedev)`: any of the values (all of them when no OR joins them)."""
    values, joined_by_or = [], False
    for m in _VALUE.finditer(inner):
        if m.group("word") in _OPERATORS:
            joined_by_or |= m.group("word") == "OR"
            continue
        values.append(m.group("phrase") if m.group("phrase") is not None else m.group("word"))
    if not values:
        return
    if negated:  # none of them
        parsed.excludes.setdefault(fname, []).extend(values)
    elif joined_by_or:
        parsed.any_of.append((fname, values))
    else:
        parsed.filters.setdefault(fname, []).extend(values)


_ITEM = re.compile(
    r"(?P<paren>[()])"
    r"|(?P<op>AND|OR|NOT)(?=[\s()]|$)"
    r'|(?:(?P<field>title|body):)?(?:"(?P<phrase>[^"]*)"(?:~(?P<slop>\d+))?|(?P<word>[^\s()"]+))'
)
_FUZZY = re.compile(r"^(?P<base>[^*?~]+)~(?P<dist>\d*)$")
MAX_FUZZY_EDITS = 2  # more edits match most of a vocabulary


def text_query(parsed: ParsedQuery) -> qt.Node:
    """The title/body part of the query as a tree (AND between words; explicit AND binds
    tighter than OR, which binds tighter than the words' implicit AND; NOT binds to the next
    word or group). Stop words drop out; nothing left means every article."""
    items = iter(_ITEM.finditer(parsed.text))
    node = _combine(_sequence(items))
    return node if node is not None else qt.Every()


Item = qt.Node | str | None  # a node, an operator, or None for a word that drops out


def _sequence(items: Iterator[re.Match[str]]) -> list[Item]:
    """Nodes and operators up to the end of the current group."""
    out: list[Item] = []
    for match in items:
        if match.group("paren") == "(":
            out.append(_combine(_sequence(items)))
        elif match.group("paren") == ")":
            break
        elif match.group("op"):
            out.append(match.group("op"))
        else:
            out.append(_leaf(match))
    return out


def _combine(seq: list[Item]) -> qt.Node | None:
    """Apply NOT, then AND, then OR, then the implicit AND; operators missing an operand are
    ignored."""
    i = len(seq) - 1
    while i >= 0:  # NOT, right to left so that NOT NOT x nests
        if seq[i] == "NOT":
            if i + 1 < len(seq) and not isinstance(seq[i + 1], str):
                operand = seq[i + 1]
                seq[i : i + 2] = [qt.Not(operand) if operand is not None else None]  # type: ignore[arg-type]
            else:
                del seq[i]
        i -= 1
    for op, kind in (("AND", qt.And), ("OR", qt.Or)):
        i = 0
        while i < len(seq):
            if seq[i] != op:
                i += 1
            elif (
                0 < i < len(seq) - 1
                and not isinstance(seq[i - 1], str)
                and not isinstance(seq[i + 1], str)
            ):
                seq[i - 1 : i + 2] = [_join(kind, seq[i - 1], seq[i + 1])]
            else:
                del seq[i]  # an operator without an operand on each side
    nodes = [n for n in seq if n is not None and not isinstance(n, str)]
    return qt.conjunction(nodes) if nodes else None


def _join(kind: type[qt.And] | type[qt.Or], left: Item, right: Item) -> qt.Node | None:
    nodes = [n for n in (left, right) if n is not None and not isinstance(n, str)]
    if len(nodes) < 2:
        return nodes[0] if nodes else None
    return kind(tuple(_flatten(kind, nodes)))


def _flatten(kind: type[qt.And] | type[qt.Or], nodes: list[qt.Node]) -> list[qt.Node]:
    out: list[qt.Node] = []
    for node in nodes:
        out.extend(node.children if isinstance(node, kind) else (node,))
    return out


def _leaf(match: re.Match[str]) -> qt.Node | None:
    """One word or phrase, analysed as the index analysed the text."""
    from search.analysis import analyse, fold

    fields = (match.group("field"),) if match.group("field") else schema.TEXT_FIELDS
    phrase = match.group("phrase")
    if phrase is not None:
        return _phrase(phrase, fields, int(match.group("slop") or 1))
    word = match.group("word")
    fuzzy = _FUZZY.match(word)
    if fuzzy:
        terms = analyse(fuzzy.group("base"))
        if len(terms) != 1:
            return _phrase(fuzzy.group("base"), fields, 1)
        dist = min(MAX_FUZZY_EDITS, max(1, int(fuzzy.group("dist") or 1)))
        return qt.Words(qt.FUZZY, (terms[0],), fields, maxdist=dist)
    if "*" in word or "?" in word:
        pattern = fold(word).rstrip("~")
        if not re.search(r"\w", pattern):
            return None
        if pattern.endswith("*") and not re.search(r"[*?]", pattern[:-1]):
            return qt.Words(qt.PREFIX, (pattern[:-1],), fields)
        return qt.Words(qt.WILDCARD, (pattern,), fields)
    terms = analyse(word)
    if len(terms) > 1:  # `9/11`, `商標法`: a word the analyser splits is searched as written
        return _phrase(word, fields, 1)
    return qt.Words(qt.TERM, (terms[0],), fields) if terms else None  # None: a stop word


def _phrase(text: str, fields: tuple[str, ...], slop: int) -> qt.Node | None:
    from search.analysis import phrase_terms

    terms, offsets = phrase_terms(text)
    if not terms:
        return None  # stop words only
    if len(terms) == 1:
        return qt.Words(qt.TERM, terms, fields)
    return qt.Words(qt.PHRASE, terms, fields, slop=max(1, slop), offsets=offsets)
