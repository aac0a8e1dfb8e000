"""Reading inputs: kinds, encodings, bad files, JSON Lines records."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from search import loaders
from search.errors import InputError


def test_kind_of_handles_gzip_and_unknown_suffixes() -> None:
    assert loaders.kind_of(Path("a.html.gz")) == "html"
    assert loaders.kind_of(Path("a.TXT")) == "text"
    assert loaders.kind_of(Path("a.jsonl")) == "record"
    assert loaders.kind_of(Path("a.pdf")) is None


def test_discover_walks_folders_in_order_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.html").write_text("a")
    (tmp_path / ".hidden.txt").write_text("h")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    assert [p.name for p in loaders.discover([tmp_path])] == ["a.html", "b.txt"]


def test_discover_missing_path_raises(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        list(loaders.discover([tmp_path / "missing"]))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Café crème".encode("utf-8-sig"), "Café crème"),
        ("Café crème".encode("utf-16"), "Café crème"),
        ("Café crème".encode(), "Café crème"),
        (
            ("Ça coûte 5 €, très cher — déjà vu. " * 20).encode("cp1252"),
            "Ça coûte 5 €, très cher — déjà vu. " * 20,
        ),
    ],
)
def test_decode_honours_boms_and_detects(data: bytes, expected: str) -> None:
    assert loaders.decode(data) == expected


def test_decode_honours_declared_html_charset() -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><body>Grüße</body></html>'
    assert "Grüße" in loaders.decode(page.encode("latin-1"), html=True)


def test_binary_and_empty_files_are_refused(tmp_path: Path) -> None:
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    empty = tmp_path / "empty.html"
    empty.write_text("   \n")
    with pytest.raises(InputError, match="binary"):
        list(loaders.load(binary))
    with pytest.raises(InputError, match="empty"):
        list(loaders.load(empty))


def test_gzip_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.txt.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("Hello world")
    (doc,) = loaders.load(path)
    assert doc.content == "Hello world" and doc.kind == "text"


def test_records_keep_given_entities_and_skip_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    lines = [
        json.dumps(
            {
                "id": "r1",
                "title": "T",
                "body": "Body text.",
                "persons": ["Ann Lee"],
                "countries": [{"code": "fr", "name": "France"}],
                "orgs": [],
            }
        ),
        "{not json",
        json.dumps({"id": "r2", "title": "No body"}),
        json.dumps(["a list"]),
        json.dumps({"url": "https://x.org/a", "body": "Plain.", "date": "2024-03-05T10:00"}),
    ]
    path.write_text("\n".join(lines) + "\n")
    warnings: list[str] = []
    docs = list(loaders.load(path, warn=warnings.append))
    assert [d.record_id for d in docs] == ["r1", None]
    assert docs[0].given_entities is not None
    assert docs[0].given_entities.countries[0].code == "FR"
    assert docs[1].given_entities is None and docs[1].url == "https://x.org/a"
    assert len(warnings) == 3 and all("export.jsonl:" in w for w in warnings)


def test_a_records_file_with_nothing_usable_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("{oops\n")
    with pytest.raises(InputError, match="no usable"):
        list(loaders.load(path))


def test_huge_html_pages_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loaders, "MAX_PAGE_CHARS", 1000)
    path = tmp_path / "big.html"
    path.write_text("<html><body><script>" + "x" * 5000 + "</script><p>Kept</p>" + "y" * 5000)
    (doc,) = loaders.load(path)
    assert len(doc.content) <= 1000 and "Kept" in doc.content


def test_too_large_files_are_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loaders, "MAX_FILE_BYTES", 100)
    path = tmp_path / "big.txt"
    path.write_text("word " * 100)
    with pytest.raises(InputError, match="too large"):
        list(loaders.load(path))
