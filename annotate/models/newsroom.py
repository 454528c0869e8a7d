"""The newsroom around the desk: who a document is assigned to, notifications and email choices.

A claim's assignment lives on the claim (its history records every change). A document's is
its latest `DocumentAssignment` row: each change is one row, so the log is also the current state
(documents have no history table, and no columns are added after their text, which SQLite would
have to read past). Notifications are written by the
services that act (annotate.services.notifications), never by signals.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from annotate.models.claim import Claim
from annotate.models.document import Document
from annotate.models.job import Job
from annotate.models.team import Team


class DocumentAssignment(models.Model):
    """One change of a document's assignee or due time (the latest row is the current one)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="assignments")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "created_at", "id"]
        indexes = [models.Index(fields=["document", "-created_at"])]

    def __str__(self) -> str:
        return f"Document {self.document_id} assigned to {self.assignee_id}"


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", "Assigned to you"
    APPROVED = "approved", "Your claim approved"
    SENT_BACK = "sent_back", "Your claim sent back"
    COMMENT = "comment", "A comment on your claim"
    MENTION = "mention", "You were mentioned"
    JOB_FINISHED = "job_finished", "Your import or export finished"
    JOB_FAILED = "job_failed", "Your import or export failed"


class Notification(models.Model):
    """One event that concerns `recipient`, in their inbox until read (and emailed if chosen)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    job = models.ForeignKey(
        Job, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    # What the inbox and the email say: a sentence, then the comment or error it is about.
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True, help_text="Plain text")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=NotificationKind.values), name="notification_kind_valid"
            )
        ]
        indexes = [models.Index(fields=["recipient", "team", "read_at", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}: {self.title[:60]}"


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", "As it happens"
    DAILY = "daily", "One daily digest"
    OFF = "off", "Never"


class NotificationPreference(models.Model):
    """A user's email choices: which kinds of notification, and whether at once or daily.

    A user without a row gets every kind at once (the defaults below).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_mode = models.CharField(
        max_length=10, choices=EmailMode.choices, default=EmailMode.IMMEDIATE
    )
    # The NotificationKind values emailed; the others stay in the inbox only.
    email_kinds = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(email_mode__in=EmailMode.values), name="notification_email_mode_valid"
            )
        ]

    def __str__(self) -> str:
        return f"Email choices of {self.user_id}"
