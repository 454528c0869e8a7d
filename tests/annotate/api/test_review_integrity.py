"""Issue 14 through the API: versions on decisions, editors of a round, soft delete, text limits."""

from __future__ import annotations

import pytest

from annotate.api.serializers import DECISION_NEEDS_VERSION
from annotate.models import Claim, ClaimStatus, Comment, Review
from annotate.rules import EDITED_THIS_ROUND
from tests.annotate.api.conftest import in_review_claim, make_claim

pytestmark = pytest.mark.django_db


def snapshot(claim) -> tuple:
    row = Claim.everything.get(pk=claim.pk)
    return (
        row.status,
        row.version,
        row.restatement,
        row.deleted_at,
        Review.objects.filter(claim_id=claim.pk).count(),
        Comment.objects.filter(claim_id=claim.pk).count(),
    )


@pytest.mark.parametrize("action", ["approve", "request-changes"])
def test_hole3_a_decision_without_version_is_a_400_that_says_so(
    api_for, checker, reviewer, document, action
):
    claim = in_review_claim(checker, document)
    before = snapshot(claim)
    response = api_for(reviewer).post(
        f"/api/claims/{claim.pk}/{action}/", {"comment": "Fix it."}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["errors"]["version"] == [DECISION_NEEDS_VERSION]
    assert DECISION_NEEDS_VERSION in body["detail"]
    assert snapshot(claim) == before
    ok = api_for(reviewer).post(
        f"/api/claims/{claim.pk}/{action}/",
        {"comment": "Fix it.", "version": claim.version},
        format="json",
    )
    assert ok.status_code == 200


def test_hole1_a_reviewer_who_patched_the_claim_cannot_approve_it(
    api_for, checker, reviewer, document
):
    claim = in_review_claim(checker, document)
    api = api_for(reviewer)
    patched = api.patch(
        f"/api/claims/{claim.pk}/",
        {"restatement": "Spending was $9bn.", "version": claim.version},
        format="json",
    )
    assert patched.status_code == 200
    version = patched.json()["version"]
    before = snapshot(claim)
    response = api.post(f"/api/claims/{claim.pk}/approve/", {"version": version}, format="json")
    assert (response.status_code, response.json()["detail"]) == (403, EDITED_THIS_ROUND)
    assert snapshot(claim) == before
    assert Claim.objects.get(pk=claim.pk).approved_by is None


def test_hole4_delete_is_soft_and_restore_brings_it_back(
    api_for, checker, checker2, reviewer, document
):
    claim = in_review_claim(checker, document)
    refused = api_for(checker2).delete(f"/api/claims/{claim.pk}/")
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        "Only the claim's author, while it is a draft, or a reviewer can delete it."
    )
    api = api_for(reviewer)
    before = snapshot(claim)
    assert api.delete(f"/api/claims/{claim.pk}/").status_code == 204
    assert api.get(f"/api/claims/{claim.pk}/").status_code == 404
    assert [c["id"] for c in api.get("/api/claims/").json()["results"]] == []
    assert api.get("/api/reviews/").json()["results"] == []
    assert api.get("/api/sources/").json()["results"] == []
    assert api.get("/api/documents/").json()["results"][0]["claim_count"] == 0
    restored = api.post(f"/api/claims/{claim.pk}/restore/")
    assert restored.status_code == 200
    assert restored.json()["status"] == ClaimStatus.IN_REVIEW
    after = snapshot(claim)
    assert (after[0], after[2:]) == (before[0], before[2:])
    assert api.post(f"/api/claims/{claim.pk}/restore/").status_code == 404


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("restatement", "A restatement is at most 2,000 characters; this one has 2000001."),
        ("claimant", "A claimant is at most 300 characters; this one has 2000001."),
        ("notes", "Notes is at most 20,000 characters; this one has 2000001."),
    ],
)
def test_hole8_an_overlong_field_is_a_400_on_the_api(api_for, checker, document, field, message):
    claim = make_claim(checker, document)
    before = snapshot(claim)
    response = api_for(checker).patch(
        f"/api/claims/{claim.pk}/",
        {field: "x" * 2_000_001, "version": claim.version},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][field] == [message]
    assert snapshot(claim) == before


def test_hole8_an_overlong_comment_or_source_is_a_400(api_for, checker, document):
    claim = make_claim(checker, document)
    api = api_for(checker)
    before = snapshot(claim)
    comment = api.post("/api/comments/", {"claim": claim.pk, "body": "c" * 20_001}, format="json")
    assert comment.status_code == 400
    assert comment.json()["errors"]["body"] == [
        "A comment is at most 20,000 characters; this one has 20001."
    ]
    source = api.post(
        "/api/sources/",
        {"claim": claim.pk, "url": "https://x.example.org/", "excerpt": "e" * 5001},
        format="json",
    )
    assert source.status_code == 400
    assert source.json()["errors"]["excerpt"] == [
        "A source's excerpt is at most 5,000 characters; this one has 5001."
    ]
    assert snapshot(claim) == before


@pytest.mark.parametrize("field", ["url", "archive_url"])
def test_hole9_a_javascript_link_on_a_source_is_refused(api_for, checker, document, field):
    claim = make_claim(checker, document)
    fields = {"url": "https://x.example.org/", field: "javascript:alert(1)"}
    response = api_for(checker).post("/api/sources/", {"claim": claim.pk, **fields}, format="json")
    assert response.status_code == 400
    assert "http://" in response.json()["detail"]
    assert Claim.objects.get(pk=claim.pk).sources.count() == 0
