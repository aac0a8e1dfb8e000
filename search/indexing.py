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
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from search import schema
from search.errors import IndexDamagedError
from search.ingest import COMMIT_EVERY, COMMIT_SECONDS, loaders
from search.ingest.progress import Progress
from search.models import Article, Entities, RawDocument
from search.store import manifest, refresh
from search.store import whoosh_index as wi
from search.store.changes import ChangeSet
from search.store.lock import IndexLock

ProgressFn = Callable[[str], None]
STAGING = ".rebuild"


@dataclass(frozen=True)
class IndexReport:
    """What one `newsidx index` run did."""

    added: int
    updated: int
    unchanged: int
    deleted: int
    skipped: tuple[str, ...]  # one line per input that could not be read, with its reason
    total: int  # articles in the index afterwards
    copies: int = 0  # paths found holding an indexed article (a copy, an exact duplicate)


def default_location() -> Path:
    """Where the index lives unless told otherwise: $NEWSIDX_INDEX, else ./index."""
    return Path(os.environ.get("NEWSIDX_INDEX") or "index")


def _clean(location: Path) -> None:
    """Delete the Whoosh files no longer in the latest generation (old tables of contents,
    merged segments, what a cancelled writer left) and the store folders the manifest no
    longer names; the derived store files of versions before the manifest too."""
    wi.clean_files(location)
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


def _document_fields(
    article: Article,
    entities: Entities,
    added: int,
    also: Sequence[str] = (),
    raw_hash: str = "",
) -> dict[str, Any]:
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
    fields[schema.BODY_HASH_FIELD] = schema.body_hash(article.body)
    fields[schema.ALSO_FIELD] = list(also)
    fields[schema.RAW_HASH_FIELD] = raw_hash
    if published is not None:
        fields["published"] = published.date().isoformat()  # an ISO date: 10 bytes stored
    return fields


def _stamps(location: Path) -> dict[str, tuple[str, int]]:
    """id → (content hash, generation written in) of every article of the index at
    ``location`` (none when it cannot be read: another version's, a damaged one)."""
    try:
        ix = wi.open_index(location)
    except Exception:  # noqa: BLE001 - an index that cannot be read: nothing carried
        return {}
    try:
        return {
            f["id"]: (f.get("content_hash", ""), int(f.get(schema.ADDED_FIELD) or 0))
            for _, f in wi.stored_documents(ix)
        }
    except Exception:  # noqa: BLE001 - a damaged segment: nothing carried
        wi.close_files(ix)
        return {}


def _scanned(ix: Any, location: Path) -> Any:
    """The article table read from every stored article (when no table of this generation is
    at hand: an index made before tables, a damaged one, after a merge renumbered articles)."""
    from search.store import articles

    try:
        return articles.from_stored(
            ix.latest_generation(), wi.document_count(ix), wi.stored_documents(ix)
        )
    except Exception as exc:  # noqa: BLE001 - whatever a damaged segment file raises
        raise wi.damage(location, exc) from exc


def _source_exists(path: str) -> bool:
    """Whether the file an article was read from is still there (records read from standard
    input have none, and are never pruned)."""
    source = path.split("#", 1)[0]
    return source == loaders.STDIN or Path(source).exists()


def index_paths(
    paths: Sequence[str],
    *,
    location: Path,
    workers: int = 1,
    prune: bool = False,
    rebuild: bool = False,
    progress: ProgressFn | None = None,
    commit_every: int = COMMIT_EVERY,
    meter: Progress | None = None,
) -> IndexReport:
    """Index the files and folders in ``paths`` into the index at ``location`` (under its lock,
    taken first; IndexLockedError naming the holder when another run has it). ``progress``
    takes warnings (and, without ``meter``, a line every 500 articles); ``meter`` shows the
    run's progress (`ingest.progress`)."""
    say: ProgressFn = progress or (lambda _msg: None)
    with IndexLock(location):
        if not rebuild:
            return _run(
                paths,
                location,
                location,
                workers=workers,
                prune=prune,
                say=say,
                commit_every=commit_every,
                meter=meter,
            )
        staging = location / STAGING
        shutil.rmtree(staging, ignore_errors=True)  # left by an interrupted rebuild
        after = max(wi.generations(location), default=0)
        try:
            wi.create_or_open(staging, fresh=True, after=after)
            report = _run(
                paths,
                staging,
                location,
                workers=workers,
                prune=False,
                say=say,
                commit_every=commit_every,
                meter=meter,
            )
            _swap(staging, location)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return report


def _swap(staging: Path, location: Path) -> None:
    """Move a rebuilt index from ``staging`` into ``location``. Every step leaves an index that
    opens: the new segment files arrive unreferenced, then the store folder, then the new table
    of contents (Whoosh's switch), the schema file and the manifest (the searches' switch);
    only then are the old files deleted."""
    toc = f"_{wi.INDEX_NAME}_{max(wi.generations(staging))}.toc"
    for child in staging.iterdir():
        if wi.SEGMENT_FILE.match(child.name):
            os.replace(child, location / child.name)
    built = manifest.read(staging)
    if built is not None:
        target = location / manifest.STORES / built.folder
        shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(exist_ok=True)
        os.replace(staging / manifest.STORES / built.folder, target)
    os.replace(staging / toc, location / toc)
    os.replace(staging / wi.META_FILE, location / wi.META_FILE)
    if built is not None:
        os.replace(staging / manifest.MANIFEST_FILE, location / manifest.MANIFEST_FILE)
    _clean(location)


class _Batch:
    """The articles a run has written since its last commit, and the commit that makes them
    searchable: Whoosh's, then every derived store brought to the new generation, then the
    extraction cache. A run that is killed keeps every batch it committed; rerun, it skips
    them as unchanged."""

    def __init__(
        self, target: Path, home: Path, say: ProgressFn, table: Any = None, deleted: int = 0
    ) -> None:
        from search.store import postings_build

        self.target, self.home, self.say = target, home, say
        self.ix = wi.create_or_open(target, fresh=False)
        self.stores = refresh.Stores(target, self.ix.latest_generation(), say)  # Whoosh checked
        try:
            self.base = wi.document_count(self.ix)
            self.table = table or self.stores.articles() or _scanned(self.ix, target)
            self.before = wi.segments_of(self.ix)
            self.writer = wi.writer(self.ix)
        except IndexDamagedError:
            wi.close_files(self.ix)
            raise
        except Exception as exc:  # noqa: BLE001 - whatever a damaged segment file raises
            wi.close_files(self.ix)
            raise wi.damage(target, exc) from exc
        self.collector = postings_build.Collector()
        self.written: list[Any] = []  # article table rows, in the order written
        self.deleted = deleted  # in this run, by this batch and those before it
        self.deletes = 0  # by this batch
        self.started = time.monotonic()

    def add(
        self,
        article: Article,
        entities: Entities,
        stamp: int,
        *,
        update: bool,
        also: Sequence[str] = (),
        raw_hash: str = "",
    ) -> None:
        fields = _document_fields(article, entities, stamp, also, raw_hash)
        self.collector.add(article.id, {"title": article.title, "body": article.body})
        self._written(fields)
        if update:
            self.writer.update_document(**fields)
        else:
            self.writer.add_document(**fields)

    def relocate(self, docnum: int, path: str, also: Sequence[str]) -> None:
        """Write an indexed article again, as it is, with another path and other copies."""
        fields = dict(wi.stored(self.ix, docnum))
        fields["path"], fields[schema.ALSO_FIELD] = path, list(also)
        fields.setdefault(schema.BODY_HASH_FIELD, schema.body_hash(schema.stored_body(fields)))
        body = schema.stored_body(fields)
        self.collector.add(fields["id"], {"title": fields.get("title") or "", "body": body})
        self._written(fields)
        self.writer.update_document(**fields)

    def _written(self, fields: dict[str, Any]) -> None:
        from search.store import articles

        row = articles.Row(
            fields["id"],
            fields.get("content_hash") or "",
            fields["path"],
            int(fields.get(schema.ADDED_FIELD) or 0),
            fields.get(schema.BODY_HASH_FIELD) or "",
            tuple(fields.get(schema.ALSO_FIELD) or ()),
            fields.get(schema.RAW_HASH_FIELD) or "",
        )
        self.written.append(row)

    def delete(self, doc_id: str) -> None:
        self.writer.delete_by_term("id", doc_id)
        self.deleted += 1
        self.deletes += 1

    def due(self, every: int) -> bool:
        return len(self.written) >= every or time.monotonic() - self.started >= COMMIT_SECONDS

    def commit(self, cache: Any, *, final: bool) -> Any:
        """Commit Whoosh (merging segments only when ``final``), refresh the stores from what
        changed, commit the cache; the article table of the new generation."""
        from search import aliases

        changed = bool(self.written or self.deletes)
        if changed:
            wi.commit(self.writer, merge=final)
        else:
            self.writer.cancel()  # a new generation would make both stores rebuild for nothing
        cache.commit()
        ix = wi.open_index(self.target)
        change = _change_set(
            ix,
            self.target,
            changed,
            self.table,
            self.written,
            base=self.base,
            before=self.before,
            collector=self.collector,
        )
        self.stores.refresh(ix, change, user=aliases.load_user_aliases(self.home))
        self.ix = ix
        return change.articles

    def cancel(self) -> None:
        if not self.writer.is_closed:
            self.writer.cancel()


def _run(
    paths: Sequence[str],
    target: Path,
    home: Path,
    *,
    workers: int,
    prune: bool,
    say: ProgressFn,
    commit_every: int = COMMIT_EVERY,
    meter: Progress | None = None,
) -> IndexReport:
    """One indexing run into the index at ``target``; ``home`` is the index folder the user
    named (its cache and alias file; ``target`` is a staging folder inside it when rebuilding).
    It commits every ``commit_every`` articles (or COMMIT_SECONDS) and at the end."""
    from search import cleaning
    from search.ingest import pipeline
    from search.ingest.cache import ExtractionCache

    skipped: list[str] = []
    batch = _Batch(target, home, say)
    rows = batch.table.live()  # what is indexed, by id, before the run
    existing = batch.table.by_id()
    by_path: dict[str, tuple[str, str]] = {}  # every path an article was found at → (id, hash)
    read_hashes = {row.path: row.read_hash for row in rows.values()}  # the bytes as indexed
    for row in rows.values():
        for path in (*row.also, row.path):
            by_path[path] = (row.id, row.content_hash)
    by_hash = {row.content_hash: row.id for row in rows.values() if row.content_hash}
    by_body = {row.body_hash: row.id for row in rows.values() if row.body_hash}
    templates = cleaning.learn(pipeline.text_documents(paths))
    cache = ExtractionCache(home, warn=say)
    # what a rebuild re-writes unchanged keeps the generation it was first written in, so
    # that `saved run --new` does not take every article for new after a rebuild
    carried = _stamps(home) if target != home and wi.exists(home) else {}
    added = updated = unchanged = 0
    seen: set[str] = set()  # ids written or found unchanged
    seen_at: dict[str, str] = {}  # path read in this run → the id of the article it holds
    found_at: dict[str, list[str]] = {}  # id → paths newly found holding it (copies)
    now: dict[str, tuple[str, tuple[str, ...]]] = {}  # id → (path, also) as written this run
    raw_hashes: dict[str, str] = {}  # path → hash of its bytes, where not the content hash
    complete_files: set[str] = set()  # JSON Lines files read whole (every line a record)
    pending: set[str] = set()  # paths handed to cleaning that have not come back as articles

    def locate(doc_id: str, path: str) -> None:
        """``path`` holds the article ``doc_id`` (a copy, or an exact duplicate)."""
        seen_at[path] = doc_id
        row = rows.get(doc_id)
        known = (row.path, *row.also) if row is not None else ()
        if path not in known and path not in found_at.setdefault(doc_id, []):
            found_at[doc_id].append(path)

    try:

        def changed_only() -> Iterator[RawDocument]:
            nonlocal unchanged
            known = {path: read_hashes.get(path, digest) for path, (_, digest) in by_path.items()}
            for raw in pipeline.raw_documents(
                paths,
                skipped=skipped,
                warn=say,
                complete=complete_files,
                known=known,
                meter=meter,
            ):
                old = by_path.get(raw.path)
                if old is not None and (raw.kind == "unchanged" or old[1] == raw.content_hash):
                    unchanged += 1
                    seen.add(old[0])
                    seen_at[raw.path] = old[0]
                    if meter is not None:
                        meter.article()
                    continue
                twin = by_hash.get(raw.content_hash) if old is None else None
                if twin is not None:  # a copy of an indexed file (or of one read earlier)
                    locate(twin, raw.path)
                    if meter is not None:
                        meter.article()
                    continue
                pending.add(raw.path)
                raw_hashes[raw.path] = raw.raw_hash
                yield raw

        for article, entities in pipeline.prepare(
            changed_only(), templates=templates, cache=cache, workers=workers, warn=say
        ):
            pending.discard(article.path)
            body = schema.body_hash(article.body)
            twin = by_body.get(body) if body and article.id not in existing else None
            if twin is not None and twin != article.id:  # the same article at another path
                locate(twin, article.path)
                continue
            if article.id in seen:
                say(f"skipped {article.path}: same id as an earlier article ({article.id})")
                continue
            seen.add(article.id)
            seen_at[article.path] = article.id
            was = carried.get(article.id)
            stamp = (
                was[1]
                if was is not None and was[0] == article.content_hash
                else batch.writer.generation
            )
            before = rows.get(article.id)
            kept = tuple(p for p in before.also if p != article.path) if before else ()
            batch.add(
                article,
                entities,
                stamp,
                update=before is not None,
                also=kept,
                raw_hash=raw_hashes.pop(article.path, ""),
            )
            now[article.id] = (article.path, kept)
            by_hash.setdefault(article.content_hash, article.id)
            if body:
                by_body.setdefault(body, article.id)
            if article.id in existing:
                updated += 1
            else:
                added += 1
            if meter is not None:
                meter.article()
            elif (added + updated) % 500 == 0:
                say(f"indexed {added + updated} articles")
            if batch.due(commit_every):
                if meter is not None:
                    meter.phase(f"committing {len(batch.written):,} articles")
                table = batch.commit(cache, final=False)
                batch = _Batch(target, home, say, table, batch.deleted)
        # a record is gone from a JSON Lines file read whole in this run, unless one of the
        # file's records could not be cleaned (it may be the one not seen)
        whole = complete_files - {p.split("#", 1)[0] for p in pending}

        def gone(path: str, doc_id: str) -> bool:
            """Whether ``path`` no longer holds the article ``doc_id``."""
            if path in seen_at:
                return seen_at[path] != doc_id
            source, record = path.split("#", 1)[0], "#" in path
            return not _source_exists(path) or record and source in whole

        moves: dict[str, tuple[str, tuple[str, ...]]] = {}  # id → (path, other paths)
        for doc_id in {*rows, *found_at}:
            if doc_id in now:
                path, also = now[doc_id]
            else:
                row = rows[doc_id]
                path, also = row.path, row.also
            if doc_id not in found_at and not prune:
                continue
            places = list(dict.fromkeys([path, *also, *found_at.get(doc_id, [])]))
            alive = [p for p in places if not gone(p, doc_id)]
            if not alive:  # every path gone: pruned when asked, else left as it is
                if prune and doc_id not in now:
                    batch.delete(doc_id)
                continue
            primary = path if path in alive else alive[0]
            others = tuple(p for p in alive if p != primary)
            if (primary, others) != (path, also):
                moves[doc_id] = (primary, others)
        copies = sum(len(v) for v in found_at.values())
        if moves:  # written again with their paths, once what they are is committed
            if meter is not None:
                meter.phase(f"recording the paths of {len(moves):,} articles")
            table = batch.commit(cache, final=False)
            batch = _Batch(target, home, say, table, batch.deleted)
            numbers = {r.id: n for n, r in enumerate(table.rows) if r is not None}
            for doc_id, (primary, others) in moves.items():
                if doc_id in numbers:
                    batch.relocate(numbers[doc_id], primary, others)
        if meter is not None:
            meter.phase("committing and writing the search stores")
        batch.commit(cache, final=True)
    except BaseException:
        batch.cancel()
        raise
    finally:
        cache.close()
    _clean(target)
    total = batch.ix.doc_count()
    return IndexReport(added, updated, unchanged, batch.deleted, tuple(skipped), total, copies)


def _change_set(
    ix: Any,
    location: Path,
    changed: bool,
    table: Any,
    written: list[Any],
    *,
    base: int,
    before: Any,
    collector: Any,
) -> ChangeSet:
    """What the run's commit changed (``table``: the article table before it; ``written``:
    the rows of the articles the run wrote, in order; ``before``: Whoosh's segments before)."""
    if not changed:
        return ChangeSet(ix.latest_generation(), table, collector, changed=False)
    previous_docnums = {doc_id: docnum for doc_id, (_, _, docnum) in table.by_id().items()}
    shape = wi.commit_shape(ix, before, base, collector.keys)
    if shape is not None:  # every number kept: the table and stores are extended
        new_table = table.appended(ix.latest_generation(), wi.deleted(ix), written)
    else:
        new_table = _scanned(ix, location)
    return ChangeSet(ix.latest_generation(), new_table, collector, True, shape, previous_docnums)


def relabel(location: Path) -> None:
    """Bring the facet labels up to the user's alias file without reading any article (a new
    store folder: the facets relabelled, the postings linked); the caller holds the lock."""
    from search import aliases
    from search.store import facet_build, postings_build

    current = manifest.read(location)
    ix = wi.open_index(location)
    generation = ix.latest_generation()
    user = aliases.load_user_aliases(location)
    if current is None or current.generation != generation:  # no stores of this generation:
        stores = refresh.Stores(location, -1, lambda _m: None)  # build them from the articles
        change = ChangeSet(generation, _scanned(ix, location), postings_build.Collector())
        stores.refresh(ix, change, user=user)
        return
    folder = manifest.new_folder(location, generation)
    try:
        source = current.path(location)
        if facet_build.relabel_store(source, folder, generation, user=user) is None:
            facet_build.build_store(ix, folder, user=user)
        manifest.link_files(source, folder, prefix="postings")
        manifest.link_files(source, folder, prefix="articles")
        manifest.switch(location, generation, folder, whoosh=wi.files_of(location, ix))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    manifest.remove_other_folders(location, keep=folder.name)
