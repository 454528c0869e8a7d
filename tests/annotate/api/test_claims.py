"""Claims through the API: CRUD by the services' rules, filters, locking and review transitions."""

from __future__ import annotations

import pytest

from annotate.models import Claim, ClaimStatus, Review
from annotate.services.claims import claim_update
from tests.annotate.api.conftest import QUOTE, in_review_claim, make_claim, ready_claim
from tests.factories import make_document, make_member

pytestmark = pytest.mark.django_db


def test_create_a_claim_with_code_point_offsets(api_for, checker, document):
    """POST /api/claims/ stores the quote with its context and returns the claim, version 1."""
    response = api_for(checker).post(
        "/api/claims/",
        {
            "document": document.pk,
            "start": 0,
            "end": len(QUOTE),
            "quote": QUOTE,
            "restatement": "Spending was $5bn.",
            "verdict": "false",
            "assignee": "carla",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["quote"] == QUOTE
    assert body["suffix"].startswith(" Critics")
    assert (body["verdict"], body["author"], body["assignee"]) == ("false", "carla", "carla")
    assert (body["status"], body["version"], body["sources"]) == ("draft", 1, [])
    assert Claim.objects.get(pk=body["id"]).team_id == checker.team_id


def test_offsets_count_code_points_not_utf16_units(api_for, checker, team):
    """An emoji before the quote counts as one position, as in Python strings."""
    document = make_document(team, "Wow 🎉 taxes rose by 4%. Really.")
    start = document.text.index("taxes")
    quote = "taxes rose by 4%."
    response = api_for(checker).post(
        "/api/claims/",
        {"document": document.pk, "start": start, "end": start + len(quote), "quote": quote},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["start"] == 6


def test_a_quote_that_does_not_match_is_a_400_and_stores_nothing(api_for, checker, document):
    response = api_for(checker).post(
        "/api/claims/",
        {"document": document.pk, "start": 1, "end": len(QUOTE) + 1, "quote": QUOTE},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The quoted text does not match the document at 1–35.",
        "field": "quote",
    }
    assert not Claim.objects.exists()


def test_bad_input_is_a_400_with_field_errors(api_for, checker, document):
    """Types are checked before any service runs; each field's messages are listed."""
    response = api_for(checker).post(
        "/api/claims/", {"document": document.pk, "start": "x", "quote": QUOTE}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "start"
    assert body["errors"] == {
        "start": ["A valid integer is required."],
        "end": ["This field is required."],
    }
    assert not Claim.objects.exists()


def test_an_unknown_verdict_key_is_a_400(api_for, checker, document):
    response = api_for(checker).post(
        "/api/claims/",
        {"document": document.pk, "start": 0, "end": len(QUOTE), "quote": QUOTE, "verdict": "meh"},
        format="json",
    )
    assert response.status_code == 400
    # The desk's and the review page's message: one form, one answer (issue 11).
    assert response.json()["detail"] == "Choose a verdict from the team's scale."
    assert response.json()["field"] == "verdict"


def test_a_viewer_cannot_create_edit_or_delete(api_for, viewer, checker, document):
    """Viewers read; every write is a 403 with the service's message."""
    claim = make_claim(checker, document)
    client = api_for(viewer)
    response = client.post(
        "/api/claims/",
        {"document": document.pk, "start": 0, "end": len(QUOTE), "quote": QUOTE},
        format="json",
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "Your role in this team is read-only.", "field": None}
    assert client.patch(f"/api/claims/{claim.pk}/", {"version": 1}, format="json").status_code == (
        403
    )
    assert client.delete(f"/api/claims/{claim.pk}/").status_code == 403
    assert client.get(f"/api/claims/{claim.pk}/").status_code == 200
    assert Claim.objects.count() == 1


def test_another_teams_ids_are_404s(api_for, outsider, checker, document):
    """A forged claim or document id from another team is never found, read or written."""
    claim = make_claim(checker, document)
    client = api_for(outsider)
    assert client.get(f"/api/claims/{claim.pk}/").status_code == 404
    assert client.patch(f"/api/claims/{claim.pk}/", {"version": 1}, format="json").status_code == (
        404
    )
    assert client.delete(f"/api/claims/{claim.pk}/").status_code == 404
    assert client.post(f"/api/claims/{claim.pk}/submit/", {}, format="json").status_code == 404
    response = client.post(
        "/api/claims/",
        {"document": document.pk, "start": 0, "end": len(QUOTE), "quote": QUOTE},
        format="json",
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "No such document in this team.", "field": None}
    assert client.get("/api/claims/").json()["count"] == 0
    assert Claim.objects.count() == 1


def test_patch_needs_the_version_and_a_stale_one_is_a_409(api_for, checker, checker2, document):
    claim = make_claim(checker, document)
    client = api_for(checker)
    response = client.patch(f"/api/claims/{claim.pk}/", {"restatement": "X"}, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "version"
    response = client.patch(
        f"/api/claims/{claim.pk}/", {"version": 1, "restatement": "Mine"}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["restatement"], response.json()["version"]) == ("Mine", 2)
    # A colleague saves in between: our version 2 is stale now.
    claim_update(membership=checker2, claim=claim, version=2, restatement="Theirs")
    response = client.patch(
        f"/api/claims/{claim.pk}/", {"version": 2, "restatement": "Mine again"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["detail"].startswith("Someone else saved this claim")
    assert Claim.objects.get(pk=claim.pk).restatement == "Theirs"


def test_patch_sets_and_clears_verdict_and_assignee(api_for, checker, document):
    claim = make_claim(checker, document)
    client = api_for(checker)
    response = client.patch(
        f"/api/claims/{claim.pk}/",
        {
            "version": 1,
            "verdict": "true",
            "assignee": "carla",
            "notes": "<b>ok</b><script>x</script>",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["verdict"], response.json()["assignee"]) == ("true", "carla")
    assert "<script>" not in response.json()["notes"]
    response = client.patch(
        f"/api/claims/{claim.pk}/", {"version": 2, "verdict": None, "assignee": None}, format="json"
    )
    assert (response.json()["verdict"], response.json()["assignee"]) == (None, None)


def test_an_assignee_outside_the_team_is_a_400(api_for, checker, outsider, document):
    claim = make_claim(checker, document)
    response = api_for(checker).patch(
        f"/api/claims/{claim.pk}/", {"version": 1, "assignee": "olga"}, format="json"
    )
    assert response.status_code == 400
    # The claim form's answer, as on the desk (issue 11: one input, one answer).
    assert response.json() == {
        "detail": "Choose a member of this team.",
        "field": "assignee",
        "errors": {"assignee": ["Choose a member of this team."]},
    }


def test_delete_a_claim(api_for, checker, document):
    claim = make_claim(checker, document)
    assert api_for(checker).delete(f"/api/claims/{claim.pk}/").status_code == 204
    assert not Claim.objects.exists()


def test_put_is_not_offered(api_for, checker, document):
    claim = make_claim(checker, document)
    response = api_for(checker).put(f"/api/claims/{claim.pk}/", {"version": 1}, format="json")
    assert response.status_code == 405


def test_filters_by_document_status_verdict_author_and_assignee(
    api_for, checker, checker2, team, document
):
    other_doc = make_document(team, "Taxes rose. Nobody noticed.")
    first = make_claim(checker, document, verdict=team.verdicts.get(key="true"))
    second = make_claim(
        checker2, document, start=35, quote="Critics disagree.", assignee=checker.user
    )
    third = make_claim(checker, other_doc, quote="Taxes rose.")
    in_review = in_review_claim(checker2, other_doc, start=12, quote="Nobody noticed.")
    client = api_for(checker)

    def ids(query: str) -> set[int]:
        response = client.get(f"/api/claims/?{query}")
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    assert ids(f"document={document.pk}") == {first.pk, second.pk}
    assert ids("status=in_review") == {in_review.pk}
    assert ids("verdict=true") == {first.pk}
    assert ids("author=chidi") == {second.pk, in_review.pk}
    assert ids("assignee=carla") == {second.pk}
    assert ids(f"author=carla&document={other_doc.pk}") == {third.pk}
    response = client.get("/api/claims/?status=bogus")
    assert response.status_code == 400
    assert response.json()["field"] == "status"
    for bad_id in (2**64, 0, "1.5"):
        response = client.get(f"/api/claims/?document={bad_id}")
        assert response.status_code == 400, bad_id
        assert response.json()["field"] == "document"


def test_submit_approve_and_request_changes(api_for, checker, reviewer, document):
    """The lifecycle through the transition endpoints, each recorded as a Review."""
    claim = ready_claim(checker, document)
    response = api_for(checker).post(f"/api/claims/{claim.pk}/submit/", {}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "in_review"
    version = response.json()["version"]
    reviewing = api_for(reviewer)
    response = reviewing.post(
        f"/api/claims/{claim.pk}/request-changes/", {"version": version}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Say what needs to change: a comment is required.",
        "field": "comment",
    }
    response = reviewing.post(
        f"/api/claims/{claim.pk}/request-changes/",
        {"comment": "Cite the bill.", "version": version},
        format="json",
    )
    assert response.json()["status"] == "changes_requested"
    resubmitted = api_for(checker).post(f"/api/claims/{claim.pk}/submit/", {}, format="json")
    response = reviewing.post(
        f"/api/claims/{claim.pk}/approve/",
        {"comment": "Good", "version": resubmitted.json()["version"]},
        format="json",
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["approved_by"]) == ("approved", "rosa")
    decisions = list(Review.objects.filter(claim=claim).values_list("decision", flat=True))
    assert decisions == ["submitted", "changes_requested", "submitted", "approved"]


def test_submitting_an_incomplete_claim_says_what_is_missing(api_for, checker, document):
    claim = make_claim(checker, document)
    response = api_for(checker).post(f"/api/claims/{claim.pk}/submit/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Before submitting, add a restatement, a verdict and at least one source."
    )
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.DRAFT


def test_self_approval_and_checker_approval_are_403s(api_for, checker, reviewer, team, document):
    """A reviewer cannot approve their own claim; a checker cannot approve at all."""
    own = in_review_claim(reviewer, document)
    response = api_for(reviewer).post(
        f"/api/claims/{own.pk}/approve/", {"version": own.version}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "You cannot review your own claim; ask a colleague."
    other = in_review_claim(
        make_member(team, "reviewer"), document, start=35, quote="Critics disagree."
    )
    response = api_for(checker).post(
        f"/api/claims/{other.pk}/approve/", {"version": other.version}, format="json"
    )
    assert response.status_code == 403
    assert Claim.objects.get(pk=own.pk).status == ClaimStatus.IN_REVIEW


def test_approving_twice_is_a_409(api_for, checker, reviewer, document):
    claim = in_review_claim(checker, document)
    client = api_for(reviewer)
    first = client.post(
        f"/api/claims/{claim.pk}/approve/", {"version": claim.version}, format="json"
    )
    assert first.status_code == 200
    response = client.post(
        f"/api/claims/{claim.pk}/approve/", {"version": first.json()["version"]}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "This claim is approved, not in review."
