"""The only reads: querysets with their joins built in and team-scoped getters that 404.

One module per area: `common` (what every area shares: documents, claims, sources, jobs and the
API's lists), `desk`, `review` (queue, badge, snapshots and diffs, claim panel, history),
`exports` (the plain DocumentData of documents) and `teams`. Selectors read; they never import
a service. The common getters are importable from the package itself
(`from annotate import selectors; selectors.claim_for_member(...)`).
"""

from annotate.selectors.common import (
    claim_for_member,
    claims_for_team,
    claims_with_details,
    comments_for_team,
    document_for_member,
    documents_for_team,
    job_for_member,
    jobs_for_team,
    memberships_for_user,
    reviews_for_team,
    sentences_for_document,
    source_for_member,
    sources_for_team,
    trash_for_document,
    trashed_claim_for_member,
    unfinished_jobs_count,
    verdicts_for_team,
)

__all__ = [
    "claim_for_member",
    "claims_for_team",
    "claims_with_details",
    "comments_for_team",
    "document_for_member",
    "documents_for_team",
    "job_for_member",
    "jobs_for_team",
    "memberships_for_user",
    "reviews_for_team",
    "sentences_for_document",
    "source_for_member",
    "sources_for_team",
    "trash_for_document",
    "trashed_claim_for_member",
    "unfinished_jobs_count",
    "verdicts_for_team",
]
