"""Writing the facet store (`facets`): every document's raw values read from Whoosh's stored
articles (all of them, or only those a commit appended, `changes.Appended`), the labels they
are shown under (corpus-wide surnames, the user's aliases and retypes) and the store's files;
relabelling after an alias change reads no article."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from search import aliases, schema
from search.files import narrowest, write_whole
from search.store import facet_joins
from search.store import whoosh_index as wi
from search.store.changes import Appended
from search.store.facet_kinds import KINDS, JoinedKind, Kind, kind_of, record_fields
from search.store.facets import (
    STORE_FILE,
    STORE_VERSION,
    FacetStore,
    FieldStore,
    RawField,
    labelled,
    load_raw,
)


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


def _field_names(
    per_doc: Iterable[Mapping[str, Any] | None], known: Iterable[str] = ()
) -> list[str]:
    """newsidx's facet fields, then the records' own fields in name order."""
    extra = {name for doc in per_doc if doc is not None for name in doc} | set(known)
    return [*schema.FACET_FIELDS, *sorted(extra - set(schema.FACET_FIELDS))]


UserAliases = aliases.UserAliases


def build_store(
    ix: Any, folder: Path, *, user: UserAliases | None = None, write: bool = True
) -> FacetStore:
    """Read every document's facet values; write the store into ``folder`` unless told not
    (``user``: the user's alias file, `aliases.load_user_aliases`)."""
    return from_values(_read_stored(ix), ix.latest_generation(), folder, user=user, write=write)


def from_values(
    per_doc: Sequence[Mapping[str, Sequence[str]] | None],
    generation: int,
    folder: Path | None = None,
    *,
    user: UserAliases | None = None,
    write: bool = False,
) -> FacetStore:
    """The store of documents given as {field: raw values} by document number (None: a
    deleted number); written into ``folder`` when ``write``."""
    raw = {
        fname: _encode(d.get(fname, ()) if d is not None else () for d in per_doc)
        for fname in _field_names(per_doc)
    }
    if write and folder is None:
        raise ValueError("a store to write needs a folder")
    return _finish(folder or Path("."), generation, raw, user=user or {}, write=write)


def update_store(
    ix: Any,
    folder: Path,
    previous: dict[str, RawField],
    appended: Appended,
    *,
    user: UserAliases | None = None,
    previous_folder: Path | None = None,
    previous_generation: int = -1,
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
    return _finish(
        folder,
        ix.latest_generation(),
        raw,
        user=user or {},
        write=True,
        joined_from=previous_folder,
        joined_generation=previous_generation,
    )


def relabel_store(
    source: Path, folder: Path, generation: int, *, user: UserAliases | None = None
) -> FacetStore | None:
    """The store of ``source`` with its labels recomputed (after an alias change) written into
    ``folder``, reading no article; None when ``source`` has no store for ``generation``."""
    raw = load_raw(source, generation)
    if raw is None:
        return None
    return _finish(
        folder,
        generation,
        raw,
        user=user or {},
        write=True,
        joined_from=source,
        joined_generation=generation,
    )


def _finish(
    location: Path,
    generation: int,
    raw: dict[str, RawField],
    *,
    user: UserAliases,
    write: bool,
    joined_from: Path | None = None,
    joined_generation: int = -1,
) -> FacetStore:
    """Labels for the raw values (corpus-wide surnames, the user's aliases), and the store's
    files; the joins of ``joined_from`` (the previous store's folder, of
    ``joined_generation``) are remade only where counts moved. Stamped with the file it
    stands in for, so a store built in memory beside a stale file is reused until that file
    changes."""
    import numpy as np

    moved = aliases.retypes(user)
    raw = _retyped(raw, moved)
    total = len(raw["person"].offsets) - 1
    hidden = {f: {name: "" for name in names} for f, names in moved.items()}
    maps = {}
    uses_of: dict[str, list[int]] = {}
    for fname, field_raw in raw.items():
        kind = kind_of(fname)
        uses = np.bincount(field_raw.values, minlength=len(field_raw.raws)).tolist()
        uses_of[fname] = uses
        if isinstance(kind, JoinedKind):  # joins remade only where counts moved
            before = facet_joins.load(joined_from, fname, joined_generation)
            joins = facet_joins.made(field_raw.raws, uses, kind.bases, kind.joins, before)
            if write:
                facet_joins.write(location, fname, generation, joins)
            maps[fname] = kind.alias_map(field_raw.raws, uses, user, hidden, joins.mapping)
        else:
            maps[fname] = kind.alias_map(field_raw.raws, uses, user, hidden)
    header: dict[str, Any] = {
        "version": STORE_VERSION,
        "generation": generation,
        "doc_count_all": total,
        "fields": {},
    }
    fields: dict[str, FieldStore] = {}
    for fname, field_raw in raw.items():
        mapping = maps.get(fname, aliases.AliasMap()).mapping
        raws = field_raw.raws
        raw_keys = [r.lower() for r in raws]
        shown = (
            [mapping.get(k, r) for k, r in zip(raw_keys, raws, strict=True)] if mapping else raws
        )
        labels, raw_label = _labels(shown, uses_of[fname])
        kind = kind_of(fname)
        # what a filter names each raw value by: its lower case unless the kind says otherwise
        keys = raw_keys if type(kind).key is Kind.key else [kind.key(r) for r in raws]
        cased = kind.cased
        exceptions: dict[str, str] = {}
        for key, raw_key, r, lab, i in zip(
            keys, raw_keys, raws, shown, raw_label.tolist(), strict=True
        ):
            spelled = labels[i] if i >= 0 else ""
            if (raw_key if lab is r else lab.lower()) != key or (cased and spelled != r):
                exceptions[key] = spelled
        identity = labels == field_raw.raws
        repeats = _repeats(field_raw.offsets, field_raw.values, raw_label)
        data = labelled(field_raw.offsets, field_raw.values, raw_label, tuple(labels), repeats)
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


def _labels(shown: Sequence[str], uses: Sequence[int]) -> tuple[list[str], Any]:
    """The labels of raw values shown as ``shown`` and used ``uses`` times, and each raw
    value's label id (-1: dropped, shown as ""). Values that differ only in case are one
    label, written as most articles write it (ties: the first in sort order), whatever order
    the articles were indexed in; ids in the order the labels first appear."""
    import numpy as np

    lowered = [label.lower() for label in shown]
    best: dict[str, tuple[int, str]] = {}
    for low, label, n in zip(lowered, shown, uses, strict=True):
        if label:
            got = best.get(low)
            if got is None or (-n, label) < got:
                best[low] = (-n, label)
    ids = {low: i for i, low in enumerate(best)}
    raw_label = np.array([ids.get(low, -1) for low in lowered], dtype=np.int64)
    return [spelled for _, spelled in best.values()], raw_label


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


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")
