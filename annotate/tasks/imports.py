"""Import tasks: a Celery entry point around services.imports.import_run.

The task takes a job id, is enqueued on commit by services.imports and is safe to run twice
(import_run does nothing for a finished job). Late acknowledgement (settings: CELERY_TASK_ACKS_LATE
and CELERY_TASK_REJECT_ON_WORKER_LOST) means a worker killed mid-import leaves the message in Redis
for another worker; the re-run either finishes the job or, if the document was stored before the
crash, finds it as a duplicate and links to it. A job that keeps killing its worker is failed after
services.jobs.MAX_ATTEMPTS tries; jobs left "running" when no worker is left to take them are
failed when a worker starts and by the periodic job sweep (tasks.maintenance), never by a page.
"""

from __future__ import annotations

from celery import shared_task

from annotate.services.imports import import_run
from annotate.services.jobs import IMPORT_TASK

__all__ = ["run_import"]


@shared_task(bind=True, name=IMPORT_TASK, acks_late=True, reject_on_worker_lost=True)
def run_import(self, job_id: int) -> None:
    import_run(job_id=job_id, task_id=self.request.id or "")
