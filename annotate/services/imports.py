"""Imports: uploads become Jobs, and a job's bytes become a stored document.

Where imports start (the upload page, `POST /api/imports/`, the `import_document` command) call
`import_start` or `import_paste`: they check the role and the size (before anything is read into
memory), store the upload on a `Job` and hand the job to a Celery worker once the transaction
commits. The worker's task calls `import_run`, which reads, extracts, segments and saves with
progress on the Job; every failure is a failed Job with a message for the user, and no document.
A format with a streaming reader (plain text: formats.ImportFormat.streamer) is read from the
stored upload in chunks and its paragraphs go to the Document writer one by one, so an import
never holds the whole file; the others are read into memory first.

A text that the team already has is not stored twice: the job succeeds with `document` and
`duplicate_of` both set to the existing document, so every caller can link to it.

`document_from_article` is the synchronous core (services.documents.document_create, the only
Document writer, normalizes, segments and stores paragraph by paragraph), shared with `seed_demo`.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Sequence
from pathlib import PurePath
from typing import IO
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import transaction

from annotate import formats, rules
from annotate.ingest import claimreview, fetch
from annotate.ingest import html as html_reader
from annotate.ingest.article import Article, ArticleStream
from annotate.ingest.detect import HEAD_SIZE, detect_format
from annotate.ingest.errors import ImportRejected
from annotate.ingest.links import web_url
from annotate.models import Document, Job, JobKind, Membership, Team
from annotate.rules import Permission
from annotate.services.documents import DuplicateDocument, NoText, document_create
from annotate.services.errors import PermissionDenied, ServiceError
from annotate.services.jobs import (
    IMPORT_TASK,
    job_fail,
    job_progress,
    job_run,
    job_succeed,
    jobs_check_room,
    jobs_enqueue,
)
from annotate.services.lossless_import import document_from_lossless
from annotate.services.references import ReferencesStored, references_store
from annotate.services.storage import StorageFull, file_discard, file_store

log = logging.getLogger(__name__)

StageCallback = Callable[[str, int, int], None]
# One upload: the file's name (only its extension and last component are used) and its content,
# as a Django UploadedFile, any binary file object, or bytes.
Upload = tuple[str, "IO[bytes] | File | bytes"]

MAX_FILES_PER_REQUEST = 20
STAGES = ("reading", "extracting", "segmenting", "saving")
PASTED_NAME = "pasted-text.txt"


class UploadTooLarge(ServiceError):
    """An upload over settings.MAX_UPLOAD_BYTES; refused before it is read."""

    status_code = 413


def _ignore_stage(stage: str, done: int, total: int) -> None:
    return None


# --- Starting imports ---------------------------------------------------------------------------


def import_start(
    *,
    membership: Membership,
    uploads: Sequence[Upload],
    source: str = "upload",
    enqueue: bool = True,
    references: bool = False,
) -> list[Job]:
    """Queue one import Job per upload, in the membership's team, and return the jobs.

    `references`: the files are other outlets' fact-checks (ClaimReview JSON-LD, or saved
    fact-check pages whose embedded ClaimReview is read), stored as the archive's reference
    fact-checks rather than as documents; `.jsonld` files, and `.json` files that are ClaimReview,
    are read so without it.

    All or nothing: if any upload is refused (too big: `UploadTooLarge`, 413), no job is made.
    The content is checked later by the job, which fails with a message on bad input.
    `source` ("upload", "api", "command") is kept in the job's params. With `enqueue=False`
    the caller runs the jobs itself with `import_run` (the command does, in-process).
    Raises PermissionDenied for viewers, ServiceError for no file or too many.
    """
    rules.require(membership, Permission.IMPORT)
    if not uploads:
        raise ServiceError("Choose at least one file to import.", field="files")
    if len(uploads) > MAX_FILES_PER_REQUEST:
        raise ServiceError(f"Import at most {MAX_FILES_PER_REQUEST} files at once.", field="files")
    for name, content in uploads:
        check_upload_size(name, upload_size(content))
    jobs_check_room(membership=membership, kind=JobKind.IMPORT, adding=len(uploads))
    jobs: list[Job] = []
    try:
        with transaction.atomic():
            for name, content in uploads:
                params = {"source": source, **({"references": True} if references else {})}
                jobs.append(_job_create(membership, name, content, params))
            if enqueue:
                _enqueue_on_commit([job.pk for job in jobs])
    except StorageFull:
        for job in jobs:  # the rows are rolled back; the files stored before the full one too
            file_discard(job.input_file)
        raise
    return jobs


def import_paste(*, membership: Membership, title: str, text: str, enqueue: bool = True) -> Job:
    """Queue an import of pasted text, under `title` (or a title taken from the text)."""
    rules.require(membership, Permission.IMPORT)
    if not (text or "").strip():
        raise ServiceError("Paste the article's text.", field="text")
    data = text.encode("utf-8")
    check_upload_size(PASTED_NAME, len(data))
    jobs_check_room(membership=membership, kind=JobKind.IMPORT)
    params = {"source": "paste", "title": (title or "").strip()[:500]}
    with transaction.atomic():
        job = _job_create(membership, PASTED_NAME, data, params)
        if enqueue:
            _enqueue_on_commit([job.pk])
    return job


NOT_A_WEB_PAGE = "Enter the address of a web page, starting with http:// or https://."


def import_url_start(
    *, membership: Membership, url: str, source: str = "upload", enqueue: bool = True
) -> Job:
    """Queue an import of the web page at `url` (a worker fetches it behind the SSRF guard).

    The address is checked here for its shape (http or https, a host); whether it may be fetched
    is decided when the job fetches it, after every redirect, and a refusal fails the job.
    """
    rules.require(membership, Permission.IMPORT)
    url = (url or "").strip()
    if len(url) > 2000 or not web_url(url) or web_url(url) != url:
        raise ServiceError(NOT_A_WEB_PAGE, field="url")
    params = {"source": source, "url": url}
    with transaction.atomic():
        job = Job.objects.create(
            team_id=membership.team_id,
            kind=JobKind.IMPORT,
            params=params,
            input_name=url[:255],
            created_by=membership.user,
            stage="Waiting for a worker",
        )
        if enqueue:
            _enqueue_on_commit([job.pk])
    return job


NOTHING_TO_IMPORT_AGAIN = (
    "This import found no text the team already had, or its file is gone; import the file again."
)


def import_again(*, membership: Membership, job: Job, enqueue: bool = True) -> Job:
    """Import a duplicate job's file anyway, as a separate document: a new job, queued.

    `job` is the member's team's import job that found its text already stored (the caller
    fetched it through the team-scoped selector). Its kept upload moves to the new job, so the
    same file cannot be imported again twice by a double click.
    """
    rules.require(membership, Permission.IMPORT)
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk, team_id=membership.team_id)
        if job.kind != JobKind.IMPORT or job.duplicate_of_id is None or not job.input_file:
            raise ServiceError(NOTHING_TO_IMPORT_AGAIN)
        with job.input_file.open("rb") as handle:
            data = handle.read()
        params = {**job.params, "allow_duplicate": True, "again_of": job.pk}
        again = _job_create(membership, job.input_name, data, params)
        _discard_input(job)
        if enqueue:
            _enqueue_on_commit([again.pk])
    return again


def upload_size(content: IO[bytes] | File | bytes) -> int:
    """The size of an upload in bytes, found without reading it."""
    if isinstance(content, (bytes, bytearray, memoryview)):
        return len(content)
    size = getattr(content, "size", None)
    if isinstance(size, int):
        return size
    position = content.tell()
    end = content.seek(0, os.SEEK_END)
    content.seek(position)
    return end


def check_upload_size(name: str, size: int) -> None:
    limit = settings.MAX_UPLOAD_BYTES
    if size > limit:
        raise UploadTooLarge(
            f"“{display_name(name)}” is {_megabytes(size)}; the limit is {_megabytes(limit)}.",
            field="files",
        )


# Room in a request body for the multipart framing and the form's other fields.
REQUEST_SLACK_BYTES = 1024 * 1024


def check_request_size(content_length: str | int | None) -> None:
    """Raise UploadTooLarge (413) for a request body bigger than any import can be.

    Called with the request's CONTENT_LENGTH before the body is parsed (Django would stream it
    to a temporary file first): the most an import may send is MAX_FILES_PER_REQUEST files of
    MAX_UPLOAD_BYTES each, plus slack. A missing or malformed length is left to the per-file
    checks of import_start.
    """
    try:
        length = int(content_length or 0)
    except (TypeError, ValueError):
        return
    limit = settings.MAX_UPLOAD_BYTES * MAX_FILES_PER_REQUEST + REQUEST_SLACK_BYTES
    if length > limit:
        raise UploadTooLarge(
            f"The request is {_megabytes(length)}; "
            f"the limit is {settings.MAX_UPLOAD_MB} MB a file.",
            field="files",
        )


def display_name(name: str) -> str:
    """The last component of an uploaded name (browsers and scripts may send a path)."""
    return PurePath((name or "").replace("\\", "/")).name[:255] or "upload"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _job_create(membership: Membership, name: str, content, params: dict) -> Job:
    name = display_name(name)
    job = Job.objects.create(
        team_id=membership.team_id,
        kind=JobKind.IMPORT,
        params=params,
        input_name=name,
        created_by=membership.user,
        stage="Waiting for a worker",
    )
    if isinstance(content, (bytes, bytearray, memoryview)):
        stored = ContentFile(bytes(content))
    else:
        if hasattr(content, "seek"):
            content.seek(0)
        stored = content if isinstance(content, File) else File(content)
    # The stored name is ours (job id + extension); the user's name is kept in input_name.
    file_store(job.input_file, f"job-{job.pk}{PurePath(name).suffix.lower()[:10]}", stored)
    job.save(update_fields=["input_file"])
    return job


def _enqueue_on_commit(job_ids: list[int]) -> None:
    jobs_enqueue(task=IMPORT_TASK, job_ids=job_ids)


# --- Running an import job ----------------------------------------------------------------------


def import_run(*, job_id: int, task_id: str = "") -> Job | None:
    """Run import job `job_id`: the body of the Celery task, also called by the command.

    Returns the finished Job, or None when there was nothing to do (already finished or gone),
    which makes a second delivery of the same job harmless.
    """
    return job_run(
        job_id=job_id, task_id=task_id, work=_import, too_long=TOO_LONG, crashed=_crashed
    )


TOO_LONG = "The import took too long and was stopped."


def _crashed(job: Job, error: BaseException) -> str:
    return (
        f"Something went wrong on our side (job {job.pk}). Nothing was stored; "
        "please try again or tell an administrator."
    )


def _import(job: Job) -> Job:
    """Store the job's file as a document; a refused file fails the job with the reason.

    A text the team already has keeps the job's upload, so that the user can still import it
    as a separate document (`import_again`).
    """
    try:
        document = _import_job(job)
    except ImportRejected as error:
        return _finish_failed(job, error.message)
    except DuplicateDocument as error:
        return job_succeed(
            job=job,
            stage="Already in the team",
            document=error.existing,
            duplicate_of=error.existing,
        )
    except ServiceError as error:
        return _finish_failed(job, error.message)
    _discard_input(job)
    if isinstance(document, ReferencesStored):
        # Other outlets' fact-checks: archive rows, no document of our own.
        job.params = {
            **job.params,
            "references": True,
            "created": document.created,
            "updated": document.updated,
        }
        return job_succeed(
            job=job,
            stage=document.summary[:200],
            params=job.params,
            warnings=list(document.skipped[:50]),
        )
    return job_succeed(job=job, stage="Done", document=document, warnings=document.warnings)


def _finish_failed(job: Job, message: str) -> Job:
    _discard_input(job)
    return job_fail(job=job, message=message)


def _discard_input(job: Job) -> None:
    """Delete the upload once the job is decided: the document keeps its own copy."""
    if job.input_file:
        job.input_file.delete(save=False)
        job.save(update_fields=["input_file"])


def _import_job(job: Job) -> Document | ReferencesStored:
    membership = (
        Membership.objects.select_related("team", "user")
        .filter(team_id=job.team_id, user_id=job.created_by_id)
        .first()
    )
    if membership is None:
        raise PermissionDenied("The person who started this import is no longer in the team.")
    rules.require(membership, Permission.IMPORT)

    def on_stage(stage: str, done: int, total: int) -> None:
        job_progress(job=job, stage=stage, done=done, total=total)

    on_stage("reading", 0, len(STAGES))
    allow_duplicate = bool(job.params.get("allow_duplicate"))
    if job.params.get("url"):
        return _import_page(job, membership, on_stage, allow_duplicate)
    opener = _input_opener(job)
    name = job.input_name or "upload"
    with opener() as handle:
        head = handle.read(HEAD_SIZE)
    import_format = formats.import_format(detect_format(name, head))
    on_stage("extracting", 1, len(STAGES))
    if import_format.references or job.params.get("references"):
        # A ClaimReview file or feed, or a saved fact-check page the user said is one.
        with opener() as handle:
            data = handle.read()
        return references_store(membership=membership, result=claimreview.read(data, name))
    if import_format.streamer is not None:
        # Read in chunks, paragraph by paragraph; the original is copied from the file.
        article = import_format.streamer(opener, name)
        data, original = None, File(opener(), name=name)
    else:
        with opener() as handle:
            data = handle.read()
        article, original = None, None
    try:
        if import_format.lossless:
            return document_from_lossless(
                membership=membership,
                data=import_format.reader(data),
                original_name=name,
                original_bytes=data,
                on_stage=on_stage,
                allow_duplicate=allow_duplicate,
            )
        if article is None:
            article = import_format.reader(data, name)
        if job.params.get("title"):
            article.title = job.params["title"]
        return document_from_article(
            team=membership.team,
            created_by=membership.user,
            article=article,
            source_format=import_format.key,
            original_name=name,
            original_bytes=data,
            original_file=original,
            on_stage=on_stage,
            allow_duplicate=allow_duplicate,
        )
    finally:
        if original is not None:
            original.close()


def _input_opener(job: Job) -> Callable[[], IO[bytes]]:
    """A function opening the job's upload for reading (readers that stream open it twice)."""
    if not job.input_file:
        raise ServiceError("The uploaded file is gone; import it again.")
    check_upload_size(job.input_name, job.input_file.size)
    storage, stored_name = job.input_file.storage, job.input_file.name
    return lambda: storage.open(stored_name, "rb")


def _import_page(
    job: Job, membership: Membership, on_stage: StageCallback, allow_duplicate: bool
) -> Document:
    """Fetch the job's URL (behind the SSRF guard) and import the page as an HTML file.

    The fetched page stays on the job until the job is decided, so that "import anyway" reuses
    it (a job that has it already, made by `import_again`, does not fetch again).
    """
    if job.input_file:
        data, charset = _read_input(job), job.params.get("charset")
        url, name = job.params.get("final_url") or job.params["url"], job.input_name
    else:
        page = fetch.fetch(
            job.params["url"],
            allow_hosts=settings.IMPORT_URL_ALLOW_HOSTS,
            max_bytes=settings.MAX_UPLOAD_BYTES,
        )
        data, charset, url, name = page.data, page.charset, page.url, page_file_name(page.url)
        job.input_file.save(f"job-{job.pk}.html", ContentFile(data), save=False)
        job.input_name = name
        job.params = {**job.params, "final_url": url, "charset": charset}
        job.save(update_fields=["input_file", "input_name", "params"])
    on_stage("extracting", 1, len(STAGES))
    article = html_reader.read(data, name, url=url, charset=charset)
    article.source_url = url
    return document_from_article(
        team=membership.team,
        created_by=membership.user,
        article=article,
        source_format=formats.import_format("html").key,
        original_name=name,
        original_bytes=data,
        on_stage=on_stage,
        allow_duplicate=allow_duplicate,
    )


def page_file_name(url: str) -> str:
    """A file name for a fetched page: its host and last path segment (`example.org-story.html`)."""
    parts = urlsplit(url)
    stem = PurePath(unquote(parts.path)).name or "index"
    stem = re.sub(r"[^\w.-]+", "-", f"{parts.hostname or 'page'}-{stem}").strip("-.")[:200]
    return stem if stem.lower().endswith((".html", ".htm")) else f"{stem}.html"


def _read_input(job: Job) -> bytes:
    if not job.input_file:
        raise ServiceError("The uploaded file is gone; import it again.")
    check_upload_size(job.input_name, job.input_file.size)
    with job.input_file.open("rb") as handle:
        return handle.read()


# --- The synchronous core -----------------------------------------------------------------------


def document_from_article(
    *,
    team: Team,
    created_by,
    article: Article | ArticleStream,
    source_format: str,
    original_name: str = "",
    original_bytes: bytes | None = None,
    original_file: File | None = None,
    on_stage: StageCallback = _ignore_stage,
    allow_duplicate: bool = False,
) -> Document:
    """Normalize, segment and store an article read by one of the ingest readers, with its
    links and its warnings.

    Paragraphs go to the Document writer one by one (see services.documents), so a streamed
    article is never held whole.
    """
    stream = article if isinstance(article, ArticleStream) else ArticleStream.of(article)
    # Segmenting and saving go chunk by chunk: "saving" is reported as each chunk is written.
    on_stage("segmenting", 2, 4)

    def on_progress(_sentences: int, _total: int) -> None:
        on_stage("saving", 3, 4)

    try:
        document = document_create(
            team=team,
            created_by=created_by,
            title=stream.title,
            paragraphs=stream.paragraphs,
            source_format=source_format,
            byline=stream.byline,
            source_url=stream.source_url,
            published_on=stream.published,
            language=stream.language,
            original_name=original_name,
            original_bytes=original_bytes,
            original_file=original_file,
            on_progress=on_progress,
            warnings=stream.warnings,
            allow_duplicate=allow_duplicate,
        )
    except NoText:
        raise ImportRejected("The file has no text.") from None
    on_stage("done", 4, 4)
    return document
