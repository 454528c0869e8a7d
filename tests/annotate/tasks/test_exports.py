"""The export task: runs a job by id, reports progress, is safe to run twice, fails with why."""

from __future__ import annotations

import pytest
from celery.exceptions import SoftTimeLimitExceeded

from annotate import tasks
from annotate.models import Job, JobStatus
from annotate.services import exports as export_services
from annotate.services.exports import TIME_LIMIT, export_create
from annotate.tasks.exports import run_export
from tests.factories import make_document

pytestmark = pytest.mark.django_db


def test_the_task_is_exported_by_the_tasks_package():
    """`annotate.tasks.run_export` is the task (Celery finds it by its name)."""
    assert tasks.run_export is run_export
    assert run_export.name == "annotate.run_export"


def test_a_run_reports_progress_per_document(team):
    """Progress counts documents; at the end it is complete and the file is stored."""
    ids = [make_document(team).pk for _ in range(3)]
    job = export_create(team=team, document_ids=ids, fmt="json")
    assert (job.progress_done, job.progress_total) == (0, 3)
    run_export.delay(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert (job.progress_done, job.progress_total, job.percent) == (3, 3, 100)
    assert job.result_name.endswith(".zip")
    assert job.attempts == 1
    assert job.started_at and job.finished_at


def test_progress_is_written_while_the_job_runs(team, monkeypatch):
    """Each document's progress is in the database before the next one is read."""
    ids = [make_document(team).pk for _ in range(2)]
    job = export_create(team=team, document_ids=ids, fmt="md")
    seen = []
    original = export_services.documents_export_data

    def watching(team_, document_ids, **options):
        row = Job.objects.get(pk=job.pk)
        seen.append((row.status, row.progress_done, row.progress_total))
        return original(team_, document_ids, **options)

    monkeypatch.setattr(export_services, "documents_export_data", watching)
    run_export.delay(job.pk)
    assert seen == [(JobStatus.RUNNING, 0, 2), (JobStatus.RUNNING, 1, 2)]


def test_running_twice_does_nothing_the_second_time(team):
    """A re-delivered task finds the job finished and leaves it (and its file) alone."""
    job = export_create(team=team, document_ids=[make_document(team).pk], fmt="csv")
    run_export.delay(job.pk)
    job.refresh_from_db()
    finished = (job.status, job.result_file.name, job.finished_at, job.attempts)
    run_export.delay(job.pk)
    job.refresh_from_db()
    assert (job.status, job.result_file.name, job.finished_at, job.attempts) == finished


def test_a_missing_job_is_ignored(db):
    """A task for a job deleted meanwhile ends quietly."""
    assert run_export.delay(987654).get() is None


def test_an_unexpected_error_fails_the_job_with_its_reason(team, monkeypatch):
    """A crash in a renderer is reported on the job, not lost in a worker log."""
    job = export_create(team=team, document_ids=[make_document(team).pk], fmt="html")

    def broken(doc, options):
        raise RuntimeError("the renderer broke")

    monkeypatch.setattr("annotate.export.html.render", broken)
    run_export.delay(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == (
        "The export failed unexpectedly (RuntimeError: the renderer broke). "
        "Try again, or tell an admin."
    )
    assert not job.result_file


def test_the_time_limit_fails_the_job_with_advice(team, monkeypatch):
    """Hitting Celery's soft time limit says the export was too long."""
    job = export_create(team=team, document_ids=[make_document(team).pk], fmt="w3c")

    def slow(team_, document_ids, **options):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(export_services, "documents_export_data", slow)
    run_export.delay(job.pk)
    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.FAILED, TIME_LIMIT)
