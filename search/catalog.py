"""Look at what is indexed: one article, similar articles, facet values, statistics."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from search import aliases, indexing, querying, schema
from search.errors import NewsIndexError, NotFoundError, UsageProblem
from search.models import Article, Country, Entities, FacetCount, SearchResults, UserAlias
from search.store import near_duplicates, whoosh_index
from search.store.articles import ALSO_JOIN
from search.store.facet_kinds import CountryKind
from search.store.lock import IndexLock
from search.store.opened import open_for_search


@dataclass(frozen=True)
class IndexStats:
    """Size and contents of an index."""

    location: str
    articles: int
    persons: int
    countries: int
    orgs: int
    sources: int
    size_bytes: int
    oldest: str | None
    newest: str | None
    fields: dict[str, int] = field(default_factory=dict)  # keyword field -> distinct values
    with_copies: int = 0  # articles found at more than one path (copies, exact duplicates)
    copies: int = 0  # the paths beyond each article's first
    similar_groups: int = 0  # groups of near-duplicate articles (syndicated copies, edits)
    similar_articles: int = 0  # the articles in them


def _docnum(ix: Any, article_id: str) -> int:
    """The document of an article named by its id (URL or path), by the path it was read
    from (an HTML page with a URL, `file.jsonl#L46`), or by a unique ending of either."""
    docnum = whoosh_index.document_number(ix, article_id)
    if docnum is not None:
        return docnum
    resolved = _resolved(article_id)
    docnum = whoosh_index.document_number(ix, resolved)
    if docnum is not None:
        return docnum
    exact: list[int] = []
    ending: list[tuple[int, str]] = []
    for n, fields in whoosh_index.stored_documents(ix):
        names = (fields["id"], fields.get("path") or "")
        if article_id in names or resolved in names:
            exact.append(n)
        elif any(name.endswith(article_id) for name in names):
            ending.append((n, fields["id"]))
    if len(exact) == 1:
        return exact[0]
    if not exact and len(ending) == 1:
        return ending[0][0]
    if ending and not exact:
        shown = "\n  ".join(sorted(i for _, i in ending)[:10])
        more = f"\n  ... and {len(ending) - 10} more" if len(ending) > 10 else ""
        raise NotFoundError(
            f"{len(ending)} articles end with {article_id!r}; give more of one:\n  {shown}{more}"
        )
    if exact:
        raise NotFoundError(f"{len(exact)} articles were read from {article_id!r}; give an id")
    raise NotFoundError(f"no article with id {article_id!r} (ids are URLs or file paths)")


def _resolved(name: str) -> str:
    """``name`` as an absolute path (its `#L46` line mark kept)."""
    path, mark, line = name.partition("#")
    try:
        return str(Path(path).resolve()) + mark + line
    except (OSError, RuntimeError, ValueError):
        return name


def _article(stored: dict[str, Any]) -> tuple[Article, Entities]:
    published = stored.get("published")
    codes = schema.keyword_values(stored.get("country"))
    names = list(stored.get("country_names") or []) + list(codes)
    article = Article(
        id=stored["id"],
        path=stored.get("path") or "",
        title=stored.get("title") or "",
        body=schema.stored_body(stored),
        content_hash=stored.get("content_hash") or "",
        url=stored.get("url"),
        published=published or None,
        byline=stored.get("byline"),
        source=(schema.keyword_values(stored.get("source")) or (None,))[0],
        language=stored.get("language"),
    )
    entities = Entities(
        persons=schema.keyword_values(stored.get("person")),
        countries=tuple(Country(c, names[i]) for i, c in enumerate(codes)),
        orgs=schema.keyword_values(stored.get("org")),
        mentions={k: tuple(v) for k, v in json.loads(stored.get("mentions") or "{}").items()},
    )
    return article, entities


def show(location: Path, article_id: str) -> tuple[Article, Entities]:
    """The clean article with its entities, by id (URL or path; a unique id suffix works)."""
    ix = whoosh_index.open_index(location)
    try:
        return _article(whoosh_index.stored(ix, _docnum(ix, article_id)))
    except NewsIndexError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever a damaged Whoosh file raises
        raise whoosh_index.damage(location, exc) from exc


def similar(
    location: Path,
    article_id: str,
    options: querying.SearchOptions | None = None,
    *,
    limit: int = 10,
) -> SearchResults:
    """Articles most like one article (by id, as `show` takes it), by its most distinctive
    title and body words (`query.like`); ``options`` adds a query and filters they must match."""
    from dataclasses import replace

    ix = whoosh_index.open_index(location)
    try:
        docnum = _docnum(ix, article_id)
    except NewsIndexError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever a damaged Whoosh file raises
        raise whoosh_index.damage(location, exc) from exc
    finally:
        whoosh_index.close_files(ix)
    chosen = replace(options or querying.SearchOptions(), like=docnum, limit=limit)
    results = querying.search(location, chosen)
    extra = f" {chosen.query}" if chosen.query.strip() else ""
    return replace(results, query=f"similar:{article_id}{extra}")


def facet_values(
    location: Path,
    field: str,
    options: querying.SearchOptions | None = None,
    *,
    prefix: str = "",
    limit: int = 50,
) -> tuple[FacetCount, ...]:
    """A facet's values with article counts, over all articles or those ``options`` (a query
    and filters, as `search` takes them) match."""
    from dataclasses import replace

    opened = open_for_search(location)
    if field not in opened.store.fields:
        known = (*querying.FACET_CHOICES, *querying.keyword_fields(opened.store))
        raise UsageProblem(f"FIELD must be one of {', '.join(known)}")
    chosen = options or querying.SearchOptions()
    results = querying.search(
        location, replace(chosen, limit=0, facets=(field,), facet_limit=1_000_000)
    )
    wanted = prefix.lower()
    counts = results.facets[field]
    if wanted:
        counts = tuple(
            c
            for c in counts
            if any(part.startswith(wanted) for part in (c.label.lower(), c.value.lower()))
            or any(w.startswith(wanted) for w in c.label.lower().split())
        )
    return counts[:limit]


def stats(location: Path) -> IndexStats:
    """How many articles and distinct entities the index holds, and its size on disk."""
    from datetime import date

    opened = open_for_search(location)
    store, text = opened.store, opened.text
    count = text.live_count
    known = text.published[text.live & (text.published > 0)]
    dates = (
        [date.fromordinal(int(known.min())), date.fromordinal(int(known.max()))]
        if len(known)
        else []
    )
    size = sum(p.stat().st_size for p in location.rglob("*") if p.is_file())
    table = _article_table(location, opened.generation)
    extra = [also.count(ALSO_JOIN) + 1 for also in table.also if also] if table else []
    groups = near_duplicates.Summary(0, 0)
    if opened.groups is not None:
        groups = near_duplicates.summary(opened.groups.leaders, np.asarray(text.live, dtype=bool))
    return IndexStats(
        location=str(location),
        articles=count,
        persons=store.fields["person"].distinct(),
        countries=store.fields["country"].distinct(),
        orgs=store.fields["org"].distinct(),
        sources=store.fields["source"].distinct(),
        size_bytes=size,
        oldest=dates[0].isoformat() if dates else None,
        newest=dates[-1].isoformat() if dates else None,
        fields={name: store.fields[name].distinct() for name in querying.keyword_fields(store)},
        with_copies=len(extra),
        copies=sum(extra),
        similar_groups=groups.groups,
        similar_articles=groups.articles,
    )


def _article_table(location: Path, generation: int) -> Any:
    """The article table of the generation searches read (None when there is none)."""
    from search.store import articles, manifest

    current = manifest.read(location)
    if current is None or current.generation != generation:
        return None
    return articles.load(current.path(location), generation)


def add_alias(location: Path, field: str, name: str, target: str) -> None:
    """Merge ``name`` into ``target`` (or drop it when target is empty) in ``field`` (person,
    org, country, source); search and facets follow at once, no article is read again."""
    name, target = _alias_names(field, name, target)
    _change_aliases(location, lambda: aliases.save_user_alias(location, field, name, target))


def remove_alias(location: Path, field: str, name: str) -> None:
    """Undo a merge, drop or retype of ``name``; NotFoundError when there is none."""
    name, _ = _alias_names(field, name, "")
    removed: list[bool] = []
    _change_aliases(
        location, lambda: removed.append(aliases.remove_user_alias(location, field, name))
    )
    if not removed[0]:
        raise NotFoundError(f"no alias of {field} {name!r}; `newsidx alias list` shows them")


def retype(location: Path, field: str, name: str, kind: str) -> None:
    """Show ``name``, indexed as a ``field`` (person or org), as a ``kind`` instead."""
    if field not in aliases.RETYPE_FIELDS or kind not in aliases.RETYPE_FIELDS or kind == field:
        raise UsageProblem(f"a name moves between {' and '.join(aliases.RETYPE_FIELDS)}")
    _change_aliases(location, lambda: aliases.save_retype(location, field, name, kind))


def list_aliases(location: Path) -> tuple[UserAlias, ...]:
    """Every merge, drop and retype the user has made."""
    whoosh_index.latest_generation(location)
    return aliases.list_user_aliases(location)


def _alias_names(field: str, name: str, target: str) -> tuple[str, str]:
    """The names as the alias file keeps them: countries by code (`Iraq`, `IQ` → `iq`), the
    target of a country merge as its label (`IQ Iraq`)."""
    if field not in aliases.ALIAS_FIELDS:
        raise UsageProblem(f"aliases apply to {', '.join(aliases.ALIAS_FIELDS)}")
    if field != "country":
        return name, target
    from search.entities import countries

    found = countries.resolve_filter(name)
    if found is None:
        raise UsageProblem(f"no country known as {name!r}")
    shown = ""
    if target:
        into = countries.resolve_filter(target)
        if into is None:
            raise UsageProblem(f"no country known as {target!r}")
        shown = CountryKind.pack(into.code, into.name)
    return found.code.lower(), shown


def _change_aliases(location: Path, change: Callable[[], None]) -> None:
    whoosh_index.latest_generation(location)  # an index is there, of this version
    with IndexLock(location):
        change()
        indexing.relabel(location)


__all__ = [
    "IndexStats",
    "add_alias",
    "facet_values",
    "list_aliases",
    "remove_alias",
    "retype",
    "show",
    "similar",
    "stats",
]
