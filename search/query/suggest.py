"""Did you mean: a query whose unknown words are replaced by words the articles write,
offered only when it finds something (the choice among candidates is `spelling.choose`)."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from search import analysis, schema
from search.errors import StoredDamaged
from search.query import engine, spelling
from search.query import tree as qt
from search.query.language import ParsedQuery, text_query
from search.store import postings
from search.store.opened import OpenIndex

_WORD = re.compile(r"(?<![\w:])\w+(?![\w*?~:])")  # a plain word, not a field name or pattern
MAX_CORRECTED_WORDS = 8  # did-you-mean looks at the first words only: its work is bounded


def suggest(opened: OpenIndex, parsed: ParsedQuery, clauses: list[qt.Node]) -> str | None:
    """A corrected query from the index's own words, offered only when it finds something:
    each word the index does not hold (the first MAX_CORRECTED_WORDS of them) replaced by the
    word as the articles write it that `spelling.choose` prefers, judged beside the query's
    other words."""
    if not re.search(r"[^\W\d_]", parsed.text):
        return None
    text = opened.text
    known: list[str] = []
    unknown: list[re.Match[str]] = []
    for match in _WORD.finditer(parsed.text):
        terms = analysis.analyse(match.group(0))
        if match.group(0) in ("AND", "OR", "NOT") or len(terms) != 1:
            continue
        if any(fp.find(terms[0]) is not None for fp in text.fields.values()):
            known.append(terms[0])
        elif len(unknown) < MAX_CORRECTED_WORDS:
            unknown.append(match)
    if not unknown:
        return None
    context = None  # articles holding every other word of the query
    for term in known:
        docs = _docs_of(text, term)
        context = docs if context is None else np.intersect1d(context, docs, assume_unique=True)
    replaced: dict[int, str] = {}
    for match in unknown:
        typed = match.group(0)
        options: dict[str, spelling.Option] = {}
        for fname in ("body", "title"):
            for term, df in spelling.candidates(text.fields[fname], typed):
                together = None if context is None else _together(text, term, context)
                for word in _written(opened, fname, term, typed):
                    if word not in options or options[word].df < df:
                        options[word] = spelling.Option(word, df, together)
        best = spelling.choose(typed, list(options.values()))
        if best is not None:
            replaced[match.start()] = _same_case(best.word, typed)
    if not replaced:
        return None
    corrected = _WORD.sub(lambda m: replaced.get(m.start(), m.group(0)), parsed.text)
    q = text_query(ParsedQuery(text=corrected))
    found = engine.Evaluator(opened.text, opened.store).run(qt.conjunction([q, *clauses]))
    return corrected if len(found.docs) else None


def _together(text: postings.TextStore, term: str, context: Any) -> bool:
    """Whether some article of ``context`` (sorted numbers) holds ``term``."""
    if not len(context):
        return False
    for fname, fp in text.fields.items():
        i = fp.find(term)
        if i is not None:
            docs = text.postings(fname, i)[0]
            at = np.minimum(np.searchsorted(context, docs), len(context) - 1)
            if bool((context[at] == docs).any()):
                return True
    return False


def _docs_of(text: postings.TextStore, term: str) -> Any:
    """Live articles holding ``term`` in their title or body."""
    parts = []
    for fname, fp in text.fields.items():
        i = fp.find(term)
        if i is not None:
            parts.append(text.postings(fname, i)[0])
    return np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)


def _same_case(word: str, typed: str) -> str:
    if len(typed) > 1 and typed.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if typed[:1].isupper() else word


def _written(opened: OpenIndex, fname: str, term: str, typed: str) -> list[str]:
    """The words as the articles write them (folded) that are indexed as ``term`` (a stem),
    for correcting ``typed``: those of the first articles with the term (`security`,
    `securities` for `secur`), and the spellings of the term close to ``typed`` that some
    article writes (`cooperation` when the first articles with `cooper` say `Cooper`)."""
    i = opened.text.fields[fname].find(term)
    if i is None:
        return []
    docs: list[int] = opened.text.postings(fname, i)[0][:_READ_FOR_FORMS].tolist()
    near = spelling.close(typed, analysis.spellings(term))
    found: dict[str, None] = {}
    for k, docnum in enumerate(docs):
        try:
            fields = opened.stored(docnum)
        except StoredDamaged:
            break
        written = fields.get("title") or "" if fname == "title" else schema.stored_body(fields)
        forms = analysis.surface_forms(written, term)
        found.update(dict.fromkeys(forms if k < _FIRST_FORMS else near.intersection(forms)))
        if k >= _FIRST_FORMS and (not near or near & set(found)):
            break
    return list(found)


_FIRST_FORMS = 3  # articles whose every form of a term is an option
_READ_FOR_FORMS = 20  # articles read, at most, for a form close to the typed word
