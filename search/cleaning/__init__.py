"""Turn a raw document into a clean article: title, body paragraphs and metadata."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

from search.cleaning.html import split_html
from search.cleaning.templates import SiteTemplates, learn
from search.cleaning.text import split_text
from search.models import Article, RawDocument

__all__ = ["SiteTemplates", "article_id", "clean", "learn", "normalise_date"]

_DATE_FORMATS = ("%d-%b-%Y %H:%M:%S.%f", "%d-%b-%Y %H:%M:%S", "%d %B %Y", "%B %d, %Y", "%b %d, %Y")
_ISO_PREFIX = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?")


def normalise_date(value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) from the usual ways dates are written, or None."""
    if not value:
        return None
    value = value.strip()
    match = _ISO_PREFIX.match(value)
    if match:
        year, month, day = match.group(1), match.group(2), match.group(3) or "01"
        try:
            return datetime(int(year), int(month), int(day)).date().isoformat()
        except ValueError:
            return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _source_of(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


def article_id(raw: RawDocument, url: str | None) -> str:
    """An article's id: its URL when known, else the record's own id, else its path."""
    return url or raw.url or raw.record_id or raw.path


_A_WORD = re.compile(r"\w")


def clean(raw: RawDocument, *, templates: SiteTemplates | None = None) -> Article:
    """Clean one raw document; ``templates`` are site template lines learnt from the batch."""
    url, published, byline, source, language = raw.url, raw.published, None, raw.source, None
    if raw.kind == "html":
        parts = split_html(raw.content, url=raw.url)
        title, paragraphs = parts.title, parts.paragraphs
        url = parts.url or url  # the page's canonical URL before the one it was fetched at
        published = published or parts.published
        byline = parts.byline
        source = source or parts.source
    elif raw.kind == "record":
        title = raw.title or ""
        paragraphs = tuple(p.strip() for p in raw.content.split("\n") if p.strip())
    else:
        template = templates.for_doc(raw) if templates is not None else frozenset()
        text_parts = split_text(raw.content, template=template)
        title, paragraphs = text_parts.title, text_parts.paragraphs
    if raw.kind != "record":
        # a paragraph of signs alone is a rule between blocks (`━━━━━━`, `* * *`), no text
        paragraphs = tuple(p for p in paragraphs if _A_WORD.search(p))
    if raw.title and raw.kind != "record":
        title = raw.title
    return Article(
        id=article_id(raw, url),
        path=raw.path,
        title=title,
        body="\n\n".join(paragraphs),
        content_hash=raw.content_hash,
        url=url,
        published=normalise_date(published),
        byline=byline,
        source=source or _source_of(url),
        language=language,
        given_entities=raw.given_entities,
        fields=raw.fields,
    )
