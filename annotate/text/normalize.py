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

import bisect
import functools
import hashlib
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence

PARAGRAPH_SEPARATOR = "\n\n"

# Python's \s on str is exactly str.isspace().
_LEADING_WHITESPACE = re.compile(r"\s*")
# The characters that make a whitespace run a line break (the run around one is found by hand).
_LINE_BREAK = re.compile(r"[\n\r\u2029]")
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
    position = start
    # Find each line break, then the whitespace run around it: scanning for the rare break
    # characters is several times faster than matching the run pattern at every position.
    while (found := _LINE_BREAK.search(text, position)) is not None:
        before = text[position : found.start()]
        run_start = position + len(before.rstrip())
        run_end = _LEADING_WHITESPACE.match(text, found.end()).end()
        if _is_paragraph_break(text[run_start:run_end]):
            spans.append((start, run_start))
            start = run_end
        position = run_end
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


def normalize_paragraph_spans(
    paragraph: str, spans: Sequence[tuple[int, int]]
) -> tuple[str, list[tuple[int, int]]]:
    """Return ``normalize_paragraph(paragraph)`` and where each span of ``paragraph`` lands.

    Each ``(start, end)`` (code points into ``paragraph``, clamped to it) becomes the
    smallest span of the normalized paragraph that holds what the original span held,
    without a space at either end; a span that held only removed characters (controls,
    whitespace) comes back empty, ``start == end``. When NFC joins a character inside a
    span with one outside it (a combining mark right after a link's text), the span
    grows to hold the joined character. The text returned is exactly
    ``normalize_paragraph(paragraph)``.
    """
    cleaned = _SURROGATE.sub("\ufffd", paragraph)
    removed = [match.start() for match in _CONTROL.finditer(cleaned)]
    cleaned = _CONTROL.sub("", cleaned)
    length = len(paragraph)

    def in_cleaned(boundary: int) -> int:
        boundary = min(max(boundary, 0), length)
        return boundary - bisect.bisect_left(removed, boundary)

    wanted = [(in_cleaned(start), in_cleaned(max(start, end))) for start, end in spans]
    widened = [
        (_stable_boundary(cleaned, start, -1), _stable_boundary(cleaned, end, +1))
        for start, end in wanted
    ]
    boundaries = sorted({0, len(cleaned), *(b for span in widened for b in span)})
    pieces = [unicodedata.normalize("NFC", cleaned[a:b]) for a, b in itertools.pairwise(boundaries)]
    composed = "".join(pieces)
    if composed != unicodedata.normalize("NFC", cleaned):
        # Cannot happen if _stable_boundary is right; stay correct, if coarse, anyway.
        boundaries, composed = [0, len(cleaned)], unicodedata.normalize("NFC", cleaned)
        pieces = [composed]
        widened = [(0, len(cleaned)) for _span in widened]
    folded = _folded_positions(pieces)
    text = " ".join(composed.split())
    out = dict(zip(boundaries, folded, strict=True))
    return text, [_trimmed(text, out[start], out[end]) for start, end in widened]


def _stable_boundary(text: str, position: int, step: int) -> int:
    """Return the nearest position (moving by ``step``) that NFC never joins across."""
    while 0 < position < len(text) and not _starts_fresh(text[position]):
        position += step
    return position


def _starts_fresh(char: str) -> bool:
    """Tell whether NFC of ``x + char + y`` is always ``NFC(x) + NFC(char + y)``.

    True for a starter (canonical combining class 0) whose decomposition starts with a
    starter and that never composes with a character before it (Hangul vowels and
    trailing consonants, some Indic vowel signs do).
    """
    if char < "\x80":
        return True
    first = unicodedata.normalize("NFD", char)[0]
    return (
        unicodedata.combining(char) == 0
        and unicodedata.combining(first) == 0
        and char not in _second_of_pairs()
        and first not in _second_of_pairs()
    )


@functools.cache
def _second_of_pairs() -> frozenset[str]:
    """The starters that NFC composes with the character before them."""
    seconds = {chr(c) for c in range(0x1161, 0x1176)} | {chr(c) for c in range(0x11A8, 0x11C3)}
    # Canonical decompositions exist only in the first three planes.
    for code in range(0x30000):
        decomposition = unicodedata.decomposition(chr(code)).split()
        if len(decomposition) != 2 or decomposition[0].startswith("<"):
            continue
        composite = chr(code)
        if unicodedata.normalize("NFC", unicodedata.normalize("NFD", composite)) != composite:
            continue  # Excluded from composition: NFC never produces it.
        second = chr(int(decomposition[1], 16))
        if unicodedata.combining(second) == 0:
            seconds.add(second)
    return frozenset(seconds)


def _folded_positions(pieces: list[str]) -> list[int]:
    """Where each boundary between ``pieces`` lands once whitespace is folded and stripped.

    A boundary at a whitespace run lands after the single space the run becomes (the
    start of the next word); at the end of the text, or before only whitespace, it
    lands at the end of the folded text.
    """
    has_word_after = [False] * (len(pieces) + 1)
    for i in range(len(pieces) - 1, -1, -1):
        piece = pieces[i]
        has_word_after[i] = has_word_after[i + 1] or (bool(piece) and not piece.isspace())
    positions: list[int] = []
    length, seen_word, pending_space = 0, False, False
    for i, piece in enumerate(pieces):
        positions.append(length + (seen_word and pending_space) if has_word_after[i] else -1)
        if not piece:
            continue
        words = " ".join(piece.split())
        if words:
            length += (seen_word and (pending_space or piece[0].isspace())) + len(words)
            seen_word, pending_space = True, piece[-1].isspace()
        else:
            pending_space = True
    positions.append(length)
    return [length if position < 0 else position for position in positions]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    if start < end and text[start] == " ":
        start += 1
    if start < end and text[end - 1] == " ":
        end -= 1
    return (start, end) if start < end else (start, start)
