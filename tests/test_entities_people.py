"""Canonical person names within an article and across a corpus."""

from __future__ import annotations

from search.entities.people import canonicalise, clean_mention, listed_apart, resolve_surnames


def test_titles_possessives_and_short_forms_merge() -> None:
    mentions = ["President Putin", "Vladimir Putin's", "Putin", "V. Putin", "Mr. Putin"]
    result = canonicalise(mentions)
    assert list(result) == ["Vladimir Putin"]
    assert set(result["Vladimir Putin"]) == set(mentions)


def test_a_middle_initial_or_a_suffix_written_once_is_the_same_person() -> None:
    mentions = ["Patrick Carlineo Jr.", "Carlineo", "Pat Carlineo", "Patrick W. Carlineo"]
    assert list(canonicalise(mentions)) == ["Patrick Carlineo Jr."]  # the suffix as written
    assert list(canonicalise(["Martin Luther King Jr.", "King"])) == ["Martin Luther King Jr."]
    assert list(canonicalise(["Kelly Oubre Jr", "Oubre Jr."])) == ["Kelly Oubre Jr"]
    assert list(canonicalise(["• Embiid", "Joel Embiid"])) == ["Joel Embiid"]  # a bullet
    # different initials or suffixes are different people: father and son
    assert len(canonicalise(["George H. Bush", "George W. Bush"])) == 2
    assert len(canonicalise(["Ken Griffey Jr.", "Ken Griffey Sr."])) == 2
    # two forms named in one list are two people: the father and the son
    text = "He served under Presidents George W Bush, Bill Clinton, George Bush, and Ronald Reagan."
    names = ["George W Bush", "Bill Clinton", "George Bush", "Ronald Reagan"]
    spans = [(n, text.index(n + ","), text.index(n + ",") + len(n)) for n in names[:3]]
    spans.append(("Ronald Reagan", text.index("Ronald"), text.index("Ronald") + 13))
    apart = listed_apart(text, spans)
    assert len(canonicalise(names, apart)) == 4


def test_an_honorific_is_stripped_and_a_trademark_is_no_name() -> None:
    assert clean_mention("Honourable Natalio Wheatley") == "Natalio Wheatley"
    assert clean_mention("Mac Pro®") is None
    assert clean_mention("’s Hoa Lo") == "Hoa Lo"  # the model cut the owner off a possessive
    assert clean_mention("Sammy Davis Jr.'s") == "Sammy Davis Jr."
    assert clean_mention("Sammy Davis.") == "Sammy Davis"


def test_al_particles_and_case_variants_are_one_person() -> None:
    result = canonicalise(["Mohammed Shia al-Sudani", "Al-Sudani's", "Sudani", "Al-Sudani"])
    assert list(result) == ["Mohammed Shia al-Sudani"]


def test_ambiguous_surnames_stay_apart_and_name_no_one_else() -> None:
    result = canonicalise(["George Bush", "Jeb Bush", "Bush"])
    assert set(result) == {"George Bush", "Jeb Bush"}  # `Bush` is one of them, not a third
    assert set(canonicalise(["Jeb Bush", "Bush"])) == {"Jeb Bush"}


def test_transliterated_endings_are_one_name() -> None:
    result = canonicalise(["Volodymyr Zelensky", "Zelenskyy", "Zelenskiy", "Zelensky"])
    assert list(result) == ["Volodymyr Zelensky"]
    assert len(canonicalise(["Dmitry Peskov", "Dmitri Peskov"])) == 1
    assert len(canonicalise(["Kelly Smith", "Kelli Smith"])) == 2  # short names stay apart


def test_non_names_are_rejected() -> None:
    assert clean_mention("the minister") is None
    assert clean_mention("Room 101") is None
    assert clean_mention("NATO") is None
    assert clean_mention("Prime Minister Mohammed Shia al-Sudani") == "Mohammed Shia al-Sudani"


def test_a_short_given_name_is_the_fuller_one() -> None:
    assert list(canonicalise(["Joshua Apte", "Josh Apte", "Apte"])) == ["Joshua Apte"]
    assert list(canonicalise(["Pat Carlineo", "Patrick W. Carlineo"])) == ["Patrick W. Carlineo"]
    assert len(canonicalise(["Dan Smith", "Daniela Smith"])) == 2  # a man and a woman
    assert len(canonicalise(["Jo Brand", "John Brand"])) == 2  # too short to tell


def test_a_mention_ends_at_a_colon_and_starts_after_an_owner() -> None:
    assert clean_mention("Christopher D. Battin: Dealing") == "Christopher D. Battin"
    assert clean_mention("Punjab’s Bhatinda") == "Bhatinda"
    assert clean_mention("Putin's") == "Putin"


def test_a_name_made_an_adjective_is_the_name() -> None:
    assert clean_mention("George Bush-style") == "George Bush"
    assert clean_mention("Blair-era") == "Blair"
    assert clean_mention("Jean-Claude Juncker") == "Jean-Claude Juncker"  # a hyphenated name
    assert clean_mention("Hans-Peter Like") == "Hans-Peter Like"  # a suffix word on its own


def test_surnames_resolve_across_the_corpus_only_when_one_name_dominates() -> None:
    docs = [
        ("Vladimir Putin",),
        ("Vladimir Putin",),
        ("Putin",),
        ("Jeb Bush",),
        ("George Bush",),
        ("Bush",),
    ]
    assert resolve_surnames(docs) == {"Putin": "Vladimir Putin"}


def test_spellings_and_a_missing_middle_initial_join_the_dominant_full_name() -> None:
    from search.aliases import build_person_map

    counts = {
        "George W Bush": 24,
        "George W. Bush": 1,
        "George Bush": 5,
        "Bush": 11,
        "Kate Bush": 2,
        "Jeb Bush": 1,
    }
    shown = build_person_map(counts, {})
    assert {shown.display(n) for n in ("George W. Bush", "George Bush", "Bush")} == {
        "George W Bush"
    }
    assert shown.display("Kate Bush") == "Kate Bush"
    # two fuller names with the same first and last names: the short one stays itself
    two = build_person_map({"John Smith": 3, "John A Smith": 4, "John B Smith": 4}, {})
    assert two.display("John Smith") == "John Smith"


def test_names_glued_to_a_link_and_positions_before_players_come_off() -> None:
    from search.entities.people import clean_mention

    assert clean_mention("Kristi NoemKristi") == "Kristi Noem"
    assert clean_mention("Ilhan OmarIlhan") == "Ilhan Omar"
    assert clean_mention("Browns DL Sheldon Richardson") == "Sheldon Richardson"
    assert clean_mention("QB Mason Rudolph") == "Mason Rudolph"
    for name in ("John McDonald", "DeShawn Jackson", "LeBron James", "Ryan MacKenzie"):
        assert clean_mention(name) == name


def test_a_full_name_ends_at_its_line_break_a_split_one_joins() -> None:
    assert clean_mention("Samir Arnaut\n\nMATUZICI") == "Samir Arnaut"  # byline, then dateline
    assert clean_mention("Peter Snijder\n\nSpider") == "Peter Snijder"
    assert clean_mention("Phil\nMickelson") == "Phil Mickelson"  # a hard-wrapped name
    assert clean_mention("Andrew Gray\n\n") == "Andrew Gray"


def test_a_describing_word_the_model_took_into_a_name_is_dropped() -> None:
    from search.entities.ner import Span
    from search.entities.people import drop_descriptor

    lowercase = frozenset({"unseeded", "trainer", "off", "will"})
    text = "Unseeded Patrick Rafter won."
    cut = drop_descriptor(Span("PERSON", "Unseeded Patrick Rafter", 0, 23), lowercase)
    assert (cut.text, text[cut.start : cut.end]) == ("Patrick Rafter", "Patrick Rafter")
    assert drop_descriptor(Span("PERSON", "Belgian Bruno Thiry", 0, 19), lowercase).text == (
        "Bruno Thiry"
    )
    described_ones = (
        "Spaniard Carlos Sainz",
        "Argentine Carlos Bianchi",
        "Finn Juha Kankkunen",
        "Pole Wojtek Lazarek",  # a nationality describes a name the names list does not know
    )
    for described in described_ones:
        # a people's noun, or an adjective that is a given name too, before a full name
        assert (
            drop_descriptor(Span("PERSON", described, 0, len(described)), lowercase).text
            == (described.split(" ", 1)[1])
        )
    kept = ["Off Dell Alienware", "Mary Ann Evans", "Unseeded Rafter Smith", "Finn Russell"]
    for name in kept:  # a linking word; a given name first; no given name after the word
        assert drop_descriptor(Span("PERSON", name, 0, len(name)), lowercase).text == name


def test_a_run_of_separators_between_names_is_read_in_one_pass() -> None:
    # a pattern of optional parts had backtracked without end over runs like these
    text = "Ann Lee" + ", " * 60 + "x" + " Bob Day"
    assert listed_apart(text, [("Ann Lee", 0, 7), ("Bob Day", len(text) - 7, len(text))]) == set()


def test_given_names_alone_join_the_one_full_name_they_start() -> None:
    found = canonicalise(["Ole Einar Björndalen", "Ole Einar", "Jean Pierre Amat", "Jean Pierre"])
    assert set(found) == {"Ole Einar Björndalen", "Jean Pierre Amat"}
    # not a surname's start (`Dominik Kubera` is the name, not the start of a longer one), nor
    # given names that two full names start
    assert set(canonicalise(["Dominik Kubera", "Dominik Kubera Rezerwa"])) == {
        "Dominik Kubera",
        "Dominik Kubera Rezerwa",
    }
    both = canonicalise(["Juan Carlos", "Juan Carlos Mora", "Juan Carlos Pérez"])
    assert "Juan Carlos" in both
