"""The query language: what a user types, read leniently into text and filters."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from search import schema
from search.errors import UsageProblem

ENTITY_FIELDS = ("person", "country", "about", "org", "source")
_OPERATORS = {"AND", "OR", "NOT"}
_TOKEN = re.compile(
    r'(?P<neg>-)?(?:(?P<field>[A-Za-z_]+):)?(?:"(?P<phrase>[^"]*)"(?P<slop>~\d+)?|(?P<word>[^\s()"]+))'
    r"|(?P<paren>[()])"
)
_PLAIN_WORD = re.compile(r"^[\w*?]+~?\d*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass
class ParsedQuery:
    """The text part of a query plus the filters pulled out of it."""

    text: str
    filters: dict[str, list[str]] = field(default_factory=dict)
    excludes: dict[str, list[str]] = field(default_factory=dict)
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


def preprocess(text: str) -> ParsedQuery:
    """Pull field filters out of the query and make the rest safe for Whoosh's parser."""
    parsed = ParsedQuery(text="")
    if not _balanced(text):
        parsed.warnings.append("unbalanced quotes or brackets: searching the plain words")
        text = re.sub(r'["()]', " ", text)
    out: list[str] = []
    negate_next = False
    for match in _TOKEN.finditer(text):
        if match.group("paren"):
            out.append(match.group("paren"))
            continue
        neg = bool(match.group("neg")) or negate_next
        negate_next = False
        fname = (match.group("field") or "").lower()
        value = match.group("phrase") if match.group("phrase") is not None else match.group("word")
        if value is None:
            continue
        if not fname and match.group("word") in _OPERATORS and not match.group("neg"):
            if value == "NOT":
                negate_next = True
            else:
                out.append(value)
            continue
        if fname in ENTITY_FIELDS:
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


_PARSERS: dict[int, tuple[Any, Any]] = {}


def _parser(index_schema: Any) -> Any:
    """The query parser for a schema, made once (building one costs as much as a parse)."""
    from whoosh import qparser

    cached = _PARSERS.get(id(index_schema))
    if cached is not None and cached[0] is index_schema:
        return cached[1]
    parser = qparser.MultifieldParser(
        list(schema.TEXT_FIELDS), index_schema, group=qparser.AndGroup
    )
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.remove_plugin_class(qparser.WildcardPlugin)
    parser.add_plugin(qparser.WildcardPlugin())
    _PARSERS.clear()
    _PARSERS[id(index_schema)] = (index_schema, parser)
    return parser


def text_query(parsed: ParsedQuery, index_schema: Any) -> Any:
    """The title/body part of the query as a Whoosh query tree (AND between words)."""
    from whoosh import query

    parser = _parser(index_schema)
    if not parsed.text.strip():
        return query.Every()
    try:
        q = parser.parse(parsed.text)
    except Exception:  # noqa: BLE001 - whoosh raises many kinds; fall back to plain words
        parsed.warnings.append("could not parse the query: searching the plain words")
        q = parser.parse(" ".join(re.findall(r"\w+", parsed.text)))
    if q is query.NullQuery or isinstance(q, query.Not):
        q = query.Every() if q is query.NullQuery else query.And([query.Every(), q])
    return q
