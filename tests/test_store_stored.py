"""Reading Whoosh's stored fields directly: the same dicts as Whoosh's reader, or a clear error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import stores

from search.errors import IndexDamagedError
from search.indexing import index_paths
from search.querying import SearchOptions, search
from search.store import postings, stored, whoosh_index
from search.store.opened import close_all


def _write(path: Path, n: int, start: int = 0, word: str = "oil") -> None:
    path.write_text(
        "\n".join(
            json.dumps({"id": f"d{i}", "title": f"title {i}", "body": f"{word} talks number {i}"})
            for i in range(start, start + n)
        )
        + "\n"
    )


def _whoosh_stored(location: Path) -> list[dict[str, object] | None]:
    ix = whoosh_index.open_index(location)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        return [
            None if reader.is_deleted(n) else reader.stored_fields(n)
            for n in range(reader.doc_count_all())
        ]


def test_every_document_of_every_segment_reads_as_whoosh_reads_it(tmp_path: Path) -> None:
    data, location = tmp_path / "data", tmp_path / "index"
    data.mkdir()
    _write(data / "a.jsonl", 30)
    index_paths([str(data)], location=location)
    _write(data / "b.jsonl", 12, start=100)  # a second segment
    index_paths([str(data)], location=location)
    _write(data / "a.jsonl", 30, word="gas")  # updates: deletions in the first segment
    index_paths([str(data)], location=location)
    text = postings.load(*stores(location))
    assert text is not None and text.segments is not None and len(text.segments) >= 2
    reader = stored.StoredFields(location, text.segments)
    expected = _whoosh_stored(location)
    assert reader.doc_count_all == len(expected)
    assert expected.count(None) == 30
    for n, fields in enumerate(expected):
        if fields is not None:
            assert reader(n) == fields
    with pytest.raises(IndexError):
        reader(len(expected))


def test_a_column_with_written_offsets_reads_back(tmp_path: Path) -> None:
    """Whoosh writes an offsets table only for columns of more than 32,768 documents."""
    from whoosh.codec.whoosh3 import STORED_COLUMN
    from whoosh.filedb.structfile import StructFile

    n = 2**15 + 5
    with (tmp_path / "s._stored.col").open("wb") as handle:
        writer = STORED_COLUMN.writer(StructFile(handle))
        for i in range(n):
            if i % 7:  # some documents store nothing
                writer.add(i, {"id": f"d{i}", "n": i})
        writer.finish(n)
    reader = stored.StoredFields(tmp_path, [stored.Segment("s._stored.col", n)])
    assert reader(1) == {"id": "d1", "n": 1}
    assert reader(0) == {} and reader(7) == {}
    assert reader(n - 1) == {"id": f"d{n - 1}", "n": n - 1}


def test_a_damaged_stored_file_is_a_clear_error(tmp_path: Path) -> None:
    data, location = tmp_path / "data", tmp_path / "index"
    data.mkdir()
    _write(data / "a.jsonl", 20)
    index_paths([str(data)], location=location)
    text = postings.load(*stores(location))
    assert text is not None and text.segments
    column = location / text.segments[0].filename
    saved = column.read_bytes()
    for damaged in (b"\x00" * 10, saved[:-1] + b"\xff", saved[:-40]):
        column.write_bytes(damaged)
        with pytest.raises(stored.StoredDamaged):
            stored.StoredFields(location, text.segments)(0)
        try:
            with pytest.raises(IndexDamagedError, match="--rebuild"):
                search(location, SearchOptions(query="oil", limit=3))
        finally:
            close_all()
    column.unlink()
    with pytest.raises(IndexDamagedError):
        search(location, SearchOptions(query="oil", limit=3))
