"""Template tags of the review area: the data of the claim panel that other areas include."""

from __future__ import annotations

from django import template
from django.http import Http404

from annotate.selectors import review as review_selectors

register = template.Library()


@register.simple_tag
def claim_review_panel(claim, membership) -> dict | None:
    """Everything `_claim_panel.html` shows for `claim`; None when `membership` cannot see it."""
    if claim is None:
        return None
    try:
        return review_selectors.claim_panel(claim, membership)
    except Http404:
        return None
