"""Reads for the annotation desk: the claims list, team members and the paragraphs a claim touches.

The document and the claim themselves come from annotate.selectors (team-scoped getters that
404 across teams); everything here starts from a document already checked that way.
"""

from __future__ import annotations

from django.db.models import Max, Min, QuerySet

from annotate.models import Claim, Document, Membership, Sentence


def claims_for_desk(document: Document) -> QuerySet[Claim]:
    """The document's claims in reading order, with what the side list and highlights show."""
    return (
        Claim.objects.filter(document=document)
        .select_related("verdict", "author")
        .defer("notes", "prefix", "suffix")
        .order_by("start", "-end", "id")
    )


def claim_on_span(document: Document, start: int, end: int) -> Claim | None:
    """The first claim of the document on exactly text[start:end], if there is one."""
    return Claim.objects.filter(document=document, start=start, end=end).order_by("id").first()


def members_for_team(team_id: int) -> QuerySet[Membership]:
    """The team's memberships with their users, by username (the assignee choices)."""
    return (
        Membership.objects.filter(team_id=team_id).select_related("user").order_by("user__username")
    )


def sentences_around_span(document: Document, start: int, end: int) -> list[Sentence]:
    """Every sentence of the paragraphs that text[start:end] touches, in order (two queries)."""
    touched = Sentence.objects.filter(document=document, end__gt=start, start__lt=end).aggregate(
        first=Min("paragraph"), last=Max("paragraph")
    )
    if touched["first"] is None:
        return []
    return list(
        Sentence.objects.filter(
            document=document, paragraph__gte=touched["first"], paragraph__lte=touched["last"]
        ).order_by("index")
    )


def claims_overlapping(document: Document, start: int, end: int) -> QuerySet[Claim]:
    """The document's claims that share at least one character with text[start:end]."""
    return claims_for_desk(document).filter(end__gt=start, start__lt=end)


def sentence_spans(document: Document) -> QuerySet:
    """The document's sentences as (index, start, end, paragraph) tuples, in order.

    Tuples, not model instances: building 5,000 Sentence objects was the desk's largest cost.
    """
    return (
        Sentence.objects.filter(document=document)
        .order_by("index")
        .values_list("index", "start", "end", "paragraph")
    )
