"""Parse what a user types, leniently; build filters; run the search; make snippets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from search import aliases, facets, indexing, schema
from search.errors import UsageProblem
from search.models import Country, FacetCount, Hit, SearchResults, Snippet

ENTITY_FIELDS = ("person", "country", "org", "source")
FACET_CHOICES = ("person", "country", "org", "source", "month")
SORTS = ("relevance", "newest", "oldest")
_OPERATORS = {"AND", "OR", "NOT"}
_TOKEN = re.compile(
    r'(?P<neg>-)?(?:(?P<field>[A-Za-z_]+):)?(?:"(?P<phrase>[^"]*)"(?P<slop>~\d+)?|(?P<word>[^\s()"]+))'
    r"|(?P<paren>[()])"
)
_PLAIN_WORD = re.compile(r"^[\w*?]+~?\d*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
SNIPPET_CHARS = 200
HL_START, HL_END, FRAG_SEP = "\x02", "\x03", "\x1e"


@dataclass(frozen=True)
class SearchOptions:
    """Everything `newsidx search` can be asked, as keyword-only options."""

    query: str = ""
    persons: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    not_persons: tuple[str, ...] = ()
    not_countries: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    sort: str = "relevance"
    limit: int = 10
    offset: int = 0
    facets: tuple[str, ...] = ()
    facet_limit: int = 10
    snippets: int = 2


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


def _text_query(parsed: ParsedQuery, ix: Any) -> Any:
    from whoosh import qparser, query

    parser = qparser.MultifieldParser(list(schema.TEXT_FIELDS), ix.schema, group=qparser.AndGroup)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.remove_plugin_class(qparser.WildcardPlugin)
    parser.add_plugin(qparser.WildcardPlugin())
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


@dataclass(frozen=True)
class Vocab:
    """Resolution of user names to index values, from the facet store."""

    store: facets.FacetStore

    def raw_terms(self, fname: str, value: str) -> list[str]:
        if fname == "country":
            from search.entities import countries

            found: Country | None = countries.resolve_filter(value)
            return [found.code.lower()] if found else []
        fs = self.store.fields[fname]
        names = aliases.match_names(value, set(fs.raw_to_label.values()) - {""})
        wanted = {n.lower() for n in names}
        return sorted(raw for raw, label in fs.raw_to_label.items() if label.lower() in wanted)

    def label(self, fname: str, raw: str) -> str:
        return self.store.fields[fname].raw_to_label.get(raw.lower(), raw)


def _filters(parsed: ParsedQuery, vocab: Vocab) -> tuple[list[Any], list[str]]:
    from whoosh import query

    clauses: list[Any] = []
    warnings: list[str] = []
    for fname, values in parsed.filters.items():
        for value in values:
            terms = vocab.raw_terms(fname, value)
            if not terms:
                warnings.append(f"no {fname} known as {value!r}")
                clauses.append(query.NullQuery)
                continue
            clauses.append(query.Or([query.Term(fname, t) for t in terms]))
    for fname, values in parsed.excludes.items():
        for value in values:
            terms = vocab.raw_terms(fname, value)
            if terms:
                clauses.append(query.Not(query.Or([query.Term(fname, t) for t in terms])))
    for start, end in parsed.dates:
        lo = datetime.combine(start, datetime.min.time()) if start else None
        hi = datetime.combine(end, datetime.max.time()) if end else None
        clauses.append(query.DateRange("published", lo, hi))
    return clauses, warnings


def _snippets(hit: Any, count: int) -> tuple[Snippet, ...]:
    text = hit.highlights("body", top=count) if count else ""
    if not text:
        body = hit.get("body") or ""
        return (Snippet(_shorten(body)),) if body else ()
    return tuple(_marked_to_snippet(frag) for frag in text.split(FRAG_SEP) if frag.strip())


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"


def _marked_to_snippet(marked: str) -> Snippet:
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for piece in re.split(f"({HL_START}|{HL_END})", " ".join(marked.split())):
        if piece == HL_START:
            start = pos
        elif piece == HL_END:
            spans.append((start, pos))
        else:
            plain.append(piece)
            pos += len(piece)
    return Snippet("".join(plain), tuple(spans))


def _formatter() -> Any:
    from whoosh import highlight

    class OffsetFormatter(highlight.Formatter):  # type: ignore[misc]
        between = FRAG_SEP

        def format_token(self, text: str, token: Any, replace: bool = False) -> str:
            return f"{HL_START}{highlight.get_text(text, token, replace)}{HL_END}"

    return OffsetFormatter()


def _month_counts(searcher: Any, docnums: list[int], limit: int) -> tuple[FacetCount, ...]:
    counts: dict[str, int] = {}
    for docnum in docnums:
        published = searcher.stored_fields(docnum).get("published")
        if published is not None:
            key = published.strftime("%Y-%m")
            counts[key] = counts.get(key, 0) + 1
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return tuple(FacetCount(k, k, n) for k, n in top)


def search(location: Path, options: SearchOptions) -> SearchResults:
    """Run one search: ranked page of hits, total, facet counts, warnings."""
    from whoosh import highlight, query

    if options.sort not in SORTS:
        raise UsageProblem(f"--sort must be one of {', '.join(SORTS)}")
    for name in options.facets:
        if name not in FACET_CHOICES:
            raise UsageProblem(f"--facet must be one of {', '.join(FACET_CHOICES)}")
    ix = indexing.open_index(location)
    parsed = preprocess(options.query)
    for fname, values in (
        ("person", options.persons),
        ("country", options.countries),
        ("org", options.orgs),
        ("source", options.sources),
    ):
        parsed.filters.setdefault(fname, []).extend(values)
    parsed.excludes.setdefault("person", []).extend(options.not_persons)
    parsed.excludes.setdefault("country", []).extend(options.not_countries)
    if options.since or options.until:
        start = parse_date_range(options.since)[0] if options.since else None
        end = parse_date_range(options.until)[1] if options.until else None
        parsed.dates.append((start, end))
    store = facets.load_store(ix, location) or facets.build_store(ix, location, write=False)
    vocab = Vocab(store)
    q = _text_query(parsed, ix)
    clauses, warnings = _filters(parsed, vocab)
    full = query.And([q, *clauses]) if clauses else q
    parsed_text = str(full)
    with ix.searcher() as searcher:
        sortedby = None if options.sort == "relevance" else "published"
        results = searcher.search(
            full,
            limit=options.offset + options.limit,
            sortedby=sortedby,
            reverse=options.sort == "newest",
            terms=True,
        )
        results.fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60)
        results.formatter = _formatter()
        hits = tuple(
            hit_from(h, rank, vocab, options.snippets) for rank, h in _page(results, options)
        )
        total = len(results)
        facet_counts: dict[str, tuple[FacetCount, ...]] = {}
        if options.facets:
            docnums = sorted(searcher.docs_for_query(full))
            for name in options.facets:
                facet_counts[name] = _count(searcher, store, name, docnums, options, parsed)
        suggestion = _suggest(searcher, q, parsed, clauses) if total == 0 else None
    return SearchResults(
        query=options.query,
        parsed=parsed_text,
        total=total,
        offset=options.offset,
        hits=hits,
        facets=facet_counts,
        warnings=tuple(parsed.warnings + warnings),
        suggestion=suggestion,
    )


def _suggest(searcher: Any, q: Any, parsed: ParsedQuery, clauses: list[Any]) -> str | None:
    """A corrected query from the index's own words, offered only when it finds something."""
    from whoosh import query

    if not parsed.text.strip() or not re.search(r"[^\W\d_]", parsed.text):
        return None
    corrected = searcher.correct_query(q.copy(), parsed.text)
    if corrected.string == parsed.text:
        return None
    trial = query.And([corrected.query, *clauses]) if clauses else corrected.query
    found = searcher.search(trial, limit=1)
    return str(corrected.string) if len(found) else None


def _page(results: Any, options: SearchOptions) -> Iterator[tuple[int, Any]]:
    for rank, hit in enumerate(results, start=1):
        if rank > options.offset:
            yield rank, hit


def _count(
    searcher: Any,
    store: facets.FacetStore,
    name: str,
    docnums: list[int],
    options: SearchOptions,
    parsed: ParsedQuery,
) -> tuple[FacetCount, ...]:
    if name == "month":
        return _month_counts(searcher, docnums, options.facet_limit)
    keep = parsed.filters.get(name, [])
    if name == "country":
        from search.entities import countries

        resolved = [countries.resolve_filter(v) for v in keep]
        keep = [f"{c.code} {c.name}" for c in resolved if c is not None]
    else:
        keep = [label for v in keep for label in aliases.match_names(v, store.fields[name].labels)]
    return store.count(name, docnums, limit=options.facet_limit, keep=keep)


def hit_from(hit: Any, rank: int, vocab: Vocab, snippet_count: int) -> Hit:
    """A Whoosh hit as a Hit: stored fields, entity labels after aliasing, snippets."""
    published = hit.get("published")
    codes = schema.keyword_values(hit.get("country"))
    names = list(hit.get("country_names") or []) + list(codes)
    persons = [vocab.label("person", p) for p in schema.keyword_values(hit.get("person"))]
    return Hit(
        rank=rank,
        id=hit["id"],
        score=float(hit.score or 0.0),
        title=hit.get("title") or "",
        path=hit.get("path") or "",
        url=hit.get("url"),
        published=published.date().isoformat() if published else None,
        source=(schema.keyword_values(hit.get("source")) or (None,))[0],
        snippets=_snippets(hit, snippet_count),
        persons=tuple(dict.fromkeys(p for p in persons if p)),
        countries=tuple(Country(c, names[i]) for i, c in enumerate(codes)),
        orgs=tuple(vocab.label("org", o) for o in schema.keyword_values(hit.get("org"))),
    )
