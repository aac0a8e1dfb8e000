"""Frozen dataclasses that cross module boundaries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Country:
    """An ISO 3166-1 alpha-2 code with its display name."""

    code: str
    name: str


@dataclass(frozen=True)
class Entities:
    """The people, countries and organisations one article mentions, each under one name.

    ``mentions`` maps each canonical value (person name, country code, org name) to the
    surface strings in the text that produced it; ``about`` names the salient countries
    (in the headline or lead, or mentioned again and again), as wire editors tag stories.
    """

    persons: tuple[str, ...] = ()
    countries: tuple[Country, ...] = ()
    orgs: tuple[str, ...] = ()
    mentions: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    about: tuple[str, ...] = ()  # codes of the countries the article is mainly about


Fields = tuple[tuple[str, tuple[str, ...]], ...]  # (name, values) of a record's keyword fields


@dataclass(frozen=True)
class RawDocument:
    """One input as read from disk, decoded to text but not yet cleaned."""

    path: str
    content: str
    kind: str  # "html", "text", "record" (a JSON Lines object already split in fields), or
    # "unchanged" (a record indexed as it is, not parsed: `loaders.unchanged`)
    content_hash: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    record_id: str | None = None
    given_entities: Entities | None = None
    fields: Fields = ()  # the record's other keyword fields (`category`, `topics`)
    raw_hash: str = ""  # of the bytes as read, when not the content hash (a JSON Lines line)


@dataclass(frozen=True)
class Article:
    """Clean article text and metadata: the cleaner's output."""

    id: str
    path: str
    title: str
    body: str
    content_hash: str
    url: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    byline: str | None = None
    source: str | None = None
    language: str | None = None
    given_entities: Entities | None = None
    fields: Fields = ()


@dataclass(frozen=True)
class Snippet:
    """A passage of an article with highlight offsets (start, end) into ``text``."""

    text: str
    highlights: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class WhyPart:
    """What one part of the query (a word, phrase or pattern) gave a hit."""

    part: str  # as --explain prints it
    score: float
    fields: tuple[str, ...]  # the text fields it matched in (title, body)
    words: tuple[str, ...] = ()  # the index terms found, for a pattern or fuzzy word


@dataclass(frozen=True)
class Why:
    """Why an article is a hit: the query parts it holds, with their score parts, and the
    filter values it carries."""

    parts: tuple[WhyPart, ...]
    filters: tuple[tuple[str, str], ...]  # (field, label)


@dataclass(frozen=True)
class Hit:
    """One ranked search result."""

    rank: int
    id: str
    score: float
    title: str
    path: str
    url: str | None
    published: str | None
    source: str | None
    snippets: tuple[Snippet, ...]
    persons: tuple[str, ...]
    countries: tuple[Country, ...]
    orgs: tuple[str, ...]
    language: str | None = None  # ISO 639-1 code, None when the text was too short to tell
    fields: Fields = ()
    why: Why | None = None  # with --why
    also: tuple[str, ...] = ()  # other paths the same article was found at (copies)
    similar: tuple[str, ...] = ()  # ids of the matching near-duplicates shown as this one


@dataclass(frozen=True)
class FacetCount:
    """How many matching documents carry one facet value."""

    value: str
    label: str
    count: int


@dataclass(frozen=True)
class SignificantTerm:
    """A facet value unusually frequent in the hits against the whole index."""

    value: str
    label: str
    hits: int  # hits carrying it
    articles: int  # articles of the index carrying it
    score: float  # JLH: (fg% - bg%) * fg% / bg%


@dataclass(frozen=True)
class Partial:
    """The best partial matches of an AND query nothing matches whole: the articles holding
    the most of its parts (words, phrases, groups), filters kept."""

    matched: int  # parts each of these articles holds
    parts: int  # parts of the query
    total: int
    hits: tuple[Hit, ...]


@dataclass(frozen=True)
class SearchResults:
    """Everything one search returns: the page of hits, the total and the facet counts."""

    query: str
    parsed: str
    total: int
    offset: int
    hits: tuple[Hit, ...]
    facets: dict[str, tuple[FacetCount, ...]] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    suggestion: str | None = None
    partial: Partial | None = None  # only when nothing matches the whole query
    significant: dict[str, tuple[SignificantTerm, ...]] = field(default_factory=dict)
    versions: int = 0  # matching articles not counted in ``total``: another's near-duplicate


@dataclass(frozen=True)
class UserAlias:
    """One line of the user's alias file."""

    field: str
    name: str
    target: str  # the name it is shown as; "" when dropped; the new kind when retyped
    action: str  # "merge", "drop" or "retype"


@dataclass(frozen=True)
class CoMention:
    """An entity seen in the same articles as another."""

    value: str
    label: str
    together: int  # articles with both
    articles: int  # articles with this one, among those searched
    lift: float  # together / expected if independent: > 1 more often than chance


@dataclass(frozen=True)
class Cooccurrence:
    """The entities most often beside one entity in the articles a query matches."""

    name: str  # the entity's label
    kind: str
    other: str  # the kind listed
    articles: int  # searched articles that mention the entity
    searched: int  # articles the query and filters match
    rows: tuple[CoMention, ...]


@dataclass(frozen=True)
class Series:
    """Article counts per period for one query."""

    query: str
    counts: tuple[int, ...]
    shares: tuple[float, ...] | None  # of all articles of the period (--normalise)
    total: int
    undated: int


@dataclass(frozen=True)
class Timeline:
    """Article counts per day, week, month or year, one series per query."""

    by: str
    periods: tuple[str, ...]
    series: tuple[Series, ...]


@dataclass(frozen=True)
class Profile:
    """Everything the index says about one entity."""

    name: str
    kind: str
    values: tuple[str, ...]  # the other values as indexed (lower case) shown under this name
    aliases: tuple[str, ...]  # the user's merges into it
    surface_forms: tuple[str, ...]  # as articles write it (from the newest articles)
    articles: int
    first_seen: str | None
    last_seen: str | None
    months: tuple[tuple[str, int], ...]  # articles per month, first to last seen
    co_mentions: tuple[CoMention, ...]
    sources: tuple[FacetCount, ...]
    countries: tuple[FacetCount, ...]


@dataclass(frozen=True)
class Mention:
    """One place an article names an entity."""

    kind: str  # person, org, country
    label: str  # as facets show it
    value: str  # as indexed
    written: str  # as the article writes it
    start: int  # offset in the body
    context: str


@dataclass(frozen=True)
class SavedSearch:
    """A search kept under a name, and when it last ran."""

    name: str
    options: dict[str, Any]  # SearchOptions fields that differ from the defaults
    last_run: float | None  # seconds since the epoch
