"""Template helpers of the newsroom pages: the segments of a document's status bar."""

from __future__ import annotations

from django import template

from annotate.selectors.newsroom import BAR_STATUSES

register = template.Library()


@register.filter
def status_segments(document) -> list[dict]:
    """(status, x, width) of each non-empty part of the bar, in percent of its length (SVG
    attributes: the CSP allows no inline styles)."""
    total = getattr(document, "claim_count", 0) or 0
    segments, x = [], 0.0
    for status in BAR_STATUSES:
        count = getattr(document, f"n_{status}", 0) or 0
        if total and count:
            width = round(100 * count / total, 2)
            segments.append({"status": str(status), "x": round(x, 2), "width": width})
            x += width
    return segments
