"""`{% publish_box claim membership as box %}`: what the publish box offers (no queries when the
claim came through selectors.claims_with_details, which joins its team and publication)."""

from django import template

from annotate import rules
from annotate.models import Publication
from annotate.rules import Permission
from annotate.selectors.publishing import public_url

register = template.Library()


@register.simple_tag
def publish_box(claim, membership) -> dict:
    try:
        publication = claim.publication
    except Publication.DoesNotExist:
        publication = None
    return {
        "publication": publication,
        "url": public_url(claim.team.slug, publication.slug) if publication else "",
        "may_publish": rules.can(membership, Permission.CLAIM_PUBLISH, claim),
        "may_unpublish": rules.can(membership, Permission.CLAIM_UNPUBLISH, claim),
    }
