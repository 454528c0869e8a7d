"""Reads for the review area: the queue, badge counts, snapshots and diffs, claim panels, history.

Authorization for reads happens here as in annotate/selectors/common.py: everything takes the
caller's current Membership and looks only inside its team, so another team's ids are a 404.
Each function runs a fixed number of queries whatever the number of claims, comments or changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from annotate.models import (
    Claim,
    ClaimStatus,
    Comment,
    Document,
    Membership,
    Review,
    Sentence,
    Source,
    Stance,
    Verdict,
)
from annotate.models.claim import REVIEWER_DECISIONS, SUBSTANCE_FIELDS
from annotate.rules import Permission, can, claim_flags, claim_sources, submission_gaps
from annotate.sanitize import plain_text
from annotate.selectors.common import claims_with_details

# --- The queue and the badge --------------------------------------------------------------------


def review_queue(
    membership: Membership,
    *,
    document_id: int | None = None,
    verdict_id: int | None = None,
    author_id: int | None = None,
) -> QuerySet[Claim]:
    """Claims in review that `membership` may decide on (not their own), longest waiting first.

    Each claim carries `submitted_at`, when it last entered review. Documents come without text.
    """
    if not can(membership, Permission.REVIEW):
        return Claim.objects.none()
    entered = (
        Review.objects.filter(claim=OuterRef("pk"), to_status=ClaimStatus.IN_REVIEW)
        .order_by("-created_at", "-id")
        .values("created_at")[:1]
    )
    claims = (
        Claim.objects.filter(team_id=membership.team_id, status=ClaimStatus.IN_REVIEW)
        .exclude(author_id=membership.user_id)
        .exclude(pk__in=_edited_by(membership))
    )
    if document_id is not None:
        claims = claims.filter(document_id=document_id)
    if verdict_id is not None:
        claims = claims.filter(verdict_id=verdict_id)
    if author_id is not None:
        claims = claims.filter(author_id=author_id)
    return (
        claims_with_details(claims)
        .defer("document__text")
        .annotate(submitted_at=Subquery(entered))
        .order_by("submitted_at", "id")
    )


def _edited_by(membership: Membership) -> QuerySet:
    """The ids of claims `membership` edited this round (a subquery: they cannot decide)."""
    return Claim.round_editors.through.objects.filter(user_id=membership.user_id).values("claim_id")


def claims_sent_back(membership: Membership) -> QuerySet[Claim]:
    """The member's own claims that a reviewer sent back, oldest first."""
    return (
        Claim.objects.filter(
            team_id=membership.team_id,
            author_id=membership.user_id,
            status=ClaimStatus.CHANGES_REQUESTED,
        )
        .select_related("document")
        .defer("document__text")
        .order_by("updated_at", "id")
    )


@dataclass(frozen=True)
class ReviewCounts:
    awaiting: int  # claims this member may review now
    sent_back: int  # this member's claims sent back with requested changes


def review_counts(membership: Membership) -> ReviewCounts:
    """The badge figures, in one query."""
    mine = Q(author_id=membership.user_id)
    in_review = Q(status=ClaimStatus.IN_REVIEW) & ~mine & ~Q(pk__in=_edited_by(membership))
    if not can(membership, Permission.REVIEW):
        in_review = Q(pk__in=[])
    counts = Claim.objects.filter(team_id=membership.team_id).aggregate(
        awaiting=Count("pk", filter=in_review),
        sent_back=Count("pk", filter=mine & Q(status=ClaimStatus.CHANGES_REQUESTED)),
    )
    return ReviewCounts(awaiting=counts["awaiting"], sent_back=counts["sent_back"])


@dataclass
class QueueChoices:
    documents: list[Document]
    verdicts: list[Verdict]
    authors: list


def queue_choices(membership: Membership) -> QueueChoices:
    """What the queue can be filtered by: the team's documents, verdicts and claim authors."""
    in_team = Claim.objects.filter(team_id=membership.team_id, status=ClaimStatus.IN_REVIEW)
    documents = Document.objects.filter(
        pk__in=in_team.values("document_id"), team_id=membership.team_id
    ).only("pk", "title")
    authors = (
        get_user_model()
        .objects.filter(pk__in=in_team.values("author_id"))
        .exclude(pk=membership.user_id)
        .order_by("username")
    )
    return QueueChoices(
        documents=list(documents.order_by("title", "pk")),
        verdicts=list(Verdict.objects.filter(team_id=membership.team_id).order_by("position")),
        authors=list(authors),
    )


# --- Snapshots: a claim's substance as plain data, and what changed between two -----------------

# The snapshot's fields, in the order a diff shows them: the claim's substance, named once.
SNAPSHOT_FIELDS = SUBSTANCE_FIELDS


def claim_snapshot(claim: Claim, sources: list[Source] | None = None) -> dict:
    """The claim's substance as plain data (stored on each review transition for later diffs).

    `sources` defaults to the claim's own (from the prefetch cache when there is one); the
    lossless import passes the unsaved rows it is about to insert.
    """
    sources = claim_sources(claim) if sources is None else sources
    values = {
        "restatement": claim.restatement,
        "claimant": claim.claimant,
        "verdict": claim.verdict.label if claim.verdict_id else "",
        "notes": plain_text(claim.notes),
        "sources": [f"{s.title or s.url} <{s.url}> ({s.stance})" for s in sources],
    }
    return {name: values[name] for name in SUBSTANCE_FIELDS}


def snapshot_diff(before: dict, after: dict) -> list[dict]:
    """Field-by-field differences between two snapshots: [{field, old, new, added, removed}].

    For the list of sources, `added` and `removed` name the entries that appeared or went.
    """
    changes = []
    for field_name in SNAPSHOT_FIELDS:
        old = before.get(field_name, [] if field_name == "sources" else "")
        new = after.get(field_name)
        if old == new:
            continue
        change = {"field": field_name, "old": old, "new": new, "added": [], "removed": []}
        if field_name == "sources":
            change["added"] = [s for s in new if s not in old]
            change["removed"] = [s for s in old if s not in new]
        changes.append(change)
    return changes


# --- One claim: context, diff, panel ------------------------------------------------------------


@dataclass(frozen=True)
class SentenceContext:
    before: str
    quote: str
    after: str


def sentence_context(claim: Claim) -> SentenceContext:
    """The claim inside the sentences it touches (one query; uses `claim.document.text`)."""
    bounds = Sentence.objects.filter(
        document_id=claim.document_id, start__lt=claim.end, end__gt=claim.start
    ).values_list("start", "end")
    starts_ends = list(bounds)
    start = min((s for s, _ in starts_ends), default=claim.start)
    end = max((e for _, e in starts_ends), default=claim.end)
    text = claim.document.text
    return SentenceContext(
        before=text[min(start, claim.start) : claim.start],
        quote=text[claim.start : claim.end],
        after=text[claim.end : max(end, claim.end)],
    )


@dataclass(frozen=True)
class ReviewDiff:
    since: Review | None  # the last decision taken on the claim, None before the first
    changes: list[dict]


def diff_since_last_review(claim: Claim) -> ReviewDiff:
    """What changed in the claim's substance since a reviewer last decided on it.

    Uses the claim's prefetched reviews and sources (see `claims_with_details`).
    """
    decisions = [r for r in _related(claim, "reviews") if r.decision in REVIEWER_DECISIONS]
    if not decisions:
        return ReviewDiff(since=None, changes=[])
    last = max(decisions, key=lambda r: (r.created_at, r.pk))
    return ReviewDiff(since=last, changes=snapshot_diff(last.snapshot, claim_snapshot(claim)))


@dataclass(frozen=True)
class Event:
    """One entry of a claim's discussion: a comment or a review transition."""

    kind: str  # "comment" or "review"
    at: datetime
    who: object
    body: str  # sanitized HTML for comments, plain text for transitions
    decision: str = ""
    decision_label: str = ""


def claim_panel(claim: Claim, membership: Membership | None) -> dict:
    """All the claim panel shows, in a fixed number of queries (fewer if `claim` is prefetched)."""
    if membership is None or membership.team_id != claim.team_id:
        raise Http404("No such claim in this team.")
    reviews = _related(claim, "reviews", Review.objects.select_related("reviewer"))
    comments = _related(claim, "comments", Comment.objects.select_related("author"))
    events = [
        Event("review", r.created_at, r.reviewer, r.comment, r.decision, r.get_decision_display())
        for r in reviews
    ] + [Event("comment", c.created_at, c.author, c.body) for c in comments]
    imported = [
        Event("imported", d.decided_at or d.imported_at, None, str(d), d.decision)
        for d in _related(claim, "imported_decisions")
    ]
    events.sort(key=lambda e: e.at)
    events = imported + events  # what happened elsewhere came before anything done here
    return {
        "claim": claim,
        "events": events,
        "gaps": submission_gaps(claim),
        "may": claim_flags(membership, claim),
        "history": claim_history(claim),
    }


def _related(claim: Claim, name: str, queryset: QuerySet | None = None) -> list:
    """A reverse relation from the prefetch cache when there is one, else in one query."""
    cache = getattr(claim, "_prefetched_objects_cache", {})
    if name in cache:
        return list(cache[name])
    manager = getattr(claim, name)
    if queryset is None:
        return list(manager.all())
    return list(queryset.filter(**{manager.field.name: claim}))


# --- The audit trail ----------------------------------------------------------------------------

CLAIM_HISTORY_FIELDS = {
    "restatement": "Restatement",
    "claimant": "Claimant",
    "verdict": "Verdict",
    "notes": "Notes",
    "status": "Status",
    "assignee": "Assignee",
    "start": "Start",
    "end": "End",
}
SOURCE_HISTORY_FIELDS = {
    "url": "Link",
    "title": "Title",
    "publisher": "Publisher",
    "date_published": "Published",
    "date_accessed": "Accessed",
    "archive_url": "Archive link",
    "excerpt": "Excerpt",
    "stance": "Stance",
    "position": "Position",
}
ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass
class HistoryEntry:
    at: datetime
    who: object  # a user, or None for changes made outside a request (tasks, shell)
    action: str  # created / changed / deleted
    subject: str  # "claim" or 'source "title"'
    changes: list[dict] = field(default_factory=list)  # [{label, old, new}]


def claim_history(claim: Claim) -> list[HistoryEntry]:
    """Field-level history (who, when, old -> new) of the claim and its sources, newest first.

    Four queries at most: the claim's records, its sources' records (deleted sources included),
    the team's verdict labels and the users named as assignees.
    """
    claim_records = list(
        claim.history.select_related("history_user").order_by("history_date", "history_id")
    )
    source_records = list(
        Source.history.filter(claim_id=claim.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    labels = _Labels(claim, claim_records)
    entries = _entries(claim_records, CLAIM_HISTORY_FIELDS, lambda _: "claim", labels)
    entries += _entries(source_records, SOURCE_HISTORY_FIELDS, _source_subject, labels)
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


def _entries(records: list, fields: dict, subject, labels: _Labels) -> list[HistoryEntry]:
    entries, previous = [], {}
    for record in records:
        key = record.id
        before = previous.get(key)
        previous[key] = record
        action = ACTIONS.get(record.history_type, "changed")
        changes = []
        if action == "changed" and before is not None:
            delta = record.diff_against(before, included_fields=list(fields))
            changes = [
                {
                    "label": fields[c.field],
                    "old": labels.show(c.field, c.old),
                    "new": labels.show(c.field, c.new),
                }
                for c in sorted(delta.changes, key=lambda c: list(fields).index(c.field))
            ]
            if not changes:
                continue  # only bookkeeping (version, approval stamp) changed
        entries.append(
            HistoryEntry(record.history_date, record.history_user, action, subject(record), changes)
        )
    return entries


def _source_subject(record) -> str:
    return f"source “{record.title or record.url}”"


class _Labels:
    """Turns stored values into words: verdict and user ids, statuses, stances, rich text."""

    def __init__(self, claim: Claim, claim_records: list) -> None:
        self.verdicts = dict(
            Verdict.objects.filter(team_id=claim.team_id).values_list("pk", "label")
        )
        user_ids = {r.assignee_id for r in claim_records if r.assignee_id}
        self.users = (
            dict(get_user_model().objects.filter(pk__in=user_ids).values_list("pk", "username"))
            if user_ids
            else {}
        )
        self.statuses = dict(ClaimStatus.choices)
        self.stances = dict(Stance.choices)

    def show(self, name: str, value) -> str:
        if value in (None, ""):
            return "—"
        if name == "verdict":
            return self.verdicts.get(value, f"verdict #{value}")
        if name == "assignee":
            return self.users.get(value, f"user #{value}")
        if name == "status":
            return self.statuses.get(value, value)
        if name == "stance":
            return self.stances.get(value, value)
        if name == "notes":
            return plain_text(value) or "—"
        return str(value)
