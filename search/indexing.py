"""Open or create the index; add, update and delete articles incrementally.

Every run holds the index's lock (`store.lock`) from before it reads anything until it has
finished, so what to add or update is decided under the lock. A commit never deletes files a
search may still read: Whoosh's old segments and the previous generation of the derived stores
stay until the new stores are whole and the manifest (`store.manifest`) names them. A rebuild
builds a new index beside the old one (``.rebuild/`` in the index folder) and swaps it in at the
end, so a refused, failed or interrupted rebuild leaves the old index as it was.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from search import schema
from search.errors import InputError
from search.ingest import COMMIT_EVERY, loaders, sources
from search.ingest.ledger import Ledger
from search.ingest.progress import Progress
from search.ingest.sources import Sources, State
from search.models import RawDocument
from search.store import manifest, near_duplicates, refresh
from search.store import whoosh_index as wi
from search.store.batch import Batch, scanned
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
    similar_groups: int = 0  # groups of near-duplicates in the index afterwards
    similar_articles: int = 0  # the articles in them


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
        if not rebuild and not prune:
            report = _as_indexed(paths, location, meter)
            if report is not None:
                return report
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
    It commits every ``commit_every`` articles (or COMMIT_SECONDS) and at the end; what each
    document is (unchanged, a copy, a duplicate, new) the `Ledger` decides."""
    from search import cleaning
    from search.ingest import pipeline
    from search.ingest.cache import ExtractionCache

    skipped: list[str] = []
    batch = Batch(target, home, say)
    ledger = Ledger(batch.table)

    def templates() -> cleaning.SiteTemplates:
        return cleaning.learn(pipeline.text_documents(paths))

    cache = ExtractionCache(home, warn=say)
    # what a rebuild re-writes unchanged keeps the generation it was first written in, so
    # that `saved run --new` does not take every article for new after a rebuild
    carried = _stamps(home) if target != home and wi.exists(home) else {}
    done = {"unchanged": 0, "added": 0, "updated": 0}
    complete_files: set[str] = set()  # JSON Lines files and archives read whole

    def tick() -> None:
        if meter is not None:
            meter.article()
        elif (done["added"] + done["updated"]) % 500 == 0 and done["added"] + done["updated"]:
            say(f"indexed {done['added'] + done['updated']} articles")

    def kept(name: str, found: list[str] | None, count: int) -> None:
        if found is None:
            ledger.kept_file(name)
        else:
            ledger.kept(found)
        done["unchanged"] += count
        if meter is not None:
            meter.article(count)

    sources = Sources(home, ledger.by_path, kept, _state(manifest.read(target)))

    def to_clean() -> Iterator[RawDocument]:
        known = ledger.known()
        for raw in pipeline.raw_documents(
            paths,
            skipped=skipped,
            warn=say,
            complete=complete_files,
            known=known,
            meter=meter,
            sources=sources,
        ):
            what = ledger.read(raw)
            if what == "new":
                yield raw
                continue
            done["unchanged"] += what == "unchanged"
            if meter is not None:
                meter.article()

    try:
        for article, entities in pipeline.prepare(
            to_clean(), templates=templates, cache=cache, workers=workers, warn=say
        ):
            what = ledger.cleaned(article)
            if what == "repeat":
                say(f"skipped {article.path}: same id as an earlier article ({article.id})")
            if what != "write":
                continue
            was = carried.get(article.id)
            stamp = was[1] if was and was[0] == article.content_hash else batch.writer.generation
            update = article.id in ledger.rows
            also, raw_hash, body = ledger.written(article)
            batch.add(
                article,
                entities,
                stamp,
                update=update,
                also=also,
                raw_hash=raw_hash,
                body_hash=body,
            )
            done["updated" if update else "added"] += 1
            tick()
            if batch.due(commit_every):
                if meter is not None:
                    meter.phase(f"committing {len(batch.written):,} articles")
                table = batch.commit(cache)
                _clean(target)  # before the next writer: not a store folder kept per batch
                batch = Batch(target, home, say, table, batch.deleted)
        decided = ledger.places(prune=prune, complete=complete_files, exists=_source_exists)
        for doc_id in decided.deletes:
            batch.delete(doc_id)
        if decided.moves:  # written again with their paths, once what they are is committed
            if meter is not None:
                meter.phase(f"recording the paths of {len(decided.moves):,} articles")
            table = batch.commit(cache)
            batch = Batch(target, home, say, table, batch.deleted)
            numbers = table.numbers
            batch.relocate(
                {numbers[i]: place for i, place in decided.moves.items() if i in numbers}
            )
        if meter is not None:
            meter.phase("committing and writing the search stores")
        final = batch.commit(cache)
        changed = {*ledger.now, *decided.moves, *decided.deletes}
        sources.save(_changes(changed, ledger, final), _state(manifest.read(target)))
    except BaseException:
        batch.cancel()
        raise
    finally:
        cache.close()
    _clean(target)
    groups = _near_duplicates(target)
    return IndexReport(
        done["added"],
        done["updated"],
        done["unchanged"],
        batch.deleted,
        tuple(skipped),
        wi.live_count(batch.ix),
        ledger.copies,
        groups.groups,
        groups.articles,
    )


def _changes(
    ids: set[str], ledger: Ledger, table: Any
) -> dict[str, tuple[tuple[str, ...], list[tuple[str, str, str]]]]:
    """Each of the articles ``ids`` → (the paths it had before the run, what it holds after:
    (path, id, content hash) of each of its paths in ``table``), for `Sources.save`."""
    now: dict[str, list[tuple[str, str, str]]] = {i: [] for i in ids}
    for doc_id in ids:
        number = table.numbers.get(doc_id)
        row = table.row(number) if number is not None else None
        if row is not None:
            now[doc_id] = [(p, row.id, row.content_hash) for p in (*row.also, row.path)]
    before = {i: ledger.rows[i] for i in ids if i in ledger.rows}
    return {
        i: ((before[i].path, *before[i].also) if i in before else (), after)
        for i, after in now.items()
    }


def _state(current: manifest.Manifest | None) -> State | None:
    """The index as `sources` records it: the manifest's generation and article table, and
    the versions of the formats this newsidx writes."""
    from search import analysis
    from search.store import articles, facets, postings

    table = current.files.get(articles.TABLE_FILE) if current is not None else None
    if current is None or table is None:
        return None
    versions = (
        schema.SCHEMA_VERSION,
        analysis.VERSION,
        articles.VERSION,
        facets.STORE_VERSION,
        postings.VERSION,
        near_duplicates.VERSION,
    )
    return current.generation, table[0], table[1], ".".join(map(str, versions))


def _as_indexed(paths: Sequence[str], location: Path, meter: Progress | None) -> IndexReport | None:
    """The report of a run that finds every file as the index last read it (`sources`) and
    every file of the index untouched since its checksum was taken (size and modification
    time, `manifest.all_untouched`), without opening a writer or reading the article table;
    None when there is anything to read or check (a full run follows: it reads what changed
    and checksums the index files written since)."""
    if "-" in paths:
        return None
    try:
        files = list(loaders.discover(paths))
    except InputError:
        return None
    current = manifest.read(location)
    if not files or current is None or not wi.exists(location):
        return None
    kept = sources.all_unchanged(location, files, _state(current))
    if kept is None or not manifest.all_untouched(current, location):
        return None
    if meter is not None:
        for path in files:
            meter.found(path.stat().st_size)
        meter.start()
        meter.read(meter.total)
        meter.article(kept)
    groups = _near_duplicates(location)
    total = wi.live_count(wi.open_index(location))
    return IndexReport(0, 0, kept, 0, (), total, 0, groups.groups, groups.articles)


def _near_duplicates(location: Path) -> near_duplicates.Summary:
    """The near-duplicate groups of the stores the manifest names (none when unreadable)."""
    current = manifest.read(location)
    lead = None
    if current is not None:
        lead = near_duplicates.load_leaders(current.path(location), current.generation)
    return near_duplicates.summary(lead) if lead is not None else near_duplicates.Summary(0, 0)


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
        change = ChangeSet(generation, scanned(ix, location), postings_build.Collector())
        stores.refresh(ix, change, user=user)
        return
    folder = manifest.new_folder(location, generation)
    try:
        source = current.path(location)
        if facet_build.relabel_store(source, folder, generation, user=user) is None:
            facet_build.build_store(ix, folder, user=user)
        manifest.link_files(source, folder, prefix="postings")
        manifest.link_files(source, folder, prefix="articles")
        manifest.link_files(source, folder, prefix="neardup")
        whole = wi.files_of(location, ix)
        manifest.switch(location, generation, folder, whoosh=whole, previous=current)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    manifest.remove_other_folders(location, keep=folder.name)
