"""Run searches: filters from entity names, ranking, totals, facets, hits with snippets."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from search import schema
from search.errors import DamagedStore, IndexDamagedError, QueryError, StoredDamaged, UsageProblem
from search.models import FacetCount, Partial, SearchResults
from search.query import engine
from search.query import tree as qt
from search.query.filters import Vocab, resolve
from search.query.hits import hit_from
from search.query.language import (
    ParsedQuery,
    parse_date_range,
    preprocess,
    text_query,
)
from search.query.suggest import suggest
from search.query.versions import collapse
from search.store import facets
from search.store.opened import OpenIndex, open_for_search, rebuilt

FACET_CHOICES = schema.FACET_FIELDS
SORTS = schema.SORTS


@dataclass(frozen=True)
class SearchOptions:
    """Everything `newsidx search` can be asked, as keyword-only options."""

    query: str = ""
    persons: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    about: tuple[str, ...] = ()  # countries the articles are mainly about
    orgs: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()  # ISO 639-1 codes (`en`, `de`)
    not_persons: tuple[str, ...] = ()
    not_countries: tuple[str, ...] = ()
    not_about: tuple[str, ...] = ()
    not_orgs: tuple[str, ...] = ()
    not_sources: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    sort: str = "relevance"
    limit: int = 10
    offset: int = 0
    keywords: tuple[str, ...] = ()  # `category=business`: a record's own keyword field
    facets: tuple[str, ...] = ()
    facet_limit: int = 10
    significant: tuple[str, ...] = ()  # facet fields: values unusual in the hits
    why: bool = False  # say for each hit which query parts and filters it matched
    written_after: int | None = None  # only articles a later commit wrote (saved searches)
    snippets: int = 2
    like: int | None = None  # more like this article (its document number): its key words
    # are the text query, the query above one more condition, the article itself left out
    all_versions: bool = False  # near-duplicates as results of their own, not "+N similar"


@dataclass(frozen=True)
class Evaluation:
    """A query and its filters evaluated over one open index: every matching article, scored
    (what `search` pages, and what the views over hits count)."""

    opened: OpenIndex
    parsed: ParsedQuery
    text: qt.Node  # the title/body part of the query
    clauses: tuple[qt.Node, ...]  # the filters, resolved to labels
    tree: qt.Node  # both: what --explain prints
    matches: engine.Matches
    evaluator: engine.Evaluator
    vocab: Vocab
    warnings: tuple[str, ...]


def evaluate(location: Path, options: SearchOptions) -> Evaluation:
    """Every article the query and filters of ``options`` match, scored (no page, no facets)."""
    if options.sort not in SORTS:
        raise UsageProblem(f"--sort must be one of {', '.join(SORTS)}")
    opened = open_for_search(location)
    own = keyword_fields(opened.store)
    for name in (*options.facets, *options.significant):
        if name not in opened.store.fields:
            raise UsageProblem(
                f"--facet and --significant take one of {', '.join((*FACET_CHOICES, *own))}"
            )
    parsed = preprocess(options.query, own)
    for pair in options.keywords:
        name, equals, value = pair.partition("=")
        if not equals or not value.strip():
            raise UsageProblem(f"--field takes NAME=VALUE (category=business), not {pair!r}")
        name = name.strip().lower()
        if name not in own:
            known = ", ".join(own) or "none: no record of this index has keyword fields"
            raise UsageProblem(f"no keyword field {name!r} in this index (known: {known})")
        parsed.filters.setdefault(name, []).append(value.strip())
    for fname, values in (
        ("person", options.persons),
        ("country", options.countries),
        ("about", options.about),
        ("org", options.orgs),
        ("source", options.sources),
        ("language", options.languages),
    ):
        parsed.filters.setdefault(fname, []).extend(values)
    for fname, values in (
        ("person", options.not_persons),
        ("country", options.not_countries),
        ("about", options.not_about),
        ("org", options.not_orgs),
        ("source", options.not_sources),
    ):
        parsed.excludes.setdefault(fname, []).extend(values)
    if options.since or options.until:
        start = parse_date_range(options.since)[0] if options.since else None
        end = parse_date_range(options.until)[1] if options.until else None
        parsed.dates.append((start, end))
    vocab = Vocab(opened.store)
    q = text_query(parsed)
    clauses, warnings = resolve(parsed, vocab)
    if options.like is not None:
        if not isinstance(q, qt.Every):
            clauses.insert(0, q)
        q = _like(opened, options.like)
    elif isinstance(q, qt.Every) and not clauses and options.query.strip():
        raise QueryError(
            f"nothing to search for in {options.query!r}: stop words, operators and "
            "punctuation alone match every article (give a word, or no query to list all)"
        )
    full = qt.conjunction([q, *clauses]) if clauses else q
    try:
        evaluator = engine.Evaluator(opened.text, opened.store)
        matches = evaluator.run(full)
    except DamagedStore:
        opened = rebuilt(location, opened)
        vocab = Vocab(opened.store)
        evaluator = engine.Evaluator(opened.text, opened.store)
        matches = evaluator.run(full)
    if options.written_after is not None:
        newer = opened.text.added[matches.docs] > options.written_after
        matches = engine.Matches(matches.docs[newer], matches.scores[newer])
    if options.like is not None:
        other = matches.docs != options.like
        matches = engine.Matches(matches.docs[other], matches.scores[other])
    return Evaluation(
        opened,
        parsed,
        q,
        tuple(clauses),
        full,
        matches,
        evaluator,
        vocab,
        tuple(parsed.warnings + warnings) + opened.warnings,
    )


def _like(opened: OpenIndex, docnum: int) -> qt.Node:
    """The more-like-this query of the article at ``docnum``."""
    from search.query.like import key_terms, like_tree

    fields = opened.stored(docnum)
    return like_tree(key_terms(opened.text, fields.get("title") or "", schema.stored_body(fields)))


def search(location: Path, options: SearchOptions) -> SearchResults:
    """Run one search: ranked page of hits, total, facet counts, warnings."""
    found_all = evaluate(location, options)
    opened, parsed, q, matches = (
        found_all.opened,
        found_all.parsed,
        found_all.text,
        found_all.matches,
    )
    evaluator, vocab, clauses = found_all.evaluator, found_all.vocab, list(found_all.clauses)
    stories = collapse(matches, None if options.all_versions else opened.groups)
    shown = stories.matches
    page = engine.top(
        shown, opened.text.published, sort=options.sort, count=options.offset + options.limit
    )[options.offset :]
    scores = shown.scores[np.searchsorted(shown.docs, page)].tolist()
    terms = frozenset(evaluator.terms)
    phrases = tuple(evaluator.phrases)
    ranked = list(zip(page.tolist(), scores, strict=True))
    try:
        found = [opened.stored(n) for n, _ in ranked]
        versions = [tuple(opened.stored(o)["id"] for o in stories.others(n)) for n, _ in ranked]
    except StoredDamaged as exc:
        raise IndexDamagedError(
            f"the index at {location} is damaged ({exc}); rebuild it with "
            "`newsidx index --rebuild PATH...` (cleaning and NER results are reused from its cache)"
        ) from exc
    hits = tuple(
        replace(hit_from(fields, score, rank, vocab, options.snippets, terms, phrases), similar=ids)
        for rank, (fields, (_, score), ids) in enumerate(
            zip(found, ranked, versions, strict=True), options.offset + 1
        )
    )
    if options.why:
        from search.insights.why import explain

        reasons = explain(evaluator, opened.store, found_all.tree, page.tolist())
        hits = tuple(replace(h, why=w) for h, w in zip(hits, reasons, strict=True))
    total = len(shown.docs)
    unusual = {}
    if options.significant:
        from search.insights.significant import significant

        for name in options.significant:
            unusual[name] = significant(
                opened.store, name, matches.docs, opened.text.live_docs, limit=options.facet_limit
            )
    facet_counts: dict[str, tuple[FacetCount, ...]] = {}
    for name in options.facets:
        facet_counts[name] = _count(vocab, name, matches.docs, options, parsed)
    suggestion = suggest(opened, parsed, clauses) if total == 0 else None
    partial = None
    if total == 0 and isinstance(q, qt.And):
        partial = _partial(opened, q, clauses, options, vocab, terms, phrases, evaluator)
    return SearchResults(
        query=options.query,
        parsed=str(found_all.tree),
        total=total,
        offset=options.offset,
        hits=hits,
        facets=facet_counts,
        warnings=found_all.warnings,
        suggestion=suggestion,
        partial=partial,
        significant=unusual,
        versions=stories.hidden,
    )


def _partial(
    opened: OpenIndex,
    q: qt.And,
    clauses: list[qt.Node],
    options: SearchOptions,
    vocab: Vocab,
    terms: frozenset[str],
    phrases: tuple[tuple[tuple[str, ...], tuple[int, ...]], ...],
    searched: engine.Evaluator,
) -> Partial | None:
    """The articles holding the most parts of an AND query that nothing matches whole (at
    least half of them, filters kept), ranked by the summed scores of the parts they hold."""
    parts = [c for c in q.children if not isinstance(c, qt.Not)]
    if len(parts) < 2:
        return None
    evaluator = engine.Evaluator(opened.text, opened.store, expansions=searched.expansions)
    allowed = evaluator.run(qt.conjunction([*clauses, *(c for c in q.children if c not in parts)]))
    size = opened.text.doc_count_all
    held = np.zeros(size, dtype=np.int64)
    scores = np.zeros(size)
    for part in parts:
        found = evaluator.run(part)
        held[found.docs] += 1
        scores[found.docs] += found.scores
    keep = np.zeros(size, dtype=bool)
    keep[allowed.docs] = True
    if options.written_after is not None:
        keep &= opened.text.added > options.written_after
    held[~keep] = 0
    best = int(held.max()) if size else 0
    if not max(1, (len(parts) + 1) // 2) <= best < len(parts):
        return None
    docs = np.flatnonzero(held == best).astype(np.int64)
    ranked = engine.Matches(docs, scores[docs])
    page = engine.top(ranked, opened.text.published, sort=options.sort, count=options.limit)
    found_scores = dict(zip(docs.tolist(), ranked.scores.tolist(), strict=True))
    hits = tuple(
        hit_from(opened.stored(n), found_scores[n], rank, vocab, options.snippets, terms, phrases)
        for rank, n in enumerate(page.tolist(), start=1)
    )
    return Partial(matched=best, parts=len(parts), total=len(docs), hits=hits)


def keyword_fields(store: facets.FacetStore) -> tuple[str, ...]:
    """The index's own keyword fields (from its records: `category`), in name order."""
    return tuple(sorted(set(store.fields) - set(FACET_CHOICES)))


def _count(
    vocab: Vocab, name: str, docnums: Any, options: SearchOptions, parsed: ParsedQuery
) -> tuple[FacetCount, ...]:
    """The facet's counts over ``docnums``; the values the query filters on are listed even
    at zero, resolved to labels as the filters were (`Vocab.labels`: one routine for both)."""
    named = [
        *parsed.filters.get(name, []),
        *(v for f, vs in parsed.any_of if f == name for v in vs),
    ]
    keep = list(dict.fromkeys(label for value in named for label in vocab.labels(name, value)))
    return vocab.store.count(name, docnums, limit=options.facet_limit, keep=keep)
