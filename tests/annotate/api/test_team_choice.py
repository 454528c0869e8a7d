"""Which team a token works in (issue 14, hole 6), and one answer about assignees (hole 7)."""

from __future__ import annotations

import pytest

from annotate.models import Claim, Membership, Role
from annotate.services.teams import invitation_accept, invitation_create, membership_set
from tests.annotate.api.conftest import QUOTE, make_claim
from tests.factories import make_member, make_team

pytestmark = pytest.mark.django_db


def _new_claim(client, document, **headers):
    return client.post(
        "/api/claims/",
        {"document": document.pk, "start": 0, "end": len(QUOTE), "quote": QUOTE},
        format="json",
        **headers,
    )


def test_a_user_with_one_team_needs_no_header(api_for, checker, document):
    response = _new_claim(api_for(checker), document)
    assert response.status_code == 201
    assert Claim.objects.get().team_id == checker.team_id


def test_several_teams_and_no_header_is_a_400_listing_them_and_writes_nothing(
    api_for, checker, other_team, document
):
    membership_set(team=other_team, user=checker.user, role=Role.CHECKER)
    client = api_for(checker)
    response = _new_claim(client, document)
    assert response.status_code == 400
    assert response.json() == {
        "detail": "You belong to 2 teams: send the X-Team header (or ?team=) with one of "
        "planet, rival.",
        "field": "X-Team",
    }
    assert not Claim.objects.exists()
    assert client.get("/api/documents/").status_code == 400
    # The team list needs no header: it is how a script finds the slugs.
    assert client.get("/api/teams/").json()["count"] == 2
    assert _new_claim(client, document, HTTP_X_TEAM="planet").status_code == 201


def test_a_rival_admins_invitation_never_redirects_a_script(api_for, checker, document):
    """Before: the rival admin added the user, whose token script then wrote into the rival
    team (first by name). Now the user is only invited; once they accept, a script that names
    no team is refused instead of writing anywhere."""
    aardvark = make_team("Aardvark Gazette", "aardvark")
    rival_admin = make_member(aardvark, Role.ADMIN)
    invitation = invitation_create(by=rival_admin, username="carla", role=Role.CHECKER)
    client = api_for(checker)
    assert not Membership.objects.filter(user=checker.user, team=aardvark).exists()
    assert _new_claim(client, document).status_code == 201
    assert Claim.objects.get().team_id == checker.team_id
    invitation_accept(user=checker.user, invitation=invitation)
    response = _new_claim(client, document)
    assert response.status_code == 400
    assert "aardvark, planet" in response.json()["detail"]
    assert Claim.objects.count() == 1
    assert not Claim.objects.filter(team=aardvark).exists()


@pytest.mark.parametrize("name", ["nobody-at-all", "olga"])
def test_an_assignee_who_does_not_exist_or_is_not_a_member_get_one_answer(
    api_for, checker, outsider, document, name
):
    """Hole 7: "olga" exists (in another team), "nobody-at-all" does not: the same 400."""
    claim = make_claim(checker, document)
    client = api_for(checker)
    patched = client.patch(
        f"/api/claims/{claim.pk}/", {"version": 1, "assignee": name}, format="json"
    )
    created = client.post(
        "/api/claims/",
        {"document": document.pk, "start": 0, "end": len(QUOTE), "quote": QUOTE, "assignee": name},
        format="json",
    )
    for response in (patched, created):
        assert response.status_code == 400
        assert response.json()["detail"] == "Choose a member of this team."
        assert response.json()["field"] == "assignee"
    claim.refresh_from_db()
    assert (claim.assignee_id, claim.version, Claim.objects.count()) == (None, 1, 1)
