"""Claims marked in documents, with their sources, review decisions and comments."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from annotate.models.document import Document
from annotate.models.team import Team, Verdict


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"


# What a reviewer approves: the claim's substance, in the order a diff shows it. The reviewed
# snapshot (selectors.review.claim_snapshot) holds exactly these fields; a change to any of them
# reopens an approved claim and makes its editor one of the round's authors (services.lifecycle).
SUBSTANCE_FIELDS = ("restatement", "claimant", "verdict", "notes", "sources")

# The longest text each field takes, the same on every face: the pages' forms, the API (which
# parses with those forms) and the JSON import (services.lossless_import).
TEXT_LIMITS = {
    "restatement": 2000,
    "claimant": 300,
    "notes": 20000,
    "comment": 5000,  # a review decision's comment
    "body": 20000,  # a comment in a claim's discussion (HTML)
    "title": 500,
    "publisher": 300,
    "excerpt": 5000,
    "url": 2000,
    "archive_url": 2000,
}
TEXT_NAMES = {
    "restatement": "A restatement",
    "claimant": "A claimant",
    "notes": "Notes",
    "comment": "A review comment",
    "body": "A comment",
    "title": "A source's title",
    "publisher": "A source's publisher",
    "excerpt": "A source's excerpt",
    "url": "A link",
    "archive_url": "An archive link",
}


def too_long(field: str, value: str | None) -> str | None:
    """The message when `value` is longer than `field` takes, else None (one wording for all)."""
    limit = TEXT_LIMITS[field]
    if value is None or len(value) <= limit:
        return None
    return f"{TEXT_NAMES[field]} is at most {limit:,} characters; this one has {len(value)}."


# A deleted claim stays in its document's Trash this long, then the maintenance task purges it.
TRASH_DAYS = 30


class LiveClaims(models.Manager):
    """Claims that are not in the Trash: the default manager, so every read skips deleted ones."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class Claim(models.Model):
    """A span of a document's text, restated, given a verdict and documented with sources.

    `team` repeats `document.team` so that the database can enforce (through the triggers and
    composite keys of migration 0002) that a claim, its document and its verdict share one team.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="claims")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="claims")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    # W3C TextQuoteSelector: the exact text with up to 32 code points of context either side,
    # so that the claim can be found again if offsets ever drift.
    quote = models.TextField()
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    restatement = models.TextField(blank=True)
    claimant = models.CharField(max_length=300, blank=True)
    verdict = models.ForeignKey(
        Verdict, on_delete=models.PROTECT, null=True, blank=True, related_name="claims"
    )
    notes = models.TextField(blank=True, help_text="Sanitized HTML")
    status = models.CharField(max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_claims",
    )
    # When the assignee should be done; "overdue" is a due time passed on a claim not approved.
    due_at = models.DateTimeField(null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="authored_claims"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approved_claims",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    # Optimistic locking: every save through the services bumps it; a stale save is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Whoever submitted the claim or changed its substance since it last went to review: authors
    # of this round, who cannot decide on it (annotate.rules). Emptied when a reviewer decides.
    round_editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", db_table="annotate_claim_editors"
    )
    # Soft delete: a deleted claim keeps its sources, reviews and comments and can be restored.
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated_at", "deleted_at", "deleted_by"])

    objects = LiveClaims()
    everything = models.Manager()  # noqa: DJ012 (a manager): the Trash, restore and purge only

    class Meta:
        ordering = ["document", "start", "end", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__gte=0) & Q(start__lt=F("end")), name="claim_offsets_ordered"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"
            ),
            models.UniqueConstraint(fields=["id", "team"], name="claim_id_team"),
        ]
        indexes = [
            models.Index(fields=["document", "start"]),
            models.Index(fields=["team", "status"]),
            models.Index(fields=["document", "deleted_at"]),
        ]

    def __str__(self) -> str:
        return f"Claim {self.pk}: {self.quote[:60]}"


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports the claim"
    REFUTES = "refutes", "Refutes the claim"
    CONTEXT = "context", "Context"


# The fields of a source that people write (forms, the API, the services, the exports read them).
SOURCE_FIELDS = (
    "url",
    "title",
    "publisher",
    "date_published",
    "date_accessed",
    "archive_url",
    "excerpt",
    "stance",
)


class Source(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="sources")
    url = models.URLField(max_length=2000)
    title = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    date_published = models.DateField(null=True, blank=True)
    date_accessed = models.DateField(null=True, blank=True)
    archive_url = models.URLField(max_length=2000, blank=True)
    excerpt = models.TextField(blank=True)
    stance = models.CharField(max_length=10, choices=Stance.choices, default=Stance.SUPPORTS)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stance__in=Stance.values), name="source_stance_valid"
            )
        ]

    def __str__(self) -> str:
        return self.title or self.url


class ReviewDecision(models.TextChoices):
    SUBMITTED = "submitted", "Submitted for review"
    APPROVED = "approved", "Approved"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    REOPENED = "reopened", "Sent back to review after an edit"


# The decisions a reviewer takes (not workflow steps): what "changed since the last review" and
# the exports' review lists are about.
REVIEWER_DECISIONS = (ReviewDecision.APPROVED, ReviewDecision.CHANGES_REQUESTED)


class Review(models.Model):
    """One transition of a claim's review lifecycle: who moved it, when, why, and from what."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )
    decision = models.CharField(max_length=20, choices=ReviewDecision.choices)
    from_status = models.CharField(max_length=20, choices=ClaimStatus.choices)
    to_status = models.CharField(max_length=20, choices=ClaimStatus.choices)
    comment = models.TextField(blank=True)
    # The claim's substance at this moment, so a reviewer sees what changed since last time.
    snapshot = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} by {self.reviewer} on claim {self.claim_id}"


class ImportedDecision(models.Model):
    """A review decision named in an imported file: history to show, never a live review.

    It counts toward nothing (approval, the queue, "changed since the last review"): the person
    is a name from the file, not a user of this team who decided here.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="imported_decisions")
    decision = models.CharField(max_length=20, choices=ReviewDecision.choices)
    reviewer_name = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True)
    imported_from = models.CharField(max_length=255, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim", "decided_at", "id"]

    def __str__(self) -> str:
        when = f" on {self.decided_at:%d %b %Y}" if self.decided_at else ""
        by = f" by {self.reviewer_name}" if self.reviewer_name else ""
        source = self.imported_from or "a factcheck export"
        return f"imported: {self.get_decision_display().lower()}{by}{when}, in {source}"


class Comment(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="claim_comments"
    )
    body = models.TextField(help_text="Sanitized HTML")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim", "created_at", "id"]

    def __str__(self) -> str:
        return f"Comment {self.pk} on claim {self.claim_id}"
