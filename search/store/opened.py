"""The stores a search reads, opened once per process: the generation the manifest names (its
facet store, postings store and Whoosh's stored fields, read without Whoosh), kept open between
searches until the manifest moves on; the slow way through Whoosh, rebuilding in memory, only
when a store is missing, stale or damaged."""

from __future__ import annotations

import atexit
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from search import aliases
from search.store import facets, lock, manifest, near_duplicates, postings, stored, whoosh_index


@dataclass(frozen=True)
class OpenIndex:
    """An index opened for searching, for one generation: its facet store, postings store and
    stored articles. Whoosh is not imported unless a store has to be rebuilt."""

    generation: int
    store: facets.FacetStore
    text: postings.TextStore
    stored: Callable[[int], dict[str, Any]]  # document number -> stored fields
    warnings: tuple[str, ...] = ()
    close: Callable[[], None] = lambda: None
    folder: str = ""  # the store folder the manifest named ("" when rebuilt in memory)
    files: tuple[tuple[str, int, int], ...] = ()  # (name, size, mtime) of its files, at open
    groups: near_duplicates.Groups | None = None  # near-duplicate groups (None: not known)


_OPEN: dict[Path, OpenIndex] = {}
_CHECKED_AT_OPEN = ("postings.json", "postings-arrays.bin", "facets")  # the blob: zlib-checked


def open_for_search(location: Path) -> OpenIndex:
    """The stores of the generation the manifest names (the last one made whole: a search
    during an `index` run reads the previous generation at full speed), kept open between
    searches in one process until the manifest moves on."""
    key = location.resolve()
    generation = whoosh_index.latest_generation(location)
    current = manifest.read(location)
    cached = _OPEN.get(key)
    if cached is not None and (
        cached.folder == current.folder and cached.files == _file_stats(location, current)
        if current is not None
        else not cached.folder and cached.generation == generation
    ):
        return cached
    if cached is not None:
        cached.close()
        del _OPEN[key]
    opened = None
    for _ in range(2):  # the manifest may move on between reading it and opening its files
        if current is None:
            break
        opened = _open_stores(location, current)
        if opened is not None:
            break
        current = manifest.read(location)
    if opened is None:
        opened = _open_with_whoosh(location, None, None)
        if current is not None:  # stands in for the manifest's stores until they change
            opened = replace(opened, folder=current.folder, files=_file_stats(location, current))
    elif generation != opened.generation and not lock.writing(location):
        opened = replace(opened, warnings=(*opened.warnings, _BEHIND))
    if not _OPEN:
        atexit.register(close_all)
    _OPEN[key] = opened
    return opened


def _open_stores(location: Path, current: manifest.Manifest) -> OpenIndex | None:
    """The stores of the manifest's folder, None when one of its files is missing or does not
    hold what the manifest recorded."""
    folder = current.path(location)
    checked = [n for n in current.files if n.startswith(_CHECKED_AT_OPEN)]
    if manifest.damaged(current, location, checked):
        return None
    try:
        store = facets.load_store(folder, current.generation)
        text = postings.load(folder, current.generation)
    except OSError:
        return None
    if store is None or text is None or text.segments is None:
        return None
    reader = stored.StoredFields(location, text.segments)
    files = _file_stats(location, current)
    lead = None  # a damaged group store only means every version is shown
    if not manifest.damaged(
        current, location, (near_duplicates.LEADERS_FILE, near_duplicates.META_FILE)
    ):
        lead = near_duplicates.load_leaders(folder, current.generation)
    return OpenIndex(
        current.generation,
        store,
        text,
        reader,
        folder=current.folder,
        files=files,
        groups=None if lead is None else near_duplicates.Groups.of(lead),
    )


def _file_stats(location: Path, current: manifest.Manifest) -> tuple[tuple[str, int, int], ...]:
    """What tells a store file was replaced or removed since it was opened."""
    out = []
    folder = current.path(location)
    for name in sorted(current.files):
        try:
            info = (folder / name).stat()
        except OSError:
            out.append((name, -1, -1))
        else:
            out.append((name, info.st_size, info.st_mtime_ns))
    return tuple(out)


def _open_with_whoosh(
    location: Path, store: facets.FacetStore | None, text: postings.TextStore | None
) -> OpenIndex:
    """The slow way, when a store is missing, stale or damaged: read the articles through
    Whoosh and rebuild what is missing in memory."""
    from search.store import facet_build, postings_build

    ix = whoosh_index.open_index(location)
    warnings: list[str] = []
    try:
        if store is None:
            user = aliases.load_user_aliases(location)
            store = facet_build.build_store(ix, location, user=user, write=False)
        if text is None:
            text = postings_build.build_from_index(ix)
            warnings.append(_STORE_REBUILT)
        read, close = whoosh_index.open_reader(ix)
    except Exception as exc:  # noqa: BLE001 - whatever a damaged Whoosh file raises
        raise whoosh_index.damage(location, exc) from exc
    return OpenIndex(
        ix.latest_generation(),
        store,
        text,
        read,
        tuple(warnings),
        close,
    )


_STORE_REBUILT = (
    "the index's search stores are missing, out of date or damaged; searching a copy rebuilt "
    "in memory (run `newsidx index` on your folders to save it)"
)
_BEHIND = (
    "the index's last commit is not searchable yet (an `index` run was interrupted before "
    "its stores were written); run `newsidx index` on your folders to finish it"
)


def rebuilt(location: Path, opened: OpenIndex) -> OpenIndex:
    """The open index with its postings store rebuilt in memory (the one on disk is damaged)."""
    opened.close()
    fixed = _open_with_whoosh(location, opened.store, None)
    _OPEN[location.resolve()] = fixed
    return fixed


def close_all() -> None:
    """Close the files kept open between searches."""
    while _OPEN:
        _, opened = _OPEN.popitem()
        opened.close()
