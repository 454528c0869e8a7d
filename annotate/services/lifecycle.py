"""The claim review lifecycle shared by claims.py and reviews.py: snapshots and transitions.

draft -> in_review -> changes_requested -> in_review (resubmitted) -> approved; an edit of the
substance of an approved claim moves it back to in_review. Every transition is one Review row
(who, when, from, to, comment) holding a snapshot of the claim's substance at that moment, which
is what "the diff since the last review" compares against.

Callers lock the claim and save its status; these helpers never check permissions.
"""

from __future__ import annotations

from annotate.models import Claim, ClaimStatus, Review, ReviewDecision
from annotate.selectors.review import claim_snapshot

SUBSTANCE_FIELDS = {"restatement", "verdict", "notes", "sources"}


def record_transition(
    *, claim: Claim, by, decision: str, to_status: str, comment: str = ""
) -> Review:
    """Record `by` moving `claim` to `to_status`; the caller saves the claim's new status."""
    review = Review.objects.create(
        claim=claim,
        reviewer=by,
        decision=decision,
        from_status=claim.status,
        to_status=to_status,
        comment=comment,
        snapshot=claim_snapshot(claim),
    )
    claim.status = to_status
    # simple-history takes the user from the request; tasks and shells have none, so say it.
    claim._history_user = by
    return review


def reopen_if_approved(*, claim: Claim, by, changed: list[str]) -> None:
    """Send an approved claim back to review after an edit of its substance (`changed`)."""
    if claim.status != ClaimStatus.APPROVED or not set(changed) & SUBSTANCE_FIELDS:
        return
    record_transition(
        claim=claim,
        by=by,
        decision=ReviewDecision.REOPENED,
        to_status=ClaimStatus.IN_REVIEW,
        comment=f"Edited after approval: {', '.join(sorted(changed))}.",
    )
    claim.approved_by = None
    claim.approved_at = None
    claim.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
