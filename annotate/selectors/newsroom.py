"""Reads of the newsroom around the desk: My work, the badge, assignments and mentions.

Authorization: everything takes the caller's current Membership and looks only inside its team.
Every list has its joins built in and a fixed number of queries whatever its length; each My
work section shows at most SECTION_LIMIT rows (the counts say how many there are in all).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from annotate.models import (
    Claim,
    ClaimStatus,
    Comment,
    Document,
    DocumentAssignment,
    Membership,
    Review,
    ReviewDecision,
)
from annotate.rules import Permission, can
from annotate.selectors.review import review_queue

SECTION_LIMIT = 50
# Soonest due first, then those without a due time (the same on SQLite and PostgreSQL).
DUE_FIRST = F("due_at").asc(nulls_last=True)
MENTION_SUGGESTIONS = 8


# --- Documents' current assignment (the latest DocumentAssignment row) --------------------------


def _latest_assignment(field_name: str) -> Subquery:
    latest = DocumentAssignment.objects.filter(document=OuterRef("pk")).order_by(
        "-created_at", "-id"
    )
    return Subquery(latest.values(field_name)[:1])


def with_assignment(documents: QuerySet[Document]) -> QuerySet[Document]:
    """Documents annotated with their current `assignee_id`, `assignee_name` and `due_at`."""
    return documents.annotate(
        assignee_id=_latest_assignment("assignee_id"),
        assignee_name=_latest_assignment("assignee__username"),
        due_at=_latest_assignment("due_at"),
    )


def document_assignment(document: Document) -> DocumentAssignment | None:
    """The document's current assignment (None: never assigned), with its people."""
    return (
        DocumentAssignment.objects.filter(document=document)
        .select_related("assignee", "assigned_by")
        .order_by("-created_at", "-id")
        .first()
    )


# --- My work ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkCounts:
    assigned: int  # claims assigned to me, not approved yet
    overdue: int  # of those, past their due time
    drafts: int
    sent_back: int
    in_review: int  # my claims waiting for a reviewer
    awaiting: int  # claims waiting for my review (reviewers)

    @property
    def badge(self) -> int:
        """What needs me now: assigned claims, claims sent back, claims to review."""
        return self.assigned + self.sent_back + self.awaiting


def work_counts(membership: Membership) -> WorkCounts:
    """The figures of My work and its nav badge, in one query."""
    me, now = membership.user_id, timezone.now()
    assigned = Q(assignee_id=me) & ~Q(status=ClaimStatus.APPROVED)
    mine = Q(author_id=me)
    awaiting = Q(status=ClaimStatus.IN_REVIEW) & ~mine
    if not can(membership, Permission.REVIEW):
        awaiting = Q(pk__in=[])
    counts = Claim.objects.filter(team_id=membership.team_id).aggregate(
        assigned=Count("pk", filter=assigned),
        overdue=Count("pk", filter=assigned & Q(due_at__lt=now)),
        drafts=Count("pk", filter=mine & Q(status=ClaimStatus.DRAFT)),
        sent_back=Count("pk", filter=mine & Q(status=ClaimStatus.CHANGES_REQUESTED)),
        in_review=Count("pk", filter=mine & Q(status=ClaimStatus.IN_REVIEW)),
        awaiting=Count("pk", filter=awaiting),
    )
    return WorkCounts(**counts)


@dataclass
class MyWork:
    counts: WorkCounts
    documents: list = field(default_factory=list)  # documents assigned to me
    assigned: list = field(default_factory=list)
    drafts: list = field(default_factory=list)
    sent_back: list = field(default_factory=list)  # each with sent_back_comment/_by/_at
    in_review: list = field(default_factory=list)  # each with submitted_at
    awaiting: list = field(default_factory=list)  # for reviewers: claims waiting for them
    can_review: bool = False
    now: object = None


def _claims(membership: Membership) -> QuerySet[Claim]:
    return (
        Claim.objects.filter(team_id=membership.team_id)
        .select_related("document", "verdict", "author", "assignee")
        .only(
            "pk",
            "quote",
            "status",
            "due_at",
            "updated_at",
            "created_at",
            "document_id",
            "document__title",
            "verdict__label",
            "verdict__colour",
            "author__username",
            "assignee__username",
            "team_id",
            "author_id",
            "assignee_id",
            "verdict_id",
        )
    )


def _last_review(decision_filter: Q, field_name: str) -> Subquery:
    reviews = Review.objects.filter(decision_filter, claim=OuterRef("pk")).order_by(
        "-created_at", "-id"
    )
    return Subquery(reviews.values(field_name)[:1])


def my_work(membership: Membership) -> MyWork:
    """Everything My work shows (eight queries at most, whatever the number of claims)."""
    me = membership.user_id
    counts = work_counts(membership)
    sent_back = Q(decision=ReviewDecision.CHANGES_REQUESTED)
    entered = Q(to_status=ClaimStatus.IN_REVIEW)
    documents = with_assignment(
        Document.objects.filter(team_id=membership.team_id).only("pk", "title", "created_at")
    ).filter(assignee_id=me)
    work = MyWork(
        counts=counts,
        now=timezone.now(),
        documents=list(documents.order_by(DUE_FIRST, "-created_at")[:SECTION_LIMIT]),
        assigned=list(
            _claims(membership)
            .filter(assignee_id=me)
            .exclude(status=ClaimStatus.APPROVED)
            .order_by(DUE_FIRST, "-updated_at", "id")[:SECTION_LIMIT]
        ),
        drafts=list(
            _claims(membership)
            .filter(author_id=me, status=ClaimStatus.DRAFT)
            .order_by("-updated_at", "id")[:SECTION_LIMIT]
        ),
        sent_back=list(
            _claims(membership)
            .filter(author_id=me, status=ClaimStatus.CHANGES_REQUESTED)
            .annotate(
                sent_back_comment=_last_review(sent_back, "comment"),
                sent_back_by=_last_review(sent_back, "reviewer__username"),
                sent_back_at=_last_review(sent_back, "created_at"),
            )
            .order_by("updated_at", "id")[:SECTION_LIMIT]
        ),
        in_review=list(
            _claims(membership)
            .filter(author_id=me, status=ClaimStatus.IN_REVIEW)
            .annotate(submitted_at=_last_review(entered, "created_at"))
            .order_by("submitted_at", "id")[:SECTION_LIMIT]
        ),
        can_review=can(membership, Permission.REVIEW),
    )
    if work.can_review:
        work.awaiting = list(
            review_queue(membership).prefetch_related(None)[:SECTION_LIMIT]  # rows only
        )
    return work


# --- Team members: assignee choices and @mentions -----------------------------------------------


def mentionable_members(team_id: int, usernames: list[str]) -> QuerySet:
    """The user ids of the team's members among `usernames` (case-insensitive)."""
    query = Q()
    for name in usernames:
        query |= Q(user__username__iexact=name)
    return Membership.objects.filter(query, team_id=team_id).values_list("user_id", flat=True)


def mention_suggestions(membership: Membership, prefix: str) -> list[dict]:
    """Team members whose username or name starts with `prefix`, for the @ picker (one query)."""
    prefix = (prefix or "").strip()[:60]
    users = get_user_model().objects.filter(memberships__team_id=membership.team_id)
    if prefix:
        users = users.filter(
            Q(username__istartswith=prefix)
            | Q(first_name__istartswith=prefix)
            | Q(last_name__istartswith=prefix)
        )
    rows = users.order_by("username").values("username", "first_name", "last_name")
    return [
        {
            "username": row["username"],
            "name": f"{row['first_name']} {row['last_name']}".strip(),
        }
        for row in rows[:MENTION_SUGGESTIONS]
    ]


# --- The document list: where every document stands --------------------------------------------

# The statuses of the stacked bar, in the order drawn (and their annotation names).
BAR_STATUSES = (
    ClaimStatus.APPROVED,
    ClaimStatus.IN_REVIEW,
    ClaimStatus.CHANGES_REQUESTED,
    ClaimStatus.DRAFT,
)


def _status_count(status: str | None) -> Coalesce:
    claims = Claim.objects.filter(document=OuterRef("pk"))
    if status is not None:
        claims = claims.filter(status=status)
    counted = claims.order_by().values("document").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def _latest(model, field_name: str) -> Subquery:
    rows = model.objects.filter(**{_document_path(model): OuterRef("pk")}).order_by(
        f"-{field_name}"
    )
    return Subquery(rows.values(field_name)[:1])


def _document_path(model) -> str:
    return "document" if model is Claim else "claim__document"


@dataclass(frozen=True)
class DocumentFilters:
    """The document list's filters, as parsed by annotate.forms.DocumentFilterForm."""

    standing: str = ""
    assignee: str = ""  # a user id, "none", or "" for anyone
    overdue: bool = False
    fmt: str = ""
    since: object = None
    until: object = None
    title: str = ""
    sort: str = "newest"


def documents_overview(
    membership: Membership, filters: DocumentFilters | None = None
) -> QuerySet[Document]:
    """The team's documents with where each stands: claim counts by status (`n_<status>`),
    the current assignment, and `last_activity`; filtered and sorted (one query per page)."""
    filters = filters or DocumentFilters()
    documents = Document.objects.filter(team_id=membership.team_id).defer("text")
    documents = with_assignment(documents.select_related("created_by")).annotate(
        claim_count=_status_count(None),
        **{f"n_{status}": _status_count(status) for status in BAR_STATUSES},
        last_activity=Greatest(
            "created_at",
            Coalesce(_latest(Claim, "updated_at"), "created_at"),
            Coalesce(_latest(Review, "created_at"), "created_at"),
            Coalesce(_latest(Comment, "created_at"), "created_at"),
        ),
    )
    return _sorted(documents_filtered(documents, filters), filters.sort)


def documents_filtered(documents: QuerySet[Document], f: DocumentFilters) -> QuerySet[Document]:
    """`documents` (from documents_overview) narrowed by `f` (the API's filters use it too)."""
    standing = {
        "in_review": Q(n_in_review__gt=0),
        "changes_requested": Q(n_changes_requested__gt=0),
        "drafts": Q(n_draft__gt=0),
        "all_approved": Q(claim_count__gt=0, n_approved=F("claim_count")),
        "no_claims": Q(claim_count=0),
    }
    if f.standing in standing:
        documents = documents.filter(standing[f.standing])
    if f.assignee == "none":
        documents = documents.filter(assignee_id__isnull=True)
    elif f.assignee:
        documents = documents.filter(assignee_id=int(f.assignee))
    if f.overdue:
        documents = documents.filter(due_at__lt=timezone.now()).exclude(
            claim_count__gt=0, n_approved=F("claim_count")
        )
    if f.fmt:
        documents = documents.filter(source_format=f.fmt)
    if f.since:
        documents = documents.filter(created_at__date__gte=f.since)
    if f.until:
        documents = documents.filter(created_at__date__lte=f.until)
    if f.title:
        documents = documents.filter(title__icontains=f.title)
    return documents


def _sorted(documents: QuerySet[Document], sort: str) -> QuerySet[Document]:
    if sort == "activity":
        return documents.order_by("-last_activity", "-id")
    if sort == "title":
        return documents.order_by("title", "id")
    return documents.order_by("-created_at", "-id")
