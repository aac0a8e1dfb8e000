"""Extraction cache: clean article and entities by content hash, so re-indexing skips NER."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import fields as dataclass_fields
from pathlib import Path
from typing import Any

from search.models import Article, Country, Entities

CACHE_FILE = "extraction-cache.sqlite"
# Bump when cleaning or extraction changes what they produce (23: a table cell's lines kept as
# lines, rules of signs no paragraphs, words of e-mail and web addresses no words of the
# language, a name written with a company's legal form or a club's `F.C.` no person,
# a big city's name inside a longer place's no mention of it, Java supported as a town, titles
# led by other languages' possessives, a given name read as a word leading a name that
# speaks, a batch person a person wherever the rules rejected it; 22:
# given names alone join the full name they start, accented given names the
# list writes plain; batch votes support a bare
# name only as a surname the batch names in full, an organisation's short name or a one-word
# name after an organisation's noun no person, a family name after `al-` or `wa` part of the
# name; 21: captions closed by their
# credit and their alt text, copyright and citation lines, gallery counters, survey prompts
# dropped; ingredients, league tables and calendars kept; wire headlines over a bare dateline
# or after a desk's slug; a suffix's full stop kept, a name cut after Saint or a capitalised
# particle gone on with; `USSR` no country; 20: an article's lead classed
# as a teaser or intro kept, form fields and newsletter boxes dropped, text-dump headlines
# over a byline far above the article; titles and team sides, records and line scores
# against a person, a middle initial or suffix one person, hashtags cut from names; 19: a
# wire credit in brackets kept, wire copy ending at a related-stories heading; 18: loose text beside
# paragraphs wrapped, a story in bulleted sentences kept, table rules and tip taglines
# dropped; 17: wire copy kept whole, rows of placeholders, agency captions and more
# furniture vocabulary dropped; a place after a given name a surname, places seen as teams
# are places where no team plays, a cricket scorecard's players persons, a span split at
# `and`, U.S. Virgin Islands and St./Saint names; 16: an HTML body's first paragraph
# repeating the title less its site's name is dropped, a scorer before his minutes is a
# person; 15: a person span split at a list's separators, lower-case words after a full
# name cut off, a nationality before any name a description, club words and other
# languages' articles against a person; 14: a text dump's article ends before a list of
# other stories' teasers, a heading a blank line over a list heads it, pictures, links and
# blank lines may stand between a list's rows; no city inside a longer place, going on a
# person's name or starting an organisation's; a page too short to tell takes its
# address's language; lists written surname first; country names as scripts without
# spaces, with particles after or letters attached before them write them (`美国`, `한국과`,
# `ومصر`); 13: a word before a player's count is a player (`Tolivert 25 points`), a
# one-word person the model cut from a fuller name is read whole, no title inside a name
# found by its shape (`German Chancellor`), nationality nouns before a name are
# descriptions (`Spaniard Carlos Sainz`); 12: names with letters beyond ASCII, names
# inside longer capitalised runs, bare names supported by relations, addresses, players'
# counts and lists of persons; 11: advertising disclaimers dropped, a short post in the
# main content kept, an HTML article built of sibling prose modules is one block; 10: no
# person in a table column of other things, before a trademark sign, nor named as a
# country in the article's language; 9: names found by their shape in a language read
# without NER stop at its function and calendar words, and none follows a determiner or
# holds a noun ending; districts, names listed without commas; 8: the batch's persons,
# credit lines, tickers, landmarks and regions named after countries, cuisine words; 7:
# clubs and teams in results lists, appositions, describing words cut from names, no time
# zones or countries as organisations, rows wrapped in text dumps, wire headlines; 6:
# bulleted sentences kept, big cities without accents, standalone ambiguous country names,
# transliterated endings and short given names, teams from rankings and roles, titles in
# quotes; 5: text-dump headlines read from the article header, Russian NER, hyphenated
# given names; 4: persons need evidence, places support; 3: the detected language).
CACHE_VERSION = 23


WarnFn = Callable[[str], None]


class ExtractionCache:
    """A small SQLite table next to the index: content hash → (article, entities) as JSON.

    It is only a cache: a damaged file or entry is dropped with a warning and indexing goes
    on (the articles are cleaned and their entities found again)."""

    def __init__(self, directory: Path, *, warn: WarnFn | None = None) -> None:
        self._path = directory / CACHE_FILE
        self._warn: WarnFn = warn or (lambda _msg: None)
        self._db: sqlite3.Connection | None = None
        try:
            self._db = self._connect()
        except sqlite3.DatabaseError as exc:
            self._drop(exc)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self._path)
        try:
            db.execute(
                "CREATE TABLE IF NOT EXISTS extraction (hash TEXT PRIMARY KEY, version INTEGER,"
                " article TEXT, entities TEXT)"
            )
            db.execute("SELECT count(*) FROM extraction WHERE rowid < 0").fetchone()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _drop(self, exc: Exception) -> None:
        """Throw the damaged cache away and start an empty one (or none, if that fails too)."""
        self._warn(f"warning: the extraction cache {self._path} is damaged ({exc}); starting anew")
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
        self._db = None
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{self._path}{suffix}").unlink(missing_ok=True)
        try:
            self._db = self._connect()
        except sqlite3.DatabaseError:
            self._db = None

    def get(self, content_hash: str) -> tuple[Article, Entities] | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute(
                "SELECT article, entities FROM extraction WHERE hash = ? AND version = ?",
                (content_hash, CACHE_VERSION),
            ).fetchone()
        except sqlite3.DatabaseError as exc:
            self._drop(exc)
            return None
        if row is None:
            return None
        try:
            data = json.loads(row[0])
            data["fields"] = tuple((name, tuple(values)) for name, values in data["fields"])
            article = Article(**data)
            return article, entities_from_json(json.loads(row[1]))
        except (ValueError, TypeError, KeyError, AttributeError):
            return None  # an entry this version cannot read: extracted again, then replaced

    def put(self, article: Article, entities: Entities) -> None:
        if self._db is None:
            return
        # shallow, not `asdict`: its deep copy of every value was a tenth of a NER run's own work
        fields = {f.name: getattr(article, f.name) for f in dataclass_fields(article)}
        fields.pop("given_entities")
        row = (
            article.content_hash,
            CACHE_VERSION,
            json.dumps(fields),
            json.dumps(entities_to_json(entities)),
        )
        try:
            self._db.execute("INSERT OR REPLACE INTO extraction VALUES (?, ?, ?, ?)", row)
        except sqlite3.DatabaseError as exc:
            self._drop(exc)

    def commit(self) -> None:
        if self._db is None:
            return
        try:
            self._db.commit()
        except sqlite3.DatabaseError as exc:
            self._drop(exc)

    def close(self) -> None:
        self.commit()
        if self._db is not None:
            self._db.close()
            self._db = None


def entities_to_json(entities: Entities) -> dict[str, Any]:
    """Entities as JSON values (the form `dataclasses.asdict` gives)."""
    return {
        "persons": entities.persons,
        "countries": [{"code": c.code, "name": c.name} for c in entities.countries],
        "orgs": entities.orgs,
        "mentions": entities.mentions,
        "about": entities.about,
    }


def entities_from_json(data: dict[str, Any]) -> Entities:
    """Entities from their asdict() JSON form."""
    return Entities(
        persons=tuple(data.get("persons", ())),
        countries=tuple(Country(c["code"], c["name"]) for c in data.get("countries", ())),
        orgs=tuple(data.get("orgs", ())),
        mentions={k: tuple(v) for k, v in data.get("mentions", {}).items()},
        about=tuple(data.get("about", ())),
    )
