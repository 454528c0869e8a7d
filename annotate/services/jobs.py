"""The life of a background Job: queued -> running -> succeeded | failed, with progress.

Services hand a job to the workers with `job_enqueue`, by the task's name once the transaction
commits: no service imports a task (tasks sit above the services). A task is an id in and one
service call; imports and exports both run through `job_run`, which begins the job (a second
delivery of a finished job does nothing), gives up on a job that keeps killing its worker, and
turns a time limit or a crash into a failed job with a message for the user, the same way for
both. The work reports with `job_progress` and ends with `job_succeed` or `job_fail`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

from annotate import selectors
from annotate.models import Job, JobKind, JobStatus, NotificationKind
from annotate.services import notifications
from annotate.services.errors import ServiceError

log = logging.getLogger(__name__)

# A job "running" for longer than this without progress is taken as abandoned by a dead worker.
STALE_AFTER_SECONDS = 15 * 60
# A job whose worker died this many times is not tried again (see job_run).
MAX_ATTEMPTS = 3
GAVE_UP = "The {kind} stopped several times without finishing; giving up."

# The Celery tasks, by name (annotate/tasks/ registers them under these names).
IMPORT_TASK = "annotate.run_import"
EXPORT_TASK = "annotate.run_export"
# What publishing raises when Redis is down, refuses or hangs (kombu wraps most in its own
# OperationalError once the publish retries are spent).
BROKER_ERRORS = (OperationalError, RedisError, OSError)


QUEUE_DOWN = "The job queue is not answering; try again."


class QueueUnavailable(ServiceError):
    """The broker refused or did not answer when a job was handed over: the job is failed."""

    status_code = 503


class TooManyJobs(ServiceError):
    status_code = 429


FULL_QUEUE = (
    "You already have {count} waiting or running, the most one person may have. "
    "Wait for some to finish, then try again."
)
NEARLY_FULL_QUEUE = (
    "You have {count} waiting or running and may have {limit} at most: "
    "start at most {room} more now."
)


def jobs_check_room(*, membership, kind: str, adding: int = 1) -> None:
    """Refuse (TooManyJobs, 429) what would give one person more than settings.MAX_JOBS_PER_USER
    unfinished jobs of `kind`: one checker's fifty uploads must not hold up the whole newsroom."""
    limit = settings.MAX_JOBS_PER_USER
    count = selectors.unfinished_jobs_count(membership, kind)
    if count + adding <= limit:
        return
    label = JobKind(kind).label.lower()
    counted = f"{count} {label}{'' if count == 1 else 's'}"
    if count >= limit:
        raise TooManyJobs(FULL_QUEUE.format(count=counted))
    raise TooManyJobs(NEARLY_FULL_QUEUE.format(count=counted, limit=limit, room=limit - count))


def job_enqueue(*, task: str, job_id: int) -> None:
    """Send job `job_id` to the worker task named `task` once the transaction commits.

    By name (Celery's send_task), so no service imports a task module. send_task ignores
    CELERY_TASK_ALWAYS_EAGER (development and tests run tasks in-process): then the registered
    task is called as `.delay` would call it.
    """
    jobs_enqueue(task=task, job_ids=[job_id])


def jobs_enqueue(*, task: str, job_ids: list[int]) -> None:
    """Send several jobs to `task` once the transaction commits, in order.

    If the broker does not answer, that job and those not sent yet are failed at once with
    QUEUE_DOWN (their uploads deleted) and QueueUnavailable (503) is raised from the commit, so
    the page or the API call that started them says so instead of leaving them "queued".
    """
    ids = list(job_ids)
    transaction.on_commit(lambda: _send_all(task, ids))


def _send_all(task: str, job_ids: list[int]) -> None:
    for position, job_id in enumerate(job_ids):
        try:
            _send(task, job_id)
        except BROKER_ERRORS as error:
            log.warning("The broker refused job %s (%s): failing it", job_id, error)
            jobs_fail_unsent(job_ids[position:])
            raise QueueUnavailable(QUEUE_DOWN) from error


def _send(task: str, job_id: int) -> None:
    app = current_app
    if app.conf.task_always_eager:
        app.loader.import_default_modules()  # the tasks register themselves on import
        app.tasks[task].delay(job_id)
    else:
        app.send_task(task, args=[job_id])


def jobs_fail_unsent(job_ids: list[int]) -> None:
    """Fail queued jobs no worker will ever get, and delete their uploads (nothing half-kept)."""
    jobs = list(Job.objects.filter(pk__in=job_ids, status=JobStatus.QUEUED))
    for job in jobs:
        if job.input_file:
            job.input_file.delete(save=False)
    Job.objects.filter(pk__in=[job.pk for job in jobs], status=JobStatus.QUEUED).update(
        status=JobStatus.FAILED,
        error=QUEUE_DOWN,
        stage="",
        input_file="",
        finished_at=timezone.now(),
    )


def job_run(
    *,
    job_id: int,
    task_id: str = "",
    work: Callable[[Job], Job],
    too_long: str,
    crashed: Callable[[Job, BaseException], str],
) -> Job | None:
    """Run job `job_id` with `work` (which finishes it); the body of every job's task.

    Returns the finished Job, or None when there was nothing to do (finished already or gone).
    `work` turns the refusals it expects into a failed job itself; what it does not expect, a
    time limit (`too_long`) or a crash (`crashed(job, error)`, logged), fails the job here.
    """
    job = job_begin(job_id=job_id, task_id=task_id)
    if job is None:
        return None
    if job.attempts > MAX_ATTEMPTS:
        return job_fail(job=job, message=GAVE_UP.format(kind=job.get_kind_display().lower()))
    try:
        return work(job)
    except SoftTimeLimitExceeded:
        return job_fail(job=job, message=too_long)
    except Exception as error:  # the user must learn that it failed; the log keeps the trace
        log.exception("%s job %s crashed", job.get_kind_display(), job.pk)
        return job_fail(job=job, message=crashed(job, error))


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
    _notify_finished(job)
    return job


def _notify_finished(job: Job) -> None:
    """Tell whoever started the job (a page or the API; commands start none) how it ended."""
    if job.created_by_id is None:
        return
    failed = job.status == JobStatus.FAILED
    what = job.get_kind_display().lower()
    name = job.input_name or job.result_name or f"job {job.pk}"
    notifications.notify(
        team_id=job.team_id,
        recipients=[job.created_by_id],
        kind=NotificationKind.JOB_FAILED if failed else NotificationKind.JOB_FINISHED,
        title=f"Your {what} of {name} " + ("failed" if failed else "is ready"),
        body=job.error if failed else "",
        document_id=job.document_id,
        job_id=job.pk,
    )


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
