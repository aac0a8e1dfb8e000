"""What an index run knows of identity: which article each path, content and body holds,
what the run has seen, and so what is unchanged, a copy, a duplicate, new, moved or gone.

An article is its id (canonical URL, a record's id, else its path). A path whose bytes are as
indexed is unchanged; a new path whose content hash an indexed article has is a copy of it; a
clean body word for word an indexed article's (`schema.body_hash`) is a duplicate of it.
Copies and duplicates add their path to the article (`Row.also`), never an article. After
reading, `places` says for every article which of its paths still hold it: those gone are
dropped, an article whose first path is gone takes the next, one with none left is deleted
when the run prunes. Pure bookkeeping: the run reads and writes, the ledger decides."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from search import schema
from search.ingest.sources import source_of
from search.models import Article, RawDocument
from search.store.articles import ALSO_JOIN, ArticleTable, Row

Paths = tuple[str, ...]


@dataclass
class Places:
    """What `Ledger.places` decided: articles to delete, and articles whose paths change
    (id → (path, other paths))."""

    deletes: list[str] = field(default_factory=list)
    moves: dict[str, tuple[str, Paths]] = field(default_factory=dict)


class Ledger:
    """The index's articles by path, content and body before the run, and what it has seen."""

    def __init__(self, rows: ArticleTable | Iterable[Row]) -> None:
        """From the article table before the run (or its live rows)."""
        table = rows if isinstance(rows, ArticleTable) else ArticleTable.of(0, rows)
        self.rows = _Rows(table)  # id → row, each made when asked
        # every path of an article → its number: its own, and the others it was found at
        # (built from the columns in C: a run that adds one file to a large index looks up a
        # few of them)
        self.by_path = _Paths(table)
        self.by_hash = _keyed(table.content_hashes, table.ids)
        self.by_body = _keyed(table.body_hashes, table.ids)
        self.seen: set[str] = set()  # ids written or found unchanged
        self.kept_files: set[str] = set()  # files found as indexed, their paths not listed
        self.seen_at: dict[str, str] = {}  # path read in this run → the id it holds
        self.found_at: dict[str, list[str]] = {}  # id → paths newly found holding it
        self.now: dict[str, tuple[str, Paths]] = {}  # id → (path, also) as written this run
        self.raw_hashes: dict[str, str] = {}  # path → hash of its bytes (records)
        self.pending: set[str] = set()  # paths handed to cleaning, not back as articles
        self._bodies: dict[str, str] = {}  # id → body hash of an article `cleaned` judged

    def known(self) -> Mapping[str, str]:
        """Path → hash of its bytes as indexed: what the loaders skip without parsing."""
        return _Known(self)

    def read(self, raw: RawDocument) -> str:
        """What a document just read is: "unchanged", "copy" (of an indexed or earlier read
        article: its path is added to it) or "new" (to clean)."""
        old = self.by_path.get(raw.path)
        if old is not None and (raw.kind == "unchanged" or old[1] == raw.content_hash):
            self.seen.add(old[0])
            self.seen_at[raw.path] = old[0]
            return "unchanged"
        twin = self.by_hash.get(raw.content_hash) if old is None else None
        if twin is not None:
            self._locate(twin, raw.path)
            return "copy"
        self.pending.add(raw.path)
        self.raw_hashes[raw.path] = raw.raw_hash
        return "new"

    def kept(self, paths: Iterable[str]) -> None:
        """Record that indexed ``paths`` were found as indexed without being read (their file
        is, `sources.Sources`)."""
        for path in paths:
            doc_id = self.by_path[path][0]
            self.seen.add(doc_id)
            self.seen_at[path] = doc_id

    def kept_file(self, name: str) -> None:
        """Record that every path the index holds from the file ``name`` is as indexed, without
        listing them (`sources.Sources` knows the index is as it recorded the file)."""
        self.kept_files.add(name)

    def _seen(self, doc_id: str) -> bool:
        """Whether this run has written ``doc_id`` or found it unchanged."""
        if doc_id in self.seen:
            return True
        if not self.kept_files or doc_id not in self.rows:
            return False
        row = self.rows[doc_id]
        return any(source_of(p) in self.kept_files for p in (row.path, *row.also))

    def cleaned(self, article: Article) -> str:
        """What a clean article is: "duplicate" (its body is an indexed article's under
        another id: its path is added to that one), "repeat" (an id this run has written or
        found already) or "write"."""
        self.pending.discard(article.path)
        body = schema.body_hash(article.body)
        twin = self.by_body.get(body) if body and article.id not in self.rows else None
        if twin is not None and twin != article.id:
            self._locate(twin, article.path)
            return "duplicate"
        if self._seen(article.id):
            return "repeat"
        self._bodies[article.id] = body  # for `written`
        return "write"

    def written(self, article: Article) -> tuple[Paths, str, str]:
        """Record that ``article`` (judged by `cleaned`) is written; the other paths it keeps,
        its raw hash and its body hash."""
        self.seen.add(article.id)
        self.seen_at[article.path] = article.id
        before = self.rows.get(article.id)
        also = tuple(p for p in before.also if p != article.path) if before else ()
        self.now[article.id] = (article.path, also)
        self.by_hash.setdefault(article.content_hash, article.id)
        body = self._bodies.pop(article.id, None)
        if body is None:
            body = schema.body_hash(article.body)
        if body:
            self.by_body.setdefault(body, article.id)
        return also, self.raw_hashes.pop(article.path, ""), body

    @property
    def copies(self) -> int:
        """Paths found this run holding an article already indexed or read."""
        return sum(len(paths) for paths in self.found_at.values())

    def places(self, *, prune: bool, complete: set[str], exists: Callable[[str], bool]) -> Places:
        """Which paths still hold each article, after reading. ``complete``: the record files
        read whole (a record not seen there is gone), ``exists``: whether a path's file is
        still there."""
        # a file with a record that could not be cleaned keeps its old records
        whole = complete - {source_of(p) for p in self.pending}

        def gone(path: str, doc_id: str) -> bool:
            if path in self.seen_at:  # read this run: it holds what was read there
                return self.seen_at[path] != doc_id
            source, record = source_of(path), "#" in path
            if source in self.kept_files:  # found as indexed: it holds what it held
                return False
            return not exists(path) or record and source in whole

        decided = Places()
        for doc_id in {*self.rows, *self.found_at}:
            if doc_id not in self.found_at and not prune:
                continue
            if doc_id in self.now:
                path, also = self.now[doc_id]
            else:
                path, also = self.rows[doc_id].path, self.rows[doc_id].also
            places = list(dict.fromkeys([path, *also, *self.found_at.get(doc_id, [])]))
            alive = [p for p in places if not gone(p, doc_id)]
            if not alive:  # every path gone: pruned when asked, else left as it is
                if prune and doc_id not in self.now:
                    decided.deletes.append(doc_id)
                continue
            primary = path if path in alive else alive[0]
            others = tuple(p for p in alive if p != primary)
            if (primary, others) != (path, also):
                decided.moves[doc_id] = (primary, others)
        return decided

    def _locate(self, doc_id: str, path: str) -> None:
        """``path`` holds the article ``doc_id`` (a copy, or an exact duplicate)."""
        self.seen_at[path] = doc_id
        row = self.rows.get(doc_id)
        known = (row.path, *row.also) if row is not None else ()
        if path not in known and path not in self.found_at.setdefault(doc_id, []):
            self.found_at[doc_id].append(path)


class _Known(Mapping[str, str]):
    """`Ledger.known`: each path looked up as asked (a run that adds one file to a large
    index asks for a few paths, and building the whole map cost 0.4 s at 100,000 articles)."""

    def __init__(self, ledger: Ledger) -> None:
        self._paths = ledger.by_path

    def __getitem__(self, path: str) -> str:
        return self._paths.read_hash(path)

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)


class _Paths(Mapping[str, tuple[str, str]]):
    """`Ledger.by_path`: every path of an indexed article → (its id, its content hash)."""

    def __init__(self, table: ArticleTable) -> None:
        self._table = table
        self._own = dict(zip(table.paths, range(len(table)), strict=True))
        self._own.pop("", None)  # the column's value at a deleted number
        self._others = {
            path: n
            for n, others in enumerate(table.also)
            if others
            for path in others.split(ALSO_JOIN)
            if path not in self._own
        }

    def _number(self, path: str) -> int:
        n = self._own.get(path)
        return self._others[path] if n is None else n

    def __getitem__(self, path: str) -> tuple[str, str]:
        n = self._number(path)
        return self._table.ids[n] or "", self._table.content_hashes[n]

    def read_hash(self, path: str) -> str:
        """What the bytes at ``path`` hash to when they are as indexed: a record file's own
        hash where kept, else the article's content hash."""
        n = self._number(path)
        own = self._own.get(path) == n
        return (self._table.raw_hashes[n] if own else "") or self._table.content_hashes[n]

    def held(self) -> Iterator[tuple[str, str, str]]:
        """Every (path, id, content hash), read from the columns without a lookup each: what
        `sources.Sources` records of a file."""
        ids, hashes = self._table.ids, self._table.content_hashes
        for numbers in (self._others, self._own):
            for path, n in numbers.items():
                yield path, ids[n] or "", hashes[n]

    def held_in(self, name: str) -> list[tuple[str, str, str]]:
        """The (path, id, content hash) of every path read from the file ``name`` (the file
        itself, or its records ``name#...``): one pass over the keys, no tuple made for the
        others."""
        ids, hashes = self._table.ids, self._table.content_hashes
        mark = name + "#"
        return [
            (path, ids[n] or "", hashes[n])
            for numbers in (self._others, self._own)
            for path, n in numbers.items()
            if path.startswith(mark) or path == name
        ]

    def __contains__(self, path: object) -> bool:
        return path in self._own or path in self._others

    def __iter__(self) -> Iterator[str]:
        yield from self._others
        yield from self._own

    def __len__(self) -> int:
        return len(self._own) + len(self._others)


def _keyed(keys: Sequence[str], ids: Sequence[str | None]) -> dict[str, str]:
    """Each non-empty key → the id of the last live article that has it."""
    found = dict(zip(keys, ids, strict=True))
    found.pop("", None)
    return found  # type: ignore[return-value]


class _Rows(Mapping[str, Row]):
    """`Ledger.rows`: the table's live rows by id, each made when looked up."""

    def __init__(self, table: ArticleTable) -> None:
        self._table = table

    def __getitem__(self, doc_id: str) -> Row:
        row = self._table.row(self._table.numbers[doc_id])
        assert row is not None
        return row

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._table.numbers

    def __iter__(self) -> Iterator[str]:
        return iter(self._table.numbers)

    def __len__(self) -> int:
        return len(self._table.numbers)
