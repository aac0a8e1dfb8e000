"""The index's writer lock: one process writes at a time, for the whole run.

The lock is an advisory ``flock`` on ``newsidx.lock`` in the index folder, taken before
anything is read or written and held until the run ends. The kernel releases it when its
process dies (a crash, ``kill -9``), so a lock left behind is taken over safely by the next
run; the file itself only says who holds it (pid, since when), for the refusal's message.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from search.errors import IndexLockedError

LOCK_FILE = "newsidx.lock"
HOLDER_WAITS, HOLDER_WAIT_SECONDS = 25, 0.02  # how long a refusal waits to name the holder


@dataclass(frozen=True)
class Holder:
    """Who holds (or last held) the lock."""

    pid: int
    since: str  # ISO time, UTC

    def alive(self) -> bool:
        """True while the process that took the lock still runs."""
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def holder(location: Path) -> Holder | None:
    """What the lock file says about its holder (None when nobody wrote it)."""
    try:
        data = json.loads((location / LOCK_FILE).read_text("utf-8"))
        return Holder(int(data["pid"]), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


class IndexLock:
    """Held while a run reads, decides and writes: ``with IndexLock(location): ...``."""

    def __init__(self, location: Path) -> None:
        self.location = location
        self._fd: int | None = None

    def acquire(self) -> IndexLock:
        """Take the lock at once or raise IndexLockedError naming its holder."""
        self.location.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.location / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            held = holder(self.location)
            for _ in range(HOLDER_WAITS):  # the holder writes who it is just after locking
                if held is not None:
                    break
                time.sleep(HOLDER_WAIT_SECONDS)
                held = holder(self.location)
            who = f" (pid {held.pid}, since {held.since})" if held is not None else ""
            raise IndexLockedError(
                f"the index at {self.location} is being written by another process{who}; "
                "try again when it has finished"
            ) from None
        since = datetime.now(UTC).isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid(), "since": since}).encode())
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)  # nobody holds it now
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> IndexLock:
        return self.acquire()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def writing(location: Path) -> bool:
    """True while a live process holds the lock (read from the lock file; never takes it, so a
    search cannot make an `index` run starting at the same moment fail)."""
    held = holder(location)
    return held is not None and held.pid != os.getpid() and held.alive()
