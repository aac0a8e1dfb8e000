"""How the sidecar stores (postings, facets) write and read their files."""

from __future__ import annotations

import mmap
import os
from pathlib import Path
from typing import Any


def write_whole(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file, then rename it over ``path``: a reader sees the old
    file or the new one, never half of one."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_array(path: Path, values: Any) -> None:
    """`write_whole` for a numpy array, written from its own memory (no copy of it as bytes:
    a store of a million rows is hundreds of megabytes)."""
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("wb") as out:
        values.tofile(out)
    os.replace(tmp, path)


def mapped(path: Path) -> Any:
    """The file memory-mapped read-only (b"" when empty): a search touches only the pages it
    needs, the first search after the file left the page cache included."""
    with path.open("rb") as handle:
        if handle.seek(0, 2) == 0:
            return b""
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


RELEASE_AT_LEAST = 1 << 20  # bytes of a mapping read through before its pages are let go


def read_through(mapping: Any, start: int, end: int) -> None:
    """Let go of the pages of a read-only mapping (`mapped`) between ``start`` and ``end``
    that a copy has just read: they stay in the page cache, but no longer count in the
    process's memory — copying a million articles' postings through the previous store's
    mapping otherwise held all 430 MB of it. Nothing for a short range, for bytes, or where
    the system cannot."""
    if end - start < RELEASE_AT_LEAST or not isinstance(mapping, mmap.mmap):
        return
    page = mmap.PAGESIZE
    first = -(-start // page) * page  # whole pages only: the neighbours may still be read
    last = end // page * page
    if last > first and hasattr(mmap, "MADV_DONTNEED"):
        try:
            mapping.madvise(mmap.MADV_DONTNEED, first, last - first)
        except (OSError, ValueError):
            pass


def narrowest(values: Any) -> Any:
    """The integer array in the narrowest little-endian unsigned type its values fit."""
    import numpy as np

    top = int(values.max()) if len(values) else 0
    dtype = next(d for d in ("<u1", "<u2", "<u4", "<u8") if top <= np.iinfo(d[1:]).max)
    return np.ascontiguousarray(values, dtype=dtype)
