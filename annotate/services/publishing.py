"""Publishing fact-checks: a reviewer or admin publishes an approved claim, or unpublishes it.
The only writer of Publications.

Rules (annotate.rules, Permission.CLAIM_PUBLISH / CLAIM_UNPUBLISH):
- the claim must belong to the caller's current team, else NotFound (a 404);
- only reviewers and admins publish and unpublish (PermissionDenied);
- only an approved claim is published (Conflict), checked again on the locked row.

A published claim gets a slug that never changes (unpublished and published again, it keeps it).
The page shows `Publication.content`, the version a reviewer approved: an edit that reopens
review leaves it as it was, and the next approval (services.reviews) replaces it
(`publication_refresh`). Unpublishing keeps the row so the page answers 410 Gone.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from annotate.models import Claim, Membership, Publication
from annotate.models.claim import too_long
from annotate.rules import Permission
from annotate.selectors.publishing import public_version
from annotate.services.errors import Conflict, ServiceError
from annotate.services.lifecycle import claim_lock

SLUG_WORDS = 60  # characters of the restatement the slug keeps
NOT_PUBLISHED = "This claim is not published."
BAD_LINK = "The “published at” link must start with http:// or https://."


def claim_publish(
    *,
    membership: Membership,
    claim: Claim,
    published_at_url: str = "",
    version: int | None = None,
) -> Publication:
    """Publish the approved `claim` (or publish it again: its current approved version, and the
    new `published_at_url`, the outlet's own article with this fact-check, if any)."""
    published_at_url = _clean_link(published_at_url)
    with transaction.atomic():
        locked = claim_lock(
            membership=membership, claim=claim, permission=Permission.CLAIM_PUBLISH, version=version
        )
        now = timezone.now()
        publication = Publication.objects.select_for_update().filter(claim=locked).first()
        if publication is None:
            publication = Publication(
                team_id=locked.team_id,
                claim=locked,
                slug=_free_slug(locked),
                first_published_at=now,
            )
        publication.content = public_version(locked)
        publication.published_at_url = published_at_url
        publication.is_published = True
        publication.published_at = publication.updated_at = now
        publication.published_by = membership.user
        publication.unpublished_at = publication.unpublished_by = None
        publication.save()
    return publication


def claim_unpublish(*, membership: Membership, claim: Claim) -> Publication:
    """Take the claim's public page down: it answers 410 Gone until published again."""
    with transaction.atomic():
        locked = claim_lock(
            membership=membership, claim=claim, permission=Permission.CLAIM_UNPUBLISH
        )
        publication = Publication.objects.select_for_update().filter(claim=locked).first()
        if publication is None or not publication.is_published:
            raise Conflict(NOT_PUBLISHED)
        publication.is_published = False
        publication.unpublished_at = timezone.now()
        publication.unpublished_by = membership.user
        publication.save(update_fields=["is_published", "unpublished_at", "unpublished_by"])
    return publication


def publication_refresh(claim: Claim) -> None:
    """The claim was approved again: its public page (if published) shows this version now.

    Called by services.reviews inside the approval's transaction, on the locked claim.
    """
    publication = Publication.objects.select_for_update().filter(claim=claim).first()
    if publication is None or not publication.is_published:
        return
    publication.content = public_version(claim)
    publication.updated_at = timezone.now()
    publication.save(update_fields=["content", "updated_at"])


def _clean_link(url: str | None) -> str:
    url = (url or "").strip()
    message = too_long("url", url)
    if message:
        raise ServiceError(message, field="published_at_url")
    if url and not url.lower().startswith(("http://", "https://")):
        raise ServiceError(BAD_LINK, field="published_at_url")
    return url


def _free_slug(claim: Claim) -> str:
    """A slug from the claim's restatement (else its quote), unique in its team."""
    base = slugify(claim.restatement or claim.quote)[:SLUG_WORDS].strip("-") or "fact-check"
    taken = set(
        Publication.objects.filter(team_id=claim.team_id, slug__startswith=base).values_list(
            "slug", flat=True
        )
    )
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug
