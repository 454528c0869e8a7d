"""Handing work to the Celery workers: by task name, once the transaction commits.

By name (Celery's send_task), so no service imports a task module. send_task ignores
CELERY_TASK_ALWAYS_EAGER (development and tests run tasks in-process): then the registered task
is called as `.delay` would call it.
"""

from __future__ import annotations

from celery import current_app
from django.db import transaction


def task_enqueue(*, task: str, args: list) -> None:
    """Send the task named `task` with `args` (ids, plain data) once the transaction commits."""
    transaction.on_commit(lambda: _send(task, args))


def _send(task: str, args: list) -> None:
    app = current_app
    if app.conf.task_always_eager:
        app.loader.import_default_modules()  # the tasks register themselves on import
        app.tasks[task].delay(*args)
    else:
        app.send_task(task, args=args)
