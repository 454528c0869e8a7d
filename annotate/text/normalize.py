"""Normalize document text: the one place that decides what the stored text looks like.

The stored text of a document is a list of paragraphs joined with ``"\\n\\n"``. Inside a
paragraph there is no line break, no control character, no run of whitespace and no
leading or trailing whitespace, and the text is in Unicode NFC. Every offset in the
project (sentences, claims, exports) is a code-point index into that text, so this
module must stay stable: changing it changes the meaning of stored offsets.

Paragraph breaks in raw input are blank lines: a run of whitespace that holds two or
more line breaks (``\\r\\n``, ``\\r`` or ``\\n``; ``\\r\\n`` counts once), or a
U+2029 PARAGRAPH SEPARATOR. ``paragraph_spans`` and ``split_paragraphs`` use that
rule on any input, so on normalized text they agree with a plain ``split("\\n\\n")``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

PARAGRAPH_SEPARATOR = "\n\n"

# Python's \s on str is exactly str.isspace().
_LEADING_WHITESPACE = re.compile(r"\s*")
# A whole whitespace run holding a line break. The lookbehind lets a match start only at
# the first character of a run, which keeps the search linear in the text length.
_VERTICAL_RUN = re.compile(r"(?<!\s)\s*[\n\r\u2029]\s*")
# Control characters (Unicode category Cc) that are not whitespace, plus the byte-order
# mark U+FEFF, which is invisible junk left over from file encodings. Whitespace
# controls (\t, \n, \v, \f, \r, \x1c-\x1f, \x85) are folded to spaces instead.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ufeff]")
# Lone surrogates cannot be encoded as UTF-8 (nor stored); they become U+FFFD.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def normalize_paragraph(paragraph: str) -> str:
    """Return one paragraph as stored: clean, NFC, single-spaced, stripped, one line."""
    cleaned = _SURROGATE.sub("\ufffd", paragraph)
    cleaned = _CONTROL.sub("", cleaned)
    # NFC after removing controls, so that a mark separated from its base by a removed
    # control character composes; whitespace is folded after NFC because NFC maps
    # U+2000/U+2001 to other spaces.
    cleaned = unicodedata.normalize("NFC", cleaned)
    # str.split() without arguments splits on every str.isspace() character, which
    # folds all line breaks (\n, \r, U+2028, U+2029, \v, \f, ...) and collapses runs.
    return " ".join(cleaned.split())


def normalize_paragraphs(paragraphs: Iterable[str]) -> str:
    """Return the stored document text for a sequence of paragraphs.

    Each paragraph goes through ``normalize_paragraph``; paragraphs that end up empty
    are dropped; the rest are joined with ``"\\n\\n"``.
    """
    normalized = (normalize_paragraph(p) for p in paragraphs)
    return PARAGRAPH_SEPARATOR.join(p for p in normalized if p)


def _is_paragraph_break(run: str) -> bool:
    """Tell whether a whitespace run separates paragraphs (a blank line or U+2029)."""
    if "\u2029" in run:
        return True
    line_breaks = run.count("\n") + run.count("\r") - run.count("\r\n")
    return line_breaks >= 2


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each paragraph of ``text``, in order.

    On normalized text these are the pieces between ``"\\n\\n"`` separators. On any
    other text a paragraph is a stretch between blank lines (see the module docstring),
    trimmed of surrounding whitespace; stretches holding only whitespace are skipped.
    """
    spans: list[tuple[int, int]] = []
    start = _LEADING_WHITESPACE.match(text).end()
    for run in _VERTICAL_RUN.finditer(text, start):
        if _is_paragraph_break(run.group()):
            spans.append((start, run.start()))
            start = run.end()
    end = start + len(text[start:].rstrip())
    if start < end:
        spans.append((start, end))
    return spans


def split_paragraphs(text: str) -> list[str]:
    """Split raw plain text into paragraphs at blank lines (not yet normalized)."""
    return [text[start:end] for start, end in paragraph_spans(text)]


def normalize_text(text: str) -> str:
    """Return the stored document text for plain-text input.

    Paragraphs are separated by blank lines (one or more lines holding only
    whitespace) or U+2029; single line breaks inside a paragraph become spaces.
    ``normalize_text(normalize_text(x)) == normalize_text(x)``.
    """
    return normalize_paragraphs(split_paragraphs(text))


def content_hash(text: str) -> str:
    """Return the SHA-256 hex digest of ``text`` encoded as UTF-8.

    Pass the normalized (stored) text; the text is hashed as given. Lone surrogates,
    which normalized text never holds, are encoded with ``surrogatepass`` so this never
    raises.
    """
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
