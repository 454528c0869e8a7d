"""Public fact-check pages (no login) and the publish / unpublish actions of the review panel.

The public page reads one publication by its team and slug (selectors.publishing): never
published is a 404, unpublished (or its claim deleted) a 410 Gone page. Actions write through
services.publishing and answer htmx with the publish box (partial "box"), plain posts with a
redirect back to the claim's review page.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from annotate import selectors
from annotate.forms import PublishForm, VersionForm
from annotate.rules import Permission
from annotate.selectors import publishing as publishing_selectors
from annotate.services import publishing as publishing_services
from annotate.views.decorators import member_required, permission_required
from annotate.views.responses import act

BOX = "annotate/publishing/_publish.html"


@require_GET
def public_claim(request: HttpRequest, team_slug: str, slug: str) -> HttpResponse:
    publication = publishing_selectors.publication_for_page(team_slug, slug)
    if not publication.is_published or publication.claim_gone:
        return render(
            request, "annotate/publishing/gone.html", {"publication": publication}, status=410
        )
    page = publishing_selectors.public_page(publication)
    return render(request, "annotate/publishing/public_claim.html", {"page": page})


@require_POST
@member_required
@permission_required(Permission.CLAIM_PUBLISH)  # a checker's POST is a 403 before any read
def claim_publish(request: HttpRequest, pk: int) -> HttpResponse:
    def publish(membership, claim) -> str:
        data, version = PublishForm(request.POST).changes()
        publishing_services.claim_publish(
            membership=membership, claim=claim, version=version, **data
        )
        return "Published."

    return _act(request, pk, publish)


@require_POST
@member_required
@permission_required(Permission.CLAIM_UNPUBLISH)
def claim_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    def unpublish(membership, claim) -> str:
        VersionForm(request.POST).read_version()
        publishing_services.claim_unpublish(membership=membership, claim=claim)
        return "Unpublished: the public page now answers 410 Gone."

    return _act(request, pk, unpublish)


def _act(request: HttpRequest, pk: int, action) -> HttpResponse:
    membership = request.membership
    claim = selectors.claim_for_member(membership, pk)

    def done(message: str) -> HttpResponse:
        if not request.htmx:
            messages.success(request, message)
            return redirect("annotate:review-claim", pk=pk)
        fresh = selectors.claim_for_member(membership, pk)
        return render(request, BOX + "#box", {"claim": fresh, "box_notice": message})

    def refused(errors: dict[str, str]) -> HttpResponse:
        message = next(iter(errors.values()))
        if not request.htmx:
            messages.error(request, message)
            return redirect("annotate:review-claim", pk=pk)
        return render(request, BOX + "#box", {"claim": claim, "box_error": message})

    return act(request, lambda: action(membership, claim), done=done, partial=refused, page=refused)
