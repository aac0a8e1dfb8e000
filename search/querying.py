"""Run searches: filters from entity names, ranking, totals, facets, hits with snippets."""

from __future__ import annotations

import atexit
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from search import aliases, analysis, schema
from search.errors import DamagedStore, IndexDamagedError, QueryError, StoredDamaged, UsageProblem
from search.models import Country, FacetCount, Hit, Partial, SearchResults
from search.query import engine, spelling
from search.query import tree as qt
from search.query.language import (
    ParsedQuery,
    parse_date_range,
    preprocess,
    text_query,
)
from search.query.snippets import make_snippets
from search.store import facets, lock, manifest, postings, stored, whoosh_index
from search.store.facet_kinds import kind_of, record_fields

FACET_CHOICES = schema.FACET_FIELDS
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


@dataclass(frozen=True)
class Vocab:
    """Resolution of user names to facet labels, from the facet store."""

    store: facets.FacetStore

    def labels(self, fname: str, value: str) -> list[str]:
        """The labels (as the facet store shows them) a filter value names; [] when none:
        the field's kind resolves it (`facet_kinds`), and only labels some article still
        carries count (not those of deleted articles' values)."""
        fs = self.store.fields[fname]
        found = kind_of(fname).labels_for(fs, value)
        return sorted(label for label in found if fs.ids_by_label.get(label.lower()) in fs.carried)

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
    for fname, values in parsed.any_of:
        found = sorted({label for value in values for label in vocab.labels(fname, value)})
        if not found:
            warnings.append(f"no {fname} known as any of {', '.join(map(repr, values))}")
        clauses.append(qt.Facet(fname, tuple(found)) if found else qt.Nothing())
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
    folder: str = ""  # the store folder the manifest named ("" when rebuilt in memory)
    files: tuple[tuple[str, int, int], ...] = ()  # (name, size, mtime) of its files, at open


_OPEN: dict[Path, OpenIndex] = {}
_CHECKED_AT_OPEN = ("postings.json", "postings-arrays.bin", "facets")  # the blob: zlib-checked


def open_for_search(location: Path) -> OpenIndex:
    """The stores of the generation the manifest names (the last one made whole: a search
    during an `index` run reads the previous generation at full speed), kept open between
    searches in one process until the manifest moves on."""
    key = location.resolve()
    generation = whoosh_index.latest_generation(location)
    current = manifest.read(location)
    cached = _OPEN.get(key)
    if cached is not None and (
        cached.folder == current.folder and cached.files == _file_stats(location, current)
        if current is not None
        else not cached.folder and cached.generation == generation
    ):
        return cached
    if cached is not None:
        cached.close()
        del _OPEN[key]
    opened = None
    for _ in range(2):  # the manifest may move on between reading it and opening its files
        if current is None:
            break
        opened = _open_stores(location, current)
        if opened is not None:
            break
        current = manifest.read(location)
    if opened is None:
        opened = _open_with_whoosh(location, None, None)
        if current is not None:  # stands in for the manifest's stores until they change
            opened = replace(opened, folder=current.folder, files=_file_stats(location, current))
    elif generation != opened.generation and not lock.writing(location):
        opened = replace(opened, warnings=(*opened.warnings, _BEHIND))
    if not _OPEN:
        atexit.register(close_all)
    _OPEN[key] = opened
    return opened


def _open_stores(location: Path, current: manifest.Manifest) -> OpenIndex | None:
    """The stores of the manifest's folder, None when one of its files is missing or does not
    hold what the manifest recorded."""
    folder = current.path(location)
    checked = [n for n in current.files if n.startswith(_CHECKED_AT_OPEN)]
    if manifest.damaged(current, location, checked):
        return None
    try:
        store = facets.load_store(folder, current.generation)
        text = postings.load(folder, current.generation)
    except OSError:
        return None
    if store is None or text is None or text.segments is None:
        return None
    reader = stored.StoredFields(location, text.segments)
    files = _file_stats(location, current)
    return OpenIndex(current.generation, store, text, reader, folder=current.folder, files=files)


def _file_stats(location: Path, current: manifest.Manifest) -> tuple[tuple[str, int, int], ...]:
    """What tells a store file was replaced or removed since it was opened."""
    out = []
    folder = current.path(location)
    for name in sorted(current.files):
        try:
            info = (folder / name).stat()
        except OSError:
            out.append((name, -1, -1))
        else:
            out.append((name, info.st_size, info.st_mtime_ns))
    return tuple(out)


def _open_with_whoosh(
    location: Path, store: facets.FacetStore | None, text: postings.TextStore | None
) -> OpenIndex:
    """The slow way, when a store is missing, stale or damaged: read the articles through
    Whoosh and rebuild what is missing in memory."""
    from search.store import facet_build, postings_build

    ix = whoosh_index.open_index(location)
    warnings: list[str] = []
    try:
        if store is None:
            user = aliases.load_user_aliases(location)
            store = facet_build.build_store(ix, location, user=user, write=False)
        if text is None:
            text = postings_build.build_from_index(ix)
            warnings.append(_STORE_REBUILT)
        read, close = whoosh_index.open_reader(ix)
    except Exception as exc:  # noqa: BLE001 - whatever a damaged Whoosh file raises
        raise whoosh_index.damage(location, exc) from exc
    return OpenIndex(
        ix.latest_generation(),
        store,
        text,
        read,
        tuple(warnings),
        close,
    )


_STORE_REBUILT = (
    "the index's search stores are missing, out of date or damaged; searching a copy rebuilt "
    "in memory (run `newsidx index` on your folders to save it)"
)
_BEHIND = (
    "the index's last commit is not searchable yet (an `index` run was interrupted before "
    "its stores were written); run `newsidx index` on your folders to finish it"
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
    clauses, warnings = _filters(parsed, vocab)
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
        opened = _rebuilt(location, opened)
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
    page = engine.top(
        matches, opened.text.published, sort=options.sort, count=options.offset + options.limit
    )[options.offset :]
    scores = matches.scores[np.searchsorted(matches.docs, page)].tolist()
    terms = frozenset(evaluator.terms)
    phrases = tuple(evaluator.phrases)
    ranked = list(zip(page.tolist(), scores, strict=True))
    try:
        found = [opened.stored(n) for n, _ in ranked]
    except StoredDamaged as exc:
        raise IndexDamagedError(
            f"the index at {location} is damaged ({exc}); rebuild it with "
            "`newsidx index --rebuild PATH...` (cleaning and NER results are reused from its cache)"
        ) from exc
    hits = tuple(
        hit_from(fields, score, rank, vocab, options.snippets, terms, phrases)
        for rank, (fields, (_, score)) in enumerate(
            zip(found, ranked, strict=True), options.offset + 1
        )
    )
    if options.why:
        from search.insights.why import explain

        reasons = explain(evaluator, opened.store, found_all.tree, page.tolist())
        hits = tuple(replace(h, why=w) for h, w in zip(hits, reasons, strict=True))
    total = len(matches.docs)
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
    suggestion = _suggest(opened, parsed, clauses) if total == 0 else None
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


_WORD = re.compile(r"(?<![\w:])\w+(?![\w*?~:])")  # a plain word, not a field name or pattern
MAX_CORRECTED_WORDS = 8  # did-you-mean looks at the first words only: its work is bounded


def keyword_fields(store: facets.FacetStore) -> tuple[str, ...]:
    """The index's own keyword fields (from its records: `category`), in name order."""
    return tuple(sorted(set(store.fields) - set(FACET_CHOICES)))


def _suggest(opened: OpenIndex, parsed: ParsedQuery, clauses: list[qt.Node]) -> str | None:
    """A corrected query from the index's own words, offered only when it finds something:
    each word the index does not hold (the first MAX_CORRECTED_WORDS of them) replaced by the
    word as the articles write it that `spelling.choose` prefers, judged beside the query's
    other words."""
    if not re.search(r"[^\W\d_]", parsed.text):
        return None
    text = opened.text
    known: list[str] = []
    unknown: list[re.Match[str]] = []
    for match in _WORD.finditer(parsed.text):
        terms = analysis.analyse(match.group(0))
        if match.group(0) in ("AND", "OR", "NOT") or len(terms) != 1:
            continue
        if any(fp.find(terms[0]) is not None for fp in text.fields.values()):
            known.append(terms[0])
        elif len(unknown) < MAX_CORRECTED_WORDS:
            unknown.append(match)
    if not unknown:
        return None
    context = None  # articles holding every other word of the query
    for term in known:
        docs = _docs_of(text, term)
        context = docs if context is None else np.intersect1d(context, docs, assume_unique=True)
    replaced: dict[int, str] = {}
    for match in unknown:
        typed = match.group(0)
        options: dict[str, spelling.Option] = {}
        for fname in ("body", "title"):
            for term, df in spelling.candidates(text.fields[fname], typed):
                together = None if context is None else _together(text, term, context)
                for word in _written(opened, fname, term, typed):
                    if word not in options or options[word].df < df:
                        options[word] = spelling.Option(word, df, together)
        best = spelling.choose(typed, list(options.values()))
        if best is not None:
            replaced[match.start()] = _same_case(best.word, typed)
    if not replaced:
        return None
    corrected = _WORD.sub(lambda m: replaced.get(m.start(), m.group(0)), parsed.text)
    q = text_query(ParsedQuery(text=corrected))
    found = engine.Evaluator(opened.text, opened.store).run(qt.conjunction([q, *clauses]))
    return corrected if len(found.docs) else None


def _together(text: postings.TextStore, term: str, context: Any) -> bool:
    """Whether some article of ``context`` (sorted numbers) holds ``term``."""
    if not len(context):
        return False
    for fname, fp in text.fields.items():
        i = fp.find(term)
        if i is not None:
            docs = text.postings(fname, i)[0]
            at = np.minimum(np.searchsorted(context, docs), len(context) - 1)
            if bool((context[at] == docs).any()):
                return True
    return False


def _docs_of(text: postings.TextStore, term: str) -> Any:
    """Live articles holding ``term`` in their title or body."""
    parts = []
    for fname, fp in text.fields.items():
        i = fp.find(term)
        if i is not None:
            parts.append(text.postings(fname, i)[0])
    return np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)


def _same_case(word: str, typed: str) -> str:
    if len(typed) > 1 and typed.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if typed[:1].isupper() else word


def _written(opened: OpenIndex, fname: str, term: str, typed: str) -> list[str]:
    """The words as the articles write them (folded) that are indexed as ``term`` (a stem),
    for correcting ``typed``: those of the first articles with the term (`security`,
    `securities` for `secur`), and the spellings of the term close to ``typed`` that some
    article writes (`cooperation` when the first articles with `cooper` say `Cooper`)."""
    i = opened.text.fields[fname].find(term)
    if i is None:
        return []
    docs: list[int] = opened.text.postings(fname, i)[0][:_READ_FOR_FORMS].tolist()
    near = spelling.close(typed, analysis.spellings(term))
    found: dict[str, None] = {}
    for k, docnum in enumerate(docs):
        try:
            fields = opened.stored(docnum)
        except StoredDamaged:
            break
        written = fields.get("title") or "" if fname == "title" else schema.stored_body(fields)
        forms = analysis.surface_forms(written, term)
        found.update(dict.fromkeys(forms if k < _FIRST_FORMS else near.intersection(forms)))
        if k >= _FIRST_FORMS and (not near or near & set(found)):
            break
    return list(found)


_FIRST_FORMS = 3  # articles whose every form of a term is an option
_READ_FOR_FORMS = 20  # articles read, at most, for a form close to the typed word


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


def hit_from(
    stored: dict[str, Any],
    score: float,
    rank: int,
    vocab: Vocab,
    snippet_count: int,
    terms: frozenset[str] = frozenset(),
    phrases: tuple[tuple[tuple[str, ...], tuple[int, ...]], ...] = (),
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
        snippets=make_snippets(
            schema.stored_body(stored), terms, count=snippet_count, phrases=phrases
        ),
        persons=tuple(dict.fromkeys(p for p in persons if p)),
        countries=tuple(Country(c, names[i]) for i, c in enumerate(codes)),
        orgs=tuple(vocab.label("org", o) for o in schema.keyword_values(stored.get("org"))),
        language=stored.get("language") or None,
        fields=tuple(record_fields(stored).items()),
    )
