"""Notifications: the only code that writes them, marks them read and emails them.

The service that performs an action calls `notify` (one place per event, never a signal):
claims.py for assignments, reviews.py for approvals and send-backs, comments.py for comments and
@mentions, assignments.py for documents, jobs.py for finished imports and exports. The actor is
never notified of their own action. Emails go out from a Celery task, sent by name once the
transaction commits (`notifications_email`), never inside a request; each recipient's
NotificationPreference decides which kinds are emailed, at once or in a daily digest
(`notifications_email_digest`, from Celery beat). Both are safe to run twice: a notification is
emailed once, under a row lock.

Reading and marking: a member sees and marks only their own notifications of their current team
(annotate.selectors.notifications), so anyone else's id is a 404.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from annotate.models import (
    EmailMode,
    Membership,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from annotate.selectors.notifications import notification_path
from annotate.services.enqueue import task_enqueue
from annotate.services.errors import InvalidInput, NotFound

EMAIL_TASK = "annotate.email_notifications"
DIGEST_TASK = "annotate.email_digests"
TITLE_MAX = 300
BODY_MAX = 2000
DIGEST_WINDOW = timedelta(days=1)
# Django usernames: letters, digits and @ . + - _; a mention ends at anything else (or a final
# full stop, as in "thanks @carla.").
MENTION = re.compile(r"(?<![\w@.+-])@([\w.@+-]+)")


def notify(
    *,
    team_id: int,
    recipients: Iterable,
    kind: str,
    actor=None,
    title: str,
    body: str = "",
    claim=None,
    document_id: int | None = None,
    job_id: int | None = None,
) -> list[Notification]:
    """Tell each of `recipients` (users or user ids; None and the actor left out) of one event.

    One INSERT, no read; the email task is sent once the transaction commits.
    """
    actor_id = getattr(actor, "pk", actor)
    ids = {getattr(user, "pk", user) for user in recipients} - {None, actor_id}
    if not ids:
        return []
    if claim is not None:
        document_id = claim.document_id
    rows = Notification.objects.bulk_create(
        Notification(
            recipient_id=pk,
            team_id=team_id,
            kind=kind,
            actor_id=actor_id,
            title=title[:TITLE_MAX],
            body=body[:BODY_MAX],
            claim=claim,
            document_id=document_id,
            job_id=job_id,
        )
        for pk in sorted(ids)
    )
    # SQLite (3.35+) and PostgreSQL return the new rows' ids from a bulk insert.
    task_enqueue(task=EMAIL_TASK, args=[[row.pk for row in rows]])
    return rows


def mentioned_usernames(text: str) -> list[str]:
    """The usernames `@named` in plain `text`, in order, once each."""
    names = [m.group(1).rstrip(".") for m in MENTION.finditer(text or "")]
    return list(dict.fromkeys(name for name in names if name))


def claim_title(claim) -> str:
    quote = claim.quote if len(claim.quote) <= 80 else claim.quote[:79] + "…"
    return f"“{quote}”"


# --- Reading state -------------------------------------------------------------------------------


def notification_mark_read(*, membership: Membership, notification: Notification) -> Notification:
    """Mark one of the member's notifications read (already read: unchanged)."""
    if notification.recipient_id != membership.user_id:  # the getter 404s first; belt and braces
        raise NotFound("No such notification.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notifications_mark_all_read(*, membership: Membership) -> int:
    """Mark every unread notification of the member in their current team read; how many."""
    return Notification.objects.filter(
        recipient_id=membership.user_id, team_id=membership.team_id, read_at__isnull=True
    ).update(read_at=timezone.now())


def preference_set(*, user, email_mode: str, email_kinds: Iterable[str]) -> NotificationPreference:
    """Store the user's email choices (the form checked them; checked again here)."""
    kinds = [k for k in dict.fromkeys(email_kinds)]
    unknown = [k for k in kinds if k not in NotificationKind.values]
    if unknown or email_mode not in EmailMode.values:
        raise InvalidInput({"email_kinds": "Choose among the listed events."})
    preference, _ = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email_mode": email_mode, "email_kinds": kinds}
    )
    return preference


def preference_for(user) -> NotificationPreference:
    """The user's email choices, or the defaults (every kind, at once) when they chose none."""
    found = NotificationPreference.objects.filter(user=user).first()
    return found or default_preference(user)


def default_preference(user) -> NotificationPreference:
    return NotificationPreference(
        user=user, email_mode=EmailMode.IMMEDIATE, email_kinds=list(NotificationKind.values)
    )


# --- Email (run by the Celery tasks in annotate.tasks.notifications) -----------------------------


def notifications_email(*, ids: Iterable[int]) -> int:
    """Email those of notifications `ids` whose recipient wants them at once; how many sent."""
    sent = 0
    with transaction.atomic():
        rows = (
            Notification.objects.select_for_update(of=("self",))
            .filter(pk__in=list(ids), emailed_at__isnull=True)
            .select_related("recipient", "recipient__notification_preference", "team")
            .order_by("id")
        )
        now = timezone.now()
        for notification in rows:
            user = notification.recipient
            preference = _preference(user)
            if preference.email_mode != EmailMode.IMMEDIATE or not user.email:
                continue
            if notification.kind not in preference.email_kinds:
                continue
            send_mail(
                subject=f"[factcheck] {notification.title}"[:200],
                message=_email_text([notification]),
                from_email=None,
                recipient_list=[user.email],
            )
            Notification.objects.filter(pk=notification.pk).update(emailed_at=now)
            sent += 1
    return sent


def notifications_email_digest(*, now=None) -> int:
    """Send each user who chose the daily digest one email of their unsent notifications of the
    last day (of the kinds they chose); how many emails were sent."""
    now = now or timezone.now()
    sent = 0
    preferences = NotificationPreference.objects.filter(email_mode=EmailMode.DAILY).select_related(
        "user"
    )
    for preference in preferences:
        user = preference.user
        if not user.email or not preference.email_kinds:
            continue
        with transaction.atomic():
            rows = list(
                Notification.objects.select_for_update(of=("self",))
                .filter(
                    recipient=user,
                    emailed_at__isnull=True,
                    kind__in=preference.email_kinds,
                    created_at__gte=now - DIGEST_WINDOW,
                )
                .select_related("team")
                .order_by("created_at", "id")
            )
            if not rows:
                continue
            send_mail(
                subject=f"[factcheck] Your daily digest: {len(rows)} notification"
                + ("s" if len(rows) != 1 else ""),
                message=_email_text(rows),
                from_email=None,
                recipient_list=[user.email],
            )
            Notification.objects.filter(pk__in=[n.pk for n in rows]).update(emailed_at=now)
            sent += 1
    return sent


def _preference(user) -> NotificationPreference:
    try:
        return user.notification_preference
    except NotificationPreference.DoesNotExist:
        return default_preference(user)


def _email_text(notifications: list[Notification]) -> str:
    base = settings.FACTCHECK_PUBLIC_BASE_URL.rstrip("/")
    parts = []
    for n in notifications:
        lines = [f"{n.title}", f"Team: {n.team.name}"]
        if n.body:
            lines += ["", n.body]
        lines += ["", f"Open it: {base}{notification_path(n)}"]
        parts.append("\n".join(lines))
    footer = f"\n\n--\nChoose which emails you get: {base}/settings/notifications/\n"
    return "\n\n----\n\n".join(parts) + footer
