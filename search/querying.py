"""Run searches: filters from entity names, ranking, totals, facets, hits with snippets."""

from __future__ import annotations

import atexit
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from search import aliases, engine, facets, indexing, postings, schema
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

FACET_CHOICES = ("person", "country", "about", "org", "source", "month")
SORTS = ("relevance", "newest", "oldest")


@dataclass(frozen=True)
class SearchOptions:
    """Everything `newsidx search` can be asked, as keyword-only options."""

    query: str = ""
    persons: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    about: tuple[str, ...] = ()  # countries the articles are mainly about
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
        if fname in schema.COUNTRY_FIELDS:
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
        return self.store.fields[fname].label(raw)


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
    """An index opened for searching: its searcher, facet store and postings store, for one
    generation."""

    generation: int
    ix: Any
    searcher: Any
    store: facets.FacetStore
    text: postings.TextStore
    schema: Any  # read once: Whoosh re-reads its table of contents on each `ix.schema`
    warnings: tuple[str, ...] = ()


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
        and postings.stamp(location) == cached.text.stamp
    ):
        return cached
    if cached is not None:
        cached.searcher.close()
    ix = indexing.open_index(location)
    store = facets.load_store(ix, location) or facets.build_store(ix, location, write=False)
    text = postings.load(location, ix.latest_generation())
    warnings: tuple[str, ...] = ()
    if text is None:
        text = postings.build_from_index(ix, stamp=postings.stamp(location))
        warnings = (_STORE_REBUILT,)
    searcher = ix.searcher(weighting=schema.weighting())
    opened = OpenIndex(ix.latest_generation(), ix, searcher, store, text, ix.schema, warnings)
    if not _OPEN:
        atexit.register(close_all)
    _OPEN[key] = opened
    return opened


_STORE_REBUILT = (
    "the index's postings store is missing, out of date or damaged; searching a copy rebuilt "
    "in memory (run `newsidx index` on your folders to save it)"
)


def _rebuilt(location: Path, opened: OpenIndex) -> OpenIndex:
    """The open index with its postings store rebuilt in memory (the one on disk is damaged)."""
    import dataclasses

    text = postings.build_from_index(opened.ix, stamp=postings.stamp(location))
    fixed = dataclasses.replace(opened, text=text, warnings=(_STORE_REBUILT,))
    _OPEN[location.resolve()] = fixed
    return fixed


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
    store, searcher = opened.store, opened.searcher
    parsed = preprocess(options.query)
    for fname, values in (
        ("person", options.persons),
        ("country", options.countries),
        ("about", options.about),
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
    q = text_query(parsed, opened.schema)
    clauses, warnings = _filters(parsed, vocab)
    full = query.And([q, *clauses]) if clauses else q
    evaluator = engine.Evaluator(opened.text, searcher.reader())
    try:
        try:
            matches = evaluator.run(full)
        except postings.DamagedStore:
            opened = _rebuilt(location, opened)
            evaluator = engine.Evaluator(opened.text, searcher.reader())
            matches = evaluator.run(full)
    except engine.Unsupported as exc:
        warnings.append(f"cannot search {exc} queries: searching the plain words")
        q = text_query(preprocess(" ".join(re.findall(r"\w+", parsed.text))), opened.schema)
        full = query.And([q, *clauses]) if clauses else q
        evaluator = engine.Evaluator(opened.text, searcher.reader())
        matches = evaluator.run(full)
    page = engine.top(
        matches, opened.text.published, sort=options.sort, count=options.offset + options.limit
    )[options.offset :]
    scores = matches.scores[np.searchsorted(matches.docs, page)].tolist()
    terms = frozenset(evaluator.terms)
    hits = tuple(
        hit_from(searcher.stored_fields(n), score, rank, vocab, options.snippets, terms)
        for rank, (n, score) in enumerate(
            zip(page.tolist(), scores, strict=True), options.offset + 1
        )
    )
    total = len(matches.docs)
    facet_counts: dict[str, tuple[FacetCount, ...]] = {}
    for name in options.facets:
        facet_counts[name] = _count(store, name, matches.docs, options, parsed)
    suggestion = _suggest(opened, q, parsed, clauses) if total == 0 else None
    return SearchResults(
        query=options.query,
        parsed=str(full),
        total=total,
        offset=options.offset,
        hits=hits,
        facets=facet_counts,
        warnings=tuple(parsed.warnings + warnings) + opened.warnings,
        suggestion=suggestion,
    )


def _suggest(opened: OpenIndex, q: Any, parsed: ParsedQuery, clauses: list[Any]) -> str | None:
    """A corrected query from the index's own words, offered only when it finds something."""
    from whoosh import query

    if not parsed.text.strip() or not re.search(r"[^\W\d_]", parsed.text):
        return None
    fields = opened.text.fields
    correctors = {f: engine.TermCorrector(fp) for f, fp in fields.items()}
    unknown = [
        (t.fieldname, t.text)
        for t in q.all_tokens()
        if t.fieldname in fields and all(fp.find(t.text) is None for fp in fields.values())
    ]
    if not unknown:
        return None
    corrected = opened.searcher.correct_query(
        q.copy(), parsed.text, correctors=correctors, terms=unknown
    )
    if corrected.string == parsed.text:
        return None
    trial = query.And([corrected.query, *clauses]) if clauses else corrected.query
    try:
        found = engine.Evaluator(opened.text, opened.searcher.reader()).run(trial)
    except engine.Unsupported:
        return None
    return str(corrected.string) if len(found.docs) else None


def _count(
    store: facets.FacetStore,
    name: str,
    docnums: Any,
    options: SearchOptions,
    parsed: ParsedQuery,
) -> tuple[FacetCount, ...]:
    keep = parsed.filters.get(name, [])
    if name in schema.COUNTRY_FIELDS:
        from search.entities import countries

        resolved = [countries.resolve_filter(v) for v in keep]
        keep = [f"{c.code} {c.name}" for c in resolved if c is not None]
    else:
        keep = [label for v in keep for label in aliases.match_names(v, store.fields[name].labels)]
    return store.count(name, docnums, limit=options.facet_limit, keep=keep)


def hit_from(
    stored: dict[str, Any],
    score: float,
    rank: int,
    vocab: Vocab,
    snippet_count: int,
    terms: frozenset[str] = frozenset(),
) -> Hit:
    """An indexed article as a Hit: stored fields, entity labels after aliasing, snippets."""
    published = stored.get("published")
    codes = schema.keyword_values(stored.get("country"))
    names = list(stored.get("country_names") or []) + list(codes)
    persons = [vocab.label("person", p) for p in schema.keyword_values(stored.get("person"))]
    return Hit(
        rank=rank,
        id=stored["id"],
        score=score,
        title=stored.get("title") or "",
        path=stored.get("path") or "",
        url=stored.get("url"),
        published=published or None,
        source=(schema.keyword_values(stored.get("source")) or (None,))[0],
        snippets=make_snippets(schema.stored_body(stored), terms, count=snippet_count),
        persons=tuple(dict.fromkeys(p for p in persons if p)),
        countries=tuple(Country(c, names[i]) for i, c in enumerate(codes)),
        orgs=tuple(vocab.label("org", o) for o in schema.keyword_values(stored.get("org"))),
    )
