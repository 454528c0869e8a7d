"""Assignments: a claim or a document given to a member by a due time, recorded and notified;
refusals say why and change nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from annotate.models import DocumentAssignment, Notification, NotificationKind
from annotate.selectors.newsroom import document_assignment
from annotate.services.assignments import claim_assign, document_assign
from annotate.services.errors import Conflict, NotFound, PermissionDenied, ServiceError
from tests.annotate.services.reviewkit import make_claim
from tests.factories import make_document

pytestmark = pytest.mark.django_db


def test_assigning_a_claim_records_it_and_notifies_the_assignee(document, checker, checker2):
    claim = make_claim(document, checker)
    due = timezone.now() + timedelta(days=1)
    claim = claim_assign(
        membership=checker, claim=claim, assignee=checker2.user, due_at=due, version=claim.version
    )
    assert (claim.assignee, claim.due_at) == (checker2.user, due)
    record = claim.history.first()
    assert record.history_change_reason == "assigned" and record.assignee_id == checker2.user.pk
    note = Notification.objects.get(recipient=checker2.user)
    assert note.kind == NotificationKind.ASSIGNED
    assert note.title == "carla assigned you the claim “The U.S. spent $5 billion in 2019.”"
    assert note.body.startswith("Due ")


def test_assigning_yourself_notifies_nobody_and_reassigning_the_same_is_quiet(
    document, checker, checker2
):
    claim = make_claim(document, checker)
    claim = claim_assign(membership=checker, claim=claim, assignee=checker.user)
    assert Notification.objects.count() == 0
    claim = claim_assign(membership=checker, claim=claim, assignee=checker2.user)
    claim_assign(membership=checker, claim=claim, assignee=checker2.user)
    assert Notification.objects.filter(recipient=checker2.user).count() == 1


def test_a_stale_claim_assignment_is_refused(document, checker, checker2):
    claim = make_claim(document, checker)
    with pytest.raises(Conflict):
        claim_assign(membership=checker, claim=claim, assignee=checker2.user, version=99)
    claim.refresh_from_db()
    assert claim.assignee_id is None and Notification.objects.count() == 0


def test_assigning_a_document_keeps_its_record_and_notifies(document, checker, checker2, reviewer):
    due = timezone.now() + timedelta(hours=3)
    document_assign(membership=reviewer, document=document, assignee=checker.user, due_at=due)
    document_assign(membership=reviewer, document=document, assignee=checker2.user)
    current = document_assignment(document)
    assert (current.assignee, current.due_at, current.assigned_by) == (
        checker2.user,
        None,
        reviewer.user,
    )
    assert DocumentAssignment.objects.filter(document=document).count() == 2
    assert list(
        Notification.objects.filter(kind=NotificationKind.ASSIGNED)
        .order_by("id")
        .values_list("recipient__username", "document_id")
    ) == [("carla", document.pk), ("chidi", document.pk)]
    # The same again changes nothing and tells nobody again.
    document_assign(membership=reviewer, document=document, assignee=checker2.user)
    assert DocumentAssignment.objects.count() == 2
    assert Notification.objects.count() == 2


def test_unassigning_a_document(document, checker, reviewer):
    document_assign(membership=reviewer, document=document, assignee=checker.user)
    document_assign(membership=reviewer, document=document, assignee=None)
    assert document_assignment(document).assignee is None


def test_document_assignment_refusals_change_nothing(
    document, checker, viewer, outsider, other_team
):
    with pytest.raises(ServiceError, match=r"The assignee is not a member of this team\."):
        document_assign(membership=checker, document=document, assignee=outsider.user)
    with pytest.raises(PermissionDenied, match="read-only"):
        document_assign(membership=viewer, document=document, assignee=checker.user)
    rival = make_document(other_team, "Their story.")
    with pytest.raises(NotFound, match=r"No such document in this team\."):
        document_assign(membership=checker, document=rival, assignee=checker.user)
    assert DocumentAssignment.objects.count() == 0
    assert Notification.objects.count() == 0
