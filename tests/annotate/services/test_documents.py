"""Creating documents: sentences stored with their offsets, in bulk, once per text and team."""

from __future__ import annotations

import pytest

from annotate.models import Document, Sentence
from annotate.services.documents import DuplicateDocument, document_create
from annotate.services.errors import ServiceError
from annotate.text.normalize import normalize_text
from tests.factories import make_document, sentences_text


@pytest.mark.django_db
def test_sentences_point_into_the_text(team):
    document = make_document(team, "One. Two is here.\n\nThree, in a new paragraph.")
    sentences = list(document.sentences.order_by("index"))
    assert [document.text[s.start : s.end] for s in sentences] == [
        "One.",
        "Two is here.",
        "Three, in a new paragraph.",
    ]
    assert [s.paragraph for s in sentences] == [0, 0, 1]
    assert document.sentence_count == 3
    assert document.text_length == len(document.text)


@pytest.mark.django_db
def test_offsets_are_code_points_with_astral_characters(team):
    text = normalize_text("Emoji 🎉 first. Caf\u0065\u0301 second. 日本語の文。")
    document = make_document(team, text)
    for sentence in document.sentences.all():
        assert document.text[sentence.start : sentence.end] == sentence.text
    assert "🎉" in document.sentences.get(index=0).text
    assert "Caf\u00e9 second" in document.text  # NFC composed the accent


@pytest.mark.django_db
def test_the_same_text_twice_is_a_duplicate_that_stores_nothing(team):
    first = make_document(team, "Exactly this text.")
    with pytest.raises(DuplicateDocument) as caught:
        make_document(team, "Exactly this text.", title="Again")
    assert caught.value.existing == first
    assert "already in the team" in caught.value.message
    assert Document.objects.count() == 1
    assert Sentence.objects.count() == first.sentence_count


@pytest.mark.django_db
def test_empty_text_is_refused(team):
    with pytest.raises(ServiceError, match=r"The document has no text\."):
        document_create(team=team, created_by=None, title="x", text="  ", source_format="txt")
    assert Document.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("n_sentences", [10, 5000])
def test_query_count_does_not_grow_with_the_document(team, django_assert_num_queries, n_sentences):
    """All sentences go in one INSERT: 10 and 3,000 sentences take the same statements."""
    text = normalize_text(sentences_text(n_sentences))
    # duplicate check, savepoint, document insert, sentences insert, release savepoint
    with django_assert_num_queries(5):
        document_create(team=team, created_by=None, title="t", text=text, source_format="txt")
    assert Sentence.objects.count() == n_sentences
