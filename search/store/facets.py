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
from typing import TYPE_CHECKING, Any

from search import aliases, schema
from search.files import narrowest, write_whole
from search.models import FacetCount
from search.store import whoosh_index as wi
from search.store.facet_kinds import KINDS, kind_of, record_fields

if TYPE_CHECKING:
    from search.store.postings import Appended

STORE_FILE = "facets.json"
STORE_VERSION = 6  # 4: raw value ids and a label table; 5: language; 6: repeats marked


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


def _key(fname: str, raw: str) -> str:
    """What a filter names a raw value by."""
    return kind_of(fname).key(raw)


def _encode(per_doc: Iterable[Sequence[str]], raws: list[str] | None = None) -> RawField:
    """Documents' raw values as ids, continuing the ids of ``raws``."""
    import numpy as np

    raws = list(raws or [])
    ids = {raw: i for i, raw in enumerate(raws)}
    counts: list[int] = []
    values: list[int] = []
    for doc in per_doc:
        for raw in doc:
            i = ids.get(raw)
            if i is None:
                i = ids[raw] = len(raws)
                raws.append(raw)
            values.append(i)
        counts.append(len(doc))
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return RawField(raws, offsets, np.array(values, dtype=np.int64))


def _read_stored(ix: Any, docnums: Iterable[int] | None = None) -> list[dict[str, Any] | None]:
    """Each document's raw facet values by field, its records' own keyword fields included
    (None for deleted documents); only those of ``docnums`` (the others None) when given."""
    per_doc: list[dict[str, Any] | None] = [None] * wi.document_count(ix)
    for docnum, stored in wi.stored_documents(ix, docnums):
        values = {f: KINDS[f].values(stored) for f in schema.FACET_FIELDS}
        values.update(record_fields(stored))
        per_doc[docnum] = values
    return per_doc


def _field_names(per_doc: Iterable[dict[str, Any] | None], known: Iterable[str] = ()) -> list[str]:
    """newsidx's facet fields, then the records' own fields in name order."""
    extra = {name for doc in per_doc if doc is not None for name in doc} | set(known)
    return [*schema.FACET_FIELDS, *sorted(extra - set(schema.FACET_FIELDS))]


UserAliases = aliases.UserAliases


def build_store(
    ix: Any, folder: Path, *, user: UserAliases | None = None, write: bool = True
) -> FacetStore:
    """Read every document's facet values; write the store into ``folder`` unless told not
    (``user``: the user's alias file, `aliases.load_user_aliases`)."""
    per_doc = _read_stored(ix)
    raw = {
        fname: _encode(d.get(fname, ()) if d is not None else () for d in per_doc)
        for fname in _field_names(per_doc)
    }
    return _finish(folder, ix.latest_generation(), raw, user=user or {}, write=write)


def update_store(
    ix: Any,
    folder: Path,
    previous: dict[str, RawField],
    appended: Appended,
    *,
    user: UserAliases | None = None,
) -> FacetStore:
    """The store after a commit that only appended documents, from the previous store's raw
    values and the added documents' stored fields (falls back to `build_store` when the
    previous store does not fit the commit)."""
    import numpy as np

    base, live = appended.base, appended.live
    if any(len(old.offsets) - 1 != base for old in previous.values()):
        return build_store(ix, folder, user=user)
    new_docs = _read_stored(ix, range(base, len(live)))[base:]
    raw: dict[str, RawField] = {}
    for fname in _field_names(new_docs, previous):
        none = RawField([], np.zeros(base + 1, dtype=np.int64), np.zeros(0, dtype=np.int64))
        old = previous.get(fname, none)
        per_old_doc = np.diff(old.offsets)
        doc_of_value = np.repeat(np.arange(base), per_old_doc)
        kept = live[:base][doc_of_value]  # values of documents deleted since are dropped
        counts = np.where(live[:base], per_old_doc, 0)
        new = _encode((d.get(fname, ()) if d is not None else () for d in new_docs), old.raws)
        offsets = np.zeros(base + len(new_docs) + 1, dtype=np.int64)
        np.cumsum(np.concatenate([counts, np.diff(new.offsets)]), out=offsets[1:])
        values = np.concatenate([old.values[kept], new.values])
        raw[fname] = RawField(new.raws, offsets, values)
    return _finish(folder, ix.latest_generation(), raw, user=user or {}, write=True)


def relabel_store(
    source: Path, folder: Path, generation: int, *, user: UserAliases | None = None
) -> FacetStore | None:
    """The store of ``source`` with its labels recomputed (after an alias change) written into
    ``folder``, reading no article; None when ``source`` has no store for ``generation``."""
    raw = load_raw(source, generation)
    return None if raw is None else _finish(folder, generation, raw, user=user or {}, write=True)


def _finish(
    location: Path,
    generation: int,
    raw: dict[str, RawField],
    *,
    user: UserAliases,
    write: bool,
) -> FacetStore:
    """Labels for the raw values (corpus-wide surnames, the user's aliases), and the store's
    files. Stamped with the file it stands in for, so a store built in memory beside a stale
    file is reused until that file changes."""
    import numpy as np

    moved = aliases.retypes(user)
    raw = _retyped(raw, moved)
    total = len(raw["person"].offsets) - 1
    hidden = {f: {name: "" for name in names} for f, names in moved.items()}
    maps = {
        fname: kind_of(fname).alias_map(
            field_raw.raws,
            np.bincount(field_raw.values, minlength=len(field_raw.raws)).tolist(),
            user,
            hidden,
        )
        for fname, field_raw in raw.items()
    }
    header: dict[str, Any] = {
        "version": STORE_VERSION,
        "generation": generation,
        "doc_count_all": total,
        "fields": {},
    }
    fields: dict[str, FieldStore] = {}
    for fname, field_raw in raw.items():
        alias_map = maps.get(fname, aliases.AliasMap())
        shown = [alias_map.display(r) for r in field_raw.raws]
        # Values that differ only in case are one label, written as most articles write it
        # (ties: the first in sort order), whatever order the articles were indexed in.
        uses = np.bincount(field_raw.values, minlength=len(shown)).tolist()
        spelling: dict[str, tuple[int, str]] = {}
        for label, n in zip(shown, uses, strict=True):
            if label and (-n, label) < spelling.get(label.lower(), (1, "")):
                spelling[label.lower()] = (-n, label)
        label_ids: dict[str, int] = {}
        labels: list[str] = []
        raw_label = np.full(len(shown), -1, dtype=np.int64)  # -1: dropped by the user
        for i, label in enumerate(shown):
            if label:
                raw_label[i] = label_ids.setdefault(label.lower(), len(labels))
                if raw_label[i] == len(labels):
                    labels.append(spelling[label.lower()][1])
        cased = kind_of(fname).cased
        exceptions = {
            _key(fname, r): spelling[lab.lower()][1] if lab else lab
            for r, lab in zip(field_raw.raws, shown, strict=True)
            if lab.lower() != _key(fname, r) or (cased and spelling[lab.lower()][1] != r)
        }
        identity = labels == field_raw.raws
        repeats = _repeats(field_raw.offsets, field_raw.values, raw_label)
        data = _labelled(field_raw.offsets, field_raw.values, raw_label, tuple(labels), repeats)
        fields[fname] = FieldStore(exceptions, lambda data=data: data)  # type: ignore[misc]
        header["fields"][fname] = {
            "exceptions": exceptions,
            "values": len(field_raw.values),
            "raws": len(field_raw.raws),
            "identity": identity,  # raws are the labels: neither file below is written
        }
        if write:
            tables = [field_raw.offsets.astype("<u4"), narrowest(field_raw.values)]
            if not identity:
                tables.append(raw_label.astype("<i4"))
                tables.append(np.packbits(repeats))
                write_whole(location / f"facets-{fname}-raws.json", _json(field_raw.raws))
            packed = b"".join(t.tobytes() for t in tables)
            write_whole(location / f"facets-{fname}.bin", packed)
            write_whole(location / f"facets-{fname}.json", _json(labels))
            header["fields"][fname].update(value_type=tables[1].dtype.str, bytes=len(packed))
    if write:  # the table last: a reader never takes half-written files for a store
        write_whole(location / STORE_FILE, _json(header))
    return FacetStore(generation, fields)


def _retyped(
    raw: dict[str, RawField], moved: Mapping[str, Mapping[str, str]]
) -> dict[str, RawField]:
    """The raw values with names the user moved to another kind added to that kind's field
    for the same documents (they are hidden in their own field by the caller)."""
    import numpy as np

    out = dict(raw)
    for source, names in moved.items():
        old = raw[source]
        for target in set(names.values()):
            wanted = [i for i, r in enumerate(old.raws) if names.get(r.lower()) == target]
            if not wanted:
                continue
            doc_of_value = np.repeat(np.arange(len(old.offsets) - 1), np.diff(old.offsets))
            hit = np.isin(old.values, wanted)
            dest = out[target]
            raws = list(dest.raws)
            ids = {r.lower(): i for i, r in enumerate(raws)}
            for i in wanted:
                ids.setdefault(old.raws[i].lower(), len(raws))
                if ids[old.raws[i].lower()] == len(raws):
                    raws.append(old.raws[i])
            new_ids = np.array([ids[old.raws[v].lower()] for v in old.values[hit].tolist()])
            dest_docs = np.repeat(np.arange(len(dest.offsets) - 1), np.diff(dest.offsets))
            docs = np.concatenate([dest_docs, doc_of_value[hit]]).astype(np.int64)
            values = np.concatenate([dest.values, new_ids]).astype(np.int64)
            pairs = np.unique(np.stack([docs, values], axis=1), axis=0) if len(docs) else None
            if pairs is None:
                continue
            counts = np.bincount(pairs[:, 0], minlength=len(dest.offsets) - 1)
            offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
            out[target] = RawField(raws, offsets, pairs[:, 1].astype(np.int64))
    return out


def _repeats(offsets: Any, values: Any, raw_label: Any) -> Any:
    """For each value, True when an earlier value of the same document has the same label
    (`Blair` and `Tony Blair` in one article): counted once, a facet counts articles."""
    import numpy as np

    documents = len(offsets) - 1
    labels = raw_label[values] if len(values) else np.zeros(0, dtype=np.int64)
    doc_of_value = np.repeat(np.arange(documents), np.diff(offsets))
    key = doc_of_value * (int(labels.max()) + 2 if len(labels) else 1) + labels + 1
    repeats = np.ones(len(values), dtype=bool)
    repeats[np.unique(key, return_index=True)[1]] = False
    return repeats


def _labelled(
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


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


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
            return _labelled(offsets, values, raw_label, labels, repeats)

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
