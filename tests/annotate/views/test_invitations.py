"""Joining a team by invitation, on the pages: the invitee accepts or declines, the admin
makes single-use links (shown once) and revokes; the default team is the user's own choice."""

from __future__ import annotations

import pytest
from django.urls import reverse

from annotate.models import Invitation, Membership, Role
from annotate.services.teams import invitation_create, invitation_link_create, membership_set
from tests.factories import make_member, make_team, make_user

pytestmark = pytest.mark.django_db

MEMBERS = reverse("annotate:team-members")
MINE = reverse("annotate:invitations")


def _documents_team(client) -> int:
    return client.get(reverse("annotate:document-list")).context["membership"].team_id


def test_the_invitee_sees_the_invitation_and_joins(client, team, team_admin):
    newbie = make_user("newbie")
    invitation = invitation_create(by=team_admin, username="newbie", role=Role.REVIEWER)
    client.force_login(newbie)
    # With no team yet, the app points at the invitations page.
    assert MINE.encode() in client.get(reverse("annotate:document-list")).content
    page = client.get(MINE)
    assert [i.pk for i in page.context["invitations"]] == [invitation.pk]
    assert "Daily Planet" in page.content.decode()
    response = client.post(reverse("annotate:invitation-accept", args=[invitation.pk]))
    assert response.status_code == 302
    assert Membership.objects.get(user=newbie).role == Role.REVIEWER
    assert _documents_team(client) == team.pk


def test_declining_leaves_no_membership(client, team_admin):
    newbie = make_user("newbie")
    invitation = invitation_create(by=team_admin, username="newbie", role=Role.ADMIN)
    client.force_login(newbie)
    response = client.post(
        reverse("annotate:invitation-decline", args=[invitation.pk]), follow=True
    )
    assert "You declined the invitation to Daily Planet." in response.content.decode()
    assert not Membership.objects.filter(user=newbie).exists()
    assert client.get(MINE).context["invitations"] == []


def test_someone_elses_invitation_is_a_404_and_stays_pending(client, team_admin, outsider):
    invitation = invitation_create(by=team_admin, username="somebody", role=Role.ADMIN)
    client.force_login(outsider.user)
    response = client.post(reverse("annotate:invitation-accept", args=[invitation.pk]))
    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    assert list(Membership.objects.filter(user=outsider.user)) == [outsider]


def test_an_invitation_link_is_shown_once_and_joins_once(client_for, client, team, team_admin):
    admin = client_for(team_admin)
    response = admin.post(reverse("annotate:team-invitation-link"), {"role": "viewer"})
    assert response.status_code == 302
    shown = admin.get(MEMBERS)
    link = shown.context["fresh_link"]
    assert link.startswith("http://testserver/invitations/join/")
    assert link in shown.content.decode()
    again = admin.get(MEMBERS)
    assert again.context["fresh_link"] is None and link not in again.content.decode()
    assert len(again.context["invitations"]) == 1  # listed, as "link", with Revoke

    path = link.removeprefix("http://testserver")
    joiner = make_user("joiner")
    client.force_login(joiner)
    page = client.get(path)
    assert "Join Daily Planet?" in page.content.decode()
    assert not Membership.objects.filter(user=joiner).exists()  # opening is not joining
    assert client.post(path, {"answer": "accept"}).status_code == 302
    assert Membership.objects.get(user=joiner, team=team).role == Role.VIEWER
    late = make_user("late")
    client.force_login(late)
    response = client.post(path, {"answer": "accept"})
    assert response.status_code == 409
    assert "already answered or withdrawn" in response.content.decode()
    assert not Membership.objects.filter(user=late).exists()


def test_a_link_needs_a_signed_in_user_and_a_real_secret(client, team_admin):
    issued = invitation_link_create(by=team_admin, role=Role.CHECKER)
    path = reverse("annotate:invitation-link", args=[issued.secret])
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(make_user())
    assert (
        client.get(reverse("annotate:invitation-link", args=["not-the-secret"])).status_code == 404
    )
    assert client.post(path, {"answer": "maybe"}).status_code == 400
    issued.invitation.refresh_from_db()
    assert issued.invitation.status == "pending"


def test_the_admin_revokes_a_pending_invitation(client_for, client, team_admin):
    invitation = invitation_create(by=team_admin, username="newbie", role=Role.CHECKER)
    response = client_for(team_admin).post(
        reverse("annotate:team-invitation-revoke", args=[invitation.pk]), follow=True
    )
    assert "Invitation withdrawn." in response.content.decode()
    assert response.context["invitations"] == []
    client.force_login(make_user("newbie"))
    assert client.get(MINE).context["invitations"] == []


def test_another_teams_invitation_cannot_be_revoked(client_for, team_admin, outsider):
    theirs = invitation_create(by=outsider, username="newbie", role=Role.CHECKER)
    response = client_for(team_admin).post(
        reverse("annotate:team-invitation-revoke", args=[theirs.pk])
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "pending"


def test_a_non_admin_sees_no_invitations_and_cannot_make_links(client_for, team_admin, checker):
    invitation_create(by=team_admin, username="newbie", role=Role.CHECKER)
    client = client_for(checker)
    assert client.get(MEMBERS).context["invitations"] == []
    response = client.post(reverse("annotate:team-invitation-link"), {"role": "admin"})
    assert response.status_code == 403
    assert Invitation.objects.count() == 1


def test_joining_a_team_does_not_change_where_the_user_signs_in(client, team, outsider):
    """The new team sorts first by name; the next sign-in still opens the user's own team."""
    aardvark = make_team("Aardvark Weekly", "aardvark")
    boss = make_member(aardvark, Role.ADMIN)
    invitation = invitation_create(by=boss, username="olga", role=Role.CHECKER)
    client.force_login(outsider.user)
    client.post(reverse("annotate:invitation-accept", args=[invitation.pk]))
    client.logout()
    client.force_login(outsider.user)
    assert _documents_team(client) == outsider.team_id


def test_the_team_switcher_sets_the_default_for_the_next_sign_in(client, team, other_team):
    user = make_user("both")
    membership_set(team=team, user=user, role=Role.CHECKER)
    membership_set(team=other_team, user=user, role=Role.CHECKER)
    client.force_login(user)
    assert _documents_team(client) == team.pk
    client.post(reverse("annotate:team-switch"), {"team": other_team.pk})
    client.logout()
    client.force_login(user)
    assert _documents_team(client) == other_team.pk
    response = client.post(reverse("annotate:team-switch"), {"team": make_team().pk})
    assert response.status_code == 400
    assert Membership.objects.get(user=user, is_default=True).team == other_team


def test_signing_in_mentions_waiting_invitations(client, team_admin):
    make_user("newbie")
    invitation_create(by=team_admin, username="newbie", role=Role.CHECKER)
    response = client.post(
        "/accounts/login/",
        {"username": "newbie", "password": "correct horse battery staple"},
        follow=True,
    )
    assert "You have 1 invitation to join a team" in response.content.decode()
