"""The Whoosh adapter's merge after a run: which trailing segments are merged, and that a
merge keeping every number extends the stores (reading no article it did not write) while
one with deleted documents renumbers them and rebuilds."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import record_line, stores, write_lines

from search.indexing import index_paths
from search.querying import SearchOptions, search
from search.store import articles, postings, whoosh_index


@pytest.mark.parametrize(
    ("counts", "deletions", "start"),
    [
        ([5, 1, 1], [False] * 3, None),  # fewer than MAX_SEGMENTS (4 here)
        ([100, 1, 1, 1], [False] * 4, 1),  # the small ones after the large one
        ([100, 50, 1, 1, 1], [False] * 5, 2),  # not the 50 again for three more
        ([1, 1, 1, 1], [False] * 4, 0),  # no run smaller than the one before: all
        ([100, 1, 1, 1], [False, False, True, False], None),  # one free segment only
        ([100, 9, 1, 1, 1], [False, True, False, False, False], 2),  # after the deletions
        ([100, 1, 1, 1, 1, 1, 1, 1], [False] * 6 + [True, False], 1),  # 2x: renumbers
    ],
)
def test_merge_start_takes_trailing_segments_without_deletions(
    monkeypatch: pytest.MonkeyPatch,
    counts: list[int],
    deletions: list[bool],
    start: int | None,
) -> None:
    monkeypatch.setattr(whoosh_index, "MAX_SEGMENTS", 4)
    assert whoosh_index.merge_start(counts, deletions) == start


def _runs(data: Path, location: Path, runs: int, *, change: bool = False) -> None:
    """One new file of two articles a run; ``change``: the first article changes too."""
    for run in range(runs):
        lines = [record_line(i, id=f"r{run}-{i}") for i in range(2)]
        write_lines(data, f"{run}.jsonl", lines)
        if change and run:
            changed = [record_line(0, id="r0-0", title=f"run {run}"), record_line(1, id="r0-1")]
            write_lines(data, "0.jsonl", changed)
        index_paths([str(data)], location=location)


def _results(location: Path) -> list[tuple[str, str]]:
    found = search(location, SearchOptions(query="minister OR prices OR run", limit=100))
    return sorted((h.id, h.title) for h in found.hits)


def test_a_merge_of_trailing_segments_keeps_numbers_and_extends_the_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(whoosh_index, "MAX_SEGMENTS", 3)
    data, location, full = tmp_path / "data", tmp_path / "index", tmp_path / "full"
    _runs(data, location, 2)
    reads: list[int] = []
    scan = whoosh_index.stored_documents

    def counted(ix: object, docnums: object = None) -> object:
        found = list(scan(ix, docnums))  # type: ignore[arg-type]
        reads.append(len(found))
        return iter(found)

    monkeypatch.setattr(whoosh_index, "stored_documents", counted)
    _runs(data, location, 6)  # runs 0-1 unchanged; 2-5 new, merged twice
    monkeypatch.setattr(whoosh_index, "stored_documents", scan)
    ix = whoosh_index.open_index(location)
    assert len(ix._segments()) < 3  # noqa: SLF001
    assert max(reads) <= 2  # the two articles a run wrote, never all of them
    index_paths([str(data)], location=full)
    assert _results(location) == _results(full)
    table = articles.load(*stores(location))
    assert table is not None and len(table.by_id()) == 12


def test_a_merge_over_deleted_documents_renumbers_and_rebuilds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(whoosh_index, "MAX_SEGMENTS", 2)
    data, location, full = tmp_path / "data", tmp_path / "index", tmp_path / "full"
    # a deletion in a trailing segment every run: the fourth run's segment is the fourth
    _runs(data, location, 4, change=True)
    index_paths([str(data)], location=full)
    assert _results(location) == _results(full)
    store = postings.load(*stores(location))
    ix = whoosh_index.open_index(location)
    assert len(ix._segments()) == 1  # noqa: SLF001
    assert store is not None and not store.has_dead  # renumbered: the deleted ones dropped


def test_counts_read_from_the_segments_are_whooshs_own(tmp_path: Path) -> None:
    from conftest import index_records

    records = [{"id": f"r{i}", "body": f"Story {i} about oil."} for i in range(6)]
    location = index_records(tmp_path, records)
    records[0]["body"] = records[1]["body"] = "Changed, so written again."
    index_records(tmp_path, records)  # two replaced: deleted documents in a segment
    ix = whoosh_index.open_index(location)
    with ix.reader() as reader:
        assert whoosh_index.document_count(ix) == reader.doc_count_all() == 8
        assert whoosh_index.live_count(ix) == reader.doc_count() == 6
