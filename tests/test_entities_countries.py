"""Resolving names, aliases, cities, regions and demonyms to ISO countries."""

from __future__ import annotations

import pytest

from search.entities import countries


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Iraq", "IQ"),
        ("the United States", "US"),
        ("U.S.", "US"),
        ("Britain", "GB"),
        ("Gaza", "PS"),
        ("the Gaza Strip", "PS"),
        ("Baghdad", "IQ"),
        ("LONDON", "GB"),
        ("West Germany", "DE"),
        ("Soviet Union", "RU"),
        ("Yugoslavia", "RS"),
        ("Surrey", "GB"),
    ],
)
def test_names_aliases_cities_and_historic_states(text: str, code: str) -> None:
    found = countries.from_name(text)
    assert found is not None and found.code == code


def test_common_words_are_no_countries() -> None:
    assert countries.from_name("us") is None
    assert countries.from_name("Middle East") is None


@pytest.mark.parametrize("text", ["IQ", "iq", "Iraq", "Iraqi", "Baghdad"])
def test_filters_accept_code_name_demonym_or_city(text: str) -> None:
    assert countries.resolve_filter(text) == countries.country("IQ")


def test_display_names_read_naturally() -> None:
    assert countries.country("ps").name == "Palestine"
    assert countries.country("RU").name == "Russia"


def test_wire_datelines_in_capitals_are_read() -> None:
    from search.entities.countries import dateline

    cases = {
        "Tennis - Sampras\nBill Berkrot\nNEW YORK 1996-08-22\nWorld number one": "US",
        "Oil review\n\nGLASGOW, Aug 23 - Prices fell": "GB",
        "BAHIA BLANCA, Argentina (Reuters) - Wheat": "AR",
        "AMSTERDAM 1996-08-24\nResults of Dutch": "NL",
    }
    for text, code in cases.items():
        found = dateline(text)
        assert found is not None and found[0].code == code, text
    assert dateline("USA TODAY - the paper") is None
    assert dateline("BREAKING NEWS - a story") is None
