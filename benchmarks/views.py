#!/usr/bin/env python3
"""Speed of the views beyond search (issue 13's target: each under 1 s in process at 100,000
articles), on an existing index — the one `search_speed.py` builds in its --work folder.

Each view runs once to warm up, then --repeat times; the table gives median, fastest and
slowest (ms), in process, with the answer's size so that a fast empty answer cannot pass.

usage: python benchmarks/views.py --index DIR [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search import querying  # noqa: E402
from search.insights import cooccur, mentions, profile, saved, timeline  # noqa: E402


def timed(fn: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    result = fn()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        runs.append((time.perf_counter() - start) * 1000)
    return runs, result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    index = args.index
    every = querying.search(
        index, querying.SearchOptions(facets=("person", "country"), facet_limit=50, limit=1)
    )
    person = next(c.label for c in every.facets["person"] if " " in c.label)  # a full name
    country = every.facets["country"][0].label
    word = "oil"
    one = querying.search(index, querying.SearchOptions(query=word, limit=1)).hits[0].id
    name = "views-benchmark"
    saved.remove(index, name) if name in {s.name for s in saved.list_saved(index)} else None
    saved.add(index, name, querying.SearchOptions(query=word))
    opts = querying.SearchOptions(query=word)
    with tempfile.TemporaryDirectory() as tmp:
        graph_file = Path(tmp) / "g.graphml"
        views: list[tuple[str, Callable[[], Any], Callable[[Any], str]]] = [
            (f"cooccur {person!r} --with person", lambda: cooccur.cooccur(index, person),
             lambda r: f"{len(r.rows)} rows over {r.articles:,} articles"),
            (f"cooccur {person!r} --with country {word!r}",
             lambda: cooccur.cooccur(index, person, other="country", options=opts),
             lambda r: f"{len(r.rows)} rows over {r.articles:,} articles"),
            (f"cooccur ... --graph (50 entities, {word!r})",
             lambda: cooccur.write_graph(cooccur.graph(index, opts), graph_file)
             or cooccur.graph(index, opts),
             lambda r: f"{len(r.nodes)} nodes, {len(r.edges)} edges"),
            ("timeline --by month (every article)",
             lambda: timeline.timeline(index, [querying.SearchOptions()], by="month"),
             lambda r: f"{len(r.periods)} months, {r.series[0].total:,} articles"),
            (f"timeline {word!r} --compare gas --compare said --by week --normalise",
             lambda: timeline.timeline(
                 index,
                 [opts, querying.SearchOptions(query="gas"), querying.SearchOptions(query="said")],
                 by="week", normalise=True),
             lambda r: f"{len(r.periods)} weeks x {len(r.series)} series"),
            (f"search {word!r} --significant person --significant country",
             lambda: querying.search(index, querying.SearchOptions(
                 query=word, significant=("person", "country"))),
             lambda r: f"{r.total:,} hits, {len(r.significant['person'])} persons"),
            (f"search '{word} price*' --why (10 hits)",
             lambda: querying.search(
                 index, querying.SearchOptions(query=f"{word} price*", why=True)),
             lambda r: f"{len(r.hits)} hits explained"),
            (f"profile {person!r}", lambda: profile.profile(index, person),
             lambda r: f"{r.articles:,} articles, {len(r.months)} months"),
            (f"profile {country!r} --kind country",
             lambda: profile.profile(index, country, kind="country"),
             lambda r: f"{r.articles:,} articles"),
            ("show ID --mentions", lambda: mentions.mentions(index, one),
             lambda r: f"{len(r[2])} mentions"),
            (f"saved run {name}", lambda: saved.run(index, name),
             lambda r: f"{r[1].total:,} hits"),
            (f"saved run {name} --new", lambda: saved.run(index, name, new=True),
             lambda r: f"{r[1].total:,} new (each run sees what the last one saw)"),
        ]  # fmt: skip
        print(f"| view, at {every.total:,} articles | median ms | fastest | slowest | answer |")
        print("|---|---|---|---|---|")
        for label, fn, describe in views:
            runs, result = timed(fn, args.repeat)
            print(
                f"| `{label}` | {statistics.median(runs):.0f} | {min(runs):.0f} | "
                f"{max(runs):.0f} | {describe(result)} |"
            )
    saved.remove(index, name)


if __name__ == "__main__":
    main()
