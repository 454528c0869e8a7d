"""Reads every area shares: team-scoped querysets with their joins built in, and getters that
404 across teams (pages and the API alike).

Authorization for reads happens here: every getter takes the caller's current Membership and
only ever looks inside that membership's team, so a forged id from another team is a 404. The
lists the API pages through have their joins built in too, so a page of results costs the same
number of queries whatever its size.
"""

from __future__ import annotations

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from annotate.models import (
    Claim,
    Comment,
    Document,
    ImportedDecision,
    Job,
    JobStatus,
    Membership,
    Review,
    Sentence,
    Source,
    Verdict,
)


def memberships_for_user(user) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("team").order_by("team__name")


def documents_for_team(membership: Membership) -> QuerySet[Document]:
    """The team's documents with their claim counts, newest first, without their text."""
    claim_count = (
        Claim.objects.filter(document=OuterRef("pk"))
        .order_by()
        .values("document")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Document.objects.filter(team_id=membership.team_id)
        .defer("text")
        .select_related("created_by")
        .annotate(claim_count=Coalesce(Subquery(claim_count), 0))
    )


def document_for_member(membership: Membership, pk: int) -> Document:
    try:
        return Document.objects.select_related("team", "created_by").get(
            pk=pk, team_id=membership.team_id
        )
    except (Document.DoesNotExist, ValueError, TypeError):
        raise Http404("No such document in this team.") from None


def sentences_for_document(document: Document) -> QuerySet[Sentence]:
    return Sentence.objects.filter(document=document).order_by("index")


def verdicts_for_team(team_id: int) -> QuerySet[Verdict]:
    return Verdict.objects.filter(team_id=team_id).order_by("position")


def claims_with_details(queryset: QuerySet[Claim] | None = None) -> QuerySet[Claim]:
    """Claims with all that the desk, review and export show, in a fixed number of queries."""
    queryset = Claim.objects.all() if queryset is None else queryset
    return queryset.select_related(
        "verdict", "author", "assignee", "approved_by", "document", "team", "publication"
    ).prefetch_related(
        Prefetch("sources", queryset=Source.objects.order_by("position", "id")),
        Prefetch("reviews", queryset=Review.objects.select_related("reviewer")),
        Prefetch("comments", queryset=Comment.objects.select_related("author")),
        Prefetch("imported_decisions", queryset=ImportedDecision.objects.all()),
        "round_editors",
    )


def claim_for_member(membership: Membership, pk: int) -> Claim:
    try:
        return claims_with_details(Claim.objects.filter(team_id=membership.team_id)).get(pk=pk)
    except (Claim.DoesNotExist, ValueError, TypeError):
        raise Http404("No such claim in this team.") from None


def source_for_member(membership: Membership, pk: int) -> Source:
    try:
        return Source.objects.select_related("claim").get(
            pk=pk, claim__team_id=membership.team_id, claim__deleted_at__isnull=True
        )
    except (Source.DoesNotExist, ValueError, TypeError):
        raise Http404("No such source in this team.") from None


def trash_for_document(document: Document) -> QuerySet[Claim]:
    """The document's deleted claims (its Trash), most recently deleted first."""
    return (
        Claim.everything.filter(document=document, deleted_at__isnull=False)
        .select_related("verdict", "author", "deleted_by")
        .order_by("-deleted_at", "-id")
    )


def trashed_claim_for_member(membership: Membership, pk: int) -> Claim:
    """A claim in one of the team's Trash lists; 404 for a live claim or another team's."""
    try:
        return Claim.everything.select_related("document").get(
            pk=pk, team_id=membership.team_id, deleted_at__isnull=False
        )
    except (Claim.DoesNotExist, ValueError, TypeError):
        raise Http404("No such claim in this team's Trash.") from None


def jobs_for_team(membership: Membership) -> QuerySet[Job]:
    return (
        Job.objects.filter(team_id=membership.team_id)
        .select_related("created_by", "document", "duplicate_of")
        .defer("document__text", "duplicate_of__text")
    )


def unfinished_jobs_count(membership: Membership, kind: str) -> int:
    """How many jobs of `kind` the member started in their team that are queued or running."""
    return Job.objects.filter(
        team_id=membership.team_id,
        created_by_id=membership.user_id,
        kind=kind,
        status__in=[JobStatus.QUEUED, JobStatus.RUNNING],
    ).count()


def job_for_member(membership: Membership, pk: int) -> Job:
    try:
        return jobs_for_team(membership).get(pk=pk)
    except (Job.DoesNotExist, ValueError, TypeError):
        raise Http404("No such job in this team.") from None


# --- The API's lists ----------------------------------------------------------------------------


def claims_for_team(membership: Membership) -> QuerySet[Claim]:
    return claims_with_details(Claim.objects.filter(team_id=membership.team_id)).order_by(
        "document_id", "start", "end", "id"
    )


def sources_for_team(membership: Membership) -> QuerySet[Source]:
    return Source.objects.filter(
        claim__team_id=membership.team_id, claim__deleted_at__isnull=True
    ).order_by("claim_id", "position", "id")


def reviews_for_team(membership: Membership) -> QuerySet[Review]:
    return (
        Review.objects.filter(claim__team_id=membership.team_id, claim__deleted_at__isnull=True)
        .select_related("reviewer")
        .order_by("claim_id", "created_at", "id")
    )


def comments_for_team(membership: Membership) -> QuerySet[Comment]:
    return (
        Comment.objects.filter(claim__team_id=membership.team_id, claim__deleted_at__isnull=True)
        .select_related("author")
        .order_by("claim_id", "created_at", "id")
    )
