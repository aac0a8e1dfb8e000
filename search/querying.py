"""Run searches: filters from entity names, ranking, totals, facets, hits with snippets."""

from __future__ import annotations

import atexit
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from search import aliases, engine, facets, indexing, postings, schema, spelling, stored
from search import query_tree as qt
from search.entities.people import name_key
from search.errors import IndexDamagedError, UsageProblem
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
    """Resolution of user names to facet labels, from the facet store."""

    store: facets.FacetStore

    def labels(self, fname: str, value: str) -> list[str]:
        """The labels (as the facet store shows them) a filter value names; [] when none."""
        fs = self.store.fields[fname]
        if fname in schema.COUNTRY_FIELDS:
            from search.entities import countries

            found: Country | None = countries.resolve_filter(value)
            if found is None:
                return []
            return [fs.raw_to_label.get(found.code.lower()) or f"{found.code} {found.name}"]
        lowered = value.strip().lower()
        if lowered in fs.raws_by_label:  # a label as shown
            found_labels = {fs.raw_to_label[fs.raws_by_label[lowered][0]]}
        elif fs.raw_to_label.get(lowered):  # a value as indexed, shown under another label
            found_labels = {fs.raw_to_label[lowered]}
        else:
            key = name_key(value)
            candidates = fs.labels_by_last_word.get(key[-1], set()) if key else set()
            found_labels = aliases.match_names(value, candidates)
        # only labels some article still carries (not those of deleted articles' values)
        return sorted(
            label for label in found_labels if fs.ids_by_label.get(label.lower()) in fs.carried
        )

    def label(self, fname: str, raw: str) -> str:
        return self.store.fields[fname].label(raw)


def _filters(parsed: ParsedQuery, vocab: Vocab) -> tuple[list[qt.Node], list[str]]:
    clauses: list[qt.Node] = []
    warnings: list[str] = []
    for fname, values in parsed.filters.items():
        for value in values:
            labels = vocab.labels(fname, value)
            if not labels:
                warnings.append(f"no {fname} known as {value!r}")
                clauses.append(qt.Nothing())
                continue
            clauses.append(qt.Facet(fname, tuple(labels)))
    for fname, values in parsed.excludes.items():
        for value in values:
            labels = vocab.labels(fname, value)
            if labels:
                clauses.append(qt.Not(qt.Facet(fname, tuple(labels))))
    for start, end in parsed.dates:
        clauses.append(qt.Dates(start, end))
    return clauses, warnings


@dataclass(frozen=True)
class OpenIndex:
    """An index opened for searching, for one generation: its facet store, postings store and
    stored articles. Whoosh is not imported unless a store has to be rebuilt."""

    generation: int
    store: facets.FacetStore
    text: postings.TextStore
    stored: Callable[[int], dict[str, Any]]  # document number -> stored fields
    warnings: tuple[str, ...] = ()
    close: Callable[[], None] = lambda: None


_OPEN: dict[Path, OpenIndex] = {}


def open_for_search(location: Path) -> OpenIndex:
    """The index's stores, kept open between searches in one process until the index changes
    (a new generation on disk)."""
    key = location.resolve()
    generation = indexing.latest_generation(location)
    cached = _OPEN.get(key)
    if (
        cached is not None
        and cached.generation == generation
        and facets.store_stamp(location) == cached.store.stamp
        and postings.stamp(location) == cached.text.stamp
    ):
        return cached
    if cached is not None:
        cached.close()
    store = facets.load_store(location, generation)
    text = postings.load(location, generation)
    if store is not None and text is not None and text.segments is not None:
        opened = OpenIndex(generation, store, text, stored.StoredFields(location, text.segments))
    else:
        opened = _open_with_whoosh(location, store, text)
    if not _OPEN:
        atexit.register(close_all)
    _OPEN[key] = opened
    return opened


def _open_with_whoosh(
    location: Path, store: facets.FacetStore | None, text: postings.TextStore | None
) -> OpenIndex:
    """The slow way, when a store is missing, stale or damaged: read the articles through
    Whoosh and rebuild what is missing in memory."""
    ix = indexing.open_index(location)
    warnings: list[str] = []
    if store is None:
        store = facets.build_store(ix, location, write=False)
    if text is None:
        text = postings.build_from_index(ix, stamp=postings.stamp(location))
        warnings.append(_STORE_REBUILT)
    searcher = ix.searcher()
    return OpenIndex(
        ix.latest_generation(),
        store,
        text,
        searcher.stored_fields,
        tuple(warnings),
        searcher.close,
    )


_STORE_REBUILT = (
    "the index's postings store is missing, out of date or damaged; searching a copy rebuilt "
    "in memory (run `newsidx index` on your folders to save it)"
)


def _rebuilt(location: Path, opened: OpenIndex) -> OpenIndex:
    """The open index with its postings store rebuilt in memory (the one on disk is damaged)."""
    opened.close()
    fixed = _open_with_whoosh(location, opened.store, None)
    _OPEN[location.resolve()] = fixed
    return fixed


def close_all() -> None:
    """Close the files kept open between searches."""
    while _OPEN:
        _, opened = _OPEN.popitem()
        opened.close()


def search(location: Path, options: SearchOptions) -> SearchResults:
    """Run one search: ranked page of hits, total, facet counts, warnings."""
    if options.sort not in SORTS:
        raise UsageProblem(f"--sort must be one of {', '.join(SORTS)}")
    for name in options.facets:
        if name not in FACET_CHOICES:
            raise UsageProblem(f"--facet must be one of {', '.join(FACET_CHOICES)}")
    opened = open_for_search(location)
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
    vocab = Vocab(opened.store)
    q = text_query(parsed)
    clauses, warnings = _filters(parsed, vocab)
    full = qt.conjunction([q, *clauses]) if clauses else q
    try:
        evaluator = engine.Evaluator(opened.text, opened.store)
        matches = evaluator.run(full)
    except postings.DamagedStore:
        opened = _rebuilt(location, opened)
        evaluator = engine.Evaluator(opened.text, opened.store)
        matches = evaluator.run(full)
    page = engine.top(
        matches, opened.text.published, sort=options.sort, count=options.offset + options.limit
    )[options.offset :]
    scores = matches.scores[np.searchsorted(matches.docs, page)].tolist()
    terms = frozenset(evaluator.terms)
    ranked = list(zip(page.tolist(), scores, strict=True))
    try:
        found = [opened.stored(n) for n, _ in ranked]
    except stored.StoredDamaged as exc:
        raise IndexDamagedError(
            f"the index at {location} is damaged ({exc}); rebuild it with "
            "`newsidx index --rebuild PATH...` (cleaning and NER results are reused from its cache)"
        ) from exc
    hits = tuple(
        hit_from(fields, score, rank, vocab, options.snippets, terms)
        for rank, (fields, (_, score)) in enumerate(
            zip(found, ranked, strict=True), options.offset + 1
        )
    )
    total = len(matches.docs)
    facet_counts: dict[str, tuple[FacetCount, ...]] = {}
    for name in options.facets:
        facet_counts[name] = _count(opened.store, name, matches.docs, options, parsed)
    suggestion = _suggest(opened, parsed, clauses) if total == 0 else None
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


_WORD = re.compile(r"(?<![\w:])\w+(?![\w*?~:])")  # a plain word, not a field name or pattern


def _suggest(opened: OpenIndex, parsed: ParsedQuery, clauses: list[qt.Node]) -> str | None:
    """A corrected query from the index's own words, offered only when it finds something."""
    if not re.search(r"[^\W\d_]", parsed.text):
        return None
    fields = opened.text.fields
    changed = False

    def correct(match: re.Match[str]) -> str:
        nonlocal changed
        word = match.group(0)
        terms = postings.analyse(word)
        if word in ("AND", "OR", "NOT") or len(terms) != 1:
            return word
        if any(fp.find(terms[0]) is not None for fp in fields.values()):
            return word
        for fname in ("body", "title"):
            term = spelling.suggest(fields[fname], word)
            if term is not None:
                changed = True
                return _same_case(_written(opened, fname, term), word)
        return word

    text = _WORD.sub(correct, parsed.text)
    if not changed:
        return None
    q = text_query(ParsedQuery(text=text))
    found = engine.Evaluator(opened.text, opened.store).run(qt.conjunction([q, *clauses]))
    return text if len(found.docs) else None


def _same_case(word: str, typed: str) -> str:
    if len(typed) > 1 and typed.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if typed[:1].isupper() else word


def _written(opened: OpenIndex, fname: str, term: str) -> str:
    """A word as the articles write it that is indexed as ``term`` (a stem): `security`, not
    `secur`; found in the first articles that have the term."""
    i = opened.text.fields[fname].find(term)
    docs: list[int] = opened.text.postings(fname, i)[0][:3].tolist() if i is not None else []
    for docnum in docs:
        try:
            fields = opened.stored(docnum)
        except stored.StoredDamaged:
            break
        text = fields.get("title") or "" if fname == "title" else schema.stored_body(fields)
        found = postings.surface_form(text, term)
        if found:
            return found
    return term


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
