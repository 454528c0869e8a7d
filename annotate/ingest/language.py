"""An article's language: what its metadata declares, else what its text is written in.

Detection is py3langid's (a naive Bayes model over byte n-grams for 97 languages that
ships in its wheel and runs offline). Declared metadata wins, except when it is plainly
wrong: a template that says ``lang="en"`` on a page written in Arabic script. That is
decided by script (the declared language's, against the one most of the letters are
in), not by the detector's guess between close languages, so a page that declares
Dutch is never turned into German. Codes are primary subtags (``"fr"``);
annotate.text.direction tells which ones are written right to left.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from annotate.ingest.fields import parse_language

DEFAULT = "en"
# Enough text to decide, and little enough to decide fast.
SAMPLE_CHARS = 20_000
MIN_LETTERS = 20
MIN_CONFIDENCE = 0.5

_SCRIPTS = {
    **dict.fromkeys(("ar", "fa", "ur", "ps", "sd", "ug", "ckb", "ks"), "Arabic"),
    **dict.fromkeys(("he", "iw", "yi"), "Hebrew"),
    **dict.fromkeys(("ru", "uk", "be", "bg", "mk", "kk", "ky", "mn", "tg"), "Cyrillic"),
    "el": "Greek",
    **dict.fromkeys(("zh", "ja"), "Han"),
    "ko": "Hangul",
    **dict.fromkeys(("hi", "mr", "ne"), "Devanagari"),
    "bn": "Bengali",
    "ta": "Tamil",
    "te": "Telugu",
    "th": "Thai",
    "ka": "Georgian",
    "hy": "Armenian",
    "am": "Ethiopic",
}
_NOT_A_LANGUAGE = {"und", "zxx"}
_LETTERS = tuple(
    (name, re.compile(f"[{ranges}]"))
    for name, ranges in (
        ("Latin", "A-Za-z\u00c0-\u024f\u1e00-\u1eff"),
        ("Arabic", "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"),
        ("Hebrew", "\u0590-\u05ff"),
        ("Cyrillic", "\u0400-\u052f"),
        ("Greek", "\u0370-\u03ff"),
        ("Han", "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"),
        ("Hangul", "\u1100-\u11ff\uac00-\ud7af"),
        ("Devanagari", "\u0900-\u097f"),
        ("Thai", "\u0e00-\u0e7f"),
    )
)


def choose(declared: object, paragraphs: Sequence[str], default: str = DEFAULT) -> str:
    """Return the language of an article: ``declared`` if it is a language tag, else detected.

    ``declared`` is the metadata's value (``"fr-FR"``, ``"de_AT"``, or nothing).
    """
    code = parse_language(declared, default="")
    sample = _sample(paragraphs)
    detected = detect(sample)
    if code:
        if (
            detected is not None
            and detected[1] >= MIN_CONFIDENCE
            and _script(code) != _script(detected[0]) == text_script(sample)
        ):
            return detected[0]
        return code
    if detected is not None and detected[1] >= MIN_CONFIDENCE:
        return detected[0]
    return default


def detect(text: str) -> tuple[str, float] | None:
    """Return ``(language, confidence)`` for ``text``, or ``None`` if it has too few letters."""
    if sum(char.isalpha() for char in text[:2000]) < MIN_LETTERS:
        return None
    language, confidence = _identifier().classify(text[:SAMPLE_CHARS])
    if language in _NOT_A_LANGUAGE:
        return None
    return language, float(confidence)


def _sample(paragraphs: Sequence[str]) -> str:
    pieces: list[str] = []
    size = 0
    for paragraph in paragraphs:
        if size >= SAMPLE_CHARS:
            break
        pieces.append(paragraph)
        size += len(paragraph) + 1
    return "\n".join(pieces)


def _script(language: str) -> str:
    return _SCRIPTS.get(language, "Latin")


def text_script(text: str) -> str:
    """Return the script most of the letters of ``text`` are written in (``"Other"``...)."""
    counts = {name: len(pattern.findall(text[:SAMPLE_CHARS])) for name, pattern in _LETTERS}
    name, count = max(counts.items(), key=lambda item: item[1])
    return name if count else "Other"


@functools.cache
def _identifier():
    # Loading the model takes about a second: once per process, on first use.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
