"""Article counts per period: one series per query, every period from the first dated hit of
any series to the last (empty ones as zero), optionally as shares of all the articles of the
period. Dates come from the postings store's per-article table: no article is read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from search import querying, schema
from search.errors import UsageProblem
from search.models import Series, Timeline

PERIODS = schema.PERIODS
MAX_PERIODS = 20_000  # every day of 55 years


def period_numbers(ordinals: Any, by: str) -> Any:
    """The period number of each day number (date ordinal)."""
    if by == "day":
        return ordinals
    if by == "week":  # weeks start on Monday; day 1 (0001-01-01) is one
        return (ordinals - 1) // 7
    days = np.datetime64("0001-01-01", "D") + (ordinals - 1).astype("timedelta64[D]")
    months = days.astype("datetime64[M]").astype(np.int64)  # since 1970-01
    return months if by == "month" else months // 12


def period_label(number: int, by: str) -> str:
    if by == "day":
        return date.fromordinal(number).isoformat()
    if by == "week":
        return (date.fromordinal(1) + timedelta(days=7 * number)).isoformat()
    if by == "month":
        year, month = divmod(number, 12)
        return f"{1970 + year:04d}-{month + 1:02d}"
    return f"{1970 + number:04d}"


def timeline(
    location: Path,
    searches: Sequence[querying.SearchOptions],
    *,
    by: str = "month",
    normalise: bool = False,
) -> Timeline:
    """Counts per ``by`` period of the articles each of ``searches`` matches."""
    if by not in PERIODS:
        raise UsageProblem(f"--by must be one of {', '.join(PERIODS)}")
    matched = [querying.evaluate(location, replace(s, limit=0)) for s in searches]
    text = matched[0].opened.text
    published = text.published
    per_series = []
    for evaluation in matched:
        days = published[evaluation.matches.docs]
        per_series.append((days[days > 0], int((days <= 0).sum())))
    dated = [period_numbers(d, by) for d, _ in per_series if len(d)]
    if not dated:
        return Timeline(by, (), tuple(
            Series(s.query, (), () if normalise else None, 0, undated)
            for s, (_, undated) in zip(searches, per_series, strict=True)
        ))  # fmt: skip
    first = int(min(int(p.min()) for p in dated))
    last = int(max(int(p.max()) for p in dated))
    if last - first + 1 > MAX_PERIODS:
        raise UsageProblem(f"{last - first + 1:,} periods of a {by}: use a longer period")
    span = last - first + 1
    every = None
    if normalise:
        numbers = period_numbers(published[text.live & (published > 0)], by) - first
        every = np.bincount(numbers[(numbers >= 0) & (numbers < span)], minlength=span)
    series = []
    for search, (days, undated) in zip(searches, per_series, strict=True):
        counts = (
            np.bincount(period_numbers(days, by) - first, minlength=span)[:span]
            if len(days)
            else np.zeros(span, dtype=np.int64)
        )
        shares = None
        if every is not None:
            shares = tuple(
                float(c) / float(e) if e else 0.0 for c, e in zip(counts, every, strict=True)
            )
        series.append(
            Series(search.query, tuple(int(c) for c in counts), shares, int(counts.sum()), undated)
        )
    periods = tuple(period_label(first + k, by) for k in range(span))
    return Timeline(by, periods, tuple(series))
