#!/usr/bin/env python3
"""Near-duplicate groups (`search.store.near_duplicates`) on the real corpora: how many groups
and articles, how fast signatures and groups are made, and how the banded candidates compare
with every pair checked.

usage: python benchmarks/near_duplicates.py [--corpus bbc reuters21578 ...] [--pairs 5000]

For each corpus (`../shared/data/corpora/NAME.jsonl.gz`, bodies only):
- signature time per article (median of 5 rounds over the corpus, its spread): newsidx's
  (rensa), and datasketch's MinHash over the same shingles in the same run (what newsidx
  signed with before), with the import time of each library in a fresh process;
- groups from the numpy banding in `leaders` against datasketch's MinHashLSH (insert every
  signature, query every one) over the same signatures, same run: seconds of each;
- groups and articles in them, and how many of the grouped pairs have bodies equal word for
  word (the exact duplicates the ledger already folds into one article);
- against every pair of the first PAIRS articles compared by signature: the share of the
  pairs at or above the threshold that end in one group (recall of the banding and star
  groups), and the share of grouped pairs that are at or above it (every member agrees with
  its leader by construction, so this says how often a member is closer to another leader).
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "corpora"
sys.path.insert(0, str(ROOT))

from search.store import near_duplicates as nd  # noqa: E402


def bodies(name: str) -> list[str]:
    with gzip.open(DATA / f"{name}.jsonl.gz", "rt", encoding="utf-8") as handle:
        return [b for b in (json.loads(line).get("body") or "" for line in handle) if b.strip()]


def timed(fn, rounds: int):  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return result, times


def datasketch_signature(body: str) -> np.ndarray:
    """The signature as datasketch's MinHash makes it over the same shingles."""
    import zlib

    from datasketch import MinHash

    found = nd.shingles(body)
    if len(found) < nd.MIN_SHINGLES:
        return np.full(nd.NUM_PERM, nd.EMPTY, dtype=np.uint32)
    sketch = MinHash(num_perm=nd.NUM_PERM, seed=nd.SEED, hashfunc=zlib.crc32)
    sketch.update_batch(list(found))
    return np.asarray(sketch.hashvalues, dtype=np.uint32)


def import_seconds(module: str) -> float:
    """How long ``import module`` takes in a fresh interpreter (numpy already imported)."""
    import subprocess

    code = (
        "import time, numpy; t = time.perf_counter(); import " + module + "; "
        "print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


def with_datasketch(signatures: np.ndarray) -> int:
    """Candidate groups the library's own LSH finds (insert all, query all): buckets met."""
    from datasketch import LeanMinHash, MinHashLSH

    lsh = MinHashLSH(threshold=nd.THRESHOLD, num_perm=nd.NUM_PERM)
    usable = [n for n in range(len(signatures)) if not (signatures[n] == nd.EMPTY).all()]
    sketches = {n: LeanMinHash(seed=1, hashvalues=signatures[n], scheme="affine32") for n in usable}
    for n, sketch in sketches.items():
        lsh.insert(n, sketch)
    return sum(len(lsh.query(sketch)) > 1 for sketch in sketches.values())


def brute_force(signatures: np.ndarray, lead: np.ndarray, limit: int) -> tuple[float, float, int]:
    """(recall, precision, pairs at or above the threshold) over every pair of the first
    ``limit`` articles, by signature agreement."""
    sigs, lead = signatures[:limit], lead[:limit]
    usable = ~(sigs == nd.EMPTY).all(axis=1)
    near = grouped = both = 0
    for i in range(len(sigs)):
        if not usable[i]:
            continue
        agree = (sigs[i + 1 :] == sigs[i]).mean(axis=1) >= nd.THRESHOLD
        agree &= usable[i + 1 :]
        same = lead[i + 1 :] == lead[i]
        near += int(agree.sum())
        grouped += int(same.sum())
        both += int((agree & same).sum())
    return (both / near if near else 1.0), (both / grouped if grouped else 1.0), near


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", nargs="+", default=["bbc", "reuters21578", "ag_news_test"])
    parser.add_argument("--pairs", type=int, default=5000)
    args = parser.parse_args()
    b, r = nd.bands()
    print(
        f"MinHash {nd.NUM_PERM} values over {nd.SHINGLE_WORDS}-word shingles, threshold "
        f"{nd.THRESHOLD}, {b} bands of {r}; bodies under {nd.MIN_SHINGLES} shingles join no group"
    )
    imports = {m: sorted(import_seconds(m) for _ in range(3)) for m in ("rensa", "datasketch")}
    print(
        "import (median of 3 fresh processes): "
        + ", ".join(f"{m} {t[1] * 1000:.1f} ms" for m, t in imports.items())
    )
    print(
        "| corpus | articles | signature µs/article (median, spread) | datasketch's, same "
        "shingles | groups: numpy banding "
        "| datasketch LSH | groups | articles in them | grouped pairs equal word for word "
        f"| all pairs of the first {args.pairs}: recall, precision (pairs ≥ threshold) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name in args.corpus:
        texts = bodies(name)
        signatures, times = timed(lambda t=texts: np.stack([nd.signature(x) for x in t]), 5)
        per = [t / len(texts) * 1e6 for t in times]
        _, theirs = timed(lambda t=texts: [datasketch_signature(x) for x in t], 5)
        their_per = [t / len(texts) * 1e6 for t in theirs]
        lead, banding = timed(lambda s=signatures: nd.leaders(s), 5)
        _, library = timed(lambda s=signatures: with_datasketch(s), 1)
        groups = nd.summary(lead)
        members = np.flatnonzero(lead != np.arange(len(lead)))
        norm = [" ".join(t.split()).lower() for t in texts]
        exact = sum(norm[m] == norm[lead[m]] for m in members)
        recall, precision, near = brute_force(signatures, lead, args.pairs)
        print(
            f"| {name} | {len(texts):,} | {statistics.median(per):.0f} ({min(per):.0f}–"
            f"{max(per):.0f}) | {statistics.median(their_per):.0f} ({min(their_per):.0f}–"
            f"{max(their_per):.0f}) | {statistics.median(banding):.3f} s | {library[0]:.2f} s "
            f"| {groups.groups:,} | {groups.articles:,} | {exact:,} of {len(members):,} "
            f"| {recall:.3f}, {precision:.3f} ({near:,}) |"
        )


if __name__ == "__main__":
    main()
