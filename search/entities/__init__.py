"""Entity extraction: persons, countries and organisations, each under one canonical name."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, TypeVar

from search.models import Article, Entities

if TYPE_CHECKING:
    from search.entities import evidence
    from search.entities.ner import Tagged

# The submodules are imported where used: `newsidx search` imports `people` (name keys for
# filters) and, for country filters, `countries`, but never the NER side of this package
# (nor the evidence and place rules, ~12 ms of imports).

__all__ = ["Extraction", "entities_from_tagged", "extract", "extract_many", "normalise_given"]

T = TypeVar("T")

ABOUT_MIN_MENTIONS = 3
ABOUT_LEAD_CHARS = 60  # of the body, after the headline


def entities_from_tagged(
    tagged: Tagged,
    *,
    original: str | None = None,
    lead_end: int = 0,
    context: evidence.Context | None = None,
    without_model: bool = False,
    language: str | None = None,
    known: frozenset[str] = frozenset(),
) -> Entities:
    """Group one article's mentions under canonical persons, countries and organisations.

    Countries mentioned before ``lead_end`` (headline, dateline, start of the lead) or at
    least ABOUT_MIN_MENTIONS times are what the article is ``about``. A person needs the
    evidence `evidence` asks for; ``context``: what the batch read with it says;
    ``without_model``: no NER ran (another language), so big cities are read as places too;
    ``known``: names the batch found to be persons (`evidence.batch_persons`), persons here
    too without further evidence, as are the names of credit lines (`evidence.credited`).
    """
    from search.entities import countries, evidence, orgs, people, places
    from search.entities.repair import NotNameWords, not_name_words, repair

    context = context or evidence.Context.of([tagged.text], [])
    credits = evidence.credited(tagged.text)
    if credits:
        tagged = replace(tagged, spans=evidence.with_spans(tagged.spans, credits))
        known = known | {span.text for span in credits}
    person_mentions: list[str] = []
    person_spans: dict[str, list[tuple[int, int]]] = {}
    titled: set[str] = set()
    org_mentions: list[str] = []
    labels_in_article: dict[str, Counter[str]] = {}
    for span in tagged.spans:
        labels_in_article.setdefault(evidence.vote_key(span.text), Counter())[span.label] += 1
    found_places: list[places.Mention] = []
    demonym_codes: set[str] = set()
    wire = countries.dateline(original or tagged.text)
    if wire is not None:  # a dateline: what the article is about
        found_places.append(places.Mention(countries.Place(wire[0], "country"), "", -1, -1))
    written = (
        countries.gazetteer_mentions(tagged.text)
        + countries.standalone_mentions(tagged.text)
        + countries.landmark_mentions(tagged.text)
    )
    if without_model:
        written += countries.big_city_mentions(tagged.text)
    for name, start in written:
        place = countries.place(name)
        if place is not None and (place.kind != "city" or without_model):
            found_places.append(places.Mention(place, name, start, start + len(name)))
    for name, start, named in countries.local_mentions(tagged.text, language):
        found_places.append(
            places.Mention(countries.Place(named, "country"), name, start, start + len(name))
        )
    stop = not_name_words(language) if without_model else NotNameWords()
    repaired = repair(tagged.text, tagged.spans, original=original, stop=stop)
    cells = evidence.table_cells(tagged.text) if "|" in tagged.text else {}
    other_columns = evidence.columns_of_others(cells, repaired) if cells else set()
    for span in repaired:
        if span.label == "PERSON":
            span = people.drop_descriptor(span, context.lowercase)
            if (
                countries.from_name(span.text, cities=False) is None
                and countries.local_country(span.text, language) is None  # `Reino Unido`
            ):
                person_mentions.append(span.text)
                person_spans.setdefault(span.text, []).append((span.start, span.end))
                if people.has_title(tagged.text, span):
                    titled.add(span.text)
        elif span.label == "ORG":
            org_mentions.append(span.text)
        elif span.label == "NORP":
            people_of = countries.from_demonym(span.text)
            if people_of is not None:
                demonym_codes.add(people_of.code)  # corroborates the country's cities
                if countries.names_the_state(tagged.text, span.end):  # the Iraqi government
                    place = countries.Place(people_of, "country")
                    found_places.append(places.Mention(place, span.text, span.start, span.end))
        elif span.label in ("GPE", "LOC"):
            place = countries.place(span.text)
            local = countries.local_country(span.text, language) if place is None else None
            if local is not None:  # `Россия`, as a model for the language gave it
                place = countries.Place(local, "country")
            if place is not None:
                found_places.append(places.Mention(place, span.text, span.start, span.end))
    # the first word of an organisation's longer name (`Atria Oy`, `Stagecoach Holdings`),
    # not one written as its owner's (`Likert's Management System`)
    org_heads = frozenset(
        evidence.vote_key(m.split()[0])
        for m in org_mentions
        if len(m.split()) > 1 and not m.split()[0].endswith(("'s", "’s"))
    )
    persons = {}
    unsupported: dict[str, tuple[tuple[str, ...], list[int]]] = {}  # bare names, for now
    apart = people.listed_apart(
        tagged.text,
        [(raw, start, end) for raw, where in person_spans.items() for start, end in where],
    )
    for name, raws in people.canonicalise(person_mentions, apart).items():
        votes: Counter[str] = Counter()
        for raw in dict.fromkeys(raws):
            votes.update(labels_in_article.get(evidence.vote_key(raw), Counter()))
        spans = [s for raw in dict.fromkeys(raws) for s in person_spans.get(raw, ())]
        starts = [start for start, _ in spans]
        leader = evidence.leads(tagged.text, spans)  # `the Trump administration`
        is_described = evidence.described(tagged.text, spans) or leader
        is_titled = any(raw in titled for raw in raws)
        if name in known or evidence.on_a_scorecard(tagged.text, starts):
            persons[name] = raws
            continue
        if evidence.against(
            name,
            context,
            article_votes=votes,
            after_the=0.0 if leader else evidence.after_the(tagged.text, starts),
            numbered=evidence.numbered(tagged.text, spans),
            at_place=evidence.at_a_place(tagged.text, spans),
            work=evidence.compounded_as_work(tagged.text, spans),
            employs=evidence.before_a_role(tagged.text, spans)
            and not is_titled,  # `President Clinton aide ...`
            in_quotes=evidence.quoted(tagged.text, spans),
            with_ticker=evidence.listed(tagged.text, name, spans),
            is_described=is_described,
            in_other_column=evidence.in_columns(cells, other_columns, spans),
            trademark=evidence.branded(tagged.text, spans),
            organisation_noun=evidence.after_an_organisation_noun(tagged.text, spans),
            company=any(evidence.incorporated(tagged.text, raw) for raw in dict.fromkeys(raws)),
            speaks=is_titled or evidence.spoken(tagged.text, spans),
        ):
            continue
        if len(name.split()) == 1 and not evidence.bare_name_supported(
            name,
            tagged.text,
            starts,
            context,
            titled=is_titled,
            is_described=is_described,
            heads=org_heads,
        ):
            unsupported[name] = (raws, starts)
            continue
        persons[name] = raws
    for name, (raws, starts) in unsupported.items():
        if evidence.listed_with_persons(tagged.text, starts, len(name), persons):
            persons[name] = raws  # `Bob Marley, Bruno Mars, Drake`
    country_mentions: dict[str, list[str]] = {}
    positions: dict[str, set[int]] = {}
    for mention in places.supported(
        found_places,
        text=tagged.text,
        person_names=persons,
        demonym_codes=demonym_codes,
        context=context,
        org_names=org_mentions,
    ):
        code = mention.place.country.code
        country_mentions.setdefault(code, []).append(mention.text or mention.place.country.name)
        positions.setdefault(code, set()).add(mention.start)
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


def _rejected(tagged: Tagged, found: Entities) -> set[str]:
    """The names the model tagged as persons that the evidence found to be none."""
    accepted = {raw for name in found.persons for raw in found.mentions.get(name, (name,))}
    return {s.text for s in tagged.spans if s.label == "PERSON" and s.text not in accepted}


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


# The NER model each language is read with: spaCy's English model ("": too short to tell, read
# as English) and natasha's Russian one. Other languages get no NER (no model for them that
# works with this spaCy installs from the registry, or none a gold set here could measure):
# countries from the gazetteer, persons only as given name + surname; English NER never runs
# on them.
NER_MODELS = {"en": "en", "": "en", "ru": "ru"}


def ner_model(article: Article) -> str | None:
    """The NER model that reads the article (`en`, `ru`), or None: no NER for it."""
    if article.given_entities is not None:
        return None
    return NER_MODELS.get(article.language or "")


def reads_with_ner(article: Article) -> bool:
    """True when some NER model reads the article's language."""
    return ner_model(article) is not None


class Extraction:
    """The entities of a batch of articles, being found: English NER starts at once (on the
    run's worker processes for a large batch, `ner.Tagging`), and iterating waits for it and
    yields each article's entities in order, so that the caller can clean the next batch
    meanwhile. Records that carry entities skip NER, and so do articles in a language no
    model reads. An article the rules raise on gets no entities, a ``warn`` message and its
    place in ``failed`` (what the caller does not cache)."""

    def __init__(
        self,
        articles: Iterable[Article],
        *,
        workers: int = 1,
        warn: Callable[[str], None] | None = None,
    ) -> None:
        from search.entities import ner

        self.articles = list(articles)
        self.failed: set[int] = set()  # articles whose rules raised: indexed without entities
        self._warn = warn
        english = [ner_text(a) for a in self.articles if ner_model(a) == "en"]
        self._english = ner.Tagging(english, workers=workers) if english else None

    def _tagged(self) -> dict[str, list[Tagged]]:
        found: dict[str, list[Tagged]] = {}
        if self._english is not None:
            found["en"] = self._english.result()
        russian = [ner_text(a) for a in self.articles if ner_model(a) == "ru"]
        if russian:
            from search.entities import ner_ru

            found["ru"] = list(ner_ru.tag(russian))
        return found

    def __iter__(self) -> Iterator[Entities]:
        from search.entities import evidence, ner, places

        tagged = self._tagged()
        english = tagged.get("en", [])
        found = {model: iter(texts) for model, texts in tagged.items()}
        # what the batch says about names (evidence.py) is learnt from the English model's
        # reading
        context = self._or_else(
            lambda: replace(evidence.batch_context(english), teams=places.team_names(english)),
            evidence.Context(),
            "what the batch says of names",
        )
        first: list[tuple[Entities, ner.Tagged, str, str | None] | None] = []
        for at, article in enumerate(self.articles):
            if article.given_entities is not None:
                first.append(None)
                continue
            text = ner_text(article)[: ner.MAX_CHARS]
            reader = ner_model(article)
            read = next(found[reader]) if reader else ner.Tagged(ner.prepare(text), ())
            entities = self._read(at, read, text, reader, context)
            first.append((entities, read, text, reader))
        read_first = [f for f in first if f is not None and f[3] is not None]
        known: frozenset[str] = self._or_else(
            lambda: evidence.batch_persons(
                [f[0].persons for f in read_first],
                context,
                rejected=Counter(
                    evidence.vote_key(name) for f in read_first for name in _rejected(f[1], f[0])
                ),
            ),
            frozenset[str](),
            "the batch's persons",
        )
        for at, (article, done) in enumerate(zip(self.articles, first, strict=True)):
            if done is None:
                assert article.given_entities is not None
                yield normalise_given(article.given_entities)
                continue
            entities, read, text, reader = done
            if at in self.failed:
                yield entities
                continue
            more = evidence.known_spans(read, known, entities.persons) if reader else ()
            if more:
                again = ner.Tagged(read.text, evidence.with_spans(read.spans, more))
                entities = self._read(at, again, text, reader, context, known)
            elif reader and known and not known.isdisjoint(_rejected(read, entities)):
                # a batch person the rules found none here (`Bill Clinton visited Haiti`, in
                # a batch that mostly writes `bill` as a word): a person here too
                entities = self._read(at, read, text, reader, context, known)
            yield entities

    def _or_else(self, step: Callable[[], T], fallback: T, what: str) -> T:
        """``step()``, or ``fallback`` when it raises: evidence the batch learns together is
        then left out (and warned about), and each article is still read on its own."""
        try:
            return step()
        except Exception as exc:  # noqa: BLE001 - a fault of ours on one batch ends no run
            if self._warn is not None:
                self._warn(f"batch read without {what} ({exc.__class__.__name__}: {exc})")
            return fallback

    def _read(
        self,
        at: int,
        read: Tagged,
        text: str,
        reader: str | None,
        context: evidence.Context,
        known: frozenset[str] = frozenset(),
    ) -> Entities:
        """Article ``at``'s entities, or none when a rule raises on its text: the article is
        then indexed without them (and warned about), never the batch stopped."""
        article = self.articles[at]
        try:
            return entities_from_tagged(
                read,
                original=text,
                lead_end=len(article.title) + 2 + ABOUT_LEAD_CHARS,
                context=context,
                without_model=reader is None,
                language=article.language,
                known=known,
            )
        except Exception as exc:  # noqa: BLE001 - a fault of ours on one text ends no batch
            self.failed.add(at)
            if self._warn is not None:
                self._warn(
                    f"{article.path}: indexed without entities ({exc.__class__.__name__}: {exc})"
                )
            return Entities()


def extract_many(articles: Iterable[Article], *, workers: int = 1) -> Iterator[Entities]:
    """Entities of each article, in order (`Extraction`, waited for)."""
    yield from Extraction(articles, workers=workers)


def extract(article: Article) -> Entities:
    """Entities of one article."""
    return next(extract_many([article]))
