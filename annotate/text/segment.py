"""Split document text into sentences with code-point offsets.

``segment`` works on any ``str`` and always returns spans that
- are in order, non-empty and non-overlapping, with ``text[span.start:span.end]`` the
  sentence and no whitespace at either end,
- never hold a line break of any kind (``"\\n"``, ``"\\r"``, U+2028, ... are hard
  breaks), so never cross a paragraph break,
- together cover every non-whitespace character of ``text`` exactly once.

``span.paragraph`` is the index of the paragraph as ``normalize.paragraph_spans``
counts them: on normalized text, the index of the ``"\\n\\n"``-separated piece; on any
other text, paragraphs are stretches between blank lines, and stretches holding only
whitespace are not counted.

The splitter is sentencex (bench/segmenters.py has the comparison with pysbd). Its
answer is checked for every line; if it does not fit the line, a plain regex splitter
is used for that line instead, so the guarantees hold even if sentencex misbehaves.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import sentencex

from annotate.text.normalize import paragraph_spans

DEFAULT_LANGUAGE = "en"

# Every character str.splitlines() breaks on; none may appear inside a sentence.
_LINE = re.compile(r"[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")
# Fallback splitter: a sentence ends after terminal punctuation plus closing quotes or
# brackets, when whitespace follows; CJK full stops end a sentence without a space.
_FALLBACK_END = re.compile(
    r"[.!?\u2026\u203c\u2047-\u2049]+[\"'\u201d\u2019\u00bb\u203a)\]]*(?=\s)"
    r"|[\u3002\uff01\uff1f\uff61]+[\u300d\u300f\uff09\u201d\u2019]*"
)


Offsets = tuple[int, int]
_segment = sentencex.segment


@dataclass(frozen=True, slots=True)
class Span:
    """One sentence: ``text[start:end]``, in paragraph number ``paragraph``."""

    start: int
    end: int
    paragraph: int


def segment(text: str, language: str | None = DEFAULT_LANGUAGE) -> list[Span]:
    """Return the sentences of ``text`` (see the module docstring for the guarantees).

    ``language`` is a language code such as ``"en"`` or ``"de-AT"``; ``None``, an empty
    or an unknown code is treated as English.
    """
    code = _language_code(language)
    spans: list[Span] = []
    for paragraph, (p_start, p_end) in enumerate(paragraph_spans(text)):
        for line in _LINE.finditer(text, p_start, p_end):
            offset = line.start()
            for start, end in _split_line(line.group(), code):
                spans.append(Span(offset + start, offset + end, paragraph))
    return spans


def segment_paragraph(paragraph: str, language: str | None = DEFAULT_LANGUAGE) -> list[Offsets]:
    """Return ``(start, end)`` of each sentence of one paragraph of stored text.

    ``paragraph`` is one piece of normalized text (no line break inside). The spans
    are the ones ``segment`` finds in it; segmenting a stored text paragraph by
    paragraph gives ``segment``'s answer for the whole text, without its scan for
    paragraph and line breaks.
    """
    return _split_line(paragraph, _language_code(language))


def _language_code(language: object) -> str:
    """Return the primary subtag of a language code, lower-cased; English by default."""
    if not isinstance(language, str):
        return DEFAULT_LANGUAGE
    primary = language.strip().replace("_", "-").split("-")[0].lower()
    return primary or DEFAULT_LANGUAGE


def _split_line(line: str, language: str) -> list[Offsets]:
    """Return trimmed sentence spans of one line (no line breaks inside)."""
    sentences = _sentencex_sentences(line, language)
    if sentences is not None:
        return _trimmed_spans(sentences)
    pieces = _sentencex_pieces(line, language)
    if pieces is None:
        pieces = list(_fallback_pieces(line))
    return [trimmed for start, end in pieces if (trimmed := _trim(line, start, end))]


def _sentencex_sentences(line: str, language: str) -> list[str] | None:
    """Return sentencex's sentences of ``line`` if, put together, they are exactly the line.

    The fast way: sentencex.segment gives the sentences as strings (with the whitespace
    after each), so their lengths are the offsets; one join checks them all.
    """
    try:
        sentences = _segment(language, line)
    except Exception:  # any splitter failure means: try the checked way
        return None
    if not isinstance(sentences, list) or "".join(sentences) != line:
        return None
    return sentences


def _trimmed_spans(sentences: list[str]) -> list[Offsets]:
    """Spans of consecutive ``sentences`` without the whitespace around each."""
    spans = []
    position = 0
    for sentence in sentences:
        kept = sentence.rstrip()
        if kept:
            if kept[0].isspace():  # rare: sentencex puts the space after a sentence
                start = position + len(kept) - len(kept.lstrip())
                spans.append((start, position + len(kept)))
            else:
                spans.append((position, position + len(kept)))
        position += len(sentence)
    return spans


def _sentencex_pieces(line: str, language: str) -> list[Offsets] | None:
    """Return sentencex's pieces of ``line``, or None if they do not tile the line."""
    for code in dict.fromkeys((language, DEFAULT_LANGUAGE)):
        try:
            boundaries = sentencex.get_sentence_boundaries(code, line)
            pieces = [(b["start_index"], b["end_index"]) for b in boundaries]
        except Exception:  # noqa: S112 -- any splitter failure means: try the next way
            continue
        if _tiles(line, pieces):
            return pieces
    return None


def _tiles(line: str, pieces: list[tuple[int, int]]) -> bool:
    """Tell whether ``pieces`` are in order and cover all non-whitespace of ``line``."""
    position = 0
    for start, end in pieces:
        if not (isinstance(start, int) and isinstance(end, int)):
            return False
        if not position <= start <= end <= len(line):
            return False
        if line[position:start].strip():
            return False
        position = end
    return not line[position:].strip()


def _fallback_pieces(line: str) -> Iterator[tuple[int, int]]:
    """Split ``line`` after terminal punctuation; the last piece runs to the end."""
    start = 0
    for match in _FALLBACK_END.finditer(line):
        yield start, match.end()
        start = match.end()
    yield start, len(line)


def _trim(line: str, start: int, end: int) -> tuple[int, int] | None:
    """Return ``(start, end)`` without surrounding whitespace, or None if nothing is left."""
    piece = line[start:end]
    stripped = piece.lstrip()
    if not stripped:
        return None
    start += len(piece) - len(stripped)
    return start, start + len(stripped.rstrip())
