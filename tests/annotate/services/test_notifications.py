"""Notifications: written by the service that acted, never to the actor; emailed by a task after
commit, as each recipient chose (at once, a daily digest, or never), and only once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from annotate.models import EmailMode, Notification, NotificationKind
from annotate.services import notifications
from annotate.services.comments import comment_add
from annotate.services.errors import InvalidInput
from annotate.services.reviews import claim_approve, claim_request_changes
from tests.annotate.services.reviewkit import make_claim, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _emails(checker, checker2, reviewer):
    for member in (checker, checker2, reviewer):
        member.user.email = f"{member.user.username}@planet.example"
        member.user.save()


def kinds_for(membership) -> list[str]:
    return list(
        Notification.objects.filter(recipient=membership.user).values_list("kind", flat=True)
    )


def test_an_approval_reaches_the_author_in_the_inbox_and_by_email(
    document, checker, reviewer, django_capture_on_commit_callbacks
):
    claim = submitted(document, checker)
    with django_capture_on_commit_callbacks(execute=True):
        claim_approve(
            membership=reviewer, claim=claim, comment="Solid sourcing.", version=claim.version
        )
    note = Notification.objects.get(recipient=checker.user)
    assert note.kind == NotificationKind.APPROVED
    assert note.title.startswith("rosa approved your claim “The U.S. spent")
    assert note.body == "Solid sourcing."
    assert note.claim_id == claim.pk and note.document_id == document.pk
    assert note.read_at is None and note.emailed_at is not None
    assert kinds_for(reviewer) == []  # never the actor
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["carla@planet.example"]
    assert "rosa approved your claim" in email.subject
    assert "Solid sourcing." in email.body
    assert f"/claims/{claim.pk}/" in email.body


def test_no_email_is_sent_inside_the_transaction(document, checker, reviewer):
    """Without a commit (the test's transaction never commits) the task is never sent."""
    claim = submitted(document, checker)
    claim_approve(membership=reviewer, claim=claim, version=claim.version)
    assert kinds_for(checker) == [NotificationKind.APPROVED]
    assert mail.outbox == []


def test_a_send_back_carries_the_reviewers_comment_to_author_and_assignee(
    document, checker, checker2, reviewer
):
    claim = make_claim(document, checker)
    from annotate.services.claims import claim_update
    from annotate.services.reviews import claim_submit

    claim = claim_update(
        membership=checker, claim=claim, version=claim.version, assignee=checker2.user
    )
    claim = claim_submit(membership=checker, claim=claim)
    claim_request_changes(
        membership=reviewer, claim=claim, comment="Cite the 2019 table.", version=claim.version
    )
    for member in (checker, checker2):
        note = Notification.objects.get(recipient=member.user, kind=NotificationKind.SENT_BACK)
        assert note.body == "Cite the 2019 table."


def test_a_comment_reaches_the_author_and_a_mention_the_mentioned(
    document, checker, checker2, reviewer, django_capture_on_commit_callbacks
):
    claim = make_claim(document, checker)
    with django_capture_on_commit_callbacks(execute=True):
        comment_add(
            membership=reviewer, claim=claim, body="<p>@chidi can you check this, @nobody?</p>"
        )
    assert kinds_for(checker) == [NotificationKind.COMMENT]
    mention = Notification.objects.get(recipient=checker2.user)
    assert mention.kind == NotificationKind.MENTION
    assert mention.title == "rosa mentioned you on the claim “The U.S. spent $5 billion in 2019.”"
    assert "can you check this" in mention.body
    assert sorted(m.to[0] for m in mail.outbox) == ["carla@planet.example", "chidi@planet.example"]


def test_a_mentioned_author_hears_once_and_nobody_hears_their_own_words(
    document, checker, reviewer
):
    claim = make_claim(document, checker)
    comment_add(membership=reviewer, claim=claim, body="@CARLA see @rosa's note.")
    assert kinds_for(checker) == [NotificationKind.MENTION]
    assert kinds_for(reviewer) == []
    comment_add(membership=checker, claim=claim, body="Done, thanks.")
    assert kinds_for(checker) == [NotificationKind.MENTION]


def test_mentions_of_another_teams_members_notify_nobody(document, checker, outsider):
    claim = make_claim(document, checker)
    comment_add(membership=checker, claim=claim, body="@olga look")
    assert Notification.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("@carla and @chidi.", ["carla", "chidi"]),
        ("mail me at carla@planet.example", []),
        ("(@rosa) @rosa", ["rosa"]),
        ("no one", []),
    ],
)
def test_mentioned_usernames(text, names):
    assert notifications.mentioned_usernames(text) == names


def test_preferences_choose_which_events_are_emailed(
    document, checker, reviewer, django_capture_on_commit_callbacks
):
    notifications.preference_set(
        user=checker.user, email_mode=EmailMode.IMMEDIATE, email_kinds=[NotificationKind.MENTION]
    )
    claim = submitted(document, checker)
    with django_capture_on_commit_callbacks(execute=True):
        claim_approve(membership=reviewer, claim=claim, version=claim.version)
    assert kinds_for(checker) == [NotificationKind.APPROVED]  # in the inbox all the same
    assert mail.outbox == []


def test_email_off_sends_nothing(document, checker, reviewer, django_capture_on_commit_callbacks):
    notifications.preference_set(
        user=checker.user, email_mode=EmailMode.OFF, email_kinds=NotificationKind.values
    )
    claim = make_claim(document, checker)
    with django_capture_on_commit_callbacks(execute=True):
        comment_add(membership=reviewer, claim=claim, body="Hello")
    assert mail.outbox == []


def test_bad_preferences_are_refused_and_change_nothing(checker):
    notifications.preference_set(user=checker.user, email_mode=EmailMode.DAILY, email_kinds=[])
    with pytest.raises(InvalidInput) as refused:
        notifications.preference_set(
            user=checker.user, email_mode="hourly", email_kinds=["approved"]
        )
    assert refused.value.errors == {"email_kinds": "Choose among the listed events."}
    assert notifications.preference_for(checker.user).email_mode == EmailMode.DAILY


def test_the_daily_digest_gathers_a_days_notifications_in_one_email(
    document, checker, reviewer, django_capture_on_commit_callbacks
):
    notifications.preference_set(
        user=checker.user, email_mode=EmailMode.DAILY, email_kinds=NotificationKind.values
    )
    claim = make_claim(document, checker)
    with django_capture_on_commit_callbacks(execute=True):
        comment_add(membership=reviewer, claim=claim, body="First remark")
        comment_add(membership=reviewer, claim=claim, body="Second remark")
    assert mail.outbox == []  # not at once
    old = Notification.objects.create(
        recipient=checker.user, team=checker.team, kind="comment", title="Ancient"
    )
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    assert notifications.notifications_email_digest() == 1
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "First remark" in body and "Second remark" in body and "Ancient" not in body
    assert "2 notifications" in mail.outbox[0].subject
    assert notifications.notifications_email_digest() == 0  # sent once
    assert len(mail.outbox) == 1


def test_emailing_twice_sends_once(document, checker, reviewer):
    claim = submitted(document, checker)
    claim_approve(membership=reviewer, claim=claim, version=claim.version)
    ids = list(Notification.objects.values_list("pk", flat=True))
    assert notifications.notifications_email(ids=ids) == 1
    assert notifications.notifications_email(ids=ids) == 0
    assert len(mail.outbox) == 1


def test_a_recipient_without_an_email_address_keeps_the_inbox_only(document, checker, reviewer):
    checker.user.email = ""
    checker.user.save()
    claim = submitted(document, checker)
    claim_approve(membership=reviewer, claim=claim, version=claim.version)
    ids = list(Notification.objects.values_list("pk", flat=True))
    assert notifications.notifications_email(ids=ids) == 0
    assert mail.outbox == []


def test_mark_read_and_mark_all_read_touch_only_the_members_own(
    document, checker, checker2, reviewer
):
    claim = make_claim(document, checker)
    comment_add(membership=reviewer, claim=claim, body="@chidi one")
    comment_add(membership=reviewer, claim=claim, body="two")
    mine = Notification.objects.filter(recipient=checker.user).order_by("id")
    first = mine.first()
    notifications.notification_mark_read(membership=checker, notification=first)
    assert Notification.objects.filter(recipient=checker.user, read_at__isnull=True).count() == 1
    assert notifications.notifications_mark_all_read(membership=checker) == 1
    assert Notification.objects.filter(recipient=checker2.user, read_at__isnull=True).count() == 1


def test_a_finished_export_tells_whoever_started_it(
    document, checker, django_capture_on_commit_callbacks
):
    from annotate.services.exports import export_start

    with django_capture_on_commit_callbacks(execute=True):
        job = export_start(membership=checker, document_ids=[document.pk], fmt="csv")
    note = Notification.objects.get(recipient=checker.user)
    assert note.kind == NotificationKind.JOB_FINISHED
    assert note.job_id == job.pk
    assert (
        note.title == f"Your export of {job.__class__.objects.get(pk=job.pk).result_name} is ready"
    )


def test_a_failed_import_says_why(checker, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from annotate.services.imports import import_start

    upload = SimpleUploadedFile("broken.docx", b"not a zip at all")
    with django_capture_on_commit_callbacks(execute=True):
        (job,) = import_start(membership=checker, uploads=[("broken.docx", upload)], source="page")
    note = Notification.objects.get(recipient=checker.user)
    assert note.kind == NotificationKind.JOB_FAILED
    assert note.title == "Your import of broken.docx failed"
    job.refresh_from_db()
    assert note.body == job.error and job.error
