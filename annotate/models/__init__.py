"""The data model: teams and their verdict scales, documents and sentences, claims, jobs,
assignments and notifications."""

from annotate.models.claim import (
    Claim,
    ClaimStatus,
    Comment,
    ImportedDecision,
    Review,
    ReviewDecision,
    Source,
    Stance,
)
from annotate.models.document import Document, DocumentLink, LinkOrigin, Sentence, SourceFormat
from annotate.models.job import Job, JobKind, JobStatus
from annotate.models.newsroom import (
    DocumentAssignment,
    EmailMode,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from annotate.models.publication import Publication
from annotate.models.reference import ReferenceCheck
from annotate.models.team import (
    Invitation,
    InvitationStatus,
    Membership,
    Role,
    Team,
    Verdict,
)
from annotate.models.token import ApiToken

__all__ = [
    "ApiToken",
    "Claim",
    "ClaimStatus",
    "Comment",
    "Document",
    "DocumentAssignment",
    "DocumentLink",
    "EmailMode",
    "ImportedDecision",
    "Invitation",
    "InvitationStatus",
    "Job",
    "JobKind",
    "JobStatus",
    "LinkOrigin",
    "Membership",
    "Notification",
    "NotificationKind",
    "NotificationPreference",
    "Publication",
    "ReferenceCheck",
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
