"""English NER: the same mentions whether a batch is tagged in this process or shared among
the run's worker processes (which start once and are reused)."""

from __future__ import annotations

import pytest

from search.entities import ner

TEXTS = [
    f"Angela Merkel met Emmanuel Macron in Paris on day {i}. Reuters reported the talks."
    for i in range(6)
] + ["No names here at all.", ""]


def test_worker_processes_find_what_this_process_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    here = ner.Tagging(TEXTS, workers=1).result()
    monkeypatch.setattr(ner, "MIN_PER_PROCESS", 1)  # so that eight texts are shared
    monkeypatch.setattr(ner, "CHUNK", 3)
    shared = ner.Tagging(TEXTS, workers=2)
    assert shared._pending is not None  # handed to the workers, not tagged here
    assert shared.result() == here
    started = ner._POOL.pool
    again = ner.Tagging(TEXTS[:4], workers=2)
    assert again.result() == here[:4] and ner._POOL.pool is started  # the same processes
    assert any(s.label == "PERSON" and s.text == "Angela Merkel" for s in here[0].spans)
