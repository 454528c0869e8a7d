"""Export pages: start from the document page or the list, watch progress, download."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.urls import reverse

from annotate.formats import EXPORT_KEYS as FORMATS
from annotate.formats import export_format
from annotate.models import Job, JobKind, JobStatus
from tests.annotate.exports_support import document_with_claims
from tests.factories import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def start(django_capture_on_commit_callbacks):
    """POST the export form; the task runs as the request's commit would run it."""

    def post(client, ids, fmt="md", *, run=True):
        with django_capture_on_commit_callbacks(execute=run):
            return client.post(reverse("annotate:export-create"), {"document": ids, "format": fmt})

    return post


def download(response) -> bytes:
    return b"".join(response.streaming_content)


def test_exporting_one_document_ends_in_a_download(start, client_for, checker, document):
    """POST starts the job and redirects to its page, which links to the file."""
    client = client_for(checker)
    response = start(client, [document.pk], "html")
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("annotate:export-job", args=[job.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    link = reverse("annotate:export-download", args=[job.pk])
    assert f'href="{link}"' in page.content.decode()
    file = client.get(link)
    assert file.status_code == 200
    assert file["Content-Type"] == "text/html; charset=utf-8"
    assert file["Content-Disposition"] == f'attachment; filename="budget-story-{document.pk}.html"'
    assert "The U.S. spent $5 billion in 2019." in download(file).decode()


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_downloads_with_its_content_type(start, client_for, checker, document, fmt):
    """Each format downloads as an attachment with the registry's media type."""
    client = client_for(checker)
    start(client, [document.pk], fmt)
    job = Job.objects.get()
    file = client.get(reverse("annotate:export-download", args=[job.pk]))
    assert file["Content-Type"] == export_format(fmt).media_type
    assert file["Content-Disposition"].startswith("attachment; ")
    assert download(file)


def test_a_selection_downloads_as_a_zip(start, client_for, checker, team):
    """Several documents from the list become one zip, a file per document."""
    ids = [make_document(team).pk for _ in range(2)]
    client = client_for(checker)
    start(client, ids, "json")
    job = Job.objects.get()
    file = client.get(reverse("annotate:export-download", args=[job.pk]))
    assert file["Content-Type"] == "application/zip"
    assert len(zipfile.ZipFile(io.BytesIO(download(file))).namelist()) == 2


def test_a_forged_id_is_refused_with_a_message(start, client_for, checker, document, other_team):
    """Another team's document id gives a 404 page saying so; no job is stored."""
    theirs = make_document(other_team)
    response = start(client_for(checker), [document.pk, theirs.pk])
    assert response.status_code == 404
    assert f"No such document in this team: {theirs.pk}." in response.content.decode()
    assert not Job.objects.exists()


def test_a_bad_format_or_empty_selection_says_why(start, client_for, checker, document):
    """Bad input is a 400 with the service's message and no job."""
    client = client_for(checker)
    response = start(client, [document.pk], "pdf")
    assert response.status_code == 400
    assert "Unknown export format “pdf”." in response.content.decode()
    response = start(client, [], "md")
    assert response.status_code == 400
    assert "Choose at least one document to export." in response.content.decode()
    assert not Job.objects.exists()


def test_start_needs_post_and_a_login(start, client, client_for, checker, document):
    """GET is not allowed; anonymous users go to the login page."""
    url = reverse("annotate:export-create")
    assert start(client, [document.pk]).status_code == 302
    assert not Job.objects.exists()
    assert client_for(checker).get(url).status_code == 405


def test_another_teams_job_and_file_are_404(start, client_for, checker, outsider, document):
    """An outsider cannot see the job page or download its file."""
    start(client_for(checker), [document.pk])
    job = Job.objects.get()
    client = client_for(outsider)
    assert client.get(reverse("annotate:export-job", args=[job.pk])).status_code == 404
    assert client.get(reverse("annotate:export-download", args=[job.pk])).status_code == 404


def test_import_jobs_are_not_export_pages(client_for, checker, team):
    """The export pages only show export jobs."""
    job = Job.objects.create(team=team, kind=JobKind.IMPORT)
    client = client_for(checker)
    assert client.get(reverse("annotate:export-job", args=[job.pk])).status_code == 404


def test_a_running_job_polls_and_an_unfinished_one_has_no_file(client_for, checker, team, document):
    """While queued the page polls itself with htmx; the download is a 404 until done."""
    job = Job.objects.create(
        team=team,
        kind=JobKind.EXPORT,
        params={"format": "md", "document_ids": [document.pk]},
        progress_total=1,
    )
    client = client_for(checker)
    url = reverse("annotate:export-job", args=[job.pk])
    page = client.get(url).content.decode()
    assert f'hx-get="{url}"' in page and 'hx-trigger="every 1s"' in page
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    # One job page for imports and exports (issue 11): the same progress partial.
    assert partial.lstrip().startswith('<section id="job-progress"')
    assert "<html" not in partial
    assert client.get(reverse("annotate:export-download", args=[job.pk])).status_code == 404


def test_a_failed_job_shows_why_and_stops_polling(client_for, checker, team, document):
    """The failure message is on the page, and the partial no longer polls."""
    job = Job.objects.create(
        team=team,
        kind=JobKind.EXPORT,
        status=JobStatus.FAILED,
        error="Document 5 is no longer in this team (deleted after the export started).",
        params={"format": "md", "document_ids": [document.pk]},
    )
    client = client_for(checker)
    partial = client.get(
        reverse("annotate:export-job", args=[job.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert "Document 5 is no longer in this team" in partial
    assert "hx-get" not in partial


def test_the_document_page_menu_and_list_form_post_to_the_export(client_for, checker, document):
    """The menu (document page) and the selection form (list) render with every format."""
    from django.template.loader import render_to_string

    client = client_for(checker)
    response = client.get(reverse("annotate:document-list"))
    html = response.content.decode()
    assert 'id="export-selection"' in html
    menu = render_to_string(
        "annotate/exports/_document_menu.html",
        {"document": document},
        request=response.wsgi_request,
    )
    assert f'name="document" value="{document.pk}"' in menu
    for fragment in (html, menu):
        assert f'action="{reverse("annotate:export-create")}"' in fragment
        assert re.findall(r'<option value="(\w+)"', fragment) == list(FORMATS)


@pytest.mark.parametrize("n", [2, 12])
def test_page_and_download_query_counts_do_not_grow(
    start, client_for, checker, team, n, django_assert_num_queries
):
    """The job page and the download cost the same statements whatever the export's size."""
    document = document_with_claims(team, n)
    client = client_for(checker)
    start(client, [document.pk], "csv")
    job = Job.objects.get()
    # session, user, memberships (middleware), the job
    with django_assert_num_queries(4):
        client.get(reverse("annotate:export-job", args=[job.pk]))
    with django_assert_num_queries(4):
        download(client.get(reverse("annotate:export-download", args=[job.pk])))


@pytest.mark.parametrize("n", [2, 12])
def test_starting_an_export_costs_the_same_whatever_the_size(
    start, client_for, checker, team, n, django_assert_num_queries
):
    """Checking the ids and storing the job does not depend on the documents' claims."""
    document = document_with_claims(team, n)
    client = client_for(checker)
    # session, user, memberships (middleware), the job limit, the job's creator, the id check,
    # the job insert; the task runs after the commit.
    with django_assert_num_queries(7):
        start(client, [document.pk], "csv", run=False)


def test_the_job_page_shows_an_export_the_sweep_failed(start, client_for, checker, document):
    """A stale export, failed by the sweep (never by a page), shows the message and no download."""
    from django.utils import timezone

    from annotate.services.job_sweep import jobs_sweep
    from annotate.services.jobs import STALE_AFTER_SECONDS

    client = client_for(checker)
    start(client, [document.pk], "csv", run=False)
    job = Job.objects.get()
    long_ago = timezone.now() - timezone.timedelta(seconds=STALE_AFTER_SECONDS + 60)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=long_ago)
    jobs_sweep(in_flight=None)
    body = client.get(reverse("annotate:export-job", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert (job.status, job.error) == (
        JobStatus.FAILED,
        "The worker stopped while running this job. Start it again.",
    )
    assert "The worker stopped while running this job. Start it again." in body
    assert "data-export-download" not in body


@pytest.mark.django_db(transaction=True)  # the export is handed to Redis when it commits
def test_an_export_while_redis_is_down_says_so(client_for, checker, document, stopped_broker):
    response = client_for(checker).post(
        reverse("annotate:export-create"), {"document": [document.pk], "format": "csv"}
    )
    assert response.status_code == 503
    assert "The job queue is not answering; try again." in response.content.decode()
    job = Job.objects.get()
    assert (job.status, job.error) == (
        JobStatus.FAILED,
        "The job queue is not answering; try again.",
    )
