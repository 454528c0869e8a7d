"""The claim review lifecycle shared by claims.py and reviews.py: snapshots and transitions.

draft -> in_review -> changes_requested -> in_review (resubmitted) -> approved; an edit of the
substance of an approved claim moves it back to in_review.
"""

from __future__ import annotations

from annotate.models import Claim, ClaimStatus, Review, ReviewDecision
from annotate.sanitize import plain_text

SUBSTANCE_FIELDS = {"restatement", "verdict", "notes", "sources"}


def snapshot(claim: Claim) -> dict:
    """The claim's substance as plain data, stored on each transition for later diffs."""
    sources = list(claim.sources.order_by("position", "id").values("url", "title", "stance"))
    return {
        "restatement": claim.restatement,
        "claimant": claim.claimant,
        "verdict": claim.verdict.label if claim.verdict_id else "",
        "notes": plain_text(claim.notes),
        "sources": [f"{s['title'] or s['url']} <{s['url']}> ({s['stance']})" for s in sources],
    }


def record_transition(
    *, claim: Claim, by, decision: str, to_status: str, comment: str = ""
) -> Review:
    review = Review.objects.create(
        claim=claim,
        reviewer=by,
        decision=decision,
        from_status=claim.status,
        to_status=to_status,
        comment=comment,
        snapshot=snapshot(claim),
    )
    claim.status = to_status
    return review


def reopen_if_approved(*, claim: Claim, by, changed: list[str]) -> None:
    if claim.status != ClaimStatus.APPROVED:
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
