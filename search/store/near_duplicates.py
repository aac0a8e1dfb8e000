"""Near-duplicate groups: syndicated copies and lightly edited versions of one story.

Each article's body is sketched as a MinHash signature (rensa's `RMinHash`) of its five-word
shingles; two bodies whose signatures agree on at least THRESHOLD of their values (an estimate
of the Jaccard similarity of their shingle sets) are versions of one story. rensa rather than
datasketch: datasketch's import takes 0.7 s (it loads scipy for its LSH), most of the 1 s an
index run that adds one article may take, and its sketch cost 100–400 µs an article more
(`benchmarks/near_duplicates.py`). Candidates are found by banding the signatures (the bands
datasketch's LSH chooses for the threshold, BANDS and ROWS) with numpy sorts, not by an LSH
index: the store is rebuilt at every commit, and inserting and querying 100,000 signatures
there takes seconds where the sorts take a fraction of one (the benchmark prints both).

A group is a star: every member is a near-duplicate of its leader, the first of the group in
index order, so a chain of small edits never links two different stories through the versions
between them. Bodies of fewer than MIN_SHINGLES shingles are too short to tell and join no
group. The store (signatures and leaders, by document number) is derived like the postings:
written beside them at each commit, from the run's signatures, the previous store's and, for
an article neither has, its stored body.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from search.files import write_array, write_whole

NUM_PERM = 64
SHINGLE_WORDS = 5
THRESHOLD = 0.8
MIN_SHINGLES = 20
SEED = 1
# the (bands, rows per band) that datasketch's MinHashLSH takes for THRESHOLD at NUM_PERM (the
# pair of least weighted false-positive and false-negative probability; a test checks them
# against the library)
BANDS, ROWS = 5, 11
VERSION = 2  # 2: rensa's signatures (datasketch's before)
META_FILE = "neardup.json"
SIGNATURES_FILE = "neardup-signatures.bin"
DELTA_FILE = "neardup-signatures-delta.bin"  # the rows appended since the base file
MAX_DELTA_SHARE = 0.25  # of the base's rows: a larger delta is folded into a new base
MIN_DELTA_ROWS = 10_000
LEADERS_FILE = "neardup-leaders.bin"
EMPTY = np.uint32(0xFFFFFFFF)  # every value of a signature with no shingles (or no article)

Signatures = npt.NDArray[np.uint32]  # one row of NUM_PERM values per document number
Leaders = npt.NDArray[np.int32]  # by document number: the group's leader (itself when alone)

_WORD = re.compile(r"\w+")
_MIX = np.random.default_rng(7).integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)


def shingles(body: str) -> set[bytes]:
    """The body's runs of SHINGLE_WORDS words, lower case (punctuation and spacing aside)."""
    words = _WORD.findall(body.lower())
    return {
        " ".join(words[i : i + SHINGLE_WORDS]).encode()
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def signature(body: str) -> npt.NDArray[np.uint32]:
    """The MinHash signature of the body (all EMPTY when it is too short to group)."""
    from rensa import RMinHash

    found = shingles(body)
    if len(found) < MIN_SHINGLES:
        return np.full(NUM_PERM, EMPTY, dtype=np.uint32)
    sketch = RMinHash(num_perm=NUM_PERM, seed=SEED)
    sketch.update(list(found))
    return np.asarray(sketch.digest(), dtype=np.uint32)


def bands() -> tuple[int, int]:
    """(bands, rows per band) of the candidate search: BANDS and ROWS."""
    return BANDS, ROWS


def leaders(signatures: Signatures) -> Leaders:
    """Each document's group leader: the first earlier document (by number) that leads a group
    and whose signature agrees with its own on THRESHOLD of the values; itself when none."""
    count = len(signatures)
    lead = np.arange(count, dtype=np.int32)
    usable = _usable(signatures)
    if len(usable) < 2:
        return lead
    _place(lead, signatures, _candidates(signatures, usable))
    return lead


def extended(signatures: Signatures, before: Leaders) -> Leaders:
    """`leaders` of ``signatures`` whose first ``len(before)`` rows are those ``before`` was
    found from (documents appended since, none emptied): a document's leader depends only on
    the documents before it, so those rows keep theirs, and only the buckets the new documents
    fall in are searched (adding one article to a large index searched them all)."""
    start = len(before)
    lead = np.arange(len(signatures), dtype=np.int32)
    lead[:start] = before
    usable = _usable(signatures)
    if not len(usable) or usable[-1] < start:
        return lead
    fresh = usable >= start
    near = fresh.copy()  # documents that share a bucket with a new one, and the new ones
    for band in range(BANDS):
        keys = _band_keys(signatures, usable, band)
        near |= np.isin(keys, keys[fresh])
    pairs = _candidates(signatures, usable[near])
    _place(lead, signatures, [(later, earlier) for later, earlier in pairs if later >= start])
    return lead


BLOCK_ROWS = 65_536  # signatures compared a block at a time: a million rows' comparison
# at once held 64 MB of booleans, their band keys 180 MB


def empty_rows(signatures: Signatures) -> npt.NDArray[np.bool_]:
    """For each row, whether it is empty (no shingles, no article), a block at a time."""
    out = np.zeros(len(signatures), dtype=bool)
    for at in range(0, len(signatures), BLOCK_ROWS):
        out[at : at + BLOCK_ROWS] = (signatures[at : at + BLOCK_ROWS] == EMPTY).all(axis=1)
    return out


def _usable(signatures: Signatures) -> npt.NDArray[np.int64]:
    """The numbers of the documents with a signature (not too short, not deleted)."""
    if not len(signatures):
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(~empty_rows(signatures))


def _place(lead: Leaders, signatures: Signatures, candidates: list[tuple[int, int]]) -> None:
    """Give each later document of ``candidates`` (in their order) the leader of the first
    earlier one whose leader's signature agrees with its own on THRESHOLD of the values."""
    need = int(np.ceil(THRESHOLD * NUM_PERM))
    for later, earlier in candidates:
        if lead[later] != later:
            continue  # already placed by an earlier candidate
        head = lead[earlier]
        if head == later:
            continue
        agree = int(np.count_nonzero(signatures[later] == signatures[head]))
        if agree >= need:
            lead[later] = head


def _band_keys(
    signatures: Signatures, usable: npt.NDArray[np.int64], band: int
) -> npt.NDArray[np.uint64]:
    """One number per usable document for one band of its signature (wrapping: documents that
    share one are checked value by value)."""
    r = ROWS
    keys: npt.NDArray[np.uint64] = np.empty(len(usable), dtype=np.uint64)
    for at in range(0, len(usable), BLOCK_ROWS):
        rows = usable[at : at + BLOCK_ROWS]
        block = signatures[rows, band * r : (band + 1) * r].astype(np.uint64)
        keys[at : at + BLOCK_ROWS] = (block * _MIX[:r]).sum(axis=1)
    return keys


def _candidates(signatures: Signatures, usable: npt.NDArray[np.int64]) -> list[tuple[int, int]]:
    """(later, earlier) document pairs sharing a band, in the order `leaders` tries them: by
    the later one, then the earlier one (each later document paired with the first document of
    every bucket it falls in)."""
    pairs: list[npt.NDArray[np.int64]] = []
    for band in range(BANDS):
        keys = _band_keys(signatures, usable, band)
        order = np.argsort(keys, kind="stable")  # equal keys keep the ascending numbers
        ranked = keys[order]
        same = np.zeros(len(order), dtype=bool)
        same[1:] = ranked[1:] == ranked[:-1]
        if not same.any():
            continue
        starts = np.flatnonzero(~same)
        first = starts[np.cumsum(~same) - 1]  # the position of each one's bucket's first
        members = np.flatnonzero(same)
        pairs.append(np.stack([usable[order[members]], usable[order[first[members]]]], axis=1))
    if not pairs:
        return []
    found = np.unique(np.concatenate(pairs), axis=0)  # sorted by later, then earlier
    return [(int(a), int(e)) for a, e in found]


@dataclass(frozen=True)
class Groups:
    """The groups a search reads: each document's leader, and which documents are in a group
    of two or more (most are not: a search only looks closer at those)."""

    leaders: Leaders
    grouped: npt.NDArray[np.bool_]

    @staticmethod
    def of(lead: Leaders) -> Groups:
        grouped = lead != np.arange(len(lead))
        grouped[lead[grouped]] = True
        return Groups(lead, grouped)


@dataclass(frozen=True)
class Summary:
    """Near-duplicate groups of an index: how many, and how many articles they hold."""

    groups: int
    articles: int


def summary(lead: Leaders, live: npt.NDArray[np.bool_] | None = None) -> Summary:
    """The groups of ``lead`` (live documents only, when ``live`` says which)."""
    if not len(lead):
        return Summary(0, 0)
    keep = np.ones(len(lead), dtype=bool) if live is None else live[: len(lead)]
    members = keep & (lead != np.arange(len(lead)))
    heads = np.unique(lead[members])
    return Summary(len(heads), int(members.sum()) + len(heads))


def write(
    folder: Path,
    generation: int,
    signatures: Signatures,
    lead: Leaders,
    *,
    extends: tuple[Path, int, npt.NDArray[np.bool_]] | None = None,
) -> None:
    """Write the store into ``folder``. ``extends``: (the previous generation's folder, its
    generation, which of its signatures were empty, `empty_rows`) when ``signatures`` are its
    signatures (some rows emptied) with rows appended; then its base file is linked as it is
    and only the rows after the base are written (`DELTA_FILE`), until they are more than
    MAX_DELTA_SHARE of it — adding one article to a large index rewrote every signature
    (50 MB at 100,000 articles)."""
    meta: dict[str, Any] = {
        "version": VERSION,
        "generation": generation,
        "rows": len(lead),
        "perm": NUM_PERM,
    }
    if extends is None or not _write_delta(folder, signatures, meta, *extends):
        write_array(folder / SIGNATURES_FILE, np.ascontiguousarray(signatures, "<u4"))
    write_whole(folder / LEADERS_FILE, np.ascontiguousarray(lead, "<i4").tobytes())
    write_whole(folder / META_FILE, json.dumps(meta).encode())


def _write_delta(
    folder: Path,
    signatures: Signatures,
    meta: dict[str, Any],
    previous_folder: Path,
    previous_generation: int,
    previous_empty: npt.NDArray[np.bool_],
) -> bool:
    """Link the previous base file into ``folder`` and write the rows after it; the base and
    the rows of it emptied since go into ``meta``. False when a whole file is to be written."""
    before = _meta(previous_folder, previous_generation)
    if before is None or len(previous_empty) != int(before["rows"]):
        return False
    base = int(before.get("base_rows", before["rows"]))
    if not base <= len(previous_empty) <= len(signatures):
        return False
    if len(signatures) - base > max(MIN_DELTA_ROWS, MAX_DELTA_SHARE * base):
        return False
    now_empty = empty_rows(signatures[:base])
    newly = np.flatnonzero(now_empty & ~previous_empty[:base])
    try:
        os.link(previous_folder / SIGNATURES_FILE, folder / SIGNATURES_FILE)
    except OSError:
        return False
    write_array(folder / DELTA_FILE, np.ascontiguousarray(signatures[base:], "<u4"))
    emptied = sorted({*before.get("emptied", []), *newly.tolist()})
    meta.update(base_rows=base, emptied=emptied)
    return True


def _meta(folder: Path, generation: int) -> dict[str, Any] | None:
    """The metadata of the store of ``folder`` for ``generation``, None if none."""
    try:
        meta = json.loads((folder / META_FILE).read_bytes())
        if meta.get("version") != VERSION or meta.get("generation") != generation:
            return None
        if meta.get("perm") != NUM_PERM:
            return None
        int(meta["rows"])
        return dict(meta)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _array(folder: Path, name: str, dtype: str, rows: int, width: int) -> Any:
    """The ``rows`` rows of one of the store's files (None when it is missing or not of that
    size)."""
    try:
        flat = np.fromfile(folder / name, dtype=dtype)
    except (OSError, ValueError):
        return None
    return flat if len(flat) == rows * width else None


def load_leaders(folder: Path, generation: int) -> Leaders | None:
    """The group leaders of ``generation`` (None when the store is missing or another's)."""
    meta = _meta(folder, generation)
    lead = None if meta is None else _array(folder, LEADERS_FILE, "<i4", int(meta["rows"]), 1)
    return None if lead is None else lead.astype(np.int32)


def load_signatures(folder: Path, generation: int, *, capacity: int = 0) -> Signatures | None:
    """The signatures of ``generation``: the base file, with the rows emptied since it was
    written emptied and the delta's rows after it. Read into one array of at least
    ``capacity`` rows (those after the store's own empty), so that a commit that appends
    holds the signatures once: the store's rows are then the array's first rows."""
    meta = _meta(folder, generation)
    if meta is None:
        return None
    rows = int(meta["rows"])
    base = int(meta.get("base_rows", rows))
    if not 0 <= base <= rows:
        return None
    out: Signatures = np.full((max(rows, capacity), NUM_PERM), EMPTY, dtype=np.uint32)
    if not _read_into(folder / SIGNATURES_FILE, out[:base]):
        return None
    if base < rows and not _read_into(folder / DELTA_FILE, out[base:rows]):
        return None
    try:
        emptied = np.asarray(meta.get("emptied", []), dtype=np.int64)
        out[emptied] = EMPTY
    except (ValueError, IndexError, TypeError):
        return None
    return out


def _read_into(path: Path, rows: Signatures) -> bool:
    """Fill ``rows`` from a file of exactly as many little-endian rows; False when the file
    is missing or not of that size."""
    try:
        with path.open("rb") as f:
            if os.fstat(f.fileno()).st_size != rows.nbytes:
                return False
            view = memoryview(rows.reshape(-1).view(np.uint8))  # type: ignore[arg-type]
            while view:
                n = f.readinto(view)
                if not n:
                    return False
                view = view[n:]
    except OSError:
        return False
    if rows.dtype.byteorder == ">" or (rows.dtype.byteorder == "=" and np.little_endian is False):
        rows.byteswap(inplace=True)
    return True


def build(
    ids: Sequence[str | None],
    *,
    new: Mapping[str, npt.NDArray[np.uint32]],
    previous: Signatures | None,
    previous_docnums: Mapping[str, int],
    bodies: Callable[[list[int]], Iterable[tuple[int, str]]],
    appended: bool = False,
) -> Signatures:
    """The signatures of a generation whose documents are ``ids`` (None: deleted): from
    ``new`` (the run's), else ``previous`` (by the number an id had), else computed from the
    bodies ``bodies`` yields for the numbers it is given ((number, body) pairs).
    ``appended``: the commit only appended, so ``previous``'s rows keep their numbers."""
    missing: list[int] = []
    start = 0
    if appended and previous is not None and len(previous) <= len(ids):
        # every earlier document kept its number: its row is the previous store's (a deleted
        # one's is emptied), and only the documents after them are looked up; previous
        # signatures read with room for the new rows are extended where they are
        start = len(previous)
        base = previous.base if isinstance(previous.base, np.ndarray) else None
        if base is not None and base.shape == (len(ids), NUM_PERM) and base.dtype == np.uint32:
            out = base
        else:
            out = np.full((len(ids), NUM_PERM), EMPTY, dtype=np.uint32)
            out[:start] = previous
    else:
        out = np.full((len(ids), NUM_PERM), EMPTY, dtype=np.uint32)
    for number in range(start, len(ids)):
        doc_id = ids[number]
        if doc_id is None:
            continue
        fresh = new.get(doc_id)
        if fresh is not None:
            out[number] = fresh
            continue
        old = previous_docnums.get(doc_id)
        if previous is not None and old is not None and old < len(previous):
            out[number] = previous[old]
        else:
            missing.append(number)
    for number, body in bodies(missing) if missing else ():
        out[number] = signature(body)
    if start:  # emptied last: a row moved to a new number above may be read from its old one
        dead = np.fromiter((i is None for i in ids[:start]), dtype=bool, count=start)
        out[:start][dead] = EMPTY
    return out


def refresh(
    ix: Any,
    folder: Path,
    *,
    generation: int,
    ids: Sequence[str | None],
    new: Mapping[str, npt.NDArray[np.uint32]],
    previous_folder: Path | None,
    previous_generation: int,
    previous_docnums: Mapping[str, int],
    appended: bool = False,
) -> None:
    """Write the store of ``generation`` (documents ``ids``) into ``folder``: signatures of
    the run (``new``), of the previous store (``previous_folder``, where its documents had
    ``previous_docnums``), or from stored bodies; then the groups of them all."""
    from search import schema
    from search.store import whoosh_index as wi

    previous = None
    if previous_folder is not None:
        loaded = load_signatures(
            previous_folder, previous_generation, capacity=len(ids) if appended else 0
        )
        rows = _meta(previous_folder, previous_generation) if loaded is not None else None
        previous = loaded[: int(rows["rows"])] if loaded is not None and rows else None
    # which previous rows were empty, before the new generation's are filled in over them
    previous_empty = empty_rows(previous) if previous is not None else None

    def bodies(numbers: list[int]) -> Iterable[tuple[int, str]]:
        for number, stored in wi.stored_documents(ix, numbers):
            yield number, schema.stored_body(stored)

    signatures = build(
        ids,
        new=new,
        previous=previous,
        previous_docnums=previous_docnums if previous is not None else {},
        bodies=bodies,
        appended=appended,
    )
    lead = None
    if appended and previous is not None and previous_folder is not None:
        before = load_leaders(previous_folder, previous_generation)
        start = len(previous)
        if before is not None and len(before) == start <= len(signatures):
            emptied = empty_rows(signatures[:start])
            if previous_empty is not None and np.array_equal(emptied, previous_empty):
                lead = extended(signatures, before)  # no document before the new ones changed
    if lead is None:
        lead = leaders(signatures)
    extends = None
    if appended and previous_empty is not None and previous_folder is not None:
        extends = (previous_folder, previous_generation, previous_empty)
    write(folder, generation, signatures, lead, extends=extends)
