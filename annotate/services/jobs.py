"""The life of a background Job: queued -> running -> succeeded | failed, with progress.

Tasks call `job_begin` (which also makes a second delivery of the same job harmless), report
with `job_progress`, and end with `job_succeed` or `job_fail`. Messages are for the user.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from annotate.models import Job, JobStatus

log = logging.getLogger(__name__)

# A job "running" for longer than this without progress is taken as abandoned by a dead worker.
STALE_AFTER_SECONDS = 15 * 60


def job_begin(*, job_id: int, task_id: str = "") -> Job | None:
    """Mark the job running and return it, or None if it is finished already (a re-delivery)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            log.warning("Job %s vanished before it ran", job_id)
            return None
        if job.is_finished:
            return None
        job.status = JobStatus.RUNNING
        job.attempts += 1
        # The latest attempt's start: staleness is judged from it, so a job redelivered long
        # after a worker died is not failed as stale while its new attempt runs.
        job.started_at = timezone.now()
        job.celery_task_id = task_id or job.celery_task_id
        job.error = ""
        job.save(update_fields=["status", "attempts", "started_at", "celery_task_id", "error"])
    return job


def job_progress(*, job: Job, stage: str, done: int, total: int) -> None:
    """Record progress; written straight away (outside any open transaction of the task)."""
    total = max(total, 0)
    done = min(max(done, 0), total) if total else 0
    Job.objects.filter(pk=job.pk).update(
        stage=stage[:200], progress_done=done, progress_total=total
    )
    job.stage, job.progress_done, job.progress_total = stage[:200], done, total


def job_succeed(*, job: Job, stage: str = "Done", **fields) -> Job:
    job.progress_done = job.progress_total = max(job.progress_total, 1)
    return _finish(job, status=JobStatus.SUCCEEDED, stage=stage, **fields)


def job_fail(*, job: Job, message: str, **fields) -> Job:
    return _finish(job, status=JobStatus.FAILED, error=message, **fields)


def _finish(job: Job, **fields) -> Job:
    # Only the fields we set: a stale in-memory link (a document deleted meanwhile) is not
    # written back over the database's row.
    fields["finished_at"] = timezone.now()
    for name, value in fields.items():
        setattr(job, name, value)
    names = {"progress_done", "progress_total", *fields}
    job.save(update_fields=sorted(_field_name(job, name) for name in names))
    return job


def _field_name(job: Job, name: str) -> str:
    """`document_id` and `document` name the same column for update_fields."""
    field = job._meta.get_field(name.removesuffix("_id") if name.endswith("_id") else name)
    return field.name


def job_fail_by_id(*, job_id: int, message: str) -> None:
    """Fail a job from outside its task (time limit hit, worker lost, unexpected crash)."""
    Job.objects.filter(pk=job_id).exclude(
        status__in=[JobStatus.SUCCEEDED, JobStatus.FAILED]
    ).update(status=JobStatus.FAILED, error=message, finished_at=timezone.now())


WORKER_STOPPED = "The worker stopped while running this job. Start it again."


def jobs_fail_stale(
    *, older_than_seconds: int = STALE_AFTER_SECONDS, team_id: int | None = None
) -> int:
    """Fail jobs left running by a worker that died mid-task (of one team, or all); how many.

    Jobs are killed at CELERY_TASK_TIME_LIMIT (minutes), far below STALE_AFTER_SECONDS, so a
    job still "running" after that has no live worker. One UPDATE statement.
    """
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    jobs = Job.objects.filter(status=JobStatus.RUNNING, started_at__lt=cutoff)
    if team_id is not None:
        jobs = jobs.filter(team_id=team_id)
    return jobs.update(status=JobStatus.FAILED, error=WORKER_STOPPED, finished_at=timezone.now())


def jobs_refresh_stale(*, team_id: int) -> int:
    """Before a team's jobs are shown (pages, API): fail those whose worker died.

    The one call every job read path makes, so a job never shows "running" forever; a worker
    also fails every team's stale jobs when it starts (annotate.tasks.maintenance).
    """
    return jobs_fail_stale(team_id=team_id)
