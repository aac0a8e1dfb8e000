"""An indexed article as a `Hit`: its stored fields, entity labels as the facets show them,
and snippets around the query's words."""

from __future__ import annotations

from typing import Any

from search import schema
from search.models import Country, Hit
from search.query.filters import Vocab
from search.query.snippets import make_snippets
from search.store.facet_kinds import record_fields


def hit_from(
    stored: dict[str, Any],
    score: float,
    rank: int,
    vocab: Vocab,
    snippet_count: int,
    terms: frozenset[str] = frozenset(),
    phrases: tuple[tuple[tuple[str, ...], tuple[int, ...]], ...] = (),
) -> Hit:
    """An indexed article as a Hit: stored fields, entity labels after aliasing, snippets."""
    published = stored.get("published")
    codes = schema.keyword_values(stored.get("country"))
    names = list(stored.get("country_names") or []) + list(codes)
    persons = [vocab.label("person", p) for p in schema.keyword_values(stored.get("person"))]
    return Hit(
        rank=rank,
        id=stored["id"],
        score=score,
        title=stored.get("title") or "",
        path=stored.get("path") or "",
        url=stored.get("url"),
        published=published or None,
        source=(schema.keyword_values(stored.get("source")) or (None,))[0],
        snippets=make_snippets(
            schema.stored_body(stored), terms, count=snippet_count, phrases=phrases
        ),
        persons=tuple(dict.fromkeys(p for p in persons if p)),
        countries=tuple(Country(c, names[i]) for i, c in enumerate(codes)),
        orgs=tuple(vocab.label("org", o) for o in schema.keyword_values(stored.get("org"))),
        language=stored.get("language") or None,
        fields=tuple(record_fields(stored).items()),
        also=tuple(stored.get(schema.ALSO_FIELD) or ()),
    )
