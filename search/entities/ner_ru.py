"""Russian named-entity recognition with natasha (slovnet's news NER and morphology models,
shipped inside the package: nothing is downloaded). Mentions come back in the nominative
(`Ангелой Меркель` → `Ангела Меркель`), so that one person is one label whatever case the
sentence puts the name in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from search.entities.ner import MAX_CHARS, Span, Tagged

# natasha's labels as the English model's, so that the same rules read both.
LABELS = {"PER": "PERSON", "LOC": "GPE", "ORG": "ORG"}


@cache
def _models() -> tuple[Any, Any, Any, Any]:
    from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    embedding = NewsEmbedding()
    return Segmenter(), NewsNERTagger(embedding), NewsMorphTagger(embedding), MorphVocab()


def tag(texts: Iterable[str]) -> Iterator[Tagged]:
    """Entity mentions of each Russian text, in order, each in its nominative form."""
    from natasha import Doc

    segmenter, ner, morph, vocab = _models()
    for text in texts:
        text = text[:MAX_CHARS]
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_ner(ner)
        if doc.spans:
            doc.tag_morph(morph)
        spans = []
        for span in doc.spans:
            span.normalize(vocab)
            label = LABELS.get(span.type)
            if label is not None:
                spans.append(Span(label, span.normal or span.text, span.start, span.stop))
        yield Tagged(text, tuple(spans))
