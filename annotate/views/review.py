"""Review pages: the queue, a claim's review page, its panel and the actions on it (htmx or not).

Every view reads through the team-scoped selectors (another team's id is a 404), parses its input
with the one form of annotate.forms and writes through one service call; a refused action shows
the message with its status code (400, 403, 404 or 409) through views.responses, as every page.
Actions answer htmx requests with the claim panel (partial "panel") and plain form posts with a
redirect back to the claim's review page.
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
from annotate.forms import (
    ClaimForm,
    CommentForm,
    DecisionForm,
    SourceForm,
    VersionForm,
    claim_initial,
    source_initial,
)
from annotate.models import Claim, Membership, Stance
from annotate.rules import Permission, can
from annotate.selectors import review as review_selectors
from annotate.selectors.desk import members_for_team
from annotate.services import claims as claim_services
from annotate.services import comments as comment_services
from annotate.services import reviews as review_services
from annotate.views.decorators import member_required
from annotate.views.responses import act

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


# A decision's service and what the panel says once it is taken; one view for all three.
DECISIONS = {
    "submit": (review_services.claim_submit, "Sent to review."),
    "approve": (review_services.claim_approve, "Approved."),
    "request-changes": (review_services.claim_request_changes, "Sent back with your comment."),
}


@require_POST
@member_required
def claim_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    """Submit for review, approve or request changes (the route names the decision)."""
    service, notice = DECISIONS[decision]

    def decide(membership: Membership, claim: Claim) -> str:
        comment, version = DecisionForm(request.POST).decision()
        service(membership=membership, claim=claim, comment=comment, version=version)
        return notice

    return _act(request, pk, decide)


@require_POST
@member_required
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    def post(membership: Membership, claim: Claim) -> str:
        data, _ = CommentForm(request.POST).changes()
        comment_services.comment_add(membership=membership, claim=claim, **data)
        return "Comment posted."

    return _act(request, pk, post)


@require_POST
@member_required
def claim_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The review page's small editor: restatement, claimant, verdict and notes."""

    def edit(membership: Membership, claim: Claim) -> str:
        form = ClaimForm(
            request.POST,
            verdicts=lambda: list(selectors.verdicts_for_team(membership.team_id)),
            members=lambda: list(members_for_team(membership.team_id)),
        )
        changes, version = form.changes()
        claim_services.claim_update(membership=membership, claim=claim, version=version, **changes)
        return "Claim saved."

    return _act(request, pk, edit)


@require_POST
@member_required
def source_add(request: HttpRequest, pk: int) -> HttpResponse:
    def add(membership: Membership, claim: Claim) -> str:
        data, version = SourceForm(request.POST, new=True).changes()
        claim_services.source_add(membership=membership, claim=claim, version=version, **data)
        return "Source added."

    return _act(request, pk, add)


@require_POST
@member_required
def source_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Change one of the claim's sources from the review page's editor."""
    source = selectors.source_for_member(request.membership, pk)

    def save(membership: Membership, claim: Claim) -> str:
        data, version = SourceForm(request.POST).changes()
        claim_services.source_update(membership=membership, source=source, version=version, **data)
        return "Source saved."

    return _act(request, source.claim_id, save)


@require_POST
@member_required
def source_remove(request: HttpRequest, pk: int) -> HttpResponse:
    source = selectors.source_for_member(request.membership, pk)

    def remove(membership: Membership, claim: Claim) -> str:
        version = VersionForm(request.POST).read_version()
        claim_services.source_remove(membership=membership, source=source, version=version)
        return "Source removed."

    return _act(request, source.claim_id, remove)


# --- Helpers ------------------------------------------------------------------------------------


def _act(request: HttpRequest, pk: int, action: Callable[[Membership, Claim], str]):
    """Run one service call on the member's claim `pk` and answer as the request wants."""
    membership = request.membership
    claim = selectors.claim_for_member(membership, pk)

    def done(message: str) -> HttpResponse:
        fresh = selectors.claim_for_member(membership, pk)
        if not request.htmx:
            messages.success(request, message)
            return redirect("annotate:review-claim", pk=pk)
        response = render(request, PANEL + "#panel", {"claim": fresh, "panel_notice": message})
        # Lets other parts of the page (the badge, the desk's editor) refresh their copy.
        response["HX-Trigger"] = json.dumps(
            {
                "review-changed": {
                    "claim": fresh.pk,
                    "version": fresh.version,
                    "status": fresh.status,
                }
            }
        )
        return response

    return act(
        request,
        lambda: action(membership, claim),
        done=done,
        partial=lambda errors: render(
            request, PANEL + "#panel", {"claim": claim, "panel_error": _first(errors)}
        ),
        page=lambda errors: _claim_page(request, claim, error=_first(errors)),
    )


def _first(errors: dict[str, str]) -> str:
    return next(iter(errors.values()))


def _claim_page(request, claim: Claim, *, error: str = "") -> HttpResponse:
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
            **_editor(membership, claim),
        },
    )


def _editor(membership: Membership, claim: Claim) -> dict:
    """What the review page's claim editor (the desk's fields and source forms) shows."""
    if not can(membership, Permission.CLAIM_EDIT, claim):
        return {}
    rows = [
        {"key": s.pk, "source": s, "values": source_initial(s), "errors": {}}
        for s in claim.sources.all()
    ]
    return {
        "form": claim_initial(claim),
        "errors": {},
        "members": members_for_team(membership.team_id),
        "source_rows": rows,
        "new_source": {"values": {"stance": Stance.SUPPORTS}, "errors": {}},
    }


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
