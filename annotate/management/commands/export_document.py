"""Export a document to a file from the shell, with the same Job code a Celery worker runs.

    python manage.py export_document DOC_ID --format csv --output claims.csv [--team SLUG]
        [--approved-only | --all-claims]

The export runs in this process (no worker needed) and is recorded as a Job like any other.
`--team` makes sure the document is the one of that team; without it, the document's own team is
used (whoever has the shell can read the database anyway). Exits non-zero with the reason when
the export fails.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from annotate import formats
from annotate.models import Document, JobStatus, Team
from annotate.services.errors import ServiceError
from annotate.services.exports import export_create, export_run


class Command(BaseCommand):
    help = "Export one document (" + ", ".join(formats.EXPORT_KEYS) + ") to a file."

    def add_arguments(self, parser):
        parser.add_argument("document_id", type=int, help="id of the document")
        parser.add_argument(
            "--format",
            required=True,
            choices=formats.EXPORT_KEYS,
            dest="fmt",
            help="; ".join(f"{key}: {label}" for key, label in formats.export_choices()),
        )
        parser.add_argument(
            "--output", required=True, help="file to write, or a folder to write it into"
        )
        parser.add_argument("--team", help="slug of the team the document must belong to")
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument(
            "--approved-only",
            dest="approved_only",
            action="store_const",
            const=True,
            help=f"only the approved claims (the default for {formats.publishable_labels()})",
        )
        scope.add_argument(
            "--all-claims",
            dest="approved_only",
            action="store_const",
            const=False,
            help="every claim, drafts included (the default for the other formats)",
        )

    def handle(
        self,
        *args,
        document_id: int,
        fmt: str,
        output: str,
        team: str | None,
        approved_only: bool | None = None,
        **options,
    ):
        owner = self._team(document_id, team)
        try:
            job = export_create(
                team=owner, document_ids=[document_id], fmt=fmt, approved_only=approved_only
            )
        except ServiceError as error:
            raise CommandError(error.message) from None
        export_run(job_id=job.pk)  # what the worker's task runs, here, in this process
        job.refresh_from_db()
        if job.status != JobStatus.SUCCEEDED:
            raise CommandError(f"Export job {job.pk} failed: {job.error}")
        target = Path(output)
        if target.is_dir():
            target = target / job.result_name
        try:
            with job.result_file.open("rb") as source, target.open("wb") as sink:
                shutil.copyfileobj(source, sink)
        except OSError as error:
            raise CommandError(f"Cannot write {target}: {error.strerror}.") from None
        self.stdout.write(f"Wrote {target} ({job.result_file.size} bytes, export job {job.pk}).")

    def _team(self, document_id: int, slug: str | None) -> Team:
        if slug is not None:
            team = Team.objects.filter(slug=slug).first()
            if team is None:
                raise CommandError(f"No team with the slug “{slug}”.")
            return team
        document = Document.objects.select_related("team").filter(pk=document_id).first()
        if document is None:
            raise CommandError(f"No document with the id {document_id}.")
        return document.team
