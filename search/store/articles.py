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
from pathlib import Path
from typing import Any, NamedTuple

from search import schema
from search.files import write_whole

TABLE_FILE = "articles.bin"
DELTA_FILE = "articles-delta.bin"  # the rows deleted and appended since the base file
MAX_DELTA_SHARE = 0.25  # of the base's rows: a larger delta is folded into a new base
MIN_DELTA_ROWS = 10_000
VERSION = 2  # 2: the body's hash and the other paths an article was found at


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


@dataclass(frozen=True)
class ArticleTable:
    """Rows by document number (None: deleted), for one generation."""

    generation: int
    rows: tuple[Row | None, ...]

    def by_id(self) -> dict[str, tuple[str, str, int]]:
        """id → (content hash, path, document number) of every live article."""
        return {r.id: (r.content_hash, r.path, n) for n, r in enumerate(self.rows) if r}

    def appended(self, generation: int, deleted: Iterable[int], new: Iterable[Row]) -> ArticleTable:
        """The table after a commit that kept every number: ``deleted`` numbers marked,
        ``new`` rows after the previous ones."""
        rows = list(self.rows)
        for n in deleted:
            if n < len(rows):
                rows[n] = None
        rows.extend(new)
        return ArticleTable(generation, tuple(rows))


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
    return ArticleTable(generation, tuple(rows))


def _encoded(rows: Iterable[Row | None]) -> list[list[Any] | None]:
    return [
        None
        if r is None
        else [r.id, r.content_hash, r.path, r.added, r.body_hash, r.also, r.raw_hash]
        for r in rows
    ]


def _decoded(rows: Iterable[list[Any] | None]) -> list[Row | None]:
    return [
        None if r is None else Row(r[0], r[1], r[2], r[3], r[4], tuple(r[5]) if r[5] else (), r[6])
        for r in rows
    ]


def _write_body(path: Path, body: dict[str, Any]) -> None:
    write_whole(path, zlib.compress(json.dumps(body).encode("utf-8"), 3))


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
    body = {"version": VERSION, "generation": table.generation, "rows": _encoded(table.rows)}
    _write_body(folder / TABLE_FILE, body)


def _write_delta(
    folder: Path, table: ArticleTable, previous: Path, generation: int, rows: int
) -> bool:
    base_generation, base_rows = generation, rows
    try:
        if (previous / DELTA_FILE).exists():
            meta = _read_body(previous / DELTA_FILE)
            base_generation, base_rows = int(meta["base_generation"]), int(meta["base_rows"])
    except (OSError, ValueError, zlib.error, KeyError, TypeError):
        return False
    added = len(table.rows) - base_rows
    if added < 0 or added > max(MIN_DELTA_ROWS, MAX_DELTA_SHARE * base_rows):
        return False
    try:
        os.link(previous / TABLE_FILE, folder / TABLE_FILE)
    except OSError:
        try:
            shutil.copy2(previous / TABLE_FILE, folder / TABLE_FILE)
        except OSError:
            return False
    deleted = [n for n, r in enumerate(table.rows[:base_rows]) if r is None]
    body = {
        "version": VERSION,
        "generation": table.generation,
        "base_generation": base_generation,
        "base_rows": base_rows,
        "deleted": deleted,
        "rows": _encoded(table.rows[base_rows:]),
    }
    _write_body(folder / DELTA_FILE, body)
    return True


def load(folder: Path, generation: int) -> ArticleTable | None:
    """The table written for ``generation``, None when there is none (or another's): the base
    file, with its delta when there is one."""
    try:
        body = _read_body(folder / TABLE_FILE)
        if body.get("version") != VERSION:
            return None
        delta = None
        if (folder / DELTA_FILE).exists():
            delta = _read_body(folder / DELTA_FILE)
            if (
                delta.get("version") != VERSION
                or delta.get("generation") != generation
                or delta.get("base_generation") != body.get("generation")
                or delta.get("base_rows") != len(body["rows"])
            ):
                return None
        elif body.get("generation") != generation:
            return None
        rows = _decoded(body["rows"])
        if delta is not None:
            for n in delta["deleted"]:
                rows[n] = None
            rows.extend(_decoded(delta["rows"]))
        if any(r is not None and not isinstance(r.id, str) for r in rows[:1]):
            return None
    except (OSError, ValueError, zlib.error, KeyError, TypeError, IndexError, AttributeError):
        return None
    return ArticleTable(generation, tuple(rows))
