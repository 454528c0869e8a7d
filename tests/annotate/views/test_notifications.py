"""The inbox page, the bell, marking read, email settings; another member's notification is a
404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from annotate.models import EmailMode, Notification, NotificationPreference
from annotate.services.comments import comment_add
from tests.annotate.services.reviewkit import make_claim

INBOX = reverse("annotate:notifications")
pytestmark = pytest.mark.django_db


def _comments(claim, by, n):
    for i in range(n):
        comment_add(membership=by, claim=claim, body=f"Remark {i}")


def test_the_inbox_lists_the_members_notifications_unread_first_marked(
    client_for, document, checker, reviewer
):
    claim = make_claim(document, checker)
    _comments(claim, reviewer, 2)
    body = client_for(checker).get(INBOX).content.decode()
    assert body.count('class="note unread') == 2
    assert "rosa commented on your claim" in body and "Remark 1" in body
    assert "Unread <span data-unread-total>(2)</span>" in body


def test_opening_a_notification_marks_it_read_and_leads_to_the_claim(
    client_for, document, checker, reviewer
):
    claim = make_claim(document, checker)
    _comments(claim, reviewer, 1)
    note = Notification.objects.get()
    response = client_for(checker).post(reverse("annotate:notification-open", args=[note.pk]))
    assert response["Location"] == reverse("annotate:claim-permalink", args=[claim.pk])
    note.refresh_from_db()
    assert note.read_at is not None


def test_mark_read_and_mark_all_read(client_for, document, checker, reviewer):
    claim = make_claim(document, checker)
    _comments(claim, reviewer, 3)
    client = client_for(checker)
    first = Notification.objects.order_by("id").first()
    client.post(reverse("annotate:notification-read", args=[first.pk]))
    assert Notification.objects.filter(read_at__isnull=True).count() == 2
    response = client.post(reverse("annotate:notifications-read-all"), follow=True)
    assert "Marked 2 notifications read." in response.content.decode()
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_someone_elses_notification_is_a_404_and_stays_unread(
    client_for, document, checker, checker2, reviewer
):
    claim = make_claim(document, checker)
    _comments(claim, reviewer, 1)
    note = Notification.objects.get()
    client = client_for(checker2)
    assert client.post(reverse("annotate:notification-read", args=[note.pk])).status_code == 404
    assert client.post(reverse("annotate:notification-open", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_the_bell_counts_unread(client_for, document, checker, reviewer):
    url = reverse("annotate:notifications-bell")
    assert "badge" not in client_for(checker).get(url).content.decode()
    _comments(make_claim(document, checker), reviewer, 2)
    assert 'data-unread title="2 unread">2<' in client_for(checker).get(url).content.decode()


def test_email_settings_are_saved_and_bad_ones_refused(client_for, checker):
    url = reverse("annotate:notification-settings")
    client = client_for(checker)
    page = client.get(url).content.decode()
    assert 'value="approved" checked' in page  # every event by default
    response = client.post(url, {"email_mode": "daily", "email_kinds": ["mention", "approved"]})
    assert response.status_code == 302
    saved = NotificationPreference.objects.get(user=checker.user)
    assert (saved.email_mode, saved.email_kinds) == (EmailMode.DAILY, ["mention", "approved"])
    refused = client.post(url, {"email_mode": "hourly", "email_kinds": ["mention"]})
    assert refused.status_code == 400
    assert "Choose how often." in refused.content.decode()
    refused = client.post(url, {"email_mode": "off", "email_kinds": ["gossip"]})
    assert "Choose among the listed events." in refused.content.decode()
    saved.refresh_from_db()
    assert saved.email_mode == EmailMode.DAILY


def test_mention_suggestions_offer_the_teams_members_only(client_for, checker, checker2, outsider):
    response = client_for(checker).get(reverse("annotate:mention-suggestions"), {"q": "c"})
    names = [m["username"] for m in response.json()["members"]]
    assert names == ["carla", "chidi"]
    response = client_for(checker).get(reverse("annotate:mention-suggestions"), {"q": "ol"})
    assert response.json()["members"] == []


@pytest.mark.parametrize("n", [2, 20])
def test_inbox_query_count_does_not_grow(
    client_for, document, checker, reviewer, django_assert_num_queries, n
):
    _comments(make_claim(document, checker), reviewer, n)
    client = client_for(checker)
    # session, user, memberships; the page count, the page, the unread count
    with django_assert_num_queries(6):
        response = client.get(INBOX)
    assert response.content.decode().count('class="note unread') == n
