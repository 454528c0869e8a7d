"""The claim guard and the review lifecycle shared by claims.py and reviews.py.

`claim_lock` is the one "check, lock, then write" step (after Zulip's
`access_message(..., lock_message=True)`): it asks annotate.rules who may act, locks the claim's
row, refuses a stale `version` and asks the rules about the claim's author and status again on
the locked row. Every write to a claim goes through it inside the caller's transaction.

draft -> in_review -> changes_requested -> in_review (resubmitted) -> approved; an edit of the
substance of an approved claim moves it back to in_review. `transition` is the one write of a
transition: one Review row (who, when, from, to, comment) holding a snapshot of the claim's
substance at that moment (what "the diff since the last review" compares against), then the
claim's new status, approval stamp and version in one save.

The substance is models.claim.SUBSTANCE_FIELDS, the fields of the reviewed snapshot: a change to
any of them reopens an approved claim, and its editor becomes one of the round's authors
(`claim.round_editors`), who cannot decide on it. A round starts when the claim goes to review
(its submitter is its first editor) and ends when a reviewer decides.
"""

from __future__ import annotations

from django.utils import timezone

from annotate import rules
from annotate.models import Claim, ClaimStatus, Membership, Review, ReviewDecision
from annotate.models.claim import SUBSTANCE_FIELDS
from annotate.rules import Permission
from annotate.selectors.review import claim_snapshot
from annotate.services.errors import Conflict, NotFound, ServiceError

STALE = (
    "Someone else saved this claim after you opened it. Reload to see their changes, "
    "then make yours again."
)
BAD_VERSION = "The claim's version is not a number."
NO_VERSION = (
    "A decision must name the claim's `version` you read, so that nobody approves text they "
    "have not seen. Reload the claim and decide again."
)
CLAIM_FIELDS_SAVED = ["status", "approved_by", "approved_at", "version", "updated_at"]


def claim_version(value: int | str | None) -> int | None:
    """The claim version a caller read (None: not checked), or ServiceError if not a number."""
    if value is None or isinstance(value, int):
        return value
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ServiceError(BAD_VERSION, field="version") from None


def claim_lock(
    *,
    membership: Membership,
    claim: Claim,
    permission: Permission,
    version: int | str | None = None,
    version_required: bool = False,
) -> Claim:
    """The claim's row, locked for this transaction, once `membership` may do `permission`.

    In order: the rules about who may act (NotFound, PermissionDenied), the row lock (NotFound
    if the claim was deleted), the version the caller read (Conflict if someone saved since;
    None skips the check, unless `version_required`: a decision), then the rules about the
    claim's author and status on the locked row. A missing required version is refused last, so
    a caller who may not act at all hears that first.
    Call it inside `transaction.atomic()`; write to the returned instance.
    """
    rules.require(membership, permission, claim, state=False)
    expected = claim_version(version)
    # of=self: the verdict is an outer join, which PostgreSQL will not lock.
    locked = (
        Claim.objects.select_for_update(of=("self",))
        .select_related("verdict")
        .filter(pk=claim.pk)
        .first()
    )
    if locked is None:
        raise NotFound("This claim was deleted.")
    if expected is not None and locked.version != expected:
        raise Conflict(STALE)
    rules.require(membership, permission, locked, state=True)
    if expected is None and version_required:
        raise ServiceError(NO_VERSION, field="version")
    return locked


def transition(
    *,
    claim: Claim,
    by,
    decision: str,
    to_status: str,
    comment: str = "",
    bump_version: bool = True,
) -> Review:
    """Record `by` moving the locked `claim` to `to_status` and save the claim (one UPDATE).

    An approval stamps who and when; any other move clears the stamp. The version goes up unless
    the caller already counted this write (an edit that reopens an approved claim).
    """
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
    if to_status == ClaimStatus.APPROVED:
        claim.approved_by, claim.approved_at = by, timezone.now()
    else:
        claim.approved_by, claim.approved_at = None, None
    if bump_version:
        claim.version += 1
    # simple-history takes the user from the request; tasks and shells have none, so say it.
    claim._history_user = by
    claim._change_reason = "review"  # the Review row is the record of this step (activity)
    claim.save(update_fields=CLAIM_FIELDS_SAVED)
    if to_status == ClaimStatus.IN_REVIEW:
        claim.round_editors.set([by])  # a new round: whoever sent it is one of its authors
    else:
        claim.round_editors.clear()
    return review


def substance_edited(*, claim: Claim, by, changed) -> None:
    """`by` changed `changed` fields of the locked `claim`: note the editor, reopen if approved.

    Only changes to the substance count; an assignee or other bookkeeping does not.
    """
    if not set(changed) & set(SUBSTANCE_FIELDS):
        return
    if claim.status == ClaimStatus.APPROVED:
        reopen_if_approved(claim=claim, by=by, changed=changed)  # the new round names `by`
    else:
        claim.round_editors.add(by)


def reopen_if_approved(*, claim: Claim, by, changed: list[str]) -> None:
    """Send an approved claim back to review after an edit of its substance (`changed`)."""
    if claim.status != ClaimStatus.APPROVED or not set(changed) & set(SUBSTANCE_FIELDS):
        return
    transition(
        claim=claim,
        by=by,
        decision=ReviewDecision.REOPENED,
        to_status=ClaimStatus.IN_REVIEW,
        comment=f"Edited after approval: {', '.join(sorted(changed))}.",
        bump_version=False,
    )
