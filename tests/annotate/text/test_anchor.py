"""Tests for annotate.text.anchor: UTF-16 offsets, quote checks and re-anchoring."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from annotate.text.anchor import (
    AnchorMismatch,
    QuoteSelector,
    Utf16Index,
    check_quote,
    codepoint_to_utf16,
    quote_selector,
    reanchor,
    utf16_to_codepoint,
)
from tests.annotate.text.strategies import texts

EMOJI_TEXT = "a😀b\U0001d400c"  # U+1F600 and U+1D400 take two UTF-16 units each


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_utf16_offsets_count_astral_characters_twice():
    """Each character outside the BMP is two UTF-16 units."""
    assert [codepoint_to_utf16(EMOJI_TEXT, i) for i in range(6)] == [0, 1, 3, 4, 6, 7]
    assert [utf16_to_codepoint(EMOJI_TEXT, u) for u in (0, 1, 3, 4, 6, 7)] == list(range(6))


def test_utf16_offset_inside_a_surrogate_pair_is_rejected():
    """An offset between the two halves of a surrogate pair names no character boundary."""
    with pytest.raises(ValueError) as error:
        utf16_to_codepoint(EMOJI_TEXT, 2)
    assert str(error.value) == (
        "UTF-16 offset 2 falls inside a surrogate pair (the character at code point 1)."
    )


def test_offsets_out_of_range_are_rejected():
    """Offsets below zero or past the end raise ValueError with the text's length."""
    with pytest.raises(ValueError) as error:
        utf16_to_codepoint(EMOJI_TEXT, 8)
    assert str(error.value) == "UTF-16 offset 8 is outside the text (UTF-16 length 7)."
    with pytest.raises(ValueError) as error:
        codepoint_to_utf16(EMOJI_TEXT, -1)
    assert str(error.value) == "Code point offset -1 is outside the text (length 5)."


@given(texts)
def test_utf16_index_round_trips_every_boundary(text):
    """Every code-point offset maps to the UTF-16 length of the prefix, and back."""
    index = Utf16Index(text)
    assert index.utf16_length == utf16_len(text)
    for i in range(len(text) + 1):
        assert index.to_utf16(i) == utf16_len(text[:i])
        assert index.to_codepoint(index.to_utf16(i)) == i
    boundaries = {utf16_len(text[:i]) for i in range(len(text) + 1)}
    for u in set(range(index.utf16_length + 1)) - boundaries:
        with pytest.raises(ValueError, match="inside a surrogate pair"):
            index.to_codepoint(u)


def test_check_quote_accepts_matching_text():
    """A quote equal to the text at its offsets passes silently."""
    check_quote("Hello world", 6, 11, "world")


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (6, 11, "The quoted text does not match the document at 6\u201311."),
        (30, 40, "Offsets 30\u201340 are outside the document (length 11)."),
        (-1, 3, "Offsets -1\u20133 are outside the document (length 11)."),
        (5, 5, "Offsets 5\u20135 select nothing: the start must be before the end."),
        (8, 2, "Offsets 8\u20132 select nothing: the start must be before the end."),
        ("1", 2, "Offsets '1'\u20132 are not whole numbers."),
    ],
)
def test_check_quote_rejects_bad_offsets_and_quotes(start, end, message):
    """Bad offsets and a quote that differs from the text raise AnchorMismatch."""
    with pytest.raises(AnchorMismatch) as error:
        check_quote("Hello world", start, end, "earth")
    assert str(error.value) == message
    assert isinstance(error.value, ValueError)


def test_quote_selector_keeps_context_on_both_sides():
    """The selector holds the quote and up to `context` characters either side."""
    text = "The quick brown fox jumps"
    assert quote_selector(text, 10, 15, context=4) == QuoteSelector("brown", "ick ", " fox")
    assert quote_selector(text, 0, 3) == QuoteSelector("The", "", " quick brown fox jumps")


def test_reanchor_keeps_the_old_position_when_the_quote_is_still_there():
    """If the text at the old position is the quote, it stays."""
    text = "fox and fox and fox"
    assert reanchor(text, QuoteSelector("fox", "and ", ""), 16) == (16, 19)


def test_reanchor_follows_a_quote_moved_by_an_edit_before_it():
    """Text inserted before the quote shifts it; exact search finds it again."""
    old = "Kim met Trump. The summit failed."
    selector = quote_selector(old, 15, 33)
    new = "In Hanoi, " + old
    assert reanchor(new, selector, 15) == (25, 43)


def test_reanchor_uses_context_to_pick_among_repeats():
    """Of several exact occurrences, the one whose prefix and suffix match wins."""
    old = "peace now. war later. peace talks."
    selector = quote_selector(old, 22, 27, context=6)  # the second "peace"
    new = "peace talks. war later. peace now. peace talks."
    assert reanchor(new, selector, 3) == (35, 40)


def test_reanchor_prefers_the_occurrence_nearest_the_old_position():
    """With no context to tell them apart, the nearest occurrence wins."""
    selector = QuoteSelector("x", "", "")
    assert reanchor("x-x-x-x", selector, 5) == (4, 5)


def test_reanchor_finds_a_slightly_edited_quote_nearby():
    """A quote with a small edit is found by the fuzzy pass near its old place."""
    old = "Intro text. Pyongyang has withered the talks since March. Outro."
    selector = quote_selector(old, 12, 57)
    new = "Intro text, longer. Pyongyang had withered the talks since March. Outro."
    start, end = reanchor(new, selector, 12)
    assert new[start:end] == "Pyongyang had withered the talks since March."


def test_reanchor_gives_up_on_a_lost_quote():
    """A quote that is gone, or changed too much, or empty, is not anchored."""
    text = "Completely different words here."
    assert reanchor(text, QuoteSelector("Pyongyang withered", "", ""), 3) is None
    assert reanchor(text, QuoteSelector("", "", ""), 0) is None


@given(texts, st.data())
def test_reanchor_finds_an_unchanged_quote(text, data):
    """In unchanged text a selector always anchors back to its own offsets."""
    assume(len(text) >= 1)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    assert reanchor(text, quote_selector(text, start, end), start) == (start, end)


@given(texts, texts, st.data())
def test_reanchor_after_insertion_returns_the_quote(text, inserted, data):
    """After text is inserted before it, the re-anchored span holds the exact quote."""
    assume(len(text) >= 1)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    selector = quote_selector(text, start, end)
    found = reanchor(inserted + text, selector, start)
    assert found is not None
    assert (inserted + text)[found[0] : found[1]] == selector.exact
