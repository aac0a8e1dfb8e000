"""The manifest: which folder of derived stores is whole, and what its files hold.

After each commit `newsidx index` writes the stores for the new Whoosh generation into a
folder of their own (``stores/<generation>-<n>/``), then the manifest, renamed into place:
that rename is the moment searches move to the new generation. Until then they read the
previous folder, which is kept, with the Whoosh segment files it names, until the new one is
whole. The manifest records every store file's size and CRC-32, so a damaged file is found
when it is opened instead of giving wrong counts.
"""

from __future__ import annotations

import json
import os
import shutil
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from search.files import write_whole

MANIFEST_FILE = "manifest.json"
STORES = "stores"
VERSION = 1


@dataclass(frozen=True)
class Manifest:
    """One whole generation of the derived stores."""

    generation: int
    folder: str  # under stores/
    files: dict[str, tuple[int, int]]  # file name in the folder -> (size, CRC-32)
    # Whoosh's files of the generation (segments, table of contents) -> (size, CRC-32), so
    # that an index run, which no longer reads every stored article, still finds them damaged
    whoosh: dict[str, tuple[int, int]] = field(default_factory=dict)
    # every file's modification time when its checksum was taken (stores' and Whoosh's): a
    # file with its size and this time has not been written since, so its checksum holds
    # without reading it (an index run then reads only what changed, not the whole index)
    mtimes: dict[str, int] = field(default_factory=dict)

    def path(self, location: Path) -> Path:
        return location / STORES / self.folder


def checksum(data: bytes | memoryview) -> int:
    return zlib.crc32(data) & 0xFFFFFFFF


def read(location: Path) -> Manifest | None:
    """The manifest, or None when there is none or it cannot be read (a damaged manifest is
    no manifest: the stores are then rebuilt)."""
    try:
        data = json.loads((location / MANIFEST_FILE).read_text("utf-8"))
        if data.get("version") != VERSION:
            return None
        files = {str(k): (int(v[0]), int(v[1])) for k, v in data["files"].items()}
        folder = str(data["folder"])
        if "/" in folder or folder.startswith("."):
            return None
        whoosh = {str(k): (int(v[0]), int(v[1])) for k, v in data.get("whoosh", {}).items()}
        mtimes = {str(k): int(v) for k, v in data.get("mtimes", {}).items()}
        return Manifest(int(data["generation"]), folder, files, whoosh, mtimes)
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None


def new_folder(location: Path, generation: int) -> Path:
    """A new, empty store folder for ``generation``."""
    root = location / STORES
    root.mkdir(parents=True, exist_ok=True)
    n = 0
    while True:
        folder = root / f"{generation}-{n}"
        try:
            folder.mkdir()
            return folder
        except FileExistsError:
            n += 1


def link_files(source: Path, folder: Path, *, prefix: str) -> None:
    """Give ``folder`` the files of ``source`` whose names start with ``prefix``, unchanged
    (hard links: no copy; a copy where links are not possible)."""
    for child in source.iterdir():
        if child.name.startswith(prefix):
            try:
                os.link(child, folder / child.name)
            except OSError:
                shutil.copy2(child, folder / child.name)


def file_checksum(path: Path) -> int:
    """The CRC-32 of a file, read in blocks (Whoosh's stored articles run to gigabytes)."""
    crc = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 22):
            crc = zlib.crc32(block, crc)
    return crc & 0xFFFFFFFF


def _sums(
    paths: Iterable[Path], known: dict[str, tuple[int, int]], mtimes: dict[str, int]
) -> tuple[dict[str, tuple[int, int]], dict[str, int]]:
    """(size, CRC-32) and modification time of each file; the checksum ``known`` for a name
    is kept when the file has its size and the time in ``mtimes`` (a store file linked
    unchanged, one of Whoosh's segments, which are never written twice), else computed."""
    sums, times = {}, {}
    for path in sorted(paths):
        found = path.stat()
        before = known.get(path.name)
        if (
            before is not None
            and before[0] == found.st_size
            and (mtimes.get(path.name) == found.st_mtime_ns)
        ):
            sums[path.name] = before
        else:
            sums[path.name] = (found.st_size, file_checksum(path))
        times[path.name] = found.st_mtime_ns
    return sums, times


def untouched(manifest: Manifest, path: Path, size: int) -> bool:
    """Whether ``path`` has the size and modification time the manifest recorded with its
    checksum (so the checksum holds without reading it)."""
    try:
        found = path.stat()
    except OSError:
        return False
    return found.st_size == size and manifest.mtimes.get(path.name) == found.st_mtime_ns


def switch(
    location: Path,
    generation: int,
    folder: Path,
    whoosh: Iterable[Path] = (),
    previous: Manifest | None = None,
) -> Manifest:
    """Make ``folder`` the stores searches read (one rename), recording each file's checksum
    and those of Whoosh's files of the generation (``whoosh``); checksums of files untouched
    since ``previous`` recorded them are carried over, not computed again."""
    known_files = previous.files if previous is not None else {}
    known_whoosh = previous.whoosh if previous is not None else {}
    mtimes = previous.mtimes if previous is not None else {}
    files, store_times = _sums(folder.iterdir(), known_files, mtimes)
    index_files, index_times = _sums(whoosh, known_whoosh, mtimes)
    times = {**index_times, **store_times}
    body = {
        "version": VERSION,
        "generation": generation,
        "folder": folder.name,
        "files": files,
        "whoosh": index_files,
        "mtimes": times,
    }
    write_whole(location / MANIFEST_FILE, json.dumps(body, sort_keys=True).encode())
    return Manifest(generation, folder.name, files, index_files, times)


def all_untouched(manifest: Manifest, location: Path) -> bool:
    """Whether every file the manifest names (Whoosh's and the stores') is `untouched`: what
    a run that reads nothing checks, at a stat a file."""
    folder = manifest.path(location)
    named = [(location / n, v[0]) for n, v in manifest.whoosh.items()]
    named += [(folder / n, v[0]) for n, v in manifest.files.items()]
    return all(untouched(manifest, path, size) for path, size in named)


def whoosh_damaged(manifest: Manifest, location: Path) -> list[str]:
    """Whoosh's files of the manifest's generation whose size or checksum differ from it
    (read only when written since the manifest recorded them)."""
    bad = []
    for name, (size, crc) in manifest.whoosh.items():
        path = location / name
        if untouched(manifest, path, size):
            continue
        try:
            if path.stat().st_size != size or file_checksum(path) != crc:
                bad.append(name)
        except OSError:
            bad.append(name)
    return bad


def damaged(manifest: Manifest, location: Path, names: Iterable[str]) -> list[str]:
    """The named files of the manifest's folder whose size or checksum differ from it (read
    only when written since the manifest recorded them)."""
    folder = manifest.path(location)
    bad = []
    for name in names:
        expected = manifest.files.get(name)
        path = folder / name
        if expected is not None and untouched(manifest, path, expected[0]):
            continue
        try:
            if expected is None or path.stat().st_size != expected[0]:
                bad.append(name)
            elif checksum(path.read_bytes()) != expected[1]:
                bad.append(name)
        except OSError:
            bad.append(name)
    return bad


def remove_other_folders(location: Path, *, keep: str) -> None:
    """Delete every store folder but ``keep`` (after the manifest moved on)."""
    root = location / STORES
    if not root.is_dir():
        return
    for child in root.iterdir():
        if child.name != keep:
            shutil.rmtree(child, ignore_errors=True)
