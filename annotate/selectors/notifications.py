"""Reads of the inbox: a member's notifications in their current team, and where each leads.

Authorization: every read is filtered by the member's user and current team, so a notification
of anyone else (or of another team) is a 404. One query per page of the inbox whatever its
length (joins built in), one for the unread count.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

from annotate.models import Membership, Notification, NotificationKind


def notifications_for_member(membership: Membership, *, unread: bool = False) -> QuerySet:
    """The member's notifications in their current team, newest first."""
    rows = (
        Notification.objects.filter(recipient_id=membership.user_id, team_id=membership.team_id)
        .select_related("actor", "claim", "document", "job")
        .defer("claim__notes", "document__text")
        .order_by("-created_at", "-id")
    )
    return rows.filter(read_at__isnull=True) if unread else rows


def notification_for_member(membership: Membership, pk) -> Notification:
    try:
        return notifications_for_member(membership).get(pk=pk)
    except (Notification.DoesNotExist, ValueError, TypeError):
        raise Http404("No such notification.") from None


def unread_count(membership: Membership) -> int:
    return Notification.objects.filter(
        recipient_id=membership.user_id, team_id=membership.team_id, read_at__isnull=True
    ).count()


def notification_path(notification: Notification) -> str:
    """Where a notification leads: the claim on the desk, the document, or the job."""
    if notification.claim_id:
        return reverse("annotate:claim-permalink", args=[notification.claim_id])
    job_kinds = (NotificationKind.JOB_FINISHED, NotificationKind.JOB_FAILED)
    if notification.kind in job_kinds and notification.job_id:
        return reverse("annotate:job-detail", args=[notification.job_id])
    if notification.document_id:
        return reverse("annotate:document-detail", args=[notification.document_id])
    return reverse("annotate:notifications")
