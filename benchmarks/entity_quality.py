#!/usr/bin/env python3
"""Entity quality and speed on the shared data (../shared/data), scored with its tools.

- Gold sets, person-set and country-set P/R/F1 (score_entities.py): `aeb` web pages end to end
  from their HTML (cleaning included), `aeb` ground-truth article bodies, CoNLL-2003 dev and
  train; `--gold DOCS GOLD.json` scores any folder of documents against any gold file.
- Reuters-21578 stories with gold places: country precision/recall against the editors' tags.
- Throughput of the whole `entities` stage on BBC articles against a bare spaCy NER pipe with
  the same number of processes, in the same run.
- `--only bbc`: indexes the BBC set and prints the top 50 person labels and, per country, the
  articles whose country rests on city names alone (an upper bound of false place matches).

usage: python benchmarks/entity_quality.py [--only gold|reuters|speed|bbc] [--gold DOCS GOLD]
       [--read FILE]
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

from search import schema  # noqa: E402
from search.entities import extract_many  # noqa: E402
from search.ingest import pipeline  # noqa: E402
from search.models import Article  # noqa: E402
from search.output import article_record  # noqa: E402
from search.store import whoosh_index  # noqa: E402


def score_set(name: str, records: list[dict[str, object]], gold: Path, tools: Path) -> None:
    """Print P/R/F1 of one set; ``records`` carry the gold key as their id."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as out:
        for record in records:
            out.write(json.dumps(record) + "\n")
    scored = subprocess.run(
        [sys.executable, str(tools / "score_entities.py"), out.name, str(gold)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = json.loads(scored)
    parts = []
    for kind in ("persons", "countries"):
        r = result[kind]
        parts.append(f"{kind} P={r['p']:.3f} R={r['r']:.3f} F1={r['f1']:.3f}")
    print(f"{name} ({result['docs']} documents): " + "; ".join(parts), flush=True)


def folder_records(folder: Path, workers: int) -> list[dict[str, object]]:
    """Each document of a folder through the whole pipeline, keyed by its file name."""
    records = []
    for article, entities in pipeline.articles_with_entities(
        [str(folder)], warn=lambda m: print(m, file=sys.stderr), workers=workers
    ):
        record = article_record(article, entities)
        record["id"] = Path(article.path).stem
        records.append(record)
    return records


def body_records(truth: Path, workers: int) -> list[dict[str, object]]:
    """The aeb ground-truth bodies (no cleaning), language detected as for any article."""
    bodies = json.loads(truth.read_text("utf-8"))
    articles = [
        pipeline.with_language(
            Article(id=k, path=k, title="", body=v["articleBody"], content_hash=k)
        )
        for k, v in bodies.items()
    ]
    return [
        article_record(a, e)
        for a, e in zip(articles, extract_many(articles, workers=workers), strict=True)
    ]


def gold_sets(data: Path, tools: Path, workers: int) -> None:
    aeb = data / "aeb"
    score_set(
        "aeb HTML pages, end to end",
        folder_records(aeb / "html", workers),
        aeb / "entities-gold.json",
        tools,
    )
    score_set(
        "aeb ground-truth bodies",
        body_records(aeb / "ground-truth.json", workers),
        aeb / "entities-gold.json",
        tools,
    )
    for name in ("conll2003-dev", "conll2003-train"):
        folder = data / name
        score_set(name, folder_records(folder / "docs", workers), folder / "gold.json", tools)


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


def bbc_facets(data: Path, workers: int, read: Path | None = None) -> None:
    """Index the BBC set; print its top 50 person labels and place-only country matches;
    ``read``: also write every place-only article with the text around each city (what the
    false-match shares in the README were read from)."""
    from collections import Counter

    from search import indexing
    from search.catalog import facet_values
    from search.entities import countries

    with tempfile.TemporaryDirectory() as tmp:
        location = Path(tmp) / "index"
        indexing.index_paths(
            [str(data / "corpora" / "bbc.jsonl.gz")], location=location, workers=workers
        )
        top = facet_values(location, "person", limit=50)
        print("BBC top 50 person labels: " + "; ".join(f"{c.label} {c.count}" for c in top))
        per: Counter[str] = Counter()
        only: Counter[str] = Counter()
        forms: dict[str, Counter[str]] = {}
        ix = whoosh_index.open_index(location)
        to_read: dict[str, list[dict[str, object]]] = {}
        with ix.searcher() as searcher:
            for _, stored in searcher.reader().iter_docs():
                mentions = json.loads(stored.get("mentions") or "{}")
                for code in filter(None, (stored.get("country") or "").upper().split(",")):
                    per[code] += 1
                    written = mentions.get(code, [])
                    kinds = {getattr(countries.place(w), "kind", "?") for w in written}
                    if written and kinds <= {"city"}:
                        only[code] += 1
                        forms.setdefault(code, Counter()).update(written)
                        text = f"{stored.get('title') or ''}\n{schema.stored_body(stored)}"
                        to_read.setdefault(code, []).append(
                            {
                                "id": stored["id"],
                                "title": stored.get("title"),
                                "cities": written,
                                "around": [_around(text, w) for w in dict.fromkeys(written)],
                            }
                        )
        if read is not None:
            read.write_text(json.dumps(to_read, indent=1, ensure_ascii=False), "utf-8")
            print(f"place-only articles with the text around each city: {read}")
        print(
            "BBC countries: articles, of them resting on city names alone (upper bound of "
            "false place matches), the city names"
        )
        for code, n in per.most_common(20):
            names = ", ".join(f"{w} {k}" for w, k in forms.get(code, Counter()).most_common(4))
            print(f"  {code} {n:5d} {only[code]:4d} {only[code] / n:6.1%}  {names}")


def _around(text: str, word: str, width: int = 90) -> str:
    """The text around the first place ``word`` is written in ``text``."""
    at = text.find(word)
    return " ".join(text[max(0, at - width) : at + len(word) + width].split()) if at >= 0 else ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--tools", type=Path, default=ROOT.parent / "shared" / "tools")
    ap.add_argument("--only", choices=["gold", "reuters", "speed", "bbc"])
    ap.add_argument(
        "--gold",
        nargs=2,
        type=Path,
        metavar=("DOCS", "GOLD"),
        help="score any folder of documents against a gold file instead",
    )
    ap.add_argument("--reuters", type=int, default=3000, help="stories to score")
    ap.add_argument("--bbc", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--read",
        type=Path,
        help="with bbc: write every place-only article and the text around its cities here",
    )
    args = ap.parse_args()
    if args.gold:
        docs, gold = args.gold
        score_set(str(docs), folder_records(docs, args.workers), gold, args.tools)
        return
    if args.only in (None, "gold"):
        gold_sets(args.data, args.tools, args.workers)
    if args.only in (None, "reuters"):
        reuters(args.data, args.reuters, args.workers)
    if args.only in (None, "speed"):
        speed(args.data, args.bbc, args.workers)
    if args.only in (None, "bbc"):
        bbc_facets(args.data, args.workers, args.read)


if __name__ == "__main__":
    main()
