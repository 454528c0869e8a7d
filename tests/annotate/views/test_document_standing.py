"""The document list says where every document stands: claims by status (a stacked bar), its
assignee, last activity; filters by status, assignee, format, date, title; sorts by activity."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from annotate.services.assignments import document_assign
from annotate.services.comments import comment_add
from annotate.services.reviews import claim_approve
from tests.annotate.services.reviewkit import make_claim, submitted
from tests.factories import make_document

LIST_URL = reverse("annotate:document-list")
pytestmark = pytest.mark.django_db

TEXT = "The U.S. spent $5 billion in 2019. Critics disagree.\n\nOfficials said so on Monday."


@pytest.fixture
def newsroom(team, checker, checker2, reviewer):
    """Four documents: one all approved, one in review with a draft, one without claims, one
    assigned and overdue with a draft."""
    approved = make_document(team, TEXT, title="All done")
    claim = submitted(approved, checker)
    claim_approve(membership=reviewer, claim=claim, version=claim.version)
    mixed = make_document(team, TEXT + " Twice.", title="Half way")
    submitted(mixed, checker)
    make_claim(mixed, checker, quote="Critics disagree.", ready=False)
    make_document(team, "Nothing marked here.", title="Untouched")
    late = make_document(team, TEXT + " Late.", title="Late one", source_format="md")
    make_claim(late, checker2, ready=False)
    document_assign(
        membership=reviewer,
        document=late,
        assignee=checker2.user,
        due_at=timezone.now() - timedelta(days=1),
    )
    return {"approved": approved, "mixed": mixed, "late": late}


def titles(client, **params) -> list[str]:
    body = client.get(LIST_URL, params).content.decode()
    return [
        row.split(">", 1)[1].split("<", 1)[0]
        for row in body.split('<td class="doc-cell"><a href=')[1:]
    ]


def test_each_row_shows_its_status_bar_assignee_and_overdue(client_for, checker, newsroom):
    body = client_for(checker).get(LIST_URL).content.decode()
    mixed = body.split(f'data-document="{newsroom["mixed"].pk}"')[1].split("</tr>")[0]
    assert 'data-approved="0" data-in-review="1" data-sent-back="0" data-drafts="1"' in mixed
    assert 'class="seg-in_review" x="0.0" y="0" width="50.0"' in mixed
    assert "1 in review" in mixed and "1 draft" in mixed
    done = body.split(f'data-document="{newsroom["approved"].pk}"')[1].split("</tr>")[0]
    assert "All 1 approved" in done
    late = body.split(f'data-document="{newsroom["late"].pk}"')[1].split("</tr>")[0]
    assert '<span class="assigned-to">chidi</span>' in late and "data-overdue" in late
    assert "No claims yet" in body


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"standing": "in_review"}, ["Half way"]),
        ({"standing": "all_approved"}, ["All done"]),
        ({"standing": "no_claims"}, ["Untouched"]),
        ({"standing": "drafts"}, ["Late one", "Half way"]),
        ({"assignee": "none"}, ["Untouched", "Half way", "All done"]),
        ({"overdue": "on"}, ["Late one"]),
        ({"format": "md"}, ["Late one"]),
        ({"q": "HALF"}, ["Half way"]),
        ({"sort": "title"}, ["All done", "Half way", "Late one", "Untouched"]),
    ],
)
def test_filters(client_for, checker, newsroom, params, expected):
    assert titles(client_for(checker), **params) == expected


def test_assignee_and_date_filters(client_for, checker, checker2, newsroom):
    client = client_for(checker)
    assert titles(client, assignee=checker2.user.pk) == ["Late one"]
    today = timezone.localdate().isoformat()
    assert len(titles(client, since=today, until=today)) == 4
    assert titles(client, until="2001-01-01") == []


def test_sort_by_last_activity(client_for, checker, reviewer, newsroom):
    claim = newsroom["approved"].claims.get()
    comment_add(membership=reviewer, claim=claim, body="Late remark")
    assert titles(client_for(checker), sort="activity")[0] == "All done"


def test_wrong_filters_are_said_and_ignored(client_for, checker, outsider, newsroom):
    response = client_for(checker).get(
        LIST_URL, {"standing": "bogus", "assignee": outsider.user.pk, "since": "yesterday"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Unknown status. That filter was ignored." in body
    assert "There is no such member in this team. That filter was ignored." in body
    assert "Enter a date as YYYY-MM-DD. That filter was ignored." in body
    assert body.count('<td class="doc-cell">') == 4


def test_api_lists_where_documents_stand_and_filters(api_for, checker, newsroom):
    client = api_for(checker)
    rows = {d["title"]: d for d in client.get("/api/documents/").json()["results"]}
    assert rows["Half way"]["status_counts"] == {
        "draft": 1,
        "in_review": 1,
        "changes_requested": 0,
        "approved": 0,
    }
    assert rows["Late one"]["assignee"] == "chidi" and rows["Late one"]["due_at"]
    assert rows["Untouched"]["last_activity"]
    found = lambda q: [d["title"] for d in client.get(f"/api/documents/?{q}").json()["results"]]  # noqa: E731
    assert found("status=all_approved") == ["All done"]
    assert found("assignee=chidi") == ["Late one"]
    assert found("overdue=true") == ["Late one"]
    assert client.get("/api/documents/?status=bogus").status_code == 400


@pytest.fixture
def api_for():
    from rest_framework.test import APIClient

    from annotate.api.tokens import token_create

    def make(membership):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_create(user=membership.user).key}")
        return client

    return make
