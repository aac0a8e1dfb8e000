"""Entity extraction: persons, countries and organisations, each under one canonical name."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from search.models import Article, Country, Entities

if TYPE_CHECKING:
    from search.entities.ner import Tagged

# The submodules are imported where used: `newsidx search` imports `people` (name keys for
# filters) and, for country filters, `countries`, but never the NER side of this package.

__all__ = ["entities_from_tagged", "extract", "extract_many", "normalise_given"]

ABOUT_MIN_MENTIONS = 3
ABOUT_LEAD_CHARS = 60  # of the body, after the headline
USE_DEMONYMS = False  # NORP spans ("Iraqi") add no country: measured, they cost precision


def entities_from_tagged(
    tagged: Tagged, *, original: str | None = None, lead_end: int = 0
) -> Entities:
    """Group one article's mentions under canonical persons, countries and organisations.

    Countries mentioned before ``lead_end`` (headline, dateline, start of the lead) or at
    least ABOUT_MIN_MENTIONS times are what the article is ``about``.
    """
    from search.entities import countries, orgs, people
    from search.entities.repair import repair

    person_mentions: list[str] = []
    org_mentions: list[str] = []
    country_mentions: dict[str, list[str]] = {}
    positions: dict[str, set[int]] = {}
    for name, start in countries.gazetteer_mentions(tagged.text):
        found_name = countries.from_name(name, cities=False)
        if found_name is not None:
            country_mentions.setdefault(found_name.code, []).append(name)
            positions.setdefault(found_name.code, set()).add(start)
    for span in repair(tagged.text, tagged.spans, original=original):
        if span.label == "PERSON":
            if countries.from_name(span.text, cities=False) is None:
                person_mentions.append(span.text)
            continue
        if span.label == "ORG":
            org_mentions.append(span.text)
            continue
        found: Country | None
        if span.label == "NORP":
            found = countries.from_demonym(span.text) if USE_DEMONYMS else None
        else:
            found = countries.from_name(span.text)
        if found is not None:
            country_mentions.setdefault(found.code, []).append(span.text)
            positions.setdefault(found.code, set()).add(span.start)
    persons = people.canonicalise(person_mentions)
    organisations = orgs.canonicalise(org_mentions)
    mentions: dict[str, tuple[str, ...]] = {}
    mentions.update(persons)
    mentions.update(organisations)
    mentions.update({code: tuple(dict.fromkeys(m)) for code, m in country_mentions.items()})
    return Entities(
        persons=tuple(persons),
        countries=tuple(countries.country(code) for code in country_mentions),
        orgs=tuple(organisations),
        mentions=mentions,
        about=tuple(
            code
            for code, where in positions.items()
            if len(where) >= ABOUT_MIN_MENTIONS or min(where) < lead_end
        ),
    )


def ner_text(article: Article) -> str:
    """The text NER reads: title then body (never text the cleaner removed)."""
    return f"{article.title}\n\n{article.body}" if article.title else article.body


def normalise_given(given: Entities) -> Entities:
    """Entities that came with a record, with country codes checked and named."""
    from search.entities import countries

    named = tuple(
        countries.country(c.code) if countries.known_code(c.code) else c
        for c in given.countries
        if c.code
    )
    about = tuple(code for code in given.about if countries.known_code(code))
    return Entities(given.persons, named, given.orgs, given.mentions, about)


# Languages the installed NER model reads ("": too short to tell, read as English). Other
# languages get no NER: countries from the gazetteer, persons only as given name + surname.
NER_LANGUAGES = frozenset({"en", ""})


def reads_with_ner(article: Article) -> bool:
    """True when the article is for the English model (never run on another language)."""
    return article.given_entities is None and (article.language or "") in NER_LANGUAGES


def extract_many(articles: Iterable[Article], *, workers: int = 1) -> Iterator[Entities]:
    """Entities of each article, in order; records that carry entities skip NER, and so do
    articles in a language the model does not read."""
    from search.entities import ner

    pending: list[Article] = list(articles)
    need = [a for a in pending if reads_with_ner(a)]
    found = ner.tag((ner_text(a) for a in need), workers=workers) if need else iter(())
    for article in pending:
        if article.given_entities is not None:
            yield normalise_given(article.given_entities)
            continue
        text = ner_text(article)[: ner.MAX_CHARS]
        tagged = next(found) if reads_with_ner(article) else ner.Tagged(ner.prepare(text), ())
        yield entities_from_tagged(
            tagged, original=text, lead_end=len(article.title) + 2 + ABOUT_LEAD_CHARS
        )


def extract(article: Article) -> Entities:
    """Entities of one article."""
    return next(extract_many([article]))
