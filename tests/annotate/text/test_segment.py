"""Tests for annotate.text.segment: sentence spans that hold for any text."""

from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotate.text import segment as segment_module
from annotate.text.normalize import normalize_text, paragraph_spans
from annotate.text.segment import Span, segment
from tests.annotate.text.strategies import texts

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def sentences(text: str, language: str | None = "en") -> list[str]:
    return [text[s.start : s.end] for s in segment(text, language)]


def seed(name: str) -> str:
    return normalize_text((SEEDS / f"{name}.txt").read_text())


def assert_guarantees(text: str, spans: list[Span]) -> None:
    """Assert every promise of segment() for ``text``."""
    covered = [0] * len(text)
    previous_end = 0
    for span in spans:
        assert previous_end <= span.start < span.end <= len(text)
        piece = text[span.start : span.end]
        assert piece == piece.strip()
        assert not any(c in LINE_BREAKS for c in piece)
        for i in range(span.start, span.end):
            covered[i] += 1
        previous_end = span.end
    for char, count in zip(text, covered, strict=True):
        assert count == 1 or (count == 0 and char.isspace())
    paragraphs = paragraph_spans(text)
    for span in spans:
        p_start, p_end = paragraphs[span.paragraph]
        assert p_start <= span.start and span.end <= p_end


def test_us_abbreviation_does_not_split_a_sentence():
    """'U.S.' inside a sentence is not a sentence end."""
    text = seed("depetris-coexist-peacefully-with-north-korea")
    expected = (
        "Over the last quarter century, U.S. policy towards North Korea has evolved into "
        "demanding Pyongyang\u2019s complete, verifiable, and irreversible denuclearization."
    )
    assert expected in sentences(text)


def test_sentence_starting_with_us_abbreviation_follows_a_split():
    """'... kerfuffle. U.S. policymakers ...' splits before 'U.S.', not after it."""
    text = seed("mott-normalize-relations-with-north-korea")
    found = sentences(text)
    assert (
        "To have more connections inside the regime would have surely been a net positive "
        "during this recent kerfuffle." in found
    )
    assert any(
        s.startswith("U.S. policymakers would have had more reliable sources") for s in found
    )


def test_quotes_and_dashes_stay_inside_their_sentence():
    """A quoted statement with brackets and an em-dash aside stay whole."""
    depetris = sentences(seed("depetris-coexist-peacefully-with-north-korea"))
    assert any(
        s.startswith("\u201cWhat we\u2019re talking about") and s.endswith("Biegun said.")
        for s in depetris
    )
    mott = sentences(seed("mott-normalize-relations-with-north-korea"))
    assert (
        "North Korea\u2019s leaders must — on some level — view their reliance on China "
        "as a threat to their sovereignty and autonomy of action." in mott
    )


def test_seed_paragraph_indices_follow_paragraphs():
    """Each sentence carries the index of its '\\n\\n'-separated paragraph."""
    text = seed("depetris-coexist-peacefully-with-north-korea")
    spans = segment(text)
    assert_guarantees(text, spans)
    assert [s.paragraph for s in spans[:5]] == [0, 1, 2, 2, 3]
    assert spans[-1].paragraph == text.count("\n\n")


def test_any_line_break_is_a_hard_break():
    """A sentence never spans a line break, even without punctuation."""
    text = "one\ntwo\r\nthree\u2028four\rfive"
    assert sentences(text) == ["one", "two", "three", "four", "five"]
    assert {s.paragraph for s in segment(text)} == {0}
    assert [s.paragraph for s in segment("a\n \nb\n\n\n\nc")] == [0, 1, 2]


@pytest.mark.parametrize("language", [None, "", "xx", "EN", "en-US", "pt_BR", "de"])
def test_unknown_or_missing_language_still_segments(language):
    """Missing and unknown language codes fall back to English rules without error."""
    assert sentences("Dr. Smith came. He left.", language)[-1] == "He left."


def test_empty_and_blank_text_has_no_sentences():
    """Text with no visible character has no sentence."""
    assert segment("") == []
    assert segment(" \n\n\t\u2028 ") == []


def test_broken_splitter_output_falls_back_to_regex():
    """Offsets from the splitter that do not tile the line are replaced by the fallback."""
    bogus = [{"start_index": 5, "end_index": 2}]
    with (
        mock.patch.object(segment_module, "_segment", return_value=["not the line"]),
        mock.patch.object(segment_module.sentencex, "get_sentence_boundaries", return_value=bogus),
    ):
        assert sentences("It rained. «Really?» Yes! 好。好") == [
            "It rained.",
            "«Really?»",
            "Yes!",
            "好。",
            "好",
        ]


def test_raising_splitter_falls_back_to_regex():
    """A splitter exception never escapes segment()."""
    boom = RuntimeError("boom")
    with (
        mock.patch.object(segment_module, "_segment", side_effect=boom),
        mock.patch.object(segment_module.sentencex, "get_sentence_boundaries", side_effect=boom),
    ):
        assert sentences("A b. C d") == ["A b.", "C d"]


def test_sentences_that_do_not_make_up_the_line_are_checked_the_slow_way():
    """The fast way (sentencex.segment) must give back the line exactly; else the offsets."""
    text = "It rained all day. Then it snowed! Fine"
    with mock.patch.object(segment_module, "_segment", return_value=["It rained", " all day."]):
        assert sentences(text) == ["It rained all day.", "Then it snowed!", "Fine"]


@given(texts, st.sampled_from(["en", "de", "ja"]))
def test_the_fast_way_finds_the_sentences_the_offsets_way_does(text, language):
    """sentencex.segment's strings and get_sentence_boundaries' offsets agree, line by line."""
    for line in text.splitlines():
        fast = segment_module._sentencex_sentences(line, language)
        if fast is None:
            continue
        checked = segment_module._sentencex_pieces(line, language)
        slow = [t for a, b in checked if (t := segment_module._trim(line, a, b))]
        assert segment_module._trimmed_spans(fast) == slow


@given(texts)
def test_segment_paragraph_is_segment_of_each_stored_paragraph(raw):
    text = normalize_text(raw)
    by_paragraph = []
    offset = 0
    for index, paragraph in enumerate(text.split("\n\n") if text else []):
        by_paragraph += [
            (offset + a, offset + b, index) for a, b in segment_module.segment_paragraph(paragraph)
        ]
        offset += len(paragraph) + 2
    assert by_paragraph == [(s.start, s.end, s.paragraph) for s in segment(text)]


@given(texts, st.sampled_from(["en", "de", "fr", "ja", "xx", None]))
def test_guarantees_hold_for_any_text(text, language):
    """For any text: ordered, trimmed, line-free spans covering each visible char once."""
    assert_guarantees(text, segment(text, language))


@given(texts)
def test_guarantees_hold_for_any_normalized_text(raw):
    """On stored text, the paragraph index is the index of the '\\n\\n' piece."""
    text = normalize_text(raw)
    spans = segment(text)
    assert_guarantees(text, spans)
    for span in spans:
        assert text[: span.start].count("\n\n") == span.paragraph


@given(texts)
def test_fallback_splitter_keeps_the_guarantees(text):
    """The regex fallback alone also keeps every guarantee."""
    with mock.patch.object(segment_module.sentencex, "get_sentence_boundaries", return_value=[]):
        assert_guarantees(text, segment(text))
