"""The team members page: admins invite, re-role and remove members; another team's ids 404."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotate.models import Invitation, Membership, Role
from annotate.services.teams import invitation_create, membership_set
from tests.annotate.services.reviewkit import submitted
from tests.factories import make_member, make_user

pytestmark = pytest.mark.django_db


def test_every_member_sees_the_team_but_only_admins_get_forms(client_for, team_admin, checker):
    response = client_for(checker).get(reverse("annotate:team-members"))
    assert response.status_code == 200
    assert [m.user.username for m in response.context["members"]] == ["ada", "carla"]
    assert b'name="username"' not in response.content
    assert b"Remove" not in response.content
    admin_page = client_for(team_admin).get(reverse("annotate:team-members"))
    assert b'name="username"' in admin_page.content


def test_an_admin_invites_then_changes_and_removes_a_member(client_for, client, team, team_admin):
    newbie = make_user("newbie")
    admin = client_for(team_admin)
    response = admin.post(
        reverse("annotate:team-members"), {"username": "newbie", "role": "reviewer"}
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(team=team, user=newbie).exists()  # not without consent
    invitation = Invitation.objects.get(team=team, username="newbie")
    page = admin.get(reverse("annotate:team-members"))
    assert [i.pk for i in page.context["invitations"]] == [invitation.pk]
    client.force_login(newbie)
    client.post(reverse("annotate:invitation-accept", args=[invitation.pk]))
    added = Membership.objects.get(team=team, user=newbie)
    assert added.role == Role.REVIEWER
    client.force_login(team_admin.user)
    client.post(reverse("annotate:team-member-role", args=[added.pk]), {"role": "viewer"})
    added.refresh_from_db()
    assert added.role == Role.VIEWER
    client.post(reverse("annotate:team-member-remove", args=[added.pk]))
    assert not Membership.objects.filter(pk=added.pk).exists()


def test_a_non_admin_is_refused_with_403(client_for, checker, checker2):
    client = client_for(checker)
    response = client.post(
        reverse("annotate:team-member-role", args=[checker2.pk]), {"role": "admin"}
    )
    assert response.status_code == 403
    assert response.context["error"] == "Only the team's admins can change its members."
    response = client.post(reverse("annotate:team-member-remove", args=[checker2.pk]))
    assert response.status_code == 403
    checker2.refresh_from_db()
    assert checker2.role == Role.CHECKER


def test_the_last_admin_can_neither_leave_nor_step_down(client_for, team_admin):
    client = client_for(team_admin)
    response = client.post(reverse("annotate:team-member-remove", args=[team_admin.pk]))
    assert response.status_code == 400
    assert response.context["error"] == "A team needs at least one admin; name another admin first."
    response = client.post(
        reverse("annotate:team-member-role", args=[team_admin.pk]), {"role": "checker"}
    )
    assert response.status_code == 400
    team_admin.refresh_from_db()
    assert team_admin.role == Role.ADMIN


@pytest.mark.parametrize("username", ["ghost", "olga"])
def test_inviting_says_the_same_whether_or_not_the_account_exists(
    client_for, team_admin, outsider, username
):
    """Issue 14, hole 7: "ghost" has no account, "olga" is in another team: one message."""
    response = client_for(team_admin).post(
        reverse("annotate:team-members"), {"username": username, "role": "checker"}, follow=True
    )
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert shown == [
        f"Invitation for {username} saved: if they have an account here, they see it when "
        "they sign in."
    ]
    assert list(Membership.objects.filter(user=outsider.user)) == [outsider]


def test_inviting_with_no_username_shows_the_message(client_for, team_admin):
    response = client_for(team_admin).post(
        reverse("annotate:team-members"), {"username": " ", "role": "checker"}
    )
    assert response.status_code == 400
    assert response.context["error"] == "Give the username of the person to invite."
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [("annotate:team-member-role", {"role": "viewer"}), ("annotate:team-member-remove", {})],
)
def test_another_teams_member_is_404(client_for, team_admin, outsider, name, data):
    """Our admin forges the id of a membership in another team: 404, nothing changes."""
    response = client_for(team_admin).post(reverse(name, args=[outsider.pk]), data)
    assert response.status_code == 404
    outsider.refresh_from_db()
    assert outsider.role == Role.ADMIN


def test_the_members_page_runs_a_fixed_number_of_queries(client_for, team, team_admin):
    """Session, user, memberships, the members, the pending invitations: at 2 and 12 of each."""
    client = client_for(team_admin)
    make_member(team)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("annotate:team-members")).status_code == 200
        return len(captured)

    invitation_create(by=team_admin, username="first", role="checker")
    small = count()
    for n in range(10):
        make_member(team)
        invitation_create(by=team_admin, username=f"later{n}", role="checker")
    assert small == count() == 5


def test_a_user_in_two_teams_switches_and_sees_only_that_teams_queue(
    client_for, client, team, other_team, document, checker
):
    """Everything follows the current team: after switching, the queue is the other team's."""
    mine = submitted(document, checker)
    user = make_user("both")
    membership_set(team=team, user=user, role=Role.REVIEWER)
    membership_set(team=other_team, user=user, role=Role.REVIEWER)
    client.force_login(user)
    client.post(reverse("annotate:team-switch"), {"team": team.pk})
    queue = client.get(reverse("annotate:review-queue"))
    assert [row["claim"].pk for row in queue.context["rows"]] == [mine.pk]
    client.post(reverse("annotate:team-switch"), {"team": other_team.pk})
    queue = client.get(reverse("annotate:review-queue"))
    assert queue.context["rows"] == []
    assert client.get(reverse("annotate:review-claim", args=[mine.pk])).status_code == 404
    members = client.get(reverse("annotate:team-members")).context["members"]
    assert [m.team_id for m in members] == [other_team.pk]
