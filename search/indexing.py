"""Open or create the index; add, update and delete articles incrementally."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from search import schema
from search.errors import IndexLockedError, IndexMissingError, IndexVersionError
from search.models import Article, Entities, RawDocument

ProgressFn = Callable[[str], None]
INDEX_NAME = "MAIN"
META_FILE = "newsidx.json"


@dataclass(frozen=True)
class IndexReport:
    """What one `newsidx index` run did."""

    added: int
    updated: int
    unchanged: int
    deleted: int
    skipped: tuple[str, ...]  # one line per input that could not be read, with its reason
    total: int  # articles in the index afterwards


def default_location() -> Path:
    """Where the index lives unless told otherwise: $NEWSIDX_INDEX, else ./index."""
    return Path(os.environ.get("NEWSIDX_INDEX") or "index")


def exists(location: Path) -> bool:
    from whoosh import index

    return location.is_dir() and index.exists_in(str(location), indexname=INDEX_NAME)


_TOC = re.compile(rf"^_{INDEX_NAME}_(\d+)\.toc$")


def latest_generation(location: Path) -> int:
    """The newest generation of the index at ``location`` as Whoosh numbers them (its newest
    table of contents), read from the file names alone; IndexMissingError when there is none."""
    try:
        names = os.listdir(location)
    except OSError as exc:
        raise IndexMissingError(str(location)) from exc
    generations = [int(m.group(1)) for m in map(_TOC.match, names) if m]
    if not generations:
        raise IndexMissingError(str(location))
    _check_version(location)
    return max(generations)


def open_index(location: Path) -> Any:
    """The existing index at ``location``; IndexMissingError when there is none."""
    from whoosh import index

    if not location.is_dir() or not any(location.glob(f"_{INDEX_NAME}_*.toc")):
        raise IndexMissingError(str(location))
    _check_version(location)
    try:
        return index.open_dir(str(location), indexname=INDEX_NAME)
    except index.EmptyIndexError as exc:  # one read of the table of contents, not two
        raise IndexMissingError(str(location)) from exc


def _check_version(location: Path) -> None:
    try:
        meta = json.loads((location / META_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        meta = {}
    if meta.get("schema_version") != schema.SCHEMA_VERSION:
        raise IndexVersionError(
            f"the index at {location} was built by another version of newsidx; rebuild it with "
            "`newsidx index --rebuild PATH...` (cleaning and NER results are reused from its cache)"
        )


def _create_or_open(location: Path, *, rebuild: bool) -> Any:
    from whoosh import index

    location.mkdir(parents=True, exist_ok=True)
    if rebuild or not exists(location):
        ix = index.create_in(str(location), schema.build_schema(), indexname=INDEX_NAME)
        (location / META_FILE).write_text(json.dumps({"schema_version": schema.SCHEMA_VERSION}))
        return ix
    _check_version(location)
    return index.open_dir(str(location), indexname=INDEX_NAME)


def _document_fields(article: Article, entities: Entities) -> dict[str, Any]:
    published = None
    if article.published:
        published = datetime.fromisoformat(article.published)
    fields: dict[str, Any] = {
        "id": article.id,
        "path": article.path,
        "url": article.url,
        "title": article.title,
        "body_z": schema.pack_body(article.body),
        "person": schema.keyword_value(entities.persons),
        "country": schema.keyword_value(tuple(c.code for c in entities.countries)),
        "country_names": [c.name for c in entities.countries],
        "about": schema.keyword_value(entities.about),
        "org": schema.keyword_value(entities.orgs),
        "source": schema.keyword_value((article.source,) if article.source else ()),
        "content_hash": article.content_hash,
        "byline": article.byline,
        "language": article.language,
        "mentions": json.dumps(entities.mentions, ensure_ascii=False),
    }
    if published is not None:
        fields["published"] = published.date().isoformat()  # an ISO date: 10 bytes stored
    return fields


def _existing(ix: Any) -> dict[str, tuple[str, str, int]]:
    """id → (content hash, path, document number) of every article in the index."""
    with ix.searcher() as searcher:
        reader = searcher.reader()
        return {
            f["id"]: (f.get("content_hash", ""), f.get("path", ""), docnum)
            for docnum, f in reader.iter_docs()
        }


MAX_SEGMENTS = 8


def _merge_policy(writer: Any, segments: list[Any]) -> list[Any]:
    """Leave segments as they are until there are MAX_SEGMENTS, then Whoosh's small-segment
    merge. Unmerged, every document keeps its number: a run that adds a few articles to a
    large index appends to the postings store instead of rebuilding it (and Whoosh does not
    rewrite its largest segment on every commit)."""
    from whoosh import writing

    if len(segments) < MAX_SEGMENTS:
        return segments
    return list(writing.MERGE_SMALL(writer, segments))


def _remove_cancelled_segment(ix: Any) -> None:
    """Delete the files a cancelled writer left (Whoosh removes them only at the next commit)."""
    from whoosh.index import clean_files

    clean_files(ix.storage, INDEX_NAME, ix.latest_generation(), ix._segments())  # noqa: SLF001


def _source_exists(path: str) -> bool:
    return Path(path.split("#", 1)[0]).exists()


def index_paths(
    paths: Sequence[str],
    *,
    location: Path,
    workers: int = 1,
    prune: bool = False,
    rebuild: bool = False,
    progress: ProgressFn | None = None,
) -> IndexReport:
    """Index the files and folders in ``paths`` into the index at ``location``."""
    from whoosh.index import LockError

    say: ProgressFn = progress or (lambda _msg: None)
    skipped: list[str] = []
    ix = _create_or_open(location, rebuild=rebuild)
    existing = _existing(ix)
    by_path = {path: (doc_id, digest) for doc_id, (digest, path, _) in existing.items()}
    # Imported here: searching opens indexes through this module and needs none of these.
    from search import cleaning, pipeline, postings

    previous_generation, base = ix.latest_generation(), ix.doc_count_all()
    previous = postings.load(location, previous_generation)
    collector = postings.Collector()
    from search.cache import ExtractionCache

    templates = cleaning.learn(pipeline.text_documents(paths))
    try:
        # Separate segment files, not one compound file: opening a compound segment reads
        # its directory and maps it whole, a fixed cost on every `newsidx search`.
        writer = ix.writer(limitmb=256, compound=False)
    except LockError as exc:
        raise IndexLockedError(
            f"the index at {location} is being written by another process; try again later"
        ) from exc
    cache = ExtractionCache(location)
    added = updated = unchanged = deleted = 0
    seen: set[str] = set()
    complete_files: set[str] = set()  # JSON Lines files read whole (every line a record)
    pending: set[str] = set()  # paths handed to cleaning that have not come back as articles
    try:

        def changed_only() -> Iterator[RawDocument]:
            nonlocal unchanged
            for raw in pipeline.raw_documents(
                paths, skipped=skipped, warn=say, complete=complete_files
            ):
                old = by_path.get(raw.path)
                if old is not None and old[1] == raw.content_hash:
                    unchanged += 1
                    seen.add(old[0])
                    continue
                pending.add(raw.path)
                yield raw

        for article, entities in pipeline.prepare(
            changed_only(), templates=templates, cache=cache, workers=workers, warn=say
        ):
            if article.id in seen:
                say(f"skipped {article.path}: same id as an earlier article ({article.id})")
                continue
            seen.add(article.id)
            pending.discard(article.path)
            fields = _document_fields(article, entities)
            collector.add(article.id, {"title": article.title, "body": article.body})
            if article.id in existing:
                writer.update_document(**fields)
                updated += 1
            else:
                writer.add_document(**fields)
                added += 1
            if (added + updated) % 500 == 0:
                say(f"indexed {added + updated} articles")
        if prune:
            # a record is gone from a JSON Lines file read whole in this run, unless one of
            # the file's records could not be cleaned (it may be the one not seen)
            whole = complete_files - {p.split("#", 1)[0] for p in pending}
            for doc_id, (_, path, _) in existing.items():
                source, record = path.split("#", 1)[0], "#" in path
                if doc_id not in seen and (not _source_exists(path) or record and source in whole):
                    writer.delete_by_term("id", doc_id)
                    deleted += 1
        changed = bool(added or updated or deleted)
        if changed:
            writer.commit(mergetype=_merge_policy)
        else:
            writer.cancel()  # a new generation would make both stores rebuild for nothing
            _remove_cancelled_segment(ix)
        cache.commit()
    except BaseException:
        writer.cancel()
        raise
    finally:
        cache.close()
    from search import facets

    ix = open_index(location)
    previous_docnums = {doc_id: docnum for doc_id, (_, _, docnum) in existing.items()}
    # after a commit that only appended, both stores are updated rather than rebuilt
    appended = postings.appended(ix, base, collector.keys, previous_docnums) if changed else None
    if changed or facets.load_store(location, ix.latest_generation()) is None:
        previous_facets = facets.load_raw(location, previous_generation) if appended else None
        if appended is not None and previous_facets is not None:
            facets.update_store(ix, location, previous_facets, appended)
        else:
            facets.build_store(ix, location)
    if changed or postings.load(location, ix.latest_generation()) is None:
        postings.refresh(
            ix,
            location,
            collector,
            previous=previous,
            previous_docnums=previous_docnums,
            appended=appended,
        )
    with ix.searcher() as searcher:
        total = searcher.doc_count()
    return IndexReport(added, updated, unchanged, deleted, tuple(skipped), total)
