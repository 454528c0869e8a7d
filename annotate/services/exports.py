"""Exports: starting an export Job for a team's documents, and running it to a downloadable file.

`export_start` (pages, API) and `export_create` (the command) check the format and that every
document belongs to the team before any Job exists, so a forged id is refused with a message and
nothing is queued; the job goes to the workers by task name once the transaction commits.
`export_run` is what the Celery task (and the command, in its own process) runs, through
services.jobs.job_run like every job: `export_render` reads each document through the
team-scoped export selector, renders it with the format's pure renderer (annotate.formats), and
stores one file (one document) or a zip (several) on the Job. Formats whose renderer streams
(CSV, JSON) are written as the selector reads the claims a page at a time, into a temporary file
or straight into the zip's entry, then stored in blocks: memory does not follow the claim count.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Sequence
from typing import IO

from django.core.files.base import File
from django.utils import timezone
from django.utils.text import slugify

from annotate import formats
from annotate.document_data import DocumentData
from annotate.models import Job, JobKind, JobStatus, Membership, Team
from annotate.selectors.exports import (
    document_export_stream,
    documents_export_data,
    export_options,
    team_document_ids,
)
from annotate.services.errors import NotFound, ServiceError
from annotate.services.jobs import (
    EXPORT_TASK,
    job_enqueue,
    job_fail,
    job_progress,
    job_run,
    job_succeed,
    jobs_check_room,
)
from annotate.services.storage import StorageFull, file_store

MAX_DOCUMENTS = 200

UNKNOWN_FORMAT = "Unknown export format “{fmt}”. Choose one of: {choices}."
NO_DOCUMENTS = "Choose at least one document to export."
TOO_MANY = "Export at most {limit} documents at a time."
BAD_ID = "Document ids must be whole numbers, not “{value}”."
NOT_IN_TEAM = "No such document in this team: {ids}."
GONE = "Document {ids} is no longer in this team (deleted after the export started)."
FAILED = "The export failed unexpectedly ({detail}). Try again, or tell an admin."


def export_start(
    *,
    membership: Membership,
    document_ids: Sequence[int],
    fmt: str,
    approved_only: bool | None = None,
) -> Job:
    """Queue an export of the member's team's documents in format `fmt`; returns the Job.

    `approved_only` None takes the format's default: approved claims only for the publishable
    formats (annotated HTML, Markdown, ClaimReview), all claims for the others.

    Any member may export (exports only read). Raises ServiceError for a bad format or list,
    NotFound when an id is not a document of the team (another team's ids included). The task
    is sent once the transaction commits.
    """
    jobs_check_room(membership=membership, kind=JobKind.EXPORT)
    job = export_create(
        team=membership.team,
        document_ids=document_ids,
        fmt=fmt,
        by=membership.user,
        approved_only=approved_only,
    )
    job_enqueue(task=EXPORT_TASK, job_id=job.pk)
    return job


MAX_DB_ID = 2**63 - 1


def export_create(
    *,
    team: Team,
    document_ids: Sequence[int],
    fmt: str,
    by=None,
    approved_only: bool | None = None,
) -> Job:
    """Check the request and store a queued export Job (not sent to any worker)."""
    if fmt not in formats.EXPORT_KEYS:
        raise ServiceError(_unknown(fmt), field="fmt")
    if approved_only is None:
        approved_only = formats.approved_only_default(fmt)
    ids = _clean_ids(document_ids)
    # Ids beyond the database's integer range cannot name a document (and would overflow it).
    found = team_document_ids(team.pk, [pk for pk in ids if 0 < pk <= MAX_DB_ID])
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise NotFound(NOT_IN_TEAM.format(ids=", ".join(map(str, missing))), field="document_ids")
    return Job.objects.create(
        team=team,
        kind=JobKind.EXPORT,
        params={"format": fmt, "document_ids": ids, "approved_only": bool(approved_only)},
        document_id=ids[0] if len(ids) == 1 else None,
        progress_total=len(ids),
        stage="Queued",
        created_by=by,
    )


def export_run(*, job_id: int, task_id: str = "") -> Job | None:
    """Run export job `job_id`: the body of the Celery task, also called by the command.

    Returns the finished Job, or None when there was nothing to do (finished already or gone).
    """
    return job_run(
        job_id=job_id,
        task_id=task_id,
        work=export_render,
        too_long=TIME_LIMIT,
        crashed=lambda job, error: export_failed_message(error),
    )


TIME_LIMIT = "The export took too long and was stopped. Export fewer documents at a time."


def export_render(job: Job) -> Job:
    """Render the Job's documents and store the result on it; a problem fails the Job with why.

    The Job must be running (see `job_begin`). Ids are checked against the Job's team again, so
    ids forged into `params` are refused, never read. Unexpected errors propagate to job_run,
    which fails the Job with `export_failed_message`.
    """
    with tempfile.TemporaryFile() as content:  # written as rendered, then stored in blocks
        try:
            fmt, ids = _job_params(job)
            name = _render(job, fmt, ids, content)
        except ServiceError as error:
            _forget_deleted_document(job)
            return job_fail(job=job, message=error.message)
        _forget_deleted_document(job)
        if job.result_file:
            job.result_file.delete(save=False)  # a second run replaces the first run's file
        try:
            file_store(job.result_file, name, File(content, name=name))
        except StorageFull as error:
            return job_fail(job=job, message=error.message)
    return job_succeed(job=job, stage="Done", result_file=job.result_file, result_name=name)


def _forget_deleted_document(job: Job) -> None:
    # The finishing save writes every field: reload the link, which the database set to NULL if
    # the document was deleted while the export ran (saving the old id would break the FK).
    job.refresh_from_db(fields=["document"])


def export_failed_message(error: BaseException) -> str:
    """What a Job that crashed on `error` tells the user."""
    return FAILED.format(detail=f"{type(error).__name__}: {error}"[:300])


def export_media_type(job: Job) -> str:
    """The content type of a finished export's file."""
    if job.result_name.endswith(".zip"):
        return formats.ZIP_MEDIA_TYPE
    return formats.export_format(job.params["format"]).media_type


def _unknown(fmt) -> str:
    return UNKNOWN_FORMAT.format(fmt=fmt, choices=", ".join(formats.EXPORT_KEYS))


def _clean_ids(document_ids: Sequence[int]) -> list[int]:
    ids: list[int] = []
    for value in document_ids:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            raise ServiceError(BAD_ID.format(value=value), field="document_ids") from None
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise ServiceError(NO_DOCUMENTS, field="document_ids")
    if len(ids) > MAX_DOCUMENTS:
        raise ServiceError(TOO_MANY.format(limit=MAX_DOCUMENTS), field="document_ids")
    return ids


def _job_params(job: Job) -> tuple[str, list[int]]:
    if job.kind != JobKind.EXPORT or job.status != JobStatus.RUNNING:
        raise ServiceError("This job is not a running export.")
    fmt = job.params.get("format")
    if fmt not in formats.EXPORT_KEYS:
        raise ServiceError(_unknown(fmt))
    return fmt, _clean_ids(job.params.get("document_ids") or [])


def _render(job: Job, fmt: str, ids: list[int], out: IO[bytes]) -> str:
    """Write the export to `out`, one file or a zip with one file per document; its file name.

    Formats that stream (formats.ExportFormat.streams) are written as the selector reads the
    claims page by page, into the file or straight into the zip's entry: memory does not grow
    with the claim count. The others render a document at a time.
    """
    export_format = formats.export_format(fmt)
    approved_only = job.params.get("approved_only") is True
    options = export_options(job.team, generated_at=timezone.now(), approved_only=approved_only)
    if len(ids) == 1:
        _progress(job, 0, ids)
        name, write = _document(job, export_format, options, ids[0])
        write(out)
        job_progress(job=job, stage="Packing the file", done=1, total=1)
        return name
    docs: list[DocumentData] = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, pk in enumerate(ids):
            _progress(job, done, ids)
            name, write = _document(job, export_format, options, pk)
            with archive.open(name, "w") as entry:
                write(entry)
            if export_format.combined_name and not export_format.streams:
                docs.append(_document_data(job, pk))
        job_progress(job=job, stage="Packing the file", done=len(ids), total=len(ids))
        if export_format.combined_name:
            with archive.open(export_format.combined_name, "w") as combined:
                _write_combined(job, export_format, options, ids, docs, combined)
    return f"{job.team.slug}-{fmt}-export-{job.pk}.zip"


def _progress(job: Job, done: int, ids: list[int]) -> None:
    stage = f"Exporting document {done + 1} of {len(ids)}"
    job_progress(job=job, stage=stage, done=done, total=len(ids))


def _document(job: Job, export_format, options, pk: int):
    """Document `pk`'s file name in the export, and how to write it to a binary file."""
    renderer = export_format.renderer
    if export_format.streams:
        doc, claims = _document_stream(job, pk, renderer)
        return _file_name(doc, export_format), lambda out: renderer.write(
            [(doc, claims)], options, out
        )
    # One document at a time: a fixed number of statements each.
    doc = _document_data(job, pk)
    return _file_name(doc, export_format), lambda out: out.write(renderer.render(doc, options))


def _write_combined(job: Job, export_format, options, ids, docs, out: IO[bytes]) -> None:
    renderer = export_format.renderer
    if export_format.streams:  # each document read again, a page of claims at a time
        renderer.write((_document_stream(job, pk, renderer) for pk in ids), options, out)
    else:
        out.write(renderer.render_many(docs, options))


def _document_stream(job: Job, pk: int, renderer):
    found = document_export_stream(
        job.team, pk, order=renderer.STREAM_ORDER, approved_only=_approved_only(job)
    )
    if found is None:
        raise NotFound(GONE.format(ids=pk))
    return found


def _document_data(job: Job, pk: int) -> DocumentData:
    found = documents_export_data(job.team, [pk], approved_only=_approved_only(job))
    if not found:
        raise NotFound(GONE.format(ids=pk))
    return found[0]


def _approved_only(job: Job) -> bool:
    return job.params.get("approved_only") is True


def _file_name(doc: DocumentData, export_format: formats.ExportFormat) -> str:
    """A safe, unique file name: the title's slug, the document id and the format's extension
    (distinct for every format, so two exports of one document never share a name)."""
    stem = slugify(doc.title)[:60].strip("-") or "document"
    return export_format.file_name(f"{stem}-{doc.id}")
