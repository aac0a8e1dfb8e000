"""Facet counts: per-document facet values in a sidecar store read by document number.

Whoosh's own facets re-read every term of a field on each query; this store keeps, for each
facet field, the value ids of every document (offsets + values arrays), rebuilt after each
index commit, so counting is one pass over the matching document numbers.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from search import aliases, schema
from search.models import FacetCount

STORE_FILE = "facets.json"
STORE_VERSION = 3


@dataclass(frozen=True)
class FieldStore:
    """One facet field: display labels by id, and each document's label ids.

    Only ``exceptions`` is read up front; labels and per-document ids are read from disk the
    first time they are needed (a search without facets or filters never reads them).
    """

    exceptions: dict[str, str]  # raw value (lower case) → label, where label.lower() differs
    load: Callable[[], tuple[tuple[str, ...], array, array]] = field(repr=False)  # type: ignore[type-arg]

    @cached_property
    def _data(self) -> tuple[tuple[str, ...], array, array]:  # type: ignore[type-arg]
        return self.load()

    @property
    def labels(self) -> tuple[str, ...]:
        return self._data[0]

    @property
    def offsets(self) -> array:  # type: ignore[type-arg]
        return self._data[1]

    @property
    def values(self) -> array:  # type: ignore[type-arg]
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
    def _doc_of_value(self) -> Any:
        """The document number of each entry of ``values``."""
        import numpy as np

        offsets = np.frombuffer(self.offsets, dtype=np.uint32).astype(np.int64)
        return np.repeat(np.arange(len(offsets) - 1, dtype=np.int64), np.diff(offsets))

    def docs_with(self, labels: Iterable[str]) -> Any:
        """Ascending numbers of the documents carrying any of ``labels`` (int64 array)."""
        import numpy as np

        ids = [
            i for i in (self.ids_by_label.get(label.lower()) for label in labels) if i is not None
        ]
        if not ids:
            return np.zeros(0, dtype=np.int64)
        values = np.frombuffer(self.values, dtype=np.uint32)
        hit = np.isin(values, ids) if len(ids) > 1 else values == ids[0]
        return np.unique(self._doc_of_value[hit])

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
    stamp: int = 0  # modification time of the store file it was read from (0: not from disk)

    def count(
        self, field: str, docnums: Iterable[int], *, limit: int, keep: Iterable[str] = ()
    ) -> tuple[FacetCount, ...]:
        """Top ``limit`` values of ``field`` over ``docnums``; values in ``keep`` always listed."""
        store = self.fields[field]
        counts = _count_ids(store, docnums)
        order = _top(counts, limit)
        top = [(store.labels[i], int(counts[i])) for i in order]
        shown = {label.lower() for label, _ in top}
        for label in keep:
            if label.lower() not in shown:
                i = store.ids_by_label.get(label.lower())
                top.append((label, int(counts[i]) if i is not None else 0))
        return tuple(_facet(field, label, n) for label, n in top)


def _count_ids(store: FieldStore, docnums: Iterable[int]) -> Any:
    """How many of ``docnums`` carry each value id: one vectorised gather and bincount."""
    import numpy as np

    offsets = np.frombuffer(store.offsets, dtype=np.uint32).astype(np.int64)
    values = np.frombuffer(store.values, dtype=np.uint32)
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


def _top(counts: Any, limit: int) -> list[int]:
    """Ids of the ``limit`` largest non-zero counts, largest first (ties: first seen)."""
    import numpy as np

    nonzero = np.flatnonzero(counts)
    if len(nonzero) > limit:
        part = np.argpartition(-counts[nonzero], limit - 1)[:limit]
        nonzero = nonzero[part]
    order = sorted(nonzero.tolist(), key=lambda i: (-int(counts[i]), i))
    return order[:limit]


def _facet(field: str, label: str, count: int) -> FacetCount:
    if field in schema.COUNTRY_FIELDS:
        code, _, name = label.partition(" ")
        return FacetCount(value=code, label=name or code, count=count)
    return FacetCount(value=label, label=label, count=count)


def _doc_values(stored: dict[str, Any], field: str) -> tuple[str, ...]:
    if field == "month":
        published = stored.get("published")
        return (published[:7],) if published else ()
    values = schema.keyword_values(stored.get(field))
    if field == "about":
        from search.entities import countries

        return tuple(f"{code} {countries.country(code.upper()).name}" for code in values)
    if field == "country":
        names = list(stored.get("country_names") or [])
        names += values[len(names) :]
        return tuple(f"{code} {name}" for code, name in zip(values, names, strict=True))
    return values


def build_store(ix: Any, location: Path, *, write: bool = True) -> FacetStore:
    """Read every document's facet values; write the store next to the index unless told not."""
    user = aliases.load_user_aliases(location)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        total = reader.doc_count_all()
        per_doc: list[dict[str, tuple[str, ...]] | None] = []
        for docnum in range(total):
            if reader.is_deleted(docnum):
                per_doc.append(None)
                continue
            stored = reader.stored_fields(docnum)
            per_doc.append({f: _doc_values(stored, f) for f in schema.FACET_FIELDS})
    person_map = aliases.build_person_map(
        (d["person"] for d in per_doc if d is not None), user.get("person", {})
    )
    maps = {
        "person": person_map,
        "org": aliases.AliasMap(dict(user.get("org", {}))),
    }
    header: dict[str, Any] = {
        "version": STORE_VERSION,
        "generation": ix.latest_generation(),
        "doc_count_all": total,
        "fields": {},
    }
    fields: dict[str, FieldStore] = {}
    for fname in schema.FACET_FIELDS:
        alias_map = maps.get(fname, aliases.AliasMap())
        ids: dict[str, int] = {}
        labels: list[str] = []
        raw_to_label: dict[str, str] = {}
        offsets = array("I", [0])
        values = array("I")
        for doc in per_doc:
            for raw in doc[fname] if doc is not None else ():
                label = alias_map.display(raw)
                raw_to_label[
                    raw.split(" ", 1)[0].lower() if fname in schema.COUNTRY_FIELDS else raw.lower()
                ] = label
                if not label:
                    continue  # dropped by the user
                key = label.lower()
                if key not in ids:
                    ids[key] = len(labels)
                    labels.append(label)
                values.append(ids[key])
            offsets.append(len(values))
        exceptions = {raw: lab for raw, lab in raw_to_label.items() if lab.lower() != raw}
        data = (tuple(labels), offsets, values)
        fields[fname] = FieldStore(exceptions, lambda data=data: data)  # type: ignore[misc]
        if write:
            (location / f"facets-{fname}.bin").write_bytes(offsets.tobytes() + values.tobytes())
            (location / f"facets-{fname}.json").write_text(json.dumps(labels, ensure_ascii=False))
        header["fields"][fname] = {"exceptions": exceptions}
    if write:
        (location / STORE_FILE).write_text(json.dumps(header, ensure_ascii=False))
    # Stamped with the file it stands in for, so a store built in memory beside a stale file
    # is reused until that file changes.
    return FacetStore(header["generation"], fields, store_stamp(location))


def store_stamp(location: Path) -> int:
    """When the store on disk was last written (0 when there is none)."""
    try:
        return (location / STORE_FILE).stat().st_mtime_ns
    except OSError:
        return 0


def load_store(location: Path, generation: int) -> FacetStore | None:
    """The store if it was written for index generation ``generation``, else None."""
    path = location / STORE_FILE
    if not path.exists():
        return None
    header = json.loads(path.read_text("utf-8"))
    if header.get("version") != STORE_VERSION or header.get("generation") != generation:
        return None
    total = int(header["doc_count_all"])
    fields: dict[str, FieldStore] = {}

    def loader(fname: str) -> Callable[[], tuple[tuple[str, ...], array, array]]:  # type: ignore[type-arg]
        def load() -> tuple[tuple[str, ...], array, array]:  # type: ignore[type-arg]
            labels = json.loads((location / f"facets-{fname}.json").read_text("utf-8"))
            data = (location / f"facets-{fname}.bin").read_bytes()
            offsets = array("I")
            offsets.frombytes(data[: (total + 1) * offsets.itemsize])
            values = array("I")
            values.frombytes(data[(total + 1) * offsets.itemsize :])
            return tuple(labels), offsets, values

        return load

    for fname, meta in header["fields"].items():
        fields[fname] = FieldStore(meta["exceptions"], loader(fname))
    return FacetStore(int(header["generation"]), fields, store_stamp(location))
