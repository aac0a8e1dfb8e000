"""Index runs never lose, duplicate or corrupt the index: the lock, rebuilds beside the old
index, damaged caches and store files, damaged Whoosh files, searches during a run."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from conftest import index_lines, stores

from search import indexing
from search.errors import IndexDamagedError, IndexLockedError
from search.indexing import index_paths
from search.ingest import pipeline
from search.querying import SearchOptions, search
from search.store import lock, manifest, postings_build, whoosh_index
from search.store.opened import close_all


def _records(n: int, start: int = 0) -> str:
    lines = [
        json.dumps(
            {
                "id": f"r{i}",
                "title": f"Story {i} on oil",
                "body": f"Oil prices moved on day {i}. Traders in Vienna watched OPEC.",
                "persons": ["Vladimir Putin"] if i % 2 else ["Joe Biden", "Kamala Harris"],
                "countries": ["RU"] if i % 2 else ["US"],
            }
        )
        for i in range(start, start + n)
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture
def indexed(tmp_path: Path) -> tuple[Path, Path]:
    """A folder of 12 records and its index."""
    return index_lines(tmp_path, _records(12))


def _answer(location: Path) -> tuple[int, list[str], Any]:
    try:
        found = search(location, SearchOptions(query="oil", limit=50, facets=("person",)))
    finally:
        close_all()
    return found.total, sorted(h.id for h in found.hits), found.facets


def test_a_second_run_during_a_run_is_refused_naming_the_holder(
    indexed: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    data, location = indexed
    (data / "b.jsonl").write_text(_records(6, start=100))
    refusals: list[str] = []
    tried: list[bool] = []
    detect = pipeline.with_language

    def second_run_meanwhile(*args: Any, **kwargs: Any) -> Any:
        # the first run is cleaning its first new article; a second run starts now
        if not tried:
            tried.append(True)
            try:
                index_paths([str(data)], location=location)
            except IndexLockedError as exc:
                refusals.append(str(exc))
        return detect(*args, **kwargs)

    monkeypatch.setattr(pipeline, "with_language", second_run_meanwhile)
    report = index_paths([str(data)], location=location)
    assert len(refusals) == 1 and f"pid {os.getpid()}" in refusals[0]
    assert (report.added, report.total) == (6, 18)
    total, ids, _ = _answer(location)
    assert total == 18 and len(ids) == len(set(ids)) == 18  # nothing indexed twice


def test_a_lock_left_by_a_dead_process_is_taken_over(indexed: tuple[Path, Path]) -> None:
    data, location = indexed
    (location / lock.LOCK_FILE).write_text(json.dumps({"pid": 2**22 + 1, "since": "then"}))
    assert index_paths([str(data)], location=location).unchanged == 12


def test_a_refused_rebuild_leaves_the_index_as_it_was(indexed: tuple[Path, Path]) -> None:
    data, location = indexed
    before = _answer(location)
    with lock.IndexLock(location), pytest.raises(IndexLockedError):
        index_paths([str(data)], location=location, rebuild=True)
    assert _answer(location) == before
    again = index_paths([str(data)], location=location)
    assert (again.unchanged, again.added, again.deleted, again.total) == (12, 0, 0, 12)


def test_an_interrupted_rebuild_leaves_the_old_index(
    indexed: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    data, location = indexed
    before = _answer(location)
    prepare = pipeline.prepare

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        for n, item in enumerate(prepare(*args, **kwargs)):
            if n == 5:
                raise KeyboardInterrupt
            yield item

    monkeypatch.setattr(pipeline, "prepare", interrupted)
    with pytest.raises(KeyboardInterrupt):
        index_paths([str(data)], location=location, rebuild=True)
    assert _answer(location) == before
    assert not (location / indexing.STAGING).exists()
    monkeypatch.undo()
    assert index_paths([str(data)], location=location).unchanged == 12


def test_a_rebuild_swaps_in_a_whole_new_index(indexed: tuple[Path, Path]) -> None:
    data, location = indexed
    before = _answer(location)
    generation = whoosh_index.latest_generation(location)
    report = index_paths([str(data)], location=location, rebuild=True)
    assert (report.added, report.total) == (12, 12)
    assert whoosh_index.latest_generation(location) > generation
    assert _answer(location) == before
    assert not (location / indexing.STAGING).exists()
    assert len(list((location / manifest.STORES).iterdir())) == 1
    assert len(list(location.glob("_MAIN_*.toc"))) == 1


def test_a_damaged_extraction_cache_is_dropped_and_the_run_goes_on(
    indexed: tuple[Path, Path],
) -> None:
    data, location = indexed
    before = _answer(location)
    (location / "extraction-cache.sqlite").write_bytes(b"this is not a database" * 100)
    said: list[str] = []
    report = index_paths([str(data)], location=location, rebuild=True, progress=said.append)
    assert report.total == 12 and _answer(location) == before
    assert any("extraction cache" in line and "damaged" in line for line in said)


def _flip(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "name, damage",
    [
        ("facets-person.bin", "flip"),  # same size: counts would silently change
        ("facets-person.json", "delete"),
        ("facets-person.json", "truncate"),
        ("facets.json", "flip"),
        ("postings-arrays.bin", "flip"),  # the term table: a UnicodeDecodeError before
        ("postings.json", "delete"),
    ],
)
def test_a_damaged_store_file_is_never_trusted_and_the_next_run_repairs_it(
    indexed: tuple[Path, Path], name: str, damage: str
) -> None:
    data, location = indexed
    before = _answer(location)
    folder, _ = stores(location)
    path = folder / name
    if damage == "delete":
        path.unlink()
    elif damage == "truncate":
        path.write_bytes(path.read_bytes()[:-2])
    else:
        _flip(path, len(path.read_bytes()) // 2)
    assert _answer(location) == before  # rebuilt in memory, never wrong
    said: list[str] = []
    report = index_paths([str(data)], location=location, progress=said.append)
    assert report.unchanged == 12
    assert any(name in line and "damaged" in line for line in said)
    current = manifest.read(location)
    assert current is not None
    assert manifest.damaged(current, location, current.files) == []
    try:
        found = search(location, SearchOptions(query="oil"))
    finally:
        close_all()
    assert found.warnings == ()


def test_searches_during_a_run_read_the_last_whole_generation(
    indexed: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from search.store import opened

    data, location = indexed
    before = _answer(location)
    (data / "b.jsonl").write_text(_records(6, start=100))
    switch = manifest.switch
    during: list[Any] = []

    def search_first(*args: Any, **kwargs: Any) -> Any:
        # Whoosh has committed and the new stores are written, not yet switched to
        during.append(_answer(location))
        return switch(*args, **kwargs)

    def no_rebuild(*_a: Any, **_k: Any) -> Any:
        raise AssertionError("a search rebuilt the stores")

    monkeypatch.setattr(manifest, "switch", search_first)
    monkeypatch.setattr(opened, "_open_with_whoosh", no_rebuild)
    index_paths([str(data)], location=location)
    assert during == [before]
    assert _answer(location)[0] == 18


def test_a_run_killed_between_commit_and_stores_leaves_a_searchable_index(
    indexed: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    data, location = indexed
    before = _answer(location)
    (data / "b.jsonl").write_text(_records(6, start=100))

    def killed(*_a: Any, **_k: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(postings_build, "refresh", killed)
    with pytest.raises(KeyboardInterrupt):
        index_paths([str(data)], location=location)
    monkeypatch.undo()
    assert _answer(location) == before  # the previous generation, whole
    try:
        behind = search(location, SearchOptions(query="oil"))
    finally:
        close_all()
    assert any("not searchable yet" in w for w in behind.warnings)
    report = index_paths([str(data)], location=location)
    assert report.unchanged == 18
    assert _answer(location)[0] == 18


def test_an_interrupted_run_keeps_the_batches_it_committed_and_the_rerun_finishes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from search.store.batch import Batch

    data = tmp_path / "data"
    data.mkdir()
    (data / "a.jsonl").write_text(_records(23))
    location = tmp_path / "index"
    add = Batch.add
    written: list[str] = []

    def interrupted(self: Any, article: Any, *args: Any, **kwargs: Any) -> None:
        if len(written) == 17:  # Ctrl-C while the fourth batch of five is being written
            raise KeyboardInterrupt
        written.append(article.id)
        add(self, article, *args, **kwargs)

    monkeypatch.setattr(Batch, "add", interrupted)
    with pytest.raises(KeyboardInterrupt):
        index_paths([str(data)], location=location, commit_every=5)
    monkeypatch.undo()
    total, ids, _ = _answer(location)
    assert total == 15 and ids == sorted(f"r{i}" for i in range(15))  # three whole batches
    assert len(list((location / "stores").iterdir())) == 1  # each batch's stores replaced
    report = index_paths([str(data)], location=location, commit_every=5)
    assert (report.unchanged, report.added, report.total) == (15, 8, 23)
    clean = index_lines(tmp_path / "clean", _records(23))[1]
    assert _answer(location) == _answer(clean)


def _cli(run: Callable[..., Result], location: Path, *args: str) -> Result:
    return run(*args, index=location)


def test_a_damaged_table_of_contents_is_exit_6_naming_it(
    indexed: tuple[Path, Path], run: Callable[..., Result]
) -> None:
    data, location = indexed
    toc = next(location.glob("_MAIN_*.toc"))
    toc.write_bytes(b"garbage" * 20)
    for args in (("show", "r1"), ("index", str(data))):
        result = _cli(run, location, *args)
        assert result.exit_code == 6, (args, result.output)
        assert toc.name in result.stderr and "--rebuild" in result.stderr
    rebuilt = _cli(run, location, "index", "--rebuild", "--quiet", str(data))
    assert rebuilt.exit_code == 0, rebuilt.output
    assert _answer(location)[0] == 12


def test_a_damaged_stored_fields_file_is_exit_6_naming_it(
    indexed: tuple[Path, Path], run: Callable[..., Result]
) -> None:
    _, location = indexed
    column = next(location.glob("*_stored.col"))
    column.write_bytes(b"\x00" * column.stat().st_size)
    result = _cli(run, location, "show", "r3")
    assert result.exit_code == 6, result.output
    assert column.name in result.stderr


def test_a_damaged_schema_file_says_damaged(indexed: tuple[Path, Path]) -> None:
    _, location = indexed
    (location / whoosh_index.META_FILE).write_text("{not json")
    with pytest.raises(IndexDamagedError, match="newsidx.json is damaged"):
        search(location, SearchOptions(query="oil"))


def test_bad_inputs_are_skipped_with_a_reason_and_never_stop_the_run(tmp_path: Path) -> None:
    data, location = tmp_path / "data", tmp_path / "index"
    data.mkdir()
    for n in range(5):
        (data / f"good{n}.jsonl").write_text(_records(2, start=10 * n))
    (data / "types.jsonl").write_text(
        json.dumps({"id": "t", "body": "Oil.", "persons": 5})
        + "\n"
        + json.dumps({"id": "u", "body": "Oil.", "countries": {"code": "FR"}})
        + "\n"
    )
    (data / "nested.jsonl").write_text("[" * 100_000 + "\n")
    (data / os.fsdecode(b"bad\xffname.txt")).write_text("Title\nA body long enough to be prose.\n")
    os.mkfifo(data / "pipe.txt")
    said: list[str] = []
    report = index_paths([str(data)], location=location, progress=said.append)
    assert report.total == 11  # the ten good records and "u"
    assert any("'persons' must be a string" in line for line in said)
    assert any("nested too deeply" in line for line in said)
    assert any("not valid UTF-8" in line for line in said)
    assert any("not a regular file" in line for line in said)


def test_a_damaged_schema_version_is_told_from_another_version(indexed: tuple[Path, Path]) -> None:
    _, location = indexed
    path = location / whoosh_index.META_FILE
    meta = json.loads(path.read_text())
    path.write_text(json.dumps({**meta, "schema_version": meta["schema_version"] + 1}))
    with pytest.raises(IndexDamagedError, match="checksum"):
        search(location, SearchOptions(query="oil"))
