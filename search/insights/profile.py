"""One entity whole: its name and the values shown under it, the user's merges into it, how
the newest articles write it, how many articles name it and when, a monthly sparkline, who
and what it appears with, where it is reported from."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from search import aliases, querying, schema
from search.errors import NotFoundError, UsageProblem
from search.insights import cooccur, timeline
from search.models import CoMention, Profile
from search.store.facet_kinds import CountryKind
from search.store.facets import facet_count

KINDS = schema.ENTITY_KINDS
SAMPLE = 50  # newest articles whose mentions give the surface forms
BARS = "▁▂▃▄▅▆▇█"


def profile(
    location: Path,
    name: str,
    *,
    kind: str | None = None,
    options: querying.SearchOptions | None = None,
    limit: int = 10,
) -> Profile:
    """The profile of ``name`` (a person, else an organisation, else a country, unless
    ``kind`` says which), over the articles ``options`` match (all of them by default)."""
    if kind is not None and kind not in KINDS:
        raise UsageProblem(f"--kind must be one of {', '.join(KINDS)}")
    base = options or querying.SearchOptions()
    evaluation = querying.evaluate(location, replace(base, limit=0))
    store, text = evaluation.opened.store, evaluation.opened.text
    found = None
    for candidate in (kind,) if kind else KINDS:
        labels = evaluation.vocab.labels(candidate, name)
        if labels:
            found = (candidate, labels)
            break
    if found is None:
        raise NotFoundError(f"no {kind or 'person, country or organisation'} known as {name!r}")
    kind, labels = found
    fs = store.fields[kind]
    docs = np.intersect1d(fs.docs_with(labels), evaluation.matches.docs, assume_unique=True)
    label = facet_count(kind, labels[0], 0).label
    days = text.published[docs]
    dated = np.sort(days[days > 0])
    seen = [timeline.period_label(int(dated[k]), "day") if len(dated) else None for k in (0, -1)]
    months: tuple[tuple[str, int], ...] = ()
    if len(dated):
        numbers = timeline.period_numbers(dated, "month")
        first = int(numbers.min())
        counts = np.bincount(numbers - first)
        months = tuple(
            (timeline.period_label(first + k, "month"), int(c)) for k, c in enumerate(counts)
        )
    changes: dict[str, Any] = {_OPTION[kind]: (*getattr(base, _OPTION[kind]), name)}
    by_name = replace(base, **changes)
    co: list[CoMention] = []
    for other in KINDS:
        found_with = cooccur.cooccur(
            location,
            name,
            kind=kind,
            other=other,
            options=base,
            limit=limit,
            min_count=1,
            order="count",
        )
        co += found_with.rows
    co.sort(key=lambda c: (-c.together, c.label))
    facets = querying.search(
        location,
        replace(by_name, limit=0, facets=("source", "country"), facet_limit=limit),
    ).facets
    values = tuple(  # the other values shown under this name (`putin` for Vladimir Putin)
        sorted(r for r in fs.raws_by_label.get(labels[0].lower(), []) if r != labels[0].lower())
    )
    user = aliases.load_user_aliases(location).get(kind, {})
    merged = tuple(sorted(raw for raw, target in user.items() if target.lower() == label.lower()))
    return Profile(
        name=label,
        kind=kind,
        values=values,
        aliases=merged,
        surface_forms=_surface_forms(evaluation, docs, labels, kind),
        articles=len(docs),
        first_seen=seen[0],
        last_seen=seen[1],
        months=months,
        co_mentions=tuple(co[:limit]),
        sources=facets["source"],
        countries=tuple(c for c in facets["country"] if c.label != label),
    )


_OPTION = {"person": "persons", "country": "countries", "org": "orgs"}


def _surface_forms(
    evaluation: querying.Evaluation, docs: np.ndarray, labels: list[str], kind: str
) -> tuple[str, ...]:
    """How the newest ``SAMPLE`` of ``docs`` write the entity (their stored mentions)."""
    text = evaluation.opened.text
    newest = docs[np.argsort(-text.published[docs], kind="stable")[:SAMPLE]]
    fs = evaluation.opened.store.fields[kind]
    wanted = {label.lower() for label in labels}
    codes = {CountryKind.unpack(label)[0].lower() for label in labels}
    forms: dict[str, int] = {}
    for docnum in newest.tolist():
        stored = evaluation.opened.stored(docnum)
        carried = {v.lower() for v in schema.keyword_values(stored.get(kind))}
        for key, written in json.loads(stored.get("mentions") or "{}").items():
            if kind == "country":
                hit = key.lower() in codes
            else:  # persons and organisations are keyed by their value as indexed
                hit = key.lower() in carried and fs.label(key).lower() in wanted
            if hit:
                for form in written:
                    forms[form] = forms.get(form, 0) + 1
    return tuple(sorted(forms, key=lambda f: (-forms[f], f)))


def sparkline(months: tuple[tuple[str, int], ...], width: int = 60) -> str:
    """Articles per month as a row of block characters, the highest cell a full block; over
    ``width`` months, each cell sums as many months as it takes to fit (`cell_months`)."""
    step = cell_months(len(months), width)
    cells = [sum(n for _, n in months[i : i + step]) for i in range(0, len(months), step)]
    top = max(cells, default=0)
    if not top:
        return ""
    return "".join(
        BARS[min(len(BARS) - 1, (n * len(BARS) - 1) // top)] if n else " " for n in cells
    )


def cell_months(count: int, width: int = 60) -> int:
    """Months per sparkline cell, so that ``count`` months fit in ``width`` cells."""
    return max(1, -(-count // width))
