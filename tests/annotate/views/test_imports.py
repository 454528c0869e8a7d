"""Import pages: upload, live progress and the job list; team-scoped, viewers refused."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from annotate.models import Document, Job, JobStatus
from annotate.services.imports import import_start
from tests.annotate.tasks import importfiles as files

pytestmark = pytest.mark.django_db

NEW_URL = reverse("annotate:import-new")
LIST_URL = reverse("annotate:job-list")


def detail_url(job) -> str:
    return reverse("annotate:job-detail", args=[job.pk])


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_the_upload_page_offers_files_and_pasting(client_for, checker):
    body = client_for(checker).get(NEW_URL).content.decode()
    assert 'type="file" name="files" multiple' in body
    assert 'name="text"' in body and 'name="title"' in body
    assert "annotate/imports.js" in body
    assert f'href="{NEW_URL}">Import</a>' in body  # the nav link


def test_viewers_are_refused_with_a_message(client_for, viewer):
    client = client_for(viewer)
    response = client.get(NEW_URL)
    assert response.status_code == 403
    assert "viewers cannot import" in response.content.decode()
    assert 'name="files"' not in response.content.decode()
    response = client.post(NEW_URL, {"files": [upload("a.txt", files.txt())]})
    assert response.status_code == 403
    assert Job.objects.count() == 0


def test_uploading_a_file_leads_to_its_job_and_then_the_document(
    client_for, checker, django_capture_on_commit_callbacks
):
    client = client_for(checker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW_URL, {"files": [upload("roads.txt", files.txt())]})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(job)
    job.refresh_from_db()
    body = client.get(detail_url(job)).content.decode()
    assert 'hx-trigger="every 1s"' not in body  # finished: no more polling
    link = reverse("annotate:document-detail", args=[job.document.pk])
    assert f'class="document-link" href="{link}"' in body


def test_several_files_go_to_the_job_list(client_for, checker, django_capture_on_commit_callbacks):
    client = client_for(checker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            NEW_URL,
            {"files": [upload("a.txt", files.txt()), upload("b.md", files.markdown())]},
        )
    jobs = list(Job.objects.order_by("pk"))
    assert response["Location"] == f"{LIST_URL}?new={jobs[0].pk},{jobs[1].pk}"
    body = client.get(response["Location"]).content.decode()
    assert body.count("job-new") == 2
    assert {job.status for job in Job.objects.all()} == {JobStatus.SUCCEEDED}


def test_pasted_text_is_imported_with_its_title(
    client_for, checker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(checker).post(NEW_URL, {"title": "Pasted", "text": files.ARTICLE})
    assert Document.objects.get().title == "Pasted"


def test_an_empty_form_says_what_to_do(client_for, checker):
    response = client_for(checker).post(NEW_URL, {"title": "x", "text": " "})
    assert response.status_code == 400
    assert (
        "Choose a file to import, give a web page&#x27;s address, or paste the article&#x27;s text."
        in response.content.decode()
    )
    assert Job.objects.count() == 0


def test_a_file_over_the_limit_is_refused_with_413(client_for, checker, settings):
    settings.MAX_UPLOAD_BYTES = 100
    response = client_for(checker).post(NEW_URL, {"files": [upload("big.txt", b"x" * 101)]})
    assert response.status_code == 413
    assert "“big.txt” is 0.0 MB; the limit is 0.0 MB." in response.content.decode()
    assert Job.objects.count() == 0


def test_a_body_too_big_for_any_import_is_a_413_before_it_is_read(
    client_for, checker, settings, monkeypatch
):
    """The declared length is checked first: the body is never parsed, nothing is stored."""
    from django.http import multipartparser

    def never(self):
        raise AssertionError("the body was parsed")

    monkeypatch.setattr(multipartparser.MultiPartParser, "parse", never)
    settings.MAX_UPLOAD_BYTES = 10
    settings.MAX_UPLOAD_MB = 0
    response = client_for(checker).post(NEW_URL, {"files": [upload("big.txt", b"x" * 2_000_000)]})
    assert response.status_code == 413
    body = response.content.decode()
    assert "The request is 1.9 MB; the limit is 0 MB a file." in body
    assert 'name="files"' in body  # the form again, to pick smaller files
    assert Job.objects.count() == 0
    assert Document.objects.count() == 0


def test_the_declared_length_is_what_counts(client_for, checker, settings):
    """A huge CONTENT_LENGTH is refused even before a byte of it arrives."""
    limit = settings.MAX_UPLOAD_BYTES * 20 + 1024 * 1024
    response = client_for(checker).post(NEW_URL, {"text": "Short."}, CONTENT_LENGTH=str(limit + 1))
    assert response.status_code == 413
    assert f"The request is {(limit + 1) / 2**20:.1f} MB; the limit is " in (
        response.content.decode()
    )
    assert Job.objects.count() == 0


def test_the_upload_form_still_needs_the_csrf_token(checker):
    """CSRF is checked after the size, not skipped: a post without the token is a 403."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(checker.user)
    response = client.post(NEW_URL, {"title": "T", "text": "Some text."})
    assert response.status_code == 403
    assert Job.objects.count() == 0
    page = client.get(NEW_URL)
    token = page.cookies["csrftoken"].value
    response = client.post(
        NEW_URL, {"title": "T", "text": "Some text.", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert Job.objects.count() == 1


def test_a_failed_job_shows_its_error(client_for, checker, django_capture_on_commit_callbacks):
    client = client_for(checker)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(NEW_URL, {"files": [upload("photo.txt", files.PNG)]}, follow=False)
    job = Job.objects.get()
    body = client.get(detail_url(job)).content.decode()
    assert "This looks like a PNG image, not a text file." in body
    assert 'role="alert"' in body


def test_an_unfinished_job_polls_its_progress_partial(client_for, checker):
    [job] = import_start(membership=checker, uploads=[("a.txt", files.txt())], enqueue=False)
    client = client_for(checker)
    page = client.get(detail_url(job)).content.decode()
    assert 'hx-trigger="every 1s"' in page
    partial = client.get(detail_url(job), headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<section id="job-progress"')
    assert "<html" not in partial
    assert 'hx-trigger="every 1s"' in partial
    assert 'value="0"' in partial


def test_another_teams_job_is_a_404(client_for, checker, outsider):
    [job] = import_start(membership=outsider, uploads=[("a.txt", files.txt())], enqueue=False)
    assert client_for(checker).get(detail_url(job)).status_code == 404


def test_the_job_list_shows_only_the_teams_jobs(client_for, checker, outsider):
    import_start(membership=checker, uploads=[("ours.txt", files.txt())], enqueue=False)
    import_start(membership=outsider, uploads=[("theirs.txt", files.txt())], enqueue=False)
    body = client_for(checker).get(LIST_URL).content.decode()
    assert "ours.txt" in body and "theirs.txt" not in body
    assert 'hx-trigger="every 2s"' in body  # a queued job keeps the table refreshing


def test_the_job_page_shows_a_job_the_sweep_failed_and_never_writes_itself(client_for, checker):
    """A GET only reads: a job left running by a dead worker is failed by the sweep, then shown
    failed with the message on its page and in the list, without polling."""
    from annotate.services.job_sweep import jobs_sweep
    from tests.annotate.services.test_jobs import STALE_AFTER_SECONDS, running_job

    job = running_job(checker, seconds_ago=STALE_AFTER_SECONDS + 60)
    client = client_for(checker)
    client.get(detail_url(job))
    client.get(LIST_URL)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING  # the pages did not touch it
    jobs_sweep(in_flight=None)
    for url in (detail_url(job), LIST_URL):
        body = client.get(url).content.decode()
        assert "The worker stopped while running this job. Start it again." in body
    assert 'hx-trigger="every 1s"' not in client.get(detail_url(job)).content.decode()


@pytest.mark.parametrize("n_jobs", [2, 20])
def test_job_list_query_count_does_not_grow(
    client_for, checker, django_assert_num_queries, django_capture_on_commit_callbacks, n_jobs
):
    with django_capture_on_commit_callbacks(execute=True):
        import_start(
            membership=checker,
            uploads=[(f"{i}.txt", files.txt(text=f"Story {i}.")) for i in range(n_jobs)],
        )
    client = client_for(checker)
    # session, user, memberships, jobs (with their documents and people)
    with django_assert_num_queries(4):
        response = client.get(LIST_URL)
    assert response.content.decode().count("data-job=") == n_jobs


@pytest.mark.parametrize("n_jobs", [1, 10])
def test_job_page_query_count_does_not_grow(
    client_for, checker, django_assert_num_queries, django_capture_on_commit_callbacks, n_jobs
):
    """One job's page costs the same however many jobs and sentences the team has."""
    with django_capture_on_commit_callbacks(execute=True):
        jobs = import_start(
            membership=checker,
            uploads=[
                (f"{i}.txt", files.txt(text=" ".join(f"Story {i} line {k}." for k in range(i + 1))))
                for i in range(n_jobs)
            ],
        )
    client = client_for(checker)
    # session, user, memberships, the job (with its document and people)
    with django_assert_num_queries(4):
        response = client.get(detail_url(jobs[-1]))
    assert response.status_code == 200


@pytest.mark.parametrize("n_teams", [1, 5])
def test_upload_page_query_count_does_not_grow(
    client_for, checker, django_assert_num_queries, n_teams
):
    """The upload form costs the same whatever the number of the user's teams."""
    from annotate.services.teams import membership_set
    from tests.factories import make_team

    for _ in range(n_teams - 1):
        membership_set(team=make_team(), user=checker.user, role="checker")
    client = client_for(checker)
    # session, user, memberships (with their teams)
    with django_assert_num_queries(3):
        response = client.get(NEW_URL)
    assert response.status_code == 200


@pytest.mark.django_db(transaction=True)  # the import's own commit hands the job to Redis
def test_an_upload_while_redis_is_down_says_so_and_keeps_nothing(
    client_for, checker, stopped_broker, settings
):
    """Not a 500 and not a job "queued" forever: the form answers 503 with the message, the job
    is failed with it, and its upload is deleted."""
    response = client_for(checker).post(NEW_URL, {"files": [upload("roads.txt", files.txt())]})
    assert response.status_code == 503
    assert "The job queue is not answering; try again." in response.content.decode()
    assert 'name="files"' in response.content.decode()  # the form is there to try again
    job = Job.objects.get()
    assert (job.status, job.error) == (
        JobStatus.FAILED,
        "The job queue is not answering; try again.",
    )
    assert Document.objects.count() == 0
    assert [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()] == []


def test_an_upload_to_a_full_disk_says_so_and_keeps_nothing(
    client_for, checker, media_quota, settings
):
    from tests.factories import media_files

    media_quota(0)
    response = client_for(checker).post(NEW_URL, {"files": [upload("roads.txt", files.txt())]})
    assert response.status_code == 507
    assert "The server has no room left to store files, so nothing was stored." in (
        response.content.decode()
    )
    assert Job.objects.count() == 0
    assert media_files(settings) == []
