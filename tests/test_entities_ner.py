"""English NER: the same mentions whether a batch is tagged in this process or shared among
the run's worker processes (which start once and are reused)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


def test_a_script_without_a_main_guard_can_share_a_batch(tmp_path: Path) -> None:
    # spawned workers import the caller's main module again: such a script started its own
    # run in every worker, and the run waited for ever
    script = tmp_path / "unguarded.py"
    script.write_text(
        "from search.entities import ner\n"
        "ner.MIN_PER_PROCESS = 1\n"
        f"print(len(ner.Tagging({TEXTS!r}, workers=2).result()))\n",
        "utf-8",
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert done.returncode == 0 and done.stdout.strip() == str(len(TEXTS)), done.stderr[-500:]


def test_all_caps_lines_are_title_cased_each_on_its_own() -> None:
    from search.entities.ner import prepare

    text = "Standings after Wednesday:\nEASTERN DIVISION\nNEW YORK 72 53 .576 -\nTORONTO AT CHICAGO"
    prepared = prepare(text)
    assert prepared.splitlines()[1:] == [
        "Eastern Division",
        "New York 72 53 .576 -",
        "Toronto At Chicago",
    ]
    assert len(prepared) == len(text)  # offsets stay those of the text
