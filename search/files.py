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


def narrowest(values: Any) -> Any:
    """The integer array in the narrowest little-endian unsigned type its values fit."""
    import numpy as np

    top = int(values.max()) if len(values) else 0
    dtype = next(d for d in ("<u1", "<u2", "<u4", "<u8") if top <= np.iinfo(d[1:]).max)
    return np.ascontiguousarray(values, dtype=dtype)
