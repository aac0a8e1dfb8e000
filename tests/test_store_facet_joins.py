"""The corpus-wide joins kept between commits: remade where counts moved, they equal the
joins made from scratch, for persons and organisations."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from search.store import facet_joins
from search.store.facet_kinds import KINDS, JoinedKind

FIRST = ["George", "Tony", "Gordon", "John", "Jon", "Dmitry", "Dmitri", "Anna"]
MIDDLE = ["", "W.", "W", "A", "B"]
LAST = ["Bush", "Blair", "Brown", "Smith", "Peskov", "Zelensky", "Zelenskyy", "al-Sudani"]
ORGS = [
    "European Union", "EU", "E.U.", "United Nations", "UN", "Labour", "Labour Party",
    "labour party", "Conservative Party", "Conservatives", "Acme Inc", "Acme", "Acme Corp",
    "NATO", "North Atlantic Treaty Organization", "Yukos", "BBC", "IRA", "IRB Rugby Aid",
    "EU Party", "NATO Inc",  # joined to an acronym by its ending: a group over two bases
]  # fmt: skip


def _person(rng: random.Random) -> str:
    last = rng.choice(LAST)
    if rng.random() < 0.2:
        return last if rng.random() < 0.8 else last.upper()
    middle = rng.choice(MIDDLE)
    return " ".join(p for p in (rng.choice(FIRST), middle, last) if p)


@pytest.mark.parametrize(("fname", "seed"), [("person", 1), ("person", 2), ("org", 3), ("org", 4)])
def test_joins_remade_where_counts_moved_equal_joins_made_from_scratch(
    fname: str, seed: int
) -> None:
    kind = KINDS[fname]
    assert isinstance(kind, JoinedKind)
    rng = random.Random(seed)
    draw = (lambda: _person(rng)) if fname == "person" else (lambda: rng.choice(ORGS))
    raws: list[str] = []
    for name in (draw() for _ in range(40)):
        if name not in raws:
            raws.append(name)
    uses = [rng.randint(0, 5) for _ in raws]
    kept = facet_joins.made(raws, uses, kind.bases, kind.joins, None)
    for _ in range(60):  # commits: counts up and down (to none), names new to the corpus
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(raws))
            uses[i] = max(0, uses[i] + rng.choice([-3, -1, 1, 2, 6]))
        name = draw()
        if name not in raws:
            raws.append(name)
            uses.append(rng.randint(1, 4))
        kept = facet_joins.made(raws, uses, kind.bases, kind.joins, kept)
        fresh = facet_joins.made(raws, uses, kind.bases, kind.joins, None)
        assert kept.mapping == fresh.mapping
    assert kept.mapping  # something was joined


def test_joins_of_other_raw_values_are_made_from_scratch() -> None:
    kind = KINDS["person"]
    assert isinstance(kind, JoinedKind)
    before = facet_joins.made(["Bush", "George W Bush"], [2, 9], kind.bases, kind.joins, None)
    assert before.mapping == {"bush": "George W Bush"}
    other = facet_joins.made(["Blair", "Tony Blair"], [2, 9], kind.bases, kind.joins, before)
    assert other.mapping == {"blair": "Tony Blair"}


def test_an_appended_commit_remakes_the_joins_from_the_previous_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import index_records, stores

    records = [
        {"id": "a", "body": "Oil.", "persons": ["George W Bush", "Bush"], "orgs": ["EU"]},
        {"id": "b", "body": "Gas.", "persons": ["George W Bush"], "orgs": ["European Union"]},
    ]
    location = index_records(tmp_path, records)
    folder, generation = stores(location)
    assert facet_joins.load(folder, "person", generation) is not None
    seen: list[bool] = []
    made = facet_joins.made

    def recording(*args: Any) -> facet_joins.Joins:
        seen.append(args[-1] is not None)
        return made(*args)

    monkeypatch.setattr(facet_joins, "made", recording)
    records.append({"id": "c", "body": "Coal.", "persons": ["Bush"], "orgs": ["EU"]})
    index_records(tmp_path, records)
    assert seen == [True, True]  # persons and organisations, from the previous store's joins
    from search.querying import SearchOptions, search

    found = search(location, SearchOptions(query="", facets=("person", "org")))
    assert {f.label for f in found.facets["person"]} == {"George W Bush"}
    assert {f.label for f in found.facets["org"]} == {"EU"}  # one label, as most write it
