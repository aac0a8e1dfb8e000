"""Organisation names: articles and possessives stripped, acronyms joined to full names."""

from __future__ import annotations

from search.entities.orgs import canonicalise, initials


def test_acronym_joins_its_full_name() -> None:
    result = canonicalise(["the Russian International Affairs Council", "RIAC", "RIAC's"])
    assert list(result) == ["Russian International Affairs Council"]


def test_initials_skip_minor_words() -> None:
    assert initials("Bank of Japan") == "BJ"
    assert initials("Organization of the Petroleum Exporting Countries") == "OPEC"


def test_unrelated_acronym_stays() -> None:
    assert set(canonicalise(["NATO", "World Health Organization"])) == {
        "NATO",
        "World Health Organization",
    }
