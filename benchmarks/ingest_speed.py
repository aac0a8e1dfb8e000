#!/usr/bin/env python3
"""Ingest at archive scale: build rate and peak memory against SQLite FTS5, NER runs against a
naive pipeline and a bare spaCy pipe, incremental runs and copies, all in one run.

usage: python benchmarks/ingest_speed.py --work DIR [--corpus c100k.jsonl] [--ner 2000]
       [--workers N] [--skip-ner] [--whoosh-alone N]  (without --corpus: the NER rows only)

- Whoosh alone: the corpus records' fields (made beforehand) written through newsidx's Whoosh
  writer and committed, against FTS5 on the same records: what no build that keeps Whoosh as
  the store of record can beat (`--whoosh-alone N`: this row only, for the first N records).
- CORPUS (`../shared/tools/make_corpus.py 100000 c100k.jsonl --entities`: records carry
  entities, so no NER runs): `newsidx index` wall time and peak memory (PSS of the process
  tree, sampled from /proc), and SQLite FTS5 indexing the same titles and bodies in the same
  run; then an unchanged re-run, one new article in a file of its own, and a copy of the
  corpus file in another folder indexed beside it (how many articles it adds).
- NER: the first N BBC articles (`../shared/data/corpora/bbc.jsonl.gz`) without entities:
  `newsidx index` with default options; a naive pipeline (spaCy's full English pipeline in one
  process, Whoosh's default writer, one commit); spaCy's NER-only pipe on all usable cores
  (`nlp.pipe(n_process=cores)`, nothing else done).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from index_memory import _tree_rss  # noqa: E402

SUMMARY = re.compile(r"indexed (\d+) new, (\d+) updated, (\d+) unchanged")


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def newsidx(index: Path, *args: str) -> tuple[float, int, str]:
    """Run `newsidx --index INDEX ARGS`: (wall seconds, peak PSS bytes, stderr)."""
    cmd = [sys.executable, "-m", "search", "--index", str(index), *args]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    log = index.parent / f"{index.name}.stderr"
    with log.open("w") as errors:  # a file, not a pipe: a run's warnings never block it
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stderr=errors, text=True, env=env, cwd=ROOT)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.1)
        elapsed = time.perf_counter() - start
    err = log.read_text()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{err[-2000:]}")
    return elapsed, peak, err


def new_count(stderr: str) -> int:
    found = SUMMARY.search(stderr)
    return int(found.group(1)) if found else -1


def fts5(corpus: Path, db_path: Path) -> tuple[float, int]:
    """SQLite FTS5 (porter) over the same titles and bodies: (seconds, rows)."""
    db_path.unlink(missing_ok=True)
    start = time.perf_counter()
    db = sqlite3.connect(db_path)
    db.execute("CREATE VIRTUAL TABLE a USING fts5(title, body, tokenize='porter unicode61')")
    rows = 0
    with corpus.open(encoding="utf-8") as lines:
        batch = []
        for line in lines:
            record = json.loads(line)
            batch.append((record.get("title") or "", record.get("body") or ""))
            if len(batch) == 5000:
                db.executemany("INSERT INTO a VALUES (?, ?)", batch)
                rows += len(batch)
                batch = []
        db.executemany("INSERT INTO a VALUES (?, ?)", batch)
        rows += len(batch)
    db.commit()
    db.close()
    return time.perf_counter() - start, rows


def corpus_rows(corpus: Path, work: Path) -> list[tuple[str, str]]:
    folder = work / "corpus"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copy2(corpus, folder / corpus.name)  # keeps its date: an archive, not a new file
    index = work / "corpus-index"
    shutil.rmtree(index, ignore_errors=True)
    built, peak, _ = newsidx(index, "index", "--quiet", str(folder))
    fts_seconds, rows = fts5(corpus, work / "fts5.sqlite")
    again, _, _ = newsidx(index, "index", "--quiet", str(folder))
    one = folder / "one-more.jsonl"
    one.write_text(
        json.dumps({"id": "one-more", "title": "One more", "body": "A late story on oil."}) + "\n"
    )
    added, _, _ = newsidx(index, "index", "--quiet", str(folder))
    given = folder / "one-more-with-entities.jsonl"  # in the corpus's own form: no NER runs
    record = {
        "id": "one-more-given",
        "title": "One more, with its entities",
        "body": "Oil rose in London as traders watched Iraq, Jane Doe said.",
        "published": "1987-03-25",
        "source": "reuters",
        "persons": ["Jane Doe"],
        "countries": ["GB", "IQ"],
        "orgs": [],
    }
    given.write_text(json.dumps(record) + "\n")
    added_given, _, _ = newsidx(index, "index", "--quiet", str(folder))
    copy = work / "copy-of-corpus"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(folder, copy)
    copied, _, err = newsidx(index, "index", str(folder), str(copy))
    rate, fts_rate = rows / built, rows / fts_seconds
    return [
        (
            f"{rows:,} articles with entities given, build rate vs SQLite FTS5, same run",
            f"{rate:,.0f}/s vs {fts_rate:,.0f}/s: **{rate / fts_rate:.2f}x** "
            f"({built:.0f} s vs {fts_seconds:.0f} s)",
        ),
        ("same, peak memory (PSS of the process tree)", f"{peak / 2**20:,.0f} MiB"),
        ("unchanged re-run", f"{again:.2f} s"),
        ("add one article (a new file; no entities in it, so spaCy loads)", f"{added:.2f} s"),
        ("add one article with its entities given (as the corpus's are)", f"{added_given:.2f} s"),
        (
            "a copy of the indexed folder indexed beside it",
            f"{new_count(err):,} new articles ({copied:.1f} s)",
        ),
    ]


def bbc_records(count: int) -> list[dict[str, str]]:
    with gzip.open(DATA / "corpora" / "bbc.jsonl.gz", "rt", encoding="utf-8") as lines:
        out = []
        for line in lines:
            record = json.loads(line)
            out.append({"id": str(record["id"]), "title": record["title"], "body": record["body"]})
            if len(out) == count:
                break
    return out


def naive(records: list[dict[str, str]], location: Path) -> float:
    """Full spaCy in one process and Whoosh's default writer: what a first version does."""
    import importlib

    from whoosh import fields, index

    from search.entities import ner

    start = time.perf_counter()
    nlp = None
    for name in ner.MODEL_PACKAGES:  # the full pipeline of whichever English model installed
        try:
            nlp = importlib.import_module(name).load()
            break
        except ImportError:
            continue
    if nlp is None:
        raise SystemExit("no spaCy English model installed")
    shutil.rmtree(location, ignore_errors=True)
    location.mkdir(parents=True)
    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(stored=True),
        body=fields.TEXT(stored=True),
        person=fields.KEYWORD(stored=True, commas=True),
        country=fields.KEYWORD(stored=True, commas=True),
    )
    ix = index.create_in(str(location), schema)
    writer = ix.writer()
    for record in records:
        doc = nlp(f"{record['title']}\n\n{record['body']}")
        persons = ",".join(e.text for e in doc.ents if e.label_ == "PERSON")
        places = ",".join(e.text for e in doc.ents if e.label_ == "GPE")
        writer.add_document(
            id=record["id"],
            title=record["title"],
            body=record["body"],
            person=persons,
            country=places,
        )
    writer.commit()
    return time.perf_counter() - start


def bare(records: list[dict[str, str]], workers: int) -> float:
    from search.entities import ner

    start = time.perf_counter()
    nlp = ner.load_model()
    texts = [f"{r['title']}\n\n{r['body']}" for r in records]
    for _ in nlp.pipe(texts, batch_size=ner.BATCH_SIZE, n_process=workers):
        pass
    return time.perf_counter() - start


def ner_rows(count: int, work: Path, workers: int | None) -> list[tuple[str, str]]:
    records = bbc_records(count)
    folder = work / "bbc"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / "bbc.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    index = work / "bbc-index"
    shutil.rmtree(index, ignore_errors=True)
    extra = ["--workers", str(workers)] if workers else []
    ours, peak, _ = newsidx(index, "index", "--quiet", *extra, str(folder))
    slow = naive(records, work / "naive-index")
    fast = bare(records, cores())
    shown = f"--workers {workers}" if workers else "default options"
    return [
        (
            f"{len(records):,} BBC articles with NER ({shown}) vs naive pipeline, same run",
            f"{ours:.0f} s vs {slow:.0f} s: **{slow / ours:.2f}x**",
        ),
        (
            f"same, vs bare spaCy NER-only on all {cores()} cores",
            f"{ours:.0f} s vs {fast:.0f} s: **{fast / ours:.2f}x** (peak {peak / 2**20:,.0f} MiB)",
        ),
    ]


def whoosh_alone(corpus: Path, work: Path, count: int | None = None) -> list[tuple[str, str]]:
    """Whoosh's own writing, as newsidx writes an article (`store.batch.document_fields`,
    made beforehand; newsidx's writer, one commit), for the first ``count`` records, against
    SQLite FTS5 on the same records in the same run: the most any build could reach while
    Whoosh stores every article (``count``: None for every record)."""
    from search.models import Article, Country, Entities
    from search.store import whoosh_index
    from search.store.batch import document_fields

    sample = work / "whoosh-alone.jsonl"
    with corpus.open(encoding="utf-8") as lines, sample.open("w", encoding="utf-8") as out:
        records = []
        for n, line in enumerate(lines):
            if count is not None and n >= count:
                break
            out.write(line)
            records.append(json.loads(line))
    fields = []
    for r in records:
        article = Article(
            id=r["id"],
            path=str(sample),
            title=r.get("title") or "",
            body=r.get("body") or "",
            content_hash=r["id"],
            source=r.get("source"),
        )
        codes = tuple(Country(c, c) for c in r.get("countries") or ())
        given = Entities(tuple(r.get("persons") or ()), codes, tuple(r.get("orgs") or ()), {}, ())
        fields.append(document_fields(article, given, 1))
    location = work / "whoosh-alone"
    shutil.rmtree(location, ignore_errors=True)
    ix = whoosh_index.create_or_open(location, fresh=True)
    start = time.perf_counter()
    writer = whoosh_index.writer(ix)
    for each in fields:
        writer.add_document(**each)
    whoosh_index.commit(writer)
    alone = time.perf_counter() - start
    fts_seconds, rows = fts5(sample, work / "whoosh-alone-fts5.sqlite")
    rate, fts_rate = rows / alone, rows / fts_seconds
    return [
        (
            f"Whoosh alone, {rows:,} articles written as newsidx writes them (fields made "
            "beforehand, one commit), vs SQLite FTS5 on the same, same run",
            f"{rate:,.0f}/s vs {fts_rate:,.0f}/s: **{rate / fts_rate:.2f}x** (the ceiling of "
            "the build rate while Whoosh stores every article)",
        )
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--ner", type=int, default=2000)
    ap.add_argument("--workers", type=int, help="passed to newsidx index (default: its own)")
    ap.add_argument("--skip-ner", action="store_true")
    ap.add_argument(
        "--whoosh-alone",
        type=int,
        metavar="N",
        help="with --corpus: only Whoosh's own writing of N records against FTS5",
    )
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {cores()} usable cores")
    print("| measure | newsidx |")
    print("|---|---|", flush=True)
    parts = []
    if args.corpus and args.whoosh_alone:
        parts.append(lambda: whoosh_alone(args.corpus, args.work, args.whoosh_alone))
    elif args.corpus:
        parts.append(lambda: whoosh_alone(args.corpus, args.work))
        parts.append(lambda: corpus_rows(args.corpus, args.work))
    if not args.skip_ner and not args.whoosh_alone:
        parts.append(lambda: ner_rows(args.ner, args.work, args.workers))
    for part in parts:
        for name, value in part():
            print(f"| {name} | {value} |", flush=True)


if __name__ == "__main__":
    main()
