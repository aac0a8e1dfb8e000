"""Repairs of the NER model's person spans, and the country gazetteer."""

from __future__ import annotations

from search.entities import countries
from search.entities.ner import Span
from search.entities.repair import NotNameWords, not_name_words, repair


def _span(text: str, whole: str, label: str) -> Span:
    start = whole.index(text)
    return Span(label, text, start, start + len(text))


def test_person_tagged_as_place_is_relabelled_and_bracket_junk_cut() -> None:
    text = (
        "Sandrine Testud (France) beat Ines Gorrochategui (Argentina) and Scott Draper (Australia)"
    )
    spans = (
        _span("Testud", text, "PERSON"),
        _span("Ines Gorrochategui", text, "LOC"),
        _span("Scott Draper (Australia", text, "ORG"),
    )
    people = {s.text for s in repair(text, spans) if s.label == "PERSON"}
    assert people == {"Sandrine Testud", "Ines Gorrochategui", "Scott Draper"}


def test_scorecard_initials_and_numbers() -> None:
    text = "Kent 108 (K. Curran 52; J. Pooley 111)"
    spans = (_span("J. Pooley 111", text, "PERSON"),)
    people = {s.text for s in repair(text, spans) if s.label == "PERSON"}
    assert people == {"K. Curran", "J. Pooley"}


def test_places_and_headline_only_phrases_are_no_people() -> None:
    original = "CUNNINGHAM RETIRES\nSurrey beat Kent at the Oval."
    text = "Cunningham Retires\nSurrey beat Kent at the Oval."
    spans = (_span("Cunningham Retires", text, "PERSON"), _span("Surrey", text, "PERSON"))
    assert [s for s in repair(text, spans, original=original) if s.label == "PERSON"] == []


def test_gazetteer_finds_untagged_country_names_but_not_ambiguous_ones() -> None:
    found = countries.gazetteer_mentions("Results: Belarus 2 Ireland 1. Jordan scored; Turkey won.")
    assert [name for name, _ in found] == ["Belarus", "Ireland"]
    assert countries.from_name("Surrey") is not None and countries.from_name("Surrey").code == "GB"


def test_a_players_line_in_a_results_roundup_names_the_player() -> None:
    text = (
        "Viera (3-0): Talorie Crafton 1 goal. Sheldon Bryan 1 goal, 1 assist. Osas Osaro 3 saves.\n"
    )

    def at(label: str, value: str) -> Span:
        begin = text.index(value)
        return Span(label, value, begin, begin + len(value))

    spans = (
        at("ORG", "Talorie Crafton 1"),
        at("PERSON", "Sheldon Bryan 1 goal"),
        at("PRODUCT", "Osas Osaro 3"),
    )
    people = [(s.label, s.text) for s in repair(text, spans) if s.label == "PERSON"]
    assert people == [
        ("PERSON", "Talorie Crafton"),
        ("PERSON", "Sheldon Bryan"),
        ("PERSON", "Osas Osaro"),
    ]


def test_a_patronymic_joins_two_names_into_a_person_in_any_language() -> None:
    text = "Khalifah Umar bin Khoththob dan Usman bin Affan memimpin umat."
    people = [s.text for s in repair(text, ()) if s.label == "PERSON"]
    assert people == ["Umar bin Khoththob", "Usman bin Affan"]


def test_a_given_name_cut_at_its_hyphen_is_made_whole() -> None:
    text = "announced by president Moon Jae-in a year ago; a George Bush-era rule."
    moon, bush = text.index("Moon"), text.index("George")
    spans = (
        Span("PERSON", "Moon Jae", moon, moon + 8),
        Span("PERSON", "George Bush", bush, bush + 11),
    )
    assert [s.text for s in repair(text, spans)] == ["Moon Jae-in", "George Bush"]


def test_a_given_name_the_article_writes_as_a_common_word_leads_no_name() -> None:
    italian = "Il Cavaliere Oscuro torna al cinema: il film di Nolan con Christian Bale."
    people = [s.text for s in repair(italian, ()) if s.label == "PERSON"]
    assert "Il Cavaliere Oscuro" not in people
    assert "Christian Bale" in people
    indonesian = "Pada masa itu, Karena Islam datang, umat berubah karena ajaran Abu Bakar."
    assert "Karena Islam" not in [s.text for s in repair(indonesian, ()) if s.label == "PERSON"]


def test_names_found_by_shape_in_a_language_without_ner_stop_at_its_function_words() -> None:
    text = (
        "Im Vergleich zum Vorjahr sprach Albert Auf dem Podium. Ende Oktober kam "
        "in Wien auch Sebastian Kurz an, Marine Le Pen und Fritz Lang."
    )
    people = {s.text for s in repair(text, (), stop=not_name_words("de")) if s.label == "PERSON"}
    assert people == {"Sebastian Kurz", "Marine Le Pen", "Fritz Lang"}


def test_english_and_languages_without_a_stop_list_cut_no_name() -> None:
    assert not_name_words("en") == NotNameWords() == not_name_words("xx")
    text = "Yesterday, Fritz Lang met Marine Le Pen and Albert Einstein."
    people = {s.text for s in repair(text, (), stop=not_name_words("en")) if s.label == "PERSON"}
    assert people == {"Fritz Lang", "Marine Le Pen", "Albert Einstein"}


def test_a_stop_word_cuts_a_name_where_it_starts_or_ends_it_but_a_particle_inside_stays() -> None:
    stop = NotNameWords(frozenset({"im", "le", "auf", "kurz"}), frozenset({"oktober"}))
    assert stop.cuts("Im", 0, 2)
    assert not stop.cuts("Le", 1, 3)
    assert stop.cuts("Le", 1, 2)
    assert stop.cuts("Auf", 1, 2)
    assert not stop.cuts("Kurz", 1, 2)
    assert stop.cuts("Oktober", 1, 2)
    assert not stop.cuts("Merkel", 1, 2)


def _german_people(text: str) -> set[str]:
    return {s.text for s in repair(text, (), stop=not_name_words("de")) if s.label == "PERSON"}


def test_a_name_shaped_run_after_a_determiner_or_a_number_is_a_noun_phrase() -> None:
    text = (
        "Es ist eine Art Netflix für Bücher, sagte Angela Merkel. Der Vulkan Stromboli "
        "brach aus, bei fünf Grad Celsius und 30 Grad Hitze."
    )
    assert _german_people(text) == {"Angela Merkel"}


def test_a_year_or_a_relative_pronoun_before_a_name_marks_no_noun() -> None:
    text = (
        "Den Preis bekam 1996 Sven Schreivogel. Den Rekord, den Janica Kostelic hielt, brach sie."
    )
    assert _german_people(text) == {"Sven Schreivogel", "Janica Kostelic"}


def test_a_run_holding_a_noun_ending_is_no_name() -> None:
    text = "Birke Baumbeschreibung: ein Baum. Slave Shifle Belohnung: Gold. Dann kam Anna Schmidt."
    assert _german_people(text) == {"Anna Schmidt"}


def test_initials_before_a_function_word_or_after_an_abbreviation_are_no_name() -> None:
    text = "Energie, z. B. Biogas, und Vitamin D. Wer das sagt, kennt W. Schmidt gut."
    found = _german_people(text)
    assert not {"B. Biogas", "D. Wer"} & found
    assert any(name.endswith("W. Schmidt") for name in found)


def test_a_last_word_after_many_first_words_is_a_column_of_a_table_not_a_surname() -> None:
    rows = " ".join(
        f"{n} Motivgleich mit Nr. {i}." for i, n in enumerate("Anna Otto Inga Karl Rosa".split())
    )
    family = "Bryan Segura, Jose Segura und Ulises Segura spielten."
    found = _german_people(rows + " " + family)
    assert not any("Motivgleich" in name for name in found)
    assert {"Bryan Segura", "Jose Segura", "Ulises Segura"} <= found


def test_a_town_or_region_before_a_compass_word_is_a_district_not_a_person() -> None:
    text = "Mark Menzies, MP for Preston North, met Oliver North and the MP for York Outer."
    spans = (
        _span("Mark Menzies", text, "PERSON"),
        _span("Preston North", text, "PERSON"),
        _span("Oliver North", text, "PERSON"),
    )
    people = {s.text for s in repair(text, spans) if s.label == "PERSON"}
    assert people == {"Mark Menzies", "Oliver North"}


def test_names_listed_without_commas_are_split_into_names() -> None:
    text = "Signed by Martin Amis Anne Applebaum Marie Arana and Ronald S. Sullivan Jr today."
    spans = (
        _span("Martin Amis Anne Applebaum Marie Arana", text, "PERSON"),
        _span("Ronald S. Sullivan Jr", text, "PERSON"),
    )
    people = [s.text for s in repair(text, spans) if s.label == "PERSON"]
    assert people == ["Martin Amis", "Anne Applebaum", "Marie Arana", "Ronald S. Sullivan Jr"]
    assert all(text[s.start : s.end] == s.text for s in repair(text, spans))


def test_a_languages_stop_words_are_read_without_importing_spacy() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from search.entities.repair import not_name_words\n"
        "print(len(not_name_words('de').function), 'spacy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    count, imported = out.stdout.split()
    assert int(count) > 100
    assert imported == "False"


def test_a_scorers_minute_after_a_name_is_cut_from_it() -> None:
    text = "Scorers: Sobotzik 67th, Thon 34th."
    spans = (_span("Sobotzik 67th", text, "PERSON"), _span("Thon 34th", text, "PERSON"))
    assert {s.text for s in repair(text, spans)} == {"Sobotzik", "Thon"}


def test_names_with_letters_beyond_ascii_are_name_shaped() -> None:
    text = "Ivana Jelić and Pavle Petrović (Serbia) found inspiration."
    spans = (_span("Pavle Petrović", text, "GPE"),)
    people = {s.text for s in repair(text, spans) if s.label == "PERSON"}
    assert people == {"Ivana Jelić", "Pavle Petrović"}
    assert _german_people("Gestern sagte Jürgen Klopp, dass Björn Höcke irrt.") == {
        "Jürgen Klopp",
        "Björn Höcke",
    }


def test_a_name_starts_inside_a_run_after_a_title_or_a_capitalised_noun() -> None:
    assert _german_people("Rede von Bundespräsident Johannes Rau beim Konvent.") == {"Johannes Rau"}
    assert _german_people("So bezeichnete Kenias Vizepräsident William Ruto das Lager.") == {
        "William Ruto"
    }
    assert _german_people("Der Großindustrielle Hugo Stinnes beteiligte sich.") == {"Hugo Stinnes"}
    assert _german_people("Sagte German Chancellor Angela Merkel gestern.") == {"Angela Merkel"}
    english = "Yesterday Chancellor Angela Merkel read the New York Daily News at Ludwig "
    english += "Maximilian University."
    assert {s.text for s in repair(english, ()) if s.label == "PERSON"} == {"Angela Merkel"}


def test_in_a_language_that_capitalises_nouns_a_third_word_must_be_a_name() -> None:
    assert _german_people("Es sprach Anna Maria Müller.") == {"Anna Maria Müller"}
    assert _german_people("Die Firma Heinrich Büssing Automobilwerke wuchs.") == {
        "Heinrich Büssing"
    }
    # a noun: written after a determiner elsewhere
    assert _german_people("Wir lasen Gary Louris Stimme. Die Stimme trägt.") == {"Gary Louris"}
    assert _german_people("Es sprach Jean-Yves Le Drian.") == {"Jean-Yves Le Drian"}
    # Spanish writes its nouns in lower case: three words are a name
    spanish = repair("Dijo José Antonio Kast ayer.", (), stop=not_name_words("es"))
    assert {s.text for s in spanish} == {"José Antonio Kast"}


def test_a_genitive_ending_is_cut_where_the_text_writes_the_name_without_it() -> None:
    text = "Wir lasen Deniz Yücels Bericht. Yücel schrieb ihn im Gefängnis."
    assert _german_people(text) == {"Deniz Yücel"}
    assert _german_people("Wir sahen Hans Jonas gestern.") == {"Hans Jonas"}  # no `Jona`


def test_names_listed_without_separators_are_taken_two_by_two() -> None:
    text = "Signed by writer Caitlin Flanagan Richard Ford Damon Linker and others."
    people = {s.text for s in repair(text, ()) if s.label == "PERSON"}
    assert people == {"Caitlin Flanagan", "Richard Ford", "Damon Linker"}


def test_a_name_the_model_cut_to_its_first_word_is_read_whole() -> None:
    text = "Palm Bay (1-0-2): Noah Jackson 1 goal, 1 assist. Neil Auguste 1 save."
    spans = (_span("Noah", text, "PERSON"),)
    people = {s.text for s in repair(text, spans) if s.label == "PERSON"}
    assert people == {"Noah Jackson", "Neil Auguste"}


def test_one_capitalised_word_before_a_players_count_is_a_player() -> None:
    text = (
        "Rockledge (0-1): Blakely 15 points. Devoe 2 points. Storm Filsaime 4 points. "
        "Starven Saint Hilare 1 goal. Palm Bay 18 22 13 17 — 70. The team scored 40 points."
    )
    people = {s.text for s in repair(text, ()) if s.label == "PERSON"}
    # not the end of a longer name, a line of quarter scores, nor a word written in lower case
    assert people == {"Blakely", "Devoe", "Storm Filsaime"}
    assert {s.text for s in repair("Total 40 points, the total of the season.", ())} == set()


def test_a_list_written_surname_first_gives_its_persons() -> None:
    rows = (
        "Greiner, Anja 1992; Hofbauer, Heike 1992\n"
        "Staudenmayer, Julia 1993; Effert, Sarah-Lea 1993\n"
        "SMS eines Kollegen, Mai 2014\n"  # a month, though `Mai` is a given name
    )
    spans = repair(rows, (), stop=not_name_words("de"))
    names = [s.text for s in spans if s.label == "PERSON"]
    assert names == ["Anja Greiner", "Heike Hofbauer", "Julia Staudenmayer", "Sarah-Lea Effert"]
    # one entry alone is no list: `Paris, Texas` and the like stay what they are
    assert [s for s in repair("Greiner, Anja 1992", (), stop=not_name_words("de"))] == []


def test_one_span_holding_two_names_is_split_at_its_separator() -> None:
    text = "Midfielders: Dieter Eilts, Steffen Freund. Lee Wan Wah / Chong won. Reeve -- Reeve."
    spans = (
        _span("Dieter Eilts, Steffen Freund", text, "PERSON"),
        _span("Lee Wan Wah / Chong", text, "PERSON"),
    )
    people = [(s.text, text[s.start : s.end]) for s in repair(text, spans) if s.label == "PERSON"]
    assert ("Dieter Eilts", "Dieter Eilts") in people
    assert ("Steffen Freund", "Steffen Freund") in people
    assert ("Lee Wan Wah", "Lee Wan Wah") in people and ("Chong", "Chong") in people
    duet = "Marvin Gaye and Tammi Terrell"
    pair = {s.text for s in repair(duet, (Span("PERSON", duet, 0, len(duet)),))}
    assert pair == {"Marvin Gaye", "Tammi Terrell"}


def test_a_suffix_or_a_phrase_after_a_comma_does_not_split_the_name() -> None:
    text = "Martin Luther King, Jr. spoke. Smith, the coach, left."
    spans = (
        _span("Martin Luther King, Jr.", text, "PERSON"),
        _span("Smith, the coach", text, "PERSON"),
    )
    people = {s.text for s in repair(text, spans) if s.label == "PERSON"}
    assert "Martin Luther King, Jr." in people and "Smith" not in people


def test_lower_case_words_after_a_full_name_are_not_part_of_it() -> None:
    text = "Marcelo Rios of Chile won; S. Tendulkar run out; Ludwig van Beethoven wrote."
    spans = (
        _span("Marcelo Rios of", text, "PERSON"),
        _span("S. Tendulkar run", text, "PERSON"),
        _span("Ludwig van Beethoven", text, "PERSON"),
    )
    people = {s.text for s in repair(text, spans) if s.label == "PERSON"}
    assert {"Marcelo Rios", "S. Tendulkar", "Ludwig van Beethoven"} <= people
    fixture = "Milton Keynes Dons v Peterborough"  # a joining word: one thing, no name before
    cut = {s.text for s in repair(fixture, (Span("PERSON", fixture, 0, len(fixture)),))}
    assert cut == {fixture}


def test_a_scorer_before_the_minutes_of_his_goals_is_a_person() -> None:
    text = "Bayern Munich 1 (Schwabl 38th) Hamburg 2 (Bobic 47th, 71st and Molata 59th).\n"
    text += "Karlsruhe 4 (Keller 18th minute, Akpoborie 5th 59th and 64th) Leverkusen 1 (Feldhoff\n"
    text += "54th). The match was played on August 26th, his first since June 3rd and a rest."
    spans = (_span("Schwabl 38th", text, "DATE"), _span("August 26th", text, "DATE"))
    people = {s.text for s in repair(text, spans) if s.label == "PERSON"}
    assert people == {"Schwabl", "Bobic", "Molata", "Keller", "Akpoborie", "Feldhoff"}


def test_the_players_of_a_cricket_scorecards_rows_are_found_by_their_places() -> None:
    from search.entities.repair import scorecard_names

    text = (
        "Pakistan first innings\n"
        "Saeed Anwar c Croft b Cork 176\n"
        "Inzamam-ul-Haq c Hussain b Mullally 35\n"
        "G. Thorpe lbw b Mohammad Akram 54\n"
        "Salim Malik not out 2\n"
        "Extras (b-4 lb-3 nb-11) 18\n"
        "Bowling (to date): Lewis 12-1-76-0, Salisbury 17-0-91-0\n"
        "-- Prague Newsroom, 42-2-2423-0003\n"
    )
    names = [text[a:b] for a, b in scorecard_names(text)]
    assert names == [
        "Saeed Anwar", "Croft", "Cork", "Inzamam-ul-Haq", "Hussain", "Mullally",
        "G. Thorpe", "Mohammad Akram", "Salim Malik", "Lewis", "Salisbury",
    ]  # fmt: skip


def test_a_hashtag_before_a_name_is_not_part_of_it() -> None:
    text = "#Browns Greedy Williams has been solid in run support."
    span = Span("PERSON", "Browns Greedy Williams", 1, 23)
    people = [(s.text, text[s.start : s.end]) for s in repair(text, (span,))]
    assert people == [("Greedy Williams", "Greedy Williams")]


def test_a_name_cut_after_its_particle_goes_on_to_the_surname() -> None:
    text = "a plan as the one proposed by Ursula von der Leyen. Moreover"
    span = _span("Ursula von der", text, "PERSON")
    assert [s.text for s in repair(text, (span,))] == ["Ursula von der Leyen"]
    text = "Palm Bay: Starven Saint Hilare 2, Gardy Bien-Aime 1."
    span = _span("Starven Saint", text, "PERSON")
    assert [s.text for s in repair(text, (span,))] == ["Starven Saint Hilare"]
    text = "the goal by Marine Le Pen's party"
    span = _span("Marine Le", text, "PERSON")  # a capitalised particle
    assert [s.text for s in repair(text, (span,))] == ["Marine Le Pen's"]


def test_a_family_name_after_a_lower_case_particle_is_part_of_the_name() -> None:
    text = "Prime Minister Abdul-Karim al-Kabariti left Amman on Thursday."
    span = _span("Abdul-Karim", text, "PERSON")
    assert [s.text for s in repair(text, (span,))] == ["Abdul-Karim al-Kabariti"]
    text = "Prime Minister Kengo wa Dondo said on Thursday"
    assert [s.text for s in repair(text, (_span("Kengo", text, "PERSON"),))] == ["Kengo wa Dondo"]
    # the particle needs a capitalised name after it
    text = "The envoy met Omar al-most daily, he said."
    assert [s.text for s in repair(text, (_span("Omar", text, "PERSON"),))] == ["Omar"]


def test_a_span_that_leaves_only_spaces_after_its_dash_is_dropped() -> None:
    text = "BUS,PRS JOHANNESBURG CLSG -  7 April\nDE BEERS 3950 ERGO 2650"
    span = _span("JOHANNESBURG CLSG -  ", text, "PERSON")
    assert repair(text, (span,)) == []


def test_a_given_name_written_with_accents_the_list_lacks_is_one() -> None:
    from search.entities.repair import is_given_name

    assert is_given_name("Eugênio") and is_given_name("Ismaël")
    # short words of the languages are not read so (`Está`, `Irmã`: `Esta`, `Irma`)
    assert not is_given_name("Está") and not is_given_name("Irmã")
