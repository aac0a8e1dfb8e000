"""The data files are read one way: comments and blank lines left out."""

from __future__ import annotations

from search.entities import vocabulary


def test_tables_word_lists_and_phrases() -> None:
    assert vocabulary.rows("landmarks.tsv")[0] == ["Wall Street", "US"]
    words = vocabulary.words("cuisine_words.txt")
    assert "chile" in words and "foods" not in words  # the comment's words are no entries
    phrases = vocabulary.phrases("credit_words.txt")
    assert "additional reporting" in phrases and all(p and p == p.strip() for p in phrases)
