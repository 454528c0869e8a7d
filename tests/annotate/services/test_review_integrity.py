"""Issue 14, review integrity: the two-person check cannot be bent (each hole has its tests).

Names start with the hole they close (hole1_ ... hole9_), so the report can list them.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from annotate import selectors
from annotate.models import Claim, ClaimStatus, Comment, Review, ReviewDecision, Role, Source
from annotate.models.claim import SUBSTANCE_FIELDS
from annotate.rules import EDITED_THIS_ROUND
from annotate.selectors import review as review_selectors
from annotate.selectors.exports import documents_export_data
from annotate.services import claims as claim_services
from annotate.services.comments import comment_add
from annotate.services.errors import PermissionDenied, ServiceError
from annotate.services.lifecycle import NO_VERSION
from annotate.services.reviews import claim_approve, claim_request_changes, claim_submit
from tests.annotate.services.reviewkit import make_claim, submitted
from tests.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer2(team):
    return make_member(team, Role.REVIEWER, "rita")


def fresh(claim: Claim) -> Claim:
    return Claim.everything.get(pk=claim.pk)


def state(claim: Claim) -> tuple:
    """What a refused action must leave as it was."""
    row = fresh(claim)
    return (
        row.status,
        row.version,
        row.restatement,
        row.claimant,
        row.approved_by_id,
        row.deleted_at,
        list(row.reviews.values_list("decision", "reviewer_id")),
        row.comments.count(),
        row.sources.count(),
    )


def approved(document, checker, reviewer) -> Claim:
    claim = submitted(document, checker)
    claim_approve(membership=reviewer, claim=claim, version=claim.version)
    return fresh(claim)


# --- Hole 1: whoever changed the substance this round cannot decide ------------------------------


@pytest.mark.parametrize("decide", ["approve", "request_changes"])
def test_hole1_a_reviewer_who_edited_a_colleagues_claim_cannot_decide_on_it(
    document, checker, reviewer, decide
):
    claim = submitted(document, checker)
    edited = claim_services.claim_update(
        membership=reviewer, claim=claim, version=claim.version, restatement="Spending was $6bn."
    )
    before = state(claim)
    with pytest.raises(PermissionDenied) as error:
        if decide == "approve":
            claim_approve(membership=reviewer, claim=edited, version=edited.version)
        else:
            claim_request_changes(
                membership=reviewer, claim=edited, comment="Fix.", version=edited.version
            )
    assert (
        error.value.message
        == EDITED_THIS_ROUND
        == ("You edited this claim, so a colleague must review it.")
    )
    assert error.value.status_code == 403
    assert state(claim) == before


def test_hole1_adding_a_source_also_makes_the_reviewer_an_author_of_the_round(
    document, checker, reviewer, reviewer2
):
    claim = submitted(document, checker)
    claim_services.source_add(membership=reviewer, claim=claim, url="https://cbo.example.org/")
    claim = fresh(claim)
    with pytest.raises(PermissionDenied):
        claim_approve(membership=reviewer, claim=claim, version=claim.version)
    # A colleague who did not touch it decides: a proper two-person check.
    claim_approve(membership=reviewer2, claim=claim, version=claim.version)
    assert fresh(claim).approved_by == reviewer2.user


def test_hole1_the_queue_and_the_badge_leave_out_what_the_reviewer_edited(
    document, checker, reviewer, reviewer2
):
    claim = submitted(document, checker)
    claim_services.claim_update(
        membership=reviewer, claim=claim, version=claim.version, claimant="The minister"
    )
    assert list(review_selectors.review_queue(reviewer)) == []
    assert review_selectors.review_counts(reviewer).awaiting == 0
    assert [c.pk for c in review_selectors.review_queue(reviewer2)] == [claim.pk]
    assert review_selectors.review_counts(reviewer2).awaiting == 1


def test_hole1_the_next_round_starts_fresh_after_a_decision(document, checker, reviewer, reviewer2):
    """Edits made in a round that a colleague decided do not bar the editor for ever."""
    claim = submitted(document, checker)
    claim_services.claim_update(
        membership=reviewer, claim=claim, version=claim.version, restatement="Spending: $6bn."
    )
    claim = fresh(claim)
    claim_request_changes(membership=reviewer2, claim=claim, comment="Cite.", version=claim.version)
    claim = claim_submit(membership=checker, claim=fresh(claim))
    claim_approve(membership=reviewer, claim=claim, version=claim.version)
    assert fresh(claim).status == ClaimStatus.APPROVED


def test_hole1_a_reviewer_who_submits_a_colleagues_draft_cannot_approve_it(
    document, checker, reviewer
):
    claim = make_claim(document, checker)
    claim = claim_submit(membership=reviewer, claim=claim)
    with pytest.raises(PermissionDenied) as error:
        claim_approve(membership=reviewer, claim=claim, version=claim.version)
    assert error.value.message == EDITED_THIS_ROUND


def test_hole1_the_panel_flag_says_why(document, checker, reviewer):
    claim = submitted(document, checker)
    claim_services.claim_update(
        membership=reviewer, claim=claim, version=claim.version, notes="<p>Seen.</p>"
    )
    panel = review_selectors.claim_panel(selectors.claim_for_member(reviewer, claim.pk), reviewer)
    assert panel["may"]["decide"] is False
    assert panel["may"]["edited_this_round"] is True


# --- Hole 2: the substance is named once; any change to it reopens review -----------------------


def _change(field: str, membership, claim: Claim, team) -> None:
    if field == "sources":
        claim_services.source_add(
            membership=membership, claim=claim, url="https://new.example.org/", version=None
        )
        return
    value = {
        "restatement": "Spending was $7bn.",
        "claimant": "The finance minister",
        "verdict": team.verdicts.exclude(pk=claim.verdict_id).first(),
        "notes": "<p>A new note.</p>",
    }[field]
    claim_services.claim_update(
        membership=membership, claim=claim, version=claim.version, **{field: value}
    )


@pytest.mark.parametrize("field", SUBSTANCE_FIELDS)
def test_hole2_changing_any_substance_field_of_an_approved_claim_reopens_review(
    document, team, checker, reviewer, field
):
    claim = approved(document, checker, reviewer)
    _change(field, checker, claim, team)
    claim = fresh(claim)
    assert claim.status == ClaimStatus.IN_REVIEW
    assert (claim.approved_by, claim.approved_at) == (None, None)
    assert claim.reviews.last().decision == ReviewDecision.REOPENED
    diff = review_selectors.diff_since_last_review(selectors.claim_for_member(reviewer, claim.pk))
    assert [change["field"] for change in diff.changes] == [field]


def test_hole2_a_new_claimant_of_an_approved_claim_reopens_it_and_the_diff_shows_it(
    document, checker, reviewer
):
    claim = approved(document, checker, reviewer)
    claim_services.claim_update(
        membership=checker, claim=claim, version=claim.version, claimant="Someone else"
    )
    claim = selectors.claim_for_member(reviewer, claim.pk)
    assert claim.status == ClaimStatus.IN_REVIEW
    [change] = review_selectors.diff_since_last_review(claim).changes
    assert (change["field"], change["old"], change["new"]) == ("claimant", "", "Someone else")
    # ClaimReview publishes approved claims only: the new name is not out under the old approval.
    [data] = documents_export_data(reviewer.team, [document.pk])
    assert [c.status for c in data.claims] == ["in_review"]


def test_hole2_the_snapshot_holds_exactly_the_substance_fields(document, checker):
    claim = make_claim(document, checker)
    assert tuple(review_selectors.claim_snapshot(claim)) == SUBSTANCE_FIELDS


# --- Hole 3: a decision names the version it was taken on ---------------------------------------


@pytest.mark.parametrize("decide", ["approve", "request_changes"])
def test_hole3_a_decision_without_a_version_is_refused(document, checker, reviewer, decide):
    claim = submitted(document, checker)
    before = state(claim)
    with pytest.raises(ServiceError) as error:
        if decide == "approve":
            claim_approve(membership=reviewer, claim=claim)
        else:
            claim_request_changes(membership=reviewer, claim=claim, comment="Fix.")
    assert (error.value.message, error.value.field, error.value.status_code) == (
        NO_VERSION,
        "version",
        400,
    )
    assert state(claim) == before


# --- Hole 4: deleting is the author's (a draft) or a reviewer's, and it is a soft delete --------


def test_hole4_a_checker_cannot_delete_a_colleagues_claim(document, checker, checker2):
    claim = make_claim(document, checker)
    comment_add(membership=checker, claim=claim, body="<p>Started.</p>")
    before = state(claim)
    with pytest.raises(PermissionDenied) as error:
        claim_services.claim_delete(membership=checker2, claim=claim)
    assert error.value.message == (
        "Only the claim's author, while it is a draft, or a reviewer can delete it."
    )
    assert state(claim) == before


def test_hole4_the_author_deletes_a_draft_but_not_a_claim_in_review(document, checker):
    in_review = submitted(document, checker)
    with pytest.raises(PermissionDenied):
        claim_services.claim_delete(membership=checker, claim=in_review)
    assert fresh(in_review).deleted_at is None
    draft = make_claim(document, checker, quote="spent")
    claim_services.claim_delete(membership=checker, claim=draft)
    assert fresh(draft).deleted_by == checker.user


def test_hole4_a_deleted_claim_keeps_its_thread_and_comes_back_as_it_was(
    document, checker, reviewer
):
    claim = submitted(document, checker)
    comment_add(membership=reviewer, claim=claim, body="<p>Looking.</p>")
    before = state(claim)
    claim_services.claim_delete(membership=reviewer, claim=claim)
    assert Review.objects.filter(claim_id=claim.pk).count() == 1
    assert Comment.objects.filter(claim_id=claim.pk).count() == 1
    assert Source.objects.filter(claim_id=claim.pk).count() == 1
    assert [c.pk for c in selectors.trash_for_document(document)] == [claim.pk]
    claim_services.claim_restore(membership=reviewer, claim=fresh(claim))
    after = state(claim)
    assert after[0] == before[0] and after[2:] == before[2:]  # only the version moved
    assert list(selectors.trash_for_document(document)) == []


def test_hole4_every_read_leaves_out_a_deleted_claim(document, team, checker, reviewer):
    live = submitted(document, checker)
    gone = submitted(document, checker, quote="spent")
    comment_add(membership=reviewer, claim=gone, body="<p>x</p>")
    claim_services.claim_delete(membership=reviewer, claim=gone)
    ids = [live.pk]
    assert [c.pk for c in selectors.claims_for_team(reviewer)] == ids
    assert [c.pk for c in review_selectors.review_queue(reviewer)] == ids
    assert review_selectors.review_counts(reviewer).awaiting == 1
    assert selectors.documents_for_team(reviewer).get(pk=document.pk).claim_count == 1
    assert {s.claim_id for s in selectors.sources_for_team(reviewer)} == set(ids)
    assert {r.claim_id for r in selectors.reviews_for_team(reviewer)} == set(ids)
    assert list(selectors.comments_for_team(reviewer)) == []
    assert [c.id for c in documents_export_data(team, [document.pk])[0].claims] == ids
    with pytest.raises(Exception) as missing:
        selectors.claim_for_member(reviewer, gone.pk)
    assert "No such claim" in str(missing.value)
    source = Source.objects.filter(claim_id=gone.pk).first()
    with pytest.raises(Exception) as missing_source:
        selectors.source_for_member(reviewer, source.pk)
    assert "No such source" in str(missing_source.value)


def test_hole4_the_trash_is_purged_after_30_days_and_not_before(document, checker, reviewer):
    old = make_claim(document, checker)
    recent = make_claim(document, checker, quote="spent")
    claim_services.claim_delete(membership=reviewer, claim=old)
    claim_services.claim_delete(membership=reviewer, claim=recent)
    Claim.everything.filter(pk=old.pk).update(deleted_at=timezone.now() - timedelta(days=31))
    Claim.everything.filter(pk=recent.pk).update(deleted_at=timezone.now() - timedelta(days=29))
    assert claim_services.claims_purge_trash() == 1
    assert claim_services.claims_purge_trash() == 0  # safe to run twice
    assert list(Claim.everything.filter(document=document).values_list("pk", flat=True)) == [
        recent.pk
    ]
    assert not Source.objects.filter(claim_id=old.pk).exists()


def test_hole4_restoring_is_for_the_drafts_author_or_a_reviewer(
    document, checker, checker2, reviewer
):
    claim = make_claim(document, checker)
    claim_services.claim_delete(membership=checker, claim=claim)
    with pytest.raises(PermissionDenied) as error:
        claim_services.claim_restore(membership=checker2, claim=fresh(claim))
    assert error.value.message == (
        "Only the claim's author, while it is a draft, or a reviewer can restore it."
    )
    assert fresh(claim).deleted_at is not None
    claim_services.claim_restore(membership=checker, claim=fresh(claim))
    assert fresh(claim).deleted_at is None


# --- Hole 8: every text field has a limit, with a clear message ---------------------------------


@pytest.mark.parametrize(
    ("field", "limit", "message"),
    [
        ("restatement", 2000, "A restatement is at most 2,000 characters; this one has 2000001."),
        ("claimant", 300, "A claimant is at most 300 characters; this one has 2000001."),
        ("notes", 20000, "Notes is at most 20,000 characters; this one has 2000001."),
    ],
)
def test_hole8_an_overlong_claim_field_is_refused_and_nothing_changes(
    document, checker, field, limit, message
):
    claim = make_claim(document, checker)
    before = state(claim)
    with pytest.raises(ServiceError) as error:
        claim_services.claim_update(
            membership=checker, claim=claim, version=claim.version, **{field: "x" * 2_000_001}
        )
    assert (error.value.message, error.value.field) == (message, field)
    assert state(claim) == before
    count = Claim.objects.count()
    with pytest.raises(ServiceError) as on_create:
        claim_services.claim_create(
            membership=checker,
            document=document,
            start=0,
            end=3,
            quote=document.text[:3],
            **{field: "x" * 2_000_001},
        )
    assert on_create.value.message == message
    assert Claim.objects.count() == count


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("title", "A source's title is at most 500 characters; this one has 501."),
        ("publisher", "A source's publisher is at most 300 characters; this one has 501."),
        ("excerpt", None),
    ],
)
def test_hole8_an_overlong_source_field_is_refused(document, checker, field, message):
    claim = make_claim(document, checker)
    size = 501 if message else 5001
    message = message or "A source's excerpt is at most 5,000 characters; this one has 5001."
    before = state(claim)
    with pytest.raises(ServiceError) as error:
        claim_services.source_add(
            membership=checker, claim=claim, url="https://x.example.org/", **{field: "y" * size}
        )
    assert (error.value.message, error.value.field) == (message, field)
    assert state(claim) == before


def test_hole8_an_overlong_review_comment_is_refused(document, checker, reviewer):
    claim = submitted(document, checker)
    before = state(claim)
    with pytest.raises(ServiceError) as error:
        claim_approve(membership=reviewer, claim=claim, comment="z" * 5001, version=claim.version)
    assert error.value.message == "A review comment is at most 5,000 characters; this one has 5001."
    assert state(claim) == before
