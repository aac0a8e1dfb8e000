"""Run searches: filters from entity names, ranking, totals, facets, hits with snippets."""

from __future__ import annotations

import atexit
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from search import aliases, facets, indexing, schema
from search.entities.people import name_key
from search.errors import UsageProblem
from search.models import Country, FacetCount, Hit, SearchResults
from search.query_language import (
    ParsedQuery,
    parse_date_range,
    preprocess,
    text_query,
)
from search.snippets import make_snippets

FACET_CHOICES = ("person", "country", "org", "source", "month")
SORTS = ("relevance", "newest", "oldest")


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
        lowered = value.strip().lower()
        if lowered in fs.raws_by_label:
            return sorted(fs.raws_by_label[lowered])
        key = name_key(value)
        candidates = fs.labels_by_last_word.get(key[-1], set()) if key else set()
        names = aliases.match_names(value, candidates)
        return sorted(raw for n in names for raw in fs.raws_by_label.get(n.lower(), []))

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


@dataclass(frozen=True)
class OpenIndex:
    """An index opened for searching: its searcher and facet store, for one generation."""

    generation: int
    ix: Any
    searcher: Any
    store: facets.FacetStore


_OPEN: dict[Path, OpenIndex] = {}


def open_for_search(location: Path) -> OpenIndex:
    """The index, a searcher and the facet store, kept open between searches in one process
    until the index changes (a new generation on disk)."""
    key = location.resolve()
    cached = _OPEN.get(key)
    if (
        cached is not None
        and cached.ix.latest_generation() == cached.generation
        and facets.store_stamp(location) == cached.store.stamp
    ):
        return cached
    if cached is not None:
        cached.searcher.close()
    ix = indexing.open_index(location)
    store = facets.load_store(ix, location) or facets.build_store(ix, location, write=False)
    searcher = ix.searcher(weighting=schema.weighting())
    opened = OpenIndex(ix.latest_generation(), ix, searcher, store)
    if not _OPEN:
        atexit.register(close_all)
    _OPEN[key] = opened
    return opened


def close_all() -> None:
    """Close the searchers kept open between searches (their files stay open until then)."""
    while _OPEN:
        _, opened = _OPEN.popitem()
        opened.searcher.close()


def search(location: Path, options: SearchOptions) -> SearchResults:
    """Run one search: ranked page of hits, total, facet counts, warnings."""
    from whoosh import query

    if options.sort not in SORTS:
        raise UsageProblem(f"--sort must be one of {', '.join(SORTS)}")
    for name in options.facets:
        if name not in FACET_CHOICES:
            raise UsageProblem(f"--facet must be one of {', '.join(FACET_CHOICES)}")
    opened = open_for_search(location)
    ix, store, searcher = opened.ix, opened.store, opened.searcher
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
    vocab = Vocab(store)
    q = text_query(parsed, ix)
    clauses, warnings = _filters(parsed, vocab)
    full = query.And([q, *clauses]) if clauses else q
    parsed_text = str(full)
    docnums, results = _run(searcher, full, options)
    terms = _text_terms(q, searcher)
    hits = tuple(
        hit_from(h, rank, vocab, options.snippets, terms) for rank, h in _page(results, options)
    )
    total = len(docnums)
    facet_counts: dict[str, tuple[FacetCount, ...]] = {}
    if options.facets:
        docnums.sort()
        for name in options.facets:
            facet_counts[name] = _count(store, name, docnums, options, parsed)
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


def _run(searcher: Any, q: Any, options: SearchOptions) -> tuple[list[int], Any]:
    """Every matching document number (unscored: cheap), and the ranked top
    ``offset + limit`` (block-max skipping where Whoosh can)."""
    docnums = list(searcher.docs_for_query(q))
    limit = max(1, options.offset + options.limit)
    if options.sort == "relevance":
        results = searcher.search(q, limit=limit)
    else:
        results = searcher.search(
            q, limit=limit, sortedby="published", reverse=options.sort == "newest"
        )
    return docnums, results


def _text_terms(q: Any, searcher: Any) -> frozenset[str]:
    """The index terms of the title/body part of a query (prefix and fuzzy terms expanded
    to the words the index has), negated words left out."""
    from whoosh import query

    reader = searcher.reader()
    found: set[str] = set()

    def walk(node: Any, negated: bool) -> None:
        if isinstance(node, query.Not):
            return
        if isinstance(node, query.AndNot):
            walk(node.a, negated)
            return
        if node.is_leaf():
            if not negated and hasattr(node, "expanded_terms"):
                for field, text in node.expanded_terms(reader):
                    if field in schema.TEXT_FIELDS:
                        found.add(text.decode("utf-8") if isinstance(text, bytes) else str(text))
            return
        for child in node.children():
            walk(child, negated)

    walk(q, False)
    return frozenset(found)


def _page(results: Any, options: SearchOptions) -> Iterator[tuple[int, Any]]:
    for rank, hit in enumerate(results, start=1):
        if rank > options.offset + options.limit:
            break
        if rank > options.offset:
            yield rank, hit


def _count(
    store: facets.FacetStore,
    name: str,
    docnums: list[int],
    options: SearchOptions,
    parsed: ParsedQuery,
) -> tuple[FacetCount, ...]:
    keep = parsed.filters.get(name, [])
    if name == "country":
        from search.entities import countries

        resolved = [countries.resolve_filter(v) for v in keep]
        keep = [f"{c.code} {c.name}" for c in resolved if c is not None]
    else:
        keep = [label for v in keep for label in aliases.match_names(v, store.fields[name].labels)]
    return store.count(name, docnums, limit=options.facet_limit, keep=keep)


def hit_from(
    hit: Any, rank: int, vocab: Vocab, snippet_count: int, terms: frozenset[str] = frozenset()
) -> Hit:
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
        snippets=make_snippets(schema.stored_body(hit.fields()), terms, count=snippet_count),
        persons=tuple(dict.fromkeys(p for p in persons if p)),
        countries=tuple(Country(c, names[i]) for i, c in enumerate(codes)),
        orgs=tuple(vocab.label("org", o) for o in schema.keyword_values(hit.get("org"))),
    )
