#!/usr/bin/env python3
"""Reliability trials: kills, races, refused rebuilds, damaged files, hostile input, queries.

Each scenario runs the real `newsidx` command in subprocesses against small indexes built
from a JSON Lines corpus (`../shared/tools/make_corpus.py N c.jsonl --entities`: records carry
entities, so no NER runs) and prints one row: trials, failures, and what a failure means.

usage: python benchmarks/reliability.py CORPUS.jsonl --work DIR [--trials 20] [--seed 1]
       [--only kill race refused damage during hostile queries]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
NEWSIDX = [sys.executable, "-m", "search"]

from search.query.language import SYNTAX_PIECES  # noqa: E402


@dataclass
class Row:
    scenario: str
    passed_means: str
    trials: int = 0
    failures: int = 0
    notes: list[str] = field(default_factory=list)

    def record(self, ok: bool, note: str = "") -> None:
        self.trials += 1
        if not ok:
            self.failures += 1
            if note and len(self.notes) < 3:
                self.notes.append(note)


def newsidx(index: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [*NEWSIDX, "--index", str(index), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=ROOT,
    )


def spawn(index: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [*NEWSIDX, "--index", str(index), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def state(index: Path) -> tuple[int, tuple[str, ...], str] | None:
    """What a user sees: the total of a broad query, the ids of its first 50 hits, the person
    facet; None when the search fails."""
    result = newsidx(
        index,
        "search",
        "said",
        "--limit",
        "50",
        "--format",
        "json",
        "--facet",
        "person",
        "--facet-limit",
        "20",
    )
    if result.returncode not in (0, 1):
        return None
    data = json.loads(result.stdout)
    ids = tuple(sorted(h["id"] for h in data["hits"]))
    facets = json.dumps(data.get("facets", {}).get("person", []), sort_keys=True)
    return data["total"], ids, facets


def build(index: Path, *inputs: Path) -> None:
    shutil.rmtree(index, ignore_errors=True)
    result = newsidx(index, "index", "--quiet", *map(str, inputs))
    assert result.returncode == 0, result.stderr


def kill_trials(work: Path, a: Path, b: Path, trials: int, rng: random.Random) -> Row:
    row = Row(
        "`kill -9` during `index` (random moment)",
        "opens, searches as one whole "
        "state (before or after), rerun completes and equals a clean build",
    )
    clean_a, clean_ab = work / "clean-a", work / "clean-ab"  # built by main()
    before, after = state(clean_a), state(clean_ab)
    start = time.perf_counter()
    newsidx(work / "timing", "index", "--quiet", str(a))
    duration = time.perf_counter() - start
    shutil.rmtree(work / "timing")
    for _ in range(trials):
        index = work / "kill"
        shutil.rmtree(index, ignore_errors=True)
        shutil.copytree(clean_a, index)
        proc = spawn(index, "index", "--quiet", str(a), str(b))
        time.sleep(rng.uniform(0.05, duration * 1.3))
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        seen = state(index)
        rerun = newsidx(index, "index", "--quiet", str(a), str(b))
        final = state(index)
        ok = seen in (before, after) and rerun.returncode == 0 and final == after
        row.record(ok, f"seen={seen and seen[0]} rerun={rerun.returncode} {rerun.stderr[-200:]}")
    return row


def race_trials(work: Path, a: Path, b: Path, trials: int) -> Row:
    row = Row(
        "two `index` runs started together",
        "one runs, the other exits 4 naming the holder's pid (or runs after it); no article twice",
    )
    clean_ab = work / "clean-ab"
    after = state(clean_ab)
    for _ in range(trials):
        index = work / "race"
        build(index, a)
        first = spawn(index, "index", "--quiet", str(a), str(b))
        second = spawn(index, "index", "--quiet", str(a), str(b))
        results = [(p.wait(), p.communicate()[1]) for p in (first, second)]
        codes = sorted(code for code, _ in results)
        refused = [err for code, err in results if code == 4]
        ok = codes in ([0, 0], [0, 4]) and all("pid" in err for err in refused)
        ok = ok and state(index) == after
        row.record(ok, f"codes={codes}")
    return row


def refused_rebuild_trials(work: Path, a: Path, b: Path, trials: int) -> Row:
    row = Row(
        "`index --rebuild` while another run holds the lock",
        "exits 4; the index searches as before and a rerun adds nothing twice",
    )
    clean_a = work / "clean-a"
    before = state(clean_a)
    for _ in range(trials):
        index = work / "refused"
        shutil.rmtree(index, ignore_errors=True)
        shutil.copytree(clean_a, index)
        holder = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys,time; from pathlib import Path; "
                "from search.store.lock import IndexLock; "
                "held = IndexLock(Path(sys.argv[1])).acquire(); "
                "print('held', flush=True); time.sleep(30)",
                str(index),
            ],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        refused = newsidx(index, "index", "--rebuild", "--quiet", str(a), str(b))
        holder.kill()
        holder.wait()
        again = newsidx(index, "index", "--quiet", str(a))
        ok = refused.returncode == 4 and "pid" in refused.stderr and state(index) == before
        ok = ok and again.returncode == 0 and state(index) == before
        row.record(ok, f"refused={refused.returncode}")
    return row


def damage_trials(work: Path, a: Path, trials: int, rng: random.Random) -> Row:
    row = Row(
        "one byte flipped or a file truncated, anywhere in the index folder",
        "every "
        "command exits 0 with the clean results or 6 naming a file; `index` repairs or "
        "exits 6, `index --rebuild` always restores",
    )
    clean_a = work / "clean-a"
    before = state(clean_a)
    first_id = json.loads(a.open(encoding="utf-8").readline())["id"]
    for _ in range(trials):
        index = work / "damaged"
        shutil.rmtree(index, ignore_errors=True)
        shutil.copytree(clean_a, index)
        files = sorted(
            p
            for p in index.rglob("*")
            if p.is_file() and p.stat().st_size and p.name not in ("newsidx.lock", "MAIN_WRITELOCK")
        )
        target = rng.choice(files)
        data = bytearray(target.read_bytes())
        how = rng.choice(["flip", "truncate"])
        if how == "flip":
            at = rng.randrange(len(data))
            data[at] ^= 1 << rng.randrange(8)
        else:
            data = data[: rng.randrange(len(data))]
        target.write_bytes(bytes(data))
        name = target.relative_to(index)
        outcomes = []
        for args in (("search", "said", "--facet", "person"), ("stats",), ("show", first_id)):
            result = newsidx(index, *args)
            good = result.returncode in (0, 1) and "Traceback" not in result.stderr
            named = result.returncode == 6 and "damaged" in result.stderr
            outcomes.append(good or named)
        seen = state(index)
        rerun = newsidx(index, "index", "--quiet", str(a))
        repaired = rerun.returncode == 0 and state(index) == before
        refused = rerun.returncode == 6
        rebuilt = newsidx(index, "index", "--rebuild", "--quiet", str(a))
        restored = rebuilt.returncode == 0 and state(index) == before
        ok = (
            all(outcomes)
            and (
                seen is None
                or seen == before
                or how == "truncate"
                and "extraction-cache" in str(name)
            )
            and (repaired or refused)
        )
        ok = ok and restored
        row.record(
            ok,
            f"{how} {name}: seen={seen == before} rerun={rerun.returncode} "
            f"rebuild={rebuilt.returncode} {rerun.stderr[-160:]}",
        )
    return row


def hostile_input_trials(work: Path, a: Path) -> Row:
    row = Row(
        "hostile inputs beside good files (FIFO, /dev/zero as .jsonl, a 1 GiB .gz bomb, "
        "an 80 MB line, 100,000 nested `[`, wrong entity types, a non-UTF-8 name)",
        "the run ends within 60 s, indexes every good record, one line per bad input",
    )
    folder = work / "hostile"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    shutil.copy(a, folder / "good.jsonl")
    os.mkfifo(folder / "fifo.jsonl")
    (folder / "zero.jsonl").symlink_to("/dev/zero")
    with gzip.open(folder / "bomb.jsonl.gz", "wb", compresslevel=9) as handle:
        block = b"\n" * (1 << 20)
        for _ in range(1024):
            handle.write(block)
    (folder / "long.jsonl").write_text(
        json.dumps({"id": "long", "body": "x" * (80 << 20)}) + "\n", encoding="utf-8"
    )
    (folder / "nested.jsonl").write_text("[" * 100_000 + "\n")
    (folder / "types.jsonl").write_text(
        json.dumps({"id": "t1", "body": "b", "persons": 5})
        + "\n"
        + json.dumps({"id": "t2", "body": "b", "countries": {"code": "FR"}})
        + "\n"
    )
    (folder / os.fsdecode(b"bad\xffname.txt")).write_text("Title\nA body long enough.\n")
    index = work / "hostile-index"
    shutil.rmtree(index, ignore_errors=True)
    start = time.perf_counter()
    try:
        result = newsidx(index, "index", str(folder), timeout=60)
    except subprocess.TimeoutExpired:
        row.record(False, "timed out")
        return row
    took = time.perf_counter() - start
    good = sum(1 for _ in a.open(encoding="utf-8")) + 1  # and t2
    total = state(index)
    ok = result.returncode == 0 and total is not None
    stats = json.loads(newsidx(index, "stats", "--format", "json").stdout or "{}")
    # exact duplicate records (the corpus holds some) are one article listing every path
    kept = (stats.get("articles") or 0) + (stats.get("copies") or 0)
    ok = ok and kept == good
    row.record(
        ok,
        f"exit={result.returncode} articles={stats.get('articles')} "
        f"+ copies={stats.get('copies')} of {good}",
    )
    row.notes.append(f"took {took:.1f} s; {result.stderr.count('skipped')} lines name a skip")
    return row


def query_trials(work: Path, trials: int, rng: random.Random) -> Row:
    row = Row(
        "random and hostile queries (syntax soup, 1,000 brackets, 100 KB, 10,000 "
        "filters, 5,000 fuzzy words)",
        "exit 0, 1 or 2 with a message, within 2 s",
    )
    index = work / "clean-a"
    pieces = list(SYNTAX_PIECES)
    hostile = [
        "(" * 1000 + "oil" + ")" * 1000,
        "zzqx " * 20_000,
        "person:Putin " * 10_000,
        "oil~2 " * 5_000,
    ]
    queries = hostile + [
        "".join(rng.choice(pieces + [" "] * 4) for _ in range(rng.randint(1, 30)))
        for _ in range(trials)
    ]
    worst = 0.0
    for text in queries:
        start = time.perf_counter()
        result = newsidx(index, "search", "--", text, timeout=30)
        took = time.perf_counter() - start
        worst = max(worst, took)
        ok = result.returncode in (0, 1, 2) and "Traceback" not in result.stderr and took < 2
        row.record(ok, f"{text[:40]!r}: exit {result.returncode} in {took:.1f} s")
    row.notes.append(f"slowest whole process {worst:.2f} s")
    return row


def search_during_index_trials(work: Path, a: Path, b: Path) -> Row:
    row = Row(
        "searches while `index` runs (adds 2,000 articles)",
        "every search answers from one whole generation (before or after), none rebuilds a store",
    )
    clean_a = work / "clean-a"
    before, after = state(clean_a), state(work / "clean-ab")
    index = work / "during"
    shutil.rmtree(index, ignore_errors=True)
    shutil.copytree(clean_a, index)
    proc = spawn(index, "index", "--quiet", str(a), str(b))
    worst = 0.0
    while proc.poll() is None:
        start = time.perf_counter()
        result = newsidx(
            index,
            "search",
            "said",
            "--limit",
            "50",
            "--format",
            "json",
            "--facet",
            "person",
            "--facet-limit",
            "20",
        )
        worst = max(worst, time.perf_counter() - start)
        data = json.loads(result.stdout) if result.returncode in (0, 1) else None
        seen = None
        if data is not None:
            seen = (
                data["total"],
                tuple(sorted(h["id"] for h in data["hits"])),
                json.dumps(data.get("facets", {}).get("person", []), sort_keys=True),
            )
        rebuilt = "rebuilt in memory" in result.stderr
        row.record(seen in (before, after) and not rebuilt, f"rebuilt={rebuilt}")
    proc.communicate()
    row.notes.append(f"slowest search {worst:.2f} s")
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--articles", type=int, default=2000, help="per batch (two batches)")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=["kill", "race", "refused", "damage", "during", "hostile", "queries"],
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    args.work.mkdir(parents=True, exist_ok=True)
    lines = []
    with args.corpus.open(encoding="utf-8") as handle:
        for line in handle:
            lines.append(line)
            if len(lines) >= 2 * args.articles:
                break
    a, b = args.work / "a.jsonl", args.work / "b.jsonl"
    a.write_text("".join(lines[: args.articles]), encoding="utf-8")
    b.write_text("".join(lines[args.articles :]), encoding="utf-8")
    scenarios: dict[str, Callable[[], Row]] = {
        "kill": lambda: kill_trials(args.work, a, b, args.trials * 2, rng),
        "race": lambda: race_trials(args.work, a, b, args.trials),
        "refused": lambda: refused_rebuild_trials(args.work, a, b, max(3, args.trials // 4)),
        "damage": lambda: damage_trials(args.work, a, args.trials * 2, rng),
        "during": lambda: search_during_index_trials(args.work, a, b),
        "hostile": lambda: hostile_input_trials(args.work, a),
        "queries": lambda: query_trials(args.work, args.trials * 10, rng),
    }
    chosen = args.only or list(scenarios)
    build(args.work / "clean-a", a)
    build(args.work / "clean-ab", a, b)
    print("| scenario | passing means | trials | failures |")
    print("|---|---|---|---|")
    for name in chosen:
        row = scenarios[name]()
        notes = f" ({'; '.join(row.notes)})" if row.notes else ""
        print(
            f"| {row.scenario} | {row.passed_means}{notes} | {row.trials} | {row.failures} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
