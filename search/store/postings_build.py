"""Writing the postings store (`postings`): the analysed text of one run (`Collector`), the
full build of a generation (from the previous store where an article is unchanged, from the
run's analysis where it is new, from stored text otherwise) and the fast path after a commit
that only appended articles (`changes.Appended`)."""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from search import analysis, schema
from search.files import read_through
from search.store import whoosh_index as wi
from search.store.changes import Appended
from search.store.postings import (
    FIELDS,
    BlobWriter,
    FieldPostings,
    Ints,
    TextStore,
    assemble,
    unpack,
    write,
)
from search.store.stored import Segment

RELEASE_EVERY = 16 << 20  # bytes of the previous blob read between letting its pages go
_COMPRESS_ABOVE = 48  # bytes: shorter segments are stored raw (zlib's header would not pay)


@dataclass
class Collector:
    """The analysed text of the articles indexed in one run, kept as flat arrays."""

    keys: list[str] = field(default_factory=list)
    lexicons: dict[str, dict[str, int]] = field(default_factory=lambda: {f: {} for f in FIELDS})
    terms: dict[str, array] = field(  # type: ignore[type-arg]
        default_factory=lambda: {f: array("I") for f in FIELDS}
    )
    docs: dict[str, array] = field(  # type: ignore[type-arg]
        default_factory=lambda: {f: array("I") for f in FIELDS}
    )
    positions: dict[str, array] = field(  # type: ignore[type-arg]
        default_factory=lambda: {f: array("I") for f in FIELDS}
    )
    lengths: dict[str, array] = field(  # type: ignore[type-arg]
        default_factory=lambda: {f: array("I") for f in FIELDS}
    )

    def add(self, key: str, texts: Mapping[str, str]) -> None:
        """Analyse one article's text fields; ``key`` is its id."""
        ref = len(self.keys)
        self.keys.append(key)
        for fname in FIELDS:
            words, positions = analysis.analyse_positions(texts.get(fname) or "")
            lexicon = self.lexicons[fname]
            ids = [lexicon.setdefault(w, len(lexicon)) for w in words]
            self.terms[fname].extend(ids)
            self.docs[fname].extend([ref] * len(ids))
            self.positions[fname].extend(positions)
            self.lengths[fname].append(len(ids))


@dataclass(frozen=True)
class DocTable:
    """What the store needs of each document of the new index generation."""

    generation: int
    ids: Sequence[str | None]  # by document number; None for deleted documents
    published: Sequence[int]  # date ordinals
    segments: tuple[Segment, ...] | None = None
    added: Sequence[int] = ()  # generations (empty: none recorded)


def read_doc_table(ix: Any) -> DocTable:
    """Ids and dates of every document of the index's latest generation (one stored pass)."""
    total = wi.document_count(ix)
    ids: list[str | None] = [None] * total
    published = [schema.NO_DATE] * total
    added = [0] * total
    for docnum, stored in wi.stored_documents(ix):
        ids[docnum] = stored["id"]
        published[docnum] = schema.date_ordinal(stored.get("published"))
        added[docnum] = int(stored.get(schema.ADDED_FIELD) or 0)
    segments = wi.segments_of(ix)
    return DocTable(
        ix.latest_generation(),
        ids,
        published,
        tuple(segments) if segments is not None else None,
        added,
    )


def collect_stored(ix: Any, doc_ids: Iterable[str], collector: Collector) -> None:
    """Analyse the stored title and body of the given articles into ``collector``."""
    wanted = set(doc_ids)
    if not wanted:
        return
    for _, stored in wi.stored_documents(ix):
        if stored["id"] in wanted:
            collector.add(
                stored["id"],
                {"title": stored.get("title") or "", "body": schema.stored_body(stored)},
            )


def build(
    table: DocTable,
    collector: Collector,
    *,
    previous: TextStore | None = None,
    previous_docnums: Mapping[str, int] | None = None,
) -> tuple[TextStore, dict[str, bytes]]:
    """The store for ``table``'s generation, and the files that hold it.

    Each live document's postings come from ``collector`` when it analysed that id in this run,
    else from ``previous`` (at its old document number, ``previous_docnums``); callers collect
    every other live document first (see `missing`).
    """
    total = len(table.ids)
    new_docnum = {doc_id: n for n, doc_id in enumerate(table.ids) if doc_id is not None}
    collected = {key: ref for ref, key in enumerate(collector.keys)}
    col_to_doc = np.array([new_docnum.get(key, -1) for key in collector.keys], dtype=np.int64)
    # previous document number -> new one, for documents unchanged in this run
    remap: Ints = np.zeros(0, dtype=np.int64)
    if previous is not None and previous_docnums is not None:
        remap = np.full(previous.doc_count_all, -1, dtype=np.int64)
        for doc_id, old in previous_docnums.items():
            new = new_docnum.get(doc_id)
            if new is not None and doc_id not in collected and old < previous.doc_count_all:
                remap[old] = new
    blob = bytearray()
    live = np.array([i is not None for i in table.ids], dtype=bool)
    fields: dict[str, FieldPostings] = {}
    for fname in FIELDS:
        terms, term_col, doc_col, pos_col, lengths = _occurrences(
            fname, total, collector, col_to_doc, previous, remap
        )
        offsets, df, cf, terms = _write_postings(blob, terms, term_col, doc_col, pos_col)
        fields[fname] = FieldPostings(terms, df, cf, offsets, lengths, _avglen(lengths, live), b"")
    published = np.array(table.published, dtype=np.int64)
    added = np.array(table.added or [0] * total, dtype=np.int64)
    return assemble(table.generation, fields, live, published, bytes(blob), table.segments, added)


def _avglen(lengths: Ints, live: Any) -> float:
    """Mean field length over live documents (1 when there are none, or all are empty)."""
    live_lengths = lengths[live]
    return float(live_lengths.mean()) if live_lengths.any() else 1.0


def missing(table: DocTable, collector: Collector, previous_docnums: Mapping[str, int]) -> set[str]:
    """Ids of live documents neither analysed in this run nor available in the previous store."""
    have = set(collector.keys) | set(previous_docnums)
    return {i for i in table.ids if i is not None and i not in have}


def _occurrences(
    fname: str,
    total: int,
    collector: Collector,
    col_to_doc: Ints,
    previous: TextStore | None,
    remap: Ints,
) -> tuple[list[str], Ints, Ints, Ints, Ints]:
    """Every (term, document, position) of the field in the new generation, terms sorted."""
    lexicon = collector.lexicons[fname]
    old = previous.fields.get(fname) if previous is not None and len(remap) else None
    terms = sorted(set(lexicon) | set(old.terms if old is not None else ()))
    index = {t: i for i, t in enumerate(terms)}
    lengths = np.zeros(total, dtype=np.int64)
    parts: list[tuple[Ints, Ints, Ints]] = []
    if collector.keys:
        local_to_term = np.zeros(len(lexicon), dtype=np.int64)
        for word, local in lexicon.items():
            local_to_term[local] = index[word]
        docs = col_to_doc[np.frombuffer(collector.docs[fname], dtype=np.uint32)]
        keep = docs >= 0
        term_ids = local_to_term[np.frombuffer(collector.terms[fname], dtype=np.uint32)]
        pos = np.frombuffer(collector.positions[fname], dtype=np.uint32).astype(np.int64)
        parts.append((term_ids[keep], docs[keep], pos[keep]))
        col_lengths = np.frombuffer(collector.lengths[fname], dtype=np.uint32)
        ok = col_to_doc >= 0
        lengths[col_to_doc[ok]] = col_lengths[ok]
    if old is not None:
        old_ok = remap >= 0
        lengths[remap[old_ok]] = old.lengths[old_ok]
        for i, word in enumerate(old.terms):
            docs, tf = old.postings(i)
            new_docs = remap[docs]
            if not (new_docs >= 0).any():
                continue
            occ_docs = np.repeat(new_docs, tf)
            pos = old.positions(i)
            keep = occ_docs >= 0
            parts.append((np.full(int(keep.sum()), index[word]), occ_docs[keep], pos[keep]))
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return terms, empty, empty, empty, lengths
    term_col = np.concatenate([p[0] for p in parts]).astype(np.int64)
    doc_col = np.concatenate([p[1] for p in parts]).astype(np.int64)
    pos_col = np.concatenate([p[2] for p in parts]).astype(np.int64)
    order = np.lexsort((pos_col, doc_col, term_col))
    return terms, term_col[order], doc_col[order], pos_col[order], lengths


def _pack(values: Any) -> bytes:
    raw: bytes = np.ascontiguousarray(values, dtype=np.uint32).tobytes()
    if len(raw) > _COMPRESS_ABOVE:
        packed = zlib.compress(raw, 6)
        if len(packed) < len(raw):
            return packed
    return raw


def _extend(held: Any, count: int, values: Any) -> bytes:
    """A segment of ``count`` values (``held``, as stored) with ``values`` after them: the
    stored bytes as they are and the new values compressed after them (`postings.unpack`
    reads the streams one after another), so a term in most articles is not compressed
    again whole on every commit; the whole segment packed again when it was stored raw or
    the two would be no smaller than raw."""
    raw = np.ascontiguousarray(values, dtype=np.uint32).tobytes()
    total = count * 4 + len(raw)
    if len(held) < count * 4:  # compressed
        packed = zlib.compress(raw, 6)
        if len(held) + len(packed) < total:
            return bytes(held) + packed
    before = np.frombuffer(unpack(held, count), dtype=np.uint32)
    return _pack(np.concatenate([before, values.astype(np.uint32, copy=False)]))


def _write_postings(
    blob: bytearray, terms: list[str], term_col: Ints, doc_col: Ints, pos_col: Ints
) -> tuple[Ints, Ints, Ints, list[str]]:
    """Append each term's segments to ``blob``; terms without postings are dropped."""
    n = len(term_col)
    if n == 0:
        zero = np.zeros(0, dtype=np.int64)
        return np.zeros(1, dtype=np.int64) + len(blob), zero, zero, []
    # runs of one (term, document): their starts give term frequencies
    change = np.ones(n, dtype=bool)
    change[1:] = (term_col[1:] != term_col[:-1]) | (doc_col[1:] != doc_col[:-1])
    run_starts = np.flatnonzero(change)
    run_tf = np.diff(np.append(run_starts, n))
    run_term = term_col[run_starts]
    run_doc = doc_col[run_starts]
    present = np.unique(run_term)
    df_all = np.bincount(run_term, minlength=len(terms))
    cf_all = np.bincount(term_col, minlength=len(terms))
    run_bounds = np.searchsorted(run_term, np.append(present, len(terms)))
    occ_bounds = np.searchsorted(term_col, np.append(present, len(terms)))
    offsets = np.zeros(3 * len(present) + 1, dtype=np.int64)
    k = 0
    for j in range(len(present)):
        r0, r1 = run_bounds[j], run_bounds[j + 1]
        docs = run_doc[r0:r1]
        for segment in (
            np.diff(docs, prepend=0),
            run_tf[r0:r1],
            pos_col[occ_bounds[j] : occ_bounds[j + 1]],
        ):
            offsets[k] = len(blob)
            blob += _pack(segment)
            k += 1
    offsets[k] = len(blob)
    kept = [terms[i] for i in present.tolist()]
    return offsets, df_all[present].astype(np.int64), cf_all[present].astype(np.int64), kept


def build_from_index(ix: Any) -> TextStore:
    """A store for the index's latest generation analysed from its stored text, in memory."""
    table = read_doc_table(ix)
    collector = Collector()
    collect_stored(ix, (i for i in table.ids if i is not None), collector)
    store, _ = build(table, collector)
    return store


def refresh(
    ix: Any,
    location: Path,
    collector: Collector,
    *,
    previous: TextStore | None,
    previous_docnums: Mapping[str, int],
    appended: Appended | None = None,
) -> TextStore:
    """After a commit: build the store for the new generation and write it next to the index
    (``appended``: the commit only appended the collected documents)."""
    if previous is not None and appended is not None and appended.base == previous.doc_count_all:
        store, files = _append(ix, location, collector, previous, appended)
        write(location, files)
        return store
    table = read_doc_table(ix)
    usable = previous_docnums if previous is not None else {}
    collect_stored(ix, missing(table, collector, usable), collector)
    store, files = build(table, collector, previous=previous, previous_docnums=usable)
    write(location, files)
    return store


def _append(
    ix: Any, location: Path, collector: Collector, previous: TextStore, appended: Appended
) -> tuple[TextStore, dict[str, bytes]]:
    """The fast path after a commit that only appended documents (no segment merge): every
    earlier document keeps its number, so the postings of the terms no new document has are
    copied from the previous blob as they are, in runs (the blob is written to its file as
    it goes, never held whole), and the postings of deleted or replaced documents stay,
    masked by ``live``, until a merge renumbers documents and the full rebuild drops them."""
    base, live = appended.base, appended.live
    published = np.concatenate([previous.published, appended.published])
    added = np.concatenate([previous.added, appended.added])
    blob = BlobWriter(location)
    try:
        fields = {
            fname: _append_field(previous.fields[fname], collector, fname, base, live, blob)
            for fname in FIELDS
        }
    except BaseException:
        blob.discard()
        raise
    mapped_blob = blob.close()
    segments = wi.segments_of(ix)
    return assemble(
        ix.latest_generation(),
        fields,
        live,
        published,
        mapped_blob,
        tuple(segments) if segments is not None else None,
        added,
    )


def _append_field(
    old: FieldPostings, collector: Collector, fname: str, base: int, live: Any, blob: BlobWriter
) -> FieldPostings:
    """One field of `_append`: the previous terms and the run's, in order; a term the run
    did not write keeps its segments (copied with the run of unchanged terms it is in)."""
    lexicon = collector.lexicons[fname]
    old_terms = list(old.terms)
    old_ids = {t: j for j, t in enumerate(old_terms)}
    fresh = sorted(w for w in lexicon if w not in old_ids)
    terms = sorted(old_terms + fresh) if fresh else old_terms  # Timsort: two sorted runs
    index = {t: i for i, t in enumerate(terms)} if fresh else old_ids
    # for each term, the previous one it is (-1: new in this run)
    from_old = np.full(len(terms), -1, dtype=np.int64)
    if fresh:
        is_fresh = np.zeros(len(terms), dtype=bool)
        is_fresh[[index[w] for w in fresh]] = True
        from_old[~is_fresh] = np.arange(len(old_terms))
    else:
        from_old[:] = np.arange(len(old_terms))
    local_to_term = np.zeros(len(lexicon), dtype=np.int64)
    for word, local in lexicon.items():
        local_to_term[local] = index[word]
    term_col = local_to_term[np.frombuffer(collector.terms[fname], dtype=np.uint32)]
    doc_col = base + np.frombuffer(collector.docs[fname], dtype=np.uint32).astype(np.int64)
    pos_col = np.frombuffer(collector.positions[fname], dtype=np.uint32).astype(np.int64)
    order = np.lexsort((pos_col, doc_col, term_col))
    term_col, doc_col, pos_col = term_col[order], doc_col[order], pos_col[order]
    new_bounds = np.searchsorted(term_col, np.arange(len(terms) + 1))
    written = np.flatnonzero(np.diff(new_bounds) > 0)  # terms with postings in this run
    offsets = np.zeros(3 * len(terms) + 1, dtype=np.int64)
    df = np.zeros(len(terms), dtype=np.int64)
    cf = np.zeros(len(terms), dtype=np.int64)
    kept = from_old >= 0
    df[kept], cf[kept] = old.df[from_old[kept]], old.cf[from_old[kept]]
    old_offsets = old.offsets.astype(np.int64)
    source = memoryview(old.blob) if len(old.blob) else memoryview(b"")
    start = 0  # the first term not yet written
    released = 0  # the previous blob is read in order: its pages before this are let go
    try:
        for t in [*written.tolist(), len(terms)]:
            if start < t:  # terms start..t-1 are unchanged: one slice of the previous blob
                j0, j1 = int(from_old[start]), int(from_old[t - 1])
                a, b = int(old_offsets[3 * j0]), int(old_offsets[3 * j1 + 3])
                shift = blob.size - a
                offsets[3 * start : 3 * t] = old_offsets[3 * j0 : 3 * j1 + 3] + shift
                blob.write(source[a:b])
                if b - released >= RELEASE_EVERY:
                    read_through(old.blob, released, b)
                    released = b
            if t == len(terms):
                break
            j = int(from_old[t])
            n0, n1 = int(new_bounds[t]), int(new_bounds[t + 1])
            runs = np.flatnonzero(np.r_[True, doc_col[n0 + 1 : n1] != doc_col[n0 : n1 - 1]])
            docs = doc_col[n0:n1][runs]
            tf = np.diff(np.r_[runs, n1 - n0])
            pos = pos_col[n0:n1]
            if j < 0:
                parts = [_pack(np.diff(docs, prepend=0)), _pack(tf), _pack(pos)]
                df[t], cf[t] = len(docs), len(pos)
            else:
                counts = (int(old.df[j]), int(old.df[j]), int(old.cf[j]))
                held = [
                    source[int(old_offsets[3 * j + k]) : int(old_offsets[3 * j + k + 1])]
                    for k in range(3)
                ]
                last = int(np.frombuffer(unpack(held[0], counts[0]), np.uint32).sum(dtype=np.int64))
                parts = [
                    _extend(piece, count, new)
                    for piece, count, new in zip(
                        held, counts, (np.diff(docs, prepend=last), tf, pos), strict=True
                    )
                ]
                df[t], cf[t] = counts[0] + len(docs), counts[2] + len(pos)
            for k, packed in enumerate(parts):
                offsets[3 * t + k] = blob.size
                blob.write(packed)
            start = t + 1
    finally:
        source.release()
    read_through(old.blob, released, len(old.blob))
    offsets[3 * len(terms)] = blob.size
    lengths = np.concatenate(
        [old.lengths.astype(np.int64), np.frombuffer(collector.lengths[fname], np.uint32)]
    )
    return FieldPostings(terms, df, cf, offsets, lengths, _avglen(lengths, live), b"")
