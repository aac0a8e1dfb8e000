"""The parsed form of a query: what `engine.py` evaluates and `--explain` prints."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Kinds of text search: one analysed word, a phrase, or a pattern standing for index words.
TERM, PHRASE, PREFIX, WILDCARD, FUZZY = "term", "phrase", "prefix", "wildcard", "fuzzy"


@dataclass(frozen=True)
class Words:
    """A word, phrase or pattern searched in text fields (title and body unless one is named).

    ``words`` holds index terms (analysed: lower case, stemmed) for TERM and PHRASE, and the
    lower-cased pattern for the others."""

    kind: str
    words: tuple[str, ...]
    fields: tuple[str, ...] = ("title", "body")
    slop: int = 1  # PHRASE: each word within this many positions of the previous one
    maxdist: int = 1  # FUZZY: edits allowed
    prefix: int = 1  # FUZZY: leading characters that must match exactly

    def __str__(self) -> str:
        field = f"{self.fields[0]}:" if len(self.fields) == 1 else ""
        if self.kind == PHRASE:
            slop = f"~{self.slop}" if self.slop > 1 else ""
            return f'{field}"{" ".join(self.words)}"{slop}'
        if self.kind == FUZZY:
            return f"{field}{self.words[0]}~{self.maxdist}"
        if self.kind == PREFIX:
            return f"{field}{self.words[0]}*"
        return f"{field}{self.words[0]}"


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]

    def __str__(self) -> str:
        return " AND ".join(_inner(c) for c in self.children)


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]

    def __str__(self) -> str:
        return " OR ".join(_inner(c) for c in self.children)


@dataclass(frozen=True)
class Not:
    child: Node

    def __str__(self) -> str:
        return f"NOT {_inner(self.child)}"


@dataclass(frozen=True)
class Every:
    """Every article."""

    def __str__(self) -> str:
        return "<every article>"


@dataclass(frozen=True)
class Nothing:
    """No article (a filter naming an unknown entity)."""

    def __str__(self) -> str:
        return "<nothing>"


@dataclass(frozen=True)
class Facet:
    """Articles carrying any of these labels of a facet field (entity and source filters)."""

    field: str
    labels: tuple[str, ...]

    def __str__(self) -> str:
        shown = " OR ".join(f'"{label}"' for label in self.labels)
        return f"{self.field}:({shown})" if len(self.labels) > 1 else f"{self.field}:{shown}"


@dataclass(frozen=True)
class Dates:
    """Articles published from ``start`` to ``end``, both days included (None: open)."""

    start: date | None
    end: date | None

    def __str__(self) -> str:
        start = self.start.isoformat() if self.start else ""
        end = self.end.isoformat() if self.end else ""
        return f"date:{start}..{end}"


Node = Words | And | Or | Not | Every | Nothing | Facet | Dates


def _inner(node: Node) -> str:
    return f"({node})" if isinstance(node, And | Or) and len(node.children) > 1 else str(node)


def conjunction(nodes: list[Node]) -> Node:
    """All of ``nodes`` (one node stays itself; none is every article)."""
    if not nodes:
        return Every()
    return nodes[0] if len(nodes) == 1 else And(tuple(nodes))
