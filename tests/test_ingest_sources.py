"""What the index records of each input file (`ingest.sources`): a file as indexed is not read
again, one that changed, or whose articles another file took, is; a run that finds every file
as indexed reads no article at all, and a damaged index is never taken for unchanged."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import record_line, write_lines

from search.indexing import index_paths
from search.ingest import loaders, sources


def _settle(*paths: Path) -> None:
    """Date the files a minute back: older than `sources.SETTLED_NS`, so they are recorded."""
    then = time.time() - 60
    for path in paths:
        os.utime(path, (then, then))


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the loaders open, in order."""
    opened: list[str] = []
    load = loaders.load

    def counting(path: Path, **options: Any) -> Iterator[Any]:
        opened.append(path.name)
        return load(path, **options)

    monkeypatch.setattr(loaders, "load", counting)
    return opened


def _folder(tmp_path: Path) -> tuple[Path, Path, Path]:
    data = tmp_path / "data"
    feed = write_lines(data, "feed.jsonl", [record_line(i) for i in range(1, 4)])
    page = data / "page.txt"
    page.write_text("Harbour reopens\n\nThe harbour at Bergen reopened on Monday.\n", "utf-8")
    _settle(feed, page)
    return data, feed, page


def test_a_file_as_indexed_is_not_read_again_and_a_changed_one_is(
    tmp_path: Path, reads: list[str]
) -> None:
    data, feed, page = _folder(tmp_path)
    location = tmp_path / "index"
    assert index_paths([str(data)], location=location).added == 4
    assert set(reads) == {"feed.jsonl", "page.txt"}  # the text dump twice: templates learnt
    reads.clear()
    again = index_paths([str(data)], location=location)
    assert (again.unchanged, again.added, again.total, reads) == (4, 0, 4, [])
    with feed.open("a", encoding="utf-8") as handle:
        handle.write(record_line(4) + "\n")
    changed = index_paths([str(data)], location=location)
    assert (changed.added, changed.unchanged, reads) == (1, 4, ["feed.jsonl"])


def test_a_file_just_written_is_read_again_until_it_settles(
    tmp_path: Path, reads: list[str]
) -> None:
    data = tmp_path / "data"
    feed = write_lines(data, "feed.jsonl", [record_line(1)])  # modified a moment ago
    location = tmp_path / "index"
    index_paths([str(data)], location=location)
    index_paths([str(data)], location=location)
    assert reads == ["feed.jsonl", "feed.jsonl"]  # a write in the same clock tick could hide
    _settle(feed)
    index_paths([str(data)], location=location)
    index_paths([str(data)], location=location)
    assert reads == ["feed.jsonl"] * 3


def test_a_run_that_finds_every_file_as_indexed_writes_nothing(
    tmp_path: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from search import indexing

    data, _, _ = _folder(tmp_path)
    location = tmp_path / "index"
    index_paths([str(data)], location=location)
    index_paths([str(data)], location=location)  # records the index state the entries hold in

    def no_batch(*_args: object, **_kw: object) -> None:
        raise AssertionError("an unchanged run opened a writer")

    monkeypatch.setattr(indexing, "Batch", no_batch)
    report = index_paths([str(data)], location=location)
    assert (report.unchanged, report.total, report.added, report.deleted) == (4, 4, 0, 0)


def test_an_article_another_file_took_over_is_read_again_from_its_first_file(
    tmp_path: Path, reads: list[str]
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    a = write_lines(first, "a.jsonl", [record_line(1, title="First version")])
    b = write_lines(second, "b.jsonl", [record_line(1, title="Second version")])
    _settle(a, b)
    location = tmp_path / "index"
    index_paths([str(first)], location=location)
    index_paths([str(second)], location=location)  # r1 is now b's
    reads.clear()
    report = index_paths([str(first)], location=location)  # a is unchanged, r1 is not a's
    assert reads == ["a.jsonl"] and report.updated == 1


def test_a_file_with_a_bad_line_is_read_and_warned_about_on_every_run(
    tmp_path: Path, reads: list[str]
) -> None:
    data = tmp_path / "data"
    feed = write_lines(data, "feed.jsonl", [record_line(1), "{not json"])
    _settle(feed)
    location = tmp_path / "index"
    for _ in range(3):
        report = index_paths([str(data)], location=location)
    assert reads == ["feed.jsonl"] * 3 and report.unchanged == 1


def test_a_truncated_whoosh_file_is_found_by_a_run_that_reads_nothing(tmp_path: Path) -> None:
    from search.errors import IndexDamagedError

    data, _, _ = _folder(tmp_path)
    location = tmp_path / "index"
    index_paths([str(data)], location=location)
    index_paths([str(data)], location=location)
    (column,) = location.glob("*_stored.col")
    column.write_bytes(column.read_bytes()[:-10])
    with pytest.raises(IndexDamagedError, match="stored"):
        index_paths([str(data)], location=location)


def test_another_version_of_the_formats_reads_every_file(tmp_path: Path) -> None:
    data, feed, page = _folder(tmp_path)
    location = tmp_path / "index"
    index_paths([str(data)], location=location)
    entries, state = sources.load(location)
    assert set(entries) == {str(feed.resolve()), str(page.resolve())} and state is not None
    assert sources.all_unchanged(location, [feed, page], state) == 4
    older = (*state[:3], "0.0.0")
    assert sources.all_unchanged(location, [feed, page], older) is None
    assert sources.all_unchanged(location, [feed, page], (state[0] + 1, *state[1:])) is None


def test_an_unreadable_record_file_is_no_record(tmp_path: Path) -> None:
    location = tmp_path / "index"
    location.mkdir()
    (location / sources.SOURCES_FILE).write_text("{half", "utf-8")
    assert sources.load(location) == ({}, None)
    (location / sources.SOURCES_FILE).write_text(json.dumps({"version": 99}), "utf-8")
    assert sources.load(location) == ({}, None)


@pytest.mark.parametrize("files", [2, sources.SCANS_BEFORE_GROUPING + 3])
def test_files_are_told_apart_whether_looked_up_one_by_one_or_grouped(
    tmp_path: Path, reads: list[str], files: int
) -> None:
    """A few files are looked up by a pass each, more by one grouping of every path: either
    way each unchanged file is kept, and a changed one alone is read."""
    data, location = tmp_path / "data", tmp_path / "index"
    names = [f"feed{n}.jsonl" for n in range(files)]
    written = [
        write_lines(data, name, [record_line(i, id=f"{name}-{i}") for i in range(1, 3)])
        for name in names
    ]
    _settle(*written)
    assert index_paths([str(data)], location=location).added == 2 * files
    reads.clear()
    again = index_paths([str(data)], location=location)
    assert (again.unchanged, again.added, reads) == (2 * files, 0, [])
    with written[-1].open("a", encoding="utf-8") as handle:
        handle.write(record_line(5, id="late") + "\n")
    _settle(written[-1])
    changed = index_paths([str(data)], location=location)
    assert (changed.added, changed.unchanged, reads) == (1, 2 * files, [names[-1]])
    reads.clear()
    assert index_paths([str(data)], location=location).added == 0 and reads == []


def test_when_the_index_is_as_recorded_a_file_is_kept_by_its_stamp_alone(
    tmp_path: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No path is looked up for an unchanged file when the index is in the state its entry
    was written for; a new file's record with the id of one of its articles is still a
    repeat of that article (skipped), not an update that takes it over."""
    from search.ingest import ledger

    data, _, _ = _folder(tmp_path)
    location = tmp_path / "index"
    index_paths([str(data)], location=location)
    index_paths([str(data)], location=location)
    looked_up: list[str] = []
    held_in = ledger._Paths.held_in

    def counting(self: Any, name: str) -> Any:
        looked_up.append(Path(name).name)
        return held_in(self, name)

    monkeypatch.setattr(ledger._Paths, "held_in", counting)
    write_lines(data, "late.jsonl", [record_line(2, title="Another story with id r2")])
    reads.clear()
    said: list[str] = []
    report = index_paths([str(data)], location=location, progress=said.append)
    assert reads == ["late.jsonl"] and looked_up == ["late.jsonl"]  # recorded at the end
    assert (report.added, report.updated, report.unchanged, report.total) == (0, 0, 4, 4)
    assert any("same id as an earlier article (r2)" in line for line in said)
