"""Worker housekeeping: the periodic job sweep, and a sweep soon after every worker starts;
the periodic purge of claims kept in a document's Trash past TRASH_DAYS (`annotate.purge_trash`).

`annotate.sweep_jobs` runs every JOB_SWEEP_SECONDS from Celery beat (`make run` embeds beat in
its exports worker; production runs one `celery beat`). It reads what Redis and the live workers
hold (factcheck.broker) and hands that to services.job_sweep, which queues lost jobs again or
fails them. When a worker starts it fails the jobs left running long ago, and asks for a sweep
shortly after, when it answers the sweep's question itself: a worker restarted after a crash
(`make run` restarts it) so picks up its predecessor's job within seconds.
"""

from __future__ import annotations

import logging

from celery import current_app, shared_task
from celery.signals import worker_ready
from django.conf import settings

from annotate.services.claims import claims_purge_trash
from annotate.services.job_sweep import jobs_sweep
from annotate.services.jobs import jobs_fail_stale
from factcheck.broker import jobs_in_flight, suspects_load, suspects_save

log = logging.getLogger(__name__)

__all__ = ["fail_stale_jobs_on_worker_start", "purge_trash", "sweep_jobs"]

SWEEP_AFTER_START_SECONDS = 5


@shared_task(name="annotate.sweep_jobs", ignore_result=True, soft_time_limit=60, time_limit=90)
def sweep_jobs() -> dict:
    """Queue again or fail the jobs nothing will run; what it did, for the log.

    The jobs found lost once are kept in Redis until the next sweep, which acts on them.
    """
    suspects = suspects_load(current_app)
    result = jobs_sweep(in_flight=jobs_in_flight(current_app), suspects=suspects)
    suspects_save(current_app, result.suspects, ttl=settings.JOB_SWEEP_SECONDS * 10)
    return {
        "stale_failed": result.stale_failed,
        "requeued": result.requeued,
        "failed": result.failed,
        "partial_documents_removed": result.partial_documents_removed,
        "suspects": sorted(pk for pk, _status, _attempts in result.suspects),
    }


@shared_task(name="annotate.purge_trash", ignore_result=True, soft_time_limit=300, time_limit=360)
def purge_trash() -> dict:
    """Delete for good the claims deleted more than TRASH_DAYS ago (Celery beat, hourly)."""
    return {"purged": claims_purge_trash()}


@worker_ready.connect(dispatch_uid="annotate.fail_stale_jobs_on_worker_start")
def fail_stale_jobs_on_worker_start(sender=None, **kwargs) -> int:
    """Fail every team's jobs left running by a worker that died; log how many.

    A real worker (`sender` is its consumer) also asks for a sweep in a few seconds: by then it
    consumes and answers inspection, so the sweep sees what it holds.
    """
    failed = jobs_fail_stale()
    if failed:
        log.warning("Failed %s job(s) left running by a stopped worker", failed)
    if sender is not None:
        try:
            sweep_jobs.apply_async(countdown=SWEEP_AFTER_START_SECONDS)
        except Exception:  # the broker went away again; beat's next round sweeps
            log.warning("Could not ask for a job sweep after start", exc_info=True)
    return failed
