"""Stale jobs: a job left "running" by a dead worker is failed with a message, per team or all."""

from __future__ import annotations

import pytest
from django.utils import timezone

from annotate.models import Job, JobStatus
from annotate.services.imports import import_start
from annotate.services.jobs import (
    STALE_AFTER_SECONDS,
    WORKER_STOPPED,
    jobs_fail_stale,
)
from tests.annotate.tasks import importfiles as files

pytestmark = pytest.mark.django_db


def running_job(membership, *, seconds_ago: int) -> Job:
    """A job of `membership`'s team marked running since `seconds_ago`."""
    [job] = import_start(membership=membership, uploads=[("a.txt", files.txt())], enqueue=False)
    started = timezone.now() - timezone.timedelta(seconds=seconds_ago)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=started)
    return job


def state(job: Job) -> tuple[str, str, bool]:
    job.refresh_from_db()
    return job.status, job.error, job.finished_at is not None


def test_failing_one_teams_stale_jobs_leaves_the_rest(checker, outsider):
    """Old running jobs of the team fail with the message; recent ones and other teams' stay."""
    stale = running_job(checker, seconds_ago=STALE_AFTER_SECONDS + 60)
    recent = running_job(checker, seconds_ago=60)
    theirs = running_job(outsider, seconds_ago=STALE_AFTER_SECONDS + 60)
    assert jobs_fail_stale(team_id=checker.team_id) == 1
    assert state(stale) == (JobStatus.FAILED, WORKER_STOPPED, True)
    assert state(recent) == (JobStatus.RUNNING, "", False)
    assert state(theirs) == (JobStatus.RUNNING, "", False)
    assert WORKER_STOPPED == "The worker stopped while running this job. Start it again."


def test_fail_stale_without_a_team_fails_every_teams_stale_jobs(checker, outsider):
    ours = running_job(checker, seconds_ago=STALE_AFTER_SECONDS + 60)
    theirs = running_job(outsider, seconds_ago=STALE_AFTER_SECONDS + 60)
    assert jobs_fail_stale() == 2
    assert state(ours)[0] == state(theirs)[0] == JobStatus.FAILED


def test_finished_and_queued_jobs_are_left_alone(checker):
    [queued] = import_start(membership=checker, uploads=[("q.txt", files.txt())], enqueue=False)
    done = running_job(checker, seconds_ago=STALE_AFTER_SECONDS + 60)
    Job.objects.filter(pk=done.pk).update(status=JobStatus.SUCCEEDED)
    assert jobs_fail_stale(team_id=checker.team_id) == 0
    assert state(queued) == (JobStatus.QUEUED, "", False)
    assert state(done)[:2] == (JobStatus.SUCCEEDED, "")


def test_failing_stale_jobs_is_one_statement(checker, django_assert_num_queries):
    running_job(checker, seconds_ago=STALE_AFTER_SECONDS + 60)
    with django_assert_num_queries(1):
        jobs_fail_stale(team_id=checker.team_id)


def test_a_redelivered_job_is_judged_from_its_latest_attempt(checker):
    """A job picked up again long after its first start is running, not stale."""
    from annotate.services.jobs import job_begin

    job = running_job(checker, seconds_ago=STALE_AFTER_SECONDS * 3)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)  # redelivered by the broker
    assert job_begin(job_id=job.pk) is not None
    assert jobs_fail_stale(team_id=checker.team_id) == 0
    assert state(job) == (JobStatus.RUNNING, "", False)


# --- Handing jobs to the workers: by task name, on commit (issue 11) ----------------------------


def test_a_job_is_sent_by_task_name_once_the_transaction_commits(
    monkeypatch, django_capture_on_commit_callbacks
):
    """No service imports a task: the job goes to Celery by name, after the commit."""
    from celery import current_app

    from annotate.services.jobs import EXPORT_TASK, IMPORT_TASK, job_enqueue

    sent = []
    monkeypatch.setattr(current_app, "send_task", lambda name, args: sent.append((name, args)))
    current_app.conf.task_always_eager = False
    try:
        with django_capture_on_commit_callbacks(execute=True):
            job_enqueue(task=IMPORT_TASK, job_id=7)
            job_enqueue(task=EXPORT_TASK, job_id=8)
            assert sent == []  # nothing before the commit
    finally:
        current_app.conf.task_always_eager = True
    assert sent == [("annotate.run_import", [7]), ("annotate.run_export", [8])]
    current_app.loader.import_default_modules()  # what a worker does when it starts
    assert {IMPORT_TASK, EXPORT_TASK} <= set(current_app.tasks)


def test_imports_and_exports_fail_a_crash_the_same_way(team, checker, monkeypatch):
    """One runner (job_run): a crash in either kind is a failed job with a message."""
    from annotate.services.exports import export_create, export_run
    from annotate.services.imports import import_run, import_start
    from tests.factories import make_document

    def broken(*args, **kwargs):
        raise RuntimeError("broken")

    monkeypatch.setattr("annotate.services.imports._import_job", broken)
    monkeypatch.setattr("annotate.services.exports.documents_export_data", broken)
    monkeypatch.setattr("annotate.services.exports.document_export_stream", broken)
    [imported] = import_start(membership=checker, uploads=[("a.txt", b"Text.")], enqueue=False)
    exported = export_create(team=team, document_ids=[make_document(team).pk], fmt="csv")
    for job in (import_run(job_id=imported.pk), export_run(job_id=exported.pk)):
        assert job.status == JobStatus.FAILED and job.error and job.finished_at


# --- A broker that does not answer (issue 19): the job fails at once, with the message -------


def test_a_stopped_broker_fails_the_jobs_at_once_and_keeps_no_upload(
    checker, stopped_broker, settings, django_capture_on_commit_callbacks
):
    """Three uploads while Redis is down: all three jobs fail with the message, their files gone,
    and the caller gets a 503 refusal instead of jobs "queued" forever."""
    from annotate.services.jobs import QUEUE_DOWN, QueueUnavailable

    uploads = [(f"{i}.txt", files.txt(text=f"Story {i}.")) for i in range(3)]
    with (
        pytest.raises(QueueUnavailable) as refused,
        django_capture_on_commit_callbacks(execute=True),
    ):
        jobs = import_start(membership=checker, uploads=uploads)
    assert (refused.value.message, refused.value.status_code) == (QUEUE_DOWN, 503)
    assert QUEUE_DOWN == "The job queue is not answering; try again."
    for job in jobs:
        job.refresh_from_db()
        assert (job.status, job.error, job.input_file.name) == (JobStatus.FAILED, QUEUE_DOWN, "")
        assert job.finished_at is not None
    assert [path for path in (settings.MEDIA_ROOT / "jobs").rglob("*") if path.is_file()] == []


@pytest.mark.django_db(transaction=True)  # the sweep's own commit sends the job
def test_the_sweep_fails_a_job_it_cannot_queue_again(checker, stopped_broker, settings):
    """A job the sweep would queue again, with Redis gone meanwhile: failed with the message."""
    from annotate.services.job_sweep import jobs_sweep
    from annotate.services.jobs import QUEUE_DOWN

    settings.JOB_SWEEP_GRACE_SECONDS = 0
    job = running_job(checker, seconds_ago=120)
    Job.objects.filter(pk=job.pk).update(celery_task_id="lost-task")
    first = jobs_sweep(in_flight=set())
    result = jobs_sweep(in_flight=set(), suspects=first.suspects)
    assert (result.requeued, result.failed) == ([], [job.pk])
    assert state(job) == (JobStatus.FAILED, QUEUE_DOWN, True)


# --- Per-person limits on queued jobs (issue 19) -----------------------------------------------


def test_one_person_may_queue_only_so_many_imports(checker, checker2, settings):
    """Past MAX_JOBS_PER_USER unfinished imports the next is refused (429) with a message and
    nothing is stored; a colleague, and finished jobs, do not count against the limit."""
    from annotate.services.jobs import TooManyJobs

    settings.MAX_JOBS_PER_USER = 3
    two = [(f"{i}.txt", files.txt(text=f"Story {i}.")) for i in range(2)]
    import_start(membership=checker, uploads=two, enqueue=False)
    with pytest.raises(TooManyJobs) as refused:
        import_start(membership=checker, uploads=two, enqueue=False)
    assert refused.value.status_code == 429
    assert refused.value.message == (
        "You have 2 imports waiting or running and may have 3 at most: start at most 1 more now."
    )
    import_start(membership=checker, uploads=two[:1], enqueue=False)
    with pytest.raises(TooManyJobs) as refused:
        import_start(membership=checker, uploads=two[:1], enqueue=False)
    assert refused.value.message == (
        "You already have 3 imports waiting or running, the most one person may have. "
        "Wait for some to finish, then try again."
    )
    assert Job.objects.count() == 3
    import_start(membership=checker2, uploads=two, enqueue=False)  # a colleague's own room
    Job.objects.filter(created_by=checker.user).update(status=JobStatus.SUCCEEDED)
    import_start(membership=checker, uploads=two, enqueue=False)  # finished ones free the room
    assert Job.objects.count() == 7


def test_the_export_limit_is_apart_from_the_import_limit(checker, document, settings):
    from annotate.services.exports import export_create, export_start
    from annotate.services.jobs import TooManyJobs

    settings.MAX_JOBS_PER_USER = 1
    import_start(membership=checker, uploads=[("a.txt", files.txt())], enqueue=False)
    export_create(team=checker.team, document_ids=[document.pk], fmt="csv", by=checker.user)
    with pytest.raises(TooManyJobs) as refused:
        export_start(membership=checker, document_ids=[document.pk], fmt="csv")
    assert "You already have 1 export waiting or running" in refused.value.message
    assert Job.objects.filter(kind="export").count() == 1
