"""Who appears with whom: the entities most often in the same articles as one entity, with
an association score so that names in every article do not drown the telling ones, and the
co-occurrence network of the hits' top entities for Gephi and similar tools.

Lift is how many times more often two entities share an article than they would by chance:
together * searched / (articles of one * articles of the other). It is only shown for pairs
seen together at least ``min_count`` times, as lift is noisy on one or two articles."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from search import querying, schema
from search.errors import NotFoundError, UsageProblem
from search.models import CoMention, Cooccurrence
from search.store.facets import count_ids, facet_count

KINDS = schema.ENTITY_KINDS
ORDERS = schema.COOCCUR_ORDERS


def _labels(evaluation: querying.Evaluation, kind: str, name: str) -> list[str]:
    labels = evaluation.vocab.labels(kind, name)
    if not labels:
        raise NotFoundError(f"no {kind} known as {name!r}")
    return labels


def cooccur(
    location: Path,
    name: str,
    *,
    kind: str = "person",
    other: str | None = None,
    options: querying.SearchOptions | None = None,
    limit: int = 20,
    min_count: int = 2,
    order: str = "lift",
) -> Cooccurrence:
    """The ``other`` entities (default: of ``kind``) most associated with ``name`` in the
    articles ``options`` match (every article without a query or filter)."""
    other = other or kind
    for value, allowed in ((kind, KINDS), (other, KINDS), (order, ORDERS)):
        if value not in allowed:
            raise UsageProblem(f"{value!r} must be one of {', '.join(allowed)}")
    evaluation = querying.evaluate(location, options or querying.SearchOptions())
    store = evaluation.opened.store
    labels = _labels(evaluation, kind, name)
    searched = evaluation.matches.docs
    with_name = np.intersect1d(store.fields[kind].docs_with(labels), searched, assume_unique=True)
    fs = store.fields[other]
    together = count_ids(fs, with_name)
    articles = count_ids(fs, searched)
    if other == kind:  # not the entity itself
        for label in labels:
            i = fs.ids_by_label.get(label.lower())
            if i is not None:
                together[i] = 0
    keep = np.flatnonzero(together >= max(1, min_count))
    n, a = len(searched), len(with_name)
    lift = together[keep] * n / np.maximum(1, a * articles[keep])
    rank = (
        np.lexsort((keep, -together[keep], -lift))
        if order == "lift"
        else np.lexsort((keep, -lift, -together[keep]))
    )
    rows = []
    for j in rank[:limit]:
        i = int(keep[j])
        shown = facet_count(other, fs.labels[i], int(together[i]))
        rows.append(
            CoMention(shown.value, shown.label, int(together[i]), int(articles[i]), float(lift[j]))
        )
    shown_name = facet_count(kind, labels[0], 0).label
    return Cooccurrence(shown_name, kind, other, a, n, tuple(rows))


@dataclass(frozen=True)
class Graph:
    """A co-occurrence network: nodes (id, label, kind, articles) and weighted edges."""

    nodes: tuple[tuple[str, str, str, int], ...]
    edges: tuple[tuple[str, str, int], ...]


def graph(
    location: Path,
    options: querying.SearchOptions | None = None,
    *,
    kinds: tuple[str, ...] = KINDS,
    size: int = 50,
    min_count: int = 2,
) -> Graph:
    """The ``size`` entities most frequent in the hits, and how many hits each pair shares
    (pairs sharing fewer than ``min_count`` left out)."""
    evaluation = querying.evaluate(location, options or querying.SearchOptions())
    store, hits = evaluation.opened.store, evaluation.matches.docs
    candidates: list[tuple[int, str, int]] = []  # (articles, kind, label id)
    for kind in kinds:
        counts = count_ids(store.fields[kind], hits)
        top = np.argsort(-counts, kind="stable")[:size]
        candidates += [(int(counts[i]), kind, int(i)) for i in top if counts[i] > 0]
    chosen = sorted(candidates, key=lambda c: (-c[0], c[1], c[2]))[:size]
    position = {(kind, i): k for k, (_, kind, i) in enumerate(chosen)}
    matrix = np.zeros((len(hits), len(chosen)), dtype=np.float32)
    for kind in kinds:
        fs = store.fields[kind]
        docs, ids = _occurrences(fs, hits)
        columns = np.array([position.get((kind, int(i)), -1) for i in ids], dtype=np.int64)
        ok = columns >= 0
        matrix[docs[ok], columns[ok]] = 1.0
    shared = (matrix.T @ matrix).astype(np.int64)
    nodes = []
    for k, (n, kind, i) in enumerate(chosen):
        label = facet_count(kind, store.fields[kind].labels[i], n).label
        nodes.append((f"n{k}", label, kind, n))
    edges = [
        (f"n{a}", f"n{b}", int(shared[a, b]))
        for a in range(len(chosen))
        for b in range(a + 1, len(chosen))
        if shared[a, b] >= max(1, min_count)
    ]
    return Graph(tuple(nodes), tuple(edges))


def _occurrences(fs: Any, docs: Any) -> tuple[Any, Any]:
    """(row in ``docs``, label id) of every value the documents carry."""
    starts, ends = fs.offsets[docs], fs.offsets[docs + 1]
    lengths = ends - starts
    total = int(lengths.sum())
    rows = np.repeat(np.arange(len(docs)), lengths)
    if not total:
        return rows, np.zeros(0, dtype=np.int64)
    run_starts = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    return rows, fs.values[run_starts + np.arange(total)]


def write_graph(network: Graph, path: Path) -> None:
    """Write the network as GraphML (`.graphml`) or GEXF (`.gexf`), with networkx."""
    import networkx as nx

    suffix = path.suffix.lower()
    if suffix not in (".graphml", ".gexf"):
        raise UsageProblem(f"--graph writes .graphml or .gexf files, not {path.name!r}")
    g = nx.Graph()
    for node, label, kind, articles in network.nodes:
        g.add_node(node, label=label, kind=kind, articles=articles)
    for a, b, weight in network.edges:
        g.add_edge(a, b, weight=weight)
    try:
        if suffix == ".graphml":
            nx.write_graphml(g, path)
        else:
            nx.write_gexf(g, path)
    except OSError as exc:
        raise UsageProblem(f"cannot write {path}: {exc.strerror or exc}") from exc
