"""The analyser: Snowball stems, folded accents and forms, CJK bigrams, honest positions."""

from __future__ import annotations

from search import analysis


def test_stems_are_snowball_english_not_whooshs_broken_porter() -> None:
    # Whoosh 2.7.4's Porter stemmer gives runn, cutt, plann, operat / oper
    assert analysis.analyse("running cutting planned") == ["run", "cut", "plan"]
    assert analysis.analyse("operating") == analysis.analyse("operation")
    assert analysis.analyse("cities") == analysis.analyse("city")


def test_accents_case_and_compatibility_forms_fold_for_matching() -> None:
    assert analysis.analyse("Müller") == analysis.analyse("muller")
    assert analysis.analyse("café") == analysis.analyse("cafe")
    assert analysis.analyse("Straße") == analysis.analyse("strasse")
    assert analysis.analyse("ﬁnance") == analysis.analyse("finance")  # a ligature
    assert analysis.analyse("ＯＰＥＣ") == analysis.analyse("opec")  # full-width letters
    # kana keep their voicing marks (only Latin, Greek and Cyrillic accents come off)
    assert analysis.fold("が") == "が"


def test_cjk_text_becomes_searchable_character_bigrams() -> None:
    assert analysis.analyse("商標法") == ["商標", "標法"]
    assert analysis.analyse("法") == ["法"]
    assert analysis.analyse("新商標法 2024") == ["新商", "商標", "標法", "2024"]
    terms, positions = analysis.analyse_positions("商標法の改正")
    assert positions == list(range(len(terms)))


def test_positions_count_every_word_stop_words_included() -> None:
    terms, positions = analysis.analyse_positions("weapons of mass destruction")
    assert terms == analysis.analyse("weapon mass destruction")
    assert positions == [0, 2, 3]
    assert analysis.phrase_terms("weapons of mass destruction")[1] == (0, 2, 3)


def test_being_and_be_share_a_term_other_stop_word_stems_keep_their_spelling() -> None:
    # "be" is indexed (the stem of "being"); "its" and "willing" would stem to stop words
    assert analysis.analyse("being be") == ["be", "be"]
    assert analysis.analyse("its willing") == ["its", "willing"]
    assert analysis.phrase_terms("being held") == (("be", "held"), (0, 1))
    assert analysis.phrase_terms("the") == ((), ())


def test_single_digits_are_indexed_single_letters_are_not() -> None:
    assert analysis.analyse("9/11") == ["9", "11"]
    assert analysis.analyse("x y 7") == ["7"]


def test_surface_forms_are_the_words_as_written_that_a_term_stands_for() -> None:
    text = "Operating costs rose; the operation and the opera were here. Cities, a city."
    assert analysis.surface_forms(text, "oper") == ["operating", "operation"]
    assert analysis.surface_forms(text, "citi") == ["cities", "city"]
    assert analysis.surface_forms("I will be willing", "willing") == ["willing"]
    assert analysis.surface_forms("nothing", "oper") == []
