"""The periodic job sweep: no job stays "queued" or "running" when nothing will ever run it.

Run by the `annotate.sweep_jobs` task (annotate.tasks.maintenance) every JOB_SWEEP_SECONDS and
when a worker starts. It is told which jobs the broker or a live worker still holds
(factcheck.broker.jobs_in_flight). A job past the grace period that is held nowhere in two
sweeps in a row (the first sighting only makes it a suspect: a busy worker may have been slow to
answer) was lost:
- running, its worker killed (kill -9, out of memory): queued again, up to MAX_ATTEMPTS starts;
- queued, its message lost (Redis down when it was enqueued, or restarted without its data):
  queued again, and failed once it has been lost for JOB_QUEUED_GIVE_UP_SECONDS.
Jobs are queued again by task name after commit; a task is safe to run twice (job_begin ignores a
finished job), so a message that turns up later does no harm. When the broker cannot be read,
only the old rule applies: a job running for STALE_AFTER_SECONDS is failed.

Each sweep also deletes the partial documents of imports killed mid-write (a Document still
`importing_since` long after any import could be writing it: services.documents).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from annotate.models import Job, JobKind, JobStatus
from annotate.services.documents import documents_remove_abandoned
from annotate.services.jobs import QueueUnavailable, job_enqueue, jobs_fail_stale

log = logging.getLogger(__name__)

TASK_FOR_KIND = {JobKind.IMPORT: "annotate.run_import", JobKind.EXPORT: "annotate.run_export"}
MAX_ATTEMPTS = 3
QUEUE_LOST = "The job queue lost this job before a worker could take it. Start it again."
GAVE_UP = "The worker stopped several times while running this job; giving up. Start it again."
REQUEUED_STAGE = "Waiting for a worker (queued again after an interruption)"


# A job as the sweep saw it: a suspect is acted on only if seen unchanged and lost again.
Sighting = tuple[int, str, int]  # (job id, status, attempts)


@dataclass
class SweepResult:
    stale_failed: int = 0
    requeued: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    suspects: set[Sighting] = field(default_factory=set)
    partial_documents_removed: int = 0


def jobs_sweep(
    *, in_flight: set[tuple[str, int]] | None, suspects: set[Sighting] | frozenset = frozenset()
) -> SweepResult:
    """Queue again or fail the jobs nothing holds; `in_flight` None means "unknown".

    `suspects` are the previous sweep's result.suspects: the caller keeps them between sweeps.
    """
    result = SweepResult(
        stale_failed=jobs_fail_stale(), partial_documents_removed=documents_remove_abandoned()
    )
    if in_flight is None:
        return result
    now = timezone.now()
    for job in _candidates(now):
        if (TASK_FOR_KIND[job.kind], job.pk) in in_flight:
            continue
        sighting = (job.pk, job.status, job.attempts)
        if sighting not in suspects:
            result.suspects.add(sighting)
            continue
        _requeue_or_fail(job, now, result)
    if result.requeued or result.failed:
        log.warning("Job sweep: queued again %s, failed %s", result.requeued, result.failed)
    return result


def _candidates(now) -> list[Job]:
    cutoff = now - timezone.timedelta(seconds=settings.JOB_SWEEP_GRACE_SECONDS)
    # A running job without a Celery task id runs inside a command (import_document), not on a
    # worker; the STALE_AFTER_SECONDS rule covers it.
    queued = Q(status=JobStatus.QUEUED, created_at__lt=cutoff)
    running = Q(status=JobStatus.RUNNING, started_at__lt=cutoff) & ~Q(celery_task_id="")
    return list(
        Job.objects.filter(queued | running, kind__in=TASK_FOR_KIND).only(
            "pk", "kind", "status", "attempts", "created_at"
        )
    )


def _requeue_or_fail(job: Job, now, result: SweepResult) -> None:
    give_up = timezone.timedelta(seconds=settings.JOB_QUEUED_GIVE_UP_SECONDS)
    if job.attempts >= MAX_ATTEMPTS:
        message = GAVE_UP
    elif job.status == JobStatus.QUEUED and job.created_at < now - give_up:
        message = QUEUE_LOST
    else:
        message = ""
    # Only if nobody moved the job meanwhile (a worker took it, the user's page failed it).
    unchanged = Job.objects.filter(pk=job.pk, status=job.status, attempts=job.attempts)
    if message:
        if unchanged.update(status=JobStatus.FAILED, error=message, finished_at=now):
            result.failed.append(job.pk)
        return
    try:
        with transaction.atomic():
            if unchanged.update(status=JobStatus.QUEUED, stage=REQUEUED_STAGE):
                job_enqueue(task=TASK_FOR_KIND[job.kind], job_id=job.pk)
            else:
                return
    except QueueUnavailable:  # failed with QUEUE_DOWN by job_enqueue
        result.failed.append(job.pk)
        return
    result.requeued.append(job.pk)
