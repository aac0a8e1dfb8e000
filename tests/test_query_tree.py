"""Query tree nodes: immutable values, equal by kind and fields."""

from __future__ import annotations

from datetime import date

import pytest

from search.query import tree as qt


def test_nodes_are_equal_by_kind_and_fields_and_hash_alike() -> None:
    a = qt.And((qt.Words(qt.TERM, ("oil",)), qt.Dates(date(2024, 1, 1), None)))
    same = qt.And((qt.Words(qt.TERM, ("oil",)), qt.Dates(date(2024, 1, 1), None)))
    assert a == same and hash(a) == hash(same)
    assert a != qt.Or(a.children)  # same children, another kind
    assert qt.Words(qt.TERM, ("oil",)) != qt.Words(qt.TERM, ("oil",), ("title",))
    assert qt.Every() == qt.Every() and qt.Every() != qt.Nothing()
    assert repr(qt.Not(qt.Every())) == "Not(child=Every())"


def test_nodes_cannot_change() -> None:
    node = qt.Facet("person", ("Vladimir Putin",))
    with pytest.raises(AttributeError):
        node.labels = ()  # type: ignore[misc]
    with pytest.raises(AttributeError):
        qt.Every().extra = 1  # type: ignore[attr-defined]


def test_conjunction_flattens() -> None:
    oil, gas = qt.Words(qt.TERM, ("oil",)), qt.Words(qt.TERM, ("ga",))
    assert qt.conjunction([]) == qt.Every()
    assert qt.conjunction([oil]) == oil
    assert qt.conjunction([qt.And((oil, gas)), qt.Nothing()]) == qt.And((oil, gas, qt.Nothing()))
    assert str(qt.conjunction([qt.Or((oil, gas)), oil])) == "(oil OR ga) AND oil"
