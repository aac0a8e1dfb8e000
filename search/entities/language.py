"""Which language an article is written in: py3langid's model (shipped in the package, no
download), limited to the languages news is commonly written in, so that a short or odd text
is not read as a rare language.

The package ships its model LZMA-compressed, and unpacking it takes 0.7 s — most of what an
index run that adds one article may spend. So the model limited to LANGUAGES is kept
unpacked in the user's cache folder (``$NEWSIDX_CACHE``, else ``$XDG_CACHE_HOME/newsidx``,
else ``~/.cache/newsidx``; 53 MB) the first time it is unpacked, named by py3langid's version
and the languages, and read from there in about a tenth of the time; when the folder cannot be
written, the package's model is unpacked every time, as before."""

from __future__ import annotations

import hashlib
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

# ISO 639-1 codes the detector may answer (py3langid knows some 150; rare ones such as Ligurian or
# Volapük would otherwise win on short English snippets full of names).
LANGUAGES = tuple(
    """af ar az be bg bn bs ca cs cy da de el en eo es et eu fa fi fr ga gl he hi hr hu hy id
    is it ja ka kk ko lt lv mk ml mn mr ms mt nl nn no pa pl ps pt ro ru sk sl sq sr sv sw
    ta te th tl tr uk ur uz vi zh""".split()
)
MIN_LETTERS = 60  # fewer letters of running text than this: too little to tell, "" (unknown)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
SAMPLE_CHARS = 300  # of running text: enough to tell (89 of 89 aeb pages), ~0.17 ms an article


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    unpacked = cache_file()
    if unpacked is not None and unpacked.exists():
        try:
            return _read_unpacked(unpacked)
        except Exception:  # noqa: BLE001 - a damaged or foreign file: unpack the package's again
            pass
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    if unpacked is not None:
        _write_unpacked(unpacked, identifier)
    return identifier


def cache_file() -> Path | None:
    """Where the unpacked model is kept (None: py3langid's version is unknown)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("py3langid")
    except PackageNotFoundError:
        return None
    folder = os.environ.get("NEWSIDX_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "newsidx"
    )
    chosen = hashlib.sha1(" ".join(LANGUAGES).encode()).hexdigest()[:12]
    return Path(folder) / f"py3langid-{release}-{chosen}.npz"


def _write_unpacked(path: Path, identifier: Any) -> None:
    """Keep the limited model unpacked (atomically; nothing when the folder is not writable)."""
    import numpy as np

    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as out:
            np.savez(
                out,
                ptc=identifier.nb_ptc,
                pc=identifier.nb_pc,
                classes=np.array(identifier.nb_classes),
                nextmove=np.frombuffer(
                    identifier.tk_nextmove, dtype=f"u{_size(identifier.tk_nextmove)}"
                ),
                row=np.frombuffer(identifier.tk_row, dtype=f"u{_size(identifier.tk_row)}"),
                output=np.array(identifier.tk_output, dtype=np.int64),
            )
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


def _size(values: Any) -> int:
    return int(values.itemsize)


def _read_unpacked(path: Path) -> Any:
    from array import array

    import numpy as np
    from py3langid.langid import LanguageIdentifier

    def stdlib(values: Any) -> array:  # type: ignore[type-arg]
        out = array({2: "H", 4: "I", 8: "L"}[values.dtype.itemsize])
        out.frombytes(values.tobytes())
        return out

    with np.load(path, allow_pickle=False) as data:
        return LanguageIdentifier(
            data["ptc"],
            data["pc"],
            data["classes"].tolist(),
            stdlib(data["nextmove"]),
            data["output"].tolist(),
            norm_probs=True,
            tk_row=stdlib(data["row"]),
        )


def running_text(text: str) -> str:
    """The words of ``text`` that are not capitalised: names (`Ajax Amsterdam`, `Legia
    Warsaw`) say nothing of the language a results table or a list of people is written in,
    function words do. Scripts without case (CJK, Arabic) keep every word."""
    return " ".join(w for w in _WORD.findall(text[: 4 * SAMPLE_CHARS]) if not w[0].isupper())


def detect(text: str) -> str:
    """The ISO 639-1 code of the text's language, or "" when there is too little running
    text to tell."""
    sample = running_text(text)[:SAMPLE_CHARS]
    if sum(len(w) for w in sample.split()) < MIN_LETTERS:
        return ""
    code, _ = _identifier().classify(sample)
    return str(code)


_ADDRESS = re.compile(r"^[a-z][a-z0-9+.-]*://(?P<host>[^/?#:]+)(?::\d+)?(?P<path>/[^?#]*)?", re.I)
_PATH_LANGUAGE = re.compile(r"^/([a-z]{2})(?:[-_][a-z]{2})?/", re.I)


@cache
def _domain_languages() -> dict[str, str]:
    from search.entities import vocabulary

    return {domain: code for domain, code in vocabulary.rows("address_languages.tsv")}


def from_address(url: str | None) -> str:
    """The language a page's address says it is in, or "": a language code as the path's
    first segment (`/de/`, `/fr-fr/`), else the country domain of a country with one main
    language (`address_languages.tsv`). An archive's address (`web.archive.org/web/.../
    https://site.de/...`) is read as the page it keeps."""
    if not url:
        return ""
    inner = url.rfind("://")
    start = url.rfind("http", 0, inner) if inner > 0 else -1
    match = _ADDRESS.match(url[start:] if start > 0 else url)
    if match is None:
        return ""
    segment = _PATH_LANGUAGE.match(match.group("path") or "")
    if segment and segment.group(1).lower() in LANGUAGES:
        return segment.group(1).lower()
    host = match.group("host").lower().rstrip(".")
    return _domain_languages().get(host.rsplit(".", 1)[-1], "")
