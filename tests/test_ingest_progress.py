"""Progress on stderr: plain lines for a log, one live line on a terminal, warnings kept."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from search.indexing import index_paths
from search.ingest import progress as progress_module
from search.ingest.progress import Progress


def _records(n: int) -> str:
    return "".join(
        json.dumps({"id": f"r{i}", "title": f"Story {i}", "body": f"Oil prices on day {i}."}) + "\n"
        for i in range(n)
    )


def test_plain_lines_report_articles_share_rate_and_time_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress_module, "PLAIN_EVERY", 0.0)
    (tmp_path / "a.jsonl").write_text(_records(30))
    with gzip.open(tmp_path / "b.jsonl.gz", "wt") as packed:
        packed.write(_records(30).replace('"r', '"g'))
    stream = io.StringIO()
    meter = Progress(stream, live=False)
    report = index_paths([str(tmp_path)], location=tmp_path / "index", meter=meter)
    meter.close()
    lines = stream.getvalue().splitlines()
    assert report.added == 60
    assert lines[0].startswith("indexing 2 files, ")
    assert any(line.startswith("indexed 60 articles, ") for line in lines)
    assert meter.done == meter.total > 0  # every byte of both files, the .gz as stored
    assert "100% of the input read" in lines[-1]


def test_a_live_line_is_redrawn_and_warnings_print_above_it() -> None:
    stream = io.StringIO()
    meter = Progress(stream, live=True)
    meter.found(1000)
    meter.start()
    for _ in range(100):
        meter.read(5)
        meter.article()
    meter.note("skipped /data/broken.html: cannot clean (ValueError)")
    meter.close()
    out = stream.getvalue()
    assert "\r" in out and "indexing 1 file" in out and "100 articles" in out
    assert "skipped /data/broken.html: cannot clean (ValueError)\n" in out


def test_time_left_is_said_in_words() -> None:
    meter = Progress(io.StringIO(), live=False)
    meter.found(1000)
    meter.start()
    meter.started -= 120  # two minutes in, a quarter read
    meter.read(250)
    meter.articles = 500
    line = meter.status()
    assert line.startswith("indexed 500 articles, 4/s, 25% of the input read, about 6 min")
