"""The API of the newsroom: assigning claims and documents, the unassigned/overdue filters, the
inbox (`/api/notifications/`) and marking read; another member's or team's ids are 404s."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from annotate.models import Notification
from annotate.selectors.newsroom import document_assignment
from annotate.services.claims import claim_update
from annotate.services.comments import comment_add
from tests.annotate.api.conftest import make_claim
from tests.factories import make_document

pytestmark = pytest.mark.django_db


def test_assign_a_claim_by_username_with_a_due_time(api_for, checker, checker2, claim):
    response = api_for(checker).post(
        f"/api/claims/{claim.pk}/assign/",
        {"assignee": "chidi", "due_at": "2031-03-01T12:00:00Z", "version": claim.version},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["assignee"] == "chidi"
    assert response.json()["due_at"] == "2031-03-01T12:00:00Z"
    assert Notification.objects.get().recipient == checker2.user


def test_assign_refusals_say_why_and_change_nothing(api_for, checker, outsider, claim):
    client = api_for(checker)
    response = client.post(f"/api/claims/{claim.pk}/assign/", {"assignee": "olga"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"assignee": ["Choose a member of this team."]}
    response = client.post(
        f"/api/claims/{claim.pk}/assign/", {"assignee": "carla", "due_at": "soon"}, format="json"
    )
    assert response.json()["errors"] == {"due_at": ["Enter a due time as YYYY-MM-DD HH:MM."]}
    response = client.post(
        f"/api/claims/{claim.pk}/assign/", {"assignee": "carla", "version": 40}, format="json"
    )
    assert response.status_code == 409
    claim.refresh_from_db()
    assert claim.assignee_id is None and claim.due_at is None
    assert api_for(outsider).post(f"/api/claims/{claim.pk}/assign/", {}).status_code == 404


def test_unassigned_and_overdue_filters(api_for, checker, checker2, document):
    late = make_claim(checker, document)
    claim_update(
        membership=checker,
        claim=late,
        version=late.version,
        assignee=checker2.user,
        due_at=timezone.now() - timedelta(hours=2),
    )
    free = make_claim(checker, document, start=35, quote="Critics disagree.")
    client = api_for(checker)
    ids = lambda query: [c["id"] for c in client.get(f"/api/claims/?{query}").json()["results"]]  # noqa: E731
    assert ids("unassigned=true") == [free.pk]
    assert ids("unassigned=false") == [late.pk]
    assert ids("overdue=true") == [late.pk]
    assert ids("overdue=false") == [free.pk]
    assert client.get("/api/claims/?overdue=maybe").status_code == 400


def test_assign_a_document(api_for, checker, checker2, document, other_team):
    response = api_for(checker).post(
        f"/api/documents/{document.pk}/assign/", {"assignee": "chidi"}, format="json"
    )
    assert response.status_code == 200
    assert response.json() == {"document": document.pk, "assignee": "chidi", "due_at": None}
    assert document_assignment(document).assignee == checker2.user
    rival = make_document(other_team, "Theirs.")
    response = api_for(checker).post(
        f"/api/documents/{rival.pk}/assign/", {"assignee": "chidi"}, format="json"
    )
    assert response.status_code == 404


def test_the_inbox_and_marking_read(api_for, checker, checker2, reviewer, claim):
    comment_add(membership=reviewer, claim=claim, body="@chidi look")
    comment_add(membership=reviewer, claim=claim, body="second")
    client = api_for(checker)
    rows = client.get("/api/notifications/").json()["results"]
    assert [r["kind"] for r in rows] == ["comment", "comment"]
    assert rows[0]["link"] == f"/claims/{claim.pk}/" and rows[0]["read"] is False
    assert rows[0]["actor"] == "rosa"
    read = client.post(f"/api/notifications/{rows[0]['id']}/read/")
    assert read.status_code == 200 and read.json()["read"] is True
    assert len(client.get("/api/notifications/?unread=true").json()["results"]) == 1
    assert client.post("/api/notifications/read-all/").json() == {"marked": 1}
    theirs = Notification.objects.get(recipient=checker2.user)
    assert client.post(f"/api/notifications/{theirs.pk}/read/").status_code == 404
    assert client.get(f"/api/notifications/{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("n", [2, 20])
def test_inbox_query_count_does_not_grow(
    api_for, checker, reviewer, claim, django_assert_num_queries, n
):
    for i in range(n):
        comment_add(membership=reviewer, claim=claim, body=f"Remark {i}")
    client = api_for(checker)
    # token (+user), memberships, count, page
    with django_assert_num_queries(4):
        response = client.get("/api/notifications/")
    assert len(response.json()["results"]) == n
