"""The renderers over hand-built results: every format, highlights, empty and partial pages."""

from __future__ import annotations

import csv
import io
import json

from search import output
from search.models import (
    Article,
    Country,
    Entities,
    FacetCount,
    Hit,
    Partial,
    SearchResults,
    Snippet,
    UserAlias,
)


def _hit(rank: int = 1, **changes: object) -> Hit:
    values: dict[str, object] = {
        "rank": rank,
        "id": f"https://example.org/{rank}",
        "score": 1.5,
        "title": "Harbour reopens",
        "path": "/data/a.html",
        "url": f"https://example.org/{rank}",
        "published": "2024-03-01",
        "source": "example.org",
        "snippets": (Snippet("The harbour reopened, said Olsen.", ((4, 11),)),),
        "persons": ("Kari Olsen",),
        "countries": (Country("NO", "Norway"),),
        "orgs": (),
        "fields": (("category", ("business", "local")),),
    }
    values.update(changes)
    return Hit(**values)  # type: ignore[arg-type]


RESULTS = SearchResults(
    query="harbour",
    parsed="harbour",
    total=12,
    offset=0,
    hits=(_hit(1), _hit(2, title="", snippets=())),
    facets={"person": (FacetCount("kari olsen", "Kari Olsen", 2),)},
    warnings=("no person known as 'Nobody'",),
)


def test_text_lists_hits_with_highlights_in_brackets_and_facets() -> None:
    lines = list(output.render_results(RESULTS, "text"))
    assert lines[0] == "12 articles match; showing 1–2"
    assert "  1. Harbour reopens" in lines and "  2. (untitled)" in lines
    assert "     The [harbour] reopened, said Olsen." in lines
    assert "     category: business, local" in lines
    assert "person:" in lines and "  2  Kari Olsen (kari olsen)" in lines
    assert not any("\x1b" in line for line in lines)


def test_colour_marks_highlights_with_escapes_only_when_asked() -> None:
    coloured = "\n".join(output.render_results(RESULTS, "text", color=True))
    assert f"The {output.BOLD}harbour{output.RESET} reopened" in coloured


def test_json_is_one_versioned_document_and_jsonl_one_hit_per_line() -> None:
    (document,) = output.render_results(RESULTS, "json")
    data = json.loads(document)
    assert data["format_version"] == output.FORMAT_VERSION and data["total"] == 12
    assert data["hits"][0]["countries"] == [{"code": "NO", "name": "Norway"}]
    assert data["hits"][0]["snippets"][0]["highlights"] == [[4, 11]]
    assert data["hits"][0]["fields"] == {"category": ["business", "local"]}
    assert data["facets"]["person"] == [{"value": "kari olsen", "label": "Kari Olsen", "count": 2}]
    lines = list(output.render_results(RESULTS, "jsonl"))
    assert [json.loads(x)["rank"] for x in lines] == [1, 2]


def test_csv_quotes_what_needs_quoting() -> None:
    tricky = SearchResults("q", "q", 1, 0, (_hit(1, title='Ships, "boats" and\nfish'),))
    rows = list(csv.reader(io.StringIO("\n".join(output.render_results(tricky, "csv")))))
    assert rows[0][:4] == ["rank", "score", "id", "title"]
    assert rows[1][3] == 'Ships, "boats" and\nfish' and rows[1][7] == "NO"


def test_no_results_say_so_with_the_suggestion_and_partial_matches() -> None:
    partial = Partial(matched=1, parts=2, total=3, hits=(_hit(1),))
    empty = SearchResults(
        "harbr fish", "harbr fish", 0, 0, (), suggestion="harbour fish", partial=partial
    )
    lines = list(output.render_results(empty, "text"))
    assert lines[:3] == [
        "No articles match.",
        "Did you mean: harbour fish",
        "Partial matches: 3 articles hold 1 of the 2 parts of the query",
    ]
    assert "  1. Harbour reopens" in lines


def test_facets_in_every_format() -> None:
    counts = (FacetCount("NO", "Norway", 10), FacetCount("IS", "Iceland", 2))
    assert list(output.render_facets("country", counts, "text")) == [
        "country:",
        "  10  Norway (NO)",
        "   2  Iceland (IS)",
    ]
    assert list(output.render_facets("country", (), "text")) == ["country:", "  (none)"]
    assert json.loads(next(output.render_facets("country", counts, "jsonl")))["label"] == "Norway"
    assert list(output.render_facets("country", counts, "csv"))[1] == "NO,Norway,10"


def test_articles_and_aliases() -> None:
    article = Article("id1", "/a.txt", "Title", "Body text.", "h", source="example.org")
    entities = Entities(persons=("Kari Olsen",), countries=(Country("NO", "Norway"),))
    text = list(output.render_articles([(article, entities)], "text"))
    assert text[:5] == [
        "Title",
        "example.org · id1",
        "persons: Kari Olsen",
        "countries: Norway",
        "orgs: -",
    ]
    record = json.loads(next(output.render_articles([(article, None)], "jsonl")))
    assert record["body"] == "Body text." and "persons" not in record
    aliases = [
        UserAlias("person", "Olsen", "Kari Olsen", "merge"),
        UserAlias("org", "Labour", "", "drop"),
    ]
    assert list(output.render_aliases(aliases, "text")) == [
        "person  Olsen — shown as Kari Olsen",
        "org     Labour — dropped",
    ]
    assert list(output.render_aliases([], "text")) == ["(no aliases)"]
