"""The stream every command shares: paths → raw documents → clean articles → entities."""

from __future__ import annotations

import dataclasses
import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO, cast

from search import cleaning
from search.errors import InputError, NoInputError
from search.ingest import loaders
from search.ingest.cache import ExtractionCache
from search.ingest.progress import Progress
from search.ingest.sources import Sources
from search.models import Article, Entities, RawDocument

ProgressFn = Callable[[str], None]
BATCH = 512  # articles handed to NER at once


def raw_documents(
    paths: Sequence[str],
    *,
    skipped: list[str],
    warn: ProgressFn,
    complete: set[str] | None = None,
    known: Mapping[str, str] | None = None,
    meter: Progress | None = None,
    stdin: BinaryIO | None = None,
    sources: Sources | None = None,
) -> Iterator[RawDocument]:
    """Every document in ``paths`` (``-``: standard input, or ``stdin``, holding JSON Lines
    records or one path a line); files that cannot be read are reported and skipped.
    ``complete`` collects the (resolved) JSON Lines files read to the end with every line a
    record: what `--prune` may delete records missing from. ``known`` (path → content hash
    of what is indexed): records indexed as they are come as `loaders.unchanged` stand-ins.
    ``meter``: every file is found (and sized) before the first is read, then reading advances
    it. ``sources``: a file it finds as indexed is not read (it records what the file holds
    as seen), and it is told of every file read and of every document read from one."""
    found: list[Path | None] = []  # None: JSON Lines records on standard input
    stream = _buffered(stdin or sys.stdin.buffer) if "-" in paths else None
    for given in _given(paths, stream):
        if given is None:
            found.append(None)
            continue
        try:
            for each in loaders.discover([given]):
                found.append(each)
                if meter is not None:
                    meter.found(_size(each))
        except InputError as exc:
            skipped.append(str(exc))
            warn(f"skipped {exc}")
    if meter is not None:
        meter.start()
    on_read = meter.read if meter is not None else None
    for path in found:
        bad_lines: list[str] = []
        try:
            if path is None:
                assert stream is not None
                yield from loaders.records_from(
                    stream,
                    loaders.STDIN,
                    shown=loaders.STDIN,
                    warn=_noting(bad_lines, warn),
                    known=known or {},
                    on_read=on_read,
                )
                continue
            if sources is not None and sources.unchanged(path):
                if on_read is not None:
                    on_read(_size(path))
                continue
            for raw in loaders.load(
                path, warn=_noting(bad_lines, warn), known=known, on_read=on_read
            ):
                if sources is not None:
                    sources.counted(raw.path)
                yield raw
        except InputError as exc:
            skipped.append(str(exc))
            warn(f"skipped {exc}")
            continue
        if path is None:
            continue
        if sources is not None:
            sources.read(path, whole=not bad_lines)
        if complete is not None and not bad_lines and loaders.kind_of(path) in loaders.MANY:
            complete.add(str(path.resolve()))
    if not found and not skipped:
        raise NoInputError(", ".join(paths), "no .txt, .html, .jsonl or .warc files found")


def _buffered(stream: BinaryIO) -> io.BufferedReader:
    """``stream`` as a reader that can peek (standard input is one already)."""
    if isinstance(stream, io.BufferedReader):
        return stream
    return io.BufferedReader(cast(Any, stream))


def _given(paths: Sequence[str], stream: io.BufferedReader | None) -> Iterator[str | None]:
    """The paths to discover, with ``-`` read from ``stream``: None where it holds JSON Lines
    records (its first character is ``{``), else each of its lines as a path."""
    for given in paths:
        if given != "-" or stream is None:
            yield given
            continue
        if stream.peek(4096).lstrip().startswith(b"{"):
            yield None
            continue
        for line in stream:
            name = os.fsdecode(line.rstrip(b"\r\n"))
            if name.strip():
                yield name


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _noting(notes: list[str], warn: ProgressFn) -> ProgressFn:
    """``warn``, also keeping each message in ``notes``."""

    def note(message: str) -> None:
        notes.append(message)
        warn(message)

    return note


def text_documents(paths: Sequence[str]) -> Iterator[RawDocument]:
    """The plain-text dumps among ``paths`` (what site templates are learnt from)."""
    for given in paths:
        if not Path(given).is_dir():
            continue
        for path in loaders.discover([given]):
            if loaders.kind_of(path) != "text":
                continue
            try:
                yield from loaders.load(path)
            except InputError:
                continue


def prepare(
    raws: Iterable[RawDocument],
    *,
    templates: cleaning.SiteTemplates | Callable[[], cleaning.SiteTemplates] | None,
    cache: ExtractionCache | None,
    workers: int,
    warn: ProgressFn,
) -> Iterator[tuple[Article, Entities]]:
    """Clean each document and find its entities, reusing cached results by content hash.
    ``templates`` may be a function that learns them: called once, when the first text dump
    is to be cleaned (a run with none to clean reads no text dump to learn them)."""
    from search.entities import Extraction

    pending: list[Article] = []
    learnt = None if callable(templates) else templates
    running: list[Extraction] = []  # the batch whose entities are being found, if any

    def flush() -> Iterator[tuple[Article, Entities]]:
        """Start finding the pending batch's entities, then hand out the batch before it: the
        next batch is cleaned while the worker processes tag this one."""
        started = Extraction(pending, workers=workers, warn=warn) if pending else None
        pending.clear()
        while running:
            batch = running.pop()
            for at, (article, entities) in enumerate(zip(batch.articles, batch, strict=True)):
                if cache is not None and article.given_entities is None and at not in batch.failed:
                    cache.put(article, entities)
                yield article, entities
        if started is not None:
            running.append(started)

    for raw in raws:
        cached = cache.get(raw.content_hash) if cache is not None else None
        if cached is not None and raw.given_entities is None:
            article, entities = cached
            article = dataclasses.replace(
                article, path=raw.path, id=cleaning.article_id(raw, article.url), fields=raw.fields
            )
            yield article, entities
            continue
        if learnt is None and callable(templates) and raw.kind == "text":
            learnt = templates()  # only text dumps are cleaned with them
        try:
            article = with_language(cleaning.clean(raw, templates=learnt))
        except Exception as exc:  # noqa: BLE001 - one bad page never stops the batch
            warn(f"skipped {raw.path}: cannot clean ({exc.__class__.__name__})")
            continue
        if not article.body and not article.title:
            warn(f"skipped {raw.path}: no article text found")
            continue
        pending.append(article)
        if len(pending) >= BATCH:
            yield from flush()
    yield from flush()
    yield from flush()  # the last batch started


def with_language(article: Article) -> Article:
    """The article with the language its text is written in (detected: a page's declared
    language is often the site's, not the article's; the declared one when the text is too
    short to tell, else the one its address says, `language.from_address`)."""
    from search.entities.language import detect, from_address

    found = detect(f"{article.title}\n{article.body}")
    declared = (article.language or "").split("-")[0].split("_")[0].lower()
    language = found or declared or from_address(article.url)
    return dataclasses.replace(article, language=language or None)


def articles(
    paths: Sequence[str], *, warn: ProgressFn, skipped: list[str] | None = None
) -> Iterator[Article]:
    """Clean articles from files and folders (site templates learnt from the same paths)."""
    templates = cleaning.learn(text_documents(paths))
    for raw in raw_documents(paths, skipped=[] if skipped is None else skipped, warn=warn):
        try:
            article = with_language(cleaning.clean(raw, templates=templates))
        except Exception as exc:  # noqa: BLE001 - one bad page never stops the batch
            warn(f"skipped {raw.path}: cannot clean ({exc.__class__.__name__})")
            continue
        yield article


def articles_with_entities(
    paths: Sequence[str], *, warn: ProgressFn, workers: int = 1, skipped: list[str] | None = None
) -> Iterator[tuple[Article, Entities]]:
    """Clean articles with their entities (NER runs in batches across ``workers`` processes)."""
    templates = cleaning.learn(text_documents(paths))
    raws = raw_documents(paths, skipped=[] if skipped is None else skipped, warn=warn)
    yield from prepare(raws, templates=templates, cache=None, workers=workers, warn=warn)
