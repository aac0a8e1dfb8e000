"""Open or create the index; add, update and delete articles incrementally.

Every run holds the index's lock (`store.lock`) from before it reads anything until it has
finished, so what to add or update is decided under the lock. A commit never deletes files a
search may still read: Whoosh's old segments and the previous generation of the derived stores
stay until the new stores are whole and the manifest (`store.manifest`) names them. A rebuild
builds a new index beside the old one (``.rebuild/`` in the index folder) and swaps it in at the
end, so a refused, failed or interrupted rebuild leaves the old index as it was.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from search import schema
from search.errors import IndexDamagedError, IndexMissingError, IndexVersionError
from search.models import Article, Entities, RawDocument
from search.store import manifest, refresh
from search.store.lock import IndexLock

ProgressFn = Callable[[str], None]
INDEX_NAME = "MAIN"
META_FILE = "newsidx.json"
STAGING = ".rebuild"
REBUILD_HINT = (
    "rebuild it with `newsidx index --rebuild PATH...` (cleaning and NER results are reused "
    "from its cache)"
)


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


_TOC = re.compile(rf"^_{INDEX_NAME}_(\d+)\.toc$")
_SEGMENT_FILE = re.compile(rf"^{INDEX_NAME}_[0-9a-z]+\.")  # Whoosh's segment file names


def _generations(location: Path) -> list[int]:
    try:
        names = os.listdir(location)
    except OSError:
        return []
    return [int(m.group(1)) for m in map(_TOC.match, names) if m]


def exists(location: Path) -> bool:
    """True when ``location`` holds a Whoosh index (a table of contents)."""
    return bool(_generations(location))


def latest_generation(location: Path) -> int:
    """The newest generation of the index at ``location`` as Whoosh numbers them (its newest
    table of contents), read from the file names alone; IndexMissingError when there is none."""
    generations = _generations(location)
    if not generations:
        raise IndexMissingError(str(location))
    _check_version(location)
    return max(generations)


def open_index(location: Path) -> Any:
    """The existing index at ``location``; IndexMissingError when there is none,
    IndexDamagedError (naming the file) when its files cannot be read."""
    from whoosh import index

    if not location.is_dir() or not exists(location):
        raise IndexMissingError(str(location))
    _check_version(location)
    storage = _storage(location)
    try:
        return index.FileIndex(storage, indexname=INDEX_NAME)
    except index.EmptyIndexError as exc:  # one read of the table of contents, not two
        raise IndexMissingError(str(location)) from exc
    except Exception as exc:  # noqa: BLE001 - whatever a damaged table of contents raises
        storage.close_opened()
        raise damage(location, exc) from exc


def _storage(location: Path) -> Any:
    """Whoosh's file storage, remembering the files it opens: Whoosh leaves the table of
    contents open when reading it fails, and those are closed before saying it is damaged."""
    from whoosh.filedb.filestore import FileStorage

    class Storage(FileStorage):  # type: ignore[misc]
        def __init__(self, path: str) -> None:
            super().__init__(path)
            self.opened: list[Any] = []

        def open_file(self, name: str, **kwargs: Any) -> Any:
            handle = super().open_file(name, **kwargs)
            self.opened.append(handle)
            return handle

        def close_opened(self) -> None:
            for handle in self.opened:
                try:
                    handle.close()
                except Exception:  # noqa: BLE001, S110 - closing what may be half-read
                    pass
            self.opened.clear()

    return Storage(str(location))


def _check_version(location: Path) -> None:
    path = location / META_FILE
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        meta: Any = {}
    except (OSError, UnicodeDecodeError) as exc:
        raise IndexDamagedError(f"{path} cannot be read ({exc}); {REBUILD_HINT}") from exc
    else:
        try:
            meta = json.loads(text)
        except ValueError:
            meta = None
        if not isinstance(meta, dict):
            raise IndexDamagedError(f"{path} is damaged (not a JSON object); {REBUILD_HINT}")
        if "check" in meta and meta["check"] != _check(meta.get("schema_version")):
            raise IndexDamagedError(f"{path} is damaged (its checksum is wrong); {REBUILD_HINT}")
    if meta.get("schema_version") != schema.SCHEMA_VERSION:
        raise IndexVersionError(
            f"the index at {location} was built by another version of newsidx; {REBUILD_HINT}"
        )


def _check(version: object) -> str:
    """What newsidx.json records beside the schema version, so that a damaged version number
    is told from one written by another release (those wrote no check)."""
    return f"{zlib.crc32(f'newsidx schema {version}'.encode()):08x}"


def damage(location: Path, exc: BaseException) -> IndexDamagedError:
    """The error for a Whoosh file that cannot be read, naming the file (found by reading the
    table of contents and each segment's terms and stored fields until one fails)."""
    return IndexDamagedError(
        f"the index at {location} is damaged: {_damaged_file(location)} cannot be read "
        f"({exc.__class__.__name__}: {exc}); {REBUILD_HINT}"
    )


def _damaged_file(location: Path) -> str:
    storage = _storage(location)
    try:
        return _first_unreadable(location, storage)
    finally:
        storage.close_opened()


def _first_unreadable(location: Path, storage: Any) -> str:
    from whoosh.codec.whoosh3 import W3Codec
    from whoosh.index import TOC
    from whoosh.reading import SegmentReader

    generation = max(_generations(location), default=0)
    toc_name = str(location / f"_{INDEX_NAME}_{generation}.toc")
    try:
        toc = TOC.read(storage, INDEX_NAME, generation)
    except Exception:  # noqa: BLE001
        return toc_name
    for segment in toc.segments:
        stored_name = W3Codec.column_filename(segment, "_stored")
        try:
            reader = SegmentReader(storage, toc.schema, segment)
        except Exception:  # noqa: BLE001
            return f"a file of segment {segment.segment_id()} in {location}"
        try:
            for _ in reader.all_terms():
                pass
        except Exception:  # noqa: BLE001
            return str(location / f"{segment.segment_id()}.trm")
        try:
            for docnum in range(segment.doc_count_all()):
                reader.stored_fields(docnum)
        except Exception:  # noqa: BLE001
            return str(location / stored_name)
        finally:
            reader.close()
    return f"a file of {toc_name}"


def _create_or_open(location: Path, *, fresh: bool, after: int = 0) -> Any:
    """The index at ``location``; a new, empty one when ``fresh`` (or none exists), whose first
    commit is numbered after ``after`` (a rebuild goes on from the old numbering)."""
    from whoosh import index
    from whoosh.filedb.filestore import FileStorage

    location.mkdir(parents=True, exist_ok=True)
    if fresh or not exists(location):
        ix = index.create_in(str(location), schema.build_schema(), indexname=INDEX_NAME)
        if after:
            index.TOC(ix.schema, [], after).write(FileStorage(str(location)), INDEX_NAME)
            index.clean_files(ix.storage, INDEX_NAME, after, [])
        version = schema.SCHEMA_VERSION
        (location / META_FILE).write_text(
            json.dumps({"schema_version": version, "check": _check(version)})
        )
    return open_index(location)


def _writer(ix: Any) -> Any:
    """A Whoosh writer whose commit deletes no file: the segments a merge replaced stay until
    the derived stores of the new generation are whole (`_clean`), so searches reading the
    previous generation keep finding its stored articles."""
    from whoosh.index import TOC
    from whoosh.writing import SegmentWriter

    class KeepingWriter(SegmentWriter):  # type: ignore[misc]
        def _commit_toc(self, segments: list[Any]) -> None:
            TOC(self.schema, segments, self.generation).write(self.storage, self.indexname)

    # Separate segment files, not one compound file: opening a compound segment reads its
    # directory and maps it whole, a fixed cost on every `newsidx search`.
    writer = KeepingWriter(ix, limitmb=256, compound=False)
    for name in schema.LATER_FIELDS:  # an index made before them
        if name not in writer.schema:
            from whoosh.fields import STORED

            writer.add_field(name, STORED())
    return writer


def _clean(location: Path) -> None:
    """Delete the Whoosh files no longer in the latest generation (old tables of contents,
    merged segments, what a cancelled writer left) and the store folders the manifest no
    longer names; the derived store files of versions before the manifest too."""
    from whoosh.index import clean_files

    ix = open_index(location)
    clean_files(ix.storage, INDEX_NAME, ix.latest_generation(), ix._segments())  # noqa: SLF001
    shutil.rmtree(location / f"{INDEX_NAME}.tmp", ignore_errors=True)  # a killed writer's
    current = manifest.read(location)
    if current is not None:
        manifest.remove_other_folders(location, keep=current.folder)
    for name in _LEGACY_STORE_FILES:
        (location / name).unlink(missing_ok=True)


_LEGACY_STORE_FILES = (
    "postings.json",
    "postings.bin",
    "postings-arrays.bin",
    "facets.json",
    *(f"facets-{f}{end}" for f in schema.FACET_FIELDS for end in (".bin", ".json", "-raws.json")),
)


def _document_fields(article: Article, entities: Entities, added: int) -> dict[str, Any]:
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
    if article.fields:
        fields[schema.FIELDS_FIELD] = json.dumps(dict(article.fields), ensure_ascii=False)
    fields[schema.ADDED_FIELD] = added
    if published is not None:
        fields["published"] = published.date().isoformat()  # an ISO date: 10 bytes stored
    return fields


def _stamps(location: Path) -> dict[str, tuple[str, int]]:
    """id → (content hash, generation written in) of every article of the index at
    ``location`` (none when it cannot be read: another version's, a damaged one)."""
    try:
        with open_index(location).searcher() as searcher:
            return {
                f["id"]: (f.get("content_hash", ""), int(f.get(schema.ADDED_FIELD) or 0))
                for _, f in searcher.reader().iter_docs()
            }
    except Exception:  # noqa: BLE001 - an index that cannot be read: nothing carried
        return {}


def _existing(ix: Any, location: Path) -> dict[str, tuple[str, str, int]]:
    """id → (content hash, path, document number) of every article in the index."""
    try:
        with ix.searcher() as searcher:
            reader = searcher.reader()
            return {
                f["id"]: (f.get("content_hash", ""), f.get("path", ""), docnum)
                for docnum, f in reader.iter_docs()
            }
    except Exception as exc:  # noqa: BLE001 - whatever a damaged segment file raises
        raise damage(location, exc) from exc


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
    """Index the files and folders in ``paths`` into the index at ``location`` (under its lock,
    taken first; IndexLockedError naming the holder when another run has it)."""
    say: ProgressFn = progress or (lambda _msg: None)
    with IndexLock(location):
        if not rebuild:
            return _run(paths, location, location, workers=workers, prune=prune, say=say)
        staging = location / STAGING
        shutil.rmtree(staging, ignore_errors=True)  # left by an interrupted rebuild
        after = max(_generations(location), default=0)
        try:
            _create_or_open(staging, fresh=True, after=after)
            report = _run(paths, staging, location, workers=workers, prune=False, say=say)
            _swap(staging, location)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return report


def _swap(staging: Path, location: Path) -> None:
    """Move a rebuilt index from ``staging`` into ``location``. Every step leaves an index that
    opens: the new segment files arrive unreferenced, then the store folder, then the new table
    of contents (Whoosh's switch), the schema file and the manifest (the searches' switch);
    only then are the old files deleted."""
    toc = f"_{INDEX_NAME}_{max(_generations(staging))}.toc"
    for child in staging.iterdir():
        if _SEGMENT_FILE.match(child.name):
            os.replace(child, location / child.name)
    built = manifest.read(staging)
    if built is not None:
        target = location / manifest.STORES / built.folder
        shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(exist_ok=True)
        os.replace(staging / manifest.STORES / built.folder, target)
    os.replace(staging / toc, location / toc)
    os.replace(staging / META_FILE, location / META_FILE)
    if built is not None:
        os.replace(staging / manifest.MANIFEST_FILE, location / manifest.MANIFEST_FILE)
    _clean(location)


def _run(
    paths: Sequence[str],
    target: Path,
    home: Path,
    *,
    workers: int,
    prune: bool,
    say: ProgressFn,
) -> IndexReport:
    """One indexing run into the index at ``target``; ``home`` is the index folder the user
    named (its cache and alias file; ``target`` is a staging folder inside it when rebuilding)."""
    from search import aliases, cleaning
    from search.ingest import pipeline
    from search.ingest.cache import ExtractionCache
    from search.store import postings

    skipped: list[str] = []
    ix = _create_or_open(target, fresh=False)
    existing = _existing(ix, target)
    by_path = {path: (doc_id, digest) for doc_id, (digest, path, _) in existing.items()}
    previous_generation, base = ix.latest_generation(), ix.doc_count_all()
    stores = refresh.Stores(target, previous_generation, say)
    collector = postings.Collector()
    templates = cleaning.learn(pipeline.text_documents(paths))
    cache = ExtractionCache(home, warn=say)
    writer = _writer(ix)
    # what a rebuild re-writes unchanged keeps the generation it was first written in, so
    # that `saved run --new` does not take every article for new after a rebuild
    carried = _stamps(home) if target != home and exists(home) else {}
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
            was = carried.get(article.id)
            stamp = (
                was[1] if was is not None and was[0] == article.content_hash else writer.generation
            )
            fields = _document_fields(article, entities, stamp)
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
        cache.commit()
    except BaseException:
        if not writer.is_closed:
            writer.cancel()
        raise
    finally:
        cache.close()
    ix = open_index(target)
    previous_docnums = {doc_id: docnum for doc_id, (_, _, docnum) in existing.items()}
    # after a commit that only appended, both stores are updated rather than rebuilt
    appended = postings.appended(ix, base, collector.keys, previous_docnums) if changed else None
    stores.refresh(
        ix,
        collector,
        changed=changed,
        previous_docnums=previous_docnums,
        appended=appended,
        user=aliases.load_user_aliases(home),
    )
    _clean(target)
    with ix.searcher() as searcher:
        total = searcher.doc_count()
    return IndexReport(added, updated, unchanged, deleted, tuple(skipped), total)


def relabel(location: Path) -> None:
    """Bring the facet labels up to the user's alias file without reading any article (a new
    store folder: the facets relabelled, the postings linked); the caller holds the lock."""
    from search import aliases
    from search.store import facets, postings

    current = manifest.read(location)
    ix = open_index(location)
    generation = ix.latest_generation()
    user = aliases.load_user_aliases(location)
    if current is None or current.generation != generation:  # no stores of this generation:
        refresh.Stores(location, -1, lambda _m: None).refresh(  # build them from the articles
            ix, postings.Collector(), changed=True, previous_docnums={}, appended=None, user=user
        )
        return
    folder = manifest.new_folder(location, generation)
    try:
        source = current.path(location)
        if facets.relabel_store(source, folder, generation, user=user) is None:
            facets.build_store(ix, folder, user=user)
        manifest.link_files(source, folder, prefix="postings")
        manifest.switch(location, generation, folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    manifest.remove_other_folders(location, keep=folder.name)
