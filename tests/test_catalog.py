"""Looking articles up: by id, by the path they were read from, by a unique ending."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from search import catalog
from search.errors import NotFoundError
from search.indexing import index_paths

PAGE = """<html><head><title>Harbour news</title>
<link rel="canonical" href="https://example.org/news/harbour-reopens"></head>
<body><article><h1>Harbour reopens</h1>
<p>The harbour reopened on Monday after repairs that took most of the winter season.</p>
<p>Fishing boats returned at dawn, and the harbour master said trade would recover soon.</p>
</article></body></html>"""


@pytest.fixture(scope="module")
def location(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("catalog")
    (root / "page.html").write_text(PAGE)
    lines = [
        {"title": "Budget day", "body": "The minister set out the budget for the year ahead."},
        {"title": "Rail strike", "body": "Rail workers walked out over pay and conditions."},
    ]
    (root / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in lines))
    named = [
        {"id": "report/2024-1", "title": "Floods", "body": "Floods closed the valley roads."},
        {"id": "summary/2024-1", "title": "Storms", "body": "Storms cut power to the coast."},
    ]
    (root / "named.jsonl").write_text("".join(json.dumps(r) + "\n" for r in named))
    index_paths([str(root)], location=root / "index")
    return root / "index"


def test_an_html_page_is_found_by_its_url_and_by_its_file(location: Path) -> None:
    by_url, _ = catalog.show(location, "https://example.org/news/harbour-reopens")
    by_file, _ = catalog.show(location, str(location.parent / "page.html"))
    assert by_url.id == by_file.id == "https://example.org/news/harbour-reopens"
    assert catalog.show(location, "page.html")[0].id == by_url.id  # a unique ending


def test_a_json_lines_record_is_found_by_the_path_search_prints(location: Path) -> None:
    second = f"{(location.parent / 'feed.jsonl').resolve()}#L2"
    article, _ = catalog.show(location, second)
    assert article.title == "Rail strike" and article.path == second
    assert catalog.similar(location, second).query == f"similar:{second}"


def test_an_ambiguous_ending_lists_the_candidates(location: Path) -> None:
    with pytest.raises(NotFoundError) as caught:
        catalog.show(location, "2024-1")
    assert "2 articles end with" in str(caught.value)
    assert "report/2024-1" in str(caught.value) and "summary/2024-1" in str(caught.value)
    assert catalog.show(location, "report/2024-1")[0].title == "Floods"
    with pytest.raises(NotFoundError, match="no article"):
        catalog.show(location, "nothing-like-this")


@pytest.fixture(scope="module")
def harbours(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four harbour stories (two about Norway) and one on rail, for more-like-this."""
    root = tmp_path_factory.mktemp("similar")
    records = [
        {
            "id": "h1",
            "body": "The harbour master reopened the harbour for fishing boats.",
            "countries": ["NO"],
        },
        {
            "id": "h2",
            "body": "Fishing boats left the harbour at dawn; the harbour master waved.",
            "countries": ["NO"],
        },
        {
            "id": "h3",
            "body": "A new harbour for fishing boats opened with the harbour master.",
            "countries": ["IS"],
        },
        {
            "id": "h4",
            "body": "The harbour master spoke about boats and fishing quotas.",
            "countries": ["IS"],
        },
        {"id": "r1", "body": "Rail workers walked out over pay and conditions.", "countries": []},
    ]
    (root / "news.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    index_paths([str(root)], location=root / "index")
    return root / "index"


def test_similar_ranks_articles_sharing_distinctive_words_and_leaves_the_article_out(
    harbours: Path,
) -> None:
    found = catalog.similar(harbours, "h1")
    ids = [h.id for h in found.hits]
    assert "h1" not in ids and "r1" not in ids
    assert set(ids) == {"h2", "h3", "h4"}


def test_similar_takes_the_filters_and_query_search_takes(harbours: Path) -> None:
    from search.querying import SearchOptions

    norway = catalog.similar(harbours, "h3", SearchOptions(countries=("Norway",)))
    assert {h.id for h in norway.hits} == {"h1", "h2"}
    dawn = catalog.similar(harbours, "h1", SearchOptions(query="dawn"))
    assert [h.id for h in dawn.hits] == ["h2"] and dawn.query == "similar:h1 dawn"
