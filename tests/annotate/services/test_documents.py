"""Creating documents: sentences stored with their offsets, in bulk, once per text and team."""

from __future__ import annotations

import re

import pytest
from django.db import IntegrityError, transaction

from annotate.document_data import LinkData
from annotate.models import Document, DocumentLink, Sentence
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


# --- The article's links, and copies made on purpose -------------------------------------------


def _link(text: str, part: str, url: str, origin: str = "body") -> LinkData:
    start = text.index(part)
    return LinkData(start, start + len(part), url, origin)


@pytest.mark.django_db
def test_links_are_stored_over_their_text_in_order(team):
    text = "Emoji 🎉 first, see the report. Then the footnote source.\n\nA second paragraph."
    links = [
        _link(text, "footnote source", "https://b.example/note", "footnote"),
        _link(text, "the report", "HTTPS://a.example/report"),
    ]
    document = make_document(team, text, links=links)
    stored = list(document.links.order_by("position"))
    assert [(document.text[k.start : k.end], k.url, k.origin) for k in stored] == [
        ("the report", "https://a.example/report", "body"),
        ("footnote source", "https://b.example/note", "footnote"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad",
    [
        LinkData(0, 4, "javascript:alert(1)", "body"),
        LinkData(0, 4, "mailto:desk@example.org", "body"),
        LinkData(0, 4, "https://", "body"),
        LinkData(0, 4, "https://example.org/" + "a" * 2000, "body"),
        LinkData(0, 4, "https://example.org/", "sidebar"),
        LinkData(4, 4, "https://example.org/", "body"),
        LinkData(0, 10_000, "https://example.org/", "body"),
    ],
)
def test_unsound_links_are_left_out_and_the_rest_kept(team, bad):
    good = LinkData(5, 9, "https://example.org/good", "body")
    document = make_document(team, "Some text here.", links=[bad, good])
    assert list(document.links.values_list("start", "end", "url")) == [
        (5, 9, "https://example.org/good")
    ]


@pytest.mark.django_db
def test_a_link_past_the_text_is_refused_by_the_database(team):
    document = make_document(team, "Short text.")
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentLink.objects.create(
            document=document, position=0, start=0, end=500, url="https://example.org/"
        )


@pytest.mark.django_db
@pytest.mark.parametrize("n_links", [3, 600])
def test_query_count_does_not_grow_with_the_links(team, django_assert_num_queries, n_links):
    text = normalize_text(sentences_text(n_links))
    starts = [m.start() for m in re.finditer("says", text)]
    links = [LinkData(s, s + 4, f"https://example.org/{i}", "body") for i, s in enumerate(starts)]
    # duplicate check, savepoint, document insert, sentences insert, links insert, release
    with django_assert_num_queries(6):
        document_create(
            team=team, created_by=None, title="t", text=text, source_format="txt", links=links
        )
    assert DocumentLink.objects.count() == n_links


@pytest.mark.django_db
def test_a_copy_on_purpose_is_a_second_document_pointing_at_the_first(team):
    first = make_document(team, "The wire story, word for word.")
    copy = make_document(team, "The wire story, word for word.", allow_duplicate=True)
    assert copy.pk != first.pk and copy.copy_of == first
    assert copy.content_hash == first.content_hash
    # A plain import of the text still finds the original.
    with pytest.raises(DuplicateDocument) as caught:
        make_document(team, "The wire story, word for word.")
    assert caught.value.existing == first
