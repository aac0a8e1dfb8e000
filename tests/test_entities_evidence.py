"""Is a PERSON span a person: each kind of evidence, on small texts."""

from __future__ import annotations

from collections import Counter

import pytest

from search.entities import evidence, extract
from search.models import Article


def _persons(body: str) -> tuple[str, ...]:
    return extract(Article(id="a", path="a", title="", body=body, content_hash="h")).persons


CONTEXT = evidence.Context.of(["the price will drop, the switch is on and a sword hangs"], [])


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Marvel Studios", "a word of an organisation"),
        ("Bartholomew County Jail", "a word of an organisation"),
        ("U.S. Virgin", "starts with a country"),
        ("Hong Kong Stock", "starts with a country"),
        ("Sri Lankan", "starts with a country"),
        ("San Jose", "a place"),
        ("Pokemon Sword", "common words"),
        ("Nintendo Switch", "common words"),
        ("Le Monde", "another language's article"),
        ("El Mundo", "another language's article"),
        ("Hapoel Taibe", "a word of an organisation"),
        ("Raith Rovers", "a word of an organisation"),
        ("Warner Bros", "a word of an organisation"),
        ("EA Sports", "a word of an organisation"),
        ("My Struggle", "possessive"),
        ("Mein Kampf", "possessive"),  # though `Mein` is in the names list
        ("F.C. Valletta", "a word of an organisation"),  # a club's letters are no initials
    ],
)
def test_evidence_against_a_person(name: str, reason: str) -> None:
    found = evidence.against(name, CONTEXT, article_votes=Counter())
    assert found is not None and reason in found


@pytest.mark.parametrize(
    "name",
    ["Stephen Field", "C. White", "Chad Thomas", "Sergei Shoigu", "Luis Polonia", "Les Ferdinand"],
)
def test_a_given_name_or_initial_outweighs_surname_words(name: str) -> None:
    assert evidence.against(name, CONTEXT, article_votes=Counter()) is None


def test_mentions_after_the_or_followed_by_a_number_are_things() -> None:
    text = "He played Mortal Kombat 11 and then Mortal Kombat 11 again."
    mentions = [(m, m + len("Mortal Kombat")) for m in (10, 36)]
    share = evidence.numbered(text, mentions)
    assert share == 1.0
    assert evidence.against("Mortal Kombat", CONTEXT, article_votes=Counter(), numbered=share)
    assert evidence.numbered("Ian Woosnam 70 68 71", [(0, 11)]) == 0.0  # a row of scores
    assert evidence.after_the("the Steelers beat the Browns", [4, 22]) == 1.0


def test_a_numbered_name_of_three_words_is_a_title_even_after_a_given_name() -> None:
    text = "The port of Red Dead Redemption 2 is locked at 30fps."
    share = evidence.numbered(text, [(12, 31)])
    assert share == 1.0
    votes: Counter[str] = Counter()
    found = evidence.against("Red Dead Redemption", CONTEXT, article_votes=votes, numbered=share)
    assert found is not None and "numbered" in found
    # two words led by a given name stay a person's (`Ian Woosnam 270` in a results list)
    assert evidence.against("Ian Woosnam", CONTEXT, article_votes=Counter(), numbered=1.0) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("5. Van Doorn 24\n6. Smets 20", "Van Doorn"),  # a ranking's row
        ("Heat five:\n- Michael Jepsen Jensen 2\n- Piotr Pawlicki 3", "Michael Jepsen Jensen"),
        ("(14- Marcos Julian Mena 59' (6))", "Marcos Julian Mena"),  # a substitute's minute
    ],
)
def test_points_and_minutes_after_a_name_are_no_titles_number(text: str, name: str) -> None:
    start = text.index(name)
    assert evidence.numbered(text, [(start, start + len(name))]) == 0.0


def test_a_big_citys_name_before_a_name_written_after_the_is_a_team() -> None:
    found = evidence.against("Cleveland Browns", CONTEXT, article_votes=Counter(), after_the=0.3)
    assert found is not None and "team" in found
    # the same given name, never after `the`: a person (`Cleveland Amory`)
    assert evidence.against("Cleveland Amory", CONTEXT, article_votes=Counter()) is None


def test_a_roundups_results_records_and_line_scores_name_teams() -> None:
    text = (
        "Palm Bay d. Rockledge 70-44\n\nRockledge 14 11 6 15 — 44\n\n"
        "Viera (4-0): K. Hupfer 1 goal. Blakely 15 points.\n\nMerritt Island d. Titusville\n"
    )
    sides = {name for name, _ in evidence.results_sides(text)}
    assert sides == {"Palm Bay", "Rockledge", "Viera", "Merritt Island", "Titusville"}
    context = evidence.Context.of([text], [])
    assert evidence.against("Viera", context, article_votes=Counter())


def test_labels_elsewhere_in_the_article_count_against_a_name() -> None:
    votes = Counter({"PERSON": 1, "ORG": 3})
    assert evidence.against("Benetton", CONTEXT, article_votes=votes)


def test_a_bare_name_needs_support() -> None:
    text = "Lowe said the plan works. The Moon rose."
    assert evidence.bare_name_supported("Lowe", text, [0], CONTEXT, titled=False)
    assert not evidence.bare_name_supported("Moon", text, [30], CONTEXT, titled=False)
    assert evidence.bare_name_supported("Moon", text, [30], CONTEXT, titled=True)


def _supported(name: str, text: str) -> bool:
    return evidence.bare_name_supported(name, text, [text.index(name)], CONTEXT, titled=False)


def test_a_relation_a_quotations_address_or_a_players_count_supports_a_bare_name() -> None:
    assert _supported("Helen", "Over breakfast, my friend Helen handed me a novel.")
    assert _supported("Pamela", "His wife, Pamela, stayed home.")
    assert _supported("Pamela", "“Pamela, why are we talking about this?” he asked.")
    assert _supported("Tolivert", "Palm Bay (1-0): Tolivert 25 points. Davis 17 points.")
    assert _supported("Klinsmann", "Scorers: Klinsmann 44th, Basler 70th.")
    # none of these: a thing after `my`, a place addressed, a number that is no count
    assert not _supported("Sentra", "My car Sentra handled well.")
    assert not _supported("Boston", "“Boston, we have a problem,” he said.")
    assert not _supported("Apollo", "Apollo 11 landed.")
    joke = "Who's there? Donut. Donut who? Donut ask me."
    at = joke.index("Donut who")
    assert not evidence.bare_name_supported("Donut", joke, [at], CONTEXT, titled=False)
    assert _supported("Donut", "We met Donut, who runs the bakery.")


def test_a_bare_name_listed_with_persons_is_one() -> None:
    text = "Favourite artists: Bob Marley, Bruno Mars, Drake, The Eagles and Jay Z."
    start = text.index("Drake")
    assert evidence.listed_with_persons(text, [start], 5, ["Bob Marley", "Bruno Mars"])
    assert not evidence.listed_with_persons(text, [start], 5, ["Bob Marley"])
    assert not evidence.listed_with_persons(text, [start], 5, ["Bob Marley", "Jay"])
    listed = "Her favourite artists are Bob Marley, Bruno Mars, Drake and Frank Sinatra."
    assert "Drake" in _persons(listed)
    assert "Drake" not in _persons("Drake rose. Bob Marley and Bruno Mars sang.")


def test_end_to_end_the_persons_of_a_small_article() -> None:
    body = (
        "Pittsburgh Steelers coach Mike Tomlin said the Steelers would play at Heinz Field. "
        "Mike praised the defence. The Moon was full over Marvel Studios, where Taylor Swift "
        "sang. Taylor said she was happy."
    )
    persons = _persons(body)
    assert "Mike Tomlin" in persons and "Taylor Swift" in persons
    assert not {"Steelers", "Moon", "Marvel Studios", "Mike", "Taylor"} & set(persons)


def test_works_bands_companies_and_prizes_across_the_batch_are_not_persons() -> None:
    from search.entities.ner import Span, Tagged

    texts = [
        "Vera Drake star Imelda Staunton won. Yukos shares fell. The Oscar-winning film.",
        "Vera Drake was praised. Oscar went to Jamie Foxx, who stars in Ray.",
    ]
    spans = [
        (Span("PERSON", "Vera Drake", 0, 10),),
        (Span("PERSON", "Vera Drake", 0, 10), Span("PERSON", "Jamie Foxx", 35, 45)),
    ]
    context = evidence.batch_context([Tagged(t, s) for t, s in zip(texts, spans, strict=True)])
    assert evidence.against("Vera Drake", context, article_votes=Counter())
    assert evidence.against("Jamie Foxx", context, article_votes=Counter()) is None
    assert not evidence.bare_name_supported("Oscar", texts[1], [24], context, titled=True)


def test_royal_titles_stay_with_a_single_name() -> None:
    from search.entities.people import clean_mention

    assert clean_mention("Prince Charles") == "Prince Charles"
    assert clean_mention("President Putin") == "Putin"


def test_a_name_mostly_written_where_places_are_is_no_person() -> None:
    from search.entities import evidence

    text = "They met at Heinz Field on Sunday. Fans filled Heinz Field. He flew in Smith's jet."
    starts = [m for m in range(len(text)) if text.startswith("Heinz Field", m)]
    spans = [(s, s + len("Heinz Field")) for s in starts]
    assert evidence.at_a_place(text, spans) == 0.5  # one of two after `at`
    assert evidence.at_a_place("We waited at Heinz Field.", [(13, 24)]) == 1.0
    owner = text.index("Smith")
    assert evidence.at_a_place(text, [(owner, owner + 5)]) == 0.0  # `in Smith's jet`: an owner
    context = evidence.Context.of([text], [])
    assert evidence.against("Heinz Field", context, article_votes=Counter(), at_place=1.0)
    half = evidence.against("Heinz Field", context, article_votes=Counter(), at_place=0.5)
    assert half != "written where places are"  # at most half of the mentions: not enough


def test_names_in_score_lines_and_league_tables_are_teams() -> None:
    text = (
        "Results of Dutch first division matches on Saturday:\n"
        "Willem II Tilburg 0 Fortuna Sittard 1\n"
        "Crystal Palace 3 Oldham 1\n"
        "Standings:\n"
        "Fortuna Sittard 2 1 1 0 1 0 4\n"
        "Ian Woosnam 70 68\n"  # a golfer's rounds are neither
    )
    assert set(evidence.results_table_names(text)) == {
        "Willem II Tilburg",
        "Fortuna Sittard",
        "Crystal Palace",
        "Oldham",
    }
    context = evidence.Context.of([text], [])
    votes: Counter[str] = Counter({"PERSON": 1})
    assert evidence.against("Crystal Palace", context, article_votes=votes) is not None
    assert evidence.against("Ian Woosnam", context, article_votes=votes) is None


def test_a_value_a_rankings_column_repeats_is_a_team() -> None:
    text = (
        "1. Gerhard Berger (Austria) Benetton 1 minute 53.706\n"
        "2. Jean Alesi (France) Benetton 1:53.912\n"
        "3. Michael Schumacher (Germany) Ferrari 1:54.001\n"
    )
    names = evidence.results_table_names(text)
    assert "Benetton" in names
    assert "Ferrari" not in names  # named once: as likely a competitor as a team
    assert "Gerhard Berger" not in names


def test_the_with_a_place_between_marks_a_team() -> None:
    text = "He joined the Florida Marlins, then the St. Louis Cardinals. Later Smith left."
    assert evidence.after_the(text, [text.index("Marlins")]) == 1.0
    assert evidence.after_the(text, [text.index("Louis Cardinals")]) == 1.0
    assert evidence.after_the(text, [text.index("Smith")]) == 0.0
    assert evidence.after_the("the Tall Sally Smith", [9]) == 0.0  # no place between


def test_a_name_before_anothers_role_is_a_team_or_company() -> None:
    text = "Parise stripped Sabres center Casey Mittelstadt. Browns defensive end Myles Garrett."
    at = text.index("Sabres")
    assert evidence.before_a_role(text, [(at, at + len("Sabres"))])
    at = text.index("Browns")
    assert evidence.before_a_role(text, [(at, at + len("Browns"))])
    reed = "met Dole campaign manager Scott Reed"  # whose campaign: a person's
    at = reed.index("Dole")
    assert not evidence.before_a_role(reed, [(at, at + 4)])
    assert evidence.against("Sabres", CONTEXT, article_votes=Counter(), employs=True)
    full = evidence.against("Casey Mittelstadt", CONTEXT, article_votes=Counter(), employs=True)
    assert full is None  # a full name before a role is a person all the same


def test_titles_in_quotes_and_places_named_after_people_are_not_persons() -> None:
    text = "classic Disney fare, including “Mary Poppins” and “Bambi.” Smith said “Go.”"
    at = text.index("Mary")
    assert evidence.quoted(text, [(at, at + len("Mary Poppins"))]) == 1.0
    at = text.index("Smith")
    assert evidence.quoted(text, [(at, at + 5)]) == 0.0
    assert evidence.against("Mary Poppins", CONTEXT, article_votes=Counter(), in_quotes=1.0)
    trip = "made an unscheduled trip to Walter Reed hospital on Saturday"
    at = trip.index("Walter")
    assert evidence.compounded_as_work(trip, [(at, at + len("Walter Reed"))])
    arena = "July 2 – Uncasville, CT @ Mohegan Sun Arena"
    at = arena.index("Mohegan")
    assert evidence.compounded_as_work(arena, [(at, at + len("Mohegan Sun"))])
    assert not evidence.compounded_as_work("Walter Reed said", [(0, 11)])


def test_an_apposition_of_role_or_age_describes_a_person_and_a_list_does_not() -> None:
    def at(text: str, name: str) -> list[tuple[int, int]]:
        start = text.index(name)
        return [(start, start + len(name))]

    text = "He Jianxiong, the former executive director for China, doubted it."
    assert evidence.described(text, at(text, "He Jianxiong"))
    text = "Emon, 43, has coached Nice since 1992."
    assert evidence.described(text, at(text, "Emon"))
    text = "On sale: Final Fantasy XV, Football Manager 2020, Gylt and Just Dance 2020."
    assert not evidence.described(text, at(text, "Final Fantasy XV"))
    text = "Apple, the maker of the iPhone, said so."
    assert not evidence.described(text, at(text, "Apple"))


def test_a_person_described_by_a_role_is_kept_though_the_given_name_reads_as_a_word() -> None:
    body = (
        "Voters will decide, and they will decide soon, the campaign said. "
        "“It was an attempt to mislead voters,” Will Moy, chief executive of the charity, "
        "told reporters. Campaigners will meet on Monday; they will answer questions."
    )
    assert "Will Moy" in _persons(body)


def test_a_name_after_the_noun_of_a_work_or_a_band_is_a_title_not_a_person() -> None:
    text = "Mike Leigh's film Vera Drake won, as did the band Scissor Sisters."
    for name in ("Vera Drake", "Scissor Sisters"):
        start = text.index(name)
        assert evidence.compounded_as_work(text, [(start, start + len(name))])
    text = "He will play Cyril Saulnier next, said film director Mike Leigh."
    for name in ("Cyril Saulnier", "Mike Leigh"):
        start = text.index(name)
        assert not evidence.compounded_as_work(text, [(start, start + len(name))])


def test_a_works_one_word_title_does_not_make_the_person_it_is_named_after_a_work() -> None:
    text = "Jamie Foxx stars in the film Ray, about the singer Ray Charles."
    spans = [(text.index("Ray,"), text.index("Ray,") + 3), (text.index("Ray C"), len(text) - 1)]
    assert not evidence.compounded_as_work(text, spans)
    assert "Ray Charles" in _persons(text)


def test_a_name_holding_a_citys_name_and_no_given_name_is_a_team_or_a_paper() -> None:
    context = evidence.Context()
    for name in ("Glasgow Rangers", "Levski Sofia"):
        assert evidence.against(name, context, article_votes=Counter())
    assert evidence.against("Paris Hilton", context, article_votes=Counter()) is None


def test_a_name_led_by_a_word_the_batch_tags_as_an_organisation_is_a_product() -> None:
    context = evidence.Context(votes={"ascom": Counter({"ORG": 3, "PERSON": 1})})
    assert evidence.against("Ascom North America", context, article_votes=Counter())
    lone = evidence.Context(votes={"ascom": Counter({"ORG": 1})})
    assert evidence.against("Ascom North America", lone, article_votes=Counter()) is None


def test_a_person_the_batch_knows_is_found_where_the_model_missed_the_name() -> None:
    from search.entities import entities_from_tagged
    from search.entities.ner import Span, Tagged

    context = evidence.Context.of(["the envoy met the sales team"], [])
    known = evidence.batch_persons(
        [("Kurt Volker", "Volker"), ("JC Kerkrade", "Sri Lankans", "Sierra Semiconductor")],
        replace_lowercase(context, {"semiconductor"}),
    )
    assert known == {"Kurt Volker"}  # a given name leads; no initials, people or common word
    text = "Another diplomat, former special envoy Kurt Volker, changed his account."
    tagged = Tagged(text, (Span("ORG", "Kurt Volker", 39, 50),))
    more = evidence.known_spans(tagged, known, ())
    assert [(s.label, s.text, s.start) for s in more] == [("PERSON", "Kurt Volker", 39)]
    assert evidence.known_spans(tagged, known, ("Kurt Volker",)) == []  # found already
    read = Tagged(text, evidence.with_spans(tagged.spans, more))
    assert [(s.label, s.text) for s in read.spans] == [("PERSON", "Kurt Volker")]
    assert entities_from_tagged(read, context=context, known=known).persons == ("Kurt Volker",)
    # a longer name the model read as a person keeps its own reading
    inside = Tagged("David Kurt Volker spoke.", (Span("PERSON", "David Kurt Volker", 0, 17),))
    assert evidence.known_spans(inside, known, ()) == []


def replace_lowercase(context: evidence.Context, words: set[str]) -> evidence.Context:
    from dataclasses import replace

    return replace(context, lowercase=context.lowercase | words)


def test_names_in_a_credit_line_are_persons_but_agencies_are_not() -> None:
    text = "It will be exciting.\n(Reporting by Will Dunham; Editing by Tom Brown and Ann Lee)\n"
    spans = evidence.credited(text + "Photo by Getty Images")
    assert [s.text for s in spans] == ["Will Dunham", "Tom Brown", "Ann Lee"]
    assert all(text[s.start : s.end] == s.text for s in spans)
    assert set(_persons("Scientists unveiled a map of Titan. " + text)) >= {
        "Will Dunham",
        "Tom Brown",
        "Ann Lee",
    }


def test_a_plural_of_a_people_starts_no_persons_name() -> None:
    assert evidence.against("Sri Lankans", evidence.Context(), article_votes=Counter())


def _read_as(
    monkeypatch: pytest.MonkeyPatch, readings: dict[str, tuple[object, ...]]
) -> list[Article]:
    """English articles of the texts of ``readings``, which the model (replaced) reads so."""
    from search.entities import ner
    from search.entities.ner import Tagged

    class Reading:
        def __init__(self, texts: list[str], *, workers: int = 1) -> None:
            self.texts = texts

        def result(self) -> list[Tagged]:
            return [Tagged(ner.prepare(t), readings[t]) for t in self.texts]

    monkeypatch.setattr(ner, "Tagging", Reading)
    return [
        Article(id=str(i), path=str(i), title="", body=body, content_hash=str(i), language="en")
        for i, body in enumerate(readings)
    ]


def test_the_batch_reads_again_an_article_that_writes_a_person_found_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from search.entities import Extraction
    from search.entities.ner import Span

    first = "Kurt Volker said he would testify."
    second = "The envoy to Ukraine Kurt Volker changed his account."
    articles = _read_as(
        monkeypatch,
        {
            first: (Span("PERSON", "Kurt Volker", 0, 11),),
            second: (Span("GPE", "Ukraine Kurt Volker", 13, 32),),  # the model's misreading
        },
    )
    found = list(Extraction(articles))
    assert [e.persons for e in found] == [("Kurt Volker",), ("Kurt Volker",)]
    assert "Kurt Volker" not in found[1].orgs


def test_a_batch_person_the_rules_reject_in_one_article_is_a_person_there_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from search.entities import Extraction
    from search.entities.ner import Span

    first = "Peyton Manning said he would retire."
    second = "Fans recall the Peyton Manning record season."  # after `the`: a team, alone
    articles = _read_as(
        monkeypatch,
        {
            first: (Span("PERSON", "Peyton Manning", 0, 14),),
            second: (Span("PERSON", "Peyton Manning", 16, 30),),
        },
    )
    assert [e.persons for e in Extraction(articles)] == [("Peyton Manning",)] * 2
    assert [e.persons for e in Extraction(articles[1:])] == [()]


def test_a_name_with_a_stock_ticker_is_a_company_but_a_party_letter_or_a_club_is_not() -> None:
    text = "Peer Lowe’s (LOW) slid. Rick Scott (R) spoke. Apple (NASDAQ: AAPL) rose."
    assert evidence.listed(text, "Lowe", [(5, 9)])
    assert not evidence.listed(text, "Rick Scott", [(24, 34)])
    assert evidence.listed(text, "Apple", [(46, 51)])
    assert evidence.against("Lowe", CONTEXT, article_votes=Counter(), with_ticker=True)
    # a given name outweighs it: `Philip Cocu (PSV)` in a squad list
    assert (
        evidence.against("Philip Cocu", CONTEXT, article_votes=Counter(), with_ticker=True) is None
    )
    batch = evidence.batch_context([_tagged("Peer Lowe’s (LOW) slid.", ("Lowe", 5))])
    assert "lowe" in batch.listed
    assert evidence.against("Lowe", batch, article_votes=Counter())


def _tagged(text: str, *spans: tuple[str, int]) -> object:
    from search.entities.ner import Span, Tagged

    return Tagged(text, tuple(Span("PERSON", n, at, at + len(n)) for n, at in spans))


def test_a_shops_name_ending_in_s_is_no_possessive_support() -> None:
    context = evidence.Context()
    text = "Rival Lowe's was also lower. Lowe's shares fell."
    assert not evidence.bare_name_supported("Lowe", text, [6, 29], context, titled=False)
    said = "Rival Lowe's house was sold."
    assert evidence.bare_name_supported("Lowe", said, [6], context, titled=False)


def test_a_name_before_a_products_kind_or_before_by_and_its_maker_is_no_person() -> None:
    text = "Ford’s Mustang Mach E SUV will go far; the Sentra sedan too."
    assert evidence.compounded_as_work(text, [(7, 19)])  # `Mustang Mach`, a model letter, SUV
    assert evidence.compounded_as_work(text, [(43, 49)])  # `Sentra sedan`
    works = "Portam Civitatis by Peter Snijder lights the canal."
    assert evidence.compounded_as_work(works, [(0, 16)])
    assert not evidence.compounded_as_work("They beat Smith by two shots.", [(10, 15)])


def test_a_batch_person_is_none_the_batch_tags_or_finds_as_something_else() -> None:
    films = evidence.Context(votes={"vera drake": Counter({"ORG": 36, "PERSON": 3})})
    assert evidence.batch_persons([("Vera Drake",)], films) == frozenset()
    work = evidence.Context(works=frozenset({"vera drake"}))
    assert evidence.batch_persons([("Vera Drake",)], work) == frozenset()
    plain = evidence.Context()
    assert evidence.batch_persons([("Vera Drake",)], plain) == {"Vera Drake"}
    rejected = Counter({"vera drake": 2})
    assert evidence.batch_persons([("Vera Drake",)], plain, rejected=rejected) == frozenset()
    assert evidence.batch_persons([("Vera Drake",), ("Vera Drake",)], plain, rejected=rejected)


def test_a_name_before_a_leaders_office_is_a_person() -> None:
    text = "Doctors said the Trump administration denies vaccines; the Blair government agreed."
    assert evidence.leads(text, [(17, 22)])
    assert evidence.leads(text, [(59, 64)])
    assert not evidence.leads("The Trump Tower rose.", [(4, 9)])
    assert "Trump" in _persons("A group of doctors said the Trump administration is wrong.")


def test_a_name_after_the_in_half_its_mentions_is_a_team_or_a_thing() -> None:
    text = "The Browns lost again. Browns coaches were unhappy."
    assert evidence.against("Browns", CONTEXT, article_votes=Counter(), after_the=0.5)
    assert evidence.after_the(text, [4, 23]) == 0.5


def _spans_of(text: str, *named: tuple[str, str]) -> tuple[object, ...]:
    from search.entities.ner import Span

    spans, at = [], 0
    for label, name in named:
        at = text.index(name, at)
        spans.append(Span(label, name, at, at + len(name)))
        at += len(name)
    return tuple(spans)


def test_a_person_in_a_table_column_of_places_is_a_cell_misread() -> None:
    from search.entities import entities_from_tagged
    from search.entities.ner import Tagged

    rows = [
        ("Aldershot", "Leo Docherty"),
        ("Saffron Walden", "Kemi Badenoch"),
        ("Yeovil", "Marcus Fysh"),
        ("Salisbury", "John Glen"),
        ("Dover", "Natalie Elphicke"),
    ]
    table = "| Constituency | Member |\n\n|---|---|\n\n" + "\n\n".join(
        f"| {place} | {member} |" for place, member in rows
    )
    named = []
    for place, member in rows:
        named += [("PERSON" if place == "Saffron Walden" else "GPE", place), ("PERSON", member)]
    persons = entities_from_tagged(Tagged(table, _spans_of(table, *named))).persons
    assert "Saffron Walden" not in persons
    assert {m for _, m in rows} <= set(persons)  # the column of members is one of persons
    # the same name outside a table, or in a column of persons, is read as before
    prose = "Saffron Walden said the vote was close. Saffron Walden left."
    spans = _spans_of(prose, ("PERSON", "Saffron Walden"), ("PERSON", "Saffron Walden"))
    assert "Saffron Walden" in entities_from_tagged(Tagged(prose, spans)).persons


def test_table_cells_are_read_by_column_across_blank_lines() -> None:
    text = "Intro.\n\n| a | b |\n\n|---|---|\n\n| Ann Lee | Oslo |\n\nText.\n\n| x |  |"
    cells = evidence.table_cells(text)
    assert cells[(text.index("Ann Lee"), text.index("Ann Lee") + 7)] == (0, 0)
    assert cells[(text.index("Oslo"), text.index("Oslo") + 4)] == (0, 1)
    assert cells[(text.index("| x") + 2, text.index("| x") + 3)] == (1, 0)  # another table


def test_a_name_followed_by_a_trademark_sign_is_a_brand() -> None:
    from search.entities import entities_from_tagged
    from search.entities.ner import Tagged

    text = "Add one box Betty Crocker™ cake mix. Betty Crocker said nothing."
    spans = _spans_of(text, ("PERSON", "Betty Crocker"), ("PERSON", "Betty Crocker"))
    assert entities_from_tagged(Tagged(text, spans)).persons == ()
    plain = "Betty Crocker said nothing. Betty Crocker left."
    spans = _spans_of(plain, ("PERSON", "Betty Crocker"), ("PERSON", "Betty Crocker"))
    assert entities_from_tagged(Tagged(plain, spans)).persons == ("Betty Crocker",)


def test_a_countrys_name_in_the_articles_language_is_not_a_person() -> None:
    from search.entities import entities_from_tagged
    from search.entities.ner import Tagged

    text = "El Reino Unido votó. Reino Unido y Francia firmaron."
    spans = _spans_of(text, ("PERSON", "Reino Unido"), ("PERSON", "Reino Unido"))
    found = entities_from_tagged(Tagged(text, spans), language="es", without_model=True)
    assert found.persons == ()
    assert "GB" in [c.code for c in found.countries]


def test_a_racing_team_is_no_person() -> None:
    from search.entities import extract
    from search.models import Article

    body = (
        "Alfa Romeo Racing will show its new car in Barcelona next week. "
        "Alfa Romeo Racing said the driver Antonio Giovinazzi would test it."
    )
    article = Article(id="a", path="a", title="", body=body, content_hash="h", language="en")
    assert "Alfa Romeo Racing" not in extract(article).persons


def test_a_scorecards_players_are_persons_though_places_or_followed_by_numbers() -> None:
    body = (
        "Scoreboard on the third day of the final test at The Oval on Saturday:\n"
        "Saeed Anwar c Croft b Cork 176\n"
        "Aamir Sohail c Cork b Croft 46\n"
        "Bowling: Croft 29-6-64-1, Cork 14.3-4-45-1, Salisbury 17-0-91-0\n"
    )
    persons = set(_persons(body))
    assert {"Saeed Anwar", "Aamir Sohail", "Croft", "Cork", "Salisbury"} <= persons


def test_batch_votes_support_a_bare_name_only_as_the_surname_of_a_person_the_batch_names() -> None:
    said = "The merger of Gannett and GateHouse Media became final."
    gannett = [("PERSON", "gannett")] * 4
    context = evidence.Context.of([said], gannett)
    assert not evidence.bare_name_supported("Gannett", said, [14], context, titled=False)
    trump = [("PERSON", "trump")] * 4 + [("PERSON", "Donald Trump")]
    text = "He said he supported Trump in the vote."
    context = evidence.Context.of([text], trump)
    assert evidence.bare_name_supported("Trump", text, [text.index("Trump")], context, titled=False)


def test_speech_does_not_support_the_short_name_of_an_organisation_in_the_article() -> None:
    from search.entities import entities_from_tagged
    from search.entities.ner import Tagged

    text = "Finnish group Atria Oy said profit fell. Profit will improve, Atria said."
    spans = _spans_of(text, ("ORG", "Atria Oy"), ("PERSON", "Atria"))
    assert entities_from_tagged(Tagged(text, spans)).persons == ()
    person = "Grain sales rose, Borkus said. Atria Oy said profit fell."
    spans = _spans_of(person, ("PERSON", "Borkus"), ("ORG", "Atria Oy"))
    assert entities_from_tagged(Tagged(person, spans)).persons == ("Borkus",)
    # a thing named as its owner's does not make the owner an organisation
    owned = "Likert’s Management System has four parts, Likert said."
    spans = _spans_of(owned, ("ORG", "Likert’s Management System"), ("PERSON", "Likert"))
    assert entities_from_tagged(Tagged(owned, spans)).persons == ("Likert",)


@pytest.mark.parametrize(
    "text",
    [
        "killed, the Maputo daily Noticias said on Monday.",
        "A top official of export bank Bancomext said the peso is fine.",
        "Its sister publication Gente said the pair met in Belgium.",
    ],
)
def test_a_one_word_name_after_the_noun_of_an_organisations_kind_is_no_person(text: str) -> None:
    from search.entities import entities_from_tagged
    from search.entities.ner import Tagged

    name = text.split(" said")[0].split()[-1]
    assert entities_from_tagged(Tagged(text, _spans_of(text, ("PERSON", name)))).persons == ()
    # a role before a full name is no organisation's kind
    full = "The other was insurer Thierry Dehaan, who said he was robbed."
    spans = _spans_of(full, ("PERSON", "Thierry Dehaan"))
    assert entities_from_tagged(Tagged(full, spans)).persons == ("Thierry Dehaan",)


def test_names_written_as_addresses_do_not_make_given_names_common_words() -> None:
    table = "\n".join(
        f"| Seat {i} | {first.title()} Graham | {first}.graham.mp@parliament.uk |"
        for i, first in enumerate(["richard", "sarah", "julia"])
    )
    prose = "The minister, Richard Lowe, said Julia Sand and Sarah Fox agreed."
    links = "See www.richard.example or @sarah, and bbc.co.uk/news/uk-politics-boris-johnson."
    context = evidence.Context.of([table, prose, links], [])
    assert "richard" not in context.lowercase and "julia" not in context.lowercase
    assert "johnson" not in context.lowercase and "boris" not in context.lowercase
    assert context.reads_as_name("Richard") and context.reads_as_name("Sarah")
    assert evidence.against("Julia Sand", context, article_votes=Counter()) is None
    # words the texts do write in lower case stay common words
    assert "minister" in evidence.Context.of([prose], []).lowercase


def test_a_name_the_article_writes_with_a_companys_legal_form_is_the_company() -> None:
    from search.entities import entities_from_tagged
    from search.entities.ner import Tagged

    text = "Philip Morris Cos Inc raised its dividend. Shares of Philip Morris gained four."
    spans = _spans_of(text, ("ORG", "Philip Morris Cos Inc"), ("PERSON", "Philip Morris"))
    assert entities_from_tagged(Tagged(text, spans)).persons == ()
    assert evidence.incorporated("A former Eli Lilly & Co. unit.", "Eli Lilly")
    # a company named after a founder the article names as a person leaves the person one
    founder = "It became Automobilwerke Kurt Scheibler GmbH. Kurt Scheibler lent it money."
    spans = _spans_of(founder, ("PERSON", "Kurt Scheibler"), ("PERSON", "Kurt Scheibler"))
    assert entities_from_tagged(Tagged(founder, spans)).persons == ("Kurt Scheibler",)
    assert not evidence.incorporated("Philip Morris said so.", "Philip Morris")


def test_a_contraction_writes_no_word_of_its_stem() -> None:
    context = evidence.Context.of(["I don't know and won't say. We don't care."] * 5, [])
    assert context.lower_uses["don"] == 0 and context.reads_as_name("Don")


def test_a_given_name_the_texts_write_as_a_word_leads_a_name_that_speaks_or_has_a_title() -> None:
    from search.entities import entities_from_tagged
    from search.entities.ner import Tagged

    filler = ["We hope it works, and many will hope so. I hope the rain stops."] * 20
    context = evidence.Context.of(filler, [])
    assert not context.reads_as_name("Hope")
    said = "Hope Hicks said on Monday that the plan was final."
    spans = _spans_of(said, ("PERSON", "Hope Hicks"))
    assert entities_from_tagged(Tagged(said, spans), context=context).persons == ("Hope Hicks",)
    # without a title, speech or a role, the words stay words
    plain = "Visit Hope Hicks exhibitions today."
    spans = _spans_of(plain, ("PERSON", "Hope Hicks"))
    assert entities_from_tagged(Tagged(plain, spans), context=context).persons == ()
    # nor two words the texts write in lower case (`Age Concern said`)
    words = evidence.Context.of([*filler, "a hope of rain"], [])
    both = "Hope Rain said on Monday that the plan was final."
    spans = _spans_of(both, ("PERSON", "Hope Rain"))
    assert entities_from_tagged(Tagged(both, spans), context=words).persons == ()


def test_a_page_of_addresses_in_the_batch_changes_no_other_articles_persons(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from search.entities import Extraction

    story = "Richard Graham met Sarah Dines and Julia Lopez on Monday."
    spans = _spans_of(story, ("PERSON", "Richard Graham"), ("PERSON", "Sarah Dines"))
    spans += _spans_of(story, ("PERSON", "Julia Lopez"))
    contacts = "\n".join(
        f"| Seat {i} | {first}.{last}.mp@parliament.uk | parliament.uk/{first}-{last} |"
        for i, (first, last) in enumerate(
            [("richard", "graham"), ("sarah", "dines"), ("julia", "lopez")] * 20
        )
    )
    alone = list(Extraction(_read_as(monkeypatch, {story: spans})))
    together = list(Extraction(_read_as(monkeypatch, {story: spans, contacts: ()})))
    assert (
        alone[0].persons == together[0].persons == ("Richard Graham", "Sarah Dines", "Julia Lopez")
    )
