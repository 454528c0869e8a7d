"""Team membership: only admins change members, and a team always keeps an admin."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from annotate.models import Invitation, Membership, Role
from annotate.models.token import hash_key
from annotate.services.errors import Conflict, PermissionDenied, ServiceError
from annotate.services.teams import (
    JOIN_BY_INVITATION,
    invitation_accept,
    invitation_create,
    invitation_decline,
    invitation_link_create,
    invitation_revoke,
    membership_remove,
    membership_set,
    team_set_default,
)
from tests.factories import make_member, make_team, make_user

pytestmark = pytest.mark.django_db

LAST_ADMIN = "A team needs at least one admin; name another admin first."
ADMINS_ONLY = "Only the team's admins can change its members."


def test_an_admin_cannot_add_anyone_without_their_consent(team, team_admin):
    """Issue 14, hole 6: before, an admin could put any user of the site into their team."""
    newbie = make_user("newbie")
    with pytest.raises(PermissionDenied) as error:
        membership_set(team=team, user=newbie, role=Role.REVIEWER, by=team_admin)
    assert error.value.message == JOIN_BY_INVITATION
    assert not Membership.objects.filter(user=newbie).exists()


@pytest.mark.parametrize("role", [Role.VIEWER, Role.CHECKER, Role.REVIEWER])
def test_only_admins_change_members(team, role):
    actor = make_member(team, role)
    target = make_member(team, Role.CHECKER)
    make_user("newbie")
    with pytest.raises(PermissionDenied) as error:
        membership_set(team=team, user=target.user, role=Role.ADMIN, by=actor)
    assert error.value.message == ADMINS_ONLY
    with pytest.raises(PermissionDenied):
        invitation_create(by=actor, username="newbie", role=Role.CHECKER)
    with pytest.raises(PermissionDenied):
        invitation_link_create(by=actor, role=Role.CHECKER)
    assert not Invitation.objects.exists()
    with pytest.raises(PermissionDenied):
        membership_remove(membership=target, by=actor)
    target.refresh_from_db()
    assert target.role == Role.CHECKER


def test_an_admin_of_another_team_changes_nothing(team, checker, outsider):
    with pytest.raises(PermissionDenied):
        membership_set(team=team, user=checker.user, role=Role.ADMIN, by=outsider)
    with pytest.raises(PermissionDenied):
        membership_remove(membership=checker, by=outsider)
    assert Membership.objects.filter(pk=checker.pk, role=Role.CHECKER).exists()


def test_the_last_admin_cannot_be_removed(team_admin):
    with pytest.raises(ServiceError) as error:
        membership_remove(membership=team_admin, by=team_admin)
    assert error.value.message == LAST_ADMIN
    assert Membership.objects.filter(pk=team_admin.pk).exists()


def test_the_last_admin_cannot_be_demoted(team, team_admin):
    with pytest.raises(ServiceError) as error:
        membership_set(team=team, user=team_admin.user, role=Role.CHECKER, by=team_admin)
    assert error.value.message == LAST_ADMIN
    team_admin.refresh_from_db()
    assert team_admin.role == Role.ADMIN


def test_with_a_second_admin_one_may_leave(team, team_admin):
    second = make_member(team, Role.ADMIN)
    membership_set(team=team, user=team_admin.user, role=Role.REVIEWER, by=team_admin)
    membership_remove(membership=team_admin, by=second)
    assert not Membership.objects.filter(pk=team_admin.pk).exists()


def test_an_admin_removes_a_checker(team_admin, checker):
    membership_remove(membership=checker, by=team_admin)
    assert not Membership.objects.filter(pk=checker.pk).exists()


def test_inviting_a_member_or_inviting_twice_is_refused(team_admin, checker):
    with pytest.raises(Conflict) as error:
        invitation_create(by=team_admin, username="CARLA", role=Role.ADMIN)
    assert error.value.message == "CARLA is already in this team."
    invitation_create(by=team_admin, username="nobody", role=Role.CHECKER)
    with pytest.raises(Conflict) as error:
        invitation_create(by=team_admin, username="Nobody", role=Role.VIEWER)
    assert error.value.message == "Nobody is already invited."
    assert Invitation.objects.count() == 1
    checker.refresh_from_db()
    assert checker.role == Role.CHECKER


def test_an_unknown_user_and_a_non_member_are_invited_alike(team_admin, outsider):
    """Issue 14, hole 7: inviting tells the admin nothing about who has an account."""
    ghost = invitation_create(by=team_admin, username="ghost", role=Role.CHECKER)
    real = invitation_create(by=team_admin, username="olga", role=Role.CHECKER)
    assert (ghost.status, real.status) == ("pending", "pending")
    assert Membership.objects.filter(user=outsider.user).count() == 1


@pytest.mark.parametrize("username", ["", "   ", "x" * 151])
def test_a_bad_username_is_refused(team_admin, username):
    with pytest.raises(ServiceError) as error:
        invitation_create(by=team_admin, username=username, role=Role.CHECKER)
    assert error.value.field == "username"
    assert not Invitation.objects.exists()


def test_accepting_joins_in_the_role_and_keeps_the_default_team(team_admin, outsider):
    """The invitee's default team stays theirs, even when the new team sorts first by name."""
    aardvark = make_team("Aardvark Weekly", "aardvark")
    boss = make_member(aardvark, Role.ADMIN)
    invitation = invitation_create(by=boss, username="olga", role=Role.REVIEWER)
    membership = invitation_accept(user=outsider.user, invitation=invitation)
    assert (membership.team, membership.role, membership.is_default) == (
        aardvark,
        Role.REVIEWER,
        False,
    )
    outsider.refresh_from_db()
    assert outsider.is_default
    invitation.refresh_from_db()
    assert (invitation.status, invitation.responded_by) == ("accepted", outsider.user)


def test_a_first_team_becomes_the_default(team_admin):
    newbie = make_user("newbie")
    invitation = invitation_create(by=team_admin, username="newbie", role=Role.CHECKER)
    assert invitation_accept(user=newbie, invitation=invitation).is_default


def test_declining_changes_no_membership(team_admin, outsider):
    invitation = invitation_create(by=team_admin, username="olga", role=Role.ADMIN)
    invitation_decline(user=outsider.user, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.status == "declined"
    assert list(Membership.objects.filter(user=outsider.user)) == [outsider]
    with pytest.raises(Conflict):
        invitation_accept(user=outsider.user, invitation=invitation)


def test_an_invitation_for_someone_else_cannot_be_answered(team_admin, outsider):
    invitation = invitation_create(by=team_admin, username="somebody", role=Role.ADMIN)
    with pytest.raises(PermissionDenied) as error:
        invitation_accept(user=outsider.user, invitation=invitation)
    assert error.value.message == "This invitation is for someone else."
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    assert list(Membership.objects.filter(user=outsider.user)) == [outsider]


def test_a_revoked_or_expired_invitation_cannot_be_accepted(team_admin, outsider):
    revoked = invitation_create(by=team_admin, username="olga", role=Role.CHECKER)
    invitation_revoke(by=team_admin, invitation=revoked)
    with pytest.raises(Conflict) as error:
        invitation_accept(user=outsider.user, invitation=revoked)
    assert error.value.message == "This invitation was already answered or withdrawn."
    link = invitation_link_create(by=team_admin, role=Role.CHECKER).invitation
    with time_machine.travel(timezone.now() + timedelta(days=15)), pytest.raises(Conflict) as error:
        invitation_accept(user=outsider.user, invitation=link)
    assert "expired" in error.value.message
    assert list(Membership.objects.filter(user=outsider.user)) == [outsider]


def test_an_invitation_link_works_once(team, team_admin, outsider):
    issued = invitation_link_create(by=team_admin, role=Role.VIEWER)
    assert issued.invitation.token_hash == hash_key(issued.secret)
    invitation_accept(user=outsider.user, invitation=issued.invitation)
    second = make_user("second")
    with pytest.raises(Conflict):
        invitation_accept(user=second, invitation=issued.invitation)
    assert not Membership.objects.filter(user=second).exists()
    assert Membership.objects.get(user=outsider.user, team=team).role == Role.VIEWER


def test_another_teams_admin_cannot_revoke(team_admin, outsider):
    invitation = invitation_create(by=team_admin, username="x", role=Role.CHECKER)
    with pytest.raises(PermissionDenied):
        invitation_revoke(by=outsider, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_only_the_user_changes_their_default_team(team, other_team, checker):
    membership_set(team=other_team, user=checker.user, role=Role.VIEWER)
    assert Membership.objects.get(user=checker.user, is_default=True).team == team
    team_set_default(user=checker.user, team_id=other_team.pk)
    assert Membership.objects.get(user=checker.user, is_default=True).team == other_team
    third = make_team()
    with pytest.raises(ServiceError) as error:
        team_set_default(user=checker.user, team_id=third.pk)
    assert error.value.message == "You are not a member of that team."
    assert Membership.objects.get(user=checker.user, is_default=True).team == other_team


def test_an_unknown_role_is_refused(team, team_admin, checker):
    with pytest.raises(ServiceError) as error:
        membership_set(team=team, user=checker.user, role="owner", by=team_admin)
    assert error.value.message == "Unknown role 'owner'."


def test_a_user_may_belong_to_several_teams(team, other_team):
    user = make_user()
    membership_set(team=team, user=user, role=Role.CHECKER)
    membership_set(team=other_team, user=user, role=Role.REVIEWER)
    assert sorted(user.memberships.values_list("team__slug", "role")) == [
        ("planet", "checker"),
        ("rival", "reviewer"),
    ]
