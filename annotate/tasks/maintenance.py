"""Worker housekeeping: when a worker starts, jobs a dead worker left "running" are failed.

A worker that died mid-task (killed, out of memory, machine lost) never finishes its Job; the
next worker to start is the first moment we know that worker is gone. Pages and the API also
fail a team's stale jobs before showing them (services.jobs.jobs_refresh_stale).
"""

from __future__ import annotations

import logging

from celery.signals import worker_ready

from annotate.services.jobs import jobs_fail_stale

log = logging.getLogger(__name__)

__all__ = ["fail_stale_jobs_on_worker_start"]


@worker_ready.connect(dispatch_uid="annotate.fail_stale_jobs_on_worker_start")
def fail_stale_jobs_on_worker_start(sender=None, **kwargs) -> int:
    """Fail every team's jobs left running by a worker that died; log how many."""
    failed = jobs_fail_stale()
    if failed:
        log.warning("Failed %s job(s) left running by a stopped worker", failed)
    return failed
