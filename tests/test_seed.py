"""The acceptance tests of the seed article: clean, entities, index, search, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import SEED, SEEDS

TITLE = (
    "From Baghdad to Moscow: Sergei Shoigu lays framework for Sudani–Putin meeting amid "
    "regional shifts"
)
PERSONS = {
    "Mohammed Shia al-Sudani",
    "Sergei Shoigu",
    "Qasim Al-Araji",
    "Vladimir Putin",
    "Ivan Bocharov",
}
COUNTRIES = {
    ("IQ", "Iraq"),
    ("RU", "Russia"),
    ("IL", "Israel"),
    ("PS", "Palestine"),
    ("US", "United States"),
}
Run = Callable[..., Result]


def test_clean_keeps_title_and_sixteen_paragraphs(run: Run) -> None:
    result = run("clean", str(SEED), "--format", "jsonl")
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 1
    record = records[0]
    assert record["title"] == TITLE
    paragraphs = record["body"].split("\n\n")
    source_lines = SEED.read_text("utf-8").splitlines()
    assert paragraphs == source_lines[2:18]
    assert len(paragraphs) == 16
    for word in ("Breadcrumb", "English", "French", "Spanish", "German", "Italian"):
        assert word not in paragraphs


def test_entities_of_the_seed(run: Run) -> None:
    result = run("entities", str(SEEDS), "--format", "jsonl")
    assert result.exit_code == 0
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert set(record["persons"]) == PERSONS
    assert {(c["code"], c["name"]) for c in record["countries"]} == COUNTRIES
    assert "Shoigu" in record["mentions"]["Sergei Shoigu"]
    assert {"IQ", "RU"} <= set(record["about"]) <= {c["code"] for c in record["countries"]}


def test_search_ranks_the_seed_with_a_highlighted_snippet(run: Run, seed_index: Path) -> None:
    result = run("--no-color", "search", "security cooperation", index=seed_index)
    assert result.exit_code == 0
    assert TITLE in result.stdout
    assert "[security]" in result.stdout and "[cooperation]" in result.stdout


@pytest.mark.parametrize(
    "option",
    [
        ("--person", "Shoigu"),
        ("--person", "Sergei Shoigu"),
        ("--country", "Iraq"),
        ("--country", "IQ"),
        ("--country", "Iraqi"),
        ("--country", "Baghdad"),
        ("--country", "Israel"),
        ("--about", "Iraq"),
        ("--about", "Russian"),
        ("--about", "Moscow"),
    ],
)
def test_filters_that_keep_the_seed(run: Run, seed_index: Path, option: tuple[str, str]) -> None:
    result = run("search", "security cooperation", *option, "--format", "jsonl", index=seed_index)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == TITLE


@pytest.mark.parametrize(
    "option",
    [("--country", "France"), ("--person", "Joe Biden"), ("--about", "Israel"), ("--about", "US")],
)
def test_filters_that_drop_the_seed(run: Run, seed_index: Path, option: tuple[str, str]) -> None:
    result = run("search", "security cooperation", *option, index=seed_index)
    assert result.exit_code == 1
    assert "No articles match." in result.stdout


def test_facet_counts(run: Run, seed_index: Path) -> None:
    result = run(
        "--no-color",
        "search",
        "Shoigu",
        "--facet",
        "person",
        "--facet",
        "country",
        index=seed_index,
    )
    assert result.exit_code == 0
    assert "person:\n" in result.stdout
    assert "  1  Vladimir Putin\n" in result.stdout
    assert "  1  Iraq (IQ)\n" in result.stdout
    about = run("search", "Shoigu", "--facet", "about", "--format", "json", index=seed_index)
    assert {f["value"] for f in json.loads(about.stdout)["facets"]["about"]} == {"IQ", "RU"}


def test_json_output_is_stable(run: Run, seed_index: Path) -> None:
    result = run("search", "Shoigu", "--facet", "country", "--format", "json", index=seed_index)
    data = json.loads(result.stdout)
    assert data["format_version"] == 1
    assert data["total"] == 1
    hit = data["hits"][0]
    assert set(hit) >= {"rank", "id", "score", "title", "snippets", "persons", "countries"}
    assert {"code": "IQ", "name": "Iraq"} in hit["countries"]
    snippet = hit["snippets"][0]
    start, end = snippet["highlights"][0]
    assert snippet["text"][start:end].lower() == "shoigu"
    assert {"value": "IQ", "label": "Iraq", "count": 1} in data["facets"]["country"]


@pytest.mark.parametrize("where", ["nowhere", "empty-folder"])
def test_search_without_an_index_says_how_to_build_one(
    run: Run, tmp_path: Path, where: str
) -> None:
    (tmp_path / "empty-folder").mkdir()
    result = run("search", "anything", index=tmp_path / where)
    assert result.exit_code == 2
    assert "newsidx index" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("query", ['"U.S.', "al-Assad's", "(Putin", "covid-19", "10:30", ""])
def test_stray_punctuation_never_crashes(run: Run, seed_index: Path, query: str) -> None:
    result = run("search", query, index=seed_index)
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.output


def test_search_imports_neither_spacy_nor_whoosh(seed_index: Path) -> None:
    """Searching an index whose stores are up to date reads them directly: importing Whoosh
    alone would cost more than the search (and spaCy far more)."""
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from search.cli import cli\n"
        f"r = CliRunner().invoke(cli, ['--index', {str(seed_index)!r}, 'search', 'Shoigu',"
        " '--facet', 'person', '--person', 'Putin', '--country', 'Iraqi'])\n"
        "assert r.exit_code == 0, r.output\n"
        "heavy = ('spacy', 'thinc', 'trafilatura', 'whoosh')\n"
        "stemmer = ('whoosh', 'whoosh.lang', 'whoosh.lang.porter')  # one standalone module\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy and m not in stemmer))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
