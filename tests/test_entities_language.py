"""Language detection: running text decides, names and tables do not; no NER on other
languages."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from search.entities import extract, language, reads_with_ner
from search.ingest.pipeline import with_language
from search.models import Article

GERMAN = (
    "Der Bundeskanzler sprach am Dienstag in Berlin über die Lage der Wirtschaft und sagte, "
    "dass die Regierung im nächsten Jahr mehr Geld für Schulen ausgeben werde. Angela Merkel "
    "und Olaf Scholz waren bei der Sitzung, die bis in den Abend dauerte."
)


def _article(body: str, title: str = "") -> Article:
    return Article(id="a", path="a", title=title, body=body, content_hash="h")


def test_the_unpacked_model_kept_in_the_cache_reads_as_the_packaged_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [
        GERMAN,
        "Officials said on Tuesday that the talks would go on until the end of the week.",
        "Le ministre a déclaré mardi que les négociations se poursuivraient toute la semaine.",
        "Министр заявил во вторник, что переговоры продлятся до конца недели.",
        "東京で火曜日に会談が行われ、両国の首脳が経済について話し合った。",
    ]
    monkeypatch.setenv("NEWSIDX_CACHE", str(tmp_path))
    language._identifier.cache_clear()
    try:
        packaged = language._identifier()  # unpacked from the package, then kept
        kept = language.cache_file()
        assert kept is not None and kept.parent == tmp_path and kept.exists()
        from py3langid.langid import LanguageIdentifier

        def unpacking(*args: object, **kwargs: object) -> None:
            raise AssertionError("the package's model was unpacked again")

        with monkeypatch.context() as patched:
            patched.setattr(LanguageIdentifier, "from_model_file", unpacking)
            language._identifier.cache_clear()
            cached = language._identifier()  # read from the cache folder
        for text in texts:
            assert cached.classify(text) == packaged.classify(text)
        kept.write_bytes(b"damaged")  # a damaged file: the package's model is unpacked again
        language._identifier.cache_clear()
        assert language._identifier().classify(GERMAN) == packaged.classify(GERMAN)
    finally:
        language._identifier.cache_clear()


def test_running_text_decides_the_language() -> None:
    assert language.detect(GERMAN) == "de"
    english = "Officials said on Tuesday that the talks would go on until the end of the week."
    assert language.detect(english * 2) == "en"


def test_a_table_of_names_is_no_language_and_short_text_is_unknown() -> None:
    table = "\n".join(
        f"Ajax Amsterdam {i} Feyenoord Rotterdam {i + 1}\nLegia Warszawa 2 Lech Poznan 1"
        for i in range(10)
    )
    assert language.detect(table) == ""
    assert language.detect("Putin met Shoigu in Moscow") == ""


def test_articles_carry_their_language_and_only_english_gets_ner() -> None:
    german = with_language(_article(GERMAN, "Haushalt"))
    assert german.language == "de" and not reads_with_ner(german)
    entities = extract(german)
    assert "Angela Merkel" in entities.persons  # given name + surname: found without a model
    assert "Dienstag" not in entities.persons and "DE" in {c.code for c in entities.countries}
    declared = with_language(
        Article(id="b", path="b", title="", body="Short.", content_hash="h", language="en-GB")
    )
    assert declared.language == "en"  # too short to tell: the page's declared language


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("https://www.leichtathletik-ostalbkreis.de/2007/05/20/ergebnisse/", "de"),
        ("https://example.com/fr-fr/page.html", "fr"),  # a language as the path's first part
        ("https://web.archive.org/web/2018/https://swap-stop.org/de/filmswap/x/", "de"),
        ("https://www.bbc.co.uk/news/world", "en"),
        ("https://www.nytimes.com/2019/11/20/world.html", ""),  # .com says nothing
        ("https://www.admin.ch/gov/page.html", ""),  # nor a country of several languages
        ("not an address", ""),
    ],
)
def test_an_address_may_say_the_language(url: str, code: str) -> None:
    assert language.from_address(url) == code


def test_a_page_too_short_to_tell_takes_its_addresss_language_not_english() -> None:
    rows = "\n".join(
        f"{i}. Greiner, Anja 1992; Effert, Sarah-Lea 1993 53,84 sec." for i in range(9)
    )
    page = Article(
        id="r",
        path="r.html",
        title="Ergebnisse",
        body=rows,
        content_hash="h",
        url="https://www.leichtathletik-ostalbkreis.de/2007/05/20/ergebnisse/",
    )
    found = with_language(page)
    assert found.language == "de" and not reads_with_ner(found)
    # without an address the page is unknown, and read as English
    assert with_language(dataclasses.replace(page, url=None)).language is None


def test_language_is_a_filter_and_a_facet(tmp_path, run) -> None:  # type: ignore[no-untyped-def]
    import json

    english = "Oil ministers met in Vienna on Tuesday and said output would stay the same."
    lines = [
        json.dumps({"id": "de1", "title": "Öl", "body": GERMAN + " Öl."}),
        json.dumps({"id": "en1", "title": "Oil", "body": english * 3}),
        json.dumps({"id": "en2", "title": "Oil again", "body": english * 2}),
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n")
    index = tmp_path / "index"
    assert run("index", "--quiet", str(tmp_path / "a.jsonl"), index=index).exit_code == 0
    facet = run("facets", "language", "--format", "json", index=index)
    counts = {c["value"]: c["count"] for c in json.loads(facet.stdout)["values"]}
    assert counts == {"en": 2, "de": 1}
    only = run("search", "--language", "de", "--format", "jsonl", index=index)
    assert [json.loads(x)["id"] for x in only.stdout.splitlines()] == ["de1"]
    assert json.loads(only.stdout.splitlines()[0])["language"] == "de"
    inline = run("search", "language:en", "--format", "jsonl", index=index)
    assert sorted(json.loads(x)["id"] for x in inline.stdout.splitlines()) == ["en1", "en2"]


RUSSIAN = (
    "В интервью модель Полина Поризкова призналась, что жутко боится старости. Её партнёрами "
    "по фильмам были Джонни Депп и Микки Рурк. Президент России Владимир Путин встретился с "
    "Ангелой Меркель, когда она приезжала в Россию, а потом Путин говорил о Швеции."
)


def test_russian_is_read_by_its_own_model_with_names_in_the_nominative() -> None:
    from search.entities import ner_model

    russian = with_language(_article(RUSSIAN, "Полина Поризкова боится стареть"))
    assert russian.language == "ru" and ner_model(russian) == "ru"
    entities = extract(russian)
    # `с Ангелой Меркель` (instrumental) is the person `Ангела Меркель`
    assert {"Полина Поризкова", "Джонни Депп", "Владимир Путин", "Ангела Меркель"} <= set(
        entities.persons
    )
    assert "Ангелой Меркель" not in entities.persons
    # `России`, `Россию` are `Россия` as the model gives it, a short name ISO lacks
    assert {"RU", "SE"} <= {c.code for c in entities.countries}
