"""Which language an article is written in: py3langid's model (shipped in the package, no
download), limited to the languages news is commonly written in, so that a short or odd text
is not read as a rare language."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

# ISO 639-1 codes the detector may answer (py3langid knows some 150; rare ones such as Ligurian or
# Volapük would otherwise win on short English snippets full of names).
LANGUAGES = tuple(
    """af ar az be bg bn bs ca cs cy da de el en eo es et eu fa fi fr ga gl he hi hr hu hy id
    is it ja ka kk ko lt lv mk ml mn mr ms mt nl nn no pa pl ps pt ro ru sk sl sq sr sv sw
    ta te th tl tr uk ur uz vi zh""".split()
)
MIN_LETTERS = 60  # fewer letters of running text than this: too little to tell, "" (unknown)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
SAMPLE_CHARS = 300  # of running text: enough to tell (89 of 89 aeb pages), ~0.17 ms an article


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def running_text(text: str) -> str:
    """The words of ``text`` that are not capitalised: names (`Ajax Amsterdam`, `Legia
    Warsaw`) say nothing of the language a results table or a list of people is written in,
    function words do. Scripts without case (CJK, Arabic) keep every word."""
    return " ".join(w for w in _WORD.findall(text[: 4 * SAMPLE_CHARS]) if not w[0].isupper())


def detect(text: str) -> str:
    """The ISO 639-1 code of the text's language, or "" when there is too little running
    text to tell."""
    sample = running_text(text)[:SAMPLE_CHARS]
    if sum(len(w) for w in sample.split()) < MIN_LETTERS:
        return ""
    code, _ = _identifier().classify(sample)
    return str(code)
