"""What the index knows of each input file it read whole: the file's size, modification time
and inode when it was read, and a digest of what the index then held from it. A file whose
three are the same, and from which the index still holds the same, is as indexed: a run does
not read it again (an unchanged 100,000-record file costs no line read and no hash).

Kept in ``sources.json`` in the index folder, written whole at the end of a run. It is never
trusted alone: the digest is checked against the article table each run, so an entry that no
longer describes the index (a rebuild, another file that took over an article's id, a run
killed after some commits) only makes the file be read again. A file is recorded only when
every record read from it is held at its own path, it did not change while read, and it was
last modified ``SETTLED_NS`` or more before it was read (a write in the same clock tick as the
one recorded cannot hide; like git's racily clean files, such a file is read again next run)."""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from search.files import write_whole

SOURCES_FILE = "sources.json"
VERSION = 1
SCANS_BEFORE_GROUPING = 4  # files looked up one pass each before every path is grouped
SETTLED_NS = 2_000_000_000  # a file modified more recently than this is read again next time

Held = tuple[str, str, str]  # (path, article id, content hash) of one path the index holds


class HeldPaths(Protocol):
    """What the index holds (`ledger.Ledger.by_path`)."""

    def held(self) -> Iterable[Held]:
        """Every path, with its article's id and content hash."""
        ...

    def held_in(self, name: str) -> list[Held]:
        """Those of the paths read from the file ``name``."""
        ...


@dataclass(frozen=True)
class Stamp:
    """What the file system says of a file, cheaply: size, modification time, inode."""

    size: int
    mtime_ns: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> Stamp | None:
        try:
            found = path.stat()
        except OSError:
            return None
        return cls(found.st_size, found.st_mtime_ns, found.st_ino)


@dataclass(frozen=True)
class Entry:
    """One file read whole: its stamp then, and the digest and number of the paths the index
    held from it after that run."""

    stamp: Stamp
    digest: str
    count: int


def source_of(path: str) -> str:
    """The file an indexed path was read from (``file#L3``, ``archive.warc#uri`` → the file)."""
    return path.split("#", 1)[0]


def by_source(held: Iterable[Held]) -> dict[str, list[Held]]:
    """The held paths grouped by the file they were read from."""
    grouped: dict[str, list[Held]] = {}
    for item in held:
        path = item[0]
        cut = path.find("#")
        source = path if cut < 0 else path[:cut]  # `source_of`, inline: once per article
        found = grouped.get(source)
        if found is None:
            grouped[source] = [item]
        else:
            found.append(item)
    return grouped


def digest(held: list[Held]) -> tuple[str, int]:
    """A file's held paths as one digest (in any order), and how many there are."""
    text = "\n".join("\t".join(item) for item in sorted(held))
    return hashlib.sha1(text.encode("utf-8", "surrogateescape")).hexdigest(), len(held)


State = tuple[int, int, int, str]  # the index when the entries were written: generation, the
# size and CRC-32 of its article table as the manifest records them, and the versions of the
# formats that wrote it (a new version of newsidx reads every file again, and so rebuilds)


def load(location: Path) -> tuple[dict[str, Entry], State | None]:
    """The entries of the index at ``location``, and the state of the index they were written
    for (none when the file is missing or unreadable: every file is then read)."""
    try:
        data = json.loads((location / SOURCES_FILE).read_text("utf-8"))
        if data.get("version") != VERSION:
            return {}, None
        entries = {
            str(name): Entry(Stamp(int(s[0]), int(s[1]), int(s[2])), str(d), int(n))
            for name, (s, d, n) in data["files"].items()
        }
        state = data.get("state")
        return entries, (
            int(state[0]),
            int(state[1]),
            int(state[2]),
            str(state[3]),
        ) if state else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return {}, None


def save(location: Path, entries: dict[str, Entry], state: State | None) -> None:
    files = {
        name: [[e.stamp.size, e.stamp.mtime_ns, e.stamp.inode], e.digest, e.count]
        for name, e in sorted(entries.items())
    }
    body = json.dumps({"version": VERSION, "state": state, "files": files}, ensure_ascii=False)
    write_whole(location / SOURCES_FILE, body.encode("utf-8", "surrogateescape"))


def all_unchanged(location: Path, files: Iterable[Path], state: State | None) -> int | None:
    """When every one of ``files`` is as indexed and the index is in the ``state`` the entries
    were written for (so that no digest needs checking): how many indexed paths they hold;
    else None. Reads no article: an unchanged run of any size costs a stat per file."""
    entries, recorded = load(location)
    if state is None or recorded != state:
        return None
    count = 0
    for path in files:
        entry = entries.get(str(path.resolve()))
        if entry is None or Stamp.of(path) != entry.stamp:
            return None
        count += entry.count
    return count


class Sources:
    """One run's view of the input files: which are as indexed (`unchanged`), which it read
    whole (`read`, `counted`), and what to record at the end (`save`)."""

    def __init__(
        self,
        location: Path,
        index: HeldPaths,
        on_kept: Callable[[str, list[str] | None, int], None],
        state: State | None,
    ) -> None:
        """``index``: what the index holds before the run, ``state``: the index's state then
        (`State`); ``on_kept`` is given each file found as indexed, its indexed paths (None
        when the index is as the entries were written for: no path was looked up) and how
        many they are."""
        self.location = location
        self.on_kept = on_kept
        self.entries, self._state = load(location)
        self._index = index
        # the entries describe the index as it is: a file's stamp alone says it is as indexed
        self._current = state is not None and state == self._state
        self._groups: dict[str, list[Held]] | None = None
        self._asked: dict[str, list[Held]] = {}  # files looked up by a pass of their own
        self._stamps: dict[str, Stamp | None] = {}  # resolved file → stamp before reading
        self._at: dict[str, int] = {}  # resolved file → when that stamp was taken
        self._whole: set[str] = set()  # files read to the end without a bad line
        self.records: dict[str, list[str]] = {}  # resolved file → paths of documents read

    def _before(self, name: str) -> list[Held]:
        """What the index held from the file ``name`` before the run: for the first few files
        asked, one pass picking that file's paths; after them, every path grouped by file
        once (a run that adds a file to a large index asks for one or two)."""
        if name in self._asked:
            return self._asked[name]
        if self._groups is None and len(self._asked) < SCANS_BEFORE_GROUPING:
            found = self._asked[name] = self._index.held_in(name)
            return found
        if self._groups is None:
            self._groups = by_source(self._index.held())
        return self._groups.get(name, [])

    def unchanged(self, path: Path) -> bool:
        """Whether ``path`` is as indexed: then it is not to be read, and ``on_kept`` is given
        the paths it holds; else its stamp is taken now, before it is read."""
        resolved = str(path.resolve())
        stamp = Stamp.of(path)
        self._stamps[resolved] = stamp
        self._at[resolved] = time.time_ns()
        entry = self.entries.get(resolved)
        if entry is None or stamp is None or stamp != entry.stamp:
            return False
        if self._current:
            self.on_kept(resolved, None, entry.count)
            return True
        held = self._before(resolved)
        if digest(held) != (entry.digest, entry.count):
            return False
        self.on_kept(resolved, [item[0] for item in held], entry.count)
        return True

    def read(self, path: Path, *, whole: bool) -> None:
        """``path`` was read: to the end without a bad line when ``whole``."""
        if whole:
            self._whole.add(str(path.resolve()))

    def counted(self, doc_path: str) -> None:
        """A document was read from the file of ``doc_path``, at that path."""
        self.records.setdefault(source_of(doc_path), []).append(doc_path)

    def save(
        self,
        changed: Mapping[str, tuple[tuple[str, ...], list[Held]]],
        state: State | None,
    ) -> None:
        """Record what the index holds from each file after the run's last commit: files read
        whole in this run, and those of earlier runs that still exist and whose digest still
        holds. ``changed``: each article the run wrote, moved or deleted → (the paths it had
        before, what it holds now); ``state``: the index's now. Only the files those paths are
        in are looked at again: the cost follows the change, not the index."""
        if state == self._state and not self._whole:
            return  # nothing written: every entry still holds
        now_in: dict[str, list[Held]] = by_source(h for _, after in changed.values() for h in after)
        touched = set(self._whole) | set(now_in)
        for was, _ in changed.values():
            touched.update(source_of(p) for p in was)

        def after(name: str) -> list[Held]:
            kept = [h for h in self._before(name) if h[1] not in changed]
            return kept + now_in.get(name, [])

        entries: dict[str, Entry] = {}
        for name, entry in self.entries.items():
            if name in self._whole or not os.path.exists(name):
                continue
            if name not in touched or digest(after(name)) == (entry.digest, entry.count):
                entries[name] = entry
        for name in self._whole:
            before = self._stamps.get(name)
            paths = after(name)
            if (
                state is None
                or before is None
                or not paths
                or {p for p, _, _ in paths} != set(self.records.get(name, ()))
                or Stamp.of(Path(name)) != before
                or self._at[name] - before.mtime_ns < SETTLED_NS
            ):
                continue
            entries[name] = Entry(before, *digest(paths))
        if entries != self.entries or state != self._state:
            save(self.location, entries, state)
