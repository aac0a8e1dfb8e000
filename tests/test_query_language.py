"""The lenient query language: field filters, dates, punctuation."""

from __future__ import annotations

from datetime import date

import pytest

from search.errors import UsageProblem
from search.query.language import parse_date_range, preprocess, text_query


def test_entity_fields_become_filters_and_exclusions() -> None:
    parsed = preprocess('oil person:Putin -country:iq org:"Gazprom PJSC" NOT person:Biden')
    assert parsed.text == "oil"
    assert parsed.filters == {"person": ["Putin"], "org": ["Gazprom PJSC"]}
    assert parsed.excludes == {"country": ["iq"], "person": ["Biden"]}


def test_punctuated_words_are_quoted_for_the_analyzer() -> None:
    assert preprocess("U.S. al-Assad's covid-19 10:30").text == (
        '"U.S." "al-Assad\'s" "covid-19" "10:30"'
    )


def test_operators_phrases_and_fields_pass_through() -> None:
    parsed = preprocess('(oil OR gas) -iran "crude prices"~3 title:opec shoig* putin~')
    assert parsed.text == '( oil OR gas ) NOT iran "crude prices"~3 title:opec shoig* putin~'


def test_a_field_applies_to_a_whole_group() -> None:
    assert str(text_query(preprocess("title:(iraq OR iran)"))) == "title:iraq OR title:iran"
    assert str(text_query(preprocess("body:(oil gas)"))) == "body:oil AND body:gas"
    assert str(text_query(preprocess("-title:(oil gas) war"))) == (
        "NOT (title:oil AND title:gas) AND war"
    )
    nested = text_query(preprocess("title:(oil (gas OR coal)) price"))
    assert str(nested) == "title:oil AND (title:gas OR title:coal) AND price"


def test_an_entity_field_group_is_any_of_its_values_when_or_joins_them() -> None:
    parsed = preprocess('person:(Putin OR "Dmitry Medvedev") -country:(iq ir) person:(a b)')
    assert parsed.any_of == [("person", ["Putin", "Dmitry Medvedev"])]
    assert parsed.excludes == {"country": ["iq", "ir"]}
    assert parsed.filters == {"person": ["a", "b"]}
    assert parsed.text == ""


def test_unbalanced_input_falls_back_with_a_warning() -> None:
    parsed = preprocess('"U.S. (Putin')
    assert parsed.warnings and parsed.text == "U.S. Putin".replace("U.S.", '"U.S."')


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024", (date(2024, 1, 1), date(2024, 12, 31))),
        ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),
        ("2024-03-05", (date(2024, 3, 5), date(2024, 3, 5))),
        ("2024-01..2024-03", (date(2024, 1, 1), date(2024, 3, 31))),
        ("..2024-06-30", (None, date(2024, 6, 30))),
    ],
)
def test_date_ranges(value: str, expected: tuple[date | None, date | None]) -> None:
    assert parse_date_range(value) == expected


def test_bad_dates_are_usage_errors() -> None:
    with pytest.raises(UsageProblem):
        parse_date_range("March")
    assert preprocess("date:soon oil").warnings


def _tree(text: str) -> str:
    return str(text_query(preprocess(text)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("oil wind", "oil AND wind"),
        ("oil wind OR coal", "oil AND (wind OR coal)"),  # OR binds tighter than the implicit AND
        ("oil OR wind AND coal", "oil OR (wind AND coal)"),  # explicit AND tighter than OR
        ("(oil OR wind) -coal", "(oil OR wind) AND NOT coal"),
        ("NOT (oil OR wind) coal", "NOT (oil OR wind) AND coal"),
        ("coal -(oil OR wind)", "coal AND NOT (oil OR wind)"),
        ('"crude prices"~3 title:OPEC', '"crude price"~3 AND title:opec'),
        ("Sanction* shoigu~ shoigu~2 vi?nna", "sanction* AND shoigu~1 AND shoigu~2 AND vi?nna"),
        ("covid-19 al-Assad's", '"covid 19" AND "al assad"'),
        ("the oil", "oil"),  # stop words drop out
        ('"the"', "<every article>"),
        ("", "<every article>"),
        ("OR oil AND", "oil"),  # operators without operands are ignored
        ("NOT", "<every article>"),
        ("oil OR the", "oil"),
        ("((oil))", "oil"),
    ],
)
def test_text_query_precedence_and_leniency(text: str, expected: str) -> None:
    assert _tree(text) == expected


def test_any_input_parses_to_a_tree() -> None:
    import random

    from search.query import tree as qt
    from search.query.language import SYNTAX_PIECES

    pieces = list(SYNTAX_PIECES)
    rng = random.Random(9)
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert isinstance(text_query(preprocess(text)), qt.Node), text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("(" * 900 + "oil" + ")" * 900, "nested 900 deep"),
        ("word " * 2100, "characters long"),
        ("person:Putin " * 100, "100 terms"),
        (" ".join(f"oil{i}~2" for i in range(17)), "17 fuzzy or wildcard words"),
    ],
)
def test_queries_beyond_the_bounds_are_refused_with_a_reason(query: str, message: str) -> None:
    from search.errors import QueryError

    with pytest.raises(QueryError, match=message):
        preprocess(query)


def test_queries_within_the_bounds_parse() -> None:
    deep = "(" * 16 + "oil" + ")" * 16
    assert preprocess(deep).text.count("(") == 16
    preprocess(" ".join(f"oil{i}~" for i in range(16)))
    preprocess(" ".join(f"w{i}" for i in range(64)))


@pytest.mark.parametrize("query", ["the", "NOT", "OR", '""', "()", ")", "of the and"])
def test_a_query_with_no_searchable_word_says_so(
    query: str, seed_index: object, run: object
) -> None:
    result = run("search", "--", query, index=seed_index)  # type: ignore[operator]
    assert result.exit_code == 2 and "nothing to search for" in result.stderr


def test_no_query_still_lists_every_article(seed_index: object, run: object) -> None:
    result = run("search", "--limit", "1", index=seed_index)  # type: ignore[operator]
    assert result.exit_code == 0
