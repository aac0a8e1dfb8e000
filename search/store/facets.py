"""Facet counts: per-document facet values in a sidecar store read by document number.

Whoosh's own facets re-read every term of a field on each query; this store keeps, for each
facet field, the values of every document as ids (offsets + values arrays), so counting is one
pass over the matching document numbers.

The ids are those of the values as indexed (`Vladimir Putin`, `Putin`); a table maps each to
the label it is shown under (both under `Vladimir Putin` where that full name dominates the
corpus, or as the user's alias file says). So after a commit that only appended articles the
store is updated from the previous one and the new articles alone, labels recomputed from
value counts, and an alias takes effect without reading any article.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from search.models import FacetCount
from search.store.facet_kinds import kind_of

STORE_FILE = "facets.json"
STORE_VERSION = 7  # 4: raw value ids and a label table; 5: language; 6: repeats marked;
# 7: organisations joined across the corpus (acronyms, generic endings)


@dataclass(frozen=True)
class FieldStore:
    """One facet field: display labels by id, and each document's label ids.

    Only ``exceptions`` is read up front; labels and per-document ids are read from disk the
    first time they are needed (a search without facets or filters never reads them).
    """

    exceptions: dict[str, str]  # raw value (lower case) → label, where the label differs
    load: Callable[[], tuple[tuple[str, ...], Any, Any]] = field(repr=False)

    @cached_property
    def _data(self) -> tuple[tuple[str, ...], Any, Any]:
        return self.load()

    @property
    def labels(self) -> tuple[str, ...]:
        return self._data[0]

    @property
    def offsets(self) -> Any:
        """Where each document's label ids start in ``values`` (int64, documents + 1)."""
        return self._data[1]

    @property
    def values(self) -> Any:
        """Label ids, document after document (int64)."""
        return self._data[2]

    def label(self, raw: str) -> str:
        """The display label of an index value (its own spelling unless aliased or dropped)."""
        return self.exceptions.get(raw.lower(), raw)

    @cached_property
    def raw_to_label(self) -> dict[str, str]:
        """Raw index value (lower case) → display label."""
        return {label.lower(): label for label in self.labels} | self.exceptions

    @cached_property
    def raws_by_label(self) -> dict[str, list[str]]:
        """Display label (lower case) → the raw index values shown under it."""
        out: dict[str, list[str]] = {}
        for raw, label in self.raw_to_label.items():
            if label:
                out.setdefault(label.lower(), []).append(raw)
        return out

    @cached_property
    def ids_by_label(self) -> dict[str, int]:
        """Display label (lower case) → value id."""
        return {label.lower(): i for i, label in enumerate(self.labels)}

    @cached_property
    def carried(self) -> frozenset[int]:
        """Ids of the labels some live document carries (an updated store keeps the labels of
        deleted documents' values, at zero, until a rebuild)."""
        import numpy as np

        counts = np.bincount(self.values, minlength=len(self.labels))
        return frozenset(np.flatnonzero(counts).tolist())

    def distinct(self) -> int:
        """How many labels some live document carries."""
        return len(self.carried)

    @cached_property
    def _doc_of_value(self) -> Any:
        """The document number of each entry of ``values``."""
        import numpy as np

        offsets = self.offsets
        return np.repeat(np.arange(len(offsets) - 1, dtype=np.int64), np.diff(offsets))

    def docs_with(self, labels: Iterable[str]) -> Any:
        """Ascending numbers of the documents carrying any of ``labels`` (int64 array)."""
        import numpy as np

        ids = [
            i for i in (self.ids_by_label.get(label.lower()) for label in labels) if i is not None
        ]
        if not ids:
            return np.zeros(0, dtype=np.int64)
        values = self.values
        hit = np.isin(values, ids) if len(ids) > 1 else values == ids[0]
        return np.unique(self._doc_of_value[hit])

    def labels_of(self, docnum: int) -> tuple[str, ...]:
        """The labels one document carries."""
        ids = self.values[int(self.offsets[docnum]) : int(self.offsets[docnum + 1])]
        return tuple(self.labels[int(i)] for i in ids)

    @cached_property
    def labels_by_last_word(self) -> dict[str, set[str]]:
        """Last name token → labels ending with it: the candidates for a surname filter."""
        from search.entities.people import name_key

        out: dict[str, set[str]] = {}
        for label in {v for v in self.raw_to_label.values() if v}:
            key = name_key(label)
            if key:
                out.setdefault(key[-1], set()).add(label)
        return out


@dataclass(frozen=True)
class FacetStore:
    """Every facet field's values per document, valid for one index generation."""

    generation: int
    fields: dict[str, FieldStore]

    def count(
        self, field: str, docnums: Iterable[int], *, limit: int, keep: Iterable[str] = ()
    ) -> tuple[FacetCount, ...]:
        """Top ``limit`` values of ``field`` over ``docnums``; values in ``keep`` always listed."""
        store = self.fields[field]
        counts = count_ids(store, docnums)
        order = _top(counts, store.labels, limit)
        top = [(store.labels[i], int(counts[i])) for i in order]
        shown = {label.lower() for label, _ in top}
        for label in keep:
            if label.lower() not in shown:
                i = store.ids_by_label.get(label.lower())
                top.append((label, int(counts[i]) if i is not None else 0))
        return tuple(facet_count(field, label, n) for label, n in top)


def count_ids(store: FieldStore, docnums: Iterable[int]) -> Any:
    """How many of ``docnums`` carry each value id: one vectorised gather and bincount."""
    import numpy as np

    offsets, values = store.offsets, store.values
    docs = np.asarray(docnums if isinstance(docnums, np.ndarray) else list(docnums), np.int64)
    starts, ends = offsets[docs], offsets[docs + 1]
    lengths = ends - starts
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(len(store.labels), dtype=np.int64)
    # positions of every value of every doc: each doc's start, then +1 along its run
    run_starts = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    picked = values[run_starts + np.arange(total)]
    return np.bincount(picked, minlength=len(store.labels))


def _top(counts: Any, labels: Sequence[str], limit: int) -> list[int]:
    """Ids of the ``limit`` largest non-zero counts, largest first (ties: by label)."""
    import numpy as np

    nonzero = np.flatnonzero(counts)
    if len(nonzero) > limit:
        part = np.argpartition(-counts[nonzero], limit - 1)[:limit]
        threshold = counts[nonzero[part]].min()
        nonzero = nonzero[counts[nonzero] >= threshold]  # all ties at the cut, then by label
    order = sorted(nonzero.tolist(), key=lambda i: (-int(counts[i]), labels[i].lower(), i))
    return order[:limit]


def facet_count(field: str, label: str, count: int) -> FacetCount:
    """A label's count as shown (a country: its code as the value, its name as the label)."""
    return kind_of(field).shown(label, count)


@dataclass(frozen=True)
class RawField:
    """One field's values as indexed: distinct values by id, and each document's value ids."""

    raws: list[str]
    offsets: Any  # int64, documents + 1
    values: Any  # int64 raw ids, document after document


def labelled(
    offsets: Any,
    values: Any,
    raw_label: Any,
    labels: tuple[str, ...],
    repeats: Any = None,
) -> tuple[tuple[str, ...], Any, Any]:
    """(labels, offsets, label ids) from raw ids: values dropped by the user and repeats of a
    label within one document (``repeats``) are left out."""
    import numpy as np

    label_values = raw_label[values] if len(values) else np.zeros(0, dtype=np.int64)
    dropped = label_values < 0
    if repeats is not None:
        dropped |= repeats
    if dropped.any():
        documents = len(offsets) - 1
        doc_of_value = np.repeat(np.arange(documents), np.diff(offsets))
        kept = np.bincount(doc_of_value[~dropped], minlength=documents)
        offsets = np.concatenate([[0], np.cumsum(kept)]).astype(np.int64)
        label_values = label_values[~dropped]
    return labels, offsets, label_values


def _header(location: Path, generation: int) -> dict[str, Any] | None:
    try:
        header = json.loads((location / STORE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(header, dict) or header.get("version") != STORE_VERSION:
        return None
    if header.get("generation") != generation:
        return None
    try:  # files of another write (one interrupted, say) do not belong to this table
        for fname, meta in header["fields"].items():
            if (location / f"facets-{fname}.bin").stat().st_size != meta["bytes"]:
                return None
    except (OSError, KeyError, TypeError, AttributeError):
        return None
    return header


def _read_field(
    location: Path, fname: str, meta: Mapping[str, Any], total: int
) -> tuple[Any, Any, Any, Any]:
    """(offsets, raw ids, raw id → label id, repeated values) of one field's file (the last
    two None for identity)."""
    import numpy as np

    data = (location / f"facets-{fname}.bin").read_bytes()
    count, raws = int(meta["values"]), int(meta["raws"])
    value_type = np.dtype(meta["value_type"])
    offsets = np.frombuffer(data, dtype="<u4", count=total + 1).astype(np.int64)
    at = 4 * (total + 1)
    values = np.frombuffer(data, dtype=value_type, count=count, offset=at).astype(np.int64)
    at += count * value_type.itemsize
    raw_label = repeats = None
    if not meta["identity"]:
        raw_label = np.frombuffer(data, dtype="<i4", count=raws, offset=at).astype(np.int64)
        at += 4 * raws
        packed = np.frombuffer(data, dtype=np.uint8, count=(count + 7) // 8, offset=at)
        repeats = np.unpackbits(packed, count=count).astype(bool)
    return offsets, values, raw_label, repeats


def load_store(location: Path, generation: int) -> FacetStore | None:
    """The store if it was written for index generation ``generation``, else None."""
    header = _header(location, generation)
    if header is None:
        return None
    total = int(header["doc_count_all"])
    fields: dict[str, FieldStore] = {}

    def loader(
        fname: str, meta: Mapping[str, Any]
    ) -> Callable[[], tuple[tuple[str, ...], Any, Any]]:
        def load() -> tuple[tuple[str, ...], Any, Any]:
            labels = tuple(json.loads((location / f"facets-{fname}.json").read_text("utf-8")))
            offsets, values, raw_label, repeats = _read_field(location, fname, meta, total)
            if raw_label is None:
                return labels, offsets, values
            return labelled(offsets, values, raw_label, labels, repeats)

        return load

    for fname, meta in header["fields"].items():
        fields[fname] = FieldStore(meta["exceptions"], loader(fname, meta))
    return FacetStore(int(header["generation"]), fields)


def load_raw(location: Path, generation: int) -> dict[str, RawField] | None:
    """The raw values of every field of the store written for ``generation`` (None if none,
    or if its files do not fit its table)."""
    header = _header(location, generation)
    if header is None:
        return None
    total = int(header["doc_count_all"])
    out: dict[str, RawField] = {}
    try:
        for fname, meta in header["fields"].items():
            name = "" if meta["identity"] else "-raws"
            raws = json.loads((location / f"facets-{fname}{name}.json").read_text("utf-8"))
            offsets, values, _, _ = _read_field(location, fname, meta, total)
            if len(raws) != int(meta["raws"]) or (len(values) and values.max() >= len(raws)):
                return None
            out[fname] = RawField(list(raws), offsets, values)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return out
