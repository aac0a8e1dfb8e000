"""The article table of one index generation: for each document number, the article's id,
content hash, path and the generation that wrote it (None for a deleted number).

Written beside the other derived stores at each commit (so the manifest checks it), it tells
an index run what is indexed without reading every stored article (at 100,000 articles a
third of an unchanged run), and after a commit that only appended (`whoosh_index.commit_shape`:
Whoosh's earlier segments unchanged, so every document kept its number) the next table is
the previous one with the deletions marked and the new articles after it."""

from __future__ import annotations

import json
import os
import shutil
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from search import schema
from search.files import write_whole

TABLE_FILE = "articles.bin"
DELTA_FILE = "articles-delta.bin"  # the rows deleted and appended since the base file
MAX_DELTA_SHARE = 0.25  # of the base's rows: a larger delta is folded into a new base
MIN_DELTA_ROWS = 10_000
VERSION = 3  # 3: columns; 2: the body's hash and the other paths an article was found at


class Row(NamedTuple):
    """One indexed article (a named tuple, not a dataclass: a table of 100,000 is read at
    every run, and a tuple is made three times faster)."""

    id: str
    content_hash: str
    path: str
    added: int  # the generation that wrote it
    body_hash: str = ""  # of the clean body (`schema.body_hash`): exact duplicates share it
    also: tuple[str, ...] = ()  # other paths the same article was found at (copies)
    raw_hash: str = ""  # of its path's bytes as last read, when not the content hash (a record)

    @property
    def read_hash(self) -> str:
        """What the bytes at its path hash to when they are as indexed."""
        return self.raw_hash or self.content_hash


_DELETED = Row("", "", "", 0)  # the columns' values at a deleted number
ALSO_JOIN = "\x00"  # between the other paths of an article (no path holds it)


@dataclass(frozen=True)
class ArticleTable:
    """Rows by document number (a deleted number has none), for one generation, held as
    columns: a run that adds one article to a large index looks up a few ids, paths and
    hashes, and building a `Row` for each of 100,000 articles to do so was a third of it."""

    generation: int
    ids: tuple[str | None, ...]  # None: deleted
    content_hashes: tuple[str, ...]  # "" where deleted, as are the other string columns
    paths: tuple[str, ...]
    added: tuple[int, ...]
    body_hashes: tuple[str, ...]
    also: tuple[str, ...]  # the other paths an article was found at, joined by ALSO_JOIN
    raw_hashes: tuple[str, ...]  # where a record's file hash is kept, else ""

    @staticmethod
    def of(generation: int, rows: Iterable[Row | None]) -> ArticleTable:
        """The table of ``rows`` by document number (None: deleted)."""
        return ArticleTable(generation, (), (), (), (), (), (), ()).appended(generation, (), rows)

    def __len__(self) -> int:
        return len(self.ids)

    def row(self, n: int) -> Row | None:
        doc_id = self.ids[n]
        if doc_id is None:
            return None
        return Row(
            doc_id,
            self.content_hashes[n],
            self.paths[n],
            self.added[n],
            self.body_hashes[n],
            tuple(self.also[n].split(ALSO_JOIN)) if self.also[n] else (),
            self.raw_hashes[n],
        )

    @cached_property
    def rows(self) -> tuple[Row | None, ...]:
        """Every row (built once, for the callers that read them all)."""
        return tuple(self.row(n) for n in range(len(self.ids)))

    @cached_property
    def numbers(self) -> dict[str, int]:
        """id → document number of every live article."""
        found = dict(zip(self.ids, range(len(self.ids)), strict=True))
        found.pop(None, None)
        return found  # type: ignore[return-value]

    def by_id(self) -> dict[str, tuple[str, str, int]]:
        """id → (content hash, path, document number) of every live article."""
        return {
            doc_id: (self.content_hashes[n], self.paths[n], n) for doc_id, n in self.numbers.items()
        }

    def appended(
        self, generation: int, deleted: Iterable[int], new: Iterable[Row | None]
    ) -> ArticleTable:
        """The table after a commit that kept every number: ``deleted`` numbers marked,
        ``new`` rows after the previous ones (None: a deleted number)."""
        columns: dict[str, list[Any]] = {name: [] for name in _COLUMNS}
        for found in new:
            row = found or _DELETED
            columns["ids"].append(found.id if found is not None else None)
            columns["content_hashes"].append(row.content_hash)
            columns["paths"].append(row.path)
            columns["added"].append(row.added)
            columns["body_hashes"].append(row.body_hash)
            columns["also"].append(ALSO_JOIN.join(row.also))
            columns["raw_hashes"].append(row.raw_hash)
        return self.extended(generation, deleted, columns)

    def extended(
        self, generation: int, deleted: Iterable[int], columns: Mapping[str, list[Any]]
    ) -> ArticleTable:
        """`appended`, the new rows given as columns (`_COLUMNS`; None or "" for an id: a
        deleted number)."""
        ids = list(self.ids)
        strings = [list(getattr(self, name)) for name in _STRING_COLUMNS]
        added = list(self.added)
        for n in deleted:
            if n < len(ids) and ids[n] is not None:  # most were deleted before: passed over
                ids[n] = None
                for column in strings:
                    column[n] = ""
                added[n] = 0
        ids.extend(i or None for i in columns["ids"])
        for column, name in zip(strings, _STRING_COLUMNS, strict=True):
            column.extend(columns[name])
        added.extend(columns["added"])
        hashes, paths, bodies, also, raw = strings
        return ArticleTable(
            generation, tuple(ids), tuple(hashes), tuple(paths), tuple(added), tuple(bodies),
            tuple(also), tuple(raw),
        )  # fmt: skip

    def columns_from(self, start: int) -> dict[str, list[Any]]:
        """The columns of the rows from number ``start`` on ("" for a deleted id)."""
        out = {name: list(getattr(self, name)[start:]) for name in _COLUMNS}
        out["ids"] = [i or "" for i in out["ids"]]
        return out


def from_stored(
    generation: int, total: int, stored: Iterable[tuple[int, Mapping[str, Any]]]
) -> ArticleTable:
    """The table read from stored articles ((document number, stored fields) of the live ones)."""
    rows: list[Row | None] = [None] * total
    for n, fields in stored:
        rows[n] = Row(
            fields["id"],
            fields.get("content_hash") or "",
            fields.get("path") or "",
            int(fields.get("added") or 0),
            fields.get("body_hash") or schema.body_hash(schema.stored_body(dict(fields))),
            tuple(fields.get("also") or ()),
            fields.get("raw_hash") or "",
        )
    return ArticleTable.of(generation, rows)


# The base file: its columns as JSON arrays (parsed in C, where an array of rows was parsed
# and a tuple made for each: 0.5 s at 100,000 articles), "" at a deleted number.
_COLUMNS = ("ids", "content_hashes", "paths", "added", "body_hashes", "also", "raw_hashes")
_STRING_COLUMNS = ("content_hashes", "paths", "body_hashes", "also", "raw_hashes")
# (base generation, base rows) of the delta file each folder holds, as this process last wrote
# or read it: a run that adds one article writes the next delta without reading this again
_DELTA_BASES: dict[str, tuple[int, int]] = {}


def _write_base(path: Path, table: ArticleTable) -> None:
    body: dict[str, Any] = {"version": VERSION, "generation": table.generation}
    body.update((name, list(getattr(table, name))) for name in _COLUMNS)
    body["ids"] = [i or "" for i in table.ids]
    write_whole(path, json.dumps(body).encode("utf-8"))


def _read_base(path: Path) -> ArticleTable | None:
    body = json.loads(path.read_bytes())
    if body.get("version") != VERSION:
        return None
    columns = [body[name] for name in _COLUMNS]
    count = len(columns[0])
    for name, column in zip(_COLUMNS, columns, strict=True):
        kind = int if name == "added" else str
        if len(column) != count or not all(isinstance(v, kind) for v in column[:1]):
            return None
    ids, hashes, paths, added, bodies, also, raw = columns
    return ArticleTable(
        int(body["generation"]),
        tuple(i or None for i in ids),
        tuple(hashes), tuple(paths), tuple(added), tuple(bodies), tuple(also), tuple(raw),
    )  # fmt: skip


def _write_body(path: Path, body: dict[str, Any]) -> None:
    write_whole(path, zlib.compress(json.dumps(body).encode("utf-8"), 1))


def _read_body(path: Path) -> Any:
    return json.loads(zlib.decompress(path.read_bytes()))


def write(
    folder: Path, table: ArticleTable, *, extends: tuple[Path, int, int] | None = None
) -> None:
    """Write the table into ``folder``. ``extends``: (the previous generation's folder, its
    generation, its number of rows) when ``table`` is that table with rows deleted and rows
    appended (`ArticleTable.appended`): then the previous base file is linked as it is and
    only what changed since it is written (`DELTA_FILE`), until that is more than
    MAX_DELTA_SHARE of the base — adding one article to a large index rewrote every row."""
    if extends is not None and _write_delta(folder, table, *extends):
        return
    _DELTA_BASES.pop(str(folder), None)
    _write_base(folder / TABLE_FILE, table)


def _write_delta(
    folder: Path, table: ArticleTable, previous: Path, generation: int, rows: int
) -> bool:
    base_generation, base_rows = generation, rows
    try:
        if str(previous) in _DELTA_BASES:
            base_generation, base_rows = _DELTA_BASES[str(previous)]
        elif (previous / DELTA_FILE).exists():
            meta = _read_body(previous / DELTA_FILE)
            base_generation, base_rows = int(meta["base_generation"]), int(meta["base_rows"])
    except (OSError, ValueError, zlib.error, KeyError, TypeError):
        return False
    added = len(table) - base_rows
    if added < 0 or added > max(MIN_DELTA_ROWS, MAX_DELTA_SHARE * base_rows):
        return False
    try:
        os.link(previous / TABLE_FILE, folder / TABLE_FILE)
    except OSError:
        try:
            shutil.copy2(previous / TABLE_FILE, folder / TABLE_FILE)
        except OSError:
            return False
    deleted = [n for n, doc_id in enumerate(table.ids[:base_rows]) if doc_id is None]
    body = {
        "version": VERSION,
        "generation": table.generation,
        "base_generation": base_generation,
        "base_rows": base_rows,
        "deleted": deleted,
        "columns": table.columns_from(base_rows),
    }
    _write_body(folder / DELTA_FILE, body)
    _DELTA_BASES[str(folder)] = (base_generation, base_rows)
    return True


def _delta_columns(delta: Mapping[str, Any]) -> dict[str, list[Any]] | None:
    """The appended rows of a delta file as columns: written so since 2026-12-07, as rows
    (`[id, content hash, path, added, body hash, [also], raw hash]`, None: deleted) before."""
    if "columns" in delta:
        columns = {name: list(delta["columns"][name]) for name in _COLUMNS}
        count = len(columns["ids"])
        if any(len(c) != count for c in columns.values()):
            return None
        if not all(isinstance(i, str) for i in columns["ids"]):
            return None
        return columns
    columns = {name: [] for name in _COLUMNS}
    for r in delta["rows"]:
        if r is not None and not isinstance(r[0], str):
            return None
        values = r or ["", "", "", 0, "", [], ""]
        for name, value in zip(_COLUMNS, values, strict=True):
            columns[name].append(ALSO_JOIN.join(value) if name == "also" else value)
    return columns


def load(folder: Path, generation: int) -> ArticleTable | None:
    """The table written for ``generation``, None when there is none (or another's): the base
    file, with its delta when there is one."""
    try:
        base = _read_base(folder / TABLE_FILE)
        if base is None:
            return None
        if not (folder / DELTA_FILE).exists():
            _DELTA_BASES.pop(str(folder), None)
            return base if base.generation == generation else None
        delta = _read_body(folder / DELTA_FILE)
        if (
            delta.get("version") != VERSION
            or delta.get("generation") != generation
            or delta.get("base_generation") != base.generation
            or delta.get("base_rows") != len(base)
        ):
            return None
        columns = _delta_columns(delta)
        if columns is None:
            return None
        deleted = [int(n) for n in delta["deleted"]]
        if deleted and not 0 <= min(deleted) <= max(deleted) < len(base):
            return None
        table = base.extended(generation, deleted, columns)
        _DELTA_BASES[str(folder)] = (base.generation, len(base))
    except (
        OSError, ValueError, UnicodeDecodeError, zlib.error, KeyError, TypeError, IndexError,
        AttributeError,
    ):  # fmt: skip
        return None
    return table
