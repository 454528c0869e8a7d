"""Activity across a document or the team: who did what to which claim, when.

Built from the audit records that exist, not a table of its own: review transitions (submitted,
approved, sent back, reopened), comments, the claims' history (marked, edited, assigned,
deleted: its change reason says which, set by the services), the documents' assignment rows and
export jobs. Paged by time (`before`): each source gives at most one page, newest first, and
the pages are merged, so a page costs one query per source whatever the team's history holds.

Authorization: everything is filtered by the member's team (and the document, checked by the
caller's team-scoped getter).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse

from annotate.formats import export_label
from annotate.models import (
    Claim,
    Comment,
    DocumentAssignment,
    Job,
    JobKind,
    Membership,
    Review,
    ReviewDecision,
)
from annotate.sanitize import plain_text

PAGE_SIZE = 50

# Every kind of entry, in the filter's order, with what it says.
KINDS = {
    "marked": "marked",
    "edited": "edited",
    "assigned": "assigned",
    "submitted": "submitted for review",
    "approved": "approved",
    "sent_back": "sent back",
    "reopened": "sent back to review after an edit of",
    "commented": "commented on",
    "deleted": "deleted",
    "restored": "restored",
    "exported": "exported",
}
DECISION_KINDS = {
    ReviewDecision.SUBMITTED: "submitted",
    ReviewDecision.APPROVED: "approved",
    ReviewDecision.CHANGES_REQUESTED: "sent_back",
    ReviewDecision.REOPENED: "reopened",
}
HISTORY_KINDS = {"marked", "edited", "assigned", "deleted", "restored"}


@dataclass(frozen=True)
class Entry:
    at: datetime
    who: str  # a username, or "" for work done outside a request (a command)
    kind: str
    document_id: int | None
    document_title: str
    claim_id: int | None = None
    quote: str = ""
    detail: str = ""  # a comment's or decision's words, an assignee, an export format
    link: str = ""

    @property
    def verb(self) -> str:
        return KINDS[self.kind]


@dataclass(frozen=True)
class ActivityPage:
    entries: list[Entry]
    next_before: datetime | None  # pass as `before` for the next (older) page


def activity(
    membership: Membership,
    *,
    document_id: int | None = None,
    kind: str | None = None,
    user_id: int | None = None,
    before: datetime | None = None,
    limit: int = PAGE_SIZE,
) -> ActivityPage:
    """One page of the team's (or one document's) activity, newest first."""
    scope = _Scope(membership.team_id, document_id, user_id, before, limit + 1)
    entries: list[Entry] = []
    wanted = set(KINDS) if kind is None else {kind}
    if wanted & set(DECISION_KINDS.values()):
        entries += _reviews(scope, wanted)
    if "commented" in wanted:
        entries += _comments(scope)
    if wanted & HISTORY_KINDS:
        entries += _history(scope, wanted)
    if "assigned" in wanted:
        entries += _document_assignments(scope)
    if "exported" in wanted:
        entries += _exports(scope)
    entries.sort(key=lambda e: e.at, reverse=True)
    more = len(entries) > limit
    entries = entries[:limit]
    return ActivityPage(entries, entries[-1].at if more and entries else None)


@dataclass(frozen=True)
class _Scope:
    team_id: int
    document_id: int | None
    user_id: int | None
    before: datetime | None
    limit: int

    def rows(self, queryset, *, at: str, user: str, document: str, team: str):
        queryset = queryset.filter(**{team: self.team_id})
        if self.document_id is not None:
            queryset = queryset.filter(**{document: self.document_id})
        if self.user_id is not None:
            queryset = queryset.filter(**{user: self.user_id})
        if self.before is not None:
            queryset = queryset.filter(**{f"{at}__lt": self.before})
        return queryset.order_by(f"-{at}", "-pk")[: self.limit]


def _claim_link(claim_id: int) -> str:
    return reverse("annotate:claim-permalink", args=[claim_id])


def _document_link(document_id: int) -> str:
    return reverse("annotate:document-detail", args=[document_id])


def _reviews(scope: _Scope, wanted: set[str]) -> list[Entry]:
    decisions = [d for d, k in DECISION_KINDS.items() if k in wanted]
    rows = scope.rows(
        Review.objects.filter(decision__in=decisions),
        at="created_at",
        user="reviewer_id",
        document="claim__document_id",
        team="claim__team_id",
    ).values(
        "created_at",
        "reviewer__username",
        "decision",
        "comment",
        "claim_id",
        "claim__quote",
        "claim__document_id",
        "claim__document__title",
    )
    return [
        Entry(
            r["created_at"],
            r["reviewer__username"],
            DECISION_KINDS[r["decision"]],
            r["claim__document_id"],
            r["claim__document__title"],
            r["claim_id"],
            r["claim__quote"],
            r["comment"],
            _claim_link(r["claim_id"]),
        )
        for r in rows
    ]


def _comments(scope: _Scope) -> list[Entry]:
    rows = scope.rows(
        Comment.objects.all(),
        at="created_at",
        user="author_id",
        document="claim__document_id",
        team="claim__team_id",
    ).values(
        "created_at",
        "author__username",
        "body",
        "claim_id",
        "claim__quote",
        "claim__document_id",
        "claim__document__title",
    )
    return [
        Entry(
            r["created_at"],
            r["author__username"],
            "commented",
            r["claim__document_id"],
            r["claim__document__title"],
            r["claim_id"],
            r["claim__quote"],
            plain_text(r["body"])[:300],
            _claim_link(r["claim_id"]),
        )
        for r in rows
    ]


def _history_kind(history_type: str, reason: str | None) -> str | None:
    if history_type == "+":
        return "marked"
    if history_type == "-":
        return "deleted"
    if reason == "review":
        return None  # the Review row tells this step
    if reason in ("assigned", "deleted", "restored"):
        return reason  # a soft delete and a restore are changes of the claim's row
    return "edited"


def _history(scope: _Scope, wanted: set[str]) -> list[Entry]:
    records = Claim.history.exclude(history_change_reason="review")
    if "edited" not in wanted:
        kinds = {"marked": "+", "deleted": "-"}
        types = [kinds[k] for k in wanted if k in kinds]
        reasons = [k for k in wanted if k in ("assigned", "deleted", "restored")]
        records = records.filter(history_type__in=types) | records.filter(
            history_change_reason__in=reasons
        )
    rows = scope.rows(
        records,
        at="history_date",
        user="history_user_id",
        document="document_id",
        team="team_id",
    ).values(
        "history_date",
        "history_user__username",
        "history_type",
        "history_change_reason",
        "id",
        "quote",
        "document_id",
        "document__title",
        "assignee__username",
    )
    entries = []
    for r in rows:
        kind = _history_kind(r["history_type"], r["history_change_reason"])
        if kind is None or kind not in wanted:
            continue
        detail = ""
        if kind == "assigned":
            detail = f"to {r['assignee__username']}" if r["assignee__username"] else "to nobody"
        elif r["history_change_reason"] == "sources":
            detail = "its sources"
        gone = kind == "deleted"
        entries.append(
            Entry(
                r["history_date"],
                r["history_user__username"] or "",
                kind,
                r["document_id"],
                r["document__title"] or "",
                r["id"],
                r["quote"],
                detail,
                _document_link(r["document_id"]) if gone else _claim_link(r["id"]),
            )
        )
    return entries


def _document_assignments(scope: _Scope) -> list[Entry]:
    rows = scope.rows(
        DocumentAssignment.objects.all(),
        at="created_at",
        user="assigned_by_id",
        document="document_id",
        team="document__team_id",
    ).values(
        "created_at",
        "assigned_by__username",
        "assignee__username",
        "document_id",
        "document__title",
    )
    return [
        Entry(
            r["created_at"],
            r["assigned_by__username"] or "",
            "assigned",
            r["document_id"],
            r["document__title"],
            detail=f"to {r['assignee__username']}" if r["assignee__username"] else "to nobody",
            link=_document_link(r["document_id"]),
        )
        for r in rows
    ]


def _exports(scope: _Scope) -> list[Entry]:
    rows = scope.rows(
        Job.objects.filter(kind=JobKind.EXPORT),
        at="created_at",
        user="created_by_id",
        document="document_id",
        team="team_id",
    ).values("pk", "created_at", "created_by__username", "params", "document_id", "document__title")
    entries = []
    for r in rows:
        params = r["params"] if isinstance(r["params"], dict) else {}
        count = len(params.get("document_ids") or [])
        title = r["document__title"] or f"{count} documents"
        entries.append(
            Entry(
                r["created_at"],
                r["created_by__username"] or "",
                "exported",
                r["document_id"],
                title,
                detail=f"as {export_label(params.get('format'))}",
                link=reverse("annotate:job-detail", args=[r["pk"]]),
            )
        )
    return entries
