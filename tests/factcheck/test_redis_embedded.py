"""The embedded Redis as `make run` runs it keeps queued work across a crash and a restart."""

from __future__ import annotations

import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from factcheck.broker import jobs_waiting
from factcheck.celery import app
from factcheck.redis_embedded import EmbeddedRedis


@pytest.fixture
def broker_on():
    saved = app.conf.broker_url
    eager, app.conf.task_always_eager = app.conf.task_always_eager, False

    def use(url: str) -> None:
        app.conf.broker_url = url
        app._pool = None
        app.amqp._producer_pool = None

    yield use
    use(saved)
    app.conf.task_always_eager = eager


def _run(redis: EmbeddedRedis) -> subprocess.Popen:
    process = subprocess.Popen(
        redis.command(foreground=True), stdout=subprocess.DEVNULL, start_new_session=True
    )
    redis.wait_ready(process=process)
    return process


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["stopped", "killed"])
def test_a_queued_job_survives_a_redis_restart(broker_on, how):
    redis = EmbeddedRedis(Path(tempfile.mkdtemp(prefix="fc-aof-")), persist=True)
    process = _run(redis)
    try:
        broker_on(redis.url)
        app.send_task("annotate.run_import", args=[7])
        time.sleep(1.5)  # appendfsync everysec: on disk within a second
        process.send_signal(how)
        process.wait(timeout=10)
        assert redis.aof.exists()
        process = _run(redis)
        broker_on(redis.url)
        assert jobs_waiting(app) == {("annotate.run_import", 7)}
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_test_redis_keeps_nothing(tmp_path):
    assert "--appendonly" in (command := EmbeddedRedis(tmp_path).command())
    assert command[command.index("--appendonly") + 1] == "no"
