"""The shared stream: raw documents → clean articles → entities, with the cache and bad input."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from search import entities as entities_module
from search.errors import NoInputError
from search.ingest import pipeline
from search.ingest.cache import ExtractionCache
from search.models import Article, Entities, RawDocument

BODY = "The harbour in Bergen reopened on Monday after a winter of repairs to its old quays."


def _raw(path: str, content: str = BODY, kind: str = "text") -> RawDocument:
    return RawDocument(path=path, content=content, kind=kind, content_hash=f"h-{path}")


def _counting_ner(calls: list[int]) -> object:
    class Extraction:  # stands in for `entities.Extraction`, counting the batches it is given
        def __init__(
            self, articles: Sequence[Article], *, workers: int = 1, warn: object = None
        ) -> None:
            self.articles = list(articles)
            self.failed: set[int] = set()
            calls.append(len(self.articles))

        def __iter__(self) -> Iterator[Entities]:
            return iter([Entities(persons=("Kari Olsen",)) for _ in self.articles])

    return Extraction


def test_cached_results_skip_cleaning_and_ner_and_keep_the_new_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    monkeypatch.setattr(entities_module, "Extraction", _counting_ner(calls))
    cache = ExtractionCache(tmp_path)
    first = list(
        pipeline.prepare(
            [_raw("/a.txt")], templates=None, cache=cache, workers=1, warn=lambda _m: None
        )
    )
    assert calls == [1] and first[0][1].persons == ("Kari Olsen",)
    again = list(
        pipeline.prepare(
            [_raw("/a.txt"), _raw("/b.txt")],
            templates=None,
            cache=cache,
            workers=1,
            warn=lambda _m: None,
        )
    )
    assert calls == [1, 1]  # only b.txt went to NER
    assert [a.path for a, _ in again] == ["/a.txt", "/b.txt"]


def test_a_document_that_cannot_be_cleaned_or_is_empty_is_skipped_not_fatal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []
    monkeypatch.setattr(entities_module, "Extraction", _counting_ner(calls))
    real_clean = pipeline.cleaning.clean

    def clean(raw: RawDocument, **kwargs: object) -> Article:
        if raw.path == "/broken.html":
            raise RecursionError("too deep")
        return real_clean(raw, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline.cleaning, "clean", clean)
    warnings: list[str] = []
    raws = [_raw("/broken.html", "<p>x</p>", "html"), _raw("/empty.txt", "   \n"), _raw("/ok.txt")]
    got = list(pipeline.prepare(raws, templates=None, cache=None, workers=1, warn=warnings.append))
    assert [a.path for a, _ in got] == ["/ok.txt"]
    assert warnings == [
        "skipped /broken.html: cannot clean (RecursionError)",
        "skipped /empty.txt: no article text found",
    ]


def test_ner_runs_in_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(entities_module, "Extraction", _counting_ner(calls))
    monkeypatch.setattr(pipeline, "BATCH", 3)
    raws = [_raw(f"/{i}.txt") for i in range(7)]
    got = list(pipeline.prepare(raws, templates=None, cache=None, workers=1, warn=lambda _m: None))
    assert len(got) == 7 and calls == [3, 3, 1]


def test_unreadable_inputs_are_reported_and_the_rest_read(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"title": "A", "body": BODY}) + "\n")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"body": BODY}) + "\n{not json\n")
    skipped: list[str] = []
    warnings: list[str] = []
    complete: set[str] = set()
    raws = list(
        pipeline.raw_documents(
            [str(tmp_path / "missing.txt"), str(good), str(bad)],
            skipped=skipped,
            warn=warnings.append,
            complete=complete,
        )
    )
    assert len(raws) == 2
    assert len(skipped) == 1 and "missing.txt" in skipped[0]
    assert complete == {str(good.resolve())}  # bad.jsonl has a line that is no record
    assert any("bad.jsonl" in w for w in warnings)


def test_no_input_at_all_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    with pytest.raises(NoInputError):
        list(pipeline.raw_documents([str(tmp_path)], skipped=[], warn=lambda _m: None))


def test_an_article_our_entity_rules_fail_on_is_indexed_without_entities_not_the_batch_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = entities_module.entities_from_tagged

    def faulty(tagged: object, **kwargs: object) -> Entities:
        if "Odda" in str(kwargs.get("original")):
            raise KeyError("Odda")
        return real(tagged, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(entities_module, "entities_from_tagged", faulty)
    cache = ExtractionCache(tmp_path)
    warnings: list[str] = []
    norway = BODY.replace("in Bergen", "in Bergen, Norway,")
    raws = [_raw("/odda.txt", norway.replace("Bergen", "Odda")), _raw("/bergen.txt", norway)]
    got = list(pipeline.prepare(raws, templates=None, cache=cache, workers=1, warn=warnings.append))
    assert [a.path for a, _ in got] == ["/odda.txt", "/bergen.txt"]
    assert got[0][1] == Entities()
    assert [c.code for c in got[1][1].countries] == ["NO"]
    assert warnings == ["/odda.txt: indexed without entities (KeyError: 'Odda')"]
    assert cache.get("h-/odda.txt") is None  # read again on the next run, not kept empty
    assert cache.get("h-/bergen.txt") is not None


def test_a_batch_whose_shared_evidence_fails_is_read_article_by_article(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from search.entities import evidence

    def faulty(*_args: object, **_kwargs: object) -> object:
        raise ValueError("odd batch")

    monkeypatch.setattr(evidence, "batch_context", faulty)
    monkeypatch.setattr(evidence, "batch_persons", faulty)
    warnings: list[str] = []
    norway = BODY.replace("in Bergen", "in Bergen, Norway,")
    raws = [_raw("/a.txt", norway), _raw("/b.txt", norway.replace("harbour", "port"))]
    got = list(pipeline.prepare(raws, templates=None, cache=None, workers=1, warn=warnings.append))
    assert [[c.code for c in e.countries] for _, e in got] == [["NO"], ["NO"]]
    assert warnings == [
        "batch read without what the batch says of names (ValueError: odd batch)",
        "batch read without the batch's persons (ValueError: odd batch)",
    ]
