"""Import pages: the upload form, one job's live progress, and the team's recent jobs.

Views are thin: they parse the request, call services.imports or a selector, and render.
Authorization: member_required gives the current membership; the services refuse viewers
(403 with the message) and selectors.job_for_member turns another team's job id into a 404.
The upload form checks the request's declared size before CSRF or anything else reads the body.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from annotate import formats, rules, selectors
from annotate.models import Job
from annotate.rules import Permission
from annotate.services import imports
from annotate.services.errors import ServiceError
from annotate.services.jobs import jobs_refresh_stale
from annotate.views.decorators import member_required

RECENT_JOBS = 50
STAGE_LABELS = {
    "reading": "Reading the file",
    "extracting": "Extracting the article",
    "segmenting": "Finding the sentences",
    "saving": "Saving the document",
    "done": "Done",
}


# The CSRF check reads the whole body (request.POST), so it runs in `_import_post`, after the
# declared size is checked: an oversized upload is refused before Django streams it to disk.
@csrf_exempt
@member_required
@require_http_methods(["GET", "POST"])
def import_new(request):
    """The upload form: several files (picked or dropped) or pasted text with a title."""
    context = {
        "accept": formats.import_accept(),
        "formats_hint": formats.import_hint(),
        "max_mb": _max_mb(),
        "title": "",
        "text": "",
    }
    try:
        rules.require(request.membership, Permission.IMPORT)
        if request.method == "POST":
            imports.check_request_size(request.META.get("CONTENT_LENGTH"))
    except ServiceError as error:
        return _render_form(request, context, error)
    if request.method == "GET":
        return _render_form(request, context)
    return _import_post(request, context)


@csrf_protect
def _import_post(request, context: dict):
    """Start the imports the form posted; redirect to their progress."""
    membership = request.membership
    files = request.FILES.getlist("files")
    text = request.POST.get("text", "")
    title = request.POST.get("title", "")
    context.update(title=title, text=text)
    try:
        if files:
            uploads = [(upload.name, upload) for upload in files]
            jobs = imports.import_start(membership=membership, uploads=uploads)
        elif text.strip():
            jobs = [imports.import_paste(membership=membership, title=title, text=text)]
        else:
            raise ServiceError("Choose a file to import, or paste the article's text.")
    except ServiceError as error:
        return _render_form(request, context, error)
    if len(jobs) == 1:
        return redirect("annotate:job-detail", pk=jobs[0].pk)
    return redirect(reverse("annotate:job-list") + "?new=" + ",".join(str(j.pk) for j in jobs))


def _render_form(request, context: dict, error: ServiceError | None = None):
    context["error"] = error.message if error else ""
    status = error.status_code if error else 200
    return render(request, "annotate/imports/upload.html", context, status=status)


@member_required
def job_detail(request, pk: int):
    """One job with its progress bar; htmx polls the `progress` partial until it finishes."""
    jobs_refresh_stale(team_id=request.membership.team_id)  # its worker may have died
    job = selectors.job_for_member(request.membership, pk)
    _label(job)
    template = "annotate/imports/job_detail.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, {"job": job})


@member_required
def job_list(request):
    """The team's recent jobs, newest first; the table refreshes while some are unfinished."""
    # A page load is a cheap moment to fail jobs whose worker died (see services.jobs).
    jobs_refresh_stale(team_id=request.membership.team_id)
    jobs = list(
        selectors.jobs_for_team(request.membership).defer("document__text", "duplicate_of__text")[
            :RECENT_JOBS
        ]
    )
    for job in jobs:
        _label(job)
    new = set(request.GET.get("new", "").split(","))
    template = "annotate/imports/job_list.html"
    if request.htmx:
        template += "#jobs"
    context = {
        "jobs": jobs,
        "new": new,
        "unfinished": any(not job.is_finished for job in jobs),
        "query": request.GET.urlencode(),
    }
    return render(request, template, context)


def _label(job: Job) -> None:
    job.stage_label = STAGE_LABELS.get(job.stage, job.stage)


def _max_mb() -> str:
    return f"{settings.MAX_UPLOAD_BYTES / (1024 * 1024):g}"
