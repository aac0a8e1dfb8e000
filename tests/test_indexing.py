"""Incremental indexing: skip, update, prune, bad files, records with entities."""

from __future__ import annotations

from pathlib import Path

from conftest import record_line as _record
from conftest import write_lines as _write

from search.indexing import index_paths
from search.querying import SearchOptions, search


def test_reindexing_skips_unchanged_and_updates_changed(tmp_path: Path) -> None:
    data, index = tmp_path / "data", tmp_path / "index"
    _write(data, "a.jsonl", [_record(1), _record(2)])
    first = index_paths([str(data)], location=index)
    assert (first.added, first.total) == (2, 2)
    again = index_paths([str(data)], location=index)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    _write(data, "a.jsonl", [_record(1, title="Story 1 rewritten"), _record(2)])
    changed = index_paths([str(data)], location=index)
    assert (changed.added, changed.updated, changed.unchanged, changed.total) == (0, 1, 1, 2)
    titles = {h.title for h in search(index, SearchOptions(query="rewritten")).hits}
    assert titles == {"Story 1 rewritten"}


def test_prune_removes_articles_whose_files_are_gone(tmp_path: Path) -> None:
    data, index = tmp_path / "data", tmp_path / "index"
    keep = _write(
        data, "keep.txt", ["Kept title", "A body sentence that is long enough to be prose."]
    )
    gone = _write(
        data, "gone.txt", ["Gone title", "Another body sentence long enough to be prose."]
    )
    assert index_paths([str(data)], location=index).total == 2
    gone.unlink()
    report = index_paths([str(keep)], location=index, prune=True)
    assert report.deleted == 1 and report.total == 1


def test_bad_files_are_skipped_and_the_index_survives(tmp_path: Path) -> None:
    data, index = tmp_path / "data", tmp_path / "index"
    _write(data, "good.jsonl", [_record(1)])
    (data / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (data / "empty.html").write_text("")
    report = index_paths([str(data)], location=index)
    assert report.total == 1
    assert len(report.skipped) == 2
    assert all(": " in line for line in report.skipped)


def test_given_entities_filters_facets_and_dates(tmp_path: Path) -> None:
    data, index = tmp_path / "data", tmp_path / "index"
    _write(data, "a.jsonl", [_record(i) for i in range(1, 6)])
    index_paths([str(data)], location=index)
    putin = search(index, SearchOptions(query="oil", persons=("Putin",), facets=("person",)))
    assert putin.total == 3
    assert [(c.label, c.count) for c in putin.facets["person"]] == [("Vladimir Putin", 3)]
    for alias in ("American", "USA", "us", "Washington"):
        assert search(index, SearchOptions(query="oil", countries=(alias,))).total == 2
    both = search(index, SearchOptions(facets=("country",), facet_limit=5))
    assert {(c.value, c.count) for c in both.facets["country"]} == {("RU", 3), ("US", 2)}
    months = search(index, SearchOptions(query="oil", facets=("month",)))
    assert [(c.value, c.count) for c in months.facets["month"]] == [
        ("2024-02", 2),
        ("2024-03", 2),
        ("2024-01", 1),
    ]
    feb = search(index, SearchOptions(query="date:2024-02 oil"))
    assert {h.id for h in feb.hits} == {"r1", "r4"}
    newest = search(index, SearchOptions(query="oil", sort="newest", limit=5))
    dates = [h.published for h in newest.hits]
    assert dates == sorted(dates, reverse=True)
    excluded = search(index, SearchOptions(query="oil", not_persons=("Biden",)))
    assert excluded.total == 3


def test_total_counts_every_match_beyond_the_page(tmp_path: Path) -> None:
    data, index = tmp_path / "data", tmp_path / "index"
    lines = [
        _record(i, body=("Officials said so. " * (1 + i % 7) if i % 3 else "Quiet day.") + f" n{i}")
        for i in range(600)
    ]
    _write(data, "a.jsonl", lines)
    index_paths([str(data)], location=index)
    for q in ("said", "said OR officials", "officials said", '"officials said"'):
        results = search(index, SearchOptions(query=q, limit=1))
        assert results.total == 400 and len(results.hits) == 1


def test_an_index_of_another_schema_version_asks_for_a_rebuild(tmp_path: Path) -> None:
    import pytest

    from search.errors import IndexVersionError

    data, index = tmp_path / "data", tmp_path / "index"
    _write(data, "a.jsonl", [_record(1)])
    index_paths([str(data)], location=index)
    (index / "newsidx.json").write_text('{"schema_version": 0}')
    with pytest.raises(IndexVersionError, match="--rebuild"):
        search(index, SearchOptions(query="oil"))
    assert index_paths([str(data)], location=index, rebuild=True).total == 1


def test_records_carry_the_countries_they_are_about(tmp_path: Path) -> None:
    data, index = tmp_path / "data", tmp_path / "index"
    _write(data, "a.jsonl", [_record(1, about=["RU"]), _record(3)])
    index_paths([str(data)], location=index)
    about = search(index, SearchOptions(query="oil", about=("Russia",), facets=("about",)))
    assert [h.id for h in about.hits] == ["r1"]
    assert [(c.value, c.label, c.count) for c in about.facets["about"]] == [("RU", "Russia", 1)]
    assert search(index, SearchOptions(query="oil", countries=("Russia",))).total == 2


def test_prune_removes_records_gone_from_a_json_lines_file(tmp_path: Path) -> None:
    data, index = tmp_path / "data", tmp_path / "index"
    _write(data, "a.jsonl", [_record(1), _record(2), _record(3)])
    assert index_paths([str(data)], location=index).total == 3
    _write(data, "a.jsonl", [_record(1), _record(3)])
    kept = index_paths([str(data)], location=index)  # without --prune nothing is deleted
    assert (kept.deleted, kept.total) == (0, 3)
    pruned = index_paths([str(data)], location=index, prune=True)
    assert (pruned.deleted, pruned.total) == (1, 2)
    assert search(index, SearchOptions(query="")).total == 2


def test_prune_keeps_records_of_a_file_with_unreadable_lines(tmp_path: Path) -> None:
    data, index = tmp_path / "data", tmp_path / "index"
    path = _write(data, "a.jsonl", [_record(1), _record(2)])
    assert index_paths([str(data)], location=index).total == 2
    path.write_text(path.read_text().splitlines()[0] + "\n{not json\n")
    report = index_paths([str(data)], location=index, prune=True)
    assert (report.deleted, report.total) == (0, 2)  # record 2 may be the broken line


def test_whooshs_own_api_finds_an_article_by_id_person_and_country(tmp_path: Path) -> None:
    from whoosh.qparser import QueryParser

    from search.store import whoosh_index

    data, location = tmp_path / "data", tmp_path / "index"
    _write(data, "a.jsonl", [_record(i) for i in range(1, 5)])
    index_paths([str(data)], location=location)
    ix = whoosh_index.open_index(location)  # an index Whoosh opens as its own
    with ix.searcher() as searcher:
        for field, text, expected in (
            ("id", "r3", {"r3"}),
            ("person", '"vladimir putin"', {"r1", "r3"}),
            ("country", "us", {"r2", "r4"}),
            ("org", "opec", {"r1", "r2", "r3", "r4"}),
        ):
            query = QueryParser(field, ix.schema).parse(text)
            assert {hit["id"] for hit in searcher.search(query)} == expected, field
    # and what it finds is what newsidx finds
    found = search(location, SearchOptions(persons=("Vladimir Putin",), limit=10))
    assert {h.id for h in found.hits} == {"r1", "r3"}


def test_a_web_archive_is_indexed_rerun_unchanged_and_pruned(tmp_path: Path) -> None:
    from conftest import write_warc

    from search.querying import SearchOptions, search
    from search.store.opened import close_all

    page = (
        "<html><head><title>{0}</title></head><body><article><h1>{0}</h1><p>{1} The harbour"
        " at Bergen reopened on Monday after a long winter of repairs.</p></article></body></html>"
    )
    archive = tmp_path / "data" / "crawl.warc.gz"
    archive.parent.mkdir()
    pages = [
        ("https://example.org/a", page.format("Harbour reopens", "Boats are back.")),
        ("https://example.org/b", page.format("Quays repaired", "Cranes stand idle.")),
    ]
    write_warc(archive, pages, gz=True)
    location = tmp_path / "index"
    assert index_paths([str(archive.parent)], location=location).added == 2
    try:
        found = search(location, SearchOptions(query="cranes"))
    finally:
        close_all()
    assert [h.id for h in found.hits] == ["https://example.org/b"]
    assert index_paths([str(archive.parent)], location=location).unchanged == 2
    write_warc(archive, pages[:1], gz=True)  # the archive rewritten without page b
    report = index_paths([str(archive.parent)], location=location, prune=True)
    assert (report.unchanged, report.deleted, report.total) == (1, 1, 1)


STORY = (
    "Harbour reopens\n\nThe harbour at Bergen reopened on Monday after a long winter of repairs"
    " to its old quays, and the first fishing boats came back at dawn. The harbour master said"
    " trade would recover by the summer, as the new cranes arrive from the south. {0}\n"
)


# the stories differ by one sentence: near-duplicates, so the searches below ask for every
# version (`test_store_near_duplicates` covers the grouping)
def _stories(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"story{i}.txt").write_text(STORY.format(f"Story number {i}."))


def test_a_copy_of_an_indexed_folder_adds_its_paths_not_articles(tmp_path: Path) -> None:
    from search.querying import SearchOptions, search
    from search.store.opened import close_all

    first, copy, location = tmp_path / "news", tmp_path / "copy", tmp_path / "index"
    _stories(first, 3)
    index_paths([str(first)], location=location)
    _stories(copy, 3)
    report = index_paths([str(first), str(copy)], location=location)
    assert (report.added, report.updated, report.unchanged, report.copies) == (0, 0, 3, 3)
    assert report.total == 3
    try:
        hits = search(location, SearchOptions(query="harbour", limit=10, all_versions=True)).hits
    finally:
        close_all()
    assert {h.path: h.also for h in hits} == {
        str((first / f"story{i}.txt").resolve()): (str((copy / f"story{i}.txt").resolve()),)
        for i in range(3)
    }
    again = index_paths([str(first), str(copy)], location=location)
    assert (again.unchanged, again.copies, again.total) == (6, 0, 3)


def test_a_moved_folder_keeps_its_articles_under_their_new_paths(tmp_path: Path) -> None:
    from search.querying import SearchOptions, search
    from search.store.opened import close_all

    old, new, location = tmp_path / "old", tmp_path / "new", tmp_path / "index"
    _stories(old, 2)
    index_paths([str(old)], location=location)
    old.rename(new)
    report = index_paths([str(new)], location=location, prune=True)
    assert (report.added, report.deleted, report.total, report.copies) == (0, 0, 2, 2)
    try:
        hits = search(location, SearchOptions(query="harbour", all_versions=True)).hits
    finally:
        close_all()
    assert sorted(h.path for h in hits) == [str((new / f"story{i}.txt").resolve()) for i in (0, 1)]
    assert all(h.also == () for h in hits)


def test_the_same_story_in_two_pages_is_one_article_listing_both(tmp_path: Path) -> None:
    text = STORY.split("\n\n")[1].format("")
    page = (
        "<html><head><title>Harbour reopens</title>"
        '<link rel="canonical" href="https://{site}/harbour"></head><body><nav>{site} home</nav>'
        "<article><h1>Harbour reopens</h1><p>" + text + "</p></article>"
        "<footer>(c) {site}</footer></body></html>"
    )
    data, location = tmp_path / "data", tmp_path / "index"
    data.mkdir()
    (data / "a.html").write_text(page.format(site="example.org"))
    (data / "b.html").write_text(page.format(site="mirror.example.net"))
    report = index_paths([str(data)], location=location)
    assert (report.added, report.copies, report.total) == (1, 1, 1)
    from search.catalog import stats

    summary = stats(location)
    assert (summary.with_copies, summary.copies) == (1, 1)


def test_a_copied_json_lines_file_adds_no_article(tmp_path: Path) -> None:
    data, location = tmp_path / "data", tmp_path / "index"
    _write(data, "a.jsonl", [_record(i) for i in range(1, 5)])
    index_paths([str(data)], location=location)
    (data / "copy.jsonl").write_text((data / "a.jsonl").read_text())
    report = index_paths([str(data)], location=location)
    assert (report.added, report.updated, report.copies, report.total) == (0, 0, 4, 4)


def test_a_json_lines_file_written_again_with_other_escapes_changes_nothing(
    tmp_path: Path,
) -> None:
    import json

    data, location = tmp_path / "data", tmp_path / "index"
    records = [
        {"id": f"r{i}", "title": f"Café {i}", "body": f"Prices in Zürich rose on day {i}."}
        for i in range(5)
    ]
    _write(data, "a.jsonl", [json.dumps(r, ensure_ascii=False) for r in records])
    index_paths([str(data)], location=location)
    _write(data, "a.jsonl", [json.dumps(r, ensure_ascii=True, sort_keys=True) for r in records])
    report = index_paths([str(data)], location=location)
    assert (report.added, report.updated, report.unchanged) == (0, 0, 5)
