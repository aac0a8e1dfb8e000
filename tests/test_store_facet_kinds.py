"""Facet kinds: each field's values, filter keys and shown labels, in one class per kind."""

from __future__ import annotations

import json

from search.models import FacetCount
from search.store.facet_kinds import CountryKind, kind_of

STORED = {
    "person": "vladimir putin,putin",
    "country": "iq,ru",
    "country_names": ["Iraq", "Russia"],
    "about": "iq",
    "published": "2024-03-05",
    "fields": json.dumps({"category": ["business"], "person": ["not a record field"]}),
}


def test_each_kind_reads_its_values_from_a_stored_article() -> None:
    assert kind_of("person").values(STORED) == ("vladimir putin", "putin")
    assert kind_of("country").values(STORED) == ("iq Iraq", "ru Russia")
    assert kind_of("about").values(STORED) == ("iq Iraq",)
    assert kind_of("month").values(STORED) == ("2024-03",)
    assert kind_of("category").values(STORED) == ("business",)  # a record's own field
    assert kind_of("topics").values(STORED) == ()


def test_countries_pack_code_and_name_in_one_place() -> None:
    packed = CountryKind.pack("IQ", "Iraq")
    assert CountryKind.unpack(packed) == ("IQ", "Iraq")
    country = kind_of("country")
    assert country.key(packed) == "iq" and not country.cased
    assert country.shown(packed, 3) == FacetCount(value="IQ", label="Iraq", count=3)
    assert kind_of("org").shown("OPEC", 2) == FacetCount(value="OPEC", label="OPEC", count=2)
    assert kind_of("org").key("OPEC") == "opec"
