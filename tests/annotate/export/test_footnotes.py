"""Footnote numbers over the one layout engine: paragraphs of runs, a marker per claim."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings

from annotate.document_data import SentenceData
from annotate.export.footnotes import Run, footnoted, numbered_claims
from annotate.text.layout import shown_span
from tests.annotate.export.factories import claim, document, regions
from tests.annotate.export.strategies import documents

TEXT = "One two. Three.\n\nFour five."


def test_paragraphs_without_claims():
    """Sentences of one paragraph form one region; the break between paragraphs is hidden."""
    doc = document(TEXT)
    assert regions(doc) == [(0, 15), (17, 27)]
    assert footnoted(doc).paragraphs == ((Run(0, 15, (), ()),), (Run(17, 27, (), ()),))


def test_nested_and_overlapping_claims():
    """Runs are cut at every boundary and list their claims outermost first."""
    doc = document(TEXT, (claim(TEXT, 0, 15, 1), claim(TEXT, 4, 7, 2), claim(TEXT, 9, 27, 3)))
    plan = footnoted(doc)
    assert [c.id for c in plan.claims] == [1, 2, 3]
    assert plan.paragraphs == (
        (
            Run(0, 4, (1,), ()),
            Run(4, 7, (1, 2), (2,)),
            Run(7, 9, (1,), ()),
            Run(9, 15, (1, 3), (1,)),
        ),
        (Run(17, 27, (3,), (3,)),),
    )


def test_boundaries_in_hidden_whitespace_move_to_shown_text():
    """A claim starting in the paragraph break starts at the next paragraph; one ending in
    it ends at the previous paragraph; one made only of the break keeps just its marker."""
    doc = document(TEXT, (claim(TEXT, 15, 21, 1), claim(TEXT, 10, 16, 2), claim(TEXT, 15, 17, 3)))
    plan = footnoted(doc)
    assert [c.id for c in plan.claims] == [2, 1, 3]
    assert plan.paragraphs == (
        (Run(0, 10, (), ()), Run(10, 15, (1,), (1, 3))),
        (Run(17, 21, (2,), (2,)), Run(21, 27, (), ())),
    )


def test_text_before_the_first_sentence_is_kept():
    """Leading text the segmenter skipped still shows, in the first paragraph."""
    doc = replace(document(TEXT), sentences=(SentenceData(0, 4, 8, 0), SentenceData(1, 17, 27, 1)))
    assert regions(doc) == [(0, 15), (17, 27)]


def test_whitespace_only_text_with_a_claim():
    """Nothing to show but a claim of blanks: one empty paragraph with the marker."""
    text = "   "
    doc = replace(document(text, (claim(text, 0, 2),)), sentences=())
    assert footnoted(doc).paragraphs == ((Run(0, 0, (), (1,)),),)


def test_numbering_is_reading_order():
    """Footnote numbers follow the start, longer claims first, then the id."""
    doc = document(TEXT, (claim(TEXT, 4, 7, 1), claim(TEXT, 0, 3, 2), claim(TEXT, 0, 7, 3)))
    assert [c.id for c in numbered_claims(doc)] == [3, 2, 1]


@settings(deadline=None)  # the machine is shared: no timing in tests
@given(documents())
def test_runs_cover_the_shown_text_and_every_claim_once(doc):
    """Runs tile each shown region; each claim has exactly one marker; a run lists exactly
    the claims covering it."""
    plan = footnoted(doc)
    shown = [(start, end) for start, end in regions(doc) if start < end]
    markers = []
    for runs, (start, end) in zip(plan.paragraphs, shown, strict=False):
        texts = [run for run in runs if run.start < run.end]
        assert [(run.start, run.end) for run in texts] == list(
            zip([start] + [run.end for run in texts[:-1]], [run.end for run in texts], strict=True)
        )
        assert texts[-1].end == end
        for run in texts:
            covering = {
                number
                for number, c in enumerate(plan.claims, start=1)
                for start, end in [shown_span(doc.text, doc.sentences, c.start, c.end)]
                if start <= run.start and run.end <= end
            }
            assert set(run.claims) == covering
        markers.extend(number for run in runs for number in run.markers)
    assert sorted(markers) == list(range(1, len(doc.claims) + 1))


def test_a_claim_edge_in_the_space_between_sentences_moves_onto_the_text():
    """As on the desk: a claim of " Three." highlights "Three."; the space stays plain."""
    doc = document(TEXT, (claim(TEXT, 8, 15, 1),))
    assert footnoted(doc).paragraphs[0] == (Run(0, 9, (), ()), Run(9, 15, (1,), (1,)))


def test_a_claim_across_sentences_highlights_the_space_between_them():
    doc = document(TEXT, (claim(TEXT, 4, 13, 1),))
    assert footnoted(doc).paragraphs[0] == (
        Run(0, 4, (), ()),
        Run(4, 13, (1,), (1,)),
        Run(13, 15, (), ()),
    )
