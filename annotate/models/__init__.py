"""The data model: teams and their verdict scales, documents and sentences, claims, jobs,
assignments and notifications."""

from annotate.models.claim import (
    Claim,
    ClaimStatus,
    Comment,
    Review,
    ReviewDecision,
    Source,
    Stance,
)
from annotate.models.document import Document, Sentence, SourceFormat
from annotate.models.job import Job, JobKind, JobStatus
from annotate.models.newsroom import (
    DocumentAssignment,
    EmailMode,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from annotate.models.team import Membership, Role, Team, Verdict

__all__ = [
    "Claim",
    "ClaimStatus",
    "Comment",
    "Document",
    "DocumentAssignment",
    "EmailMode",
    "Job",
    "JobKind",
    "JobStatus",
    "Membership",
    "Notification",
    "NotificationKind",
    "NotificationPreference",
    "Review",
    "ReviewDecision",
    "Role",
    "Sentence",
    "Source",
    "SourceFormat",
    "Stance",
    "Team",
    "Verdict",
]
