"""Review decisions on claims: submit, approve, request changes. The only writer of Reviews.

Rules (annotate.rules; each has a test in tests/annotate/services/test_reviews.py):
- the claim must belong to the caller's current team, else NotFound (a 404, as for a forged id);
- submitting needs an editing role and a restatement, a verdict and at least one source;
- only the team's reviewers and admins decide, never on a claim they wrote;
- a decision must name the `version` the reviewer read (ServiceError without it): if the claim
  changed since, it is refused (Conflict) so nobody approves text they have not seen;
- nobody who submitted the claim or changed its substance this round decides on it;
- every transition records who, when, from which status and a comment (lifecycle.py).
"""

from __future__ import annotations

from django.db import transaction

from annotate import rules
from annotate.models import Claim, ClaimStatus, Membership, NotificationKind, ReviewDecision
from annotate.models.claim import TEXT_LIMITS, too_long
from annotate.rules import Permission, submission_gaps
from annotate.services import notifications
from annotate.services.errors import ServiceError
from annotate.services.lifecycle import STALE, claim_lock, transition
from annotate.services.publishing import publication_refresh

COMMENT_MAX_LENGTH = TEXT_LIMITS["comment"]
STALE_MESSAGE = STALE  # one message for every stale write, edits and decisions alike


def claim_submit(
    *, membership: Membership, claim: Claim, comment: str = "", version: int | None = None
) -> Claim:
    """Send a draft (or a claim sent back) to review. Needs restatement, verdict and a source.

    With `version`, refuse if someone saved the claim since it was read (as for decisions).
    """
    rules.require(membership, Permission.CLAIM_SUBMIT, claim, state=False)
    comment = _clean_comment(comment)
    return _take(
        membership,
        claim,
        Permission.CLAIM_SUBMIT,
        version,
        ReviewDecision.SUBMITTED,
        ClaimStatus.IN_REVIEW,
        comment,
        lacking="Before submitting, add {}.",
    )


def claim_approve(
    *, membership: Membership, claim: Claim, comment: str = "", version: int | None = None
) -> Claim:
    """Approve a claim in review: a reviewer or admin of its team who did not write it."""
    comment = _clean_comment(comment)
    return _take(
        membership,
        claim,
        Permission.CLAIM_DECIDE,
        version,
        ReviewDecision.APPROVED,
        ClaimStatus.APPROVED,
        comment,
        # A source may have been removed while the claim waited for review.
        lacking="This claim cannot be approved without {}.",
    )


def claim_request_changes(
    *, membership: Membership, claim: Claim, comment: str, version: int | None = None
) -> Claim:
    """Send a claim in review back to its checkers; the comment says what to change."""
    comment = _clean_comment(comment)
    if not comment:
        raise ServiceError("Say what needs to change: a comment is required.", field="comment")
    return _take(
        membership,
        claim,
        Permission.CLAIM_DECIDE,
        version,
        ReviewDecision.CHANGES_REQUESTED,
        ClaimStatus.CHANGES_REQUESTED,
        comment,
    )


def _take(
    membership: Membership,
    claim: Claim,
    permission: Permission,
    version: int | None,
    decision: str,
    to_status: str,
    comment: str,
    *,
    lacking: str = "",
) -> Claim:
    """The one review step: guard and lock the claim, check what it lacks, record the move."""
    with transaction.atomic():
        locked = claim_lock(
            membership=membership,
            claim=claim,
            permission=permission,
            version=version,
            version_required=permission == Permission.CLAIM_DECIDE,
        )
        missing = submission_gaps(locked) if lacking else []
        if missing:
            raise ServiceError(lacking.format(_words(missing)))
        transition(
            claim=locked,
            by=membership.user,
            decision=decision,
            to_status=to_status,
            comment=comment,
        )
        if to_status == ClaimStatus.APPROVED:
            publication_refresh(locked)  # a published check shows the version approved now
        _notify_checkers(locked, membership, decision, comment)
    return locked


# What the claim's author and assignee hear of a reviewer's decision.
DECISION_NOTICES = {
    ReviewDecision.APPROVED: (NotificationKind.APPROVED, "{who} approved your claim {claim}"),
    ReviewDecision.CHANGES_REQUESTED: (
        NotificationKind.SENT_BACK,
        "{who} sent back your claim {claim}",
    ),
}


def _notify_checkers(claim: Claim, membership: Membership, decision: str, comment: str) -> None:
    if decision not in DECISION_NOTICES:
        return
    kind, title = DECISION_NOTICES[decision]
    notifications.notify(
        team_id=claim.team_id,
        recipients=[claim.author_id, claim.assignee_id],
        kind=kind,
        actor=membership.user,
        title=title.format(
            who=membership.user.get_username(), claim=notifications.claim_title(claim)
        ),
        body=comment,
        claim=claim,
    )


def _clean_comment(comment: str | None) -> str:
    comment = (comment or "").strip()
    message = too_long("comment", comment)
    if message:
        raise ServiceError(message, field="comment")
    return comment


def _words(items: list[str]) -> str:
    return " and ".join(items) if len(items) < 3 else ", ".join(items[:-1]) + " and " + items[-1]
