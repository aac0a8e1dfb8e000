"""Property-based fuzzing: any query text and any JSON Lines record is read or refused with a
reason (a NewsIndexError), never a crash; a search answers or says why, exit status <= 2."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.errors import InputError, UsageProblem
from search.ingest import loaders
from search.query.language import SYNTAX_PIECES, preprocess, text_query

_SYNTAX = st.sampled_from(SYNTAX_PIECES)
QUERIES = st.lists(st.one_of(_SYNTAX, st.text(max_size=6)), max_size=40).map("".join)

_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_FIELDS = st.sampled_from(
    [
        "id",
        "title",
        "body",
        "text",
        "html",
        "url",
        "published",
        "source",
        "persons",
        "countries",
        "orgs",
        "about",
        "path",
    ]
)
RECORDS = st.dictionaries(_FIELDS, _JSON, max_size=8)


@settings(max_examples=400, deadline=None)
@given(QUERIES)
def test_any_query_text_parses_or_is_refused_with_a_reason(text: str) -> None:
    try:
        tree = text_query(preprocess(text))
    except UsageProblem as exc:
        assert str(exc)
        return
    assert str(tree)


@settings(max_examples=400, deadline=None)
@given(RECORDS)
def test_any_record_is_read_or_refused_with_a_reason(record: dict[str, object]) -> None:
    line = json.dumps(record)
    try:
        doc = loaders.record_to_document(line, path="r.jsonl#L1")
    except InputError as exc:
        assert exc.reason
        return
    assert doc.content is not None
    given_entities = doc.given_entities
    if given_entities is not None:
        assert all(isinstance(p, str) and p for p in given_entities.persons)
        assert all(len(c.code) >= 2 for c in given_entities.countries)


@pytest.fixture(scope="module")
def small_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from search.indexing import index_paths

    root = tmp_path_factory.mktemp("fuzz")
    lines = [
        json.dumps(
            {
                "id": f"a{i}",
                "title": f"Oil talks {i}",
                "body": "Putin met Iraqi ministers.",
                "persons": ["Vladimir Putin"],
                "countries": ["IQ", "RU"],
                "published": f"2024-0{1 + i % 9}-01",
            }
        )
        for i in range(20)
    ]
    (root / "c.jsonl").write_text("\n".join(lines) + "\n")
    index_paths([str(root / "c.jsonl")], location=root / "index")
    return root / "index"


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(QUERIES)
def test_any_search_exits_0_1_or_2(
    small_index: Path, run: Callable[..., Result], text: str
) -> None:
    result = run("search", "--", text, index=small_index)
    assert result.exit_code in (0, 1, 2), (text, result.output)


# Lines the cleaner and the entity rules meet: words in several cases and scripts, numbers,
# the punctuation, brackets, bullets and dashes of pages and wire copy, runs of spaces.
_PIECES = st.sampled_from(
    ["Anna", "de", "von der", "Saint", "Jr.", "'s", "’s", "USSR", "U.S.", "Paris", "NEW YORK",
     "-", " - ", " – ", "(", ")", "[x]", "•", "1.", "12", "3-1", "2019", "Nov. 19,", ":", ",",
     ".", "\n", "  ", "   ", "Credit:", "Photo:", "tsp", "Москва", "東京", "#", "@", "®"]
)  # fmt: skip
LINES = st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=30).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINES, max_size=12).map("\n".join))
def test_any_text_dump_is_cleaned_without_a_crash(text: str) -> None:
    from search.cleaning.text import split_text

    parts = split_text(text)
    assert all(p.strip() for p in parts.paragraphs)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LINES, st.data())
def test_any_span_the_model_may_tag_is_repaired_or_dropped_without_a_crash(
    text: str, data: st.DataObject
) -> None:
    from search.entities import countries, people
    from search.entities.ner import Span
    from search.entities.repair import repair

    # spans start and end where pieces do (a model's spans follow tokens), or anywhere
    cuts = sorted({0, len(text), *(i for i, c in enumerate(text) if c in " \n-")})
    spans = []
    for _ in range(data.draw(st.integers(0, 4))):
        start = data.draw(st.sampled_from(cuts) | st.integers(0, len(text)))
        after = [c for c in cuts if c >= start]
        end = data.draw(st.sampled_from(after) | st.integers(start, len(text)))
        label = data.draw(st.sampled_from(["PERSON", "GPE", "LOC", "ORG", "NORP"]))
        spans.append(Span(label, text[start:end], start, end))
    for span in repair(text, tuple(spans)):
        assert span.text
        people.clean_mention(span.text)
        countries.from_name(span.text)
    # and the whole stage after the model, with what the batch says of the same text
    from search.entities import entities_from_tagged, evidence
    from search.entities.ner import Tagged

    tagged = Tagged(text, tuple(spans))
    language = data.draw(st.sampled_from([None, "en", "de", "ru", "ja"]))
    found = entities_from_tagged(
        tagged,
        original=text,
        lead_end=data.draw(st.integers(0, len(text))),
        context=evidence.batch_context([tagged]),
        without_model=language not in (None, "en"),
        language=language,
    )
    assert all(name.strip() for name in found.persons)


_TAGS = st.sampled_from(
    ["p", "div", "article", "main", "nav", "aside", "header", "footer", "span", "a", "ul", "li",
     "table", "tr", "td", "h1", "br", "img", "figure", "figcaption", "script", "blockquote",
     "time", "form", "svg"]
)  # fmt: skip
_ATTRS = st.sampled_from(
    ["", 'class="lead"', 'class="teaser-text"', 'id="content"', 'role="main"',
     'itemprop="articleBody"', 'class="rollover-people"', 'hreflang="de"',
     'aria-hidden="true"', 'class="share"', 'itemprop="description"']
)  # fmt: skip
_HTML_TEXT = st.lists(st.one_of(_PIECES, st.sampled_from(["&amp;", "&nbsp;", "<!--", "-->"])))
MARKUP = st.recursive(
    _HTML_TEXT.map(" ".join),
    lambda inner: st.tuples(_TAGS, _ATTRS, st.lists(inner, max_size=4), st.booleans()).map(
        lambda t: f"<{t[0]} {t[1]}>{''.join(t[2])}{'' if t[3] else f'</{t[0]}>'}"
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MARKUP, max_size=5).map("".join), st.booleans())
def test_any_markup_is_cleaned_without_a_crash(markup: str, whole: bool) -> None:
    from search.cleaning import clean
    from search.models import RawDocument

    page = f"<html><head><title>T</title></head><body>{markup}</body></html>" if whole else markup
    clean(RawDocument(path="/page.html", content=page, kind="html", content_hash="h"))
