"""The Whoosh schema, in one place."""

from __future__ import annotations

import zlib
from datetime import date
from typing import Any

SCHEMA_VERSION = 4
FACET_FIELDS = ("person", "country", "about", "org", "source", "language", "month")
# (month: of `published`; language: the ISO 639-1 code detected, `entities.language`)
TEXT_FIELDS = ("title", "body")
# The choices the services accept and the CLI offers (click's choices are built from these).
ENTITY_KINDS = ("person", "country", "org")  # what a name is, for views over one entity
SORTS = ("relevance", "newest", "oldest")
PERIODS = ("day", "week", "month", "year")  # timeline buckets
COOCCUR_ORDERS = ("lift", "count")
ALIAS_FIELDS = ("person", "org", "country", "source")  # `about` follows `country`
RETYPE_FIELDS = ("person", "org")  # a name can move between these kinds
# Names a record's own keyword fields may not take (`loaders.keyword_fields`): newsidx's.
RESERVED = frozenset(
    (
        *FACET_FIELDS,
        *TEXT_FIELDS,
        "id",
        "path",
        "url",
        "date",
        "published",
        "fields",
        "body_z",
        "added",
        "also",
        "body_hash",
        "raw_hash",
    )
)
FIELDS_FIELD = "fields"  # stored: a record's keyword fields, JSON {name: [values]}
ADDED_FIELD = "added"  # stored: the generation that wrote the article as it is now
ALSO_FIELD = "also"  # stored: the other paths the article was found at (copies, duplicates)
BODY_HASH_FIELD = "body_hash"  # stored: `body_hash` of the clean body
RAW_HASH_FIELD = "raw_hash"  # stored: the hash of a record's line as read (content_hash: parsed)
LATER_FIELDS = (FIELDS_FIELD, ADDED_FIELD, ALSO_FIELD, BODY_HASH_FIELD, RAW_HASH_FIELD)
DUPLICATE_MIN_CHARS = 200  # shorter bodies are not judged duplicates of each other
TITLE_BOOST = 2.5
# BM25F with quick term-frequency saturation: an article holding more of the query's words
# outranks one repeating a single word (measured in benchmarks/search_speed.py: MRR@10 of
# OR queries 0.64 with Whoosh's K1=1.2, 0.73 with 0.5; AND queries unchanged).
BM25_B, BM25_K1 = 0.75, 0.5
NO_DATE = 0  # date ordinals start at 1


def date_ordinal(published: str | None) -> int:
    """A stored publication date (ISO) as a day number (NO_DATE when unknown)."""
    try:
        return date.fromisoformat(published[:10]).toordinal() if published else NO_DATE
    except ValueError:
        return NO_DATE


def keyword_value(values: tuple[str, ...]) -> str:
    """Values joined for a comma-separated keyword field (commas inside a value become spaces)."""
    return ",".join(v.replace(",", " ").strip() for v in values if v.strip())


def keyword_values(stored: str | None) -> tuple[str, ...]:
    """The values of a stored comma-separated keyword field."""
    return tuple(v for v in (stored or "").split(",") if v)


def pack_body(body: str) -> bytes:
    """The stored form of an article body."""
    return zlib.compress(body.encode("utf-8"), 6)


def body_hash(body: str) -> str:
    """What makes two clean bodies the same article: their words, case and spacing aside
    (empty for bodies too short to tell, DUPLICATE_MIN_CHARS)."""
    import hashlib

    words = " ".join(body.split()).lower()
    if len(words) < DUPLICATE_MIN_CHARS:
        return ""
    return hashlib.sha1(words.encode("utf-8")).hexdigest()


def stored_body(stored: dict[str, Any]) -> str:
    """The body of an indexed article from its stored fields."""
    packed = stored.get("body_z")
    return zlib.decompress(packed).decode("utf-8") if packed else ""
