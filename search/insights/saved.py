"""Searches kept under a name, in the index folder (`saved-searches.json`), to run again:
`run(..., new=True)` lists only the articles written into the index since that search last
ran (each article records the generation of the commit that wrote it; an edited article
counts as new, one a rebuild re-wrote unchanged does not). The file is read and rewritten
under its own lock (not the index's: a saved search runs while an index run writes) and
replaced whole, so concurrent runs never lose or half-write it."""

from __future__ import annotations

import fcntl
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from search import querying
from search.errors import NotFoundError, UsageProblem
from search.files import write_whole
from search.models import SavedSearch, SearchResults
from search.store import whoosh_index
from search.store.opened import open_for_search

SAVED_FILE = "saved-searches.json"
LOCK_FILE = "saved-searches.lock"
VERSION = 1
_DEFAULTS = querying.SearchOptions()


@contextmanager
def _locked(location: Path) -> Iterator[dict[str, Any]]:
    """The saved searches, under the file's lock; written back whole on leaving."""
    whoosh_index.latest_generation(location)  # IndexMissingError when there is no index
    with (location / LOCK_FILE).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        data = _read(location)
        before = json.dumps(data, sort_keys=True)
        yield data
        if json.dumps(data, sort_keys=True) != before:
            write_whole(location / SAVED_FILE, json.dumps(data, indent=2, sort_keys=True).encode())


def _read(location: Path) -> dict[str, Any]:
    path = location / SAVED_FILE
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {"version": VERSION, "searches": {}}
    except (OSError, ValueError) as exc:
        raise UsageProblem(f"{path} cannot be read ({exc}); remove it to start afresh") from exc
    if not isinstance(data, dict) or not isinstance(data.get("searches"), dict):
        raise UsageProblem(f"{path} is not a saved-searches file; remove it to start afresh")
    return data


def _options_record(options: querying.SearchOptions) -> dict[str, Any]:
    """The options that differ from the defaults, as JSON values."""
    record = {}
    for f in fields(options):
        value = getattr(options, f.name)
        if value != getattr(_DEFAULTS, f.name):
            record[f.name] = list(value) if isinstance(value, tuple) else value
    return record


def _options(record: dict[str, Any]) -> querying.SearchOptions:
    known = {f.name: f for f in fields(querying.SearchOptions)}
    values: dict[str, Any] = {}
    for name, value in record.items():
        if name in known:
            values[name] = tuple(value) if isinstance(value, list) else value
    return replace(_DEFAULTS, **values)


def _saved(name: str, entry: dict[str, Any]) -> SavedSearch:
    return SavedSearch(name, dict(entry.get("options") or {}), entry.get("last_run"))


def add(location: Path, name: str, options: querying.SearchOptions) -> SavedSearch:
    """Keep ``options`` (a query and filters) under ``name``."""
    name = name.strip()
    if not name or len(name) > 100 or any(ch in name for ch in "\n\r\t"):
        raise UsageProblem("a saved search's name is 1 to 100 characters on one line")
    querying.evaluate(location, replace(options, limit=0))  # refused now, not at run time
    with _locked(location) as data:
        if name in data["searches"]:
            raise UsageProblem(f"a search named {name!r} is saved already; remove it first")
        data["searches"][name] = {"options": _options_record(options), "generation": None}
        return _saved(name, data["searches"][name])


def list_saved(location: Path) -> tuple[SavedSearch, ...]:
    """Every saved search, by name."""
    with _locked(location) as data:
        return tuple(_saved(n, e) for n, e in sorted(data["searches"].items()))


def remove(location: Path, name: str) -> None:
    with _locked(location) as data:
        if data["searches"].pop(name, None) is None:
            raise NotFoundError(f"no saved search named {name!r}")


def run(
    location: Path, name: str, *, new: bool = False, limit: int | None = None
) -> tuple[SavedSearch, SearchResults]:
    """Run a saved search (only the articles written since it last ran, with ``new``) and
    record that it ran, at the index generation it saw."""
    with _locked(location) as data:
        entry = data["searches"].get(name)
        if entry is None:
            raise NotFoundError(f"no saved search named {name!r}")
        options = _options(entry.get("options") or {})
        if limit is not None:
            options = replace(options, limit=limit)
        seen = entry.get("generation")
        if new and seen is not None:
            options = replace(options, written_after=int(seen))
        results = querying.search(location, options)
        entry["generation"] = open_for_search(location).generation
        entry["last_run"] = time.time()
        return _saved(name, entry), results
