"""Snippets with highlight offsets."""

from __future__ import annotations

from search.query.snippets import make_snippets

TEXT = (
    "The council met on Tuesday. " * 10
    + "Officials discussed security and regional cooperation at length. "
    + "Nothing else happened for a while. " * 10
    + "Later, security was raised again."
)


def test_best_window_first_with_offsets_on_the_words() -> None:
    snippets = make_snippets(TEXT, {"secur", "cooper"}, count=2)
    assert len(snippets) == 2
    best = snippets[0]
    words = [best.text[s:e] for s, e in best.highlights]
    assert words == ["security", "cooperation"]
    assert [snippets[1].text[s:e] for s, e in snippets[1].highlights] == ["security"]


def test_stems_are_confirmed_not_just_prefixes() -> None:
    (snippet,) = make_snippets("The secretary spoke about securities.", {"secur"}, count=1)
    assert [snippet.text[s:e] for s, e in snippet.highlights] == ["securities"]
    (none,) = make_snippets("The secretary spoke.", {"secur"}, count=1)
    assert none.highlights == ()


def test_no_terms_gives_the_opening() -> None:
    (snippet,) = make_snippets(TEXT, set(), count=2)
    assert snippet.text.startswith("The council met") and snippet.text.endswith("…")
    assert make_snippets("", {"x"}) == ()


def test_a_phrase_is_one_highlight_and_only_where_it_stands_whole() -> None:
    from search.analysis import phrase_terms

    text = (
        "Weapons were blessed at Christmas Midnight Mass. "
        + "Filler words go on and on here. " * 8
        + "Inspectors found weapons of mass destruction."
    )
    phrase = phrase_terms("weapons of mass destruction")
    (snippet,) = make_snippets(text, set(), count=1, phrases=[phrase])
    assert [snippet.text[s:e] for s, e in snippet.highlights] == ["weapons of mass destruction"]


def test_passages_start_and_end_on_word_boundaries() -> None:
    text = "alpha " * 30 + "Officials discussed security at length " + "omega " * 60
    (snippet,) = make_snippets(text, {"secur"}, count=1)
    inner = snippet.text.removeprefix("… ").removesuffix(" …")
    words = set(inner.split())
    assert words <= {"alpha", "omega", "Officials", "discussed", "security", "at", "length"}
    long_words = "x" * 500 + " the security word " + "y" * 500
    (snippet,) = make_snippets(long_words, {"secur"}, count=1)
    assert snippet.text == "… security word …"  # neither long word is cut in half


def test_highlights_map_folded_matches_back_to_the_text_as_written() -> None:
    (snippet,) = make_snippets(
        "Die Straße nach Zürich, sagte Müller.", {"strass", "zurich"}, count=1
    )
    assert [snippet.text[s:e] for s, e in snippet.highlights] == ["Straße", "Zürich"]


def test_a_hit_in_the_lead_before_the_passage_is_highlighted_too() -> None:
    # the richest passage starts at "Blunkett"; "resigned" stands in the lead shown before it
    text = (
        "He resigned, and then Blunkett spoke "
        + "and words went on " * 9
        + "xxxxx resigns; Blunkett."
    )
    (snippet,) = make_snippets(text, {"resign", "blunkett"}, count=1)
    marked = [snippet.text[s:e] for s, e in snippet.highlights]
    assert marked == ["resigned", "Blunkett", "resigns", "Blunkett"]
