"""The vocabularies and tables of `search/entities/data/`, read one way: a line starting with
`#` is a comment, blank lines are nothing."""

from __future__ import annotations

from importlib import resources


def lines(name: str) -> list[str]:
    """The file's lines that are not comments, as written (blank ones left out)."""
    text = resources.files("search.entities").joinpath("data").joinpath(name).read_text("utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def rows(name: str) -> list[list[str]]:
    """A table: each line's tab-separated fields."""
    return [line.split("\t") for line in lines(name)]


def words(name: str) -> frozenset[str]:
    """A word list: every word of every line, lower case."""
    return frozenset(word.lower() for line in lines(name) for word in line.split())


def phrases(name: str) -> list[str]:
    """A list of phrases, one a line, spacing around them aside."""
    return [line.strip() for line in lines(name)]
