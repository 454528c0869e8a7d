"""Reads of the links an article had when it was imported (DocumentLink).

Every function starts from a document (or a claim) already fetched through the team-scoped
getters of annotate.selectors, so nothing here crosses teams.
"""

from __future__ import annotations

from django.db.models import Max, Min

from annotate.models import Claim, Document, DocumentLink, Sentence


def links_for_document(document: Document) -> list[DocumentLink]:
    """The document's links in text order (one query)."""
    return list(
        DocumentLink.objects.filter(document=document)
        .only("document_id", "position", "start", "end", "url", "origin")
        .order_by("position")
    )


def links_near_claim(claim: Claim) -> list[tuple[DocumentLink, bool]]:
    """The links inside the claim's span or next to it, in its sentences: (link, inside).

    Those inside the span come first, then the others of its sentences in text order (two
    queries, whatever the document's size).
    """
    bounds = Sentence.objects.filter(
        document_id=claim.document_id, end__gt=claim.start, start__lt=claim.end
    ).aggregate(first=Min("start"), last=Max("end"))
    low = min(claim.start, bounds["first"] if bounds["first"] is not None else claim.start)
    high = max(claim.end, bounds["last"] if bounds["last"] is not None else claim.end)
    links = DocumentLink.objects.filter(
        document_id=claim.document_id, end__gt=low, start__lt=high
    ).order_by("position")
    found = [(link, link.end > claim.start and link.start < claim.end) for link in links]
    return sorted(found, key=lambda pair: not pair[1])
