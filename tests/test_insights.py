"""The views beyond search, on a small index built here: the numbers, not just exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import index_records

from search.errors import NotFoundError, UsageProblem
from search.insights import cooccur, profile, saved, timeline
from search.querying import SearchOptions, search

R = "Vladimir Putin"
RECORDS: list[dict[str, object]] = [
    {"id": "a1", "title": "Security talks", "body": "Security talks in Baghdad.",
     "published": "2024-01-05", "persons": [R, "Sergei Shoigu"], "countries": ["RU", "IQ"],
     "source": "wire"},
    {"id": "a2", "title": "Syria", "body": "Talks on Syria.", "published": "2024-01-20",
     "persons": [R, "Sergei Lavrov"], "countries": ["RU", "SY"], "source": "wire"},
    {"id": "a3", "title": "Security visit", "body": "Security visit to Iraq.",
     "published": "2024-02-10", "persons": ["Sergei Shoigu", "Mohammed Shia al-Sudani"],
     "countries": ["IQ", "RU"], "source": "desk"},
    {"id": "a4", "title": "Election", "body": "An election in America.",
     "published": "2024-03-15", "persons": ["Joe Biden"], "countries": ["US"], "source": "desk"},
    {"id": "a5", "title": "Summit", "body": "A summit.", "published": "2024-03-20",
     "persons": ["Joe Biden", R], "countries": ["US", "RU"], "source": "wire"},
    {"id": "a6", "title": "Undated security", "body": "Security, undated.",
     "persons": ["Sergei Shoigu"], "countries": ["IQ"], "source": "wire"},
]  # fmt: skip


@pytest.fixture(scope="module")
def location(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return index_records(tmp_path_factory.mktemp("insights"), RECORDS)


def test_cooccur_counts_shared_articles_and_lift(location: Path) -> None:
    found = cooccur.cooccur(location, "Shoigu", other="person", min_count=1)
    assert (found.name, found.articles, found.searched) == ("Sergei Shoigu", 3, 6)
    # lift = together * searched / (articles with Shoigu * articles with the other)
    assert [(r.label, r.together, r.articles, round(r.lift, 3)) for r in found.rows] == [
        ("Mohammed Shia al-Sudani", 1, 1, 2.0),
        (R, 1, 3, 0.667),
    ]
    countries = cooccur.cooccur(location, "Shoigu", other="country", min_count=2)
    assert [(r.value, r.together, round(r.lift, 3)) for r in countries.rows] == [
        ("IQ", 3, 2.0),
        ("RU", 2, 1.0),
    ]
    by_count = cooccur.cooccur(location, "Putin", other="country", order="count", min_count=1)
    assert [r.value for r in by_count.rows][0] == "RU"


def test_cooccur_takes_a_query_and_filters(location: Path) -> None:
    found = cooccur.cooccur(
        location, "Shoigu", other="country", options=SearchOptions(query="security"), min_count=1
    )
    assert found.searched == 3 and found.articles == 3  # a1, a3, a6
    with pytest.raises(NotFoundError):
        cooccur.cooccur(location, "Nobody Known")
    with pytest.raises(UsageProblem):
        cooccur.cooccur(location, "Shoigu", other="planet")


@pytest.mark.parametrize("suffix", [".graphml", ".gexf"])
def test_the_cooccurrence_network_is_written_for_gephi(
    location: Path, tmp_path: Path, suffix: str
) -> None:
    import networkx as nx

    network = cooccur.graph(location, kinds=("person",), min_count=1)
    path = tmp_path / f"net{suffix}"
    cooccur.write_graph(network, path)
    read = nx.read_graphml(path) if suffix == ".graphml" else nx.read_gexf(path)
    labels = {data["label"]: node for node, data in read.nodes(data=True)}
    assert set(labels) == {R, "Sergei Shoigu", "Sergei Lavrov", "Joe Biden",
                           "Mohammed Shia al-Sudani"}  # fmt: skip
    edge = read.edges[labels[R], labels["Joe Biden"]]
    assert int(edge["weight"]) == 1
    assert read.number_of_edges() == 4
    with pytest.raises(UsageProblem):
        cooccur.write_graph(network, tmp_path / "net.png")


def test_timeline_counts_each_period_with_empty_ones_as_zero(location: Path) -> None:
    months = timeline.timeline(location, [SearchOptions()], by="month")
    assert months.periods == ("2024-01", "2024-02", "2024-03")
    (every,) = months.series
    assert every.counts == (2, 1, 2) and every.undated == 1 and every.total == 5
    weeks = timeline.timeline(location, [SearchOptions(query="security")], by="week")
    assert weeks.periods[0] == "2024-01-01" and weeks.periods[-1] == "2024-02-05"
    assert sum(weeks.series[0].counts) == 2 and 0 in weeks.series[0].counts
    both = timeline.timeline(
        location, [SearchOptions(query="security"), SearchOptions(query="talks")],
        by="month", normalise=True,
    )  # fmt: skip
    assert both.periods == ("2024-01", "2024-02")  # from the first dated hit to the last
    security, talks = both.series
    assert security.counts == (1, 1) and talks.counts == (2, 0)
    assert security.shares == (0.5, 1.0)  # of the 2 articles of January, the 1 of February


def test_significant_values_are_unusual_in_the_hits_not_merely_frequent(tmp_path: Path) -> None:
    records = [
        {"id": f"d{i}", "title": "News", "body": "security" if i < 5 else "weather",
         "persons": [R, "Sergei Shoigu"] if i < 4 else [R]}
        for i in range(30)
    ]  # fmt: skip
    location = index_records(tmp_path, records)
    found = search(location, SearchOptions(query="security", significant=("person",)))
    (shoigu,) = found.significant["person"]  # Putin is in every article: not significant
    assert (shoigu.label, shoigu.hits, shoigu.articles) == ("Sergei Shoigu", 4, 4)
    assert shoigu.score == pytest.approx((4 / 5 - 4 / 30) * ((4 / 5) / (4 / 30)))
    frequent = search(location, SearchOptions(query="security", facets=("person",)))
    assert frequent.facets["person"][0].label == R  # the plain facet counts it first


def test_profile_gathers_what_the_index_says_of_one_entity(location: Path) -> None:
    found = profile.profile(location, "Shoigu")
    assert (found.name, found.kind, found.articles) == ("Sergei Shoigu", "person", 3)
    assert (found.first_seen, found.last_seen) == ("2024-01-05", "2024-02-10")
    assert found.months == (("2024-01", 1), ("2024-02", 1))
    assert profile.sparkline(found.months) == "██"
    assert {(c.label, c.together) for c in found.co_mentions} >= {
        (R, 1), ("Mohammed Shia al-Sudani", 1), ("Iraq", 3), ("Russia", 2)
    }  # fmt: skip
    assert [(c.label, c.count) for c in found.sources] == [("wire", 2), ("desk", 1)]
    assert found.countries[0].label == "Iraq" and found.countries[0].count == 3
    iraq = profile.profile(location, "Iraq", kind="country")
    assert iraq.articles == 3 and all(c.label != "Iraq" for c in iraq.countries)


def test_why_names_the_parts_and_filters_each_hit_matched(location: Path) -> None:
    found = search(location, SearchOptions(query="security talks", persons=("Putin",), why=True))
    (hit,) = found.hits
    assert hit.id == "a1" and hit.why is not None
    parts = {p.part: p for p in hit.why.parts}
    assert set(parts) == {"secur", "talk"}
    assert parts["secur"].fields == ("title", "body")
    assert sum(p.score for p in hit.why.parts) == pytest.approx(hit.score)
    assert hit.why.filters == (("person", R),)
    prefix = search(location, SearchOptions(query="secur*", why=True)).hits[0]
    assert prefix.why is not None and prefix.why.parts[0].words == ("secur",)


def test_saved_searches_run_again_and_tell_what_is_new(tmp_path: Path) -> None:
    records = [dict(r) for r in RECORDS]
    location = index_records(tmp_path, records)
    saved.add(location, "security", SearchOptions(query="security", countries=("Iraq",)))
    with pytest.raises(UsageProblem, match="saved already"):
        saved.add(location, "security", SearchOptions(query="oil"))
    (entry,) = saved.list_saved(location)
    assert entry.options == {"query": "security", "countries": ["Iraq"]} and entry.last_run is None
    _, first = saved.run(location, "security", new=True)
    assert {h.id for h in first.hits} == {"a1", "a3", "a6"}  # never run: everything is new
    _, again = saved.run(location, "security", new=True)
    assert again.total == 0
    records.append({"id": "a7", "title": "Security again", "body": "More security.",
                    "countries": ["IQ"]})  # fmt: skip
    index_records(tmp_path, records)
    _, fresh = saved.run(location, "security", new=True)
    assert [h.id for h in fresh.hits] == ["a7"]
    index_records(tmp_path, records, rebuild=True)  # rewritten unchanged: not new
    assert saved.run(location, "security", new=True)[1].total == 0
    assert saved.run(location, "security")[1].total == 4
    saved.remove(location, "security")
    assert saved.list_saved(location) == ()
    with pytest.raises(NotFoundError):
        saved.run(location, "security")


def test_saved_searches_survive_concurrent_writers(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    location = index_records(tmp_path, RECORDS[:2])
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: saved.add(location, f"s{i}", SearchOptions(query="talks")),
                      range(16)))  # fmt: skip
    assert {e.name for e in saved.list_saved(location)} == {f"s{i}" for i in range(16)}
    data = json.loads((location / saved.SAVED_FILE).read_text())
    assert len(data["searches"]) == 16


def test_a_long_sparkline_sums_months_into_cells_that_fit() -> None:
    months = tuple((f"m{i}", 1 if i < 60 else 0) for i in range(120))
    line = profile.sparkline(months, width=60)
    assert len(line) == 60 and profile.cell_months(120, 60) == 2
    assert line == "█" * 30 + " " * 30


def test_nothing_new_offers_no_partial_matches(tmp_path: Path) -> None:
    location = index_records(tmp_path, RECORDS)
    saved.add(location, "talks", SearchOptions(query="security talks"))
    assert saved.run(location, "talks", new=True)[1].total == 1
    _, none = saved.run(location, "talks", new=True)
    assert none.total == 0 and none.partial is None  # the old hit is whole, just not new
