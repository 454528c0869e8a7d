"""Optimistic locking through the API: review decisions and source edits may name the claim
`version` they are based on; a stale one is a 409 and nothing changes."""

from __future__ import annotations

import pytest

from annotate.models import Claim, ClaimStatus, Review, Source
from annotate.services.claims import claim_update
from tests.annotate.api.conftest import in_review_claim

pytestmark = pytest.mark.django_db

CLAIM_STALE = (
    "Someone else saved this claim after you opened it. Reload to see their changes, "
    "then make yours again."
)
# One guard, one message: a stale decision reads like a stale edit (issue 11).
DECISION_STALE = CLAIM_STALE


@pytest.fixture
def reviewed(checker, document):
    """A claim in review that its checker edited after the reviewer read version `read`."""
    claim = in_review_claim(checker, document)
    read = claim.version
    claim_update(membership=checker, claim=claim, version=read, restatement="Changed since.")
    claim.read = read
    return claim


def _state(claim) -> tuple:
    fresh = Claim.objects.get(pk=claim.pk)
    sources = list(Source.objects.filter(claim=claim).values_list("pk", "url", "title"))
    return (
        fresh.status,
        fresh.version,
        fresh.approved_by_id,
        Review.objects.filter(claim=claim).count(),
        sources,
    )


@pytest.mark.parametrize(
    ("route", "body"),
    [("approve", {"comment": "Fine."}), ("request-changes", {"comment": "Cite the bill."})],
)
def test_a_decision_on_a_stale_version_is_a_409(api_for, reviewer, reviewed, route, body):
    before = _state(reviewed)
    response = api_for(reviewer).post(
        f"/api/claims/{reviewed.pk}/{route}/", {**body, "version": reviewed.read}, format="json"
    )
    assert response.status_code == 409
    assert response.json() == {"detail": DECISION_STALE, "field": None}
    assert _state(reviewed) == before


@pytest.mark.parametrize(
    ("route", "body", "status"),
    [
        ("approve", {"comment": "Fine."}, ClaimStatus.APPROVED),
        ("request-changes", {"comment": "Cite the bill."}, ClaimStatus.CHANGES_REQUESTED),
    ],
)
def test_a_decision_on_the_current_version_is_taken(
    api_for, reviewer, reviewed, route, body, status
):
    current = Claim.objects.get(pk=reviewed.pk).version
    response = api_for(reviewer).post(
        f"/api/claims/{reviewed.pk}/{route}/", {**body, "version": current}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["version"]) == (status, current + 1)


def test_a_decision_version_must_be_a_positive_integer(api_for, reviewer, reviewed):
    before = _state(reviewed)
    response = api_for(reviewer).post(
        f"/api/claims/{reviewed.pk}/approve/", {"version": "soon"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"version": ["A valid integer is required."]}
    assert _state(reviewed) == before


def test_a_stale_source_create_is_a_409(api_for, checker2, reviewed):
    before = _state(reviewed)
    response = api_for(checker2).post(
        "/api/sources/",
        {"claim": reviewed.pk, "url": "https://example.org/new", "version": reviewed.read},
        format="json",
    )
    assert response.status_code == 409
    assert response.json() == {"detail": CLAIM_STALE, "field": None}
    assert _state(reviewed) == before


def test_a_stale_source_update_is_a_409(api_for, checker2, reviewed):
    before = _state(reviewed)
    source = reviewed.sources.get()
    response = api_for(checker2).patch(
        f"/api/sources/{source.pk}/",
        {"title": "Overwritten", "version": reviewed.read},
        format="json",
    )
    assert response.status_code == 409
    assert response.json() == {"detail": CLAIM_STALE, "field": None}
    assert _state(reviewed) == before


def test_a_stale_source_delete_is_a_409(api_for, checker2, reviewed):
    before = _state(reviewed)
    source = reviewed.sources.get()
    response = api_for(checker2).delete(f"/api/sources/{source.pk}/?version={reviewed.read}")
    assert response.status_code == 409
    assert response.json() == {"detail": CLAIM_STALE, "field": None}
    assert _state(reviewed) == before


def test_a_bad_delete_version_is_a_400(api_for, checker2, reviewed):
    before = _state(reviewed)
    source = reviewed.sources.get()
    response = api_for(checker2).delete(f"/api/sources/{source.pk}/?version=0")
    assert response.status_code == 400
    assert response.json()["field"] == "version"
    assert response.json()["errors"] == {
        "version": ["Ensure this value is greater than or equal to 1."]
    }
    assert _state(reviewed) == before


def test_source_edits_on_the_current_version_go_through(api_for, checker2, reviewed):
    """Create, update and delete, each naming the version the previous answer implies."""
    client = api_for(checker2)
    version = Claim.objects.get(pk=reviewed.pk).version
    response = client.post(
        "/api/sources/",
        {"claim": reviewed.pk, "url": "https://example.org/new", "version": version},
        format="json",
    )
    assert response.status_code == 201, response.json()
    new = response.json()["id"]
    response = client.patch(
        f"/api/sources/{new}/", {"title": "New", "version": version + 1}, format="json"
    )
    assert (response.status_code, response.json()["title"]) == (200, "New")
    assert client.delete(f"/api/sources/{new}/?version={version + 2}").status_code == 204
    assert Claim.objects.get(pk=reviewed.pk).version == version + 3
