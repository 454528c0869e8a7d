"""Review decisions on claims: submit, approve, request changes. The only writer of Reviews."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from annotate.models import Claim, ClaimStatus, Membership, ReviewDecision
from annotate.services.errors import Conflict, NotFound, PermissionDenied, ServiceError
from annotate.services.lifecycle import record_transition


def claim_submit(*, membership: Membership, claim: Claim, comment: str = "") -> Claim:
    """Send a draft (or a claim sent back) to review. Needs restatement, verdict and a source."""
    _require_team(membership, claim)
    if not membership.can_edit:
        raise PermissionDenied("Your role in this team is read-only.")
    with transaction.atomic():
        locked = _lock(claim)
        if locked.status not in (ClaimStatus.DRAFT, ClaimStatus.CHANGES_REQUESTED):
            raise Conflict(f"This claim is {locked.get_status_display().lower()} already.")
        missing = submission_gaps(locked)
        if missing:
            raise ServiceError("Before submitting, add " + " and ".join(missing) + ".")
        record_transition(
            claim=locked,
            by=membership.user,
            decision=ReviewDecision.SUBMITTED,
            to_status=ClaimStatus.IN_REVIEW,
            comment=comment.strip(),
        )
        locked.version += 1
        locked.save(update_fields=["status", "version", "updated_at"])
    return locked


def claim_approve(*, membership: Membership, claim: Claim, comment: str = "") -> Claim:
    with transaction.atomic():
        locked = _decide(membership, claim)
        record_transition(
            claim=locked,
            by=membership.user,
            decision=ReviewDecision.APPROVED,
            to_status=ClaimStatus.APPROVED,
            comment=comment.strip(),
        )
        locked.approved_by = membership.user
        locked.approved_at = timezone.now()
        locked.version += 1
        locked.save(update_fields=["status", "approved_by", "approved_at", "version", "updated_at"])
    return locked


def claim_request_changes(*, membership: Membership, claim: Claim, comment: str) -> Claim:
    if not (comment or "").strip():
        raise ServiceError("Say what needs to change: a comment is required.", field="comment")
    with transaction.atomic():
        locked = _decide(membership, claim)
        record_transition(
            claim=locked,
            by=membership.user,
            decision=ReviewDecision.CHANGES_REQUESTED,
            to_status=ClaimStatus.CHANGES_REQUESTED,
            comment=comment.strip(),
        )
        locked.version += 1
        locked.save(update_fields=["status", "version", "updated_at"])
    return locked


def submission_gaps(claim: Claim) -> list[str]:
    """What a claim lacks before it can go to review, in words."""
    gaps = []
    if not claim.restatement.strip():
        gaps.append("a restatement")
    if claim.verdict_id is None:
        gaps.append("a verdict")
    if not claim.sources.exists():
        gaps.append("at least one source")
    return gaps


def _decide(membership: Membership, claim: Claim) -> Claim:
    _require_team(membership, claim)
    if not membership.can_review:
        raise PermissionDenied("Only the team's reviewers and admins decide on claims.")
    locked = _lock(claim)
    if locked.author_id == membership.user_id:
        raise PermissionDenied("You cannot review your own claim; ask a colleague.")
    if locked.status != ClaimStatus.IN_REVIEW:
        raise Conflict(f"This claim is {locked.get_status_display().lower()}, not in review.")
    return locked


def _require_team(membership: Membership, claim: Claim) -> None:
    if membership.team_id != claim.team_id:
        raise NotFound("No such claim in this team.")


def _lock(claim: Claim) -> Claim:
    locked = Claim.objects.select_for_update().select_related("verdict").filter(pk=claim.pk).first()
    if locked is None:
        raise NotFound("This claim was deleted.")
    return locked
