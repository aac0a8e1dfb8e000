#!/usr/bin/env python3
"""Entity quality and speed on the shared data (../shared/data), scored with its tools.

- CoNLL-2003 dev documents: person-set and country-set F1 (score_entities.py).
- Reuters-21578 stories with gold places: country precision/recall against the editors' tags.
- Throughput of the whole `entities` stage on BBC articles against a bare spaCy NER pipe with
  the same number of processes, in the same run.

usage: python benchmarks/entity_quality.py [--only conll|reuters|speed] [--reuters N] [--bbc N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")

from search import pipeline  # noqa: E402
from search.entities import extract_many  # noqa: E402
from search.models import Article  # noqa: E402
from search.output import article_record  # noqa: E402


def conll(data: Path, tools: Path, workers: int) -> None:
    folder = data / "conll2003-dev"
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as out:
        for article, entities in pipeline.articles_with_entities(
            [str(folder / "docs")], warn=lambda m: print(m, file=sys.stderr), workers=workers
        ):
            out.write(json.dumps(article_record(article, entities)) + "\n")
    scored = subprocess.run(
        [sys.executable, str(tools / "score_entities.py"), out.name, str(folder / "gold.json")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = json.loads(scored)
    for kind in ("persons", "countries"):
        r = result[kind]
        print(
            f"conll2003-dev {kind}: P={r['p']:.3f} R={r['r']:.3f} F1={r['f1']:.3f} "
            f"(tp {r['tp']}, fp {r['fp']}, fn {r['fn']})"
        )


def _jsonl(path: Path) -> list[dict[str, object]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def reuters(data: Path, limit: int, workers: int) -> None:
    corpora = data / "corpora"
    iso = json.loads((corpora / "reuters_places_iso.json").read_text("utf-8"))
    stories = [
        s
        for s in _jsonl(corpora / "reuters21578.jsonl.gz")
        if s.get("gold_places") and str(s.get("body") or "").strip()
    ][:limit]
    # A wire story starts with its dateline ("NEW YORK, Feb 26 - ..."); the corpus keeps it
    # in a field of its own, so it is put back in front of the body as the wire sent it.
    articles = [
        Article(
            id=str(s["id"]),
            path=str(s["id"]),
            title=str(s.get("title") or ""),
            body=f"{str(s.get('dateline') or '').strip()} - {s['body']}",
            content_hash=str(s["id"]),
        )
        for s in stories
    ]
    kinds = ("countries (every mention)", "about (salient countries)")
    counts = {name: [0, 0, 0] for name in kinds}
    for story, entities in zip(stories, extract_many(articles, workers=workers), strict=True):
        gold = {iso[p] for p in story["gold_places"] if p in iso}  # type: ignore[attr-defined]
        preds = ({c.code for c in entities.countries}, set(entities.about))
        for name, pred in zip(kinds, preds, strict=True):
            c = counts[name]
            c[0] += len(gold & pred)
            c[1] += len(pred - gold)
            c[2] += len(gold - pred)
    for name, (tp, fp, fn) in counts.items():
        p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
        print(
            f"reuters ({len(stories)} stories with gold places), {name}: "
            f"P={p:.3f} R={r:.3f} F1={2 * p * r / max(1e-9, p + r):.3f}"
        )


def speed(data: Path, count: int, workers: int) -> None:
    from search.entities import ner

    items = _jsonl(data / "corpora" / "bbc.jsonl.gz")[:count]
    articles = [
        Article(
            id=str(i["id"]),
            path=str(i["id"]),
            title=str(i["title"]),
            body=str(i["body"]),
            content_hash=str(i["id"]),
        )
        for i in items
    ]
    nlp = ner.load_model()
    texts = [f"{a.title}\n\n{a.body}" for a in articles]
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=ner.BATCH_SIZE, n_process=workers):
        pass
    bare = time.perf_counter() - start
    start = time.perf_counter()
    for _ in extract_many(articles, workers=workers):
        pass
    ours = time.perf_counter() - start
    print(
        f"entities throughput ({len(articles)} BBC articles, {workers} processes): newsidx "
        f"{len(articles) / ours:.1f} docs/s, bare spaCy NER pipe {len(articles) / bare:.1f} "
        f"docs/s; ratio {bare / ours:.2f}x"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--tools", type=Path, default=ROOT.parent / "shared" / "tools")
    ap.add_argument("--only", choices=["conll", "reuters", "speed"])
    ap.add_argument("--reuters", type=int, default=3000, help="stories to score")
    ap.add_argument("--bbc", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    if args.only in (None, "conll"):
        conll(args.data, args.tools, args.workers)
    if args.only in (None, "reuters"):
        reuters(args.data, args.reuters, args.workers)
    if args.only in (None, "speed"):
        speed(args.data, args.bbc, args.workers)


if __name__ == "__main__":
    main()
