"""The review rules: who may submit and decide, what a submission needs, what is recorded."""

from __future__ import annotations

import pytest

from annotate.models import ClaimStatus, Review, ReviewDecision
from annotate.services import claims as claim_services
from annotate.services.errors import Conflict, NotFound, PermissionDenied, ServiceError
from annotate.services.reviews import (
    STALE_MESSAGE,
    claim_approve,
    claim_request_changes,
    claim_submit,
    submission_gaps,
)
from tests.annotate.services.reviewkit import make_claim, submitted
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def _status(claim) -> str:
    claim.refresh_from_db()
    return claim.status


def test_submit_moves_a_ready_draft_to_review_and_records_who_when_and_why(document, checker):
    """Submitting records a Review with the submitter, time, statuses, comment and a snapshot."""
    claim = make_claim(document, checker)
    version = claim.version
    claim_submit(membership=checker, claim=claim, comment="  Please check the figure. ")
    claim.refresh_from_db()
    review = claim.reviews.get()
    assert claim.status == ClaimStatus.IN_REVIEW
    assert claim.version == version + 1
    assert (review.reviewer, review.decision) == (checker.user, ReviewDecision.SUBMITTED)
    assert (review.from_status, review.to_status) == (ClaimStatus.DRAFT, ClaimStatus.IN_REVIEW)
    assert review.comment == "Please check the figure."
    assert review.created_at is not None
    assert review.snapshot["restatement"] == "Spending was $5bn in 2019."
    assert claim.history.first().history_user == checker.user


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("restatement", "Before submitting, add a restatement."),
        ("verdict", "Before submitting, add a verdict."),
        ("sources", "Before submitting, add at least one source."),
    ],
)
def test_submit_needs_restatement_verdict_and_a_source(document, checker, missing, message):
    """A claim lacking any of the three stays a draft, with a message naming what is missing."""
    claim = make_claim(document, checker)
    if missing == "sources":
        for source in claim.sources.all():
            claim_services.source_remove(membership=checker, source=source)
    else:
        blank = {"restatement": "", "verdict": None}[missing]
        claim_services.claim_update(
            membership=checker, claim=claim, version=None, **{missing: blank}
        )
    claim.refresh_from_db()
    with pytest.raises(ServiceError) as error:
        claim_submit(membership=checker, claim=claim)
    assert error.value.message == message
    assert _status(claim) == ClaimStatus.DRAFT
    assert not Review.objects.filter(claim=claim).exists()


def test_submit_lists_every_gap_of_an_empty_claim(document, checker):
    claim = make_claim(document, checker, ready=False)
    assert submission_gaps(claim) == ["a restatement", "a verdict", "at least one source"]
    with pytest.raises(ServiceError) as error:
        claim_submit(membership=checker, claim=claim)
    assert error.value.message == (
        "Before submitting, add a restatement, a verdict and at least one source."
    )


def test_viewers_cannot_submit(document, checker, viewer):
    claim = make_claim(document, checker)
    with pytest.raises(PermissionDenied) as error:
        claim_submit(membership=viewer, claim=claim)
    assert error.value.message == "Your role in this team is read-only."
    assert _status(claim) == ClaimStatus.DRAFT


def test_a_claim_already_in_review_cannot_be_submitted_again(document, checker):
    claim = submitted(document, checker)
    with pytest.raises(Conflict) as error:
        claim_submit(membership=checker, claim=claim)
    assert error.value.message == "This claim is in review already."


def test_a_reviewer_approves_a_colleagues_claim(document, checker, reviewer):
    """Approval records the reviewer and time on the claim and a Review with the comment."""
    claim = submitted(document, checker)
    claim_approve(membership=reviewer, claim=claim, comment="Checked.", version=claim.version)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    assert claim.approved_by == reviewer.user and claim.approved_at is not None
    last = claim.reviews.last()
    assert (last.reviewer, last.decision, last.comment) == (
        reviewer.user,
        ReviewDecision.APPROVED,
        "Checked.",
    )
    assert last.from_status == ClaimStatus.IN_REVIEW


@pytest.mark.parametrize("decide", ["approve", "request_changes"])
def test_nobody_decides_on_their_own_claim(document, reviewer, decide):
    """Even a reviewer (or admin) cannot approve or send back a claim they wrote."""
    claim = submitted(document, reviewer)
    with pytest.raises(PermissionDenied) as error:
        _decide(decide, reviewer, claim)
    assert error.value.message == "You cannot review your own claim; ask a colleague."
    assert _status(claim) == ClaimStatus.IN_REVIEW


def test_an_admin_cannot_approve_their_own_claim_either(document, team_admin):
    claim = submitted(document, team_admin)
    with pytest.raises(PermissionDenied):
        claim_approve(membership=team_admin, claim=claim, version=claim.version)


@pytest.mark.parametrize("decide", ["approve", "request_changes"])
@pytest.mark.parametrize("role", ["checker", "viewer"])
def test_only_reviewers_and_admins_decide(document, checker, team, decide, role):
    claim = submitted(document, checker)
    other = make_member(team, role)
    with pytest.raises(PermissionDenied) as error:
        _decide(decide, other, claim)
    assert error.value.message == "Only the team's reviewers and admins decide on claims."
    assert _status(claim) == ClaimStatus.IN_REVIEW


def test_an_admin_decides(document, checker, team_admin):
    claim = submitted(document, checker)
    claim_request_changes(
        membership=team_admin, claim=claim, comment="Add a second source.", version=claim.version
    )
    assert _status(claim) == ClaimStatus.CHANGES_REQUESTED


@pytest.mark.parametrize("decide", ["approve", "request_changes", "submit"])
def test_another_teams_member_gets_not_found(document, checker, outsider, decide):
    """An admin of another team is told the claim does not exist, as for a forged id."""
    claim = submitted(document, checker) if decide != "submit" else make_claim(document, checker)
    before = _status(claim)
    with pytest.raises(NotFound) as error:
        if decide == "submit":
            claim_submit(membership=outsider, claim=claim)
        else:
            _decide(decide, outsider, claim)
    assert error.value.message == "No such claim in this team."
    assert error.value.status_code == 404
    assert _status(claim) == before


def test_requesting_changes_needs_a_comment(document, checker, reviewer):
    claim = submitted(document, checker)
    with pytest.raises(ServiceError) as error:
        claim_request_changes(
            membership=reviewer, claim=claim, comment="   ", version=claim.version
        )
    assert error.value.message == "Say what needs to change: a comment is required."
    assert _status(claim) == ClaimStatus.IN_REVIEW
    assert claim.reviews.count() == 1


@pytest.mark.parametrize("decide", ["approve", "request_changes"])
def test_a_decision_on_a_stale_version_is_refused(document, checker, reviewer, decide):
    """If the claim changed after the reviewer opened it, the decision is refused (409)."""
    claim = submitted(document, checker)
    seen = claim.version
    claim_services.claim_update(
        membership=checker, claim=claim, version=seen, restatement="Spending was $6bn."
    )
    with pytest.raises(Conflict) as error:
        _decide(decide, reviewer, claim, version=seen)
    assert error.value.message == STALE_MESSAGE
    assert error.value.status_code == 409
    assert _status(claim) == ClaimStatus.IN_REVIEW


def test_a_claim_whose_sources_were_removed_in_review_cannot_be_approved(
    document, checker, reviewer
):
    claim = submitted(document, checker)
    for source in claim.sources.all():
        claim_services.source_remove(membership=checker, source=source)
    claim.refresh_from_db()
    with pytest.raises(ServiceError) as error:
        claim_approve(membership=reviewer, claim=claim, version=claim.version)
    assert error.value.message == "This claim cannot be approved without at least one source."
    assert _status(claim) == ClaimStatus.IN_REVIEW


@pytest.mark.parametrize("status_from", ["draft", "changes_requested", "approved"])
def test_only_claims_in_review_are_decided(document, checker, reviewer, status_from):
    claim = make_claim(document, checker)
    if status_from != "draft":
        claim_submit(membership=checker, claim=claim)
        _decide("approve" if status_from == "approved" else "request_changes", reviewer, claim)
    claim.refresh_from_db()
    with pytest.raises(Conflict) as error:
        claim_approve(membership=reviewer, claim=claim, version=claim.version)
    assert (
        error.value.message == f"This claim is {claim.get_status_display().lower()}, not in review."
    )


def test_the_whole_cycle_is_recorded_in_order(document, checker, reviewer):
    """draft -> in review -> changes requested -> in review -> approved, one Review each."""
    claim = submitted(document, checker)
    claim_request_changes(
        membership=reviewer, claim=claim, comment="Cite the budget office.", version=claim.version
    )
    claim.refresh_from_db()
    claim_services.source_add(
        membership=checker, claim=claim, url="https://cbo.example.gov/x", title="CBO"
    )
    claim_submit(membership=checker, claim=claim, comment="Added CBO.")
    claim.refresh_from_db()
    claim_approve(membership=reviewer, claim=claim, version=claim.version)
    rows = list(claim.reviews.values_list("decision", "reviewer__username", "to_status"))
    assert rows == [
        ("submitted", "carla", "in_review"),
        ("changes_requested", "rosa", "changes_requested"),
        ("submitted", "carla", "in_review"),
        ("approved", "rosa", "approved"),
    ]


def _decide(decide: str, membership, claim, version=None):
    if version is None:
        claim.refresh_from_db(fields=["version"])
        version = claim.version
    if decide == "approve":
        return claim_approve(membership=membership, claim=claim, version=version)
    return claim_request_changes(
        membership=membership, claim=claim, comment="Fix it.", version=version
    )
