"""Review decisions on claims: submit, approve, request changes. The only writer of Reviews.

Rules (annotate.rules; each has a test in tests/annotate/services/test_reviews.py):
- the claim must belong to the caller's current team, else NotFound (a 404, as for a forged id);
- submitting needs an editing role and a restatement, a verdict and at least one source;
- only the team's reviewers and admins decide, never on a claim they wrote;
- a decision names the `version` the reviewer read: if the claim changed since, it is refused
  (Conflict) so nobody approves text they have not seen;
- every transition records who, when, from which status and a comment (lifecycle.py).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from annotate import rules
from annotate.models import Claim, ClaimStatus, Membership, ReviewDecision
from annotate.rules import Permission, submission_gaps
from annotate.services.errors import Conflict, NotFound, ServiceError
from annotate.services.lifecycle import record_transition

COMMENT_MAX_LENGTH = 5000
STALE_MESSAGE = (
    "This claim changed after you opened it. Reload to see the changes, then decide again."
)


def claim_submit(*, membership: Membership, claim: Claim, comment: str = "") -> Claim:
    """Send a draft (or a claim sent back) to review. Needs restatement, verdict and a source."""
    rules.require(membership, Permission.CLAIM_SUBMIT, claim, state=False)
    comment = _clean_comment(comment)
    with transaction.atomic():
        locked = _lock(claim, None)
        rules.require(membership, Permission.CLAIM_SUBMIT, locked, state=True)
        missing = submission_gaps(locked)
        if missing:
            raise ServiceError("Before submitting, add " + _words(missing) + ".")
        record_transition(
            claim=locked,
            by=membership.user,
            decision=ReviewDecision.SUBMITTED,
            to_status=ClaimStatus.IN_REVIEW,
            comment=comment,
        )
        locked.version += 1
        locked.save(update_fields=["status", "version", "updated_at"])
    return locked


def claim_approve(
    *, membership: Membership, claim: Claim, comment: str = "", version: int | None = None
) -> Claim:
    """Approve a claim in review: a reviewer or admin of its team who did not write it."""
    comment = _clean_comment(comment)
    with transaction.atomic():
        locked = _decide(membership, claim, version)
        missing = submission_gaps(locked)
        if missing:
            # A source may have been removed while the claim waited for review.
            raise ServiceError("This claim cannot be approved without " + _words(missing) + ".")
        record_transition(
            claim=locked,
            by=membership.user,
            decision=ReviewDecision.APPROVED,
            to_status=ClaimStatus.APPROVED,
            comment=comment,
        )
        locked.approved_by = membership.user
        locked.approved_at = timezone.now()
        locked.version += 1
        locked.save(update_fields=["status", "approved_by", "approved_at", "version", "updated_at"])
    return locked


def claim_request_changes(
    *, membership: Membership, claim: Claim, comment: str, version: int | None = None
) -> Claim:
    """Send a claim in review back to its checkers; the comment says what to change."""
    comment = _clean_comment(comment)
    if not comment:
        raise ServiceError("Say what needs to change: a comment is required.", field="comment")
    with transaction.atomic():
        locked = _decide(membership, claim, version)
        record_transition(
            claim=locked,
            by=membership.user,
            decision=ReviewDecision.CHANGES_REQUESTED,
            to_status=ClaimStatus.CHANGES_REQUESTED,
            comment=comment,
        )
        locked.version += 1
        locked.save(update_fields=["status", "version", "updated_at"])
    return locked


def _decide(membership: Membership, claim: Claim, version: int | None) -> Claim:
    rules.require(membership, Permission.CLAIM_DECIDE, claim, state=False)
    locked = _lock(claim, version)
    rules.require(membership, Permission.CLAIM_DECIDE, locked, state=True)
    return locked


def _lock(claim: Claim, version: int | None) -> Claim:
    # of=self: the verdict is an outer join, which PostgreSQL will not lock.
    locked = (
        Claim.objects.select_for_update(of=("self",))
        .select_related("verdict")
        .filter(pk=claim.pk)
        .first()
    )
    if locked is None:
        raise NotFound("This claim was deleted.")
    if version is not None and locked.version != _as_int(version):
        raise Conflict(STALE_MESSAGE)
    return locked


def _as_int(version) -> int:
    try:
        return int(version)
    except (TypeError, ValueError):
        raise ServiceError("The claim's version is not a number.", field="version") from None


def _clean_comment(comment: str | None) -> str:
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ServiceError(
            f"Keep the comment under {COMMENT_MAX_LENGTH} characters.", field="comment"
        )
    return comment


def _words(items: list[str]) -> str:
    return " and ".join(items) if len(items) < 3 else ", ".join(items[:-1]) + " and " + items[-1]
