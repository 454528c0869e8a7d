"""What an import keeps beyond the text (issue 13): the article's links, its warnings, a second
document for the same text when asked, and web pages fetched from a URL behind the SSRF guard."""

from __future__ import annotations

import pytest

from annotate.models import Document, DocumentLink, Job, JobStatus, Sentence
from annotate.services import imports
from annotate.services.errors import PermissionDenied, ServiceError
from annotate.services.imports import import_again, import_start, import_url_start
from tests.annotate.ingest import fixtures
from tests.annotate.ingest.test_html import CAPTION_ONLY
from tests.annotate.pageserver import PAGE_LINKS, PAGE_TITLE
from tests.annotate.tasks import importfiles as files

pytestmark = pytest.mark.django_db


def run(membership, name: str, data: bytes, capture) -> Job:
    with capture(execute=True):
        [job] = import_start(membership=membership, uploads=[(name, data)])
    job.refresh_from_db()
    return job


def fetch(membership, url: str, capture) -> Job:
    with capture(execute=True):
        job = import_url_start(membership=membership, url=url)
    job.refresh_from_db()
    return job


def stored_links(document: Document) -> list[tuple[str, str, str]]:
    return [
        (document.text[link.start : link.end], link.url, link.origin)
        for link in document.links.order_by("position")
    ]


FIDELITY = [*fixtures.html_fixtures(), *fixtures.markdown_fixtures(), *fixtures.word_fixtures()]


@pytest.mark.parametrize("fixture", FIDELITY, ids=[f.name for f in FIDELITY])
def test_every_format_stores_the_articles_links_over_their_text(
    fixture, checker, django_capture_on_commit_callbacks
):
    """HTML, Markdown and Word: each link the article cites is stored over its exact text."""
    job = run(checker, fixture.filename, fixture.data, django_capture_on_commit_callbacks)
    assert (job.status, job.error) == (JobStatus.SUCCEEDED, "")
    kept = [(text, url) for text, url, _origin in stored_links(job.document)]
    assert kept == fixture.links


def test_a_link_in_a_word_footnote_is_stored_as_a_footnote_link(
    checker, django_capture_on_commit_callbacks
):
    data = fixtures.word_article()
    job = run(checker, "harbour.docx", data, django_capture_on_commit_callbacks)
    origins = {text: origin for text, _url, origin in stored_links(job.document)}
    assert origins == {
        "full account of its fuel costs": "body",
        "open to the public": "body",
        "published on the harbour website": "footnote",
    }


def test_a_caption_instead_of_an_article_warns_on_the_job_and_the_document(
    checker, django_capture_on_commit_callbacks
):
    job = run(checker, "libraries.html", CAPTION_ONLY.encode(), django_capture_on_commit_callbacks)
    expected = ["Only 14 words were found; the page may need a different extraction."]
    assert job.status == JobStatus.SUCCEEDED
    assert job.warnings == expected
    assert job.document.warnings == expected


def test_a_whole_article_has_no_warning(checker, django_capture_on_commit_callbacks):
    job = run(checker, "a.txt", files.txt(), django_capture_on_commit_callbacks)
    assert (job.warnings, job.document.warnings) == ([], [])


# --- The same text again ------------------------------------------------------------------------


def test_a_duplicate_keeps_its_file_until_the_user_decides(
    checker, django_capture_on_commit_callbacks
):
    first = run(checker, "a.txt", files.txt(), django_capture_on_commit_callbacks)
    again = run(checker, "wire-copy.txt", files.txt(), django_capture_on_commit_callbacks)
    assert again.duplicate_of == first.document
    assert again.input_file, "kept so that the user can still import it as a separate document"
    assert not first.input_file


def test_import_anyway_stores_a_separate_document_with_its_own_file_name(
    checker, django_capture_on_commit_callbacks
):
    """The same wire story from two outlets is two documents when the user says so."""
    first = run(checker, "outlet-a.txt", files.txt(), django_capture_on_commit_callbacks)
    duplicate = run(checker, "outlet-b.txt", files.txt(), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        job = import_again(membership=checker, job=duplicate)
    job.refresh_from_db()
    duplicate.refresh_from_db()
    assert (job.status, job.error, job.duplicate_of) == (JobStatus.SUCCEEDED, "", None)
    copy = job.document
    assert copy != first.document and copy.text == first.document.text
    assert (copy.copy_of, copy.original_name) == (first.document, "outlet-b.txt")
    assert copy.sentences.count() == first.document.sentences.count()
    assert not duplicate.input_file, "the file moved to the new job"
    # The original is still the one a third import of the text finds.
    third = run(checker, "outlet-c.txt", files.txt(), django_capture_on_commit_callbacks)
    assert third.duplicate_of == first.document


def test_import_anyway_twice_is_refused_and_adds_nothing(
    checker, django_capture_on_commit_callbacks
):
    run(checker, "a.txt", files.txt(), django_capture_on_commit_callbacks)
    duplicate = run(checker, "b.txt", files.txt(), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        import_again(membership=checker, job=duplicate)
    before = (Document.objects.count(), Job.objects.count())
    with pytest.raises(ServiceError, match="found no text the team already had"):
        import_again(membership=checker, job=duplicate)
    assert (Document.objects.count(), Job.objects.count()) == before


def test_import_anyway_is_refused_for_a_job_that_was_no_duplicate(
    checker, django_capture_on_commit_callbacks
):
    job = run(checker, "a.txt", files.txt(), django_capture_on_commit_callbacks)
    with pytest.raises(ServiceError, match="found no text the team already had"):
        import_again(membership=checker, job=job)
    assert Job.objects.count() == 1


def test_viewers_cannot_import_anyway(checker, viewer, django_capture_on_commit_callbacks):
    run(checker, "a.txt", files.txt(), django_capture_on_commit_callbacks)
    duplicate = run(checker, "b.txt", files.txt(), django_capture_on_commit_callbacks)
    with pytest.raises(PermissionDenied):
        import_again(membership=viewer, job=duplicate)
    assert Job.objects.count() == 2


def test_another_teams_job_cannot_be_imported_again(
    checker, outsider, django_capture_on_commit_callbacks
):
    run(checker, "a.txt", files.txt(), django_capture_on_commit_callbacks)
    duplicate = run(checker, "b.txt", files.txt(), django_capture_on_commit_callbacks)
    with pytest.raises(Job.DoesNotExist):
        import_again(membership=outsider, job=duplicate)
    assert Job.objects.count() == 2


# --- From a URL ---------------------------------------------------------------------------------


def test_a_page_is_fetched_and_imported_with_its_links(
    checker, page_server, allow_loopback, django_capture_on_commit_callbacks
):
    url = f"{page_server}/news/haushalt.html"
    job = fetch(checker, url, django_capture_on_commit_callbacks)
    assert (job.status, job.error) == (JobStatus.SUCCEEDED, "")
    document = job.document
    assert (document.title, document.source_format, document.language) == (PAGE_TITLE, "html", "de")
    assert document.source_url == url
    assert document.original_name == "127.0.0.1-haushalt.html"
    with document.original_file.open("rb") as handle:
        assert b"Stadtrat" in handle.read()
    assert [(t, u) for t, u, _o in stored_links(document)] == PAGE_LINKS
    assert job.params["source"] == "upload" and not job.input_file


def test_after_a_same_host_redirect_the_final_address_is_the_source(
    checker, page_server, allow_loopback, django_capture_on_commit_callbacks
):
    job = fetch(checker, f"{page_server}/moved", django_capture_on_commit_callbacks)
    assert job.document.source_url == f"{page_server}/news/haushalt.html"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/to-loopback", "localhost points to a loopback address"),
        ("/to-private", "192.168.1.20 points to a private address"),
        ("/to-mapped", "::ffff:127.0.0.1 points to a private address"),
    ],
)
def test_hostile_redirects_fail_the_job_and_store_nothing(
    path, reason, checker, page_server, allow_loopback, django_capture_on_commit_callbacks
):
    job = fetch(checker, page_server + path, django_capture_on_commit_callbacks)
    assert job.status == JobStatus.FAILED
    assert reason in job.error and "public internet" in job.error
    assert (Document.objects.count(), Sentence.objects.count(), DocumentLink.objects.count()) == (
        0,
        0,
        0,
    )
    assert not job.input_file


def test_loopback_is_refused_without_the_setting(
    checker, page_server, django_capture_on_commit_callbacks
):
    job = fetch(checker, f"{page_server}/news/haushalt.html", django_capture_on_commit_callbacks)
    assert job.status == JobStatus.FAILED
    assert "127.0.0.1 points to a loopback address" in job.error
    assert Document.objects.count() == 0


def test_a_file_that_is_no_page_is_refused(
    checker, page_server, allow_loopback, django_capture_on_commit_callbacks
):
    job = fetch(checker, f"{page_server}/report.pdf", django_capture_on_commit_callbacks)
    assert job.error == "The address gives application/pdf, not a web page we can import."
    assert Document.objects.count() == 0


@pytest.mark.parametrize(
    "url", ["", "   ", "ftp://example.org/story", "javascript:alert(1)", "/news/story", "https://"]
)
def test_addresses_that_are_no_web_page_are_refused_before_a_job(checker, url):
    with pytest.raises(ServiceError) as refused:
        import_url_start(membership=checker, url=url)
    assert refused.value.message == imports.NOT_A_WEB_PAGE
    assert refused.value.field == "url"
    assert Job.objects.count() == 0


def test_viewers_cannot_import_from_a_url(viewer):
    with pytest.raises(PermissionDenied):
        import_url_start(membership=viewer, url="https://example.org/story")
    assert Job.objects.count() == 0


def test_a_fetched_page_imported_again_is_not_fetched_twice(
    checker, page_server, allow_loopback, settings, django_capture_on_commit_callbacks
):
    url = f"{page_server}/news/haushalt.html"
    first = fetch(checker, url, django_capture_on_commit_callbacks)
    duplicate = fetch(checker, url, django_capture_on_commit_callbacks)
    assert duplicate.duplicate_of == first.document
    settings.IMPORT_URL_ALLOW_HOSTS = []  # a second fetch would now be refused
    with django_capture_on_commit_callbacks(execute=True):
        job = import_again(membership=checker, job=duplicate)
    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.SUCCEEDED, "")
    assert job.document.copy_of == first.document
    assert job.document.source_url == url
    assert [(t, u) for t, u, _o in stored_links(job.document)] == PAGE_LINKS
