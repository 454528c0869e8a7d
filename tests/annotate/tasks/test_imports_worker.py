"""One import end to end across a real Celery worker process and a real Redis.

The worker is `celery -A factcheck worker --pool solo` started with the test database's URL, the
same var and media folders and the `redis_url` broker; the test process queues through the
import_document command (--queue), exactly as scripts do, and waits for the worker's result.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from annotate.models import Document, Job, JobStatus
from factcheck.celery import app
from tests.annotate.tasks import importfiles as files
from tests.database_url import test_database_url

WAIT_SECONDS = 60
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def celery_worker_process(redis_url, tmp_path):
    """A real worker on `redis_url`; the test process sends its tasks there too."""
    env = {key: value for key, value in os.environ.items() if key != "CELERY_TASK_ALWAYS_EAGER"}
    env.update(
        REDIS_URL=redis_url,
        DATABASE_URL=test_database_url(),
        FACTCHECK_VAR_DIR=str(settings.VAR_DIR),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        PYTHONPATH=str(ROOT),
    )
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "factcheck", "worker", "--pool", "solo",
         "--concurrency", "1", "--without-gossip", "--without-mingle", "--loglevel", "info"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    saved = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = redis_url
    _forget_connections()
    try:
        yield worker
    finally:
        app.conf.task_always_eager, app.conf.broker_url = saved
        _forget_connections()
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        log.close()
        print((tmp_path / "worker.log").read_text()[-3000:])


def _forget_connections() -> None:
    """Drop the app's cached connection and producer pools, made for the previous broker URL."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_imports_a_queued_file(celery_worker_process, team_admin, tmp_path):
    path = tmp_path / "roads.txt"
    path.write_bytes(files.txt("utf-16"))
    out = io.StringIO()
    call_command(
        "import_document", str(path), "--team", "planet", "--queue",
        "--timeout", str(WAIT_SECONDS), stdout=out,
    )  # fmt: skip
    job = Job.objects.get()
    assert (job.status, job.error) == (JobStatus.SUCCEEDED, "")
    assert job.celery_task_id  # it went through the broker, not inline
    assert job.attempts == 1
    document = Document.objects.get()
    assert out.getvalue() == f"{path}\t{document.pk}\n"
    assert "€4.2 million" in document.text
    assert celery_worker_process.poll() is None  # the worker is still up, and will be stopped
