"""Tests for annotate.text.normalize: the stored document text and its paragraphs."""

import hashlib
import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from annotate.text.normalize import (
    content_hash,
    normalize_paragraph,
    normalize_paragraphs,
    normalize_text,
    paragraph_spans,
    split_paragraphs,
)
from tests.annotate.text.strategies import texts

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def assert_normalized(text: str) -> None:
    """Assert the shape of stored text: clean NFC paragraphs joined by blank lines."""
    assert unicodedata.is_normalized("NFC", text)
    if not text:
        return
    for paragraph in text.split("\n\n"):
        assert paragraph
        assert paragraph == paragraph.strip()
        assert "  " not in paragraph
        assert all(c == " " or not c.isspace() for c in paragraph)
        assert not any(unicodedata.category(c) in ("Cc", "Cs") for c in paragraph)
        assert "\ufeff" not in paragraph


def test_line_breaks_inside_a_paragraph_become_single_spaces():
    """Every kind of line break and whitespace run inside a paragraph folds to one space."""
    raw = "One\r\ntwo\rthree\nfour\u2028five\u2029six\vseven\fe\t\u00a0 ight"
    assert normalize_paragraph(raw) == "One two three four five six seven e ight"


def test_paragraphs_are_stripped_cleaned_and_empty_ones_dropped():
    """Controls go, NFC composes, empty paragraphs vanish, the rest join with a blank line."""
    paragraphs = ["  Caf\u0065\u0301 \x00ok  ", " \n\t ", "\ufeffSecond\x07 one.", ""]
    assert normalize_paragraphs(paragraphs) == "Caf\u00e9 ok\n\nSecond one."


def test_lone_surrogates_become_replacement_characters():
    """A lone surrogate cannot be stored as UTF-8, so it becomes U+FFFD."""
    assert normalize_paragraphs(["a\ud800b"]) == "a\ufffdb"


def test_plain_text_splits_paragraphs_on_blank_lines():
    """Blank lines (even holding spaces) and U+2029 separate paragraphs; single breaks don't."""
    raw = "\r\nFirst line\r\nstill first.\r\n \t\r\n\r\nSecond.\n\n\nThird\u2029Fourth\n"
    assert normalize_text(raw) == "First line still first.\n\nSecond.\n\nThird\n\nFourth"
    assert split_paragraphs("a\nb\n\n c ") == ["a\nb", "c"]


def test_paragraph_spans_of_normalized_text_are_the_pieces_between_blank_lines():
    """On stored text, paragraph spans match a split on the blank line."""
    assert paragraph_spans("ab c\n\nd\n\nef") == [(0, 4), (6, 7), (9, 11)]
    assert paragraph_spans("") == []
    assert paragraph_spans(" \n\n\t") == []


def test_content_hash_is_sha256_of_utf8():
    """The content hash is the hex SHA-256 of the UTF-8 bytes."""
    assert content_hash("é") == hashlib.sha256("é".encode()).hexdigest()
    assert content_hash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_seed_articles_keep_their_line_paragraphs_only_with_blank_lines():
    """The DePetris seed uses blank lines between paragraphs; each stays a paragraph."""
    raw = (SEEDS / "depetris-coexist-peacefully-with-north-korea.txt").read_text()
    text = normalize_text(raw)
    assert_normalized(text)
    assert text.startswith("fbpx Politics Foreign Affairs Culture Fellows Program\n\nLearning")
    assert "vis-à-vis" in normalize_text(
        (SEEDS / "mott-normalize-relations-with-north-korea.txt").read_text()
    )


@given(texts)
def test_normalize_text_gives_stored_shape_and_is_idempotent(raw):
    """Any input normalizes to the stored shape, and normalizing again changes nothing."""
    text = normalize_text(raw)
    assert_normalized(text)
    assert normalize_text(text) == text
    assert normalize_paragraphs(text.split("\n\n")) == text


@given(st.lists(texts, max_size=5))
def test_normalize_paragraphs_gives_stored_shape(paragraphs):
    """Any list of paragraphs normalizes to the stored shape, idempotently."""
    text = normalize_paragraphs(paragraphs)
    assert_normalized(text)
    assert normalize_text(text) == text
    assert content_hash(text) == hashlib.sha256(text.encode()).hexdigest()


@given(texts)
def test_paragraph_spans_are_trimmed_ordered_and_separated_by_breaks(raw):
    """Spans are non-empty, trimmed, in order, and only blank lines lie between them."""
    spans = paragraph_spans(raw)
    previous_end = 0
    for index, (start, end) in enumerate(spans):
        assert previous_end <= start < end
        piece = raw[start:end]
        assert piece == piece.strip()
        gap = raw[previous_end:start]
        assert not gap.strip()
        if index:
            assert normalize_text("x" + gap + "x") == "x\n\nx"
        previous_end = end
    assert not raw[previous_end:].strip()
    assert normalize_paragraphs(split_paragraphs(raw)) == normalize_text(raw)


@given(texts)
def test_paragraph_spans_of_stored_text_match_split(raw):
    """On stored text, paragraph_spans equals the offsets of split('\\n\\n')."""
    text = normalize_text(raw)
    expected, position = [], 0
    for piece in text.split("\n\n") if text else []:
        expected.append((position, position + len(piece)))
        position += len(piece) + 2
    assert paragraph_spans(text) == expected
