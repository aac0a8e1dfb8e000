#!/usr/bin/env python3
"""Peak memory of `newsidx index` (the process and its NER workers: summed proportional set
size, so pages the forked workers share count once), sampled from /proc.

usage: python benchmarks/index_memory.py PATH... [--workers 2] [--limit N]
With --limit, the first N records of a JSON Lines file are written to a temporary file first
(records without entities go through NER; `make_corpus.py` output without --entities does).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            tree.setdefault(int(stat[1]), []).append(int(entry))
    return tree


def _tree_rss(root: int) -> int:
    tree, total, todo = _children(), 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(tree.get(pid, []))
        try:  # PSS: pages shared between the workers (forked model) counted once in all
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--limit", type=int)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp())
    paths = args.paths
    if args.limit:
        subset = work / "subset.jsonl"
        with open(paths[0], encoding="utf-8") as src, subset.open("w", encoding="utf-8") as out:
            for i, line in enumerate(src):
                if i >= args.limit:
                    break
                out.write(line)
        paths = [str(subset)]
    cmd = [
        sys.executable,
        "-m",
        "search",
        "--index",
        str(work / "index"),
        "index",
        *paths,
        "--workers",
        str(args.workers),
        "--quiet",
    ]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.2)
    elapsed = time.perf_counter() - start
    print(
        f"newsidx index {' '.join(paths)} --workers {args.workers}: exit {proc.returncode}, "
        f"{elapsed:.0f} s, peak memory (PSS of the process tree) {peak / 2**20:.0f} MiB"
    )


if __name__ == "__main__":
    main()
