"""The extraction cache: results by content hash, dropped (never fatal) when damaged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from search.ingest import cache as cache_module
from search.ingest.cache import CACHE_FILE, ExtractionCache
from search.models import Article, Country, Entities

ARTICLE = Article(
    "id1",
    "/a.txt",
    "Harbour",
    "The harbour reopened.",
    "hash1",
    language="en",
    fields=(("tags", ("ports", "norway")),),
)
ENTITIES = Entities(
    persons=("Kari Olsen",),
    countries=(Country("NO", "Norway"),),
    orgs=("Port Authority",),
    mentions={"Kari Olsen": ("Olsen",)},
    about=("NO",),
)


def test_a_result_put_and_committed_is_read_back_by_a_later_run(tmp_path: Path) -> None:
    first = ExtractionCache(tmp_path)
    first.put(ARTICLE, ENTITIES)
    first.close()
    got = ExtractionCache(tmp_path).get("hash1")
    assert got is not None
    article, entities = got
    assert article == ARTICLE and entities == ENTITIES
    assert entities.mentions == ENTITIES.mentions  # not compared by ==
    assert ExtractionCache(tmp_path).get("other") is None


def test_results_of_another_cache_version_are_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = ExtractionCache(tmp_path)
    old.put(ARTICLE, ENTITIES)
    old.close()
    monkeypatch.setattr(cache_module, "CACHE_VERSION", cache_module.CACHE_VERSION + 1)
    assert ExtractionCache(tmp_path).get("hash1") is None


def test_a_damaged_file_is_dropped_with_a_warning_and_the_cache_works_again(
    tmp_path: Path,
) -> None:
    (tmp_path / CACHE_FILE).write_bytes(b"this is not an SQLite database" * 100)
    warnings: list[str] = []
    fresh = ExtractionCache(tmp_path, warn=warnings.append)
    assert len(warnings) == 1 and "is damaged" in warnings[0]
    fresh.put(ARTICLE, ENTITIES)
    fresh.close()
    assert ExtractionCache(tmp_path).get("hash1") is not None


def test_an_entry_this_version_cannot_read_is_a_miss(tmp_path: Path) -> None:
    ExtractionCache(tmp_path).close()
    with sqlite3.connect(tmp_path / CACHE_FILE) as db:
        db.execute(
            "INSERT INTO extraction VALUES (?, ?, ?, ?)",
            ("hash1", cache_module.CACHE_VERSION, '{"no": "article"}', "[]"),
        )
    assert ExtractionCache(tmp_path).get("hash1") is None
