"""The data model: teams and their verdict scales, documents and sentences, claims, jobs."""

from annotate.models.claim import (
    Claim,
    ClaimStatus,
    Comment,
    Review,
    ReviewDecision,
    Source,
    Stance,
)
from annotate.models.document import Document, DocumentLink, LinkOrigin, Sentence, SourceFormat
from annotate.models.job import Job, JobKind, JobStatus
from annotate.models.team import Membership, Role, Team, Verdict

__all__ = [
    "Claim",
    "ClaimStatus",
    "Comment",
    "Document",
    "DocumentLink",
    "Job",
    "JobKind",
    "JobStatus",
    "LinkOrigin",
    "Membership",
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
