"""Export pages: start an export (document page menu, document list selection), watch the Job,
download the file.

Authorization: `member_required` plus the team-scoped service and selectors; a job or document
of another team is a 404, and the file is only ever served through `export_download`.
"""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from annotate import formats
from annotate.models import JobStatus
from annotate.selectors.exports import export_job_for_member
from annotate.services.errors import ServiceError
from annotate.services.exports import export_media_type, export_start
from annotate.services.jobs import jobs_refresh_stale
from annotate.views.decorators import member_required

# How often the progress partial asks again while the job runs.
POLL_SECONDS = 1


@require_POST
@member_required
def export_create(request):
    """Start an export of the posted `document` ids in `format`; then show its progress."""
    try:
        job = export_start(
            membership=request.membership,
            document_ids=request.POST.getlist("document"),
            fmt=request.POST.get("format", ""),
        )
    except ServiceError as error:
        return render(
            request,
            "annotate/exports/error.html",
            {"message": error.message},
            status=error.status_code,
        )
    return redirect("annotate:export-job", pk=job.pk)


@require_GET
@member_required
def export_job(request, pk: int):
    """The progress of an export; htmx polls the `progress` partial until it ends."""
    jobs_refresh_stale(team_id=request.membership.team_id)  # its worker may have died
    job = export_job_for_member(request.membership, pk)
    template = "annotate/exports/job.html"
    if request.htmx:
        template += "#progress"
    context = {
        "job": job,
        "format_label": formats.export_label(job.params.get("format")),
        "poll_seconds": POLL_SECONDS,
    }
    return render(request, template, context)


@require_GET
@member_required
def export_download(request, pk: int):
    """The export's file, as an attachment, for members of its team only."""
    job = export_job_for_member(request.membership, pk)
    if job.status != JobStatus.SUCCEEDED or not job.result_file:
        raise Http404("This export has no file (yet).")
    return FileResponse(
        job.result_file.open("rb"),
        as_attachment=True,
        filename=job.result_name,
        content_type=export_media_type(job),
    )
