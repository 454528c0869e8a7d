"""Export tasks: run an export Job by id (see annotate.services.exports)."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from annotate.services.exports import export_failed_message, export_run
from annotate.services.jobs import job_begin, job_fail_by_id

__all__ = ["run_export"]

log = logging.getLogger(__name__)

TIME_LIMIT = "The export took too long and was stopped. Export fewer documents at a time."


@shared_task(bind=True, name="annotate.run_export")
def run_export(self, job_id: int) -> None:
    """Run export Job `job_id`; a second delivery of a finished job does nothing."""
    job = job_begin(job_id=job_id, task_id=self.request.id or "")
    if job is None:
        return
    try:
        export_run(job)
    except SoftTimeLimitExceeded:
        job_fail_by_id(job_id=job_id, message=TIME_LIMIT)
    except Exception as error:  # the user must learn that it failed; the log keeps the trace
        log.exception("Export job %s failed", job_id)
        job_fail_by_id(job_id=job_id, message=export_failed_message(error))
