"""The command line end to end on a tiny index: formats, facets, show, similar, alias, stats."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.test_indexing import _record, _write

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
