"""Starting an export (the document page's menu, the document list's selection); its job is
watched and its file downloaded in the jobs area (annotate/views/jobs.py).

Authorization: `member_required` plus the team-scoped service; a document of another team is a
404 with the message, and no job is stored.
"""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from annotate.services.errors import ServiceError
from annotate.services.exports import export_start
from annotate.views.decorators import member_required
from annotate.views.responses import act


@require_POST
@member_required
def export_create(request):
    """Start an export of the posted `document` ids in `format`; then show its progress."""
    return act(
        request,
        lambda: export_start(
            membership=request.membership,
            document_ids=request.POST.getlist("document"),
            fmt=request.POST.get("format", ""),
            approved_only=_claims_scope(request.POST.get("claims", "")),
        ),
        done=lambda job: redirect("annotate:export-job", pk=job.pk),
        partial=lambda errors: render(
            request, "annotate/exports/error.html", {"message": next(iter(errors.values()))}
        ),
    )


# The export forms' "Claims" choice: the format's default, approved claims only, or all claims.
CLAIMS_SCOPES = {"": None, "approved": True, "all": False}


def _claims_scope(value: str) -> bool | None:
    if value not in CLAIMS_SCOPES:
        raise ServiceError("Choose which claims to export: approved only, or all.", field="claims")
    return CLAIMS_SCOPES[value]
