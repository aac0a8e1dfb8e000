"""Near-duplicate groups: signatures, star groups, the store written at each commit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import WIRE_STORY, WIRE_STORY_CORRECTED, index_records, stores

from search.store import near_duplicates as nd

BASE, EDITED = WIRE_STORY, WIRE_STORY_CORRECTED
OTHER = (
    "Parliament voted late on Thursday to extend the fishing quota talks by a month, after "
    "ministers from four northern countries failed to agree on how the cod stocks should be "
    "shared. Environmental groups said the delay would harm the recovery of the North Sea. "
    "Fishermen's unions welcomed the extra time but warned that prices would keep rising."
)


def test_a_lightly_edited_copy_shares_most_of_its_signature() -> None:
    a, b, c = nd.signature(BASE), nd.signature(EDITED), nd.signature(OTHER)
    assert np.mean(a == b) >= nd.THRESHOLD
    assert np.mean(a == c) < 0.2
    assert (nd.signature(BASE.upper()) == a).all()  # case and spacing aside
    assert (nd.signature("Too short to tell apart.") == nd.EMPTY).all()


def test_groups_are_stars_led_by_the_first_version() -> None:
    sigs = np.stack([nd.signature(t) for t in (OTHER, BASE, EDITED, BASE, "short")])
    lead = nd.leaders(sigs)
    assert lead.tolist() == [0, 1, 1, 1, 4]
    assert nd.summary(lead) == nd.Summary(groups=1, articles=3)
    live = np.array([True, True, False, True, True])
    assert nd.summary(lead, live) == nd.Summary(groups=1, articles=2)


def test_a_chain_of_edits_does_not_join_different_stories() -> None:
    words = [f"w{i}" for i in range(400)]
    versions = [" ".join(words)]
    for step in range(8):  # each version edits four more words of the one before
        for at in range(step * 4, step * 4 + 4):
            words[at * 12] = f"edited{at}"
        versions.append(" ".join(words))
    sigs = np.stack([nd.signature(t) for t in versions])
    assert all(np.mean(sigs[n] == sigs[n + 1]) >= nd.THRESHOLD for n in range(8))
    lead = nd.leaders(sigs)
    for n, head in enumerate(lead.tolist()):  # every member is a near-duplicate of its leader
        assert np.mean(sigs[n] == sigs[head]) >= nd.THRESHOLD
    assert lead[1] == 0 and lead[-1] != 0  # the last is too far from the first to be its copy


def test_the_store_follows_every_commit(tmp_path: Path) -> None:
    records = [
        {"id": "a", "title": "Harbour reopens", "body": BASE},
        {"id": "b", "title": "Fish quota talks", "body": OTHER},
        {"id": "c", "title": "Harbour reopens (updated)", "body": EDITED},
    ]
    location = index_records(tmp_path, records)
    folder, generation = stores(location)
    lead = nd.load_leaders(folder, generation)
    assert lead is not None and nd.summary(lead) == nd.Summary(1, 2)
    more = index_records(tmp_path, [*records, {"id": "d", "title": "Copy", "body": BASE + " Ok."}])
    folder, generation = stores(more)
    lead = nd.load_leaders(folder, generation)
    assert lead is not None and nd.summary(lead) == nd.Summary(1, 3)
    (folder / nd.LEADERS_FILE).write_bytes(b"damaged")
    assert nd.load_leaders(folder, generation) is None  # a search then shows every version


def test_an_appended_commit_keeps_every_row_a_full_build_gives(tmp_path: Path) -> None:
    """After a commit that only appended (one article replaced, one new), the signatures by
    id are those a fresh index computes, and the replaced article's old row is empty."""
    from search.store import articles

    records = [
        {"id": "a", "body": BASE},
        {"id": "b", "body": OTHER},
        {"id": "c", "body": "Too short to group."},
    ]
    location = index_records(tmp_path / "run", records)
    records[1] = {"id": "b", "body": EDITED}
    records.append({"id": "d", "body": OTHER + " Fishermen met again."})
    location = index_records(tmp_path / "run", records)
    fresh = index_records(tmp_path / "fresh", records)

    def by_id(index: Path) -> tuple[dict[str, list[int]], list[int]]:
        folder, generation = stores(index)
        table = articles.load(folder, generation)
        sigs = nd.load_signatures(folder, generation)
        assert table is not None and sigs is not None
        rows = table.rows
        live = {r.id: sigs[n].tolist() for n, r in enumerate(rows) if r is not None}
        dead = [n for n, r in enumerate(rows) if r is None]
        assert all((sigs[n] == nd.EMPTY).all() for n in dead)
        return live, dead

    (mine, dead), (theirs, _) = by_id(location), by_id(fresh)
    assert mine == theirs and dead == [1]  # appended: b's first row kept its number, emptied


def test_leaders_extended_from_earlier_ones_are_those_found_from_scratch() -> None:
    rng = np.random.default_rng(3)
    stories = rng.integers(0, 2**32 - 1, size=(12, nd.NUM_PERM), dtype=np.uint64)
    rows = []
    for _ in range(400):  # versions of a few stories, each a few values off its story
        row = stories[rng.integers(0, len(stories))].copy()
        off = rng.choice(nd.NUM_PERM, size=rng.integers(0, 20), replace=False)
        row[off] = rng.integers(0, 2**32 - 1, size=len(off), dtype=np.uint64)
        rows.append(row)
    sigs = np.array(rows, dtype=np.uint32)
    sigs[rng.choice(len(sigs), size=30, replace=False)] = nd.EMPTY  # short or deleted
    whole = nd.leaders(sigs)
    assert (whole != np.arange(len(whole))).sum() > 100  # many versions did group
    for start in (0, 1, 150, 399, 400):
        assert nd.extended(sigs, nd.leaders(sigs[:start])).tolist() == whole.tolist()


def test_appended_commits_link_the_signatures_and_write_only_the_new_rows(
    tmp_path: Path,
) -> None:
    from search.store import articles

    records = [{"id": "a", "body": BASE}, {"id": "b", "body": OTHER}]
    index_records(tmp_path / "run", records)
    for extra in (
        {"id": "c", "body": EDITED},
        {"id": "a", "body": BASE + " Boats left at dawn."},  # a replaced: its row emptied
        {"id": "d", "body": OTHER + " Fishermen met again."},
    ):
        records.append(extra)
        location = index_records(tmp_path / "run", records)
        folder, generation = stores(location)
        assert (folder / nd.DELTA_FILE).exists()  # the first commit's file, linked
        assert len(np.fromfile(folder / nd.SIGNATURES_FILE, "<u4")) == 2 * nd.NUM_PERM
    fresh = index_records(tmp_path / "fresh", records)

    def by_id(index: Path) -> dict[str, list[int]]:
        folder, generation = stores(index)
        table = articles.load(folder, generation)
        sigs = nd.load_signatures(folder, generation)
        lead = nd.load_leaders(folder, generation)
        assert table is not None and sigs is not None and lead is not None
        assert lead.tolist() == nd.leaders(sigs).tolist()
        assert all((sigs[n] == nd.EMPTY).all() for n, r in enumerate(table.rows) if r is None)
        return {r.id: sigs[n].tolist() for n, r in enumerate(table.rows) if r is not None}

    assert by_id(location) == by_id(fresh)


def test_a_store_lost_is_rebuilt_from_stored_bodies(tmp_path: Path) -> None:
    records = [{"id": "a", "body": BASE}, {"id": "b", "body": EDITED}, {"id": "c", "body": OTHER}]
    location = index_records(tmp_path, records)
    folder, _ = stores(location)
    for name in (nd.META_FILE, nd.SIGNATURES_FILE, nd.LEADERS_FILE):
        (folder / name).unlink()
    index_records(tmp_path, records)  # nothing changed: only the lost store is written again
    folder, generation = stores(location)
    lead = nd.load_leaders(folder, generation)
    assert lead is not None and nd.summary(lead) == nd.Summary(1, 2)


def test_articles_written_again_with_new_paths_keep_their_group(tmp_path: Path) -> None:
    from search.indexing import index_paths

    old, new, location = tmp_path / "old", tmp_path / "new", tmp_path / "index"
    old.mkdir()
    (old / "a.txt").write_text(f"Harbour reopens\n\n{BASE}\n")
    (old / "b.txt").write_text(f"Harbour reopens again\n\n{EDITED}\n")
    index_paths([str(old)], location=location)
    old.rename(new)
    report = index_paths([str(new)], location=location, prune=True)
    assert report.added == 0 and (report.similar_groups, report.similar_articles) == (1, 2)


def test_the_bands_are_those_datasketch_takes_for_the_threshold() -> None:
    datasketch = pytest.importorskip("datasketch")
    lsh = datasketch.MinHashLSH(threshold=nd.THRESHOLD, num_perm=nd.NUM_PERM)
    assert (lsh.b, lsh.r) == nd.bands()


def test_blocks_of_rows_give_what_the_whole_array_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(5)
    sigs = rng.integers(0, 2**32 - 1, size=(50, nd.NUM_PERM), dtype=np.uint64).astype(np.uint32)
    sigs[rng.choice(50, size=9, replace=False)] = nd.EMPTY
    whole_empty, whole_leaders = nd.empty_rows(sigs), nd.leaders(sigs)
    monkeypatch.setattr(nd, "BLOCK_ROWS", 7)
    assert nd.empty_rows(sigs).tolist() == whole_empty.tolist()
    assert nd.leaders(sigs).tolist() == whole_leaders.tolist()
    assert whole_empty.sum() == 9


def test_signatures_are_read_with_room_for_the_rows_a_commit_appends(tmp_path: Path) -> None:
    records = [{"id": "a", "body": BASE}, {"id": "b", "body": OTHER}]
    folder, generation = stores(index_records(tmp_path, records))
    plain = nd.load_signatures(folder, generation)
    roomy = nd.load_signatures(folder, generation, capacity=5)
    assert plain is not None and roomy is not None
    assert roomy.shape == (5, nd.NUM_PERM) and roomy[:2].tolist() == plain.tolist()
    assert (roomy[2:] == nd.EMPTY).all()
    (folder / nd.SIGNATURES_FILE).write_bytes(b"\0" * 12)  # not whole rows: no store
    assert nd.load_signatures(folder, generation) is None
