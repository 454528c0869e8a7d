"""A starting worker fails the jobs a dead worker left running (celery's worker_ready signal)."""

from __future__ import annotations

import pytest
from celery.signals import worker_ready

from annotate.models import JobStatus
from annotate.services.jobs import STALE_AFTER_SECONDS, WORKER_STOPPED
from annotate.tasks import fail_stale_jobs_on_worker_start
from tests.annotate.services.test_jobs import running_job, state

pytestmark = pytest.mark.django_db


def test_worker_ready_fails_every_teams_stale_jobs(checker, outsider):
    """The handler is connected: sending worker_ready fails old running jobs of all teams."""
    ours = running_job(checker, seconds_ago=STALE_AFTER_SECONDS + 60)
    theirs = running_job(outsider, seconds_ago=STALE_AFTER_SECONDS + 60)
    recent = running_job(checker, seconds_ago=60)
    results = dict(worker_ready.send(sender=None))
    assert results[fail_stale_jobs_on_worker_start] == 2
    assert state(ours) == state(theirs) == (JobStatus.FAILED, WORKER_STOPPED, True)
    assert state(recent) == (JobStatus.RUNNING, "", False)


def test_nothing_stale_nothing_changed(checker):
    recent = running_job(checker, seconds_ago=60)
    assert fail_stale_jobs_on_worker_start(sender=None) == 0
    assert state(recent) == (JobStatus.RUNNING, "", False)
