"""The facet store: updated after appends exactly as a full rebuild would build it."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from conftest import index_lines, stores

from search import aliases, schema
from search.catalog import add_alias
from search.indexing import index_paths
from search.store import facet_build, facets, whoosh_index

PEOPLE = ["Vladimir Putin", "Putin", "Joe Biden", "Biden", "Sergei Shoigu", "Mohammed al-Sudani"]
COUNTRIES = ["RU", "IQ", "US", "FR"]


def _records(ids: range, seed: int, people: list[str] = PEOPLE) -> str:
    rng = random.Random(seed)
    lines = []
    for i in ids:
        lines.append(
            json.dumps(
                {
                    "id": f"r{i}",
                    "title": f"Story {i}",
                    "body": f"Talks on day {i} about oil and security.",
                    "published": f"2024-0{1 + i % 9}-1{i % 10}",
                    "persons": rng.sample(people, rng.randint(0, 3) if len(people) > 3 else 1),
                    "countries": rng.sample(COUNTRIES, rng.randint(0, 2)),
                    "orgs": rng.sample(["OPEC", "NATO", "UN"], rng.randint(0, 2)),
                    "source": rng.choice(["wire", "bbc.co.uk"]),
                }
            )
        )
    return "\n".join(lines) + "\n"


def _snapshot(store: facets.FacetStore, total: int) -> dict[str, Any]:
    """Per field: each document's labels, and the counts over every document."""
    out: dict[str, Any] = {}
    for fname in schema.FACET_FIELDS:
        fs = store.fields[fname]
        per_doc = [
            sorted(fs.labels[v] for v in fs.values[fs.offsets[d] : fs.offsets[d + 1]])
            for d in range(total)
        ]
        counts = store.count(fname, range(total), limit=1000)
        out[fname] = (per_doc, counts)
    return out


def _user(location: Path) -> dict[str, dict[str, str]]:
    return aliases.load_user_aliases(location)


def _same_as_full_rebuild(location: Path) -> None:
    ix = whoosh_index.open_index(location)
    total = ix.doc_count_all()
    stored = facets.load_store(*stores(location))
    assert stored is not None
    assert _snapshot(stored, total) == _snapshot(
        facet_build.build_store(ix, location, user=_user(location), write=False), total
    )


def _indexed(tmp_path: Path, records: str) -> tuple[Path, Path]:
    """A data folder holding ``records`` as a.jsonl, and its index."""
    return index_lines(tmp_path, records)


def test_appends_updates_and_prunes_give_the_store_a_full_rebuild_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    solo = json.dumps({"id": "solo", "body": "Alone.", "persons": ["Solo Person"]})
    data, location = _indexed(tmp_path, _records(range(40), seed=1) + solo + "\n")

    def no_rebuild(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("the store was rebuilt instead of updated")

    with monkeypatch.context() as patch:
        patch.setattr(facet_build, "build_store", no_rebuild)
        (data / "b.jsonl").write_text(_records(range(100, 130), seed=2))  # appended
        index_paths([str(data)], location=location)
        (data / "a.jsonl").write_text(_records(range(35), seed=3))  # 35 updated, 6 gone
        report = index_paths([str(data)], location=location, prune=True)
        assert report.deleted == 6
    _same_as_full_rebuild(location)
    ix = whoosh_index.open_index(location)
    updated = facets.load_store(*stores(location))
    rebuilt = facet_build.build_store(ix, location, user=_user(location), write=False)
    assert updated is not None and "Solo Person" in updated.fields["person"].labels  # at zero
    for fname in schema.FACET_FIELDS:
        assert updated.fields[fname].distinct() == rebuilt.fields[fname].distinct()
    from search.querying import SearchOptions, search
    from search.store.opened import close_all

    try:
        gone = search(location, SearchOptions(persons=("Solo Person",)))
    finally:
        close_all()
    assert gone.total == 0 and "no person known as 'Solo Person'" in gone.warnings


def test_surnames_resolve_again_when_appended_articles_tip_the_balance(tmp_path: Path) -> None:
    data, location = _indexed(tmp_path, _records(range(6), seed=4, people=["Putin"]))
    store = facets.load_store(*stores(location))
    assert store is not None
    assert [c.label for c in store.count("person", range(6), limit=5)] == ["Putin"]
    (data / "b.jsonl").write_text(_records(range(50, 60), seed=5, people=["Vladimir Putin"]))
    index_paths([str(data)], location=location)
    store = facets.load_store(*stores(location))
    assert store is not None
    labels = [c.label for c in store.count("person", range(16), limit=5)]
    assert labels == ["Vladimir Putin"]  # the bare surname now shown under the full name
    _same_as_full_rebuild(location)


def test_aliases_relabel_without_reading_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, location = _indexed(tmp_path, _records(range(30), seed=6))
    monkeypatch.setattr(facet_build, "_read_stored", lambda *_a, **_k: pytest.fail("read articles"))
    add_alias(location, "person", "Sergei Shoigu", "")  # dropped
    add_alias(location, "person", "Biden", "President Biden")  # merged under a new name
    monkeypatch.undo()
    store = facets.load_store(*stores(location))
    assert store is not None
    labels = {c.label for c in store.count("person", range(30), limit=100)}
    assert "Sergei Shoigu" not in labels and "President Biden" in labels
    assert "Biden" not in labels
    assert store.fields["person"].label("Sergei Shoigu") == ""
    _same_as_full_rebuild(location)


def test_a_facet_file_that_does_not_fit_its_table_is_not_read(tmp_path: Path) -> None:
    from search.querying import SearchOptions, search
    from search.store.opened import close_all

    _, location = _indexed(tmp_path, _records(range(20), seed=7))
    fine = search(location, SearchOptions(query="oil", facets=("person",)))
    close_all()
    folder, generation = stores(location)
    person = folder / "facets-person.bin"
    person.write_bytes(person.read_bytes()[:-3])  # as if a write was interrupted
    assert facets.load_store(folder, generation) is None
    try:
        again = search(location, SearchOptions(query="oil", facets=("person",)))
    finally:
        close_all()
    assert again.facets == fine.facets and again.total == fine.total


def test_labels_differing_only_in_case_do_not_depend_on_indexing_order(tmp_path: Path) -> None:
    from search.querying import SearchOptions, search
    from search.store.opened import close_all

    def record(i: int, name: str) -> str:
        return json.dumps({"id": f"p{i}", "body": "Talks.", "persons": [name]}) + "\n"

    shown = []
    for order in (
        ["Perez De Cuellar", "Perez de Cuellar", "Perez de Cuellar"],
        ["Perez de Cuellar", "Perez De Cuellar", "Perez de Cuellar"],
    ):
        data, location = tmp_path / f"d{len(shown)}", tmp_path / f"i{len(shown)}"
        data.mkdir()
        for i, name in enumerate(order):
            (data / f"{i}.jsonl").write_text(record(i, name))
        index_paths([str(data)], location=location)
        try:
            found = search(location, SearchOptions(facets=("person",), limit=10))
        finally:
            close_all()
        shown.append(
            (
                [(c.label, c.count) for c in found.facets["person"]],
                sorted({p for h in found.hits for p in h.persons}),
            )
        )
    assert shown[0] == shown[1] == ([("Perez de Cuellar", 3)], ["Perez de Cuellar"])


def test_aliases_for_every_kind_list_remove_and_retype(tmp_path: Path, run: Any) -> None:
    lines = [
        {
            "id": "a1",
            "body": "Yukos said output fell.",
            "persons": ["Yukos", "Mikhail Khodorkovsky"],
            "countries": ["RU", "JE"],
            "orgs": ["Gazprom"],
            "source": "bbc",
        },
        {
            "id": "a2",
            "body": "Oil firm Yukos is in court.",
            "persons": ["Yukos"],
            "countries": ["RU"],
            "source": "BBC News",
        },
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    index = tmp_path / "index"
    assert run("index", "--quiet", str(tmp_path / "a.jsonl"), index=index).exit_code == 0

    def counts(field: str) -> dict[str, int]:
        found = run("facets", field, "--format", "json", index=index)
        return {c["label"]: c["count"] for c in json.loads(found.stdout)["values"]}

    assert run("alias", "retype", "Yukos", "org", index=index).exit_code == 0
    assert run("alias", "drop", "Jersey", "--field", "country", index=index).exit_code == 0
    assert run("alias", "merge", "BBC News", "bbc", "--field", "source", index=index).exit_code == 0
    assert counts("person") == {"Mikhail Khodorkovsky": 1}
    assert counts("org") == {"Yukos": 2, "Gazprom": 1}
    assert counts("country") == {"Russia": 2} and counts("source") == {"bbc": 2}
    assert run("search", "--org", "Yukos", index=index).exit_code == 0
    listed = json.loads(run("alias", "list", "--format", "json", index=index).stdout)["aliases"]
    assert {(a["field"], a["action"]) for a in listed} == {
        ("person", "retype"),
        ("country", "drop"),
        ("source", "merge"),
    }
    assert run("alias", "remove", "Yukos", index=index).exit_code == 0
    assert counts("person") == {"Yukos": 2, "Mikhail Khodorkovsky": 1}
    assert run("alias", "remove", "Nobody", index=index).exit_code == 1


def test_a_facet_counts_articles_not_values(tmp_path: Path) -> None:
    from search.querying import SearchOptions, search
    from search.store.opened import close_all

    lines = [
        {"id": "a", "body": "Blair spoke.", "persons": ["Tony Blair", "Blair"]},
        {"id": "b", "body": "Blair again.", "persons": ["Tony Blair"]},
        {"id": "c", "body": "Blair thrice.", "persons": ["Blair"]},
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    location = tmp_path / "index"
    index_paths([str(tmp_path / "a.jsonl")], location=location)
    try:
        found = search(location, SearchOptions(persons=("Tony Blair",), facets=("person",)))
    finally:
        close_all()
    counts = {c.label: c.count for c in found.facets["person"]}
    # `Blair` joins `Tony Blair` across the corpus: article a carries the label twice
    assert found.total == 3 and counts["Tony Blair"] == 3
    assert all(n <= found.total for n in counts.values())
