"""Reading inputs: kinds, encodings, bad files, JSON Lines records."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from conftest import write_warc

from search.errors import InputError
from search.ingest import loaders


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


def _record(**fields: object) -> str:
    return json.dumps({"id": "x", "title": "T", "body": "Body text.", **fields})


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"persons": 7}, "'persons' must be a string or a list of strings, not a number"),
        ({"persons": ["Ann Lee", {"n": 1}]}, "not an object"),
        ({"orgs": [["UN"]]}, "'orgs' must be a string or a list of strings, not a list"),
        ({"countries": 3.5}, "a country must be a code, a name"),
        ({"countries": [True]}, "not true/false"),
        ({"countries": ["Atlantis"]}, "unknown country 'Atlantis'"),
        ({"about": {"name": "France"}}, "a country must be a code"),
    ],
)
def test_records_with_entities_of_the_wrong_type_are_refused_with_a_reason(
    fields: dict[str, object], reason: str
) -> None:
    with pytest.raises(InputError) as caught:
        loaders.record_to_document(_record(**fields), path="r.jsonl#L1")
    assert reason in caught.value.reason


def test_a_string_is_one_value_and_a_country_object_is_read() -> None:
    doc = loaders.record_to_document(
        _record(persons="Vladimir Putin", countries={"code": "fr"}, about="Iraq", orgs="OPEC"),
        path="r.jsonl#L1",
    )
    given = doc.given_entities
    assert given is not None
    assert given.persons == ("Vladimir Putin",) and given.orgs == ("OPEC",)
    assert [c.code for c in given.countries] == ["FR"] and given.about == ("IQ",)


def test_deeply_nested_json_skips_the_record_not_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text("[" * 100_000 + "\n" + _record() + "\n")
    said: list[str] = []
    docs = list(loaders.load(path, warn=said.append))
    assert len(docs) == 1 and "nested too deeply" in said[0]


def test_an_overlong_line_is_skipped_without_being_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loaders, "MAX_RECORD_BYTES", 1000)
    path = tmp_path / "a.jsonl"
    path.write_text(_record(body="x" * 5000) + "\n" + _record(id="y") + "\n")
    said: list[str] = []
    docs = list(loaders.load(path, warn=said.append))
    assert [d.record_id for d in docs] == ["y"]
    assert said == [f"{path}:1: skipped: longer than 1,000 bytes"]


def test_a_compression_bomb_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loaders, "_EXPANSION_CHECKED_AFTER", 1 << 20)
    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wb") as handle:
        handle.write((_record() + "\n").encode())
        handle.write(b"\n" * (8 << 20))  # 8 MiB of blank lines from a few KiB
    with pytest.raises(InputError, match="expands to more than 100 times"):
        list(loaders.load(path))


def test_a_fifo_or_device_is_refused_not_read(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    (tmp_path / "zero.jsonl").symlink_to("/dev/zero")
    found = list(loaders.discover([tmp_path]))
    assert sorted(p.name for p in found) == ["pipe.jsonl", "zero.jsonl"]
    for path in found:
        with pytest.raises(InputError, match="not a regular file"):
            list(loaders.load(path))
    assert list(loaders.discover([fifo])) == [fifo]  # named directly: refused by load too


def test_a_file_name_that_is_not_utf8_is_refused_with_a_readable_reason(tmp_path: Path) -> None:
    import os

    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_text("A title\nA body sentence long enough to be prose here.\n")
    (found,) = loaders.discover([tmp_path])
    with pytest.raises(InputError) as caught:
        list(loaders.load(found))
    assert "not valid UTF-8" in caught.value.reason
    str(caught.value).encode("utf-8")  # printable


def test_utf16_without_a_byte_order_mark_is_text() -> None:
    text = "Ministers met in Vienna to talk about oil prices. Café. " * 5
    assert loaders.decode(text.encode("utf-16-le")) == text
    assert loaders.decode(text.encode("utf-16-be")) == text


def test_line_numbers_survive_blank_lines_and_block_edges(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loaders, "READ_BLOCK", 7)  # lines cross block edges
    monkeypatch.setattr(loaders, "MAX_RECORD_BYTES", 40)
    path = tmp_path / "a.jsonl"
    long = json.dumps({"id": "long", "body": "x" * 100})
    path.write_text("\n".join(["", _record(id="a"), "", "", long, _record(id="b"), "  "]) + "\n")
    monkeypatch.setattr(loaders, "MAX_RECORD_BYTES", 60)
    said: list[str] = []
    docs = list(loaders.load(path, warn=said.append))
    assert [(d.record_id, d.path.rsplit("#", 1)[1]) for d in docs] == [("a", "L2"), ("b", "L6")]
    assert said == [f"{path}:5: skipped: longer than 60 bytes"]


def test_a_record_hashes_as_parsed_and_its_line_as_read(tmp_path: Path) -> None:
    import hashlib

    line = _record(id="a")
    path = tmp_path / "a.jsonl"
    path.write_text(line + "\n" + _record(id="b"))  # the last line has no newline
    first, last = loaders.load(path)
    assert first.raw_hash == hashlib.sha1((line + "\n").encode()).hexdigest()
    assert last.raw_hash == hashlib.sha1(_record(id="b").encode()).hexdigest()
    record = json.loads(line)
    escaped = json.dumps(dict(reversed(list(record.items()))), ensure_ascii=True, indent=None)
    again = loaders.record_to_document(escaped.replace(": ", ":  "), path="x")
    assert again.content_hash == first.content_hash and again.raw_hash != first.raw_hash


def test_a_records_other_string_fields_become_keyword_fields() -> None:
    from search.ingest.loaders import keyword_fields

    record = {
        "id": "x",
        "title": "T",
        "body": "B",
        "category": "business",
        "Topics": ["oil", "gas", "oil", ""],
        "words": 345,  # not a string
        "notes": "x" * 500,  # text, not a keyword
        "mixed": ["a", 1],
        "persons": ["Vladimir Putin"],  # newsidx's own
        "month": "2024-01",  # a name newsidx uses
        "bad name": "v",
    }
    assert keyword_fields(record) == (("category", ("business",)), ("topics", ("oil", "gas")))


def test_a_record_indexed_as_it_is_is_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib

    from search.ingest import loaders as module

    lines = [json.dumps({"id": f"r{i}", "title": "T", "body": f"B {i}"}) + "\n" for i in range(3)]
    path = tmp_path / "a.jsonl"
    path.write_text("".join(lines))
    where = f"{path.resolve()}#L2"
    known = {where: hashlib.sha1(lines[1].encode()).hexdigest()}
    parsed: list[str] = []
    parse = module.record_to_document
    monkeypatch.setattr(
        module,
        "record_to_document",
        lambda line, path: parsed.append(path) or parse(line, path=path),
    )
    docs = list(module.load(path, known=known))
    assert [d.kind for d in docs] == ["record", "unchanged", "record"]
    assert docs[1].path == where and docs[1].content_hash == known[where]
    assert where not in parsed and len(parsed) == 2
    changed = {where: "another hash"}  # an edited line is parsed
    assert [d.kind for d in module.load(path, known=changed)] == ["record"] * 3


PAGE = (
    "<html><head><title>{title}</title>{canonical}</head><body><article><h1>{title}</h1>"
    "<p>The harbour at Bergen reopened on Monday after a long winter of repairs to the quays."
    "</p><p>Fishing boats returned at dawn and the harbour master said trade would recover."
    "</p></article></body></html>"
)


@pytest.mark.parametrize("gz", [False, True])
def test_a_web_archive_gives_its_html_responses_with_their_urls(tmp_path: Path, gz: bool) -> None:
    archive = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_warc(
        archive,
        [
            (
                "https://example.org/a?utm_source=feed",
                PAGE.format(
                    title="Harbour reopens",
                    canonical='<link rel="canonical" href="https://example.org/a">',
                ),
            ),
            ("https://example.org/b", PAGE.format(title="Boats return", canonical="")),
        ],
        gz=gz,
    )
    assert loaders.kind_of(archive) == "warc"
    read: list[int] = []
    docs = list(loaders.load(archive, on_read=read.append))
    assert [d.url for d in docs] == [
        "https://example.org/a?utm_source=feed",
        "https://example.org/b",
    ]
    assert [d.path for d in docs] == [f"{archive.resolve()}#{d.url}" for d in docs]
    assert all(d.kind == "html" for d in docs)
    assert sum(read) == archive.stat().st_size
    from search.cleaning import clean

    assert clean(docs[0]).id == "https://example.org/a"  # the canonical URL is the article


def test_a_web_archive_without_html_or_broken_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "images.warc"
    write_warc(empty, [], gz=False)
    with pytest.raises(InputError, match="no HTML response"):
        list(loaders.load(empty))
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(gzip.compress(b"WARC/1.0\r\nthis is not a record\r\n\r\n") + b"junk")
    with pytest.raises(InputError):
        list(loaders.load(broken))
