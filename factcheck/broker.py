"""What the Celery broker (Redis) holds: which jobs are waiting in a queue or held by a worker.

The job sweep (annotate.tasks.maintenance) asks this before it queues a job again: a job whose
message still waits in Redis, or that a live worker has taken, is left alone; one found nowhere
was lost (its worker was killed, or Redis was down when it was queued).

Messages are read in kombu's Redis layout: one list per queue (and per priority step) holding
JSON envelopes whose base64 body is `[args, kwargs, embed]`. Workers are asked through Celery's
remote control (`inspect`), which their main process answers even while every pool process is
busy.
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Iterable

from celery import Celery

log = logging.getLogger(__name__)

# (task name, job id): a job's task always takes the job id as its one argument.
TaskJob = tuple[str, int]


def jobs_waiting(app: Celery) -> set[TaskJob]:
    """The (task, job id) of every message waiting in one of the app's queues."""
    found: set[TaskJob] = set()
    with app.connection_for_read() as connection:
        channel = connection.default_channel
        client = channel.client
        for queue in app.amqp.queues:
            for step in channel.priority_steps:
                key = f"{queue}{channel.sep}{step}" if step else queue
                found.update(_task_jobs(_decode(raw) for raw in client.lrange(key, 0, -1)))
    return found


def jobs_with_workers(app: Celery, timeout: float = 1.5) -> set[TaskJob] | None:
    """The (task, job id) every live worker is running or has reserved; None if none answered."""
    inspect = app.control.inspect(timeout=timeout)
    replies = [inspect.active(), inspect.reserved(), inspect.scheduled()]
    if all(reply is None for reply in replies):
        return None
    found: set[TaskJob] = set()
    for reply in replies:
        for requests in (reply or {}).values():
            for request in requests:
                request = request.get("request", request)  # scheduled() wraps the request
                found.update(_task_jobs([(request.get("name"), request.get("args"))]))
    return found


def jobs_in_flight(app: Celery) -> set[TaskJob] | None:
    """Jobs the broker or a worker still holds; None when this cannot be known (no answer).

    Redis is read before the workers are asked: a message moves from its queue to a worker,
    never back (unless redelivered), so none can slip between the two looks.
    """
    try:
        waiting = jobs_waiting(app)
        held = jobs_with_workers(app)
    except Exception:  # the broker is away: the sweep cannot tell lost from waiting
        log.warning("The job sweep could not read the broker", exc_info=True)
        return None
    if held is None:
        return None
    return waiting | held


def _decode(raw: bytes | str) -> tuple[str | None, object]:
    try:
        envelope = json.loads(raw)
        name = envelope.get("headers", {}).get("task")
        body = envelope["body"]
        if envelope.get("properties", {}).get("body_encoding") == "base64":
            body = base64.b64decode(body)
        args = json.loads(body)[0]
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return None, None
    return name, args


def _task_jobs(pairs: Iterable[tuple[str | None, object]]) -> set[TaskJob]:
    found: set[TaskJob] = set()
    for name, args in pairs:
        if name and isinstance(args, (list, tuple)) and args and isinstance(args[0], int):
            found.add((name, args[0]))
    return found


SUSPECTS_KEY = "factcheck:job-sweep-suspects"


def suspects_load(app: Celery) -> set[tuple[int, str, int]]:
    """The jobs the previous sweep found lost once (kept in Redis: every process sees them)."""
    try:
        with app.connection_for_read() as connection:
            raw = connection.default_channel.client.get(SUSPECTS_KEY)
    except Exception:
        log.warning("The job sweep could not read its suspects", exc_info=True)
        return set()
    try:
        return {(int(pk), str(status), int(attempts)) for pk, status, attempts in json.loads(raw)}
    except (TypeError, ValueError):
        return set()


def suspects_save(app: Celery, suspects: set[tuple[int, str, int]], ttl: int) -> None:
    try:
        with app.connection_for_write() as connection:
            connection.default_channel.client.set(
                SUSPECTS_KEY, json.dumps(sorted(suspects)), ex=max(ttl, 1)
            )
    except Exception:
        log.warning("The job sweep could not keep its suspects", exc_info=True)
