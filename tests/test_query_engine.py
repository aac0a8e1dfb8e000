"""The query engine against a brute-force reading of the same articles."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from search import analysis
from search.indexing import index_paths
from search.querying import SearchOptions, search

VOCAB = "alpha beta gamma delta epsilon zeta theta kappa lambda sigma".split()
FILLER = ("the", "of", "a")  # stop words: not indexed, but they keep their positions


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, str]]]:
    rng = random.Random(11)
    docs: dict[str, dict[str, str]] = {}
    for i in range(150):
        docs[f"a{i}"] = {
            "title": " ".join(rng.choice(VOCAB) for _ in range(rng.randint(1, 4))),
            "body": " ".join(
                rng.choice(VOCAB + [rng.choice(FILLER)]) for _ in range(rng.randint(3, 40))
            ),
            "published": f"2023-{1 + i % 12:02d}-15",
        }
    root = tmp_path_factory.mktemp("engine")
    (root / "c.jsonl").write_text(
        "\n".join(json.dumps({"id": k, **v}) for k, v in docs.items()) + "\n"
    )
    index_paths([str(root / "c.jsonl")], location=root / "index")
    return root / "index", docs


def _terms(doc: dict[str, str]) -> dict[str, list[str | None]]:
    """Each field's words as the brute force reads them: a stem, or None for a stop word."""
    return {
        f: [None if w in FILLER else analysis.analyse(w)[0] for w in doc[f].split()]
        for f in ("title", "body")
    }


def _has_phrase(
    words: list[str | None], phrase: list[str], slop: int = 1, gaps: tuple[int, ...] = ()
) -> bool:
    gaps = gaps or (1,) * (len(phrase) - 1)
    for start, word in enumerate(words):
        if word != phrase[0]:
            continue
        at, ok = start, True
        for nxt, gap in zip(phrase[1:], gaps, strict=True):
            reach = range(at + gap, min(len(words), at + gap + slop))
            found = [p for p in reach if words[p] == nxt]
            if not found:
                ok = False
                break
            at = found[0]
        if ok:
            return True
    return False


def _ids(location: Path, q: str, **options: object) -> set[str]:
    results = search(location, SearchOptions(query=q, limit=1000, **options))  # type: ignore[arg-type]
    assert results.total == len(results.hits)
    return {h.id for h in results.hits}


def test_boolean_and_phrase_queries_match_brute_force(
    corpus: tuple[Path, dict[str, dict[str, str]]],
) -> None:
    location, docs = corpus
    stems = {w: analysis.analyse(w)[0] for w in VOCAB}
    rng = random.Random(5)
    for _ in range(40):
        a, b, c = rng.sample(VOCAB, 3)
        sa, sb, sc = stems[a], stems[b], stems[c]
        expect: dict[str, set[str]] = {
            f"{a} {b}": set(),
            f"{a} OR {b}": set(),
            f"{a} -{b}": set(),
            f'"{a} {b}"': set(),
            f'"{a} {b} {c}"~3': set(),
            f'"{a} of the {b}"': set(),
            f"({a} OR {b}) {c}": set(),
        }
        for doc_id, doc in docs.items():
            t = _terms(doc)
            every = set(t["title"]) | set(t["body"])
            checks = {
                f"{a} {b}": sa in every and sb in every,
                f"{a} OR {b}": sa in every or sb in every,
                f"{a} -{b}": sa in every and sb not in every,
                f'"{a} {b}"': any(_has_phrase(w, [sa, sb]) for w in t.values()),
                f'"{a} {b} {c}"~3': any(_has_phrase(w, [sa, sb, sc], 3) for w in t.values()),
                f'"{a} of the {b}"': any(_has_phrase(w, [sa, sb], gaps=(3,)) for w in t.values()),
                f"({a} OR {b}) {c}": (sa in every or sb in every) and sc in every,
            }
            for q, ok in checks.items():
                if ok:
                    expect[q].add(doc_id)
        for q, wanted in expect.items():
            assert _ids(location, q) == wanted, q


def test_prefix_fuzzy_field_and_date_queries(
    corpus: tuple[Path, dict[str, dict[str, str]]],
) -> None:
    location, docs = corpus
    with_title_kappa = {k for k, d in docs.items() if "kappa" in d["title"].split()}
    assert _ids(location, "title:kappa") == with_title_kappa
    anywhere = {k for k, d in docs.items() if "kappa" in (d["title"] + " " + d["body"]).split()}
    assert _ids(location, "kap*") == anywhere
    assert _ids(location, "kapa~") == anywhere  # one edit away
    march = {k for k, d in docs.items() if d["published"].startswith("2023-03")}
    assert _ids(location, "date:2023-03") == march
    assert _ids(location, "kappa", since="2023-03-01", until="2023-03-31") == march & anywhere


def test_title_words_rank_above_body_words_and_totals_cover_every_hit(
    corpus: tuple[Path, dict[str, dict[str, str]]],
) -> None:
    location, docs = corpus
    results = search(location, SearchOptions(query="sigma", limit=5))
    everywhere = [k for k, d in docs.items() if "sigma" in (d["title"] + " " + d["body"]).split()]
    assert results.total == len(everywhere) > 5
    in_title = {k for k, d in docs.items() if "sigma" in d["title"].split()}
    assert results.hits[0].id in in_title
    scores = [h.score for h in results.hits]
    assert scores == sorted(scores, reverse=True)
    newest = search(location, SearchOptions(query="sigma", sort="newest", limit=200)).hits
    dates = [h.published or "" for h in newest]
    assert dates == sorted(dates, reverse=True)


def test_no_hits_suggest_a_correction_that_finds_something(
    corpus: tuple[Path, dict[str, dict[str, str]]],
) -> None:
    location, docs = corpus
    results = search(location, SearchOptions(query="alpah gamma"))
    assert results.total == 0
    assert results.suggestion == "alpha gamma"
    assert search(location, SearchOptions(query=results.suggestion)).total > 0
    # nothing to correct, or nothing a correction would find: no suggestion
    assert search(location, SearchOptions(query="qqqqqqq")).suggestion is None
    assert search(location, SearchOptions(query="alpha -alpha")).suggestion is None


def test_wildcards_match_words_as_written_not_only_stems(tmp_path: Path) -> None:
    lines = [
        {"id": "c", "title": "Crisis talks", "body": "The crisis deepened in the city."},
        {"id": "r", "title": "Running mates", "body": "She was running for office."},
    ]
    (tmp_path / "c.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    location = tmp_path / "index"
    index_paths([str(tmp_path / "c.jsonl")], location=location)
    assert analysis.analyse("city") != ["city"]  # stems differ from the words
    for query, ids in (("cris?s", {"c"}), ("cit?", {"c"}), ("runn?ng", {"r"}), ("cr*s", {"c"})):
        assert {h.id for h in search(location, SearchOptions(query=query)).hits} == ids, query


def test_fuzzy_words_rank_the_closest_spelling_first(tmp_path: Path) -> None:
    from conftest import index_records

    records = [
        {"id": "goals", "title": "Match", "body": "He scored twice; the scorer scores again."},
        {"id": "film", "title": "Awards", "body": "Martin Scorsese was honoured."},
        {"id": "bed", "title": "Shop", "body": "A warm blanket."},
        {"id": "mp", "title": "Politics", "body": "David Blunkett spoke."},
        {"id": "mp2", "title": "Politics", "body": "Blunkett again, Blunkett."},
    ]
    location = index_records(tmp_path, records)
    ranked = [h.id for h in search(location, SearchOptions(query="scorcese~2")).hits]
    assert ranked[0] == "film" and "goals" in ranked
    ranked = [h.id for h in search(location, SearchOptions(query="blunket~")).hits]
    assert ranked[-1] == "bed" and set(ranked) == {"bed", "mp", "mp2"}


def _hand_built() -> tuple[Any, Any]:
    """A postings store and a facet store of five articles, built in memory without Whoosh
    (document 3 deleted)."""
    from search import schema
    from search.store import facet_build, postings_build

    articles = [
        (
            "d0",
            "Harbour reopens",
            "The harbour reopened after repairs.",
            "2024-01-10",
            ["Kari Olsen"],
        ),
        ("d1", "Budget day", "The minister talked about the harbour budget.", "2024-02-10", []),
        (
            "d2",
            "Harbour harbour",
            "Harbour news: the harbour master spoke.",
            "2023-05-01",
            ["Kari Olsen"],
        ),
        (None, "Gone", "A deleted harbour story.", "2024-01-01", ["Kari Olsen"]),
        (
            "d4",
            "Rail strike",
            "Rail workers walked out; no harbour in sight.",
            None,
            ["Per Hansen"],
        ),
    ]
    collector = postings_build.Collector()
    for doc_id, title, body, _, _ in articles:
        if doc_id is not None:
            collector.add(doc_id, {"title": title, "body": body})
    table = postings_build.DocTable(
        1,
        [a[0] for a in articles],
        [schema.date_ordinal(a[3]) for a in articles],
    )
    text, _ = postings_build.build(table, collector)
    per_doc = [None if a[0] is None else {"person": a[4]} for a in articles]
    store = facet_build.from_values(per_doc, 1)
    return text, store


def test_the_engine_over_a_hand_built_store() -> None:
    from datetime import date

    from search.query import engine
    from search.query import tree as qt

    text, store = _hand_built()
    harbour = qt.Words(qt.TERM, ("harbour",))
    run = engine.Evaluator(text, store).run
    found = run(harbour)
    assert found.docs.tolist() == [0, 1, 2, 4]  # the deleted document 3 is not a match
    best = engine.top(found, text.published, sort="relevance", count=4).tolist()
    assert best[:2] == [2, 0] and best[-1] in (1, 4)  # title words weigh 2.5 times body words
    assert run(qt.Words(qt.PHRASE, ("harbour", "master"), offsets=(0, 1))).docs.tolist() == [2]
    with_person = run(qt.And((harbour, qt.Facet("person", ("Kari Olsen",)))))
    assert with_person.docs.tolist() == [0, 2]
    assert run(qt.And((harbour, qt.Not(qt.Facet("person", ("Kari Olsen",)))))).docs.tolist() == [
        1,
        4,
    ]
    in_2024 = run(qt.And((harbour, qt.Dates(date(2024, 1, 1), date(2024, 12, 31)))))
    assert in_2024.docs.tolist() == [0, 1]
    newest = engine.top(found, text.published, sort="newest", count=2).tolist()
    assert newest == [1, 0]
    assert run(qt.Words(qt.PREFIX, ("rai",))).docs.tolist() == [4]
    assert run(qt.Words(qt.FUZZY, ("harbur",), maxdist=1)).docs.tolist() == [0, 1, 2, 4]
