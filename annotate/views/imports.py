"""The import page: the upload form (files picked or dropped, or pasted text); the jobs it starts
are watched in the jobs area (annotate/views/jobs.py).

Views are thin: they parse the request, call services.imports, and render.
Authorization: member_required gives the current membership; the rules refuse viewers
(403 with the message).
The upload form checks the request's declared size before CSRF or anything else reads the body.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from annotate import formats, rules
from annotate.forms import ImportUrlForm
from annotate.rules import Permission
from annotate.services import imports
from annotate.services.errors import ServiceError
from annotate.views.decorators import member_required
from annotate.views.responses import refused


# The CSRF check reads the whole body (request.POST), so it runs in `_import_post`, after the
# declared size is checked: an oversized upload is refused before Django streams it to disk.
@csrf_exempt
@member_required
@require_http_methods(["GET", "POST"])
def import_new(request):
    """The upload form: several files (picked or dropped), a web page's URL, or pasted text."""
    context = {
        "accept": formats.import_accept(),
        "formats_hint": formats.import_hint(),
        "max_mb": _max_mb(),
        "title": "",
        "text": "",
        "url": "",
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
    url = request.POST.get("url", "")
    context.update(title=title, text=text, url=url)
    try:
        if files:
            uploads = [(upload.name, upload) for upload in files]
            jobs = imports.import_start(membership=membership, uploads=uploads)
        elif url.strip():
            address = ImportUrlForm({"url": url}).cleaned()["url"]
            jobs = [imports.import_url_start(membership=membership, url=address)]
        elif text.strip():
            jobs = [imports.import_paste(membership=membership, title=title, text=text)]
        else:
            raise ServiceError(
                "Choose a file to import, give a web page's address, or paste the article's text."
            )
    except ServiceError as error:
        return _render_form(request, context, error)
    if len(jobs) == 1:
        return redirect("annotate:job-detail", pk=jobs[0].pk)
    return redirect(reverse("annotate:job-list") + "?new=" + ",".join(str(j.pk) for j in jobs))


def _render_form(request, context: dict, error: ServiceError | None = None):
    """The upload form; a refusal shows its message with its status code (views.responses)."""
    if error is None:
        return render(request, "annotate/imports/upload.html", {"error": "", **context})

    def form(errors) -> HttpResponse:
        return _render_form(request, {**context, "error": next(iter(errors.values()))})

    return refused(request, error, partial=form)


def _max_mb() -> str:
    return f"{settings.MAX_UPLOAD_BYTES / (1024 * 1024):g}"
