"""Review pages: the queue, a claim's review page, its panel and the actions on it (htmx or not).

Every view reads through the team-scoped selectors (another team's id is a 404) and writes
through one service call; a refused action shows the service's message with its status code
(400, 403, 404 or 409). Actions answer htmx requests with the claim panel (partial "panel") and
plain form posts with a redirect back to the claim's review page.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from annotate import selectors
from annotate.models import Claim, Membership, Stance
from annotate.selectors import review as review_selectors
from annotate.services import claims as claim_services
from annotate.services import comments as comment_services
from annotate.services import reviews as review_services
from annotate.services.errors import ServiceError
from annotate.views.decorators import member_required

PAGE_SIZE = 25
PANEL = "annotate/review/_claim_panel.html"
FILTERS = ("document", "verdict", "author")


@require_GET
@member_required
def review_queue(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    choices = review_selectors.queue_choices(membership)
    filters, errors = _queue_filters(request.GET, choices)
    claims = review_selectors.review_queue(membership, **filters)
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"claim": claim, "diff": review_selectors.diff_since_last_review(claim)}
        for claim in page.object_list
    ]
    return render(
        request,
        "annotate/review/queue.html",
        {
            "page": page,
            "rows": rows,
            "choices": choices,
            "selected": {name: request.GET.get(name, "") for name in FILTERS},
            "filter_errors": errors,
            "query": _query_without_page(request),
            "sent_back": list(review_selectors.claims_sent_back(membership)),
        },
    )


@require_GET
@member_required
def review_claim(request: HttpRequest, pk: int) -> HttpResponse:
    claim = selectors.claim_for_member(request.membership, pk)
    return _claim_page(request, claim)


@require_GET
@member_required
def claim_panel(request: HttpRequest, pk: int) -> HttpResponse:
    claim = selectors.claim_for_member(request.membership, pk)
    return render(request, PANEL + "#panel", {"claim": claim})


@require_GET
@member_required
def review_badge(request: HttpRequest) -> HttpResponse:
    counts = review_selectors.review_counts(request.membership)
    return render(request, "annotate/review/_badge.html", {"counts": counts})


@require_POST
@member_required
def claim_submit(request: HttpRequest, pk: int) -> HttpResponse:
    def submit(membership: Membership, claim: Claim) -> str:
        review_services.claim_submit(
            membership=membership, claim=claim, comment=request.POST.get("comment", "")
        )
        return "Sent to review."

    return _act(request, pk, submit)


@require_POST
@member_required
def claim_approve(request: HttpRequest, pk: int) -> HttpResponse:
    def approve(membership: Membership, claim: Claim) -> str:
        review_services.claim_approve(
            membership=membership,
            claim=claim,
            comment=request.POST.get("comment", ""),
            version=_version(request),
        )
        return "Approved."

    return _act(request, pk, approve)


@require_POST
@member_required
def claim_request_changes(request: HttpRequest, pk: int) -> HttpResponse:
    def send_back(membership: Membership, claim: Claim) -> str:
        review_services.claim_request_changes(
            membership=membership,
            claim=claim,
            comment=request.POST.get("comment", ""),
            version=_version(request),
        )
        return "Sent back with your comment."

    return _act(request, pk, send_back)


@require_POST
@member_required
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    def post(membership: Membership, claim: Claim) -> str:
        comment_services.comment_add(
            membership=membership, claim=claim, body=request.POST.get("body", "")
        )
        return "Comment posted."

    return _act(request, pk, post)


@require_POST
@member_required
def claim_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The review page's small editor: restatement, claimant, verdict and notes."""

    def edit(membership: Membership, claim: Claim) -> str:
        version = _version(request)
        if version is None:
            raise ServiceError("The form lacks the claim's version; reload the page.")
        changes = {
            name: request.POST[name]
            for name in ("restatement", "claimant", "notes")
            if name in request.POST
        }
        if "verdict" in request.POST:
            changes["verdict"] = _verdict(membership, request.POST["verdict"])
        claim_services.claim_update(membership=membership, claim=claim, version=version, **changes)
        return "Claim saved."

    return _act(request, pk, edit)


@require_POST
@member_required
def source_add(request: HttpRequest, pk: int) -> HttpResponse:
    def add(membership: Membership, claim: Claim) -> str:
        claim_services.source_add(
            membership=membership,
            claim=claim,
            version=_version(request),
            url=request.POST.get("url", ""),
            title=request.POST.get("title", ""),
            stance=_stance(request.POST.get("stance") or Stance.SUPPORTS),
        )
        return "Source added."

    return _act(request, pk, add)


# --- Helpers ------------------------------------------------------------------------------------


def _act(request: HttpRequest, pk: int, action: Callable[[Membership, Claim], str]):
    """Run one service call on the member's claim `pk` and answer as the request wants."""
    membership = request.membership
    claim = selectors.claim_for_member(membership, pk)
    try:
        message = action(membership, claim)
    except ServiceError as error:
        if request.htmx:
            context = {"claim": claim, "panel_error": error.message}
            return render(request, PANEL + "#panel", context, status=error.status_code)
        return _claim_page(request, claim, error=error.message, status=error.status_code)
    claim = selectors.claim_for_member(membership, pk)
    if not request.htmx:
        messages.success(request, message)
        return redirect("annotate:review-claim", pk=pk)
    response = render(request, PANEL + "#panel", {"claim": claim, "panel_notice": message})
    # Lets other parts of the page (the badge, the desk's editor) refresh their copy.
    response["HX-Trigger"] = json.dumps(
        {"review-changed": {"claim": claim.pk, "version": claim.version, "status": claim.status}}
    )
    return response


def _claim_page(request, claim: Claim, *, error: str = "", status: int = 200) -> HttpResponse:
    membership = request.membership
    return render(
        request,
        "annotate/review/claim.html",
        {
            "claim": claim,
            "context": review_selectors.sentence_context(claim),
            "diff": review_selectors.diff_since_last_review(claim),
            "verdicts": selectors.verdicts_for_team(membership.team_id),
            "stances": Stance.choices,
            "error": error,
        },
        status=status,
    )


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ServiceError("The form's claim version is not a number; reload the page.") from None


def _verdict(membership: Membership, raw: str):
    if not raw:
        return None
    verdict = selectors.verdicts_for_team(membership.team_id).filter(pk=_int_or_none(raw)).first()
    if verdict is None:
        raise ServiceError("Choose a verdict from your team's scale.", field="verdict")
    return verdict


def _stance(raw: str) -> str:
    if raw not in Stance.values:
        raise ServiceError("Choose whether the source supports, refutes or gives context.")
    return raw


def _int_or_none(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


def _queue_filters(params, choices) -> tuple[dict, list[str]]:
    """Filters from the query string, each checked against the team's own choices."""
    allowed = {
        "document": {d.pk for d in choices.documents},
        "verdict": {v.pk for v in choices.verdicts},
        "author": {u.pk for u in choices.authors},
    }
    filters, errors = {}, []
    for name in FILTERS:
        raw = params.get(name, "")
        if not raw:
            continue
        value = _int_or_none(raw)
        if value in allowed[name]:
            filters[f"{name}_id"] = value
        else:
            errors.append(f"There is no such {name} in your queue; that filter was ignored.")
    return filters, errors


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
