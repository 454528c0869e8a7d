"""The claim review lifecycle shared by claims.py and reviews.py: snapshots and transitions.

draft -> in_review -> changes_requested -> in_review (resubmitted) -> approved; an edit of the
substance of an approved claim moves it back to in_review. Every transition is one Review row
(who, when, from, to, comment) holding a snapshot of the claim's substance at that moment, which
is what "the diff since the last review" compares against.

Callers lock the claim and save its status; these helpers never check permissions.
"""

from __future__ import annotations

from annotate.models import Claim, ClaimStatus, Review, ReviewDecision
from annotate.rules import claim_sources
from annotate.sanitize import plain_text

SUBSTANCE_FIELDS = {"restatement", "verdict", "notes", "sources"}
# The order in which snapshot fields are shown in a diff.
SNAPSHOT_FIELDS = ("restatement", "claimant", "verdict", "notes", "sources")
# Decisions a reviewer takes: the snapshots a later diff compares against.
DECISIONS = (ReviewDecision.APPROVED, ReviewDecision.CHANGES_REQUESTED)


def snapshot(claim: Claim) -> dict:
    """The claim's substance as plain data, stored on each transition for later diffs."""
    return {
        "restatement": claim.restatement,
        "claimant": claim.claimant,
        "verdict": claim.verdict.label if claim.verdict_id else "",
        "notes": plain_text(claim.notes),
        "sources": [f"{s.title or s.url} <{s.url}> ({s.stance})" for s in claim_sources(claim)],
    }


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
        snapshot=snapshot(claim),
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


def snapshot_diff(before: dict, after: dict) -> list[dict]:
    """Field-by-field differences between two snapshots: [{field, old, new, added, removed}].

    For the list of sources, `added` and `removed` name the entries that appeared or went.
    """
    changes = []
    for field in SNAPSHOT_FIELDS:
        old, new = before.get(field, [] if field == "sources" else ""), after.get(field)
        if old == new:
            continue
        change = {"field": field, "old": old, "new": new, "added": [], "removed": []}
        if field == "sources":
            change["added"] = [s for s in new if s not in old]
            change["removed"] = [s for s in old if s not in new]
        changes.append(change)
    return changes
