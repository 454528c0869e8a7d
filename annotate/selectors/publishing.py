"""Reads for public fact-check pages: the public version of a claim, a page by its slug, its URL.

The public page reads one row (the publication with its team) whatever the claim holds: what it
shows was copied into `Publication.content` when a reviewer published or approved it
(`public_version`), so it never reaches drafts, comments or anything else internal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import F
from django.http import Http404
from django.urls import reverse

from annotate.document_data import (
    ClaimData,
    DocumentData,
    ExportOptions,
    SourceData,
    TeamData,
    VerdictData,
)
from annotate.export import claimreview
from annotate.models import Claim, Publication
from annotate.models.claim import SOURCE_FIELDS
from annotate.rules import claim_sources
from annotate.selectors.review import sentence_context

_VERDICT_FIELDS = (
    "key",
    "label",
    "colour",
    "position",
    "rating_value",
    "best_rating",
    "worst_rating",
)
_DOCUMENT_FIELDS = ("id", "title", "byline", "source_url", "published_on", "language")


def public_version(claim: Claim) -> dict:
    """What the public page of `claim` shows, as JSON data (its approved substance and context).

    Reads the claim's verdict, approver, document and sources (from the prefetch cache when there
    is one) and the sentences around the quote: called by the publishing service only.
    """
    claim = (
        Claim.objects.select_related("verdict", "approved_by", "document")
        .prefetch_related("sources")
        .get(pk=claim.pk)
    )
    context = sentence_context(claim)
    verdict = claim.verdict
    reviewer = claim.approved_by
    document = claim.document
    return {
        "claim_id": claim.pk,
        "start": claim.start,
        "end": claim.end,
        "quote": claim.quote,
        "prefix": claim.prefix,
        "suffix": claim.suffix,
        "context": {"before": context.before, "quote": context.quote, "after": context.after},
        "restatement": claim.restatement,
        "claimant": claim.claimant,
        "notes": claim.notes,
        "verdict": {name: getattr(verdict, name) for name in _VERDICT_FIELDS} if verdict else None,
        "sources": [
            {name: _json(getattr(source, name)) for name in SOURCE_FIELDS}
            for source in claim_sources(claim)
        ],
        "reviewed_by": (reviewer.get_full_name() or reviewer.get_username()) if reviewer else "",
        "reviewed_at": _json(claim.approved_at),
        "created_at": _json(claim.created_at),
        "document": {name: _json(getattr(document, name)) for name in _DOCUMENT_FIELDS},
    }


def _json(value):
    return value.isoformat() if isinstance(value, date | datetime) else value


def publication_for_page(team_slug: str, slug: str) -> Publication:
    """The publication at /f/<team_slug>/<slug>/, published or not; 404 when there never was one.

    `claim_gone` is set when its claim is in the Trash (or purged): the page is gone then too.
    """
    publication = (
        Publication.objects.select_related("team")
        .annotate(claim_deleted_at=F("claim__deleted_at"))
        .filter(team__slug=team_slug, slug=slug)
        .first()
    )
    if publication is None:
        raise Http404("No such fact-check.")
    deleted = publication.claim_id is None or publication.claim_deleted_at is not None
    publication.claim_gone = deleted
    return publication


def public_path(team_slug: str, slug: str) -> str:
    return reverse("annotate:public-claim", kwargs={"team_slug": team_slug, "slug": slug})


def public_url(team_slug: str, slug: str) -> str:
    """The absolute address of a public fact-check page (FACTCHECK_PUBLIC_BASE_URL + path)."""
    return settings.FACTCHECK_PUBLIC_BASE_URL.rstrip("/") + public_path(team_slug, slug)


def claim_public_url(claim: Claim) -> str | None:
    """The public page of `claim` while it is published, else None (uses `claim.publication`
    and `claim.team` from select_related when the caller joined them)."""
    try:
        publication = claim.publication
    except Publication.DoesNotExist:
        return None
    if not publication.is_published:
        return None
    return public_url(claim.team.slug, publication.slug)


def published_review_urls(team) -> dict[int, str]:
    """The ClaimReview `url` of each of the team's published claims, by claim id (one query)."""
    rows = Publication.objects.filter(
        team_id=team.pk, is_published=True, claim__isnull=False
    ).values_list("claim_id", "slug", "published_at_url")
    return {claim_id: link or public_url(team.slug, slug) for claim_id, slug, link in rows}


@dataclass(frozen=True)
class PublicPage:
    """What the public page template shows, built from a publication's stored content."""

    publication: Publication
    content: dict
    url: str  # this page
    review_url: str  # the ClaimReview `url`: the outlet's article if set, else this page
    claim_review_json: str  # script-safe JSON-LD, or "" when the claim has no verdict
    reviewed_at: datetime | None


def public_page(publication: Publication) -> PublicPage:
    """The page of a live publication (no queries: everything is in its content and team)."""
    team = publication.team
    url = public_url(team.slug, publication.slug)
    review_url = publication.published_at_url or url
    review = _claim_review(publication, review_url)
    return PublicPage(
        publication=publication,
        content=publication.content,
        url=url,
        review_url=review_url,
        claim_review_json=claimreview.script_json(review) if review else "",
        reviewed_at=_datetime(publication.content.get("reviewed_at")),
    )


def _claim_review(publication: Publication, url: str) -> dict | None:
    """The ClaimReview of the published version, by the export's own renderer."""
    content = publication.content
    team = publication.team
    verdict = content.get("verdict")
    document = content["document"]
    claim = ClaimData(
        id=content["claim_id"],
        start=content["start"],
        end=content["end"],
        quote=content["quote"],
        prefix=content["prefix"],
        suffix=content["suffix"],
        restatement=content["restatement"],
        claimant=content["claimant"],
        verdict=verdict["key"] if verdict else None,
        notes_html=content["notes"],
        status="approved",
        author="",
        assignee="",
        approved_by=content["reviewed_by"],
        created_at=_datetime(content["created_at"]),
        updated_at=publication.updated_at,
        approved_at=_datetime(content["reviewed_at"]) or publication.published_at,
        sentence_index=0,
        sources=tuple(_source(source) for source in content["sources"]),
        reviews=(),
        comments=(),
    )
    doc = DocumentData(
        id=document["id"],
        title=document["title"],
        byline=document["byline"],
        source_url=document["source_url"],
        published_on=date.fromisoformat(document["published_on"])
        if document["published_on"]
        else None,
        language=document["language"],
        text="",
        source_format="",
        content_hash="",
        created_at=publication.first_published_at,
        team=TeamData(name=team.name, slug=team.slug, url=team.organization_url),
        scale=(VerdictData(**verdict),) if verdict else (),
        sentences=(),
        claims=(claim,),
    )
    options = ExportOptions(
        fact_check_base_url="",
        organization_name=team.name,
        organization_url=team.organization_url,
        generated_at=publication.updated_at,
    )
    return claimreview.published_claim_review(doc, options, url=url)


def _source(source: dict) -> SourceData:
    values = dict(source)
    for name in ("date_published", "date_accessed"):
        values[name] = date.fromisoformat(values[name]) if values[name] else None
    return SourceData(**values)


def _datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
