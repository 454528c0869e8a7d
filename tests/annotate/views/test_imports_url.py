"""The upload page's web-page field and the job page's answer to a duplicate (issue 13)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from annotate.models import Document, Job, JobStatus
from annotate.services.imports import import_start
from tests.annotate.ingest.test_html import CAPTION_ONLY
from tests.annotate.pageserver import PAGE_TITLE
from tests.annotate.tasks import importfiles as files

pytestmark = pytest.mark.django_db

NEW_URL = reverse("annotate:import-new")


def detail_url(job) -> str:
    return reverse("annotate:job-detail", args=[job.pk])


def again_url(job) -> str:
    return reverse("annotate:job-import-again", args=[job.pk])


def test_the_upload_page_offers_a_web_page_address(client_for, checker):
    body = client_for(checker).get(NEW_URL).content.decode()
    assert 'name="url"' in body and 'inputmode="url"' in body


def test_a_web_page_is_imported_from_its_address(
    client_for, checker, page_server, allow_loopback, django_capture_on_commit_callbacks
):
    client = client_for(checker)
    url = f"{page_server}/news/haushalt.html"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW_URL, {"url": url})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(job)
    body = client.get(detail_url(job)).content.decode()
    assert f"Open “{PAGE_TITLE}”" in body
    assert Document.objects.get().source_url == url


def test_a_hostile_redirect_shows_why_on_the_job_page(
    client_for, checker, page_server, allow_loopback, django_capture_on_commit_callbacks
):
    client = client_for(checker)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(NEW_URL, {"url": f"{page_server}/to-private"})
    body = client.get(detail_url(Job.objects.get())).content.decode()
    assert "The address 192.168.1.20 points to a private address" in body
    assert Document.objects.count() == 0


@pytest.mark.parametrize("url", ["ftp://example.org/a", "javascript:alert(1)", "https://"])
def test_an_address_that_is_no_web_page_is_refused_on_the_form(client_for, checker, url):
    response = client_for(checker).post(NEW_URL, {"url": url})
    body = response.content.decode()
    assert response.status_code == 400
    assert "starting with http:// or https://" in body or "Enter a full link" in body
    assert f'value="{url}"' in body, "the address stays in the field"
    assert Job.objects.count() == 0


def test_viewers_cannot_import_a_web_page(client_for, viewer):
    response = client_for(viewer).post(NEW_URL, {"url": "https://example.org/story"})
    assert response.status_code == 403
    assert Job.objects.count() == 0


# --- A duplicate: open it, or import anyway ------------------------------------------------------


def duplicate_of_first(checker, capture) -> tuple[Job, Job]:
    with capture(execute=True):
        [first] = import_start(membership=checker, uploads=[("outlet-a.txt", files.txt())])
        [again] = import_start(membership=checker, uploads=[("outlet-b.txt", files.txt())])
    first.refresh_from_db()
    again.refresh_from_db()
    return first, again


def test_the_job_page_names_the_document_with_the_same_text(
    client_for, checker, django_capture_on_commit_callbacks
):
    first, again = duplicate_of_first(checker, django_capture_on_commit_callbacks)
    body = client_for(checker).get(detail_url(again)).content.decode()
    document_url = reverse("annotate:document-detail", args=[first.document_id])
    assert "The same text is already in the team as" in body
    assert f'href="{document_url}"' in body and f"Open “{first.document.title}”" in body
    assert f'action="{again_url(again)}"' in body
    assert "Import anyway as a separate document" in body


def test_import_anyway_makes_a_separate_document(
    client_for, checker, django_capture_on_commit_callbacks
):
    first, again = duplicate_of_first(checker, django_capture_on_commit_callbacks)
    client = client_for(checker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(again_url(again))
    new_job = Job.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == detail_url(new_job)
    copy = new_job.document
    assert (copy.copy_of, copy.original_name) == (first.document, "outlet-b.txt")
    body = client.get(detail_url(new_job)).content.decode()
    assert "a separate copy of a text the team already had" in body
    # The duplicate's page no longer offers it (its file moved to the new job).
    assert "Import anyway" not in client.get(detail_url(again)).content.decode()
    desk = client.get(reverse("annotate:document-detail", args=[copy.pk])).content.decode()
    assert "A separate copy of a text the team already has" in desk


def test_import_anyway_twice_shows_the_reason_and_adds_nothing(
    client_for, checker, django_capture_on_commit_callbacks
):
    _first, again = duplicate_of_first(checker, django_capture_on_commit_callbacks)
    client = client_for(checker)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(again_url(again))
    before = (Document.objects.count(), Job.objects.count())
    response = client.post(again_url(again))
    assert response.status_code == 400
    assert "found no text the team already had" in response.content.decode()
    assert (Document.objects.count(), Job.objects.count()) == before


def test_import_anyway_is_for_the_team_and_its_importers(
    client_for, checker, viewer, outsider, django_capture_on_commit_callbacks
):
    _first, again = duplicate_of_first(checker, django_capture_on_commit_callbacks)
    assert client_for(outsider).post(again_url(again)).status_code == 404
    assert client_for(viewer).post(again_url(again)).status_code == 403
    assert client_for(checker).get(again_url(again)).status_code == 405
    assert Job.objects.count() == 2


def test_warnings_show_on_the_job_page_and_the_desk(
    client_for, checker, django_capture_on_commit_callbacks
):
    page = SimpleUploadedFile("libraries.html", CAPTION_ONLY.encode())
    with django_capture_on_commit_callbacks(execute=True):
        [job] = import_start(membership=checker, uploads=[("libraries.html", page)])
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    client = client_for(checker)
    warning = "Only 14 words were found; the page may need a different extraction."
    assert warning in client.get(detail_url(job)).content.decode()
    desk = reverse("annotate:document-detail", args=[job.document_id])
    assert warning in client.get(desk).content.decode()


def test_an_address_without_a_scheme_is_taken_as_https(client_for, checker):
    client_for(checker).post(NEW_URL, {"url": "www.example.org/story"})
    assert Job.objects.get().params["url"] == "https://www.example.org/story"
