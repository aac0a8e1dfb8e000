"""The ledger's decisions on small hand-made rows: unchanged, copies, duplicates, moves, prunes."""

from __future__ import annotations

from search import schema
from search.ingest.ledger import Ledger
from search.models import Article, RawDocument
from search.store.articles import Row

BODY = "The harbour at Bergen reopened on Monday after a long winter of repairs to its quays. " * 3


def _raw(path: str, digest: str) -> RawDocument:
    return RawDocument(path=path, content="x", kind="text", content_hash=digest)


def _ledger() -> Ledger:
    return Ledger(
        [
            Row("a", "h-a", "/news/a.txt", 1, schema.body_hash(BODY)),
            Row("b", "h-b", "/news/b.txt", 1, "", ("/copy/b.txt",)),
            Row("r", "h-r", "/feed.jsonl#L2", 1),
        ]
    )


def test_a_path_as_indexed_is_unchanged_a_new_path_with_known_content_a_copy() -> None:
    ledger = _ledger()
    assert ledger.read(_raw("/news/a.txt", "h-a")) == "unchanged"
    assert ledger.read(_raw("/copy/b.txt", "h-b")) == "unchanged"  # a copy already recorded
    assert ledger.read(_raw("/backup/a.txt", "h-a")) == "copy"
    assert ledger.read(_raw("/news/a.txt", "h-changed")) == "new"  # changed at its path
    assert ledger.copies == 1


def test_a_body_word_for_word_an_indexed_articles_is_a_duplicate() -> None:
    ledger = _ledger()
    mirror = Article("https://mirror/a", "/mirror/a.html", "T", BODY.upper(), "h-m")
    assert ledger.cleaned(mirror) == "duplicate"
    other = Article("c", "/news/c.txt", "T", "Another story entirely, " * 20, "h-c")
    assert ledger.cleaned(other) == "write"
    ledger.written(other)
    assert ledger.cleaned(other) == "repeat"


def test_places_move_an_article_to_a_path_that_still_holds_it_and_prune_the_rest() -> None:
    ledger = _ledger()
    ledger.read(_raw("/moved/a.txt", "h-a"))  # a.txt moved: its content at a new path
    there = {"/moved/a.txt", "/copy/b.txt", "/feed.jsonl"}
    decided = ledger.places(
        prune=True, complete={"/feed.jsonl"}, exists=lambda p: p.split("#")[0] in there
    )
    assert decided.moves == {"a": ("/moved/a.txt", ()), "b": ("/copy/b.txt", ())}
    assert decided.deletes == ["r"]  # its file was read whole and the record was not in it
    kept = _ledger().places(prune=False, complete=set(), exists=lambda _p: False)
    assert (kept.moves, kept.deletes) == ({}, [])  # without --prune nothing is decided
