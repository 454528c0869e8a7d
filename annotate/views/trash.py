"""A document's Trash: the claims deleted from it (kept TRASH_DAYS days), and restoring one.

Reads through the team-scoped selectors (another team's ids are a 404) and writes through
services.claims.claim_restore; a refused restore shows its message with its status code.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from annotate import rules, selectors
from annotate.models.claim import TRASH_DAYS
from annotate.rules import Permission
from annotate.services import claims as claim_services
from annotate.views.decorators import member_required
from annotate.views.responses import act

TEMPLATE = "annotate/trash/trash.html"


@require_GET
@member_required
def document_trash(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_for_member(request.membership, pk)
    return _page(request, document)


@require_POST
@member_required
def claim_restore(request: HttpRequest, pk: int) -> HttpResponse:
    claim = selectors.trashed_claim_for_member(request.membership, pk)
    document = claim.document

    def done(restored) -> HttpResponse:
        messages.success(request, "Claim restored.")
        return redirect(f"{document_url(document)}?claim={restored.pk}")

    def page(errors) -> HttpResponse:
        return _page(request, document, error=" ".join(errors.values()))

    return act(
        request,
        lambda: claim_services.claim_restore(membership=request.membership, claim=claim),
        done=done,
        partial=page,
        page=page,
    )


def document_url(document) -> str:
    return reverse("annotate:document-detail", args=[document.pk])


def _page(request: HttpRequest, document, *, error: str = "") -> HttpResponse:
    claims = list(selectors.trash_for_document(document))
    rows = [
        {"claim": c, "restore": rules.can(request.membership, Permission.CLAIM_RESTORE, c)}
        for c in claims
    ]
    context = {"document": document, "rows": rows, "days": TRASH_DAYS, "error": error}
    return render(request, TEMPLATE, context)
