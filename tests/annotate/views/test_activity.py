"""Activity of the team and of one document: from the audit records, filtered, paged, linked;
query counts independent of the history's length."""

from __future__ import annotations

import pytest
from django.urls import reverse

from annotate.selectors.activity import activity
from annotate.services.assignments import document_assign
from annotate.services.claims import claim_delete, claim_update
from annotate.services.comments import comment_add
from annotate.services.reviews import claim_approve
from tests.annotate.services.reviewkit import make_claim, submitted
from tests.factories import make_document

pytestmark = pytest.mark.django_db


def test_the_feed_tells_who_did_what_newest_first(document, checker, checker2, reviewer):
    claim = submitted(document, checker)
    comment_add(membership=reviewer, claim=claim, body="<p>Looks <em>right</em>.</p>")
    claim_approve(membership=reviewer, claim=claim, version=claim.version)
    other = make_claim(document, checker, quote="Critics disagree.", ready=False)
    claim_update(membership=checker, claim=other, version=other.version, assignee=checker2.user)
    claim_delete(membership=checker, claim=other)
    document_assign(membership=reviewer, document=document, assignee=checker.user)
    entries = activity(checker).entries
    said = [(e.who, e.kind, e.detail) for e in entries]
    assert said[:4] == [
        ("rosa", "assigned", "to carla"),
        ("carla", "deleted", ""),
        ("carla", "assigned", "to chidi"),
        ("carla", "marked", ""),
    ]
    assert ("rosa", "approved", "") in said
    assert ("rosa", "commented", "Looks right.") in said
    assert ("carla", "submitted", "") in said
    assert ("carla", "edited", "its sources") in said
    approved = next(e for e in entries if e.kind == "approved")
    assert approved.link == reverse("annotate:claim-permalink", args=[claim.pk])
    deleted = next(e for e in entries if e.kind == "deleted")
    assert deleted.link == reverse("annotate:document-detail", args=[document.pk])


def test_filters_by_kind_member_and_document(team, document, checker, reviewer):
    claim = submitted(document, checker)
    claim_approve(membership=reviewer, claim=claim, version=claim.version)
    elsewhere = make_document(team, "The U.S. spent $5 billion in 2019. Yes.", title="Other")
    make_claim(elsewhere, reviewer, ready=False)
    assert [e.kind for e in activity(checker, kind="approved").entries] == ["approved"]
    assert {e.who for e in activity(checker, user_id=reviewer.user_id).entries} == {"rosa"}
    assert {e.document_id for e in activity(checker, document_id=document.pk).entries} == {
        document.pk
    }
    marked = activity(checker, kind="marked").entries
    assert [e.document_title for e in marked] == ["Other", "Budget story"]


def test_pages_by_time(document, checker, reviewer):
    claim = make_claim(document, checker, ready=False)
    for i in range(5):
        comment_add(membership=reviewer, claim=claim, body=f"Remark {i}")
    first = activity(checker, kind="commented", limit=3)
    assert [e.detail for e in first.entries] == ["Remark 4", "Remark 3", "Remark 2"]
    second = activity(checker, kind="commented", limit=3, before=first.next_before)
    assert [e.detail for e in second.entries] == ["Remark 1", "Remark 0"]
    assert second.next_before is None


def test_another_teams_activity_never_shows(client_for, checker, outsider, other_team):
    rival = make_document(other_team, "The U.S. spent $5 billion in 2019.")
    make_claim(rival, outsider, ready=False)
    assert activity(checker).entries == []
    url = reverse("annotate:document-activity", args=[rival.pk])
    assert client_for(checker).get(url).status_code == 404


def test_the_pages_show_entries_and_say_when_a_filter_is_wrong(client_for, document, checker):
    make_claim(document, checker, ready=False)
    client = client_for(checker)
    body = client.get(reverse("annotate:activity")).content.decode()
    assert "<strong>carla</strong> marked" in body
    body = client.get(reverse("annotate:activity"), {"kind": "hacked", "user": "999"}).content
    text = body.decode()
    assert "There is no such kind of activity; that filter was ignored." in text
    assert "There is no such member in this team; that filter was ignored." in text
    assert "<strong>carla</strong> marked" in text
    body = client.get(reverse("annotate:document-activity", args=[document.pk])).content
    assert b"Budget story" in body


@pytest.mark.parametrize("n", [2, 15])
def test_activity_query_count_does_not_grow(
    client_for, document, checker, reviewer, django_assert_num_queries, n
):
    claim = submitted(document, checker)
    for i in range(n):
        comment_add(membership=reviewer, claim=claim, body=f"Remark {i}")
    document_assign(membership=reviewer, document=document, assignee=checker.user)
    client = client_for(checker)
    # session, user, memberships, members; reviews, comments, claim history, assignments, exports
    with django_assert_num_queries(9):
        response = client.get(reverse("annotate:activity"))
    assert response.content.decode().count('class="act act-commented"') == n
