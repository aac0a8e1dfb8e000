#!/usr/bin/env python3
"""Cleaner quality and speed on the shared benchmark data (../shared/data), with its scorers.

Prints F1 on aeb HTML pages, aeb plain-text dumps and the snippets pages, the worst pages,
the share of right titles (score_titles.py) and the worst of them, for text dumps the kinds
of line removed, the titles of the CoNLL-2003 train wire copy (its first line), and HTML
throughput against trafilatura (precision mode, with metadata) in the same run.

usage: python benchmarks/clean_quality.py [--data ../shared/data] [--worst 5] [--skip-speed]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search.cleaning import clean, text  # noqa: E402
from search.ingest import loaders, pipeline  # noqa: E402


def _run_tool(tool: Path, *args: str) -> str:
    """What one of the shared scorers prints."""
    done = subprocess.run([sys.executable, str(tool), *args], capture_output=True, text=True)
    done.check_returncode()
    return done.stdout


def _score(tool: Path, pred: dict[str, str], truth: Path, *extra: str) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(pred, handle)
    return _run_tool(tool, handle.name, "--truth", str(truth), *extra)


def aeb(data: Path, tools: Path, kind: str, worst: int) -> None:
    folder = data / "aeb" / kind
    pred: dict[str, str] = {}
    titles: list[dict[str, str]] = []
    removed: Counter[str] = Counter()
    for article in pipeline.articles([str(folder)], warn=lambda m: print(m, file=sys.stderr)):
        pred[Path(article.path).stem] = article.body
        titles.append({"path": article.path, "title": article.title})
        if kind == "text":
            removed.update(_removed_kinds(Path(article.path), article.title, article.body))
    out = _score(tools / "score_aeb.py", pred, data / "aeb" / "ground-truth.json", "--per-doc")
    lines = out.splitlines()
    header, summary = lines[0].split(), lines[1].split()
    print(
        f"aeb {kind}: "
        + "  ".join(f"{h}={v}" for h, v in zip(header[1:], summary[1:], strict=False))
    )
    _print_worst(lines[2:], worst)
    _print_titles(tools, titles, data / "aeb" / "titles.json", kind, worst)
    if removed:
        print(f"   removed lines by kind: {dict(removed.most_common())}")


def _removed_kinds(path: Path, title: str, body: str) -> Counter[str]:
    """What kind of line each line the cleaner dropped from a text dump was: furniture by
    the rule that found it, or text outside the article block."""
    kept = {ln.strip() for ln in body.split("\n")} | {title.strip()}
    counts: Counter[str] = Counter()
    for line in path.read_text("utf-8", errors="replace").splitlines():
        if line.strip() and line.strip() not in kept:
            counts[text.furniture_kind(line) or "outside the article"] += 1
    return counts


def _print_titles(
    tools: Path, titles: list[dict[str, str]], truth: Path, kind: str, worst: int
) -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
        handle.write("".join(json.dumps(t) + "\n" for t in titles))
    result = json.loads(_run_tool(tools / "score_titles.py", handle.name, str(truth)))
    print(f"aeb {kind} titles: right={result['right']:.3f} of {result['n']}")
    for key, got, want in result["wrong"][:worst]:
        print(f"   wrong title: {key[:12]} {got[:60]!r} (page: {want[:60]!r})")


def _print_worst(lines: list[str], worst: int) -> None:
    rows = []
    for line in lines:
        parts = dict(p.split("=") for p in line.split()[1:] if "=" in p)
        if "P" in parts:
            p, r = float(parts["P"]), float(parts["R"])
            rows.append((2 * p * r / (p + r) if p + r else 0.0, line.strip()))
    for f1, line in sorted(rows)[:worst]:
        print(f"   worst: F1={f1:.3f} {line}")


def snippets(data: Path, tools: Path) -> None:
    folder = data / "snippets"
    items = [
        json.loads(x) for x in (folder / "snippets.jsonl").read_text("utf-8").splitlines() if x
    ]
    pred: dict[str, str] = {}
    for item in items:
        path = folder / item["file"]
        try:
            (raw,) = loaders.load(path)
        except Exception as exc:  # noqa: BLE001 - report and go on
            print(f"   {item['file']}: {exc}", file=sys.stderr)
            continue
        raw = type(raw)(**{**raw.__dict__, "url": item.get("url")})
        article = clean(raw)
        pred[item["file"]] = f"{article.title}\n{article.body}"
    out = _score(tools / "score_snippets.py", pred, folder / "snippets.jsonl")
    print(f"snippets: {out.strip()}")


def wire_titles(data: Path, worst: int) -> None:
    """Titles of another kind of text file, as a check of the headline finder beyond aeb:
    the CoNLL-2003 train documents are Reuters wire copy whose first line is the headline
    (over the dateline or a byline), so the title is right when it is that line."""
    folder = data / "conll2003-train" / "docs"
    if not folder.exists():
        return
    found = {
        Path(a.path).stem: a.title
        for a in pipeline.articles([str(folder)], warn=lambda m: print(m, file=sys.stderr))
    }
    wrong = []
    for path in sorted(folder.glob("*.txt")):
        first = path.read_text("utf-8").split("\n", 1)[0].strip()
        if found.get(path.stem, "").strip() != first:
            wrong.append((path.stem, found.get(path.stem, ""), first))
    right = len(found) - sum(1 for stem, _, _ in wrong if stem in found)
    print(f"conll2003-train wire text titles: right={right / len(found):.3f} of {len(found)}")
    for stem, got, want in wrong[:worst]:
        print(f"   wrong title: {stem} {got[:60]!r} (first line: {want[:60]!r})")


def speed(data: Path, rounds: int) -> None:
    import trafilatura

    pages = [next(loaders.load(p)) for p in sorted((data / "aeb" / "html").glob("*.html"))]
    ours, theirs = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        for raw in pages:
            trafilatura.extract(
                raw.content, favor_precision=True, include_comments=False, with_metadata=True
            )
        theirs.append(time.perf_counter() - start)
        start = time.perf_counter()
        for raw in pages:
            clean(raw)
        ours.append(time.perf_counter() - start)
    t, o = statistics.median(theirs), statistics.median(ours)
    print(
        f"html throughput: newsidx {len(pages) / o:.1f} pages/s, trafilatura {len(pages) / t:.1f}"
        f" pages/s (median of {rounds}); ratio {t / o:.2f}x"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--tools", type=Path, default=ROOT.parent / "shared" / "tools")
    ap.add_argument("--worst", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--skip-speed", action="store_true")
    ap.add_argument("--only", choices=["html", "text", "snippets", "speed"])
    args = ap.parse_args()
    if not args.data.exists():
        sys.exit(f"no benchmark data at {args.data}")
    if args.only in (None, "html"):
        aeb(args.data, args.tools, "html", args.worst)
    if args.only in (None, "text"):
        aeb(args.data, args.tools, "text", args.worst)
        wire_titles(args.data, args.worst)
    if args.only in (None, "snippets"):
        snippets(args.data, args.tools)
    if args.only in (None, "speed") and not args.skip_speed:
        speed(args.data, args.rounds)


if __name__ == "__main__":
    main()
