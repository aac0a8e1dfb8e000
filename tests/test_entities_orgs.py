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


def test_across_a_corpus_known_acronyms_and_generic_endings_join_the_most_used_name() -> None:
    from search.entities.orgs import resolve_org_counts

    counts = {"EU": 37, "European Union": 46, "Labour": 168, "Labour Party": 37, "UN": 18}
    counts |= {"United Nations": 10, "ABC": 5, "American Broadcasting Company": 3}
    counts |= {"Australian Broadcasting Corporation": 3, "BBC": 90, "BBC News": 60}
    counts |= {"IRA": 3, "IRB Rugby Aid": 4}
    assert resolve_org_counts(counts) == {
        "EU": "European Union",
        "Labour Party": "Labour",
        "United Nations": "UN",
    }  # initials alone join nothing across articles (ABC, IRA); BBC News is a part of the BBC


def test_time_zones_bare_words_and_countries_are_no_organisations() -> None:
    result = canonicalise(["GMT", "House", "Wales", "Home Office", "Welsh Rugby Union"])
    assert set(result) == {"Home Office", "Welsh Rugby Union"}
