"""Read the articles Whoosh stores, by document number, without importing Whoosh.

`newsidx search` needs the stored fields of the ten articles it shows. Whoosh's reader would
cost ~0.15 s of imports and a table-of-contents read per process, so the search path reads
Whoosh's stored-fields columns itself. The format (whoosh 2.7.4, pinned; `W3Codec`'s
``PickleColumn(CompressedBytesColumn())``, one ``<segment>._stored.col`` file per segment):

    value 0 | value 1 | ...                   zlib(pickle(dict of the document's stored fields))
    lengths: doc_count big-endian integers    of the typecode written after the arrays
    [offsets: doc_count big-endian integers]  only for columns of more than 2**15 documents
    lengths typecode [offsets typecode 'X']   the last byte is 'X' when offsets were written

Which segments make up an index generation, in document-number order, is recorded in the
postings store (`postings.py`) when `newsidx index` writes it, so no table of contents is read.
"""

from __future__ import annotations

import pickle
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from search.errors import StoredDamaged
from search.files import mapped

_INT_CODES = "bBhHiIlLqQ"  # the integer array types Whoosh's growable arrays take


@dataclass(frozen=True)
class Segment:
    """One Whoosh segment: its stored-fields file and how many documents it numbers."""

    filename: str
    doc_count: int


@dataclass
class _Column:
    """One segment's stored-fields column, memory-mapped: only the pages of the documents
    read are touched (a cold 100k-article column would otherwise read 1.2 MB of tables)."""

    data: Any  # mmap (or bytes for an empty file)
    offsets: Any  # by document number within the segment (a big-endian view, or int64)
    lengths: Any
    end: int  # where the values end (the tables start)

    @staticmethod
    def open(path: Path, doc_count: int) -> _Column:
        data = mapped(path)
        size = len(data)
        if doc_count == 0:
            return _Column(data, np.zeros(0, np.int64), np.zeros(0, np.int64), 0)
        if size < 2:
            raise StoredDamaged(f"{path.name}: {size} bytes for {doc_count} documents")
        end = size - 1
        code = chr(data[end])
        offsets = None
        if code == "X":
            code, offsets_code = chr(data[end - 2]), chr(data[end - 1])
            offsets_start = end - 2 - doc_count * _itemsize(path, offsets_code)
            offsets = _array(data, offsets_start, offsets_code, doc_count, path)
            end = offsets_start
        lengths_start = end - doc_count * _itemsize(path, code)
        lengths = _array(data, lengths_start, code, doc_count, path)
        if offsets is None:  # Whoosh's small columns: offsets are the lengths summed
            offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        return _Column(data, offsets, lengths, lengths_start)

    def get(self, docnum: int) -> dict[str, Any]:
        length = int(self.lengths[docnum])
        if not length:
            return {}
        start = int(self.offsets[docnum])
        if start + length > self.end:
            raise StoredDamaged(f"document {docnum}: its value runs past the end of the data")
        value = pickle.loads(zlib.decompress(self.data[start : start + length]))
        return value if isinstance(value, dict) else {}


def _itemsize(path: Path, code: str) -> int:
    if code not in _INT_CODES:
        raise StoredDamaged(f"{path.name}: unknown array type {code!r}")
    return struct.calcsize(code)


def _array(data: Any, start: int, code: str, count: int, path: Path) -> Any:
    size = _itemsize(path, code)
    if start < 0 or start + count * size > len(data):
        raise StoredDamaged(f"{path.name}: the document table does not fit the file")
    big_endian = np.dtype(code).newbyteorder(">")  # Whoosh writes its arrays big-endian
    return np.frombuffer(data, dtype=big_endian, count=count, offset=start)


@dataclass
class StoredFields:
    """Stored fields by index-wide document number, over the segments of one generation."""

    location: Path
    segments: Sequence[Segment]
    _bases: list[int] = field(default_factory=list)
    _columns: dict[int, _Column] = field(default_factory=dict)

    def __post_init__(self) -> None:
        base = 0
        for segment in self.segments:
            self._bases.append(base)
            base += segment.doc_count

    @property
    def doc_count_all(self) -> int:
        return sum(s.doc_count for s in self.segments)

    def __call__(self, docnum: int) -> dict[str, Any]:
        """The stored fields of one document ({} for a document stored without any)."""
        if not 0 <= docnum < self.doc_count_all:
            raise IndexError(f"document {docnum} of {self.doc_count_all}")
        k = _segment_of(self._bases, docnum)
        column = self._columns.get(k)
        if column is None:
            segment = self.segments[k]
            try:
                column = _Column.open(self.location / segment.filename, segment.doc_count)
            except OSError as exc:
                raise StoredDamaged(f"{segment.filename}: {exc.strerror or exc}") from exc
            self._columns[k] = column
        try:
            return column.get(docnum - self._bases[k])
        except (zlib.error, pickle.UnpicklingError, EOFError, ValueError) as exc:
            raise StoredDamaged(f"document {docnum}: {exc}") from exc


def _segment_of(bases: list[int], docnum: int) -> int:
    import bisect

    return bisect.bisect_right(bases, docnum) - 1
