"""Pure renderers: each turns results into lines of text, json, jsonl or csv."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from typing import Any

from search.models import Article, Entities, FacetCount, Hit, SearchResults, Snippet, UserAlias, Why

FORMAT_VERSION = 1
FORMATS = ("text", "json", "jsonl", "csv")  # search results, facets, views over hits
ARTICLE_FORMATS = ("jsonl", "json", "text")  # clean, entities
REPORT_FORMATS = ("text", "json")  # stats, alias list, saved searches
BOLD, RESET, DIM, TITLE = "\x1b[1;33m", "\x1b[0m", "\x1b[2m", "\x1b[1m"


def _highlight(snippet: Snippet, *, color: bool) -> str:
    if not snippet.highlights:
        return snippet.text
    parts, last = [], 0
    open_mark, close_mark = (BOLD, RESET) if color else ("[", "]")
    for start, end in snippet.highlights:
        parts += [snippet.text[last:start], open_mark, snippet.text[start:end], close_mark]
        last = end
    parts.append(snippet.text[last:])
    return "".join(parts)


def hit_record(hit: Hit) -> dict[str, Any]:
    """A hit as a JSON-ready dict (stable field names)."""
    record = asdict(hit)
    record["snippets"] = [
        {"text": s.text, "highlights": [list(h) for h in s.highlights]} for s in hit.snippets
    ]
    record["countries"] = [{"code": c.code, "name": c.name} for c in hit.countries]
    record["fields"] = {name: list(values) for name, values in hit.fields}
    return record


def facet_record(counts: Iterable[FacetCount]) -> list[dict[str, Any]]:
    return [{"value": c.value, "label": c.label, "count": c.count} for c in counts]


def render_results(results: SearchResults, fmt: str, *, color: bool = False) -> Iterator[str]:
    """Search results in one of FORMATS."""
    if fmt == "json":
        yield json.dumps(
            {
                "format_version": FORMAT_VERSION,
                "query": results.query,
                "parsed": results.parsed,
                "total": results.total,
                "versions": results.versions,
                "offset": results.offset,
                "hits": [hit_record(h) for h in results.hits],
                "facets": {k: facet_record(v) for k, v in results.facets.items()},
                "warnings": list(results.warnings),
                "suggestion": results.suggestion,
                "significant": {k: [asdict(t) for t in v] for k, v in results.significant.items()},
                "partial": None
                if results.partial is None
                else {
                    "matched": results.partial.matched,
                    "parts": results.partial.parts,
                    "total": results.partial.total,
                    "hits": [hit_record(h) for h in results.partial.hits],
                },
            },
            ensure_ascii=False,
            indent=2,
        )
    elif fmt == "jsonl":
        for hit in results.hits:
            yield json.dumps(
                {"format_version": FORMAT_VERSION, **hit_record(hit)}, ensure_ascii=False
            )
    elif fmt == "csv":
        yield from csv_rows(
            ["rank", "score", "id", "title", "published", "source", "persons", "countries", "url"],
            (
                [
                    h.rank,
                    f"{h.score:.4f}",
                    h.id,
                    h.title,
                    h.published or "",
                    h.source or "",
                    "; ".join(h.persons),
                    "; ".join(c.code for c in h.countries),
                    h.url or "",
                ]
                for h in results.hits
            ),
        )
    else:
        yield from _text_results(results, color=color)


def _text_results(results: SearchResults, *, color: bool) -> Iterator[str]:
    title_on, off, dim = (TITLE, RESET, DIM) if color else ("", "", "")
    shown = len(results.hits)
    if results.total == 0:
        yield "No articles match."
        if results.suggestion:
            yield f"Did you mean: {results.suggestion}"
        if results.partial is not None:
            p = results.partial
            yield (
                f"Partial matches: {p.total} article{'s hold' if p.total != 1 else ' holds'} "
                f"{p.matched} of the {p.parts} parts of the query"
            )
    else:
        first = results.offset + 1
        versions = ""
        if results.versions:
            versions = (
                f" (and {results.versions} near-duplicate{'s' if results.versions != 1 else ''}"
                " of them: --all-versions lists them)"
            )
        yield f"{results.total} article{'s' if results.total != 1 else ''} match{versions}; " + (
            f"showing {first}–{results.offset + shown}" if shown else "none on this page"
        )
    shown_hits = results.hits or (results.partial.hits if results.partial else ())
    for hit in shown_hits:
        yield ""
        yield f"{hit.rank:>3}. {title_on}{hit.title or '(untitled)'}{off}"
        meta = " · ".join(x for x in (hit.published, hit.source, hit.language) if x)
        yield f"     {dim}{meta + ' · ' if meta else ''}{hit.id}{off}"
        for snippet in hit.snippets:
            yield f"     {_highlight(snippet, color=color)}"
        if hit.persons:
            yield f"     {dim}persons:{off} {', '.join(hit.persons)}"
        if hit.countries:
            yield f"     {dim}countries:{off} {', '.join(c.name for c in hit.countries)}"
        for name, values in hit.fields:
            yield f"     {dim}{name}:{off} {', '.join(values)}"
        if hit.also:
            more = f" (+{len(hit.also) - 3} more)" if len(hit.also) > 3 else ""
            yield f"     {dim}also at:{off} {', '.join(hit.also[:3])}{more}"
        if hit.similar:
            more = f", +{len(hit.similar) - 3} more" if len(hit.similar) > 3 else ""
            yield f"     {dim}+{len(hit.similar)} similar:{off} {', '.join(hit.similar[:3])}{more}"
        if hit.why is not None:
            yield from _text_why(hit.why, dim, off)
    for name, counts in results.facets.items():
        yield ""
        yield from _text_facet(name, counts)
    for name, terms in results.significant.items():
        yield ""
        yield f"significant {name} (hits with it / articles with it, JLH score):"
        if not terms:
            yield "  (none)"
        for t in terms:
            label = f"{t.label} ({t.value})" if t.value != t.label else t.label
            yield f"  {t.hits:>6} / {t.articles:<6} {t.score:8.3f}  {label}"


def _text_why(why: Why, dim: str, off: str) -> Iterator[str]:
    parts = [
        f"{p.part}{' [' + ', '.join(p.words) + ']' if p.words else ''} in "
        f"{'+'.join(p.fields) or '-'}: {p.score:.2f}"
        for p in why.parts
    ]
    yield f"     {dim}why:{off} {'; '.join(parts) or 'no text part (filters only)'}"
    if why.filters:
        shown = ", ".join(f"{field} {label}" for field, label in why.filters)
        yield f"     {dim}filters:{off} {shown}"


def _text_facet(name: str, counts: Iterable[FacetCount]) -> Iterator[str]:
    yield f"{name}:"
    rows = list(counts)
    if not rows:
        yield "  (none)"
    width = max((len(str(c.count)) for c in rows), default=1)
    for c in rows:
        label = f"{c.label} ({c.value})" if c.value != c.label else c.label
        yield f"  {c.count:>{width}}  {label}"


def render_facets(name: str, counts: tuple[FacetCount, ...], fmt: str) -> Iterator[str]:
    """One facet's counts in one of FORMATS."""
    if fmt == "json":
        yield json.dumps(
            {"format_version": FORMAT_VERSION, "facet": name, "values": facet_record(counts)},
            ensure_ascii=False,
            indent=2,
        )
    elif fmt == "jsonl":
        for record in facet_record(counts):
            yield json.dumps(record, ensure_ascii=False)
    elif fmt == "csv":
        yield from csv_rows(
            ["value", "label", "count"], ([c.value, c.label, c.count] for c in counts)
        )
    else:
        yield from _text_facet(name, counts)


def article_record(article: Article, entities: Entities | None) -> dict[str, Any]:
    """The stable JSON object `clean`, `entities` and `show` print for one article."""
    record: dict[str, Any] = {
        "id": article.id,
        "path": article.path,
        "url": article.url,
        "title": article.title,
        "body": article.body,
        "published": article.published,
        "byline": article.byline,
        "source": article.source,
        "language": article.language,
    }
    if entities is not None:
        record["persons"] = list(entities.persons)
        record["countries"] = [{"code": c.code, "name": c.name} for c in entities.countries]
        record["orgs"] = list(entities.orgs)
        record["about"] = list(entities.about)
        record["mentions"] = {k: list(v) for k, v in entities.mentions.items()}
    return record


def render_articles(
    items: Iterable[tuple[Article, Entities | None]], fmt: str, *, color: bool = False
) -> Iterator[str]:
    """Articles (with entities when known), as jsonl (one per line), json or text."""
    if fmt == "json":
        yield json.dumps([article_record(a, e) for a, e in items], ensure_ascii=False, indent=2)
        return
    for article, entities in items:
        if fmt == "jsonl":
            record = {"format_version": FORMAT_VERSION, **article_record(article, entities)}
            yield json.dumps(record, ensure_ascii=False)
            continue
        title_on, off = (TITLE, RESET) if color else ("", "")
        yield f"{title_on}{article.title or '(untitled)'}{off}"
        meta = " · ".join(x for x in (article.published, article.source, article.byline) if x)
        yield f"{meta + ' · ' if meta else ''}{article.id}"
        if entities is not None:
            yield f"persons: {', '.join(entities.persons) or '-'}"
            yield f"countries: {', '.join(c.name for c in entities.countries) or '-'}"
            yield f"orgs: {', '.join(entities.orgs) or '-'}"
        yield ""
        yield article.body
        yield ""


def csv_rows(header: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="")
    writer.writerow(header)
    yield buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row)
        yield buffer.getvalue()


def render_aliases(entries: Iterable[UserAlias], fmt: str) -> Iterator[str]:
    """The user's aliases as text lines or one JSON document."""
    rows = list(entries)
    if fmt == "json":
        yield json.dumps(
            {"format_version": FORMAT_VERSION, "aliases": [asdict(a) for a in rows]},
            ensure_ascii=False,
            indent=2,
        )
        return
    if not rows:
        yield "(no aliases)"
    for a in rows:
        what = {"merge": f"shown as {a.target}", "drop": "dropped", "retype": f"is an {a.target}"}
        yield f"{a.field:7} {a.name} — {what[a.action]}"
