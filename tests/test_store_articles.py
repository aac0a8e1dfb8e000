"""The article table: what each index run leaves equals a full read of the stored articles,
and an unchanged run reads no stored article to find what changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import merge_all, record_line, stores, write_lines

from search.indexing import index_paths
from search.store import articles, whoosh_index


def _table_equals_a_full_read(location: Path) -> None:
    folder, generation = stores(location)
    table = articles.load(folder, generation)
    assert table is not None
    ix = whoosh_index.open_index(location)
    full = articles.from_stored(
        ix.latest_generation(), whoosh_index.document_count(ix), whoosh_index.stored_documents(ix)
    )
    assert table == full


def test_every_kind_of_run_leaves_the_table_a_full_read_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, location = tmp_path / "data", tmp_path / "index"
    write_lines(data, "a.jsonl", [record_line(i) for i in range(1, 6)])
    index_paths([str(data)], location=location)
    _table_equals_a_full_read(location)
    write_lines(data, "b.jsonl", [record_line(i, id=f"b{i}") for i in range(3)])  # appended
    index_paths([str(data)], location=location)
    _table_equals_a_full_read(location)
    write_lines(data, "a.jsonl", [record_line(1, title="Changed"), *map(record_line, (2, 3))])
    index_paths([str(data)], location=location, prune=True)  # updated and pruned
    _table_equals_a_full_read(location)
    monkeypatch.setattr(whoosh_index, "merge_start", merge_all)  # renumbers
    write_lines(data, "c.jsonl", [record_line(9, id="c9")])
    index_paths([str(data)], location=location)
    _table_equals_a_full_read(location)
    assert set(articles.load(*stores(location)).by_id()) == {  # type: ignore[union-attr]
        "r1", "r2", "r3", "b0", "b1", "b2", "c9"
    }  # fmt: skip


def test_an_unchanged_run_reads_no_stored_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, location = tmp_path / "data", tmp_path / "index"
    write_lines(data, "a.jsonl", [record_line(i) for i in range(1, 6)])
    index_paths([str(data)], location=location)
    reads: list[object] = []
    scan = whoosh_index.stored_documents

    def counted(ix: object, docnums: object = None) -> object:
        reads.append(docnums)
        return scan(ix, docnums)  # type: ignore[arg-type]

    monkeypatch.setattr(whoosh_index, "stored_documents", counted)
    report = index_paths([str(data)], location=location)
    assert report.unchanged == 5 and reads == []
    write_lines(data, "b.jsonl", [record_line(7, id="b7")])
    index_paths([str(data)], location=location)
    # only the new article (its dates for the postings store, its values for the facets)
    assert reads and all(r == range(5, 6) for r in reads)


@pytest.mark.parametrize("damaged", [articles.TABLE_FILE, articles.DELTA_FILE])
def test_a_missing_or_damaged_table_is_read_again_from_the_articles(
    tmp_path: Path, damaged: str
) -> None:
    data, location = tmp_path / "data", tmp_path / "index"
    write_lines(data, "a.jsonl", [record_line(i) for i in range(1, 4)])
    index_paths([str(data)], location=location)
    write_lines(data, "b.jsonl", [record_line(1, id="b1")])  # appended: a base and its delta
    index_paths([str(data)], location=location)
    folder, generation = stores(location)
    (folder / damaged).write_bytes(b"garbage")
    assert articles.load(folder, generation) is None
    report = index_paths([str(data)], location=location)  # warned, rebuilt, nothing lost
    assert (report.unchanged, report.added) == (4, 0)
    _table_equals_a_full_read(location)
    assert json.loads(json.dumps(articles.load(*stores(location)).by_id()))  # type: ignore[union-attr]


@pytest.mark.parametrize("suffix", ["_stored.col", ".trm"])
def test_an_index_run_finds_a_damaged_whoosh_file_it_does_not_read(
    tmp_path: Path, suffix: str
) -> None:
    from search.errors import IndexDamagedError

    data, location = tmp_path / "data", tmp_path / "index"
    write_lines(data, "a.jsonl", [record_line(i) for i in range(1, 4)])
    index_paths([str(data)], location=location)
    (damaged,) = location.glob(f"*{suffix}")
    damaged.write_bytes(damaged.read_bytes()[: len(damaged.read_bytes()) // 2])  # truncated
    with pytest.raises(IndexDamagedError, match=suffix.replace(".", r"\.")):
        index_paths([str(data)], location=location)  # nothing changed: it would read nothing
    report = index_paths([str(data)], location=location, rebuild=True)
    assert report.total == 3
    assert index_paths([str(data)], location=location).unchanged == 3


def test_an_appended_commit_writes_only_what_changed_until_that_outgrows_the_base(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, location = tmp_path / "data", tmp_path / "index"
    write_lines(data, "a.jsonl", [record_line(i) for i in range(1, 9)])
    index_paths([str(data)], location=location)
    folder, _ = stores(location)
    assert not (folder / articles.DELTA_FILE).exists()
    base = (folder / articles.TABLE_FILE).read_bytes()
    write_lines(data, "b.jsonl", [record_line(1, id="b1")])  # one more: a delta on the base
    index_paths([str(data)], location=location)
    folder, _ = stores(location)
    assert (folder / articles.DELTA_FILE).exists()
    assert (folder / articles.TABLE_FILE).read_bytes() == base  # linked, not written again
    _table_equals_a_full_read(location)
    write_lines(data, "a.jsonl", [record_line(i) for i in range(2, 9)])  # r1 gone: deleted
    index_paths([str(data)], location=location, prune=True)
    folder, _ = stores(location)
    assert (folder / articles.TABLE_FILE).read_bytes() == base
    _table_equals_a_full_read(location)
    monkeypatch.setattr(articles, "MIN_DELTA_ROWS", 0)
    monkeypatch.setattr(articles, "MAX_DELTA_SHARE", 0.2)  # 2 rows after 8: a new base
    write_lines(data, "c.jsonl", [record_line(1, id="c1")])
    index_paths([str(data)], location=location)
    folder, _ = stores(location)
    assert not (folder / articles.DELTA_FILE).exists()
    assert (folder / articles.TABLE_FILE).read_bytes() != base
    _table_equals_a_full_read(location)


def test_the_table_keeps_every_column_through_its_files(tmp_path: Path) -> None:
    rows = [
        articles.Row("a", "h-a", "/news/a.txt", 1, "b-a"),
        None,
        articles.Row("b", "h-b", "/news/b.txt", 2, "b-b", ("/copy/b.txt", "/old/b.txt")),
        articles.Row("r", "h-r", "/feed.jsonl#L2", 2, "b-r", (), "raw-feed"),
    ]
    table = articles.ArticleTable.of(3, rows)
    assert table.rows == tuple(rows) and table.numbers == {"a": 0, "b": 2, "r": 3}
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    articles.write(first, table)
    assert articles.load(first, 3) == table and articles.load(first, 4) is None
    new = [articles.Row("c", "h-c", "/news/c.txt", 4, "b-c"), articles.Row("d", "h-d", "/d", 4)]
    later = table.appended(4, [0], new).appended(4, [4], [])  # "c" deleted after it came
    articles.write(second, later, extends=(first, 3, len(table)))
    assert (second / articles.DELTA_FILE).exists()
    loaded = articles.load(second, 4)
    assert loaded == later
    assert loaded is not None and loaded.rows == (None, None, rows[2], rows[3], None, new[1])


def test_a_delta_written_as_rows_reads_as_one_written_as_columns(tmp_path: Path) -> None:
    import zlib

    rows = [articles.Row("a", "h-a", "/a", 1, "b-a"), articles.Row("b", "h-b", "/b", 1)]
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    table = articles.ArticleTable.of(1, rows)
    articles.write(first, table)
    new = [articles.Row("c", "h-c", "/c", 2, "b-c", ("/copy/c",), "raw-c"), None]
    later = table.appended(2, [0], new)
    articles.write(second, later, extends=(first, 1, len(table)))
    delta = json.loads(zlib.decompress((second / articles.DELTA_FILE).read_bytes()))
    assert set(delta["columns"]) == {
        "ids", "content_hashes", "paths", "added", "body_hashes", "also", "raw_hashes"
    }  # fmt: skip
    as_rows = {k: v for k, v in delta.items() if k != "columns"}
    as_rows["rows"] = [["c", "h-c", "/c", 2, "b-c", ["/copy/c"], "raw-c"], None]
    (second / articles.DELTA_FILE).write_bytes(zlib.compress(json.dumps(as_rows).encode()))
    assert articles.load(second, 2) == later
