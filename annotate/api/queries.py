"""Team-scoped querysets the API lists need beyond annotate.selectors (which the pages share).

Each takes the caller's Membership and looks only inside its team; the joins each list shows
are built in, so a page of results costs the same number of queries whatever its size.
"""

from __future__ import annotations

from django.db.models import QuerySet

from annotate import selectors
from annotate.models import Claim, Comment, Membership, Review, Source


def claims_for_team(membership: Membership) -> QuerySet[Claim]:
    return selectors.claims_with_details(Claim.objects.filter(team_id=membership.team_id)).order_by(
        "document_id", "start", "end", "id"
    )


def sources_for_team(membership: Membership) -> QuerySet[Source]:
    return Source.objects.filter(claim__team_id=membership.team_id).order_by(
        "claim_id", "position", "id"
    )


def reviews_for_team(membership: Membership) -> QuerySet[Review]:
    return (
        Review.objects.filter(claim__team_id=membership.team_id)
        .select_related("reviewer")
        .order_by("claim_id", "created_at", "id")
    )


def comments_for_team(membership: Membership) -> QuerySet[Comment]:
    return (
        Comment.objects.filter(claim__team_id=membership.team_id)
        .select_related("author")
        .order_by("claim_id", "created_at", "id")
    )
