"""Tests for normalize_paragraph_spans: spans of raw paragraph text carried into stored text."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from annotate.text.normalize import normalize_paragraph, normalize_paragraph_spans
from tests.annotate.text.strategies import TRICKY, texts

# Characters NFC joins or reorders: combining marks of several classes, Hangul jamo (a
# syllable is built from three starters), an Indic vowel sign that composes as a
# starter, a character whose decomposition starts with a mark, and the Angstrom sign
# that NFC maps to another character.
JOINING = (
    "e\u0301\u0316\u0308\u0327\u1100\u1161\u11a8\uac00\u0b47\u0b3e\u0f73\u0f71\u212b\u0344\u0958"
)
ASCII_WORDS = "abc xyz Qq .,!"
pieces = st.text(alphabet=TRICKY + JOINING, max_size=12) | st.text(max_size=6)


@st.composite
def paragraph_with_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    paragraph = draw(texts | st.text(alphabet=TRICKY + JOINING, max_size=80))
    bounds = st.integers(min_value=-2, max_value=len(paragraph) + 2)
    spans = draw(st.lists(st.tuples(bounds, bounds), max_size=6))
    return paragraph, spans


@given(paragraph_with_spans())
@example(("\x00", [(0, 1)]))
@example(("\u1100\u1161\u11a8", [(0, 2), (2, 3), (1, 2)]))
@example(("a\x00\u0301b", [(0, 1), (2, 4)]))
@example((" \U0001f600  x\u200d ", [(0, 3), (1, 2), (3, 6)]))
def test_text_is_normalize_paragraph_and_spans_are_well_formed(case) -> None:
    paragraph, spans = case
    text, mapped = normalize_paragraph_spans(paragraph, spans)
    assert text == normalize_paragraph(paragraph)
    assert len(mapped) == len(spans)
    for start, end in mapped:
        assert 0 <= start <= end <= len(text)
        if start < end:
            assert not text[start].isspace() and not text[end - 1].isspace()


@given(st.lists(pieces, min_size=1, max_size=6), st.data())
def test_a_piece_between_ascii_neighbours_maps_to_its_own_normalized_text(parts, data) -> None:
    """A span whose edges NFC cannot join across holds exactly its normalized text."""
    i = data.draw(st.integers(0, len(parts) - 1))
    before = "".join(parts[:i]) + data.draw(st.sampled_from(["", " ", "a", "\n"]))
    after = data.draw(st.sampled_from(["", " ", "z", "\t"])) + "".join(parts[i + 1 :])
    piece = parts[i]
    paragraph = before + piece + after
    start, end = len(before), len(before) + len(piece)
    if not (_fresh_at(paragraph, start) and _fresh_at(paragraph, end)):
        return
    text, [(s, e)] = normalize_paragraph_spans(paragraph, [(start, end)])
    assert text[s:e] == normalize_paragraph(piece)


def _fresh_at(paragraph: str, index: int) -> bool:
    """A boundary before an ASCII character (skipping removed controls) or at an end."""
    while index < len(paragraph) and unicodedata.category(paragraph[index]) == "Cc":
        if paragraph[index].isspace():
            return True
        index += 1
    if index >= len(paragraph):
        return True
    return paragraph[index] < "\x80"


@given(paragraph_with_spans())
def test_mapping_is_monotonic_and_covers_the_whole(case) -> None:
    paragraph, spans = case
    ordered = sorted({max(0, min(b, len(paragraph))) for span in spans for b in span})
    text, mapped = normalize_paragraph_spans(paragraph, [(b, b) for b in ordered])
    starts = [start for start, _end in mapped]
    assert starts == sorted(starts)
    whole = normalize_paragraph_spans(paragraph, [(0, len(paragraph))])[1][0]
    assert text[whole[0] : whole[1]] == text


@given(st.text(alphabet=ASCII_WORDS + " \n\t", max_size=60), st.data())
def test_ascii_spans_hold_their_words(paragraph: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(paragraph)))
    end = data.draw(st.integers(start, len(paragraph)))
    text, [(s, e)] = normalize_paragraph_spans(paragraph, [(start, end)])
    assert text[s:e] == " ".join(paragraph[start:end].split())


def test_combining_mark_after_a_span_joins_it() -> None:
    text, spans = normalize_paragraph_spans("see cafe\u0301 now", [(4, 8), (10, 13)])
    assert text == "see café now"
    assert [text[s:e] for s, e in spans] == ["café", "now"]


def test_characters_outside_the_bmp_count_as_one_code_point() -> None:
    paragraph = "\U0001f600 read \U0001d400 the\u00a0report \U0001f44d\U0001f3fd"
    start = paragraph.index("\U0001d400")
    text, [(s, e)] = normalize_paragraph_spans(paragraph, [(start, start + 12)])
    assert text[s:e] == "\U0001d400 the report"
    assert s == 7


def test_controls_and_whitespace_runs_inside_a_span_are_removed() -> None:
    text, spans = normalize_paragraph_spans("a  \x00b\x07c \r\n d", [(1, 7), (0, 12), (2, 3)])
    assert text == "a bc d"
    assert [text[s:e] for s, e in spans] == ["bc", "a bc d", ""]
