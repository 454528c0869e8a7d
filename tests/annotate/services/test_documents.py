"""Creating documents: sentences stored with their offsets, in bulk, once per text and team."""

from __future__ import annotations

import datetime
import math
import os
import re

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from annotate.document_data import LinkData
from annotate.ingest.article import Article, Link, paragraphs_of, stored_text
from annotate.ingest.errors import ImportRejected
from annotate.models import Document, DocumentLink, Sentence
from annotate.selectors.common import documents_for_team
from annotate.services import documents
from annotate.services.documents import (
    DuplicateDocument,
    document_create,
    documents_remove_abandoned,
)
from annotate.services.errors import ServiceError
from annotate.text.normalize import content_hash, normalize_text
from annotate.text.segment import segment
from tests.factories import make_document, make_member, make_team, sentences_text


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


# --- Writing in bounded chunks ------------------------------------------------------------------


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of 60 code points and batches of 3 rows: a short text takes many of each."""
    monkeypatch.setattr(documents, "TEXT_CHUNK", 60)
    monkeypatch.setattr(documents, "BATCH_ROWS", 3)
    monkeypatch.setattr(documents, "MAX_PENDING_ROWS", 6)


def _article() -> Article:
    paragraphs = [
        f"Paragraph {i} opens here.  It   cites https://example.org/{i} twice. Caf\u0065\u0301 {i}!"
        for i in range(12)
    ]
    paragraphs.insert(3, "   ")  # normalizes to nothing: skipped, not counted
    links = [
        Link(i, p.index("https"), p.index(" twice"), f"https://example.org/{i}")
        for i, p in enumerate(paragraphs)
        if "https" in p
    ]
    return Article(title="Chunked", paragraphs=paragraphs, links=links)


@pytest.mark.django_db
def test_a_document_written_in_chunks_is_the_one_written_whole(team, small_chunks):
    article = _article()
    text, links = stored_text(article)
    received: list = []
    document = document_create(
        team=team,
        created_by=None,
        title="Chunked",
        paragraphs=paragraphs_of(article),
        source_format="txt",
        on_links=lambda document, batch: received.extend(batch),
    )
    document.refresh_from_db()
    assert document.text == text
    assert document.text_length == len(text)
    assert document.content_hash == content_hash(text)
    assert document.importing_since is None
    rows = list(document.sentences.order_by("index").values_list("start", "end", "paragraph"))
    assert rows == [(s.start, s.end, s.paragraph) for s in segment(text)]
    assert document.sentence_count == len(rows)
    assert received == links
    assert all(text[k.start : k.end].startswith("https://") for k in received)


@pytest.mark.django_db(transaction=True)
def test_between_chunks_the_document_is_hidden_and_no_transaction_is_open(small_chunks):
    team = make_team()
    member = make_member(team)
    seen = []

    def on_progress(sentences: int, _total: int) -> None:
        partial = Document.with_importing.get()
        seen.append(
            (
                connection.in_atomic_block,
                partial.importing_since is not None,
                documents_for_team(member).count(),
                team.documents.count(),
            )
        )

    document_create(
        team=team,
        created_by=None,
        title="Chunked",
        paragraphs=paragraphs_of(_article()),
        source_format="txt",
        on_progress=on_progress,
    )
    *during, last = seen
    assert len(during) > 3
    assert set(during) == {(False, True, 0, 0)}
    assert last == (False, False, 1, 1)


def _failing(paragraphs, after: int):
    for index, paragraph in enumerate(paragraphs):
        if index == after:
            raise ImportRejected("The file broke halfway.")
        yield paragraph


@pytest.mark.django_db
def test_a_failure_halfway_removes_the_partial_document(team, small_chunks):
    kept = make_document(team, "Another document stays.")
    with pytest.raises(ImportRejected, match="broke halfway"):
        document_create(
            team=team,
            created_by=None,
            title="Broken",
            paragraphs=_failing(paragraphs_of(_article()), after=9),
            source_format="txt",
        )
    assert list(Document.with_importing.all()) == [kept]
    assert Sentence.objects.exclude(document=kept).count() == 0


@pytest.mark.django_db
def test_a_duplicate_found_after_the_last_chunk_stores_nothing(team, small_chunks):
    first = document_create(
        team=team,
        created_by=None,
        title="One",
        paragraphs=paragraphs_of(_article()),
        source_format="txt",
        original_bytes=b"original",
    )
    with pytest.raises(DuplicateDocument) as caught:
        document_create(
            team=team,
            created_by=None,
            title="Two",
            paragraphs=paragraphs_of(_article()),
            source_format="txt",
            original_bytes=b"original",
        )
    assert caught.value.existing == first
    assert list(Document.with_importing.all()) == [first]
    assert Sentence.objects.count() == first.sentence_count
    storage = Document._meta.get_field("original_file").storage
    folder = os.path.dirname(first.original_file.name)
    assert storage.listdir(folder)[1] == [os.path.basename(first.original_file.name)]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [12, 48])
def test_statements_are_per_chunk_and_batch_not_per_row(team, small_chunks, count):
    """Each chunk: a savepoint, one write of the row, one INSERT per BATCH_ROWS sentences."""
    text = normalize_text(sentences_text(count, seed=count))
    with CaptureQueriesContext(connection) as queries:
        document_create(team=team, created_by=None, title="t", text=text, source_format="txt")
    sqls = [q["sql"].strip() for q in queries]
    inserts = sum(sql.startswith("INSERT INTO annotate_sentence") for sql in sqls)
    chunks = sum(
        sql.startswith(('INSERT INTO "annotate_document"', 'UPDATE "annotate_document"'))
        for sql in sqls
    )
    assert chunks > 1  # a paragraph is over TEXT_CHUNK: one chunk each
    assert inserts <= math.ceil(count / documents.BATCH_ROWS) + chunks
    # The duplicate check, the reload of the finished row, and per chunk savepoint + release.
    assert len(sqls) == 2 + 3 * chunks + inserts


@pytest.mark.django_db
def test_the_sweep_removes_abandoned_partial_documents_only(team, small_chunks):
    complete = make_document(team, "A finished document.")
    long_ago = timezone.now() - datetime.timedelta(seconds=documents.ABANDONED_AFTER_SECONDS + 60)
    fields = {"team": team, "title": "p", "text": "x", "text_length": 1, "source_format": "txt"}
    old = Document.with_importing.create(**fields, content_hash="a", importing_since=long_ago)
    Sentence.objects.create(document=old, index=0, start=0, end=1, paragraph=0)
    recent = Document.with_importing.create(
        **fields, content_hash="b", importing_since=timezone.now()
    )
    assert documents_remove_abandoned() == 1
    assert set(Document.with_importing.all()) == {complete, recent}
    assert not Sentence.objects.filter(document_id=old.pk).exists()


@pytest.mark.django_db
def test_links_written_in_chunks_are_stored_in_order_over_their_text(team, small_chunks):
    """Each chunk stores its own links; positions run on across chunks."""
    article = _article()
    text, links = stored_text(article)
    document = document_create(
        team=team,
        created_by=None,
        title="Chunked",
        paragraphs=paragraphs_of(article),
        source_format="txt",
    )
    document.refresh_from_db()
    stored = list(document.links.order_by("position").values_list("position", "start", "end"))
    assert stored == [(i, k.start, k.end) for i, k in enumerate(links)]
    assert [document.text[s:e] for _p, s, e in stored] == [text[k.start : k.end] for k in links]
