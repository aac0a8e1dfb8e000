"""The Whoosh adapter: the one module that imports Whoosh. Whoosh is the store of record —
articles (stored, the body compressed), ids, entity fields, segments, the table of contents of
each generation — and this module is how everything else reaches it: the schema, opening and
creating an index (with its version check and the damaged-file diagnosis), the writer whose
commit deletes nothing, iterating stored articles, a document's number by id, the segments in
document order (what `store.stored` reads without Whoosh), and cleaning up files a generation
no longer uses. Whoosh is pinned at 2.7.4: the private parts used here (`ix._segments()`,
`W3Codec.column_filename`, the `_MAIN_<n>.toc` name) are that release's."""

from __future__ import annotations

import json
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from search import schema
from search.errors import IndexDamagedError, IndexMissingError, IndexVersionError
from search.store.stored import Segment

if TYPE_CHECKING:
    from search.store.changes import Appended

INDEX_NAME = "MAIN"
META_FILE = "newsidx.json"
REBUILD_HINT = (
    "rebuild it with `newsidx index --rebuild PATH...` (cleaning and NER results are reused "
    "from its cache)"
)


TOC_NAME = re.compile(rf"^_{INDEX_NAME}_(\d+)\.toc$")
SEGMENT_FILE = re.compile(rf"^{INDEX_NAME}_[0-9a-z]+\.")  # Whoosh's segment file names


def generations(location: Path) -> list[int]:
    try:
        names = os.listdir(location)
    except OSError:
        return []
    return [int(m.group(1)) for m in map(TOC_NAME.match, names) if m]


def exists(location: Path) -> bool:
    """True when ``location`` holds a Whoosh index (a table of contents)."""
    return bool(generations(location))


def latest_generation(location: Path) -> int:
    """The newest generation of the index at ``location`` as Whoosh numbers them (its newest
    table of contents), read from the file names alone; IndexMissingError when there is none."""
    found = generations(location)
    if not found:
        raise IndexMissingError(str(location))
    check_version(location)
    return max(found)


def open_index(location: Path) -> Any:
    """The existing index at ``location``; IndexMissingError when there is none,
    IndexDamagedError (naming the file) when its files cannot be read."""
    from whoosh import index

    if not location.is_dir() or not exists(location):
        raise IndexMissingError(str(location))
    check_version(location)
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


def check_version(location: Path) -> None:
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

    generation = max(generations(location), default=0)
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


def create_or_open(location: Path, *, fresh: bool, after: int = 0) -> Any:
    """The index at ``location``; a new, empty one when ``fresh`` (or none exists), whose first
    commit is numbered after ``after`` (a rebuild goes on from the old numbering)."""
    from whoosh import index
    from whoosh.filedb.filestore import FileStorage

    location.mkdir(parents=True, exist_ok=True)
    if fresh or not exists(location):
        ix = index.create_in(str(location), build_schema(), indexname=INDEX_NAME)
        if after:
            index.TOC(ix.schema, [], after).write(FileStorage(str(location)), INDEX_NAME)
            index.clean_files(ix.storage, INDEX_NAME, after, [])
        version = schema.SCHEMA_VERSION
        (location / META_FILE).write_text(
            json.dumps({"schema_version": version, "check": _check(version)})
        )
    return open_index(location)


def writer(ix: Any) -> Any:
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


def build_schema() -> Any:
    """Fields of an indexed article, what each holds, as Whoosh's own API reads them.

    Title and body text is searched through the postings store (`store.postings`, with
    `analysis`), not through Whoosh: the title is only stored here, the body stored
    compressed. The entity fields are indexed comma-separated keywords, lower case, never
    vectors: `person` and `org` hold the names as extracted from each article (`vladimir
    putin`, and `putin` where only that was written), before the corpus-wide joins and the
    user's aliases that make the labels facets show; `country` and `about` hold ISO codes
    (`iq`); `source` the site. Indexes made before 2026-12 declare title and body as TEXT
    fields that were never indexed; they read the same.
    """
    from whoosh.fields import ID, KEYWORD, STORED, Schema

    return Schema(
        id=ID(stored=True, unique=True),
        path=STORED(),
        url=STORED(),
        title=STORED(),
        body_z=STORED(),  # the body, zlib-compressed: a third of the size of storing it plain
        person=KEYWORD(stored=True, commas=True, lowercase=True),
        country=KEYWORD(stored=True, commas=True, lowercase=True),
        about=KEYWORD(stored=True, commas=True, lowercase=True),
        org=KEYWORD(stored=True, commas=True, lowercase=True),
        source=KEYWORD(stored=True, commas=True, lowercase=True),
        # Filters and sorting read dates from the postings store's date table: Whoosh's
        # DATETIME would index eight terms per article.
        published=STORED(),
        content_hash=STORED(),
        byline=STORED(),
        language=STORED(),
        country_names=STORED(),
        mentions=STORED(),
        fields=STORED(),  # added to indexes made before it by `writer`
        added=STORED(),  # the generation of the commit that wrote the article (same)
        also=STORED(),  # other paths the article was found at (same)
        body_hash=STORED(),  # of the clean body: exact duplicates share it (same)
        raw_hash=STORED(),  # of a record's line as read; content_hash is of it parsed (same)
    )


def segments_of(ix: Any) -> list[Segment] | None:
    """The segments of a Whoosh index in document-number order; None when one of them is a
    compound file (written by another program: newsidx writes separate files)."""
    from whoosh.codec.whoosh3 import W3Codec

    out = []
    for segment in ix._segments():  # noqa: SLF001 - the order MultiReader numbers documents in
        if segment.is_compound():
            return None
        out.append(Segment(W3Codec.column_filename(segment, "_stored"), segment.doc_count_all()))
    return out


def files_of(location: Path, ix: Any) -> list[Path]:
    """Whoosh's files of the index's latest generation: its table of contents and every file
    of its segments (what the manifest checksums, `manifest.switch`)."""
    prefixes = tuple(f"{segment.segment_id()}." for segment in ix._segments())  # noqa: SLF001
    toc = location / f"_{INDEX_NAME}_{ix.latest_generation()}.toc"
    found = [p for p in location.iterdir() if p.is_file() and p.name.startswith(prefixes)]
    return [toc, *found] if toc.exists() else found


def _kept(before: list[Segment] | None, ix: Any) -> bool:
    """Whether the index's segments are the segments ``before`` a commit followed by new
    ones, or by one holding the trailing ones merged (`merge`): then every document written
    before kept its number if none was dropped, which `commit_shape` checks by the count."""
    after = segments_of(ix)
    if before is None or after is None:
        return False
    same = 0
    while same < min(len(before), len(after)) and before[same] == after[same]:
        same += 1
    return same == len(before) or same == len(after) - 1


def commit_shape(
    ix: Any, before: list[Segment] | None, base: int, keys: Sequence[str]
) -> Appended | None:
    """`Appended` if the index's last commit only appended the documents ``keys`` (their ids,
    in the order added) after the ``base`` documents it had, with Whoosh's earlier segments
    (``before``, `segments_of` before the commit) left as they were or merged in order with
    none dropped; None when a merge renumbered documents or the new documents are not
    exactly ``keys``."""
    import numpy as np

    from search.store.changes import Appended

    if not _kept(before, ix):
        return None
    total = document_count(ix)
    if total != base + len(keys):
        return None
    published = np.zeros(len(keys), dtype=np.int64)
    added = np.zeros(len(keys), dtype=np.int64)
    new = list(stored_documents(ix, range(base, total)))
    if [n for n, _ in new] != list(range(base, total)):  # one of them deleted already
        return None
    for k, ((_, fields), key) in enumerate(zip(new, keys, strict=True)):
        if fields["id"] != key:
            return None
        published[k] = schema.date_ordinal(fields.get("published"))
        added[k] = int(fields.get(schema.ADDED_FIELD) or 0)
    live = np.ones(total, dtype=bool)
    live[sorted(deleted(ix))] = False
    return Appended(base, live, published, added)


def stored_documents(
    ix: Any, docnums: Iterable[int] | None = None
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(document number, stored fields) of every live article, or of those of ``docnums``."""
    with ix.searcher() as searcher:
        reader = searcher.reader()
        wanted = range(reader.doc_count_all()) if docnums is None else docnums
        for docnum in wanted:
            if not reader.is_deleted(docnum):
                yield docnum, reader.stored_fields(docnum)


def stored(ix: Any, docnum: int) -> dict[str, Any]:
    """The stored fields of one document."""
    with ix.searcher() as searcher:
        found: dict[str, Any] = searcher.stored_fields(docnum)
    return found


def open_reader(ix: Any) -> tuple[Callable[[int], dict[str, Any]], Callable[[], None]]:
    """A reader kept open for many stored-field reads: (read one document, close)."""
    searcher = ix.searcher()
    return searcher.stored_fields, searcher.close


def close_files(ix: Any) -> None:
    """Close the files Whoosh left open when reading a damaged index failed."""
    close = getattr(ix.storage, "close_opened", None)
    if close is not None:
        close()


def document_count(ix: Any) -> int:
    """Document numbers of the latest generation, deleted ones included (summed over its
    segments: Whoosh's own count opens a reader of every segment's terms to give it)."""
    return sum(int(segment.doc_count_all()) for segment in ix._segments())  # noqa: SLF001


def live_count(ix: Any) -> int:
    """The articles of the latest generation (deleted ones aside), without a reader."""
    return sum(int(segment.doc_count()) for segment in ix._segments())  # noqa: SLF001


def deleted(ix: Any) -> set[int]:
    """The deleted document numbers of the latest generation."""
    out: set[int] = set()
    offset = 0
    for segment in ix._segments():  # noqa: SLF001 - numbered in this order by the reader
        out.update(offset + n for n in segment.deleted_docs())
        offset += segment.doc_count_all()
    return out


def document_number(ix: Any, article_id: str) -> int | None:
    """The document number of the live article with this id (None when there is none)."""
    with ix.searcher() as searcher:
        found = searcher.document_number(id=article_id)
    return None if found is None else int(found)


def clean_files(location: Path) -> None:
    """Delete the Whoosh files the latest generation no longer uses: older tables of
    contents, merged segments, what a cancelled or killed writer left."""
    import shutil

    from whoosh.index import clean_files as whoosh_clean

    ix = open_index(location)
    whoosh_clean(ix.storage, INDEX_NAME, ix.latest_generation(), ix._segments())  # noqa: SLF001
    shutil.rmtree(location / f"{INDEX_NAME}.tmp", ignore_errors=True)


# Segments left unmerged after a run: past this many, the run's last commit is followed by a
# merge of the trailing segments into one (`merge_start`). Searches over 20 segments measured
# as over 10 (p50 4.5 against 4.4 ms at 100,000 articles).
MAX_SEGMENTS = 24


def merge_start(counts: Sequence[int], deletions: Sequence[bool]) -> int | None:
    """Where the merge after a run's last commit starts, for segments of ``counts``
    documents (in document-number order), ``deletions`` telling which hold deleted ones: the
    segments from there on are merged into one. None: no merge.

    Merged in order, trailing segments without a deleted document keep every document's
    number, so every store is extended rather than rebuilt; merging ones with deletions drops
    those and renumbers what follows (every store is then rebuilt from the stored articles),
    which is put off until there are twice as many segments. Of the trailing segments it may
    merge, it takes the run that rewrites the fewest documents per segment it removes (the
    small ones after the large: each article is rewritten about log(n) times over an
    archive's life, not at every merge)."""
    m = len(counts)
    if m < MAX_SEGMENTS:
        return None
    free = m
    while free > 0 and not deletions[free - 1]:
        free -= 1
    start = _cheapest(counts, free)
    if start is None and m >= 2 * MAX_SEGMENTS:
        start = _cheapest(counts, 0)
    return start


def _cheapest(counts: Sequence[int], lowest: int) -> int | None:
    """The i >= ``lowest`` whose merge of segments i.. (two at least) rewrites the fewest
    documents per segment removed, the longest run of those; None when there are not two."""
    m = len(counts)
    best, best_cost = None, 0.0
    tail = sum(counts[lowest:])
    for i in range(lowest, m - 1):
        cost = tail / (m - i - 1)
        if best is None or cost < best_cost:
            best, best_cost = i, cost
        tail -= counts[i]
    return best


def commit(writer: Any) -> None:
    """Commit what ``writer`` wrote, merging nothing (`merge` does, after a run's last)."""
    from whoosh import writing

    writer.commit(mergetype=writing.NO_MERGE)


def merge(location: Path) -> None:
    """Merge the index's trailing segments into one when `merge_start` says so, in a commit
    of its own: the merged documents keep their order and, where none was deleted, their
    numbers (the new segment comes last, holding exactly them)."""
    from whoosh.reading import SegmentReader

    ix = open_index(location)
    segments = ix._segments()  # noqa: SLF001 - in document-number order
    start = merge_start(
        [s.doc_count_all() for s in segments], [s.has_deletions() for s in segments]
    )
    if start is None:
        return

    def policy(target: Any, current: list[Any]) -> list[Any]:
        for segment in current[start:]:
            reader = SegmentReader(target.storage, target.schema, segment)
            target.add_reader(reader)
            reader.close()
        return current[:start]

    writer(ix).commit(mergetype=policy)
