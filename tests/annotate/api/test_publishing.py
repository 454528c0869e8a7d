"""POST /api/claims/<id>/publish/ and /unpublish/, and the claim's `public_url`."""

from __future__ import annotations

import pytest

from annotate.models import Publication
from annotate.services.reviews import claim_approve
from tests.annotate.api.conftest import in_review_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(checker, reviewer, document):
    claim = in_review_claim(checker, document)
    return claim_approve(membership=reviewer, claim=claim, version=claim.version)


def test_publish_and_unpublish_give_and_take_the_public_url(api_for, reviewer, approved, client):
    api = api_for(reviewer)
    assert api.get(f"/api/claims/{approved.pk}/").json()["public_url"] is None
    response = api.post(f"/api/claims/{approved.pk}/publish/", {}, format="json")
    assert response.status_code == 200
    url = response.json()["public_url"]
    slug = Publication.objects.get().slug
    assert url == f"http://127.0.0.1:8000/f/planet/{slug}/"
    assert client.get(f"/f/planet/{slug}/").status_code == 200
    assert api.get(f"/api/claims/{approved.pk}/").json()["public_url"] == url

    response = api.post(f"/api/claims/{approved.pk}/unpublish/")
    assert (response.status_code, response.json()["public_url"]) == (200, None)
    assert client.get(f"/f/planet/{slug}/").status_code == 410
    again = api.post(f"/api/claims/{approved.pk}/unpublish/")
    assert (again.status_code, again.json()["detail"]) == (409, "This claim is not published.")


def test_publish_takes_the_published_at_link(api_for, reviewer, approved):
    response = api_for(reviewer).post(
        f"/api/claims/{approved.pk}/publish/",
        {"published_at_url": "https://planet.example/checks/1", "version": approved.version},
        format="json",
    )
    assert response.status_code == 200
    assert Publication.objects.get().published_at_url == "https://planet.example/checks/1"


def test_a_bad_link_is_400_and_nothing_is_stored(api_for, reviewer, approved):
    response = api_for(reviewer).post(
        f"/api/claims/{approved.pk}/publish/",
        {"published_at_url": "javascript:alert(1)"},
        format="json",
    )
    assert response.status_code == 400
    assert "http:// or https://" in str(response.json())
    assert not Publication.objects.exists()


def test_a_checker_gets_403_and_a_draft_409(api_for, checker, reviewer, approved, document):
    response = api_for(checker).post(f"/api/claims/{approved.pk}/publish/")
    assert response.status_code == 403
    draft = in_review_claim(checker, document, start=35, quote="Critics disagree.")
    response = api_for(reviewer).post(f"/api/claims/{draft.pk}/publish/")
    assert response.status_code == 409
    message = "Only approved claims can be published; this one is in review."
    assert response.json()["detail"] == message
    assert not Publication.objects.exists()


def test_another_teams_claim_is_404(api_for, outsider, approved):
    for action in ("publish", "unpublish"):
        response = api_for(outsider).post(f"/api/claims/{approved.pk}/{action}/")
        assert response.status_code == 404
    assert not Publication.objects.exists()
