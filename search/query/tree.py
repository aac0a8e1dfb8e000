"""The parsed form of a query: what `query.engine` evaluates and `--explain` prints.

Nodes are small immutable classes with slots rather than dataclasses: every `newsidx search`
defines them, and a frozen dataclass costs ~2 ms to create (six generated methods, each
compiled at import), a tenth of the time the whole search takes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

# Kinds of text search: one analysed word, a phrase, or a pattern standing for index words.
TERM, PHRASE, PREFIX, WILDCARD, FUZZY = "term", "phrase", "prefix", "wildcard", "fuzzy"


class _Node:
    """Immutable; equal when of the same class with equal fields."""

    __slots__: tuple[str, ...] = ()
    _names: tuple[str, ...] = ()  # the fields, in order (subclasses may inherit their slots)

    def __init__(self, *values: Any) -> None:
        for name, value in zip(self._names, values, strict=True):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._names)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _Node)
            and type(other) is type(self)
            and (self._fields() == other._fields())
        )

    def __hash__(self) -> int:
        return hash((type(self), self._fields()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={v!r}" for n, v in zip(self._names, self._fields(), strict=True))
        return f"{type(self).__name__}({shown})"


class Words(_Node):
    """A word, phrase or pattern searched in text fields (title and body unless one is named).

    ``words`` holds index terms (analysed: lower case, stemmed) for TERM and PHRASE, and the
    lower-cased pattern for the others. ``slop`` (PHRASE): each word within this many
    positions of the previous one; ``offsets`` (PHRASE): each word's position after the first
    (gaps stand for words not indexed: `weapons of mass` → (0, 2)); ``maxdist`` (FUZZY): edits
    allowed; ``prefix`` (FUZZY): leading characters that must match exactly."""

    __slots__ = _names = ("kind", "words", "fields", "slop", "maxdist", "prefix", "offsets")
    kind: str
    words: tuple[str, ...]
    fields: tuple[str, ...]
    slop: int
    maxdist: int
    prefix: int
    offsets: tuple[int, ...]

    def __init__(
        self,
        kind: str,
        words: tuple[str, ...],
        fields: tuple[str, ...] = ("title", "body"),
        *,
        slop: int = 1,
        maxdist: int = 1,
        prefix: int = 1,
        offsets: tuple[int, ...] = (),
    ) -> None:
        if kind == PHRASE and not offsets:
            offsets = tuple(range(len(words)))
        super().__init__(kind, words, fields, slop, maxdist, prefix, offsets)

    def __str__(self) -> str:
        field = f"{self.fields[0]}:" if len(self.fields) == 1 else ""
        if self.kind == PHRASE:
            slop = f"~{self.slop}" if self.slop > 1 else ""
            shown = [self.words[0]]
            for k in range(1, len(self.words)):  # `_` for each word that is not indexed
                shown += ["_"] * (self.offsets[k] - self.offsets[k - 1] - 1) + [self.words[k]]
            return f'{field}"{" ".join(shown)}"{slop}'
        if self.kind == FUZZY:
            return f"{field}{self.words[0]}~{self.maxdist}"
        if self.kind == PREFIX:
            return f"{field}{self.words[0]}*"
        return f"{field}{self.words[0]}"


class _Group(_Node):
    __slots__ = _names = ("children",)
    children: tuple[Node, ...]
    joiner = ""

    def __init__(self, children: tuple[Node, ...]) -> None:
        super().__init__(children)

    def __str__(self) -> str:
        return f" {self.joiner} ".join(_inner(c) for c in self.children)


class And(_Group):
    __slots__ = ()
    joiner = "AND"


class Or(_Group):
    __slots__ = ()
    joiner = "OR"


class Not(_Node):
    __slots__ = _names = ("child",)
    child: Node

    def __init__(self, child: Node) -> None:
        super().__init__(child)

    def __str__(self) -> str:
        return f"NOT {_inner(self.child)}"


class Every(_Node):
    """Every article."""

    __slots__ = ()

    def __str__(self) -> str:
        return "<every article>"


class Nothing(_Node):
    """No article (a filter naming an unknown entity)."""

    __slots__ = ()

    def __str__(self) -> str:
        return "<nothing>"


class Facet(_Node):
    """Articles carrying any of these labels of a facet field (entity and source filters)."""

    __slots__ = _names = ("field", "labels")
    field: str
    labels: tuple[str, ...]

    def __init__(self, field: str, labels: tuple[str, ...]) -> None:
        super().__init__(field, labels)

    def __str__(self) -> str:
        shown = " OR ".join(f'"{label}"' for label in self.labels)
        return f"{self.field}:({shown})" if len(self.labels) > 1 else f"{self.field}:{shown}"


class Dates(_Node):
    """Articles published from ``start`` to ``end``, both days included (None: open)."""

    __slots__ = _names = ("start", "end")
    start: date | None
    end: date | None

    def __init__(self, start: date | None, end: date | None) -> None:
        super().__init__(start, end)

    def __str__(self) -> str:
        start = self.start.isoformat() if self.start else ""
        end = self.end.isoformat() if self.end else ""
        return f"date:{start}..{end}"


Node = Words | And | Or | Not | Every | Nothing | Facet | Dates


def _inner(node: Node) -> str:
    return f"({node})" if isinstance(node, _Group) and len(node.children) > 1 else str(node)


def conjunction(nodes: list[Node]) -> Node:
    """All of ``nodes`` (one node stays itself; none is every article; nested ANDs flatten)."""
    flat: list[Node] = []
    for node in nodes:
        flat.extend(node.children if isinstance(node, And) else (node,))
    if not flat:
        return Every()
    return flat[0] if len(flat) == 1 else And(tuple(flat))
