"""The job sweep: a job nothing holds in two sweeps running is queued again (and runs) or failed;
held ones, recent ones and ones seen lost only once are left."""

from __future__ import annotations

import pytest
from django.utils import timezone

from annotate.models import Document, Job, JobKind, JobStatus
from annotate.services.documents import ABANDONED_AFTER_SECONDS
from annotate.services.exports import export_create
from annotate.services.imports import import_start
from annotate.services.job_sweep import GAVE_UP, QUEUE_LOST, REQUEUED_STAGE, jobs_sweep
from tests.annotate.tasks import importfiles as files
from tests.factories import make_document

pytestmark = pytest.mark.django_db(transaction=True)  # re-queued jobs are sent on commit


def _import_job(membership, *, status, seconds_ago, attempts=0, task_id="task-1") -> Job:
    [job] = import_start(membership=membership, uploads=[("a.txt", files.txt())], enqueue=False)
    then = timezone.now() - timezone.timedelta(seconds=seconds_ago)
    Job.objects.filter(pk=job.pk).update(
        status=status, created_at=then, started_at=then, attempts=attempts, celery_task_id=task_id
    )
    return job


def _sweep_twice(in_flight=frozenset()):
    """Two sweeps, the second told the first's suspects, as the periodic task does."""
    first = jobs_sweep(in_flight=set(in_flight))
    assert (first.requeued, first.failed) == ([], [])  # a first sighting only suspects
    return jobs_sweep(in_flight=set(in_flight), suspects=first.suspects)


def _state(job: Job) -> tuple[str, str]:
    job.refresh_from_db()
    return job.status, job.error


def test_a_running_job_whose_worker_died_is_queued_again_and_runs(checker):
    job = _import_job(checker, status=JobStatus.RUNNING, seconds_ago=300, attempts=1)
    result = _sweep_twice()
    assert result.requeued == [job.pk] and result.failed == []
    # Tests run tasks inline: the re-queued import ran to its end, once.
    assert _state(job) == (JobStatus.SUCCEEDED, "")
    assert job.attempts == 2
    assert Document.objects.filter(team=checker.team).count() == 1


def test_a_queued_job_whose_message_was_lost_is_queued_again(checker):
    job = _import_job(checker, status=JobStatus.QUEUED, seconds_ago=300, task_id="")
    assert _sweep_twice().requeued == [job.pk]
    assert _state(job) == (JobStatus.SUCCEEDED, "")


def test_jobs_held_by_the_broker_or_a_worker_and_recent_jobs_are_left_alone(checker):
    held_running = _import_job(checker, status=JobStatus.RUNNING, seconds_ago=300, attempts=1)
    held_queued = _import_job(checker, status=JobStatus.QUEUED, seconds_ago=300, task_id="")
    recent = _import_job(checker, status=JobStatus.QUEUED, seconds_ago=5, task_id="")
    in_command = _import_job(checker, status=JobStatus.RUNNING, seconds_ago=300, task_id="")
    in_flight = {("annotate.run_import", held_running.pk), ("annotate.run_import", held_queued.pk)}
    result = _sweep_twice(in_flight)
    assert (result.requeued, result.failed) == ([], [])
    assert _state(held_running) == _state(in_command) == (JobStatus.RUNNING, "")
    assert _state(held_queued) == _state(recent) == (JobStatus.QUEUED, "")


def test_an_export_with_the_same_id_as_a_held_import_is_not_taken_for_it(checker, document):
    job = export_create(team=checker.team, document_ids=[document.pk], fmt="json", by=checker.user)
    old = timezone.now() - timezone.timedelta(seconds=300)
    Job.objects.filter(pk=job.pk).update(created_at=old)
    first = jobs_sweep(in_flight={("annotate.run_import", job.pk)})
    result = jobs_sweep(in_flight={("annotate.run_import", job.pk)}, suspects=first.suspects)
    assert result.requeued == [job.pk]
    job.refresh_from_db()
    assert (job.kind, job.status) == (JobKind.EXPORT, JobStatus.SUCCEEDED)


def test_a_job_that_keeps_killing_its_worker_is_failed_with_a_message(checker):
    job = _import_job(checker, status=JobStatus.RUNNING, seconds_ago=300, attempts=3)
    assert _sweep_twice().failed == [job.pk]
    assert _state(job) == (JobStatus.FAILED, GAVE_UP)
    assert not Document.objects.exists()


def test_a_job_lost_in_the_queue_for_too_long_is_failed(checker, settings):
    job = _import_job(
        checker, status=JobStatus.QUEUED, task_id="",
        seconds_ago=settings.JOB_QUEUED_GIVE_UP_SECONDS + 60,
    )  # fmt: skip
    assert _sweep_twice().failed == [job.pk]
    assert _state(job) == (JobStatus.FAILED, QUEUE_LOST)


def test_when_the_broker_cannot_be_read_only_long_stale_jobs_are_failed(checker, settings):
    lost = _import_job(checker, status=JobStatus.RUNNING, seconds_ago=300, attempts=1)
    result = jobs_sweep(in_flight=None)
    assert (result.requeued, result.failed, result.stale_failed) == ([], [], 0)
    assert _state(lost) == (JobStatus.RUNNING, "")


def test_a_requeued_job_shows_it_is_waiting_again(checker, monkeypatch):
    sent = []
    from annotate.tasks import run_import

    monkeypatch.setattr(
        run_import, "delay", lambda *args: sent.append(("annotate.run_import", args))
    )
    job = _import_job(checker, status=JobStatus.RUNNING, seconds_ago=300, attempts=1)
    _sweep_twice()
    job.refresh_from_db()
    assert (job.status, job.stage) == (JobStatus.QUEUED, REQUEUED_STAGE)
    assert sent == [("annotate.run_import", (job.pk,))]


def test_a_job_seen_lost_once_then_found_again_is_left_alone(checker):
    """A worker too busy to answer one sweep does not get its running job queued twice."""
    job = _import_job(checker, status=JobStatus.RUNNING, seconds_ago=300, attempts=1)
    first = jobs_sweep(in_flight=set())
    assert first.suspects == {(job.pk, JobStatus.RUNNING, 1)}
    second = jobs_sweep(in_flight={("annotate.run_import", job.pk)}, suspects=first.suspects)
    assert (second.requeued, second.suspects) == ([], set())
    third = jobs_sweep(in_flight=set(), suspects=second.suspects)
    assert third.requeued == []  # suspected afresh, not acted on
    assert _state(job) == (JobStatus.RUNNING, "")


def test_a_job_that_moved_since_it_was_suspected_is_suspected_afresh(checker):
    job = _import_job(checker, status=JobStatus.RUNNING, seconds_ago=300, attempts=1)
    first = jobs_sweep(in_flight=set())
    Job.objects.filter(pk=job.pk).update(attempts=2)  # a worker took it again meanwhile
    second = jobs_sweep(in_flight=set(), suspects=first.suspects)
    assert second.requeued == [] and second.suspects == {(job.pk, JobStatus.RUNNING, 2)}


def test_the_sweep_deletes_the_partial_document_of_a_killed_import(checker):
    """A document left half-written by a killed worker goes, even when the broker is down."""
    long_ago = timezone.now() - timezone.timedelta(seconds=ABANDONED_AFTER_SECONDS + 1)
    partial = Document.with_importing.create(
        team=checker.team,
        title="Half",
        text="Half of it.",
        text_length=11,
        content_hash="importing-x",
        source_format="txt",
        importing_since=long_ago,
    )
    kept = make_document(checker.team, "A finished document.")
    result = jobs_sweep(in_flight=None)
    assert result.partial_documents_removed == 1
    assert not Document.with_importing.filter(pk=partial.pk).exists()
    assert list(Document.objects.all()) == [kept]
