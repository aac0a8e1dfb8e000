"""Find and read inputs: files and folders of .txt, .html/.htm and .jsonl, each optionally .gz."""

from __future__ import annotations

import codecs
import gzip
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from search.errors import InputError
from search.models import Country, Entities, RawDocument

TEXT_SUFFIXES = {".txt": "text", ".text": "text", ".md": "text"}
HTML_SUFFIXES = {".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html"}
RECORD_SUFFIXES = {".jsonl": "record", ".ndjson": "record"}
KINDS = {**TEXT_SUFFIXES, **HTML_SUFFIXES, **RECORD_SUFFIXES}

MAX_FILE_BYTES = 64 * 1024 * 1024  # larger files are skipped, not read
MAX_PAGE_CHARS = 8 * 1024 * 1024  # larger pages are cut after scripts and styles are dropped

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
LATIN_CODEPAGES = frozenset(
    """cp1250 cp1252 cp1254 cp1257 cp850 cp437 latin_1 iso8859_2 iso8859_3 iso8859_4 iso8859_9
    iso8859_10 iso8859_13 iso8859_14 iso8859_15 iso8859_16 mac_latin2 mac_roman mac_iceland
    mac_turkish""".split()
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_SCRIPT_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.I | re.S)

WarnFn = Callable[[str], None]


def kind_of(path: Path) -> str | None:
    """The input kind a file name announces ("html", "text", "record"), or None if unsupported."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return KINDS.get(suffixes[-1]) if suffixes else None


def discover(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Every supported file under the given files and folders, in a stable order.

    A path that does not exist raises InputError; a file given by name is read whatever
    its suffix (as text unless it says otherwise), files found in folders only by suffix.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    child = Path(root) / name
                    if not name.startswith(".") and kind_of(child):
                        yield child
        elif path.is_file():
            yield path
        else:
            raise InputError(str(given), "no such file or folder")


def load(path: Path, *, warn: WarnFn | None = None) -> Iterator[RawDocument]:
    """Read one file into raw documents (one, or one per JSON Lines record).

    Raises InputError with a one-line reason for files that cannot be articles.
    """
    kind = kind_of(path) or "text"
    shown = str(path)
    if kind == "record":
        yield from _load_records(path, warn=warn)
        return
    data = _read_bytes(path, MAX_FILE_BYTES)
    content = decode(data, html=kind == "html", path=shown)
    if kind == "html" and len(content) > MAX_PAGE_CHARS:
        content = _SCRIPT_STYLE.sub(" ", content)[:MAX_PAGE_CHARS]
    if not content.strip():
        raise InputError(shown, "empty file")
    yield RawDocument(
        path=str(path.resolve()),
        content=content,
        kind=kind,
        content_hash=hashlib.sha1(data).hexdigest(),
    )


def _open(path: Path) -> Any:
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rb")
    return path.open("rb")


def _read_bytes(path: Path, limit: int) -> bytes:
    shown = str(path)
    try:
        if path.suffix.lower() != ".gz" and path.stat().st_size > limit:
            raise InputError(shown, f"file too large ({path.stat().st_size:,} bytes > {limit:,})")
        with _open(path) as handle:
            data: bytes = handle.read(limit + 1)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise InputError(shown, f"cannot read: {exc}") from exc
    if len(data) > limit:
        raise InputError(shown, f"file too large (more than {limit:,} bytes)")
    return data


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any encoding we read (NULs without a UTF-16/32 BOM)."""
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return bool(head) and controls / len(head) > 0.05


def decode(data: bytes, *, html: bool = False, path: str = "<bytes>") -> str:
    """Decode bytes honouring a BOM, then a declared HTML charset, then UTF-8, then detection."""
    if looks_binary(data):
        raise InputError(path, "binary file, not text")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if html:
        match = _META_CHARSET.search(data[:4096])
        if match:
            declared = match.group(1).decode("ascii", "ignore")
            try:
                codecs.lookup(declared)
            except LookupError:
                pass
            else:
                # Pages declaring latin-1 are nearly always cp1252 (browsers treat them so).
                if codecs.lookup(declared).name in {"latin-1", "iso8859-1"}:
                    declared = "cp1252"
                try:
                    return data.decode(declared)
                except UnicodeDecodeError:
                    pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # imported here: only odd files need it

    best = from_bytes(data[:262144]).best()
    encoding = best.encoding if best is not None else "cp1252"
    # Latin code pages are ambiguous to a detector; the common one wins when it fits.
    if encoding in LATIN_CODEPAGES:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    return data.decode(encoding, errors="replace")


def _load_records(path: Path, *, warn: WarnFn | None) -> Iterator[RawDocument]:
    shown = str(path)
    try:
        handle = _open(path)
    except OSError as exc:
        raise InputError(shown, f"cannot read: {exc}") from exc
    resolved = str(path.resolve())
    good = 0
    with handle:
        try:
            for lineno, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    doc = record_to_document(line, path=f"{resolved}#L{lineno}")
                except InputError as exc:
                    if warn is not None:
                        warn(f"{shown}:{lineno}: skipped: {exc.reason}")
                    continue
                good += 1
                yield doc
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            raise InputError(shown, f"cannot read past record {good}: {exc}") from exc
    if good == 0:
        raise InputError(shown, "no usable JSON Lines record")


_BODY_KEYS = ("body", "text", "content", "articleBody")
_DATE_KEYS = ("published", "date", "published_at", "datePublished")


def record_to_document(line: bytes | str, *, path: str) -> RawDocument:
    """One JSON Lines record as a raw document; entities it carries are kept as given."""
    raw = line if isinstance(line, bytes) else line.encode("utf-8")
    try:
        obj = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(path, f"not JSON ({exc.__class__.__name__})") from exc
    if not isinstance(obj, dict):
        raise InputError(path, "record is not a JSON object")
    html = obj.get("html")
    body = next((obj[k] for k in _BODY_KEYS if isinstance(obj.get(k), str)), None)
    if isinstance(html, str) and html.strip():
        kind, content = "html", html
    elif body is not None and (body.strip() or str(obj.get("title") or "").strip()):
        kind, content = "record", body
    else:
        raise InputError(path, "record has no body, text or html")
    published = next((str(obj[k]) for k in _DATE_KEYS if obj.get(k)), None)
    record_id = obj.get("id")
    return RawDocument(
        path=str(obj.get("path") or path),
        content=content,
        kind=kind,
        content_hash=hashlib.sha1(raw).hexdigest(),
        url=_str_or_none(obj.get("url")),
        title=_str_or_none(obj.get("title")),
        published=published,
        source=_str_or_none(obj.get("source")),
        record_id=None if record_id is None else str(record_id),
        given_entities=_given_entities(obj),
    )


def _str_or_none(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def _given_entities(obj: dict[str, Any]) -> Entities | None:
    if not any(k in obj for k in ("persons", "countries", "orgs")):
        return None
    countries: list[Country] = []
    for item in obj.get("countries") or ():
        if isinstance(item, dict) and item.get("code"):
            code = str(item["code"]).upper()
            countries.append(Country(code, str(item.get("name") or code)))
        elif isinstance(item, str) and item:
            countries.append(Country(item.upper(), item.upper()))
    return Entities(
        persons=tuple(str(p) for p in obj.get("persons") or () if p),
        countries=tuple(countries),
        orgs=tuple(str(o) for o in obj.get("orgs") or () if o),
        about=tuple(str(c).upper() for c in obj.get("about") or () if isinstance(c, str) and c),
    )
