"""The postings store: incremental rebuilds equal full ones."""

from __future__ import annotations

import json
import random
import zlib
from pathlib import Path

import pytest
from conftest import index_lines, merge_all, stores

from search.indexing import index_paths
from search.querying import SearchOptions, search
from search.store import postings, whoosh_index

WORDS = (
    "oil price prices pricing Vienna OPEC minister ministers said talks U.S. al-Assad's "
    "covid-19 10:30 example.com naïve Zürich 2024 the of and a I x élan"
).split()


def _records(n: int, seed: int, prefix: str = "d") -> list[str]:
    rng = random.Random(seed)
    lines = []
    for i in range(n):
        lines.append(
            json.dumps(
                {
                    "id": f"{prefix}{i}",
                    "title": " ".join(rng.choice(WORDS) for _ in range(4)),
                    "body": " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 60))),
                    "published": f"2024-0{1 + i % 9}-0{1 + i % 9}",
                }
            )
        )
    return lines


def _indexed(tmp_path: Path, n: int, seed: int) -> tuple[Path, Path]:
    """A data folder with one JSON Lines file of ``n`` records, and its index."""
    return index_lines(tmp_path, "\n".join(_records(n, seed)) + "\n")


def _by_id(location: Path) -> dict[str, dict[str, list[tuple[str, int, list[int]]]]]:
    """Every posting of the store on disk, with documents named by id (not number)."""
    ix = whoosh_index.open_index(location)
    store = postings.load(*stores(location))
    assert store is not None
    with ix.searcher() as searcher:
        ids = {n: f["id"] for n, f in searcher.reader().iter_docs()}
    out: dict[str, dict[str, list[tuple[str, int, list[int]]]]] = {}
    for fname, fp in store.fields.items():
        per_term = out.setdefault(fname, {})
        for i, term in enumerate(fp.terms):
            docs, tf = fp.postings(i)
            pos = fp.positions(i).tolist()
            rows, at = [], 0
            for d, f in zip(docs.tolist(), tf.tolist(), strict=True):
                if d in ids:  # deleted documents' postings may stay, masked, until a merge
                    rows.append((ids[d], f, pos[at : at + f]))
                at += f
            if not rows:
                continue
            per_term[term] = sorted(rows)  # type: ignore[assignment]
    return out


def test_incremental_updates_give_the_store_a_full_rebuild_gives(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.jsonl").write_text("\n".join(_records(40, 1)) + "\n")
    (data / "b.jsonl").write_text("\n".join(_records(20, 2, "e")) + "\n")
    incremental = tmp_path / "inc"
    index_paths([str(data)], location=incremental)
    changed = _records(40, 1)
    changed[3] = json.dumps({"id": "d3", "title": "rewritten minister", "body": "new talks"})
    (data / "a.jsonl").write_text("\n".join(changed + _records(5, 9, "f")) + "\n")
    (data / "b.jsonl").unlink()
    report = index_paths([str(data)], location=incremental, prune=True)
    assert (report.updated, report.added, report.deleted) == (1, 5, 20)
    full = tmp_path / "full"
    index_paths([str(data)], location=full)
    assert _by_id(incremental) == _by_id(full)
    assert search(incremental, SearchOptions(query="rewritten")).total == 1
    # the second run appended (replaced and pruned articles' postings stay, masked)
    store = postings.load(*stores(incremental))
    assert store is not None and store.has_dead
    for q in ("minister", '"oil price"', "talks OR rewritten", "pric*", "-said"):
        mine = search(incremental, SearchOptions(query=q, limit=100))
        theirs = search(full, SearchOptions(query=q, limit=100))
        assert mine.total == theirs.total > 0, q
        assert {h.id for h in mine.hits} == {h.id for h in theirs.hits}, q


def test_a_run_committed_in_batches_gives_the_stores_one_commit_gives(tmp_path: Path) -> None:
    from search.store import facets

    data = tmp_path / "data"
    data.mkdir()
    (data / "a.jsonl").write_text("\n".join(_records(45, 3)) + "\n")
    batched, whole = tmp_path / "batched", tmp_path / "whole"
    index_paths([str(data)], location=batched, commit_every=4)  # 12 commits, one final merge
    index_paths([str(data)], location=whole)
    assert _by_id(batched) == _by_id(whole)
    mine, theirs = facets.load_store(*stores(batched)), facets.load_store(*stores(whole))
    assert mine is not None and theirs is not None
    for fname in ("person", "country"):
        assert mine.fields[fname].distinct() == theirs.fields[fname].distinct()


def test_a_missing_store_is_rebuilt_in_memory_with_a_warning(tmp_path: Path) -> None:
    data, location = _indexed(tmp_path, 30, 4)
    before = search(location, SearchOptions(query="minister", limit=30))
    (stores(location)[0] / postings.META_FILE).unlink()
    after = search(location, SearchOptions(query="minister", limit=30))
    assert [h.id for h in after.hits] == [h.id for h in before.hits] and after.total > 0
    assert any("search stores" in w for w in after.warnings)
    index_paths([str(data)], location=location)  # saves it again
    assert postings.load(*stores(location))


def test_a_store_of_an_earlier_analyser_is_analysed_again_from_stored_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from search import analysis

    records = [{"id": "r", "title": "Running", "body": "The minister is cutting taxes."}]
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.jsonl").write_text(json.dumps(records[0]) + "\n")
    location = tmp_path / "index"
    with monkeypatch.context() as patched:  # as an index of the Porter stemmer stored it
        patched.setattr(postings, "VERSION", postings.VERSION - 1)
        patched.setattr(analysis, "_stems", lambda words: [w[:4] for w in words])
        index_paths([str(tmp_path / "data")], location=location)
    assert postings.load(*stores(location)) is None  # another version's store
    found = search(location, SearchOptions(query="cuts"))
    assert [h.id for h in found.hits] == ["r"]  # searched as analysed now
    assert any("out of date" in w for w in found.warnings)
    index_paths([str(tmp_path / "data")], location=location)  # re-analysed and saved
    assert postings.load(*stores(location)) is not None
    again = search(location, SearchOptions(query="cuts"))
    assert [h.id for h in again.hits] == ["r"] and not again.warnings


@pytest.mark.parametrize("damage", ["truncate", "garbage"])
def test_a_damaged_store_is_not_trusted(tmp_path: Path, damage: str) -> None:
    _, location = _indexed(tmp_path, 10, 5)
    folder, generation = stores(location)
    blob = folder / postings.BLOB_FILE
    if damage == "truncate":
        blob.write_bytes(blob.read_bytes()[:-3])
    else:
        (folder / postings.ARRAYS_FILE).write_bytes(b"not numpy")
    assert postings.load(folder, generation) is None
    assert search(location, SearchOptions(query="oil")).total > 0


def test_a_run_that_changes_nothing_rewrites_neither_index_nor_stores(tmp_path: Path) -> None:
    data, location = _indexed(tmp_path, 10, 6)
    generation = whoosh_index.open_index(location).latest_generation()

    def written() -> list[tuple[str, int]]:
        return sorted((str(p), p.stat().st_mtime_ns) for p in location.rglob("*") if p.is_file())

    before = [(name, mtime) for name, mtime in written() if not name.endswith(".lock")]
    report = index_paths([str(data)], location=location)
    assert (report.unchanged, report.added, report.total) == (10, 0, 10)
    assert whoosh_index.open_index(location).latest_generation() == generation
    # no file rewritten, no cancelled segment left (the lock file records its holder)
    assert [(name, mtime) for name, mtime in written() if not name.endswith(".lock")] == before


def test_a_store_damaged_inside_is_rebuilt_at_search_time(tmp_path: Path) -> None:
    _, location = _indexed(tmp_path, 40, 7)
    before = search(location, SearchOptions(query="minister OR prices", limit=50))
    blob = stores(location)[0] / postings.BLOB_FILE
    damaged = bytearray(blob.read_bytes())
    damaged[: len(damaged) // 2] = b"\xff" * (len(damaged) // 2)  # same size: passes load()
    blob.write_bytes(bytes(damaged))
    after = search(location, SearchOptions(query="minister OR prices", limit=50))
    assert [h.id for h in after.hits] == [h.id for h in before.hits]
    assert any("damaged" in w for w in after.warnings)


def test_after_segment_merges_the_store_is_rebuilt_without_the_dead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(whoosh_index, "merge_start", merge_all)  # renumbers
    data, location, full = tmp_path / "data", tmp_path / "index", tmp_path / "full"
    data.mkdir()
    for run in range(4):
        lines = _records(8, 20 + run, prefix=f"r{run}-")
        (data / f"{run}.jsonl").write_text("\n".join(lines) + "\n")
        if run:
            changed = _records(8, 20, prefix="r0-")  # one article changes on every run
            changed[0] = json.dumps({"id": "r0-0", "title": f"run {run}", "body": "oil talks"})
            (data / "0.jsonl").write_text("\n".join(changed) + "\n")
        index_paths([str(data)], location=location, prune=True)
    index_paths([str(data)], location=full)
    assert _by_id(location) == _by_id(full)
    store = postings.load(*stores(location))
    assert store is not None and not store.has_dead  # merged: numbers changed, dead dropped


def test_appending_new_terms_before_between_and_after_the_old_gives_a_full_rebuild(
    tmp_path: Path,
) -> None:
    """The appended store copies runs of unchanged terms: new terms sorting first, between
    old ones and last, in the title and the body, shift every run after them."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.jsonl").write_text("\n".join(_records(30, 4)) + "\n")
    incremental, full = tmp_path / "inc", tmp_path / "full"
    index_paths([str(data)], location=incremental)
    extra = [
        {"id": "n1", "title": "aardvark oil", "body": "aardvark minister zzyzx"},
        {"id": "n2", "title": "zzyzx", "body": "mmmiddle price talks mmmiddle"},
        {"id": "n3", "title": "said", "body": "élan"},  # only old terms
    ]
    (data / "b.jsonl").write_text("".join(json.dumps(r) + "\n" for r in extra))
    index_paths([str(data)], location=incremental)
    store = postings.load(*stores(incremental))
    assert store is not None and store.doc_count_all == 33
    index_paths([str(data)], location=full)
    assert _by_id(incremental) == _by_id(full)
    for q in ("aardvark", "zzyzx", "mmmiddle", "title:zzyzx", "oil", "élan"):
        mine = search(incremental, SearchOptions(query=q, limit=100))
        theirs = search(full, SearchOptions(query=q, limit=100))
        assert {h.id for h in mine.hits} == {h.id for h in theirs.hits}, q
        assert [round(h.score, 6) for h in mine.hits] == [round(h.score, 6) for h in theirs.hits]


def test_postings_appended_run_after_run_read_as_one_build_of_them_all(tmp_path: Path) -> None:
    """A term in most articles gets its new postings compressed after the stored ones, run
    after run; they read as the full build's, and search finds the same."""
    data = tmp_path / "data"
    data.mkdir()
    incremental, full = tmp_path / "inc", tmp_path / "full"
    for run in range(4):
        (data / f"{run}.jsonl").write_text("\n".join(_records(30, run, f"r{run}-")) + "\n")
        index_paths([str(data)], location=incremental)
    index_paths([str(data)], location=full)
    assert _by_id(incremental) == _by_id(full)
    store = postings.load(*stores(incremental))
    assert store is not None
    body = store.fields["body"]
    streams = []
    for i in range(len(body.terms)):
        a, b = int(body.offsets[3 * i + 2]), int(body.offsets[3 * i + 3])
        packed = bytes(body.blob[a:b])
        if len(packed) < int(body.cf[i]) * 4:  # compressed: count its streams
            n, rest = 0, packed
            while rest:
                stream = zlib.decompressobj()
                stream.decompress(rest)
                rest, n = stream.unused_data, n + 1
            streams.append(n)
    assert max(streams) == 4  # the first run's stream and one for each run after it
    for q in ("oil", '"oil price"', "minister -said"):
        mine = search(incremental, SearchOptions(query=q, limit=200))
        theirs = search(full, SearchOptions(query=q, limit=200))
        assert [h.id for h in mine.hits] == [h.id for h in theirs.hits], q


def test_letting_go_of_a_mappings_pages_keeps_what_it_reads(tmp_path: Path) -> None:
    from search.files import RELEASE_AT_LEAST, mapped, read_through

    data = bytes(range(256)) * (3 * RELEASE_AT_LEAST // 256)
    (tmp_path / "blob").write_bytes(data)
    blob = mapped(tmp_path / "blob")
    first = bytes(blob[: 2 * RELEASE_AT_LEAST])
    read_through(blob, 0, 2 * RELEASE_AT_LEAST)  # pages let go are read again from the file
    assert bytes(blob[: 2 * RELEASE_AT_LEAST]) == first == data[: 2 * RELEASE_AT_LEAST]
    read_through(b"not a mapping", 0, 10)  # nothing to let go of
