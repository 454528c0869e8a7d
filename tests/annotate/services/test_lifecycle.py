"""The lifecycle: approved claims go back to review when their substance changes; stale saves
are refused; snapshots and their diffs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotate.models import ClaimStatus, ReviewDecision
from annotate.selectors.review import claim_snapshot as snapshot
from annotate.selectors.review import snapshot_diff
from annotate.services import claims as claim_services
from annotate.services.errors import Conflict
from annotate.services.lifecycle import reopen_if_approved
from annotate.services.reviews import claim_approve
from tests.annotate.services.reviewkit import submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(document, checker, reviewer):
    claim = submitted(document, checker)
    claim_approve(membership=reviewer, claim=claim, version=claim.version)
    claim.refresh_from_db()
    return claim


def _assert_reopened(claim, who) -> None:
    claim.refresh_from_db()
    last = claim.reviews.last()
    assert claim.status == ClaimStatus.IN_REVIEW
    assert claim.approved_by is None and claim.approved_at is None
    assert (last.decision, last.reviewer) == (ReviewDecision.REOPENED, who)
    assert (last.from_status, last.to_status) == (ClaimStatus.APPROVED, ClaimStatus.IN_REVIEW)


@pytest.mark.parametrize(
    ("field", "value", "comment"),
    [
        ("restatement", "Spending was $6bn in 2019.", "Edited after approval: restatement."),
        ("notes", "<p>New <em>context</em></p>", "Edited after approval: notes."),
        ("verdict", "false", "Edited after approval: verdict."),
    ],
)
def test_editing_an_approved_claims_substance_sends_it_back_to_review(
    approved, checker, field, value, comment
):
    if field == "verdict":
        value = approved.team.verdicts.get(key=value)
    claim_services.claim_update(
        membership=checker, claim=approved, version=approved.version, **{field: value}
    )
    _assert_reopened(approved, checker.user)
    assert approved.reviews.last().comment == comment


def test_adding_changing_or_removing_a_source_sends_an_approved_claim_back(
    document, checker, reviewer
):
    claim = submitted(document, checker)
    for change in ("add", "update", "remove"):
        claim.refresh_from_db()
        claim_approve(membership=reviewer, claim=claim, version=claim.version)
        source = claim.sources.first()
        if change == "add":
            claim_services.source_add(membership=checker, claim=claim, url="https://a.example/")
        elif change == "update":
            claim_services.source_update(membership=checker, source=source, title="New title")
        else:
            claim_services.source_remove(membership=checker, source=source)
        _assert_reopened(claim, checker.user)


def test_editing_what_is_not_substance_keeps_the_approval(approved, checker):
    """Who is assigned is bookkeeping, not the finding: the approval stands."""
    claim_services.claim_update(
        membership=checker, claim=approved, version=approved.version, assignee=checker.user
    )
    approved.refresh_from_db()
    assert approved.status == ClaimStatus.APPROVED
    assert approved.reviews.last().decision == ReviewDecision.APPROVED


def test_reopen_ignores_changes_outside_the_substance(approved, checker):
    reopen_if_approved(claim=approved, by=checker.user, changed=["assignee"])
    approved.refresh_from_db()
    assert approved.status == ClaimStatus.APPROVED


def test_a_save_against_a_stale_version_is_refused_not_overwritten(document, checker, checker2):
    """Two people open version v; the first save wins, the second gets a Conflict (409)."""
    claim = submitted(document, checker)
    opened = claim.version
    claim_services.claim_update(
        membership=checker, claim=claim, version=opened, restatement="First edit."
    )
    with pytest.raises(Conflict) as error:
        claim_services.claim_update(
            membership=checker2, claim=claim, version=opened, restatement="Second edit."
        )
    assert error.value.status_code == 409
    assert error.value.message.startswith("Someone else saved this claim after you opened it.")
    claim.refresh_from_db()
    assert claim.restatement == "First edit."
    assert claim.version == opened + 1


def test_snapshot_holds_the_substance_as_plain_data(approved):
    data = snapshot(approved)
    assert data == {
        "restatement": "Spending was $5bn in 2019.",
        "claimant": "",
        "verdict": "True",
        "notes": "",
        "sources": ["Budget table 0 <https://stats.example.org/0> (supports)"],
    }


def test_diff_names_changed_fields_and_the_sources_added_and_removed():
    before = {
        "restatement": "a",
        "claimant": "",
        "verdict": "True",
        "notes": "",
        "sources": ["x", "y"],
    }
    after = {
        "restatement": "b",
        "claimant": "",
        "verdict": "True",
        "notes": "",
        "sources": ["y", "z"],
    }
    changes = snapshot_diff(before, after)
    assert [c["field"] for c in changes] == ["restatement", "sources"]
    sources = next(c for c in changes if c["field"] == "sources")
    assert (sources["added"], sources["removed"]) == (["z"], ["x"])


texts = st.text(max_size=20)
snapshots = st.fixed_dictionaries(
    {
        "restatement": texts,
        "claimant": texts,
        "verdict": texts,
        "notes": texts,
        "sources": st.lists(texts, max_size=4),
    }
)


@given(snapshots, snapshots)
def test_diff_lists_exactly_the_fields_that_differ(before, after):
    changed = {c["field"] for c in snapshot_diff(before, after)}
    assert changed == {name for name in before if before[name] != after[name]}
    assert snapshot_diff(after, after) == []


# --- The claim guard: who, lock, version, state; once for every write -----------------------


def test_the_guard_checks_who_then_the_version_then_the_state(document, checker, reviewer):
    """A viewer is refused before anything is locked; a stale version before the claim's state;
    the state (the author may not decide) on the locked row."""
    from django.db import transaction

    from annotate.models import Role
    from annotate.rules import Permission
    from annotate.services.errors import PermissionDenied, ServiceError
    from annotate.services.lifecycle import STALE, claim_lock
    from tests.factories import make_member

    claim = submitted(document, checker)
    viewer = make_member(document.team, Role.VIEWER)
    with transaction.atomic():
        with pytest.raises(PermissionDenied):
            claim_lock(membership=viewer, claim=claim, permission=Permission.CLAIM_EDIT)
        with pytest.raises(Conflict) as stale:
            claim_lock(
                membership=reviewer, claim=claim, permission=Permission.CLAIM_DECIDE, version=1
            )
        assert stale.value.message == STALE
        with pytest.raises(ServiceError) as garbled:
            claim_lock(
                membership=reviewer, claim=claim, permission=Permission.CLAIM_EDIT, version="x"
            )
        assert (garbled.value.field, garbled.value.message) == (
            "version",
            "The claim's version is not a number.",
        )
        with pytest.raises(PermissionDenied) as own:
            claim_lock(
                membership=reviewer,
                claim=submitted(document, reviewer),
                permission=Permission.CLAIM_DECIDE,
            )
        assert own.value.message == "You cannot review your own claim; ask a colleague."
        locked = claim_lock(
            membership=reviewer,
            claim=claim,
            permission=Permission.CLAIM_DECIDE,
            version=claim.version,
        )
    assert locked.pk == claim.pk and locked.version == claim.version


def test_a_decision_and_an_edit_get_the_same_stale_message(document, checker, reviewer):
    from annotate.services.lifecycle import STALE
    from annotate.services.reviews import STALE_MESSAGE

    assert STALE_MESSAGE == STALE


def test_a_reopening_clears_the_approval_without_counting_the_edit_twice(approved, checker):
    version = approved.version
    claim_services.claim_update(
        membership=checker, claim=approved, version=version, restatement="Changed."
    )
    approved.refresh_from_db()
    assert approved.version == version + 1
    assert (approved.approved_by, approved.approved_at) == (None, None)
