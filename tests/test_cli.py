"""The command line end to end on a tiny index: formats, facets, show, similar, alias, stats."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from conftest import record_line as _record
from conftest import write_lines as _write

Run = Callable[..., Result]


@pytest.fixture
def small_index(tmp_path: Path, run: Run) -> Path:
    data, index = tmp_path / "data", tmp_path / "index"
    _write(data, "a.jsonl", [_record(i) for i in range(1, 6)])
    assert run("index", str(data), "--quiet", index=index).exit_code == 0
    return index


def test_formats(run: Run, small_index: Path) -> None:
    jsonl = run("search", "oil", "--format", "jsonl", "--limit", "2", index=small_index)
    assert [json.loads(x)["rank"] for x in jsonl.stdout.splitlines()] == [1, 2]
    rows = list(
        csv.reader(io.StringIO(run("search", "oil", "--format", "csv", index=small_index).stdout))
    )
    assert rows[0][:3] == ["rank", "score", "id"] and len(rows) == 6
    page = json.loads(
        run("search", "oil", "--format", "json", "--offset", "4", index=small_index).stdout
    )
    assert page["total"] == 5 and [h["rank"] for h in page["hits"]] == [5]


def test_facets_command_with_prefix_and_zero_hits(run: Run, small_index: Path) -> None:
    result = run("facets", "person", "--format", "json", index=small_index)
    values = json.loads(result.stdout)["values"]
    assert {(v["label"], v["count"]) for v in values} == {("Vladimir Putin", 3), ("Joe Biden", 2)}
    prefixed = run("facets", "person", "--prefix", "put", "--format", "jsonl", index=small_index)
    assert [json.loads(x)["label"] for x in prefixed.stdout.splitlines()] == ["Vladimir Putin"]
    assert run("facets", "person", "nothingmatches", index=small_index).exit_code == 1


def test_filtered_value_stays_listed_at_zero(run: Run, small_index: Path) -> None:
    result = run(
        "search",
        "oil",
        "--person",
        "Putin",
        "--not-person",
        "Putin",
        "--facet",
        "person",
        "--format",
        "json",
        index=small_index,
    )
    assert result.exit_code == 1
    assert json.loads(result.stdout)["facets"]["person"] == [
        {"value": "Vladimir Putin", "label": "Vladimir Putin", "count": 0}
    ]


def test_show_similar_stats(run: Run, small_index: Path) -> None:
    shown = json.loads(run("show", "r3", "--format", "json", index=small_index).stdout)
    assert shown["title"] == "Story 3 about oil" and shown["persons"] == ["Vladimir Putin"]
    assert run("show", "nope", index=small_index).exit_code == 1
    similar = run("similar", "r3", "--format", "jsonl", index=small_index)
    ids = [json.loads(x)["id"] for x in similar.stdout.splitlines()]
    assert ids and "r3" not in ids
    stats = json.loads(run("stats", "--format", "json", index=small_index).stdout)
    assert stats["articles"] == 5 and stats["persons"] == 2
    assert (stats["oldest"], stats["newest"]) == ("2024-01-13", "2024-03-15")


def test_alias_merge_and_drop_take_effect_at_once(run: Run, small_index: Path) -> None:
    assert run("alias", "merge", "Joe Biden", "Vladimir Putin", index=small_index).exit_code == 0
    values = json.loads(run("facets", "person", "--format", "json", index=small_index).stdout)
    assert values["values"] == [{"value": "Vladimir Putin", "label": "Vladimir Putin", "count": 5}]
    assert run("alias", "drop", "Vladimir Putin", index=small_index).exit_code == 0
    assert run("facets", "person", index=small_index).exit_code == 1


def test_usage_errors_exit_2(run: Run, small_index: Path) -> None:
    assert run("search", "oil", "--since", "March", index=small_index).exit_code == 2
    assert run("search", "oil", "--sort", "random", index=small_index).exit_code == 2


def test_unreadable_inputs_exit_3(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00" * 50)
    result = run("index", str(bad), index=tmp_path / "index")
    assert result.exit_code == 3
    assert "binary" in result.stderr


def test_help_lists_every_exit_status(run: Run) -> None:
    from search.errors import ExitStatus

    shown = " ".join(run("--help").stdout.split())
    for status in ExitStatus:
        assert f"{status.value} " in shown
    assert "6 index damaged" in shown
    assert "Skip this many hits" in run("search", "--help").stdout


def test_json_lines_output_carries_its_format_version(run: Run, small_index: Path) -> None:
    from search.output import FORMAT_VERSION

    lines = run("search", "oil", "--format", "jsonl", index=small_index).stdout.splitlines()
    assert lines and all(json.loads(x)["format_version"] == FORMAT_VERSION for x in lines)


def test_global_options_work_after_the_command_too(run: Run, small_index: Path) -> None:
    after = run("search", "oil", "--index", str(small_index), "--no-color", "--format", "json")
    assert after.exit_code == 0 and json.loads(after.stdout)["total"] == 5
    assert "\x1b[" not in run("search", "oil", "--color", "--no-color", index=small_index).stdout


def test_a_query_starting_with_a_dash_is_explained(run: Run, small_index: Path) -> None:
    refused = run("search", "-putin oil", index=small_index)
    assert refused.exit_code == 2 and "goes after '--'" in refused.stderr
    assert run("search", "--", "-putin oil", index=small_index).exit_code == 0


def test_every_filter_has_its_exclusion_and_facets_take_filters(run: Run, tmp_path: Path) -> None:
    data, index = tmp_path / "data", tmp_path / "index"
    lines = [
        _record(1, orgs=["OPEC"], source="wire", about=["RU"]),
        _record(2, orgs=["IEA"], source="desk"),
        _record(3, orgs=["IEA"], source="wire", about=["RU"]),
    ]
    _write(data, "a.jsonl", lines)
    assert run("index", str(data), "-q", index=index).exit_code == 0

    def ids(*args: str) -> set[str]:
        out = run("search", "oil", *args, "--format", "jsonl", index=index).stdout
        return {json.loads(x)["id"] for x in out.splitlines()}

    assert ids("--not-org", "IEA") == {"r1"}
    assert ids("--not-source", "wire") == {"r2"}
    assert ids("--not-about", "Russia") == ids("--not-country", "Russia") == {"r2"}
    counted = run("facets", "org", "oil", "--source", "wire", "--format", "json", index=index)
    values = {v["label"]: v["count"] for v in json.loads(counted.stdout)["values"]}
    assert values == {"OPEC": 1, "IEA": 1}
    counted = run("facets", "org", "--not-org", "OPEC", "--format", "json", index=index)
    assert {v["label"] for v in json.loads(counted.stdout)["values"]} == {"IEA"}


def test_an_acronym_and_its_full_name_are_one_organisation(run: Run, tmp_path: Path) -> None:
    data, index = tmp_path / "data", tmp_path / "index"
    lines = [
        _record(1, orgs=["European Union"]),
        _record(2, orgs=["EU"]),
        _record(3, orgs=["European Union", "Labour Party"]),
        _record(4, orgs=["Labour"]),
        _record(5, orgs=["Labour"]),
    ]
    _write(data, "a.jsonl", lines)
    assert run("index", str(data), "-q", index=index).exit_code == 0
    counted = run("facets", "org", "--format", "json", index=index)
    values = {v["label"]: v["count"] for v in json.loads(counted.stdout)["values"]}
    assert values == {"European Union": 3, "Labour": 3}

    def ids(*args: str) -> set[str]:
        out = run("search", "oil", *args, "--format", "jsonl", index=index).stdout
        return {json.loads(x)["id"] for x in out.splitlines()}

    assert ids("--org", "EU") == ids("--org", "European Union") == {"r1", "r2", "r3"}
    assert ids("--org", "Labour Party") == {"r3", "r4", "r5"}


def test_views_from_the_command_line(run: Run, small_index: Path, tmp_path: Path) -> None:
    # records 1..5: odd ones name Vladimir Putin and Russia, even ones Joe Biden and the US
    co = run("cooccur", "Putin", "--with", "country", "--min-count", "1", "--format", "json",
             index=small_index)  # fmt: skip
    body = json.loads(co.stdout)["cooccurrence"]
    assert co.exit_code == 0 and body["articles"] == 3
    assert [(r["value"], r["together"]) for r in body["rows"]] == [("RU", 3)]
    graph = tmp_path / "g.gexf"
    assert run("cooccur", "Putin", "--graph", str(graph), "--min-count", "1",
               index=small_index).exit_code == 1  # no other person: no row  # fmt: skip
    assert graph.exists()
    rows = list(csv.reader(io.StringIO(
        run("timeline", "oil", "--by", "month", "--format", "csv", index=small_index).stdout
    )))  # fmt: skip
    assert rows == [["period", "oil"], ["2024-01", "1"], ["2024-02", "2"], ["2024-03", "2"]]
    chart = run("timeline", "oil", "--compare", "vienna", index=small_index).stdout
    assert "[2] vienna: 5 articles" in chart and "█" in chart
    shown = run("profile", "Putin", "--format", "json", index=small_index)
    assert json.loads(shown.stdout)["profile"]["articles"] == 3
    assert run("profile", "Nobody Here", index=small_index).exit_code == 1


def test_saved_searches_from_the_command_line(run: Run, small_index: Path) -> None:
    assert (
        run("saved", "add", "putin", "oil", "--person", "Putin", index=small_index).exit_code == 0
    )
    listed = run("saved", "list", index=small_index).stdout
    assert listed.startswith("putin: query='oil' persons=['Putin']")
    assert run("saved", "run", "putin", "--new", index=small_index).exit_code == 0
    assert run("saved", "run", "putin", "--new", index=small_index).exit_code == 1  # none new
    assert run("saved", "run", "putin", index=small_index).exit_code == 0
    assert run("saved", "remove", "putin", index=small_index).exit_code == 0
    assert run("saved", "run", "putin", index=small_index).exit_code == 1


def test_show_lists_every_mention_with_its_context(run: Run, seed_index: Path) -> None:
    from conftest import SEED

    result = run("show", str(SEED), "--mentions", "--format", "json", index=seed_index)
    mentions = json.loads(result.stdout)["mentions"]["mentions"]
    shoigu = [m for m in mentions if m["label"] == "Sergei Shoigu"]
    assert {m["written"] for m in shoigu} == {"Sergei Shoigu", "Shoigu"}
    assert all(f"[{m['written']}]" in m["context"] for m in mentions)
    starts = [m["start"] for m in mentions]
    assert starts == sorted(starts)
    baghdad = next(m for m in mentions if m["written"] == "Baghdad")
    assert (baghdad["kind"], baghdad["label"], baghdad["value"]) == ("country", "Iraq", "IQ")


def test_every_view_speaks_every_format(run: Run, small_index: Path, seed_index: Path) -> None:
    from conftest import SEED

    for fmt in ("text", "json", "jsonl", "csv"):
        for args in (
            ("cooccur", "Putin", "--with", "country", "--min-count", "1"),
            ("timeline", "oil"),
            ("profile", "Putin"),
        ):
            assert run(*args, "--format", fmt, index=small_index).exit_code == 0, (args, fmt)
    rows = list(csv.reader(io.StringIO(run("profile", "Putin", "--format", "csv",
                                           index=small_index).stdout)))  # fmt: skip
    assert rows[0] == ["what", "label", "count"] and ["name", "Vladimir Putin", "3"] in rows
    listed = run("show", str(SEED), "--mentions", "--format", "csv", index=seed_index).stdout
    assert listed.splitlines()[0] == "start,kind,label,value,written,context"
    assert run("show", str(SEED), "--format", "csv", index=seed_index).exit_code == 2


def test_index_reads_records_or_paths_from_standard_input(run: Run, tmp_path: Path) -> None:
    records = "".join(_record(i) + "\n" for i in range(1, 4)).encode()
    location = tmp_path / "index"
    piped = run("index", "-", "--quiet", index=location, stdin=records)
    assert piped.exit_code == 0, piped.stderr
    assert "indexed 3 new" in piped.stderr
    page = tmp_path / "story.txt"
    page.write_text("Harbour reopens\n\nThe harbour at Bergen reopened on Monday after repairs.\n")
    listed = run("index", "-", "--quiet", index=location, stdin=f"{page}\n".encode())
    assert "indexed 1 new" in listed.stderr
    found = run("search", "harbour", "--format", "jsonl", index=location)
    assert [json.loads(line)["path"] for line in found.stdout.splitlines()] == [str(page)]
    pruned = run("index", str(page), "--prune", "--quiet", index=location)
    assert "0 deleted" in pruned.stderr and "4 articles" in pruned.stderr  # stdin's records stay


def test_near_duplicates_show_once_with_all_versions_on_request(run: Run, tmp_path: Path) -> None:
    from conftest import WIRE_STORY, WIRE_STORY_CORRECTED

    data, index = tmp_path / "data", tmp_path / "index"
    records = [
        {"id": "w1", "title": "Harbour reopens", "body": WIRE_STORY},
        {"id": "w2", "title": "Harbour reopens", "body": WIRE_STORY_CORRECTED},
    ]
    _write(data, "wire.jsonl", [json.dumps(r) for r in records])
    indexed = run("index", str(data), "--quiet", index=index)
    assert "(2 of them in 1 group of near-duplicates)" in indexed.stderr
    text = run("search", "harbour", index=index).stdout
    assert text.startswith("1 article match (and 1 near-duplicate of them: --all-versions")
    assert "+1 similar: w2" in text
    every = json.loads(
        run("search", "harbour", "--all-versions", "--format", "json", index=index).stdout
    )
    assert every["total"] == 2 and every["versions"] == 0
    stats = json.loads(run("stats", "--format", "json", index=index).stdout)
    assert (stats["similar_groups"], stats["similar_articles"]) == (1, 2)
