"""Resolving names, aliases, cities, regions and demonyms to ISO countries."""

from __future__ import annotations

import re

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
        ("Zaire", "CD"),
        ("Surrey", "GB"),
    ],
)
def test_names_aliases_cities_and_historic_states(text: str, code: str) -> None:
    found = countries.from_name(text)
    assert found is not None and found.code == code


def test_a_dissolved_state_names_no_country_of_today() -> None:
    # which successor is meant, the text has to say (Yugoslavia in 1996 was not Serbia alone)
    assert countries.from_name("Yugoslavia") is None
    assert countries.from_name("the Soviet Union") is None
    assert countries.from_name("USSR") is None  # (it once raised KeyError and ended a batch)


def test_every_case_sensitive_alias_names_a_country() -> None:
    for alias in countries._CASE_SENSITIVE:
        assert countries.from_name(alias) is not None, alias


def test_a_nationality_before_a_state_word_names_the_country() -> None:
    text = "the Iraqi government and the Canadian border, an American-led order, Iraqi food"
    ends = [m.end() for m in re.finditer(r"Iraqi|Canadian|American", text)]
    assert [countries.names_the_state(text, end) for end in ends] == [True, True, True, False]


def test_a_dateline_on_a_line_of_its_own_above_the_date() -> None:
    found = countries.dateline(
        "Kindercare to buy debt.\n\nMONTGOMERY, Ala.\n\n1996-08-22\n\nIt said"
    )
    assert found is not None and found[0].code == "US"
    assert countries.dateline("A headline\nSOME WORDS IN CAPITALS\nThe story goes on.") is None


def test_country_names_in_the_article_language() -> None:
    found = countries.local_mentions("O governo dos Estados Unidos e o Brasil.", "pt")
    assert [(name, c.code) for name, _, c in found] == [("Estados Unidos", "US"), ("Brasil", "BR")]
    assert countries.local_mentions("Estados Unidos", "en") == []


@pytest.mark.parametrize(
    ("language", "text", "codes"),
    [
        ("ja", "日本と中国の首脳会談にアメリカも参加した。", ["JP", "CN", "US"]),  # no spaces
        ("zh", "中国和美国的领导人会面。台灣與俄羅斯", ["CN", "US", "TW", "RU"]),  # both scripts
        ("ko", "한국과 일본의 정상회담에 미국도 참석했다.", ["KR", "JP", "US"]),  # particles after
        ("ar", "رئيس مصر وروسيا والولايات المتحدة", ["EG", "RU", "US"]),  # و attached
        ("he", "נשיא צרפת בארצות הברית", ["FR", "US"]),  # ב attached
        ("de", "die Präsidentin der Vereinigten Staaten", ["US"]),  # an inflected form
    ],
)
def test_country_names_as_each_script_sets_words(
    language: str, text: str, codes: list[str]
) -> None:
    assert [c.code for _, _, c in countries.local_mentions(text, language)] == codes


def test_a_country_name_english_place_names_use_needs_no_capitalised_neighbour() -> None:
    def codes(text: str) -> list[str]:
        return [c.code for _, _, c in countries.local_mentions(text, "de")]

    assert codes("In Montauk auf Long Island und nach Shelter Island.") == []
    assert codes("Island Records veröffentlicht") == []
    assert codes("Island befreit sich. Die Reise nach Island.") == ["IS", "IS"]


def test_a_continent_is_no_country_though_iso_gives_it_a_code() -> None:
    assert countries.from_name("Antarctica") is None
    assert countries.local_mentions("visitará la Antártida chilena", "es") == []
    assert countries.from_name("Chile") is not None


def test_a_script_with_spaces_still_needs_a_whole_word() -> None:
    # Korean names may take a particle after them, not letters before them
    assert countries.local_mentions("대한미국", "ko") == []
    # a form inside a longer word of a spaced alphabet is not the country
    assert countries.local_mentions("Brasileiro", "pt") == []


def test_a_big_city_stands_alone_only_when_no_other_city_of_its_name_comes_near() -> None:
    assert countries.dominant("Denver")
    assert not countries.dominant("Newcastle")  # Australia's and South Africa's are of a size


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


@pytest.mark.parametrize(
    ("text", "code"),
    [("Montreal", "CA"), ("MONTREAL", "CA"), ("Sao Paulo", "BR"), ("Cote d'Ivoire", "CI")],
)
def test_places_written_without_their_accents_are_found(text: str, code: str) -> None:
    found = countries.from_name(text)
    assert found is not None and found.code == code
    dated = countries.dateline(f"Headline\n{text.upper()} 1996-08-28\nThe story.")
    assert dated is not None and dated[0].code == code


def test_a_smaller_city_needs_its_accents() -> None:
    # `Bush` is a name and `Sale` a word long before they are Būsh (Egypt) or Salé (Morocco)
    assert countries.place("Bush") is None and not countries.is_place("Sale")
    found = countries.place("Būsh")
    assert found is not None and found.country.code == "EG"
    zurich = countries.from_name("Zürich")
    assert zurich is not None and zurich.code == "CH"


def test_ambiguous_names_are_read_only_alone_in_mid_sentence() -> None:
    text = "Talks with China on Monday. China Daily said so. Turkey is cheap. Lake Chad dried."
    assert countries.standalone_mentions(text) == [("China", 11)]


def test_a_region_named_after_a_country_is_the_regions_country() -> None:
    text = "Herders in Inner Mongolia and farmers in New South Wales; Wales and Mongolia too."
    assert [n for n, _ in countries.gazetteer_mentions(text)] == ["Wales", "Mongolia"]
    assert countries.place("Inner Mongolia").country.code == "CN"  # type: ignore[union-attr]
    assert countries.place("New South Wales").country.code == "AU"  # type: ignore[union-attr]


def test_landmarks_are_the_places_they_name() -> None:
    text = "Wall Street analysts and the Kremlin agreed; a Wallstreet blog did not."
    assert countries.landmark_mentions(text) == [("Wall Street", 0), ("Kremlin", 29)]
    assert countries.place("the Kremlin").country.code == "RU"  # type: ignore[union-attr]
    from search.entities import extract
    from search.models import Article

    body = "Shares of Lowe's rose on Tuesday, beating what Wall Street analysts expected."
    found = extract(Article(id="a", path="a", title="", body=body, content_hash="h"))
    assert [c.code for c in found.countries] == ["US"]


def test_the_us_virgin_islands_are_their_own_territory_under_their_usual_name() -> None:
    from search.entities import countries

    assert countries.place("U.S. Virgin Islands").country.code == "VI"
    assert countries.country("VI").name == "U.S. Virgin Islands"
    assert countries.country("VG").name == "British Virgin Islands"


def test_saint_abbreviated_and_names_pycountry_writes_otherwise_are_found() -> None:
    from search.entities import countries

    for name, code in [
        ("St. Kitts and Nevis", "KN"),
        ("St Vincent and the Grenadines", "VC"),
        ("Republic of Ireland", "IE"),
        ("Holy See", "VA"),
        ("Guinea Bissau", "GW"),
        ("Saint Kitts", "KN"),  # the alias `St Kitts` written out
    ]:
        assert countries.place(name).country.code == code
    assert countries.place("St Martin") is None  # a saint, a church, a press: not Saint-Martin


def test_a_big_citys_name_inside_a_longer_places_name_is_no_mention_of_the_city() -> None:
    found = [name for name, _ in countries.big_city_mentions("Los jueces de San Salvador.")]
    assert found == []
    found = [n for n, _ in countries.big_city_mentions("Von Leon bis Santiago de Compostela.")]
    assert found == []
    # the city alone, or after a function word at a sentence's start, is the city
    found = [n for n, _ in countries.big_city_mentions("In Salvador, Bahia. Nach Santiago.")]
    assert found == ["Salvador", "Santiago"]
