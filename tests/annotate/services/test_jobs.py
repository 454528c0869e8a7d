"""Stale jobs: a job left "running" by a dead worker is failed with a message, per team or all."""

from __future__ import annotations

import pytest
from django.utils import timezone

from annotate.models import Job, JobStatus
from annotate.services.imports import import_start
from annotate.services.jobs import (
    STALE_AFTER_SECONDS,
    WORKER_STOPPED,
    jobs_fail_stale,
    jobs_refresh_stale,
)
from tests.annotate.tasks import importfiles as files

pytestmark = pytest.mark.django_db


def running_job(membership, *, seconds_ago: int) -> Job:
    """A job of `membership`'s team marked running since `seconds_ago`."""
    [job] = import_start(membership=membership, uploads=[("a.txt", files.txt())], enqueue=False)
    started = timezone.now() - timezone.timedelta(seconds=seconds_ago)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=started)
    return job


def state(job: Job) -> tuple[str, str, bool]:
    job.refresh_from_db()
    return job.status, job.error, job.finished_at is not None


def test_refresh_fails_only_the_teams_stale_jobs(checker, outsider):
    """Old running jobs of the team fail with the message; recent ones and other teams' stay."""
    stale = running_job(checker, seconds_ago=STALE_AFTER_SECONDS + 60)
    recent = running_job(checker, seconds_ago=60)
    theirs = running_job(outsider, seconds_ago=STALE_AFTER_SECONDS + 60)
    assert jobs_refresh_stale(team_id=checker.team_id) == 1
    assert state(stale) == (JobStatus.FAILED, WORKER_STOPPED, True)
    assert state(recent) == (JobStatus.RUNNING, "", False)
    assert state(theirs) == (JobStatus.RUNNING, "", False)
    assert WORKER_STOPPED == "The worker stopped while running this job. Start it again."


def test_fail_stale_without_a_team_fails_every_teams_stale_jobs(checker, outsider):
    ours = running_job(checker, seconds_ago=STALE_AFTER_SECONDS + 60)
    theirs = running_job(outsider, seconds_ago=STALE_AFTER_SECONDS + 60)
    assert jobs_fail_stale() == 2
    assert state(ours)[0] == state(theirs)[0] == JobStatus.FAILED


def test_finished_and_queued_jobs_are_left_alone(checker):
    [queued] = import_start(membership=checker, uploads=[("q.txt", files.txt())], enqueue=False)
    done = running_job(checker, seconds_ago=STALE_AFTER_SECONDS + 60)
    Job.objects.filter(pk=done.pk).update(status=JobStatus.SUCCEEDED)
    assert jobs_refresh_stale(team_id=checker.team_id) == 0
    assert state(queued) == (JobStatus.QUEUED, "", False)
    assert state(done)[:2] == (JobStatus.SUCCEEDED, "")


def test_refresh_is_one_statement(checker, django_assert_num_queries):
    running_job(checker, seconds_ago=STALE_AFTER_SECONDS + 60)
    with django_assert_num_queries(1):
        jobs_refresh_stale(team_id=checker.team_id)


def test_a_redelivered_job_is_judged_from_its_latest_attempt(checker):
    """A job picked up again long after its first start is running, not stale."""
    from annotate.services.jobs import job_begin

    job = running_job(checker, seconds_ago=STALE_AFTER_SECONDS * 3)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)  # redelivered by the broker
    assert job_begin(job_id=job.pk) is not None
    assert jobs_refresh_stale(team_id=checker.team_id) == 0
    assert state(job) == (JobStatus.RUNNING, "", False)
