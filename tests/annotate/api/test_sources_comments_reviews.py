"""Sources, comments and reviews through the API: writes via the services, reads team-scoped."""

from __future__ import annotations

import pytest

from annotate.models import Comment, Source
from annotate.services.claims import source_add
from tests.annotate.api.conftest import in_review_claim, make_claim

pytestmark = pytest.mark.django_db


def test_add_edit_and_remove_a_source(api_for, checker, claim):
    """Each source write bumps the claim's version (sources are part of its substance)."""
    client = api_for(checker)
    response = client.post(
        "/api/sources/",
        {
            "claim": claim.pk,
            "url": "https://example.org/a",
            "title": " Budget ",
            "stance": "refutes",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["title"], body["stance"], body["position"]) == ("Budget", "refutes", 0)
    assert body["date_accessed"] is not None
    response = client.patch(f"/api/sources/{body['id']}/", {"publisher": "Gov"}, format="json")
    assert (response.status_code, response.json()["publisher"]) == (200, "Gov")
    assert client.get(f"/api/claims/{claim.pk}/").json()["version"] == 3
    assert client.get(f"/api/sources/?claim={claim.pk}").json()["count"] == 1
    assert client.delete(f"/api/sources/{body['id']}/").status_code == 204
    assert not Source.objects.exists()


def test_a_source_link_must_be_http(api_for, checker, claim):
    response = api_for(checker).post(
        "/api/sources/", {"claim": claim.pk, "url": "ftp://example.org/a"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Links must start with http:// or https://.",
        "field": "url",
    }
    assert not Source.objects.exists()


def test_sources_refuse_viewers_and_other_teams(api_for, viewer, outsider, checker, claim):
    source = source_add(membership=checker, claim=claim, url="https://example.org/a")
    new = {"claim": claim.pk, "url": "https://example.org/b"}
    assert api_for(viewer).post("/api/sources/", new, format="json").status_code == 403
    assert api_for(viewer).delete(f"/api/sources/{source.pk}/").status_code == 403
    stranger = api_for(outsider)
    assert stranger.post("/api/sources/", new, format="json").status_code == 404
    assert stranger.get(f"/api/sources/{source.pk}/").status_code == 404
    assert stranger.patch(
        f"/api/sources/{source.pk}/", {"title": "x"}, format="json"
    ).status_code == (404)
    assert stranger.delete(f"/api/sources/{source.pk}/").status_code == 404
    assert stranger.get("/api/sources/").json()["count"] == 0
    assert Source.objects.count() == 1


def test_comment_on_a_claim(api_for, checker, claim):
    """A comment's body is sanitized HTML; it lists under its claim."""
    client = api_for(checker)
    response = client.post(
        "/api/comments/",
        {"claim": claim.pk, "body": "<p>Check <b>this</b></p><script>x()</script>"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["author"] == "carla"
    assert "<script>" not in response.json()["body"]
    listed = client.get(f"/api/comments/?claim={claim.pk}").json()
    assert [row["id"] for row in listed["results"]] == [response.json()["id"]]
    assert client.get(f"/api/comments/{response.json()['id']}/").status_code == 200


def test_comments_refuse_viewers_empty_bodies_and_other_teams(api_for, viewer, outsider, claim):
    response = api_for(viewer).post(
        "/api/comments/", {"claim": claim.pk, "body": "Hi"}, format="json"
    )
    assert response.status_code == 403
    response = api_for(outsider).post(
        "/api/comments/", {"claim": claim.pk, "body": "Hi"}, format="json"
    )
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_reviews_list_each_transition(api_for, checker, reviewer, document, outsider):
    claim = in_review_claim(checker, document)
    client = api_for(reviewer)
    client.post(
        f"/api/claims/{claim.pk}/approve/",
        {"comment": "Fine", "version": claim.version},
        format="json",
    )
    rows = client.get(f"/api/reviews/?claim={claim.pk}").json()["results"]
    assert [(r["decision"], r["reviewer"], r["to_status"]) for r in rows] == [
        ("submitted", "carla", "in_review"),
        ("approved", "rosa", "approved"),
    ]
    assert rows[0]["snapshot"]["restatement"] == "Spending was $5bn."
    assert client.get(f"/api/reviews/{rows[1]['id']}/").json()["comment"] == "Fine"
    assert api_for(outsider).get(f"/api/reviews/{rows[1]['id']}/").status_code == 404
    assert api_for(outsider).get("/api/reviews/").json()["count"] == 0


def test_make_claim_helper_quotes_the_document(checker, document):
    """(The fixtures' claims sit where their quote is.)"""
    claim = make_claim(checker, document, start=35, quote="Critics disagree.")
    assert document.text[claim.start : claim.end] == "Critics disagree."
