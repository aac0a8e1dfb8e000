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
