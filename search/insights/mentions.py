"""Where an article names each entity: every occurrence of each form the extraction kept, with
the text around it, the value it was indexed as and the label facets show it under (after the
user's aliases)."""

from __future__ import annotations

import re
from pathlib import Path

from search import catalog
from search.models import Article, Entities, Mention
from search.store.opened import open_for_search

CONTEXT_CHARS = 60


def mentions(location: Path, article_id: str) -> tuple[Article, Entities, tuple[Mention, ...]]:
    """The article, its entities and every mention of them in its body, in reading order."""
    article, entities = catalog.show(location, article_id)
    store = open_for_search(location).store
    kinds = {name: "person" for name in entities.persons}
    kinds.update({name: "org" for name in entities.orgs if name not in kinds})
    countries = {c.code: c.name for c in entities.countries}
    body = article.body
    found: list[Mention] = []
    for key, forms in entities.mentions.items():
        kind = kinds.get(key) or ("country" if key in countries else None)
        if kind is None:
            continue
        label = countries[key] if kind == "country" else store.fields[kind].label(key)
        for form in sorted(set(forms), key=len, reverse=True):
            for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", body):
                if any(f.start <= m.start() < f.start + len(f.written) for f in found):
                    continue  # inside a longer form already listed (`Putin` in `Vladimir Putin`)
                before = body[max(0, m.start() - CONTEXT_CHARS) : m.start()]
                after = body[m.end() : m.end() + CONTEXT_CHARS]
                context = " ".join(f"{before}[{m.group(0)}]{after}".split())
                found.append(
                    Mention(kind, label or "(dropped)", key, m.group(0), m.start(), context)
                )
    return article, entities, tuple(sorted(found, key=lambda f: (f.start, f.kind)))
