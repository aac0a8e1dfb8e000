"""Close spellings: edit distances, suggestions for misspelt words, "did you mean"."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from conftest import stores

from search import postings, spelling
from search.indexing import index_paths
from search.querying import SearchOptions, search


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
    root = tmp_path_factory.mktemp("spelling")
    records = [{"id": f"a{i}", "title": "Talks", "body": TEXT} for i in range(3)]
    records.append({"id": "b", "title": "Weather", "body": "Rain over Vienna and Salzburg."})
    (root / "c.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    index_paths([str(root / "c.jsonl")], location=root / "index")
    return root / "index"


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
def test_suggest_finds_the_term_a_misspelt_word_meant(
    location: Path, typed: str, meant: str
) -> None:
    store = postings.load(*stores(location))
    assert store is not None
    assert spelling.suggest(store.fields["body"], typed) == meant


def test_suggest_leaves_far_or_short_words_alone(location: Path) -> None:
    store = postings.load(*stores(location))
    assert store is not None
    body = store.fields["body"]
    assert spelling.suggest(body, "xylophone") is None
    assert spelling.suggest(body, "rxyn") is None  # 2 edits from `rain`; short words get 1
    assert spelling.suggest(body, "rian") == "rain"  # 1 (a transposition)


def test_did_you_mean_offers_words_as_written_in_the_typed_case(location: Path) -> None:
    results = search(location, SearchOptions(query="Secuirty cooperaton Bagdad"))
    assert results.total == 0
    assert results.suggestion == "Security cooperation Baghdad"
    assert search(location, SearchOptions(query=results.suggestion)).total == 3
    # a correction that finds nothing is not offered
    assert search(location, SearchOptions(query="secuirty vienan")).suggestion is None


def test_did_you_mean_looks_at_a_bounded_number_of_words(
    location: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from search import querying

    calls: list[str] = []
    suggest = spelling.suggest

    def counted(fp: object, word: str, *args: object) -> str | None:
        calls.append(word)
        return suggest(fp, word, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(spelling, "suggest", counted)
    words = " ".join(f"zzunknown{i}" for i in range(40))
    assert search(location, SearchOptions(query=words)).total == 0
    assert len(set(calls)) == querying.MAX_CORRECTED_WORDS
