"""Authentication, the current team, personal tokens and throttling."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import UserRateThrottle

from annotate.middleware import SESSION_TEAM_KEY
from annotate.services.teams import membership_set
from tests.factories import make_document, make_user

pytestmark = pytest.mark.django_db


def test_anonymous_calls_are_refused_as_json():
    response = APIClient().get("/api/claims/")
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Authentication credentials were not provided.",
        "field": None,
    }


def test_a_user_without_a_team_is_refused(api_for):
    client = APIClient()
    client.force_authenticate(make_user())
    response = client.get("/api/documents/")
    assert response.status_code == 403
    assert response.json()["detail"] == "You are not a member of any team."
    assert client.get("/api/teams/").json()["count"] == 0


def test_the_team_is_chosen_by_header_or_query_parameter(api_for, checker, other_team, document):
    """X-Team / ?team= pick one of the caller's teams; a team they are not in is a 404."""
    membership_set(team=other_team, user=checker.user, role="viewer")
    rival_doc = make_document(other_team, "Rival text here.")
    client = api_for(checker)

    def ids(**kw) -> list[int]:
        return [row["id"] for row in client.get("/api/documents/", **kw).json()["results"]]

    assert ids(HTTP_X_TEAM="planet") == [document.pk]
    assert ids(HTTP_X_TEAM="rival") == [rival_doc.pk]
    assert [r["id"] for r in client.get("/api/documents/?team=rival").json()["results"]] == [
        rival_doc.pk
    ]
    # Rights follow the chosen team: a viewer there.
    response = client.post(
        "/api/claims/",
        {"document": rival_doc.pk, "start": 0, "end": 5, "quote": "Rival"},
        format="json",
        HTTP_X_TEAM="rival",
    )
    assert response.status_code == 403
    response = client.get("/api/documents/", HTTP_X_TEAM="nowhere")
    assert response.status_code == 404
    assert response.json() == {"detail": "You are not a member of a team “nowhere”.", "field": None}


def test_browser_sessions_use_the_team_picked_in_the_page(client, checker, other_team, document):
    membership_set(team=other_team, user=checker.user, role="checker")
    rival_doc = make_document(other_team, "Rival text here.")
    client.force_login(checker.user)
    session = client.session
    session[SESSION_TEAM_KEY] = other_team.pk
    session.save()
    rows = client.get("/api/documents/").json()["results"]
    assert [row["id"] for row in rows] == [rival_doc.pk]


def test_session_writes_need_the_csrf_token(checker, document):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(checker.user)
    response = client.post("/api/comments/", {"claim": 1, "body": "x"}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"].startswith("CSRF Failed")


def test_token_page_creates_shows_once_and_revokes(client, checker, document):
    """A user makes a token on the settings page, a script uses it, revoking stops it."""
    client.force_login(checker.user)
    page = client.get("/settings/tokens/")
    assert b"You have no API token." in page.content
    created = client.post("/settings/tokens/new/", {"expires_in_days": "90"}, follow=True)
    key = created.context["new_key"]
    assert key.encode() in created.content
    assert key.encode() not in client.get("/settings/tokens/").content  # shown once only
    script = APIClient()
    script.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert script.get("/api/documents/").status_code == 200
    replaced = client.post(
        "/settings/tokens/new/", {"expires_in_days": "never", "replace": "on"}, follow=True
    ).context["new_key"]
    assert replaced != key
    assert script.get("/api/documents/").status_code == 403  # the old key died
    script.credentials(HTTP_AUTHORIZATION=f"Token {replaced}")
    assert script.get("/api/documents/").status_code == 200
    response = client.post("/settings/tokens/revoke/", follow=True)
    assert b"Your API token is revoked" in response.content
    response = script.get("/api/documents/")
    assert response.status_code == 403
    assert response.json() == {"detail": "Invalid token.", "field": None}


def test_the_token_page_needs_login_and_post(client, checker):
    assert client.get("/settings/tokens/").status_code == 302
    client.force_login(checker.user)
    assert client.get("/settings/tokens/new/").status_code == 405


def test_throttled_calls_are_429_json(api_for, checker, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "2/min", "anon": "2/min"})
    client = api_for(checker)
    assert client.get("/api/teams/").status_code == 200
    assert client.get("/api/teams/").status_code == 200
    response = client.get("/api/teams/")
    assert response.status_code == 429
    assert response.json()["detail"].startswith("Request was throttled. Expected available in")
    assert int(response["Retry-After"]) > 0
