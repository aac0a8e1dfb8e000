"""Shared fixtures: the seed article (committed in seeds/) and tiny indexes in tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from search.cli import cli

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED = SEEDS / "000_3a56362730208ff7.txt"

WIRE_STORY = (  # a story long enough to tell its versions apart (near-duplicate tests)
    "The harbour at Bergen reopened on Monday after a long winter of repairs to its old quays, "
    "and the first fishing boats came back at dawn. The harbour master said trade would "
    "recover by the summer, as the new cranes arrive from the south and the ferry returns. "
    "Local shops reported their busiest morning since the autumn storms closed the port. "
    "The council had spent two years and most of its reserves on the work, which replaced "
    "the wooden piers built after the war with concrete ones able to take larger ships. "
    "Engineers expect the new quays to last a century, and the town hopes cruise lines "
    "will now add Bergen to their summer routes along the western coast of Norway."
)
WIRE_STORY_CORRECTED = WIRE_STORY.replace("on Monday", "on Tuesday")  # one word corrected


@pytest.fixture(scope="session", autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """newsidx's user cache (the unpacked language model) in the session's tmp folder, not the
    home folder of whoever runs the tests."""
    import os

    os.environ["NEWSIDX_CACHE"] = str(tmp_path_factory.mktemp("newsidx-cache"))


@pytest.fixture
def run() -> Callable[..., Result]:
    """Run the CLI in-process; returns click's Result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def invoke(*args: str, index: Path | None = None, stdin: bytes | None = None) -> Result:
        full = (["--index", str(index)] if index is not None else []) + list(args)
        return runner.invoke(cli, full, catch_exceptions=False, input=stdin)

    return invoke


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of seeds/, built once per test session."""
    location = tmp_path_factory.mktemp("seed-index")
    result = CliRunner().invoke(cli, ["--index", str(location), "index", str(SEEDS), "--quiet"])
    assert result.exit_code == 0, result.output
    return location


def stores(location: Path) -> tuple[Path, int]:
    """The folder of the derived stores searches read, and its generation (from the manifest)."""
    from search.store import manifest

    current = manifest.read(location)
    assert current is not None, f"no manifest in {location}"
    return current.path(location), current.generation


def merge_all(counts: object, deletions: object) -> int | None:
    """A `whoosh_index.merge_start` that merges every segment after each run (those with
    deleted documents too: the articles are renumbered and every store rebuilt)."""
    return 0 if len(counts) > 1 else None  # type: ignore[arg-type]


def index_records(folder: Path, records: list[dict[str, object]], **options: object) -> Path:
    """The index (``folder``/index) of one JSON Lines file of ``records`` (``folder``/data),
    built with `index_paths` and ``options``: the one factory of small test indexes."""
    import json

    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    return index_lines(folder, lines, name="records.jsonl", **options)[1]


def index_lines(
    folder: Path, text: str, *, name: str = "a.jsonl", **options: object
) -> tuple[Path, Path]:
    """A data folder (``folder``/data) holding ``text`` as the file ``name``, and its index
    (``folder``/index) built from the folder: for tests that change the data and index again."""
    from search.indexing import index_paths

    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    (data / name).write_text(text, "utf-8")
    location = folder / "index"
    index_paths([str(data)], location=location, **options)  # type: ignore[arg-type]
    return data, location


def record_line(i: int, **extra: object) -> str:
    """The JSON Lines record of article ``i`` of the small shared corpus (oil stories; odd
    ones name Vladimir Putin and Russia, even ones Joe Biden and the US)."""
    import json

    base = {
        "id": f"r{i}",
        "title": f"Story {i} about oil",
        "body": f"Oil prices moved on day {i}. Traders in Vienna watched OPEC.",
        "published": f"2024-0{1 + i % 3}-1{i}",
        "persons": ["Vladimir Putin"] if i % 2 else ["Joe Biden"],
        "countries": [{"code": "RU", "name": "Russia"}] if i % 2 else ["US"],
        "orgs": ["OPEC"],
        "source": "wire",
    }
    base.update(extra)
    return json.dumps(base)


def write_lines(folder: Path, name: str, lines: list[str]) -> Path:
    """``folder``/``name`` holding ``lines``, one per line."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_warc(path: Path, pages: list[tuple[str, str]], *, gz: bool) -> None:
    """A web archive of ``pages`` (URI, HTML) as responses, with a request and an image."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    def record(uri: str, kind: str, body: bytes, headers: StatusAndHeaders) -> None:
        made = writer.create_warc_record(
            uri, kind, payload=BytesIO(body), length=len(body), http_headers=headers
        )
        writer.write_record(made)

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz)
        for uri, html in pages:
            request = StatusAndHeaders("GET / HTTP/1.1", [], is_http_request=True)
            record(uri, "request", b"", request)
            html_type = [("Content-Type", "text/html; charset=utf-8")]
            record(
                uri, "response", html.encode(), StatusAndHeaders("200 OK", html_type, "HTTP/1.1")
            )
        png = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], "HTTP/1.1")
        record("https://example.org/logo.png", "response", b"\x89PNG", png)
