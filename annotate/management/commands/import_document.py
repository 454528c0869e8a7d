"""Import files or web pages as documents of a team, through the same Job code as the upload page.

    python manage.py import_document [PATH ...] [--url URL ...] --team SLUG [--user USERNAME]
        [--queue]

Prints one line per file or URL, `<path>\t<document id>` (with `\talready imported` when the
team had the text already) or `<path>\terror: <message>`, and exits with status 1 if any failed.
A URL is fetched by the job behind the same SSRF guard as on the upload page.
Without --queue the jobs run in this process; with --queue they go to the Celery workers and
the command waits for them (at most --timeout seconds).
"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from annotate.models import Job, Membership, Role
from annotate.services.errors import ServiceError
from annotate.services.imports import import_run, import_start, import_url_start


class Command(BaseCommand):
    help = "Import text, Markdown, HTML, Word or factcheck JSON files, or web pages, into a team."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="files to import")
        parser.add_argument(
            "--url", action="append", default=[], help="a web page to import (repeatable)"
        )
        parser.add_argument("--team", required=True, help="the team's slug")
        parser.add_argument("--user", help="the member importing (default: the team's first admin)")
        parser.add_argument(
            "--queue", action="store_true", help="hand the jobs to the workers and wait"
        )
        parser.add_argument("--timeout", type=float, default=600, help="seconds to wait (--queue)")

    def handle(self, *args, **options):
        if not options["paths"] and not options["url"]:
            raise CommandError("Give at least one file to import, or --url ADDRESS.")
        membership = _membership(options["team"], options.get("user"))
        failed = False
        jobs: list[tuple[str, Job | None]] = []
        for raw in options["paths"]:
            path = Path(raw)
            try:
                jobs.append((raw, self._start(membership, path, queue=options["queue"])))
            except (OSError, ServiceError) as error:
                message = getattr(error, "message", None) or _os_message(error)
                self.stdout.write(f"{raw}\terror: {message}")
                failed = True
        for url in options["url"]:
            try:
                job = import_url_start(
                    membership=membership, url=url, source="command", enqueue=options["queue"]
                )
                jobs.append((url, job))
            except ServiceError as error:
                self.stdout.write(f"{url}\terror: {error.message}")
                failed = True
        if options["queue"]:
            jobs = _wait(jobs, options["timeout"])
        else:
            jobs = [(raw, import_run(job_id=job.pk) or job) for raw, job in jobs]
        for raw, job in jobs:
            failed |= self._report(raw, job)
        if failed:
            raise SystemExit(1)

    def _start(self, membership: Membership, path: Path, *, queue: bool) -> Job:
        with path.open("rb") as handle:
            [job] = import_start(
                membership=membership,
                uploads=[(path.name, handle)],
                source="command",
                enqueue=queue,
            )
        return job

    def _report(self, raw: str, job: Job) -> bool:
        job.refresh_from_db()
        if job.status == "succeeded" and job.document_id:
            note = "\talready imported" if job.duplicate_of_id else ""
            self.stdout.write(f"{raw}\t{job.document_id}{note}")
            return False
        message = job.error or f"the job is still {job.status} (job {job.pk})"
        self.stdout.write(f"{raw}\terror: {message}")
        return True


def _membership(slug: str, username: str | None) -> Membership:
    members = Membership.objects.select_related("team", "user").filter(team__slug=slug)
    if not members.exists():
        raise CommandError(f"No team with the slug “{slug}” (or it has no members).")
    if username:
        membership = members.filter(user__username=username).first()
        if membership is None:
            raise CommandError(f"“{username}” is not a member of the team “{slug}”.")
        return membership
    membership = members.filter(role=Role.ADMIN).order_by("created_at", "pk").first()
    if membership is None:
        raise CommandError(f"The team “{slug}” has no admin; say who imports with --user.")
    return membership


def _wait(jobs: list[tuple[str, Job]], timeout: float) -> list[tuple[str, Job]]:
    deadline = time.monotonic() + timeout
    pending = {job.pk for _, job in jobs}
    while pending and time.monotonic() < deadline:
        finished = Job.objects.filter(pk__in=pending, status__in=["succeeded", "failed"])
        pending -= set(finished.values_list("pk", flat=True))
        if pending:
            time.sleep(0.5)
    return jobs


def _os_message(error: OSError) -> str:
    return f"cannot read the file ({error.strerror or error})"
