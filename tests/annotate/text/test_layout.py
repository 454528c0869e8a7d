"""Tests for annotate.text.layout: sentences cut into pieces at claim boundaries."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotate.text.layout import Paragraph, Piece, SentenceRun, layout
from annotate.text.normalize import normalize_text
from annotate.text.segment import Span, segment
from tests.annotate.text.strategies import texts

TEXT = "Kim met Trump. The summit failed.\n\nTalks resumed. Nobody knows why."


def pieces(paragraphs: list[Paragraph]) -> list[tuple[str, tuple[int, ...]]]:
    return [(p.text, p.claim_ids) for par in paragraphs for s in par.sentences for p in s.pieces]


def test_sentences_without_claims_are_single_pieces_grouped_by_paragraph():
    """With no claims, each sentence is one unmarked piece, grouped into paragraphs."""
    result = layout(TEXT, segment(TEXT), [])
    assert [par.index for par in result] == [0, 1]
    assert result[0].sentences[1] == SentenceRun(
        1, 15, 33, (Piece(15, 33, "The summit failed.", ()),)
    )
    assert pieces(result) == [
        ("Kim met Trump.", ()),
        ("The summit failed.", ()),
        ("Talks resumed.", ()),
        ("Nobody knows why.", ()),
    ]


def test_overlapping_claims_cut_pieces_at_every_boundary():
    """Overlapping claims: each piece lists every claim covering it, by claim start."""
    claims = [(7, 4, 13), (3, 0, 7)]  # "Kim met" and "met Trump"
    result = layout(TEXT, [(0, 0, 14, 0)], claims)
    assert pieces(result) == [
        ("Kim ", (3,)),
        ("met", (3, 7)),
        (" Trump", (7,)),
        (".", ()),
    ]


def test_nested_claims_list_the_outer_claim_first():
    """A claim inside another: same start sorts the longer one first."""
    result = layout(TEXT, [(0, 0, 14, 0)], [(2, 0, 3), (1, 0, 14)])
    assert pieces(result) == [("Kim", (1, 2)), (" met Trump.", (1,))]


def test_a_claim_across_sentences_and_paragraphs_marks_each_part():
    """A claim from the first paragraph into the second marks pieces in every sentence."""
    start, end = TEXT.index("summit"), TEXT.index("resumed") + len("resumed")
    result = layout(TEXT, segment(TEXT), [(9, start, end)])
    assert pieces(result) == [
        ("Kim met Trump.", ()),
        ("The ", ()),
        ("summit failed.", (9,)),
        ("Talks resumed", (9,)),
        (".", ()),
        ("Nobody knows why.", ()),
    ]


def test_sentence_and_claim_objects_are_accepted():
    """Spans from segment() and claim objects with id/start/end work as input."""

    class Claim:
        id, start, end = 5, 0, 3

    result = layout(TEXT, [Span(0, 14, 0)], [Claim()])
    assert result[0].sentences[0].index == 0
    assert pieces(result) == [("Kim", (5,)), (" met Trump.", ())]


@pytest.mark.parametrize(
    ("sentences", "message"),
    [
        ([(0, 0, 99, 0)], "Sentence 0 at 0-99 is outside the text (length 67)."),
        ([(0, 0, 10, 0), (1, 5, 14, 0)], "Sentence 1 overlaps the sentence before it."),
    ],
)
def test_bad_sentences_are_rejected(sentences, message):
    """Sentences outside the text or overlapping raise ValueError."""
    with pytest.raises(ValueError) as error:
        layout(TEXT, sentences, [])
    assert str(error.value) == message


claim_lists = st.lists(
    st.tuples(st.integers(1, 50), st.integers(-5, 130), st.integers(-5, 130)), max_size=12
)


@given(texts, claim_lists)
def test_pieces_rebuild_sentences_and_list_exactly_the_covering_claims(raw, claims):
    """Pieces of a sentence concatenate to it; each lists exactly the claims covering it."""
    text = normalize_text(raw)
    sentences = segment(text)
    result = layout(text, sentences, claims)
    runs = [s for par in result for s in par.sentences]
    assert [(r.start, r.end) for r in runs] == [(s.start, s.end) for s in sentences]
    assert [par.index for par in result] == sorted({s.paragraph for s in sentences})
    for run in runs:
        assert "".join(p.text for p in run.pieces) == text[run.start : run.end]
        for piece in run.pieces:
            assert piece.start < piece.end and piece.text == text[piece.start : piece.end]
            covering = sorted(
                (c for c in claims if c[1] <= piece.start and piece.end <= c[2]),
                key=lambda c: (c[1], -c[2], c[0]),
            )
            assert piece.claim_ids == tuple(c[0] for c in covering)
            # Pieces are maximal: no claim that covers something starts or ends inside one.
            cuts = [p for c in claims if c[1] < c[2] for p in c[1:]]
            assert not any(piece.start < p < piece.end for p in cuts)


# --- Gaps between sentences, edges in whitespace, some paragraphs at a time (issue 11) ---------


def test_the_space_between_sentences_is_a_piece_highlighted_by_a_claim_across_it():
    start, end = TEXT.index("Trump"), TEXT.index("summit") + len("summit")
    [first, _] = layout(TEXT, segment(TEXT), [(1, start, end)])
    assert first.sentences[0].gap == (Piece(14, 15, " ", (1,)),)
    assert first.sentences[1].gap == ()  # the paragraph break is not shown
    assert (first.start, first.end) == (0, 33)


def test_claim_edges_in_whitespace_outside_sentences_move_onto_the_text():
    """A claim of " The summit" starts at "The"; one ending in the break ends at "failed."."""
    summit = TEXT.index("summit")
    claims = [(1, TEXT.index(" The"), summit + len("summit")), (2, summit, TEXT.index("Talks"))]
    result = layout(TEXT, segment(TEXT), claims)
    assert pieces(result)[:4] == [
        ("Kim met Trump.", ()),
        ("The ", (1,)),
        ("summit", (1, 2)),
        (" failed.", (2,)),
    ]
    assert result[0].sentences[0].gap == (Piece(14, 15, " ", ()),)
    assert pieces(result)[4] == ("Talks resumed.", ())


def test_text_outside_the_sentences_is_kept_at_a_paragraphs_edges():
    text = "Intro: Kim met Trump. Note"
    [paragraph] = layout(text, [(0, 7, 21, 0)], [(1, 0, 26)])
    assert [p.text for p in paragraph.pieces()] == ["Intro: ", "Kim met Trump.", " Note"]
    assert all(p.claim_ids == (1,) for p in paragraph.pieces())


@given(texts, claim_lists)
def test_some_paragraphs_are_laid_out_as_in_the_whole_document(raw, claims):
    """The desk redraws the paragraphs a claim touches: they must come out as in the page."""
    text = normalize_text(raw)
    sentences = [(i, s.start, s.end, s.paragraph) for i, s in enumerate(segment(text))]
    whole = layout(text, sentences, claims)
    for paragraph in whole:
        some = [s for s in sentences if s[3] == paragraph.index]
        assert layout(text, some, claims) == [paragraph]
