"""Who may do what in a team, and what a claim still lacks before review: one table of rules.

Modelled on Hypothesis's permission map and predicates: every action a member can take is a
`Permission`, and `PERMISSIONS` maps it to the small predicates that must all hold. Each rule
carries the refusal it gives when it fails (404 for another team's object, 403 for a role or an
author rule, 409 for a claim in the wrong state), so the services raise one error per broken
rule, and the pages, the templates (the `can` filter, the claim panel's flags) and the API ask
the same table before offering an action.

Rules come in two tiers. "Who" rules look at the membership and the object's team only; "state"
rules look at a claim's author and status, which a colleague can change meanwhile, so the claim
guard (services.lifecycle.claim_lock) checks them again on the locked row.

Nothing here writes, and only `submission_gaps` and `round_editor_ids` may read (a claim's
sources and round editors, from the prefetch cache when there is one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from annotate.models import Claim, ClaimStatus, Membership, Role, Source
from annotate.services.errors import Conflict, NotFound, PermissionDenied, ServiceError

EDITING_ROLES = frozenset({Role.CHECKER, Role.REVIEWER, Role.ADMIN})
REVIEWING_ROLES = frozenset({Role.REVIEWER, Role.ADMIN})

READ_ONLY = "Your role in this team is read-only."
VIEWERS_CANNOT_IMPORT = "Your role in this team is read-only: viewers cannot import."
VIEWERS_CANNOT_COMMENT = "Viewers cannot comment; ask an admin for the checker role."
ONLY_REVIEWERS_DECIDE = "Only the team's reviewers and admins decide on claims."
NOT_YOUR_OWN = "You cannot review your own claim; ask a colleague."
EDITED_THIS_ROUND = "You edited this claim, so a colleague must review it."
ONLY_AUTHOR_OR_REVIEWER_DELETES = (
    "Only the claim's author, while it is a draft, or a reviewer can delete it."
)
ONLY_AUTHOR_OR_REVIEWER_RESTORES = (
    "Only the claim's author, while it is a draft, or a reviewer can restore it."
)
ONLY_ADMINS_MANAGE = "Only the team's admins can change its members."
ONLY_REVIEWERS_PUBLISH = "Only the team's reviewers and admins publish fact-checks."
OPEN_FOR_EDITS = (ClaimStatus.DRAFT, ClaimStatus.CHANGES_REQUESTED)


class Permission(StrEnum):
    """Every action a member can take; the value is what templates and the API name."""

    IMPORT = "document.import"
    IMPORT_PEOPLE = "document.import_people"  # keep the people and approvals a JSON file names
    EXPORT = "document.export"
    CLAIM_CREATE = "claim.create"
    CLAIM_EDIT = "claim.edit"
    CLAIM_DELETE = "claim.delete"
    CLAIM_RESTORE = "claim.restore"
    CLAIM_SUBMIT = "claim.submit"
    CLAIM_DECIDE = "claim.decide"
    CLAIM_COMMENT = "claim.comment"
    CLAIM_PUBLISH = "claim.publish"
    CLAIM_UNPUBLISH = "claim.unpublish"
    REVIEW = "review.queue"
    DOCUMENT_ASSIGN = "document.assign"
    TEAM_MANAGE = "team.manage"


# --- Predicates: small questions about a membership and, where it matters, an object ------------


def in_team(membership: Membership, obj: Any) -> bool:
    """The object (a document, claim or membership) belongs to the member's current team."""
    return obj is None or getattr(obj, "team_id", None) == membership.team_id


def edits(membership: Membership, obj: Any = None) -> bool:
    return membership.role in EDITING_ROLES


def reviews(membership: Membership, obj: Any = None) -> bool:
    return membership.role in REVIEWING_ROLES


def manages(membership: Membership, obj: Any = None) -> bool:
    return membership.role == Role.ADMIN


def wrote(membership: Membership, claim: Claim) -> bool:
    """The member is the claim's author."""
    return claim.author_id == membership.user_id


def not_author(membership: Membership, claim: Claim) -> bool:
    return not wrote(membership, claim)


def round_editor_ids(claim: Claim) -> set[int]:
    """Who submitted the claim or changed its substance this round (prefetch cache first)."""
    cache = getattr(claim, "_prefetched_objects_cache", {})
    if "round_editors" in cache:
        return {user.pk for user in cache["round_editors"]}
    if claim.pk is None:
        return set()
    return set(claim.round_editors.values_list("pk", flat=True))


def edited_this_round(membership: Membership, claim: Claim) -> bool:
    """The member changed the claim's substance (or submitted it) since it went to review."""
    return membership.user_id in round_editor_ids(claim)


def not_round_editor(membership: Membership, claim: Claim) -> bool:
    return not edited_this_round(membership, claim)


def author_of_draft_or_reviewer(membership: Membership, claim: Claim) -> bool:
    """The claim's author while it is a draft, or any reviewer or admin."""
    return reviews(membership) or (wrote(membership, claim) and claim.status == ClaimStatus.DRAFT)


def open_for_submission(membership: Membership, claim: Claim) -> bool:
    return claim.status in OPEN_FOR_EDITS


def in_review(membership: Membership, claim: Claim) -> bool:
    return claim.status == ClaimStatus.IN_REVIEW


def approved(membership: Membership, claim: Claim) -> bool:
    return claim.status == ClaimStatus.APPROVED


# --- The table ----------------------------------------------------------------------------------

Message = str | Callable[[Membership, Any], str]


@dataclass(frozen=True)
class Rule:
    """A predicate that must hold, and the refusal (an error class and message) when it fails."""

    holds: Callable[[Membership, Any], bool]
    error: type[ServiceError]
    message: Message
    state: bool = False  # looks at the claim's author or status: checked again once locked

    def refusal(self, membership: Membership, obj: Any) -> ServiceError:
        message = self.message(membership, obj) if callable(self.message) else self.message
        return self.error(message)


def _no_such(membership: Membership, obj: Any) -> str:
    noun = {"Claim": "claim", "Document": "document", "Membership": "member"}
    return f"No such {noun.get(type(obj).__name__, 'object')} in this team."


def _already(membership: Membership, claim: Claim) -> str:
    return f"This claim is {claim.get_status_display().lower()} already."


def _not_in_review(membership: Membership, claim: Claim) -> str:
    return f"This claim is {claim.get_status_display().lower()}, not in review."


def _not_approved(membership: Membership, claim: Claim) -> str:
    status = claim.get_status_display().lower()
    return f"Only approved claims can be published; this one is {status}."


IN_TEAM = Rule(in_team, NotFound, _no_such)
EDITOR = Rule(edits, PermissionDenied, READ_ONLY)

PERMISSIONS: dict[Permission, tuple[Rule, ...]] = {
    Permission.IMPORT: (Rule(edits, PermissionDenied, VIEWERS_CANNOT_IMPORT),),
    Permission.IMPORT_PEOPLE: (Rule(manages, PermissionDenied, ONLY_ADMINS_MANAGE),),
    Permission.EXPORT: (),
    Permission.CLAIM_CREATE: (IN_TEAM, EDITOR),
    Permission.CLAIM_EDIT: (IN_TEAM, EDITOR),
    Permission.CLAIM_DELETE: (
        IN_TEAM,
        EDITOR,
        Rule(author_of_draft_or_reviewer, PermissionDenied, ONLY_AUTHOR_OR_REVIEWER_DELETES, True),
    ),
    Permission.CLAIM_RESTORE: (
        IN_TEAM,
        EDITOR,
        Rule(author_of_draft_or_reviewer, PermissionDenied, ONLY_AUTHOR_OR_REVIEWER_RESTORES, True),
    ),
    Permission.CLAIM_SUBMIT: (
        IN_TEAM,
        EDITOR,
        Rule(open_for_submission, Conflict, _already, state=True),
    ),
    Permission.CLAIM_DECIDE: (
        IN_TEAM,
        Rule(reviews, PermissionDenied, ONLY_REVIEWERS_DECIDE),
        Rule(not_author, PermissionDenied, NOT_YOUR_OWN, state=True),
        Rule(not_round_editor, PermissionDenied, EDITED_THIS_ROUND, state=True),
        Rule(in_review, Conflict, _not_in_review, state=True),
    ),
    Permission.CLAIM_COMMENT: (IN_TEAM, Rule(edits, PermissionDenied, VIEWERS_CANNOT_COMMENT)),
    Permission.CLAIM_PUBLISH: (
        IN_TEAM,
        Rule(reviews, PermissionDenied, ONLY_REVIEWERS_PUBLISH),
        Rule(approved, Conflict, _not_approved, state=True),
    ),
    Permission.CLAIM_UNPUBLISH: (IN_TEAM, Rule(reviews, PermissionDenied, ONLY_REVIEWERS_PUBLISH)),
    Permission.REVIEW: (Rule(reviews, PermissionDenied, ONLY_REVIEWERS_DECIDE),),
    Permission.DOCUMENT_ASSIGN: (IN_TEAM, EDITOR),
    Permission.TEAM_MANAGE: (IN_TEAM, Rule(manages, PermissionDenied, ONLY_ADMINS_MANAGE)),
}


def refusal(
    membership: Membership | None, permission: Permission | str, obj: Any = None, *, state=None
) -> ServiceError | None:
    """The error for the first rule of `permission` that fails, or None when all hold.

    `state=False` checks only the "who" rules, `state=True` only the "state" rules (the claim
    guard runs them on the locked row); the default checks both.
    """
    if membership is None:
        return PermissionDenied("You are not a member of this team.")
    for rule in PERMISSIONS[Permission(permission)]:
        if state is not None and rule.state != state:
            continue
        if not rule.holds(membership, obj):
            return rule.refusal(membership, obj)
    return None


def can(membership: Membership | None, permission: Permission | str, obj: Any = None) -> bool:
    """Whether `membership` may do `permission` (on `obj`) now: for buttons, links and lists."""
    return refusal(membership, permission, obj) is None


def require(
    membership: Membership, permission: Permission | str, obj: Any = None, *, state=None
) -> None:
    """Raise the refusal of the first rule of `permission` that fails (see `refusal`)."""
    error = refusal(membership, permission, obj, state=state)
    if error is not None:
        raise error


# --- What a claim still lacks before it can go to review ----------------------------------------


def claim_sources(claim: Claim) -> list[Source]:
    """The claim's sources in order, from the prefetch cache when the caller prefetched them."""
    cache = getattr(claim, "_prefetched_objects_cache", {})
    if "sources" in cache:
        return sorted(cache["sources"], key=lambda s: (s.position, s.pk))
    return list(claim.sources.order_by("position", "id"))


def submission_gaps(claim: Claim) -> list[str]:
    """What a claim lacks before it can go to review, in words (uses prefetched sources)."""
    gaps = []
    if not claim.restatement.strip():
        gaps.append("a restatement")
    if claim.verdict_id is None:
        gaps.append("a verdict")
    if not claim_sources(claim):
        gaps.append("at least one source")
    return gaps


def claim_flags(membership: Membership | None, claim: Claim) -> dict[str, bool]:
    """What the claim panel offers `membership` on `claim` (template flags, no queries)."""
    return {
        "edit": can(membership, Permission.CLAIM_EDIT, claim),
        "delete": can(membership, Permission.CLAIM_DELETE, claim),
        "submit": can(membership, Permission.CLAIM_SUBMIT, claim),
        "decide": can(membership, Permission.CLAIM_DECIDE, claim),
        "comment": can(membership, Permission.CLAIM_COMMENT, claim),
        "restore": can(membership, Permission.CLAIM_RESTORE, claim),
        "publish": can(membership, Permission.CLAIM_PUBLISH, claim),
        "unpublish": can(membership, Permission.CLAIM_UNPUBLISH, claim),
        "own_claim_in_review": membership is not None
        and wrote(membership, claim)
        and in_review(membership, claim),
        # A reviewer who edited a colleague's claim this round: the panel says why they cannot
        # decide (EDITED_THIS_ROUND).
        "edited_this_round": membership is not None
        and reviews(membership)
        and not wrote(membership, claim)
        and in_review(membership, claim)
        and edited_this_round(membership, claim),
    }
