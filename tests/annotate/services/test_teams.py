"""Team membership: only admins change members, and a team always keeps an admin."""

from __future__ import annotations

import pytest

from annotate.models import Membership, Role
from annotate.services.errors import Conflict, PermissionDenied, ServiceError
from annotate.services.teams import membership_add, membership_remove, membership_set
from tests.factories import make_member, make_user

pytestmark = pytest.mark.django_db

LAST_ADMIN = "A team needs at least one admin; name another admin first."
ADMINS_ONLY = "Only the team's admins can change its members."


def test_an_admin_adds_a_user_by_username(team, team_admin):
    make_user("newbie")
    membership = membership_add(by=team_admin, username=" NEWBIE ", role=Role.REVIEWER)
    assert (membership.team, membership.user.username, membership.role) == (
        team,
        "newbie",
        Role.REVIEWER,
    )


@pytest.mark.parametrize("role", [Role.VIEWER, Role.CHECKER, Role.REVIEWER])
def test_only_admins_change_members(team, role):
    actor = make_member(team, role)
    target = make_member(team, Role.CHECKER)
    make_user("newbie")
    with pytest.raises(PermissionDenied) as error:
        membership_set(team=team, user=target.user, role=Role.ADMIN, by=actor)
    assert error.value.message == ADMINS_ONLY
    with pytest.raises(PermissionDenied):
        membership_add(by=actor, username="newbie", role=Role.CHECKER)
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


def test_adding_an_unknown_user_or_a_member_twice_is_refused(team_admin, checker):
    with pytest.raises(ServiceError) as error:
        membership_add(by=team_admin, username="nobody", role=Role.CHECKER)
    assert error.value.message == "There is no user called 'nobody'."
    with pytest.raises(Conflict) as error:
        membership_add(by=team_admin, username="carla", role=Role.ADMIN)
    assert error.value.message == "carla is already in this team."
    checker.refresh_from_db()
    assert checker.role == Role.CHECKER


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
