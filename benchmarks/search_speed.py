#!/usr/bin/env python3
"""Search speed, facet speed, index size and relevance at scale, against SQLite FTS5.

Builds (or reuses) a newsidx index and an FTS5 database over the same JSON Lines corpus
(`../shared/tools/make_corpus.py N c.jsonl --entities`: records carry baseline entities, so no
NER runs), then in one run:
- 200 queries (50 keyword AND, 50 OR, 50 phrase, 50 keyword + person filter): in-process
  latency median and p95 for newsidx (with snippets) and FTS5 (bm25() and snippet());
- top-20 person facet counts over a broad query;
- the whole process `newsidx search "oil prices" --facet person` (wall time, median of 9);
- index size on disk;
- relevance: for 300 articles, a query of 3-4 of the article's rarest body words; MRR@10.

usage: python benchmarks/search_speed.py CORPUS.jsonl --work DIR [--rebuild] [--queries 200]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search import indexing, querying  # noqa: E402
from search.store import whoosh_index  # noqa: E402

WORD = re.compile(r"[A-Za-z]{5,}")
STOP = set(
    "about after again against their there these those which while would could should "
    "other since under where being before between people years first still three".split()
)

# Words no newsidx index holds (Whoosh's stop words): a phrase of them alone is refused.
UNINDEXED = set(
    "a an and are as at be by can for from have if in is it may not of on or tbd that the this "
    "to us we when will with yet you your".split()
)


def load(corpus: Path, limit: int | None) -> list[dict[str, object]]:
    docs = []
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            docs.append(json.loads(line))
            if limit and len(docs) >= limit:
                break
    return docs


def build_fts(docs: list[dict[str, object]], path: Path) -> float:
    if path.exists():
        path.unlink()
    start = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute("CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize='porter')")
    db.execute("CREATE TABLE doc_person (doc INTEGER, person TEXT)")
    db.executemany(
        "INSERT INTO fts(rowid, title, body) VALUES (?, ?, ?)",
        ((i, d.get("title") or "", d.get("body") or "") for i, d in enumerate(docs)),
    )
    db.executemany(
        "INSERT INTO doc_person VALUES (?, ?)",
        ((i, p.lower()) for i, d in enumerate(docs) for p in d.get("persons") or ()),  # type: ignore[attr-defined]
    )
    db.execute("CREATE INDEX dp_person ON doc_person(person, doc)")
    db.execute("CREATE INDEX dp_doc ON doc_person(doc)")
    db.commit()
    db.execute("VACUUM")
    db.close()
    return time.perf_counter() - start


def words_of(doc: dict[str, object]) -> list[str]:
    return [w.lower() for w in WORD.findall(str(doc.get("body") or "")) if w.lower() not in STOP]


def make_queries(docs: list[dict[str, object]], n: int, rng: random.Random) -> list[dict[str, str]]:
    queries: list[dict[str, str]] = []
    kinds = ["and", "or", "phrase", "person"]
    while len(queries) < n:
        doc = rng.choice(docs)
        words = words_of(doc)
        kind = kinds[len(queries) % 4]
        if len(words) < 6:
            continue
        if kind == "and":
            queries.append({"kind": kind, "q": " ".join(rng.sample(words, 2))})
        elif kind == "or":
            a, b = rng.sample(words, 2)
            queries.append({"kind": kind, "q": f"{a} OR {b}"})
        elif kind == "phrase":
            body = re.findall(r"[A-Za-z]+", str(doc.get("body") or ""))
            i = rng.randrange(0, max(1, len(body) - 2))
            pair = [w.lower() for w in body[i : i + 2]]
            # a phrase a reader would search: not stop words alone ("for the")
            searchable = any(w not in UNINDEXED for w in pair)
            if len(pair) == 2 and all(len(w) >= 3 for w in pair) and searchable:
                queries.append({"kind": kind, "q": f'"{pair[0]} {pair[1]}"'})
        else:
            persons = [p for p in doc.get("persons") or () if " " in p]  # type: ignore[attr-defined]
            if persons:
                person = rng.choice(persons)
                queries.append({"kind": kind, "q": rng.choice(words), "person": person})
    return queries


def fts_query(q: str) -> str:
    if " OR " in q:
        return " OR ".join(f'"{w}"' for w in q.split(" OR "))
    if q.startswith('"'):
        return q
    return " AND ".join(f'"{w}"' for w in q.split())


def run_fts(db: sqlite3.Connection, item: dict[str, str]) -> list[int]:
    sql = "SELECT rowid, title, snippet(fts, 1, '[', ']', '…', 12) FROM fts WHERE fts MATCH ?"
    args: list[str] = [fts_query(item["q"])]
    if "person" in item:
        sql += " AND rowid IN (SELECT doc FROM doc_person WHERE person = ?)"
        args.append(item["person"].lower())
    sql += " ORDER BY bm25(fts, 2.5, 1.0) LIMIT 10"
    return [row[0] for row in db.execute(sql, args)]


def run_newsidx(
    location: Path, item: dict[str, str], facets: tuple[str, ...] = (), every: bool = False
) -> list[str]:
    options = querying.SearchOptions(
        query=item["q"],
        persons=(item["person"],) if "person" in item else (),
        limit=10,
        facets=facets,
        facet_limit=20,
        all_versions=every,
    )
    return [h.id for h in querying.search(location, options).hits]


def timed(fn: object, *args: object) -> float:
    start = time.perf_counter()
    fn(*args)  # type: ignore[operator]
    return (time.perf_counter() - start) * 1000


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--relevance", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    docs = load(args.corpus, args.limit)
    location, fts_path = args.work / "newsidx-index", args.work / "fts5.sqlite"
    if args.rebuild or not whoosh_index.exists(location):
        start = time.perf_counter()
        indexing.index_paths([str(args.corpus)], location=location, rebuild=True)
        print(f"newsidx index built in {time.perf_counter() - start:.0f} s")
    if args.rebuild or not fts_path.exists():
        print(f"FTS5 built in {build_fts(docs, fts_path):.0f} s")
    db = sqlite3.connect(fts_path)
    rng = random.Random(args.seed)
    queries = make_queries(docs, args.queries, rng)
    for item in queries[:10]:  # warm both
        run_newsidx(location, item)
        run_fts(db, item)
    ours = [timed(run_newsidx, location, item) for item in queries]
    theirs = [timed(run_fts, db, item) for item in queries]
    versions = [timed(run_newsidx, location, item, (), True) for item in queries]
    print(f"| measure at {len(docs):,} articles | newsidx | FTS5 |")
    print("|---|---|---|")
    print(
        f"| query latency median, in process (ms) | {statistics.median(ours):.1f} | "
        f"{statistics.median(theirs):.1f} |"
    )
    print(f"| query latency p95, in process (ms) | {p95(ours):.1f} | {p95(theirs):.1f} |")
    for kind in ("and", "or", "phrase", "person"):
        o = [t for t, q in zip(ours, queries, strict=True) if q["kind"] == kind]
        t = [t for t, q in zip(theirs, queries, strict=True) if q["kind"] == kind]
        print(f"| p95 {kind} (ms) | {p95(o):.1f} | {p95(t):.1f} |")
    print(
        "| the same queries with `--all-versions` (near-duplicates not collapsed): median, "
        f"p95 (ms) | {statistics.median(versions):.1f}, {p95(versions):.1f} | — |"
    )

    broad = {"q": "said"}
    said = querying.search(location, querying.SearchOptions(query="said", limit=0))
    fts_total = db.execute("SELECT count(*) FROM fts WHERE fts MATCH 'said'").fetchone()[0]
    print(
        "| hits of the broad query `said` (a check that both count alike; newsidx: stories, "
        f"and the near-duplicates among them) | {said.total:,} + {said.versions:,} | "
        f"{fts_total:,} |"
    )
    facet_ms = [
        timed(
            querying.search,
            location,
            querying.SearchOptions(query="said", limit=0, facets=("person",), facet_limit=20),
        )
        for _ in range(5)
    ]
    base_ms = [
        timed(querying.search, location, querying.SearchOptions(query="said", limit=0))
        for _ in range(5)
    ]
    fts_facet = [
        timed(
            lambda: db.execute(
                "SELECT person, count(*) c FROM doc_person WHERE doc IN "
                "(SELECT rowid FROM fts WHERE fts MATCH 'said') GROUP BY person ORDER BY c DESC "
                "LIMIT 20"
            ).fetchall()
        )
        for _ in range(5)
    ]
    del broad
    print(
        f"| top-20 person facets over a broad query ({said.total + said.versions:,} hits), "
        "whole search (ms) | "
        f"{statistics.median(facet_ms):.0f} | {statistics.median(fts_facet):.0f} |"
    )
    print(
        f"| ... of which facet counting (search with facets minus without) (ms) | "
        f"{statistics.median(facet_ms) - statistics.median(base_ms):.0f} | — |"
    )

    # Bytecode cached as a normal install has it after its first run (this measures newsidx,
    # not recompiling its sources on a machine with PYTHONDONTWRITEBYTECODE set).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "search")], check=True)
    # Interleaved with two baselines of the same machine at the same moment: the bare
    # interpreter, and importing the libraries newsidx needs to search (numpy and click).
    commands = {
        "newsidx": [
            "-m",
            "search",
            "--index",
            str(location),
            "search",
            "oil prices",
            "--facet",
            "person",
        ],
        "python": ["-c", "pass"],
        "imports": ["-c", "import numpy, click"],
    }
    walls: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(9):
        for name, argv in commands.items():
            start = time.perf_counter()
            subprocess.run([sys.executable, *argv], capture_output=True, check=False)
            walls[name].append(time.perf_counter() - start)
    print(
        f'| whole process `newsidx search "oil prices" --facet person` (s) | '
        f"{statistics.median(walls['newsidx']):.2f} | — |"
    )
    print(
        f"| ... baselines in the same loop: bare `python` / importing numpy and click (s) | "
        f"{statistics.median(walls['python']):.2f} / {statistics.median(walls['imports']):.2f} "
        "| — |"
    )
    size = dir_size(location) - (location / "extraction-cache.sqlite").stat().st_size
    print(f"| index size on disk (MB) | {size / 1e6:.0f} | {fts_path.stat().st_size / 1e6:.0f} |")

    df: Counter[str] = Counter()
    for doc in docs:
        df.update(set(words_of(doc)))
    sample = rng.sample(range(len(docs)), args.relevance)
    rr: dict[str, list[float]] = {"and-ours": [], "and-fts": [], "or-ours": [], "or-fts": []}
    for i in sample:
        doc = docs[i]
        cands = sorted({w for w in words_of(doc) if df[w] >= 2}, key=lambda w: (df[w], w))
        if len(cands) < 3:
            continue
        words = cands[: rng.choice((3, 4))]
        target = str(doc.get("id"))
        for mode, q in (("and", " ".join(words)), ("or", " OR ".join(words))):
            ours_ids = run_newsidx(location, {"q": q})
            fts_ids = run_fts(db, {"q": q})
            rr[f"{mode}-ours"].append(
                next((1 / r for r, d in enumerate(ours_ids, 1) if d == target), 0.0)
            )
            rr[f"{mode}-fts"].append(next((1 / r for r, d in enumerate(fts_ids, 1) if d == i), 0.0))
    for mode in ("and", "or"):
        print(
            f"| relevance MRR@10, {len(rr[mode + '-ours'])} articles, 3-4 rare body words "
            f"({mode.upper()}) | {statistics.mean(rr[mode + '-ours']):.3f} | "
            f"{statistics.mean(rr[mode + '-fts']):.3f} |"
        )


if __name__ == "__main__":
    main()
