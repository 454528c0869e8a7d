"""Notification emails: an id list in, one service call (annotate.services.notifications).

Sent by name once the acting transaction commits, so no email ever goes out inside a request;
safe to run twice (a notification is emailed once, under a row lock).
"""

from __future__ import annotations

from celery import shared_task

from annotate.services.notifications import (
    DIGEST_TASK,
    EMAIL_TASK,
    notifications_email,
    notifications_email_digest,
)

__all__ = ["email_digests", "email_notifications"]


@shared_task(name=EMAIL_TASK, ignore_result=True, acks_late=True)
def email_notifications(ids: list[int]) -> int:
    """Email the notifications `ids` to those who want them at once; how many were sent."""
    return notifications_email(ids=ids)


@shared_task(name=DIGEST_TASK, ignore_result=True)
def email_digests() -> int:
    """Send the daily digests (Celery beat, once a day); how many were sent."""
    return notifications_email_digest()
