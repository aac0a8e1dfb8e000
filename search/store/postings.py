"""Full-text postings of titles and bodies: a compact sidecar the search engine reads with numpy
(this module: the file format and reading it; `postings_build` writes it).

Whoosh decodes postings in pure Python: 250 ms for a query matching 80,000 of 100,000 articles,
and its posting files take 19 bytes per posting. This store keeps, for each term of each text
field, the document numbers (delta coded), term frequencies and positions as zlib-compressed
numpy arrays in one memory-mapped file. It is rebuilt after each index commit from the previous
store (articles left unchanged) and the articles analysed in that run, so no unchanged article
is analysed twice; an index whose store is missing or stale is analysed again from its stored
text.
"""

from __future__ import annotations

import bisect
import json
import os
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from search import schema
from search.errors import DamagedStore
from search.files import mapped, narrowest, write_whole
from search.store.stored import Segment

VERSION = 6  # 2: the meta file lists the generation's segments (stored.py); 3: raw arrays;
# 4: terms and positions of analysis.VERSION 2 (Snowball stems, folded, honest positions);
# 5: the generation that wrote each article (`added`); 6: a segment may be several zlib
# streams one after another (what an appending commit added to a term, `unpack`)
META_FILE = "postings.json"
ARRAYS_FILE = "postings-arrays.bin"
BLOB_FILE = "postings.bin"
FIELDS = schema.TEXT_FIELDS

Ints = npt.NDArray[np.int64]


class Terms(Sequence[str]):
    """A sorted term list kept as UTF-8 bytes and offsets: opening a store decodes nothing,
    and a lookup (`bisect`) decodes the ~17 terms it compares. ``raw``: bytes, or a uint8
    array over the mapped file."""

    def __init__(self, raw: Any, offsets: Any) -> None:
        self.raw, self.offsets = raw, offsets

    @staticmethod
    def of(terms: Sequence[str]) -> Terms:
        if isinstance(terms, Terms):
            return terms
        encoded = [t.encode("utf-8") for t in terms]
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(e) for e in encoded], out=offsets[1:])
        return Terms(b"".join(encoded), offsets)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return bytes(self.raw[int(self.offsets[i]) : int(self.offsets[i + 1])]).decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        bounds = self.offsets.tolist()
        raw = bytes(self.raw)
        return (raw[a:b].decode("utf-8") for a, b in zip(bounds, bounds[1:], strict=False))


def unpack(packed: Any, count: int) -> bytes:
    """The ``count`` 32-bit values of one segment: stored as they are when the segment has
    their size, else one zlib stream or several one after another (a commit that appends
    postings to a term compresses only what it adds, `postings_build`)."""
    raw = bytes(packed)
    if len(raw) >= count * 4:
        return raw
    parts, rest = [], raw
    while rest:
        stream = zlib.decompressobj()
        parts.append(stream.decompress(rest))
        if not stream.eof:
            raise zlib.error("a compressed stream ends early")
        rest = stream.unused_data
    return b"".join(parts)


@dataclass(frozen=True)
class FieldPostings:
    """One text field: its sorted terms and where each term's postings are in the blob."""

    terms: Sequence[str]
    df: Ints
    cf: Ints  # occurrences: the number of positions
    offsets: Ints  # 3 segments per term (docs, tf, positions) + end: 3 * len(terms) + 1
    lengths: Ints  # terms per document, by document number
    avglen: float
    blob: Any  # bytes or an mmap over BLOB_FILE

    def find(self, term: str) -> int | None:
        i = bisect.bisect_left(self.terms, term)
        return i if i < len(self.terms) and self.terms[i] == term else None

    def range_of(self, low: str, high: str | None) -> range:
        """Ids of the terms t with low <= t < high (high None: every term from low on)."""
        start = bisect.bisect_left(self.terms, low)
        end = len(self.terms) if high is None else bisect.bisect_left(self.terms, high)
        return range(start, max(start, end))

    def _segment(self, i: int, k: int, dtype: Any, count: int) -> Any:
        a, b = int(self.offsets[3 * i + k]), int(self.offsets[3 * i + k + 1])
        try:
            raw = unpack(self.blob[a:b], count)
        except zlib.error as exc:
            raise DamagedStore(f"postings of {self.terms[i]!r}: {exc}") from exc
        if len(raw) != count * 4:
            raise DamagedStore(f"postings of {self.terms[i]!r}: {len(raw)} bytes")
        return np.frombuffer(raw, dtype=dtype)

    def postings(self, i: int) -> tuple[Ints, Ints]:
        """Document numbers (ascending) and term frequencies of term ``i``."""
        n = int(self.df[i])
        docs = np.cumsum(self._segment(i, 0, np.uint32, n), dtype=np.int64)
        tf = self._segment(i, 1, np.uint32, n).astype(np.int64)
        if n and (docs[-1] >= len(self.lengths) or tf.sum() != self.cf[i] or tf.min() < 1):
            raise DamagedStore(f"postings of {self.terms[i]!r} do not fit the index")
        return docs, tf

    def positions(self, i: int) -> Ints:
        """Positions of term ``i``, document by document in the order of ``postings``."""
        positions: Ints = self._segment(i, 2, np.uint32, int(self.cf[i])).astype(np.int64)
        return positions


@dataclass(frozen=True)
class TextStore:
    """The postings of every text field and the per-document table, for one index generation."""

    generation: int
    doc_count_all: int
    fields: dict[str, FieldPostings]
    live: npt.NDArray[np.bool_]
    published: Ints  # date ordinals, schema.NO_DATE when unknown
    segments: tuple[Segment, ...] | None  # Whoosh's, in document order (None: unknown)
    added: Ints  # the generation that wrote each article (0: before it was recorded)

    @cached_property
    def live_docs(self) -> Ints:
        return np.flatnonzero(self.live).astype(np.int64)

    @cached_property
    def live_count(self) -> int:
        return int(self.live.sum())

    @cached_property
    def has_dead(self) -> bool:
        """Whether some document numbers are deleted (their postings may still be stored)."""
        return self.live_count < self.doc_count_all

    def postings(self, fname: str, i: int) -> tuple[Ints, Ints]:
        """Live documents and term frequencies of term ``i`` of field ``fname``."""
        docs, tf = self.fields[fname].postings(i)
        if self.has_dead and len(docs):
            keep = self.live[docs]
            return docs[keep], tf[keep]
        return docs, tf


def assemble(
    generation: int,
    fields: dict[str, FieldPostings],
    live: Any,
    published: Ints,
    blob: Any,
    segments: tuple[Segment, ...] | None,
    added: Ints,
) -> tuple[TextStore, dict[str, bytes]]:
    """The store over ``blob`` (bytes, or the mapped file a caller has written already: then
    the files returned hold no blob), and the files that hold it (meta, arrays, blob)."""
    arrays: dict[str, Any] = {
        "live": live.astype(np.int64),
        "published": published,
        "added": added,
    }
    for fname, fp in fields.items():
        terms = Terms.of(fp.terms)
        arrays.update(
            {
                f"{fname}_df": fp.df,
                f"{fname}_cf": fp.cf,
                f"{fname}_offsets": fp.offsets,
                f"{fname}_lengths": fp.lengths,
                f"{fname}_term_offsets": terms.offsets,
                f"{fname}_terms": np.frombuffer(terms.raw, dtype=np.uint8),
            }
        )
    table, packed = _pack_arrays(arrays)
    meta = {
        "version": VERSION,
        "generation": generation,
        "doc_count_all": len(live),
        "blob_size": len(blob),  # an mmap's length is its file's
        "segments": None if segments is None else [[s.filename, s.doc_count] for s in segments],
        "fields": {fname: {"avglen": fp.avglen} for fname, fp in fields.items()},
        "arrays": table,
    }
    store = TextStore(
        generation,
        len(live),
        {fname: replace(fp, blob=blob) for fname, fp in fields.items()},
        live,
        published,
        segments,
        added,
    )
    files = {"meta": json.dumps(meta).encode("utf-8"), "arrays": packed}
    if isinstance(blob, bytes):
        files["blob"] = blob
    return store, files


def _pack_arrays(arrays: dict[str, Any]) -> tuple[dict[str, list[Any]], bytes]:
    """The arrays end to end, each in the narrowest unsigned type its values fit (little
    endian), and their table: name → [offset, dtype, count]."""
    table: dict[str, list[Any]] = {}
    parts: list[bytes] = []
    offset = 0
    for name, values in arrays.items():
        packed = narrowest(values)
        raw = packed.tobytes()
        table[name] = [offset, packed.dtype.str[1:], len(values)]
        parts.append(raw)
        offset += len(raw)
    return table, b"".join(parts)


def _unpack_arrays(table: dict[str, list[Any]], data: bytes) -> dict[str, Any]:
    """The arrays `_pack_arrays` wrote (ValueError when the table and data disagree)."""
    out = {}
    for name, (offset, dtype, count) in table.items():
        if dtype not in ("u1", "u2", "u4", "u8"):
            raise ValueError(f"array {name}: type {dtype!r}")
        out[name] = np.frombuffer(data, dtype="<" + dtype, count=int(count), offset=int(offset))
    return out


def write(location: Path, files: Mapping[str, bytes]) -> None:
    """Write the store's files (the blob unless it is written already, `BlobWriter`); the meta
    file last, so a reader never sees a half-written store."""
    for key, name in (("blob", BLOB_FILE), ("arrays", ARRAYS_FILE), ("meta", META_FILE)):
        if key in files:
            write_whole(location / name, files[key])
    (location / "postings-arrays.npz").unlink(missing_ok=True)  # written by versions 1 and 2


class BlobWriter:
    """The blob written straight to its file, piece by piece (a store's postings are copied
    from the previous blob, which is mapped, without holding either in memory): ``size`` is
    where the next piece goes; `close` renames the file into place and maps it."""

    def __init__(self, location: Path) -> None:
        self.path = location / BLOB_FILE
        self._tmp = self.path.with_name(f".{BLOB_FILE}.tmp")
        self._out = self._tmp.open("wb")
        self.size = 0

    def write(self, piece: Any) -> None:
        self.size += self._out.write(piece)

    def close(self) -> Any:
        self._out.close()
        os.replace(self._tmp, self.path)
        return mapped(self.path)

    def discard(self) -> None:
        self._out.close()
        self._tmp.unlink(missing_ok=True)


def load(location: Path, generation: int) -> TextStore | None:
    """The store on disk if it was built for ``generation`` by this version, else None."""
    try:
        meta = json.loads((location / META_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("version") != VERSION or meta.get("generation") != generation:
        return None
    blob_path = location / BLOB_FILE
    try:
        if blob_path.stat().st_size != meta["blob_size"]:
            return None
        arrays = _unpack_arrays(meta["arrays"], mapped(location / ARRAYS_FILE))
        segments = (
            None
            if meta["segments"] is None
            else tuple(Segment(str(name), int(count)) for name, count in meta["segments"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    blob = mapped(blob_path)
    fields = {}
    for fname, fmeta in meta["fields"].items():
        fields[fname] = FieldPostings(
            Terms(arrays[f"{fname}_terms"], arrays[f"{fname}_term_offsets"]),
            arrays[f"{fname}_df"],
            arrays[f"{fname}_cf"],
            arrays[f"{fname}_offsets"],
            arrays[f"{fname}_lengths"],
            float(fmeta["avglen"]),
            blob,
        )
    return TextStore(
        int(meta["generation"]),
        int(meta["doc_count_all"]),
        fields,
        arrays["live"].astype(bool),
        arrays["published"].astype(np.int64),
        segments,
        arrays["added"].astype(np.int64),
    )
