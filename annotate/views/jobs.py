"""The jobs area: the team's Jobs list and one job page for imports and exports alike.

Every job shows its kind, format, status, progress, error and result: the document an import
made (or found already there), the file an export wrote, with its download link. A failed job
shows why, and no progress bar (a half-full bar reads as "still working"). Pages poll their own
progress partial with htmx until the job is finished.

Authorization: `member_required` plus the team-scoped selectors; another team's job is a 404,
and an export's file is only ever served through `job_download`, to members of its team. Pages
only read: jobs a dead worker left running are failed by the worker side (the periodic job
sweep, services.job_sweep, and every worker's start), never by a GET.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from annotate import formats, selectors
from annotate.ingest.detect import EXTENSIONS
from annotate.models import Job, JobKind, JobStatus
from annotate.services import imports
from annotate.services.exports import export_media_type
from annotate.views.decorators import member_required
from annotate.views.responses import act

RECENT_JOBS = 50
# How often a page asks again while a job runs.
POLL_SECONDS = 1
STAGE_LABELS = {
    "reading": "Reading the file",
    "extracting": "Extracting the article",
    "segmenting": "Finding the sentences",
    "saving": "Saving the document",
    "done": "Done",
}


@dataclass(frozen=True)
class JobRow:
    """What the list and the job page show of a job, beside the job itself."""

    job: Job
    format_label: str
    stage_label: str
    document_count: int
    has_file: bool
    shows_progress: bool  # no bar for a failed job


def describe(job: Job) -> JobRow:
    """The job as the pages show it (no queries: the document comes with the job)."""
    if job.kind == JobKind.EXPORT:
        label = formats.export_label(job.params.get("format"))
        count = len(job.params.get("document_ids") or [])
    else:
        label = _import_label(job)
        count = 1
    return JobRow(
        job=job,
        format_label=label,
        stage_label=STAGE_LABELS.get(job.stage, job.stage),
        document_count=count,
        has_file=job.status == JobStatus.SUCCEEDED and bool(job.result_file),
        shows_progress=job.status != JobStatus.FAILED,
    )


def _import_label(job: Job) -> str:
    """The import's format: the stored document's, else what its file name says it is."""
    if job.document is not None:
        return job.document.get_source_format_display()
    suffix = "." + job.input_name.rsplit(".", 1)[-1].lower() if "." in job.input_name else ""
    key = EXTENSIONS.get(suffix)
    return formats.import_format(key).label if key else ""


@require_GET
@member_required
def job_list(request):
    """The team's recent jobs, newest first; the table refreshes while some are unfinished."""
    rows = [describe(job) for job in selectors.jobs_for_team(request.membership)[:RECENT_JOBS]]
    template = "annotate/jobs/list.html"
    if request.htmx:
        template += "#jobs"
    context = {
        "rows": rows,
        "new": set(request.GET.get("new", "").split(",")),
        "unfinished": any(not row.job.is_finished for row in rows),
        "query": request.GET.urlencode(),
    }
    return render(request, template, context)


@require_GET
@member_required
def job_detail(request, pk: int, kind: str | None = None):
    """One job with its progress; htmx polls the `progress` partial until it finishes.

    `kind` restricts the page to one kind of job (the exports' own address, /exports/<id>/).
    """
    job = _job(request, pk, kind)
    template = "annotate/jobs/job.html"
    if request.htmx:
        template += "#progress"
    # The page links the file under its own address (/jobs/<id>/ or /exports/<id>/).
    download = "annotate:export-download" if kind == JobKind.EXPORT else "annotate:job-download"
    return render(request, template, _detail_context(job, download))


def _detail_context(job: Job, download: str, error: str = "") -> dict:
    return {
        "row": describe(job),
        "job": job,
        "poll_seconds": POLL_SECONDS,
        "download_url": reverse(download, args=[job.pk]),
        # A duplicate import keeps its file until the user imports it anyway (or not).
        "can_import_again": bool(job.duplicate_of_id and job.input_file),
        "error": error,
    }


@require_POST
@member_required
def job_import_again(request, pk: int):
    """Import a duplicate job's file anyway, as a separate document; show the new job."""
    job = _job(request, pk, JobKind.IMPORT)

    def page(errors) -> HttpResponse:
        context = _detail_context(job, "annotate:job-download", next(iter(errors.values())))
        return render(request, "annotate/jobs/job.html", context)

    return act(
        request,
        lambda: imports.import_again(membership=request.membership, job=job),
        done=lambda again: redirect("annotate:job-detail", pk=again.pk),
        partial=page,
    )


@require_GET
@member_required
def job_download(request, pk: int, kind: str | None = None):
    """A finished job's file (an export), as an attachment, for members of its team only."""
    job = _job(request, pk, kind)
    if job.status != JobStatus.SUCCEEDED or not job.result_file:
        raise Http404("This job has no file (yet).")
    return FileResponse(
        job.result_file.open("rb"),
        as_attachment=True,
        filename=job.result_name,
        content_type=export_media_type(job),
    )


def _job(request, pk: int, kind: str | None) -> Job:
    job = selectors.job_for_member(request.membership, pk)
    if kind is not None and job.kind != kind:
        raise Http404(f"No such {kind} in this team.")
    return job
