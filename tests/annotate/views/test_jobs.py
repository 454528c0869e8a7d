"""The jobs area: one Jobs list and one job page for imports and exports, with the download.

Before issue 11 the Jobs list linked every row, exports included, to the import-job page, which
had no file link (the download was only on /exports/<id>/), the list showed no format, and a
failed job kept a half-full progress bar.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from annotate.models import Job, JobKind, JobStatus
from annotate.services.exports import export_start
from annotate.services.imports import import_start
from tests.annotate.tasks import importfiles as files

pytestmark = pytest.mark.django_db

LIST_URL = reverse("annotate:job-list")


@pytest.fixture
def export_job(checker, document, django_capture_on_commit_callbacks) -> Job:
    with django_capture_on_commit_callbacks(execute=True):
        job = export_start(membership=checker, document_ids=[document.pk], fmt="w3c")
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    return job


def _row(body: str, job: Job) -> str:
    [row] = re.findall(rf'<tr [^>]*data-job="{job.pk}".*?</tr>', body, re.S)
    return row


def test_an_export_can_be_downloaded_from_the_jobs_page(client_for, checker, export_job):
    """The list's row shows the format and the download; its link leads to a page with it."""
    client = client_for(checker)
    row = _row(client.get(LIST_URL).content.decode(), export_job)
    download = reverse("annotate:job-download", args=[export_job.pk])
    assert "W3C Web Annotations" in row
    assert f'href="{download}"' in row
    [link] = re.findall(r'<td><a href="([^"]+)">Export', row)
    page = client.get(link).content.decode()
    assert f'href="{download}"' in page and "data-export-download" in page
    assert "W3C Web Annotations" in page
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (f'attachment; filename="{export_job.result_name}"')
    assert export_job.result_name.endswith(".w3c.jsonld")


def test_an_import_shows_its_format_on_the_list_and_its_page(
    client_for, checker, django_capture_on_commit_callbacks
):
    client = client_for(checker)
    with django_capture_on_commit_callbacks(execute=True):
        [job] = import_start(membership=checker, uploads=[("story.md", b"# Title\n\nText.")])
    row = _row(client.get(LIST_URL).content.decode(), job)
    assert '<td data-format data-label="Format">Markdown</td>' in row
    page = client.get(reverse("annotate:job-detail", args=[job.pk])).content.decode()
    assert "Markdown" in page and "Open “Title”" in page


@pytest.mark.parametrize("kind", [JobKind.IMPORT, JobKind.EXPORT])
def test_a_failed_job_shows_why_and_no_half_full_bar(client_for, checker, team, kind):
    job = Job.objects.create(
        team=team,
        kind=kind,
        status=JobStatus.FAILED,
        error="It went wrong.",
        params={"format": "csv", "document_ids": [1]} if kind == JobKind.EXPORT else {},
        input_name="a.txt",
        progress_done=1,
        progress_total=4,
        created_by=checker.user,
    )
    client = client_for(checker)
    page = client.get(reverse("annotate:job-detail", args=[job.pk])).content.decode()
    row = _row(client.get(LIST_URL).content.decode(), job)
    for html in (page, row):
        assert "It went wrong." in html
        assert "<progress" not in html
    assert 'role="alert"' in page


def test_the_export_address_is_the_same_page_for_exports_only(client_for, checker, export_job):
    client = client_for(checker)
    page = client.get(reverse("annotate:export-job", args=[export_job.pk]))
    assert page.status_code == 200
    assert page.templates[0].name == "annotate/jobs/job.html"
    [job] = import_start(membership=checker, uploads=[("a.txt", files.txt())], enqueue=False)
    assert client.get(reverse("annotate:export-job", args=[job.pk])).status_code == 404
    assert client.get(reverse("annotate:job-detail", args=[job.pk])).status_code == 200
    assert client.get(reverse("annotate:job-download", args=[job.pk])).status_code == 404


def test_another_teams_export_file_is_a_404(client_for, outsider, export_job):
    client = client_for(outsider)
    assert client.get(reverse("annotate:job-detail", args=[export_job.pk])).status_code == 404
    assert client.get(reverse("annotate:job-download", args=[export_job.pk])).status_code == 404


@pytest.mark.parametrize("n_jobs", [1, 6])
def test_a_list_of_exports_and_imports_costs_the_same_whatever_its_length(
    client_for,
    checker,
    document,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
    n_jobs,
):
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(n_jobs):
            export_start(membership=checker, document_ids=[document.pk], fmt="csv")
            import_start(membership=checker, uploads=[(f"{i}.txt", files.txt(text=f"S {i}."))])
    client = client_for(checker)
    # session, user, memberships, jobs (with their documents and people)
    with django_assert_num_queries(4):
        body = client.get(LIST_URL).content.decode()
    assert body.count("data-job-download") == n_jobs
