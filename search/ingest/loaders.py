"""Find and read inputs: files and folders of .txt, .html/.htm, .jsonl and WARC archives, each
optionally .gz."""

from __future__ import annotations

import codecs
import gzip
import hashlib
import json
import os
import re
import stat
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from search.errors import InputError
from search.models import Country, Entities, Fields, RawDocument

TEXT_SUFFIXES = {".txt": "text", ".text": "text", ".md": "text"}
HTML_SUFFIXES = {".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html"}
RECORD_SUFFIXES = {".jsonl": "record", ".ndjson": "record"}
ARCHIVE_SUFFIXES = {".warc": "warc"}  # web archives: their HTML responses
KINDS = {**TEXT_SUFFIXES, **HTML_SUFFIXES, **RECORD_SUFFIXES, **ARCHIVE_SUFFIXES}
MANY = frozenset(("record", "warc"))  # kinds of file holding many articles, each `file#mark`

MAX_FILE_BYTES = 64 * 1024 * 1024  # larger files are skipped, not read
MAX_PAGE_CHARS = 8 * 1024 * 1024  # larger pages are cut after scripts and styles are dropped
MAX_RECORD_BYTES = 16 * 1024 * 1024  # a longer JSON Lines line is skipped with a reason
MAX_INPUT_BYTES = 8 * 1024 * 1024 * 1024  # a JSON Lines file is not read past this (expanded)
MAX_EXPANSION = 100  # a .gz expanding more than this many times its size is a bomb, not text
_EXPANSION_CHECKED_AFTER = 16 * 1024 * 1024  # expanded bytes before the ratio is checked
READ_BLOCK = 1024 * 1024

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
ReadFn = Callable[[int], None]  # bytes of input read


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
        elif path.exists() or path.is_symlink():
            yield path  # not a regular file (a FIFO, a device): `load` says so
        else:
            raise InputError(str(given), "no such file or folder")


def load(
    path: Path,
    *,
    warn: WarnFn | None = None,
    known: Mapping[str, str] | None = None,
    on_read: ReadFn | None = None,
) -> Iterator[RawDocument]:
    """Read one file into raw documents (one, or one per JSON Lines record).

    ``known``: path → content hash of what is indexed; a JSON Lines record whose line hashes
    as known is not parsed — a document with no content stands for it (`unchanged`).
    ``on_read``: told how many bytes of the file (as stored: compressed for .gz) were read.
    Raises InputError with a one-line reason for files that cannot be articles.
    """
    kind = kind_of(path) or "text"
    shown = _shown(path)
    _check_readable(path, shown)
    if kind == "record":
        yield from _load_records(path, warn=warn, known=known or {}, on_read=on_read)
        return
    if kind == "warc":
        yield from _load_archive(path, warn=warn, known=known or {}, on_read=on_read)
        return
    data = _read_bytes(path, MAX_FILE_BYTES)
    if on_read is not None:
        on_read(path.stat().st_size)
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


def _shown(path: Path) -> str:
    """The path as it can be printed (a name that is not UTF-8 shows replacement marks)."""
    return os.fsencode(path).decode("utf-8", "replace")


def _check_readable(path: Path, shown: str) -> None:
    """Refuse what is not a regular file with a UTF-8 name before opening it: a FIFO would
    block the run for ever, a device (`/dev/zero`) never ends."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(shown, "file name is not valid UTF-8; rename the file") from None
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise InputError(shown, f"cannot read: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(mode):
        raise InputError(shown, "not a regular file (a FIFO, device or socket)")


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


def _utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" for UTF-16 text without a byte-order mark (mostly Latin
    script: one of each pair of bytes is nearly always zero, the other nearly never), else None."""
    head = data[: 8192 - 8192 % 2]
    pairs = len(head) // 2
    if pairs < 8:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > 0.6 * pairs and even < 0.02 * pairs:
        return "utf-16-le"
    if even > 0.6 * pairs and odd < 0.02 * pairs:
        return "utf-16-be"
    return None


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any encoding we read (NULs without a UTF-16/32 BOM)."""
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS) or _utf16_without_bom(head):
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
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return data.decode(utf16, errors="replace")
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


def _load_archive(
    path: Path, *, warn: WarnFn | None, known: Mapping[str, str], on_read: ReadFn | None = None
) -> Iterator[RawDocument]:
    """The HTML responses of a WARC archive (``.warc``, ``.warc.gz``; read by warcio), each as
    an HTML page whose URL is the record's target URI and whose path is the archive's path and
    that URI (``crawl.warc.gz#https://example.org/a``: an archive written again keeps it).
    Other records (requests, metadata, images, scripts) are passed over; a response too large
    or undecodable is skipped with a reason."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    shown = _shown(path)
    resolved = str(path.resolve())
    pages = done = 0
    try:
        with path.open("rb") as handle:
            records = ArchiveIterator(handle)
            for record in records:
                if on_read is not None:
                    on_read(handle.tell() - done)
                    done = handle.tell()
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                kind = (record.http_headers.get_header("Content-Type") or "").lower()
                if "html" not in kind:
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or None
                mark = uri or record.rec_headers.get_header("WARC-Record-ID") or "record"
                where = f"{resolved}#{mark.strip('<>')}"
                data = record.content_stream().read(MAX_FILE_BYTES + 1)
                if len(data) > MAX_FILE_BYTES:
                    if warn is not None:
                        warn(f"{shown}: {uri}: skipped: larger than {MAX_FILE_BYTES:,} bytes")
                    continue
                digest = hashlib.sha1(data).hexdigest()
                pages += 1
                if known.get(where) == digest:
                    yield unchanged(where, digest)
                    continue
                try:
                    content = decode(data, html=True, path=f"{shown}: {uri}")
                except InputError as exc:
                    if warn is not None:
                        warn(f"{shown}: {uri}: skipped: {exc.reason}")
                    continue
                if len(content) > MAX_PAGE_CHARS:
                    content = _SCRIPT_STYLE.sub(" ", content)[:MAX_PAGE_CHARS]
                yield RawDocument(
                    path=where, content=content, kind="html", content_hash=digest, url=uri
                )
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as exc:
        raise InputError(shown, f"cannot read past HTML response {pages}: {exc}") from exc
    if pages == 0:
        raise InputError(shown, "no HTML response in this web archive")


def unchanged(path: str, content_hash: str) -> RawDocument:
    """What stands for a record indexed as it is: its path and hash, nothing to clean."""
    return RawDocument(path=path, content="", kind="unchanged", content_hash=content_hash)


def _load_records(
    path: Path, *, warn: WarnFn | None, known: Mapping[str, str], on_read: ReadFn | None = None
) -> Iterator[RawDocument]:
    shown = _shown(path)
    try:
        handle = _open(path)
    except OSError as exc:
        raise InputError(shown, f"cannot read: {exc}") from exc
    with handle:
        yield from records_from(
            handle,
            str(path.resolve()),
            shown=shown,
            warn=warn,
            known=known,
            on_read=on_read,
            packed=path.stat().st_size if path.suffix.lower() == ".gz" else 0,
        )


STDIN = "<stdin>"  # the path of records read from standard input (`newsidx index -`)


def records_from(
    handle: Any,
    resolved: str,
    *,
    shown: str,
    warn: WarnFn | None,
    known: Mapping[str, str],
    on_read: ReadFn | None = None,
    packed: int = 0,
) -> Iterator[RawDocument]:
    """The records of an open JSON Lines stream (a file, or standard input as STDIN), each
    with the path ``resolved#L<line>``; ``packed``: the compressed size of a .gz file."""
    good = 0
    try:
        for lineno, line in _lines(handle, shown, on_read, packed=packed):
            if line is None:
                if warn is not None:
                    warn(f"{shown}:{lineno}: skipped: longer than {MAX_RECORD_BYTES:,} bytes")
                continue
            where = f"{resolved}#L{lineno}"
            if where in known:
                digest = hashlib.sha1(line).hexdigest()
                if known[where] == digest:
                    good += 1
                    yield unchanged(where, digest)
                    continue
            try:
                doc = record_to_document(line, path=where)
            except InputError as exc:
                if warn is not None:
                    warn(f"{shown}:{lineno}: skipped: {exc.reason}")
                continue
            good += 1
            yield doc
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise InputError(shown, f"cannot read past record {good}: {exc}") from exc
    if good == 0:
        raise InputError(shown, "no usable JSON Lines record")


_LINE = re.compile(rb"[^\n]+")


def _lines(
    handle: Any, shown: str, on_read: ReadFn | None = None, *, packed: int = 0
) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) of each non-blank line of a JSON Lines file, None for a line over
    MAX_RECORD_BYTES (read through, never held); InputError once the file expands past
    MAX_INPUT_BYTES, or a .gz past MAX_EXPANSION times its size. Read in blocks and scanned
    by a regular expression, so a gigabyte of empty lines costs seconds, not minutes."""
    read = lineno = 0  # lineno: lines completed before the current block
    pending, overlong = b"", False
    stored = 0  # bytes of the file as stored read so far (compressed ones for .gz)
    while True:
        block = handle.read(READ_BLOCK)
        if not block:
            break
        read += len(block)
        _check_size(read, packed, shown)
        if on_read is not None:
            now = handle.fileobj.tell() if packed else read  # GzipFile: the compressed file
            on_read(now - stored)
            stored = now
        buffer = pending + block
        cut = buffer.rfind(b"\n") + 1
        complete, pending = buffer[:cut], buffer[cut:]
        at = newlines = 0  # where the scan stands, newlines before it
        if overlong and complete:  # the first line here ends one begun in an earlier block
            overlong = False
            yield lineno + 1, None
            at, newlines = complete.index(b"\n") + 1, 1
        for match in _LINE.finditer(complete, at):
            newlines += complete.count(b"\n", at, match.start())
            at = match.start()
            line = match.group() + b"\n"  # as a line reads (its hash identifies the record)
            if len(line) > MAX_RECORD_BYTES:
                yield lineno + newlines + 1, None
            elif line.strip():
                yield lineno + newlines + 1, line
        lineno += complete.count(b"\n")
        if len(pending) > MAX_RECORD_BYTES:
            pending, overlong = b"", True  # the rest of this line is read through, not kept
    if overlong or pending.strip():
        yield lineno + 1, None if overlong else pending


def _check_size(read: int, packed: int, shown: str) -> None:
    if read > MAX_INPUT_BYTES:
        raise InputError(shown, f"not read past {MAX_INPUT_BYTES:,} bytes")
    if packed and read > _EXPANSION_CHECKED_AFTER and read > MAX_EXPANSION * packed:
        raise InputError(
            shown,
            f"expands to more than {MAX_EXPANSION} times its {packed:,} bytes "
            "(a compression bomb?); not read further",
        )


_BODY_KEYS = ("body", "text", "content", "articleBody")
_DATE_KEYS = ("published", "date", "published_at", "datePublished")


def record_to_document(line: bytes | str, *, path: str) -> RawDocument:
    """One JSON Lines record as a raw document; entities it carries are kept as given."""
    raw = line if isinstance(line, bytes) else line.encode("utf-8")
    try:
        obj = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(path, f"not JSON ({exc.__class__.__name__})") from exc
    except RecursionError:
        raise InputError(path, "JSON nested too deeply") from None
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
        # the record as parsed decides: a file written again with other escapes, spacing or
        # key order changes nothing (the line's own hash skips parsing when it is unchanged)
        content_hash=hashlib.sha1(
            json.dumps(obj, sort_keys=True, ensure_ascii=False).encode("utf-8")
        ).hexdigest(),
        raw_hash=hashlib.sha1(raw).hexdigest(),
        url=_str_or_none(obj.get("url")),
        title=_str_or_none(obj.get("title")),
        published=published,
        source=_str_or_none(obj.get("source")),
        record_id=None if record_id is None else str(record_id),
        given_entities=_given_entities(obj, path),
        fields=keyword_fields(obj),
    )


# A record's other fields become keyword fields (`category`, `topics`): named like this, not
# like a field newsidx has, each a short string or a list of them.
_FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_KNOWN_KEYS = frozenset(
    ("id", "title", "html", "url", "source", "path", "persons", "countries", "orgs", "about")
    + _BODY_KEYS
    + _DATE_KEYS
)
MAX_FIELDS = 16  # per record
MAX_FIELD_VALUES = 64
MAX_VALUE_CHARS = 200  # longer strings are text, not keywords


def keyword_fields(obj: dict[str, Any]) -> Fields:
    """The keyword fields of a record: string or list-of-strings values of keys newsidx does
    not read otherwise (lower-cased names; others, numbers and long texts are left out)."""
    from search import schema

    out: list[tuple[str, tuple[str, ...]]] = []
    for key, value in obj.items():
        name = key.lower() if isinstance(key, str) else ""
        if key in _KNOWN_KEYS or not _FIELD_NAME.match(name) or name in schema.RESERVED:
            continue
        items = value if isinstance(value, list) else [value]
        values = tuple(
            dict.fromkeys(
                v.strip()
                for v in items[:MAX_FIELD_VALUES]
                if isinstance(v, str) and v.strip() and len(v) <= MAX_VALUE_CHARS
            )
        )
        if values and all(isinstance(v, str) for v in items):
            out.append((name, values))
        if len(out) == MAX_FIELDS:
            break
    return tuple(out)


def _str_or_none(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def _given_entities(obj: dict[str, Any], path: str) -> Entities | None:
    """The entities a record carries: each field a string (one value) or a list of them;
    countries also as {"code", "name"} objects. Anything else is refused with a reason."""
    if not any(k in obj for k in ("persons", "countries", "orgs", "about")):
        return None
    return Entities(
        persons=_strings(obj, "persons", path),
        countries=tuple(_country(v, path) for v in _items(obj, "countries", path)),
        orgs=_strings(obj, "orgs", path),
        about=tuple(_country(v, path).code for v in _items(obj, "about", path)),
    )


def _items(obj: dict[str, Any], key: str, path: str) -> list[Any]:
    value = obj.get(key)
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [v for v in items if not (isinstance(v, str) and not v.strip())]


def _strings(obj: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
    items = _items(obj, key, path)
    for item in items:
        if not isinstance(item, str):
            raise InputError(
                path, f"{key!r} must be a string or a list of strings, not {_kind(item)}"
            )
    return tuple(dict.fromkeys(v.strip() for v in items))


def _country(item: Any, path: str) -> Country:
    """A country given as a code or name (`"FR"`, `"France"`) or as {"code": "FR", "name": ...}."""
    from search.entities import countries

    if isinstance(item, dict) and isinstance(item.get("code"), str) and item["code"].strip():
        code = item["code"].strip().upper()
        name = item.get("name")
        found = countries.resolve_filter(code)
        if found is not None:
            return found
        return Country(code, name.strip() if isinstance(name, str) and name.strip() else code)
    if isinstance(item, str):
        found = countries.resolve_filter(item)
        if found is None:
            raise InputError(path, f"unknown country {item.strip()!r} (give an ISO code or name)")
        return found
    raise InputError(
        path, f'a country must be a code, a name or {{"code", "name"}}, not {_kind(item)}'
    )


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", bool: "true/false", int: "a number"}
    return names.get(type(value), "a number" if isinstance(value, float) else "null")
