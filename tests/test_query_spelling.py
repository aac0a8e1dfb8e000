"""Close spellings: edit distances, suggestions for misspelt words, "did you mean"."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import index_records, stores

from search.query import spelling
from search.querying import SearchOptions, search
from search.store import postings


def _osa(a: str, b: str) -> int:
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(
                d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def test_edit_distances_match_a_plain_implementation() -> None:
    rng = random.Random(2)
    for _ in range(30):
        word = "".join(rng.choice("abcé") for _ in range(rng.randint(1, 7)))
        others = ["".join(rng.choice("abcé") for _ in range(rng.randint(1, 8))) for _ in range(25)]
        assert spelling.edit_distances(word, others).tolist() == [_osa(word, o) for o in others]
        cut = range(max(1, len(word) - spelling.MAX_SUFFIX), len(word) + 1)
        assert spelling.stem_distances(word, others).tolist() == [
            min(_osa(word[:k], o) for k in cut) for o in others
        ]


TEXT = (
    "Security cooperation between Baghdad and Moscow: Sergei Shoigu met the ministers. "
    "Cooperation on energy and security was discussed; sanctions were not."
)


@pytest.fixture(scope="module")
def location(tmp_path_factory: pytest.TempPathFactory) -> Path:
    records = [{"id": f"a{i}", "title": "Talks", "body": TEXT} for i in range(3)]
    records.append({"id": "b", "title": "Weather", "body": "Rain over Vienna and Salzburg."})
    return index_records(tmp_path_factory.mktemp("spelling"), records)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("secuirty", "secur"),  # its stem `secuirti` is 3 edits from `secur`
        ("cooperaton", "cooper"),
        ("shoygu", "shoigu"),
        ("bagdad", "baghdad"),
        ("vienan", "vienna"),  # a transposition is one edit
    ],
)
def test_candidates_hold_the_term_a_misspelt_word_meant(
    location: Path, typed: str, meant: str
) -> None:
    store = postings.load(*stores(location))
    assert store is not None
    assert meant in [term for term, _ in spelling.candidates(store.fields["body"], typed)]


def test_choose_judges_whole_words_as_written() -> None:
    options = [spelling.Option("blu", 50), spelling.Option("blunkett", 3)]
    assert spelling.choose("blunket", options) == options[1]  # `blu` is 4 edits away
    assert spelling.choose("xylophone", options) is None
    rain = [spelling.Option("rain", 9)]
    assert spelling.choose("rxyn", rain) is None  # 2 edits; words of four letters get 1
    assert spelling.choose("rian", rain) == rain[0]  # 1 (a transposition)
    assert spelling.choose("rain", rain) is None  # nothing to correct


def test_choose_prefers_words_that_stand_with_the_other_words_then_common_ones() -> None:
    lone = spelling.Option("blanket", 40, together=False)
    beside = spelling.Option("blunkett", 2, together=True)
    assert spelling.choose("blunket", [lone, beside]) == beside
    assert (
        spelling.choose(
            "blunket", [spelling.Option("blanket", 40), spelling.Option("blunkett", 2)]
        ).word
        == "blanket"
    )  # no other words: the more common one


def test_did_you_mean_offers_words_as_written_in_the_typed_case(location: Path) -> None:
    results = search(location, SearchOptions(query="Secuirty cooperaton Bagdad"))
    assert results.total == 0
    assert results.suggestion == "Security cooperation Baghdad"
    assert search(location, SearchOptions(query=results.suggestion)).total == 3
    # a correction that finds nothing is not offered
    assert search(location, SearchOptions(query="secuirty vienan")).suggestion is None


def test_did_you_mean_corrects_each_misspelt_word_beside_the_known_ones(tmp_path: Path) -> None:

    records = [
        {"id": "b1", "title": "Budget", "body": "Gordon Brown set out the budget."},
        {"id": "b2", "title": "Budget", "body": "Brown and the budget, again: Gordon Brown."},
        {"id": "h", "title": "Home", "body": "David Blunkett spoke; the home secretary."},
        {"id": "k", "title": "Bed", "body": "A blanket and a bed. Blanket sales. Blu-ray."},
        {"id": "k2", "title": "Bed", "body": "Another blanket, a blue one."},
    ]
    location = index_records(tmp_path, records)
    assert search(location, SearchOptions(query="Gordon Brwon budgte")).suggestion == (
        "Gordon Brown budget"
    )
    assert search(location, SearchOptions(query="Blunket home secretary")).suggestion == (
        "Blunkett home secretary"
    )
    assert search(location, SearchOptions(query="Blunket")).suggestion == "Blanket"


def test_did_you_mean_looks_at_a_bounded_number_of_words(
    location: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from search.query import suggest

    calls: list[str] = []
    candidates = spelling.candidates

    def counted(fp: object, word: str, *args: object) -> list[tuple[str, int]]:
        calls.append(word)
        return candidates(fp, word, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(spelling, "candidates", counted)
    words = " ".join(f"zzunknown{i}" for i in range(40))
    assert search(location, SearchOptions(query=words)).total == 0
    assert len(set(calls)) == suggest.MAX_CORRECTED_WORDS
