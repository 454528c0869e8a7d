"""Assigning on the pages: a claim's assignee and due time in the desk editor, a document from its
desk header or the document list; refusals say why and change nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from annotate.models import DocumentAssignment, Notification
from annotate.selectors.newsroom import document_assignment
from tests.annotate.services.reviewkit import make_claim
from tests.factories import make_document

pytestmark = pytest.mark.django_db


def test_the_desk_editor_assigns_a_claim_with_a_due_time(client_for, document, checker, checker2):
    claim = make_claim(document, checker)
    client = client_for(checker)
    response = client.post(
        reverse("annotate:desk-claim-update", args=[claim.pk]),
        {
            "version": claim.version,
            "assignee": checker2.user.pk,
            "due_at": "2031-05-04T17:30",
            "restatement": claim.restatement,
        },
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.assignee == checker2.user
    assert claim.due_at.isoformat() == "2031-05-04T17:30:00+00:00"
    page = client.get(response["Location"]).content.decode()
    assert 'name="due_at" type="datetime-local" value="2031-05-04T17:30"' in page
    assert Notification.objects.filter(recipient=checker2.user).count() == 1


def test_a_bad_due_time_is_refused_in_place(client_for, document, checker, checker2):
    claim = make_claim(document, checker)
    response = client_for(checker).post(
        reverse("annotate:desk-claim-update", args=[claim.pk]),
        {"version": claim.version, "assignee": checker2.user.pk, "due_at": "next tuesday"},
    )
    assert response.status_code == 400
    assert "Enter a due time as YYYY-MM-DD HH:MM." in response.content.decode()
    claim.refresh_from_db()
    assert claim.assignee is None and claim.due_at is None


def test_a_document_is_assigned_from_its_desk(client_for, document, checker, checker2):
    client = client_for(checker)
    desk = reverse("annotate:document-detail", args=[document.pk])
    response = client.post(
        reverse("annotate:document-assign", args=[document.pk]),
        {"assignee": checker2.user.pk, "due_at": "2031-01-02T09:00", "next": desk},
        follow=True,
    )
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == desk
    assert "“Budget story” is assigned to chidi." in body
    assert '<span class="assigned-to">chidi</span>' in body
    assert document_assignment(document).assignee == checker2.user


def test_document_assignment_refusals(client_for, document, checker, viewer, outsider, other_team):
    url = reverse("annotate:document-assign", args=[document.pk])
    response = client_for(checker).post(url, {"assignee": outsider.user.pk}, follow=True)
    assert (
        "Could not assign the document: Choose a member of this team." in response.content.decode()
    )
    response = client_for(viewer).post(url, {"assignee": checker.user.pk}, follow=True)
    assert "Your role in this team is read-only." in response.content.decode()
    rival = make_document(other_team, "Theirs.")
    url = reverse("annotate:document-assign", args=[rival.pk])
    assert client_for(checker).post(url, {"assignee": checker.user.pk}).status_code == 404
    assert DocumentAssignment.objects.count() == 0


def test_next_may_not_leave_the_site(client_for, document, checker):
    response = client_for(checker).post(
        reverse("annotate:document-assign", args=[document.pk]),
        {"assignee": checker.user.pk, "next": "https://evil.example/"},
    )
    assert response["Location"] == f"/documents/{document.pk}/"
