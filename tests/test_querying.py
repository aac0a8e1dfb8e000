"""Searches over a small index: what the analyser and the snippets make of real wording."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import index_records

from search.errors import UsageProblem
from search.querying import SearchOptions, search

RECORDS: list[dict[str, object]] = [
    {"id": "held", "title": "Talks", "body": "The talks will be held in Vienna next week."},
    {"id": "was", "title": "Vote", "body": "The vote was held; they were willing to wait."},
    {
        "id": "wmd",
        "title": "Inspectors",
        "body": "Inspectors found no weapons of mass destruction.",
    },
    {
        "id": "mass",
        "title": "Christmas",
        "body": "Weapons were blessed. At Christmas Midnight Mass destruction was the theme.",
    },
    {"id": "muller", "title": "Herr Müller", "body": "Thomas Müller met the press at a café."},
    {"id": "strasse", "title": "Berlin", "body": "The march went down the Karl-Marx-Straße."},
    {"id": "cjk", "title": "商標法の改正", "body": "政府は商標法の改正案を提出した。"},
    {"id": "nine", "title": "Memorial", "body": "The 9/11 memorial opened in New York."},
    {"id": "eleven", "title": "Toll", "body": "The floods killed 11 people on 9 March."},
    {"id": "cut", "title": "Budget", "body": "The minister cut taxes; he runs the treasury."},
    {"id": "p1", "title": "Kremlin", "body": "Talks.", "persons": ["Vladimir Putin"]},
    {"id": "p2", "title": "Kremlin", "body": "Talks.", "persons": ["Dmitry Medvedev"]},
    {"id": "p3", "title": "Kremlin", "body": "Talks.", "persons": ["Sergei Lavrov"]},
]


@pytest.fixture(scope="module")
def location(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return index_records(tmp_path_factory.mktemp("querying"), RECORDS)


def _ids(location: Path, query: str) -> set[str]:
    return {h.id for h in search(location, SearchOptions(query=query, limit=50)).hits}


def test_phrases_keep_positions_across_stop_words(location: Path) -> None:
    assert _ids(location, '"being held"') == {"held"}  # "will be held"; not "was held"
    assert _ids(location, '"willing to wait"') == {"was"}
    assert _ids(location, "willing") == {"was"}  # a word, though its stem is a stop word
    assert _ids(location, '"weapons of mass destruction"') == {"wmd"}
    assert _ids(location, '"weapons mass destruction"') == set()  # one word is between


def test_accents_and_sharp_s_fold(location: Path) -> None:
    assert _ids(location, "muller") == {"muller"}
    assert _ids(location, "müller") == {"muller"}
    assert _ids(location, "cafe") == {"muller"}
    assert _ids(location, "strasse") == {"strasse"}


def test_cjk_words_are_found(location: Path) -> None:
    assert _ids(location, "商標法") == {"cjk"}
    assert _ids(location, "title:改正") == {"cjk"}


def test_a_slashed_number_is_searched_as_written(location: Path) -> None:
    assert _ids(location, "9/11") == {"nine"}


def test_inflections_share_a_stem(location: Path) -> None:
    assert _ids(location, "cutting") == {"cut"}  # Whoosh's Porter stems: cutt, runn
    assert _ids(location, "running") == {"cut"}


def test_snippets_highlight_the_phrase_as_one_span_in_folded_text(location: Path) -> None:
    (hit,) = search(location, SearchOptions(query='"weapons of mass destruction"')).hits
    marked = [hit.snippets[0].text[a:b] for a, b in hit.snippets[0].highlights]
    assert marked == ["weapons of mass destruction"]
    (hit,) = search(location, SearchOptions(query="muller")).hits
    marked = [hit.snippets[0].text[a:b] for a, b in hit.snippets[0].highlights]
    assert marked == ["Müller"]


def test_a_field_group_matches_what_its_parts_match(location: Path) -> None:
    either = _ids(location, "title:(christmas OR inspectors)")
    assert either == _ids(location, "title:christmas") | _ids(location, "title:inspectors")
    assert either == {"wmd", "mass"}
    assert _ids(location, "body:(weapons destruction)") == {"wmd", "mass"}


def test_an_entity_group_joined_by_or_is_any_of_them(location: Path) -> None:
    assert _ids(location, "person:(Putin OR Medvedev)") == {"p1", "p2"}
    assert _ids(location, "kremlin -person:(Putin Medvedev)") == {"p3"}


def test_records_own_keyword_fields_filter_facet_and_are_listed(tmp_path: Path) -> None:
    from search import catalog

    records: list[dict[str, object]] = [
        {"id": "b1", "title": "Oil deal", "body": "Oil talks.", "category": "business"},
        {"id": "b2", "title": "Oil price", "body": "Oil rose.", "category": "Business"},
        {"id": "b3", "title": "Oil firm", "body": "Oil profits.", "category": "business"},
        {"id": "s1", "title": "Oil on pitch", "body": "Oil spill.", "category": "sport"},
        {"id": "n1", "title": "Oil note", "body": "Oil, no category."},
    ]
    location = index_records(tmp_path, records)
    assert _ids(location, "oil category:business") == {"b1", "b2", "b3"}  # any case
    assert _ids(location, "oil -category:business") == {"s1", "n1"}
    assert _ids(location, "category:(sport OR business)") == {"b1", "b2", "b3", "s1"}
    found = search(location, SearchOptions(query="oil", keywords=("category=sport",)))
    assert [h.id for h in found.hits] == ["s1"] and found.hits[0].fields == (
        ("category", ("sport",)),
    )
    counted = search(location, SearchOptions(query="oil", facets=("category",)))
    assert {(c.label, c.count) for c in counted.facets["category"]} == {
        ("business", 3),
        ("sport", 1),
    }  # fmt: skip (one label, as most records write it)
    assert catalog.stats(location).fields == {"category": 2}
    with pytest.raises(UsageProblem, match="no keyword field 'topic'"):
        search(location, SearchOptions(query="oil", keywords=("topic=x",)))


def test_keyword_fields_appear_in_an_index_made_before_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from search import schema
    from search.store import whoosh_index

    build = whoosh_index.build_schema

    def without_fields() -> object:  # the schema of indexes made before records' own fields
        made = build()
        made.remove(schema.FIELDS_FIELD)
        return made

    plain = [{"id": "a", "title": "Oil", "body": "Oil talks."}]
    with monkeypatch.context() as patched:
        patched.setattr(whoosh_index, "build_schema", without_fields)
        location = index_records(tmp_path, plain)
    later = [*plain, {"id": "b", "title": "Oil", "body": "Oil again.", "topics": ["energy"]}]
    index_records(tmp_path, later)  # appended: the facet store is updated, not rebuilt
    assert _ids(location, "topics:energy") == {"b"}
    counted = search(location, SearchOptions(facets=("topics",)))
    assert [(c.label, c.count) for c in counted.facets["topics"]] == [("energy", 1)]


def test_an_and_query_nothing_matches_whole_offers_labelled_partial_matches(
    location: Path,
) -> None:
    results = search(location, SearchOptions(query="inspectors weapons zzyzxq"))
    assert results.total == 0 and results.hits == ()
    assert results.partial is not None
    assert (results.partial.matched, results.partial.parts) == (2, 3)
    assert [h.id for h in results.partial.hits] == ["wmd"]
    # fewer than half of the parts anywhere: nothing offered
    assert search(location, SearchOptions(query="inspectors zzyzxq qqxzv")).partial is None
    assert search(location, SearchOptions(query="inspectors")).partial is None  # it matches


def test_partial_matches_are_shown_as_such(location: Path) -> None:
    from search.output import render_results

    results = search(location, SearchOptions(query="inspectors weapons zzyzxq"))
    lines = list(render_results(results, "text"))
    assert lines[0] == "No articles match."
    assert lines[1] == "Partial matches: 1 article holds 2 of the 3 parts of the query"
    assert any("Inspectors" in line for line in lines[2:])


def test_near_duplicates_are_one_result_listing_the_others(tmp_path: Path) -> None:
    from conftest import WIRE_STORY, WIRE_STORY_CORRECTED

    records = [
        {"id": "first", "title": "Harbour reopens", "body": WIRE_STORY, "persons": ["Ann Lee"]},
        {"id": "fixed", "title": "Harbour reopens", "body": WIRE_STORY_CORRECTED},
        {"id": "other", "title": "Harbour fees", "body": "The harbour fees rise in May."},
    ]
    location = index_records(tmp_path, records)
    found = search(location, SearchOptions(query="harbour", facets=("person",)))
    assert found.total == 2 and found.versions == 1
    story = next(h for h in found.hits if h.id in ("first", "fixed"))
    assert story.similar == ({"first": "fixed", "fixed": "first"}[story.id],)
    assert [c.count for c in found.facets["person"]] == [1]  # facets count every article
    every = search(location, SearchOptions(query="harbour", all_versions=True))
    assert every.total == 3 and every.versions == 0
    assert all(h.similar == () for h in every.hits)
    alone = search(location, SearchOptions(query="harbour", persons=("Ann Lee",)))
    assert [(h.id, h.similar) for h in alone.hits] == [("first", ())]  # only matches count
