"""Extraction cache: clean article and entities by content hash, so re-indexing skips NER."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict
from pathlib import Path
from typing import Any

from search.models import Article, Country, Entities

CACHE_FILE = "extraction-cache.sqlite"
CACHE_VERSION = 2  # bump when cleaning or extraction changes what they produce


class ExtractionCache:
    """A small SQLite table next to the index: content hash → (article, entities) as JSON."""

    def __init__(self, directory: Path) -> None:
        self._db = sqlite3.connect(directory / CACHE_FILE)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS extraction (hash TEXT PRIMARY KEY, version INTEGER,"
            " article TEXT, entities TEXT)"
        )

    def get(self, content_hash: str) -> tuple[Article, Entities] | None:
        row = self._db.execute(
            "SELECT article, entities FROM extraction WHERE hash = ? AND version = ?",
            (content_hash, CACHE_VERSION),
        ).fetchone()
        if row is None:
            return None
        article = Article(**json.loads(row[0]))
        return article, entities_from_json(json.loads(row[1]))

    def put(self, article: Article, entities: Entities) -> None:
        fields = asdict(article)
        fields.pop("given_entities")
        self._db.execute(
            "INSERT OR REPLACE INTO extraction VALUES (?, ?, ?, ?)",
            (article.content_hash, CACHE_VERSION, json.dumps(fields), json.dumps(asdict(entities))),
        )

    def commit(self) -> None:
        self._db.commit()

    def close(self) -> None:
        self._db.commit()
        self._db.close()


def entities_from_json(data: dict[str, Any]) -> Entities:
    """Entities from their asdict() JSON form."""
    return Entities(
        persons=tuple(data.get("persons", ())),
        countries=tuple(Country(c["code"], c["name"]) for c in data.get("countries", ())),
        orgs=tuple(data.get("orgs", ())),
        mentions={k: tuple(v) for k, v in data.get("mentions", {}).items()},
        about=tuple(data.get("about", ())),
    )
