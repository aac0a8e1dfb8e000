"""Collapsing near-duplicate matches into one result per story."""

from __future__ import annotations

import numpy as np

from search.query.engine import Matches
from search.query.versions import collapse
from search.store.near_duplicates import Groups


def test_the_best_scored_version_stands_for_its_group() -> None:
    matches = Matches(np.array([0, 1, 2, 3, 5]), np.array([1.0, 3.0, 2.0, 3.0, 0.5]))
    leaders = np.array([0, 0, 2, 0, 4, 2], dtype=np.int32)  # groups {0, 1, 3} and {2, 5}
    result = collapse(matches, Groups.of(leaders))
    assert result.matches.docs.tolist() == [1, 2]  # 1 and 3 tie: the lower number
    assert result.matches.scores.tolist() == [3.0, 2.0]
    assert result.others(1) == (0, 3) and result.others(2) == (5,)
    assert result.hidden == 3


def test_no_groups_keeps_every_match() -> None:
    matches = Matches(np.array([0, 1]), np.array([1.0, 2.0]))
    assert collapse(matches, None).matches is matches
    alone = collapse(matches, Groups.of(np.array([0, 1], dtype=np.int32)))
    assert alone.matches.docs.tolist() == [0, 1] and alone.hidden == 0 and alone.others(0) == ()
    # a document newer than the groups (the store not yet rewritten) stands alone
    newer = collapse(
        Matches(np.array([0, 7]), np.array([1.0, 1.0])), Groups.of(np.zeros(1, np.int32))
    )
    assert newer.matches.docs.tolist() == [0, 7]
