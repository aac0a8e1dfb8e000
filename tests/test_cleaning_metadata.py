"""A page's metadata: the fields newsidx keeps, read as trafilatura's own metadata pass reads
them (which also reads categories, tags and a licence newsidx does not keep)."""

from __future__ import annotations

import pytest
import trafilatura
from trafilatura.utils import load_html

from search.cleaning.metadata import read_metadata

BODY = "<p>The river burst its banks overnight, flooding dozens of homes in the lower town.</p>"

PAGES = {
    "meta tags": """<html><head><title>Floods hit lower town | The Courier</title>
<meta property="og:title" content="Floods hit lower town">
<meta property="og:site_name" content="The Courier">
<meta name="author" content="Jane Reporter">
<meta property="article:published_time" content="2024-03-05T08:00:00Z">
<link rel="canonical" href="https://courier.example/floods"></head>
<body><article>{body}</article></body></html>""",
    "json-ld": """<html><head><title>Floods | Courier</title>
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "Floods hit lower town", "datePublished": "2023-11-02",
"author": {{"@type": "Person", "name": "Jane Reporter"}},
"publisher": {{"@type": "Organization", "name": "The Courier"}}}}</script></head>
<body><article>{body}</article></body></html>""",
    "markup only": """<html><head><title>Floods hit lower town - courier</title></head>
<body><header><h1>Floods hit lower town</h1>
<p class="byline">By <span class="author">Jane Reporter</span></p>
<time datetime="2022-07-14">14 July 2022</time></header>
<article>{body}</article>
<footer><a href="/tag/floods" rel="tag">floods</a>
<a rel="license" href="https://creativecommons.org/licenses/by/4.0/">CC BY</a></footer>
</body></html>""",
    "one-word author, lower-case site": """<html><head><title>Floods</title>
<meta name="author" content="courierdesk">
<meta property="og:site_name" content="@courier">
<meta name="date" content="2021-01-09"></head>
<body><article><h1>Floods hit lower town</h1>{body}</article></body></html>""",
    "nothing but a body": "<html><body><div>{body}</div></body></html>",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_fields_are_trafilaturas(name: str) -> None:
    page = PAGES[name].format(body=BODY)
    url = "https://courier.example/floods"
    theirs = trafilatura.extract_metadata(load_html(page), default_url=url)
    ours = read_metadata(load_html(page), default_url=url)
    for field in ("title", "url", "date", "author", "sitename"):
        assert getattr(ours, field) == getattr(theirs, field), field


def test_fields_of_a_page_with_meta_tags() -> None:
    found = read_metadata(load_html(PAGES["meta tags"].format(body=BODY)))
    assert found.title == "Floods hit lower town"
    assert found.url == "https://courier.example/floods"
    assert found.date == "2024-03-05"
    assert found.author == "Jane Reporter"
    assert found.sitename == "The Courier"


def test_a_one_word_author_is_a_handle_and_a_site_handle_loses_its_at() -> None:
    found = read_metadata(load_html(PAGES["one-word author, lower-case site"].format(body=BODY)))
    assert found.author is None
    assert found.sitename == "Courier"


def test_a_trafilatura_whose_readers_moved_is_read_through_its_public_pass(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import builtins

    real_import = builtins.__import__

    def without_readers(name: str, *args: object, **kwargs: object) -> object:
        if name == "trafilatura.metadata":
            raise ImportError("moved")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    page = PAGES["meta tags"].format(body=BODY)
    expected = read_metadata(load_html(page))
    monkeypatch.setattr(builtins, "__import__", without_readers)
    assert read_metadata(load_html(page)) == expected
