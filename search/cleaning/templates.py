"""Learn a site's template from the corpus: lines that recur across many pages of one site."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath
from urllib.parse import urlsplit

from search.models import RawDocument

MIN_PAGES = 3  # a site needs this many pages before its template is learnt
MIN_SHARE = 0.5  # a line on at least this share of a site's pages is template ...
MIN_REPEATS = 3  # ... and on at least this many of them
MAX_TEMPLATE_WORDS = 40  # long lines are content even when repeated (quoted statements)


def site_of(doc: RawDocument) -> str:
    """The site a page belongs to: its URL's host, else the folder it was saved in."""
    if doc.url:
        host = urlsplit(doc.url).hostname or ""
        if host:
            return host.removeprefix("www.")
    return str(PurePath(doc.path.split("#", 1)[0]).parent)


@dataclass(frozen=True)
class SiteTemplates:
    """Template lines per site; empty when too few pages of a site were seen."""

    lines: dict[str, frozenset[str]] = field(default_factory=dict)

    def for_doc(self, doc: RawDocument) -> frozenset[str]:
        return self.lines.get(site_of(doc), frozenset())


def learn(docs: Iterable[RawDocument]) -> SiteTemplates:
    """Count each line once per page, per site; frequent short lines become the template."""
    pages: Counter[str] = Counter()
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in docs:
        if doc.kind != "text":
            continue
        site = site_of(doc)
        pages[site] += 1
        seen = {
            line.strip()
            for line in doc.content.splitlines()
            if line.strip() and len(line.split()) <= MAX_TEMPLATE_WORDS
        }
        counts[site].update(seen)
    learnt: dict[str, frozenset[str]] = {}
    for site, n in pages.items():
        if n < MIN_PAGES:
            continue
        threshold = max(MIN_REPEATS, math.ceil(n * MIN_SHARE))
        learnt[site] = frozenset(line for line, c in counts[site].items() if c >= threshold)
    return SiteTemplates(learnt)
