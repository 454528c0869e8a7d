"""Export tasks: run an export Job by id (see annotate.services.exports.export_run).

Thin, like every task: an id in, one service call. services.jobs.job_run handles a second
delivery, the time limit and crashes, the same way for imports and exports.
"""

from __future__ import annotations

from celery import shared_task

from annotate.services.exports import export_run
from annotate.services.jobs import EXPORT_TASK

__all__ = ["run_export"]


@shared_task(bind=True, name=EXPORT_TASK)
def run_export(self, job_id: int) -> None:
    """Run export Job `job_id`; a second delivery of a finished job does nothing."""
    export_run(job_id=job_id, task_id=self.request.id or "")
