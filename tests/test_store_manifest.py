"""The manifest's checksums: carried over for files untouched since they were taken (so a run
reads only what it wrote), always the files' real ones, and never trusted for a file written
since."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from conftest import record_line, write_lines

from search.errors import IndexDamagedError
from search.indexing import index_paths
from search.store import manifest


def _real_sums(location: Path) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]:
    current = manifest.read(location)
    assert current is not None
    folder = current.path(location)
    stores = {
        n: (p.stat().st_size, manifest.file_checksum(p))
        for n in current.files
        for p in [folder / n]
    }
    whoosh = {
        n: (p.stat().st_size, manifest.file_checksum(p))
        for n in current.whoosh
        for p in [location / n]
    }
    return stores, whoosh


def test_every_checksum_recorded_is_the_files_own_after_runs_that_carry_them(
    tmp_path: Path,
) -> None:
    data, location = tmp_path / "data", tmp_path / "index"
    write_lines(data, "a.jsonl", [record_line(i) for i in range(1, 4)])
    index_paths([str(data)], location=location)
    for n in range(4, 7):  # each run adds a segment and keeps the earlier ones
        write_lines(data, f"b{n}.jsonl", [record_line(n)])
        index_paths([str(data)], location=location)
        current = manifest.read(location)
        assert current is not None and set(current.mtimes) >= set(current.whoosh)
        assert _real_sums(location) == (current.files, current.whoosh)


def test_a_file_written_since_its_checksum_is_read_again(tmp_path: Path) -> None:
    data, location = tmp_path / "data", tmp_path / "index"
    feed = write_lines(data, "a.jsonl", [record_line(i) for i in range(1, 4)])
    then = time.time() - 60
    os.utime(feed, (then, then))  # settled: a run with nothing to do reads no article
    index_paths([str(data)], location=location)
    index_paths([str(data)], location=location)
    (column,) = location.glob("*_stored.col")
    raw = bytearray(column.read_bytes())
    raw[len(raw) // 2] ^= 0x10  # one bit flipped, the size kept
    column.write_bytes(bytes(raw))
    with pytest.raises(IndexDamagedError, match="_stored"):
        index_paths([str(data)], location=location)
