"""annotate.rules: the one table of who may do what, asked without touching the database."""

from __future__ import annotations

import pytest

from annotate import rules
from annotate.models import Claim, ClaimStatus, Document, Membership, Role
from annotate.rules import Permission
from annotate.services.errors import Conflict, NotFound, PermissionDenied

ME, COLLEAGUE = 1, 2
TEAM, OTHER_TEAM = 10, 20


def member(role: str, user_id: int = ME, team_id: int = TEAM) -> Membership:
    return Membership(role=role, user_id=user_id, team_id=team_id)


def claim(status: str = ClaimStatus.DRAFT, author_id: int = COLLEAGUE, team_id: int = TEAM):
    return Claim(status=status, author_id=author_id, team_id=team_id, restatement="")


ROLES = [Role.VIEWER, Role.CHECKER, Role.REVIEWER, Role.ADMIN]

# permission -> the roles that may do it (on a colleague's draft, or the team in general)
TABLE = {
    Permission.IMPORT: {Role.CHECKER, Role.REVIEWER, Role.ADMIN},
    Permission.IMPORT_PEOPLE: {Role.ADMIN},
    Permission.DOCUMENT_ASSIGN: {Role.CHECKER, Role.REVIEWER, Role.ADMIN},
    Permission.EXPORT: set(ROLES),
    Permission.CLAIM_CREATE: {Role.CHECKER, Role.REVIEWER, Role.ADMIN},
    Permission.CLAIM_EDIT: {Role.CHECKER, Role.REVIEWER, Role.ADMIN},
    # claim() is a colleague's draft: only reviewers and admins may delete or restore it.
    Permission.CLAIM_DELETE: {Role.REVIEWER, Role.ADMIN},
    Permission.CLAIM_RESTORE: {Role.REVIEWER, Role.ADMIN},
    Permission.CLAIM_SUBMIT: {Role.CHECKER, Role.REVIEWER, Role.ADMIN},
    Permission.CLAIM_COMMENT: {Role.CHECKER, Role.REVIEWER, Role.ADMIN},
    Permission.CLAIM_UNPUBLISH: {Role.REVIEWER, Role.ADMIN},
    Permission.REVIEW: {Role.REVIEWER, Role.ADMIN},
    Permission.TEAM_MANAGE: {Role.ADMIN},
}


@pytest.mark.parametrize("permission", list(TABLE))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_do_what_the_table_says(permission, role):
    assert rules.can(member(role), permission, claim()) is (role in TABLE[permission])


def test_every_permission_is_in_the_table():
    assert set(rules.PERMISSIONS) == set(Permission)


@pytest.mark.parametrize("role", ROLES)
def test_publishing_needs_a_reviewer_and_an_approved_claim(role):
    approved = claim(ClaimStatus.APPROVED)
    may = role in {Role.REVIEWER, Role.ADMIN}
    assert rules.can(member(role), Permission.CLAIM_PUBLISH, approved) is may
    # Their own approved claim too: approval was a colleague's; publishing is not a review.
    assert rules.can(member(role), Permission.CLAIM_PUBLISH, claim(ClaimStatus.APPROVED, ME)) is may
    for status in (ClaimStatus.DRAFT, ClaimStatus.IN_REVIEW, ClaimStatus.CHANGES_REQUESTED):
        assert not rules.can(member(role), Permission.CLAIM_PUBLISH, claim(status))


def test_publish_refusals_say_why():
    checker = rules.refusal(member(Role.CHECKER), Permission.CLAIM_PUBLISH, claim("approved"))
    assert (type(checker), checker.message) == (
        PermissionDenied,
        "Only the team's reviewers and admins publish fact-checks.",
    )
    draft = rules.refusal(member(Role.REVIEWER), Permission.CLAIM_PUBLISH, claim())
    assert (type(draft), draft.message) == (
        Conflict,
        "Only approved claims can be published; this one is draft.",
    )
    foreign = claim(ClaimStatus.APPROVED, team_id=OTHER_TEAM)
    assert type(rules.refusal(member(Role.ADMIN), Permission.CLAIM_PUBLISH, foreign)) is NotFound


@pytest.mark.parametrize("role", ROLES)
def test_deciding_needs_a_reviewer_who_did_not_write_a_claim_in_review(role):
    reviewer_roles = {Role.REVIEWER, Role.ADMIN}
    in_review = claim(ClaimStatus.IN_REVIEW)
    assert rules.can(member(role), Permission.CLAIM_DECIDE, in_review) is (role in reviewer_roles)
    own = claim(ClaimStatus.IN_REVIEW, author_id=ME)
    assert not rules.can(member(role), Permission.CLAIM_DECIDE, own)
    assert not rules.can(member(role), Permission.CLAIM_DECIDE, claim(ClaimStatus.DRAFT))


def test_refusals_carry_the_status_and_message_of_the_broken_rule():
    """Another team's object is a 404; a role a 403; a state a 409; in the table's order."""
    foreign = claim(ClaimStatus.IN_REVIEW, team_id=OTHER_TEAM)
    cases = [
        (member(Role.REVIEWER), foreign, NotFound, "No such claim in this team."),
        (
            member(Role.CHECKER),
            claim(ClaimStatus.IN_REVIEW),
            PermissionDenied,
            "Only the team's reviewers and admins decide on claims.",
        ),
        (
            member(Role.REVIEWER),
            claim(ClaimStatus.IN_REVIEW, author_id=ME),
            PermissionDenied,
            "You cannot review your own claim; ask a colleague.",
        ),
        (
            member(Role.REVIEWER),
            claim(ClaimStatus.APPROVED),
            Conflict,
            "This claim is approved, not in review.",
        ),
    ]
    for membership, obj, error, message in cases:
        refusal = rules.refusal(membership, Permission.CLAIM_DECIDE, obj)
        assert (type(refusal), refusal.message) == (error, message)


def test_the_who_and_state_tiers_can_be_asked_apart():
    """The claim guard asks "who" before locking and "state" on the locked row."""
    approved = claim(ClaimStatus.APPROVED)
    checker = member(Role.CHECKER)
    assert rules.refusal(checker, Permission.CLAIM_DELETE, approved, state=False) is None
    refusal = rules.refusal(checker, Permission.CLAIM_DELETE, approved, state=True)
    assert refusal.message == (
        "Only the claim's author, while it is a draft, or a reviewer can delete it."
    )
    assert rules.can(member(Role.REVIEWER), Permission.CLAIM_DELETE, approved)


def test_another_teams_document_is_not_found():
    document = Document(team_id=OTHER_TEAM)
    refusal = rules.refusal(member(Role.ADMIN), Permission.CLAIM_CREATE, document)
    assert (type(refusal), refusal.message) == (NotFound, "No such document in this team.")


def test_no_membership_may_do_nothing():
    assert not any(rules.can(None, permission) for permission in Permission)


def test_claim_flags_for_the_panel():
    flags = rules.claim_flags(member(Role.CHECKER, user_id=ME), claim(ClaimStatus.IN_REVIEW, ME))
    assert flags == {
        "edit": True,
        "delete": False,  # the author deletes only a draft
        "submit": False,
        "decide": False,
        "comment": True,
        "restore": False,
        "publish": False,
        "unpublish": False,
        "own_claim_in_review": True,
        "edited_this_round": False,
    }
