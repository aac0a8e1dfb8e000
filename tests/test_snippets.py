"""Snippets with highlight offsets."""

from __future__ import annotations

from search.snippets import make_snippets

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
