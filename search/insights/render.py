"""Renderers of the views (text, json, jsonl, csv): generators of lines, as `output.py`'s."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

from search.insights.profile import cell_months, sparkline
from search.models import Cooccurrence, Mention, Profile, SavedSearch, Timeline
from search.output import FORMAT_VERSION, csv_rows

BLOCKS = " ▏▎▍▌▋▊▉█"
_PLURAL = {
    "person": "persons",
    "country": "countries",
    "org": "organisations",
}  # eighths of a character cell
CHART_WIDTH = 48


def _json(kind: str, body: dict[str, Any]) -> str:
    return json.dumps({"format_version": FORMAT_VERSION, kind: body}, ensure_ascii=False, indent=2)


def render_cooccurrence(result: Cooccurrence, fmt: str) -> Iterator[str]:
    rows = [asdict(r) for r in result.rows]
    if fmt == "json":
        yield _json("cooccurrence", asdict(result))
    elif fmt == "jsonl":
        for row in rows:
            yield json.dumps({"format_version": FORMAT_VERSION, **row}, ensure_ascii=False)
    elif fmt == "csv":
        yield from csv_rows(
            ["value", "label", "together", "articles", "lift"],
            (
                [r["value"], r["label"], r["together"], r["articles"], f"{r['lift']:.3f}"]
                for r in rows
            ),
        )
    else:
        yield (
            f"{result.name} ({result.kind}): {result.articles:,} of {result.searched:,} articles; "
            f"{_PLURAL[result.other]} in the same articles (together, with it anywhere, lift):"
        )
        if not rows:
            yield "  (none)"
        width = max((len(str(r["together"])) for r in rows), default=1)
        for r in result.rows:
            label = f"{r.label} ({r.value})" if r.value != r.label else r.label
            yield f"  {r.together:>{width}}  {r.articles:>7,}  {r.lift:7.2f}  {label}"


def _bar(value: float, top: float, width: int) -> str:
    if top <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / top * width * 8))
    full, part = divmod(eighths, 8)
    return "█" * full + (BLOCKS[part] if part else "")


def render_timeline(result: Timeline, fmt: str) -> Iterator[str]:
    shares = all(s.shares is not None for s in result.series) and bool(result.series)
    if fmt == "json":
        yield _json("timeline", asdict(result))
        return
    if fmt in ("jsonl", "csv"):
        header = ["period"]
        for s in result.series:
            header += [s.query or "(all)"] + ([f"{s.query or '(all)'} share"] if shares else [])
        rows = []
        for k, period in enumerate(result.periods):
            row: list[Any] = [period]
            for s in result.series:
                row.append(s.counts[k])
                if shares and s.shares is not None:
                    row.append(round(s.shares[k], 6))
            rows.append(row)
        if fmt == "csv":
            yield from csv_rows(header, rows)
        else:
            for row in rows:
                yield json.dumps(
                    {"format_version": FORMAT_VERSION, **dict(zip(header, row, strict=True))},
                    ensure_ascii=False,
                )
        return
    width = max(8, CHART_WIDTH // max(1, len(result.series)))
    for i, s in enumerate(result.series, 1):
        undated = f", {s.undated:,} undated" if s.undated else ""
        yield f"[{i}] {s.query or '(every article)'}: {s.total:,} articles{undated}"
    if not result.periods:
        yield "(no dated articles)"
        return
    values = [s.shares if shares and s.shares is not None else s.counts for s in result.series]
    top = max((max(v) for v in values if v), default=0)
    label_width = max(len(p) for p in result.periods)
    for k, period in enumerate(result.periods):
        cells = []
        for s, series_values in zip(result.series, values, strict=True):
            shown = f"{series_values[k]:.1%}" if shares else f"{s.counts[k]:,}"
            cells.append(f"{_bar(float(series_values[k]), float(top), width):<{width}} {shown:>7}")
        yield f"{period:<{label_width}} " + "  ".join(cells)


def render_profile(result: Profile, fmt: str) -> Iterator[str]:
    if fmt == "json":
        yield _json("profile", asdict(result))
        return
    if fmt == "jsonl":
        yield json.dumps({"format_version": FORMAT_VERSION, **asdict(result)}, ensure_ascii=False)
        return
    if fmt == "csv":  # one row per fact: what, label, count
        rows: list[list[Any]] = [
            ["name", result.name, result.articles],
            ["kind", result.kind, ""],
            ["first_seen", result.first_seen or "", ""],
            ["last_seen", result.last_seen or "", ""],
        ]
        rows += [["value", v, ""] for v in result.values]
        rows += [["alias", a, ""] for a in result.aliases]
        rows += [["written", f, ""] for f in result.surface_forms]
        rows += [["month", m, n] for m, n in result.months]
        rows += [["with", c.label, c.together] for c in result.co_mentions]
        rows += [["source", c.label, c.count] for c in result.sources]
        rows += [["country", c.label, c.count] for c in result.countries]
        yield from csv_rows(["what", "label", "count"], rows)
        return
    plural = "s" if result.articles != 1 else ""
    yield f"{result.name} ({result.kind}): {result.articles:,} article{plural}"
    if result.first_seen:
        yield f"seen: {result.first_seen} to {result.last_seen}"
        first, last = result.months[0][0], result.months[-1][0]
        step = cell_months(len(result.months))
        per = "a month" if step == 1 else f"{step} months"
        yield f"articles: {sparkline(result.months)}  ({first} to {last}, {per} a cell)"
    yield f"also indexed as: {', '.join(result.values) or '-'}"
    if result.aliases:
        yield f"your merges: {', '.join(result.aliases)}"
    yield f"written as: {', '.join(result.surface_forms) or '-'}"
    yield "with: " + (", ".join(f"{c.label} ({c.together})" for c in result.co_mentions) or "-")
    yield "sources: " + (", ".join(f"{c.label} ({c.count})" for c in result.sources) or "-")
    yield "countries: " + (", ".join(f"{c.label} ({c.count})" for c in result.countries) or "-")


def render_mentions(mentions: tuple[Mention, ...], fmt: str) -> Iterator[str]:
    rows = [asdict(m) for m in mentions]
    if fmt == "json":
        yield _json("mentions", {"mentions": rows})
    elif fmt == "jsonl":
        for row in rows:
            yield json.dumps({"format_version": FORMAT_VERSION, **row}, ensure_ascii=False)
    elif fmt == "csv":
        header = ["start", "kind", "label", "value", "written", "context"]
        yield from csv_rows(header, ([row[k] for k in header] for row in rows))
    else:
        if not rows:
            yield "(no mentions)"
        for m in mentions:
            via = f" as {m.value!r}" if m.value != m.label and m.kind != "country" else ""
            yield f"{m.start:>6}  {m.kind:7} {m.label}{via}: “{m.written}”  {m.context}"


def render_saved(entries: tuple[SavedSearch, ...], fmt: str) -> Iterator[str]:
    if fmt == "json":
        yield _json("saved", {"searches": [asdict(e) for e in entries]})
        return
    if not entries:
        yield "(no saved searches)"
    for e in entries:
        ran = "never run" if e.last_run is None else "last run " + _when(e.last_run)
        ordered = sorted(e.options.items(), key=lambda kv: (kv[0] != "query", kv[0]))
        shown = " ".join(f"{k}={v!r}" for k, v in ordered)
        yield f"{e.name}: {shown or '(every article)'}  ({ran})"


def _when(seconds: float) -> str:
    from datetime import datetime

    return datetime.fromtimestamp(seconds).strftime("%Y-%m-%d %H:%M")
