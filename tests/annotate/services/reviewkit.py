"""Builders shared by the review tests: claims made through the services, ready or not."""

from __future__ import annotations

from annotate.models import Claim, Document, Membership
from annotate.services import claims as claim_services
from annotate.services import reviews as review_services

SENTENCE = "The U.S. spent $5 billion in 2019."


def make_claim(
    document: Document,
    membership: Membership,
    *,
    quote: str = SENTENCE,
    ready: bool = True,
    sources: int = 1,
) -> Claim:
    """A claim on `quote` by `membership`; `ready` gives it a restatement, verdict and sources."""
    start = document.text.index(quote)
    claim = claim_services.claim_create(
        membership=membership,
        document=document,
        start=start,
        end=start + len(quote),
        quote=quote,
        restatement="Spending was $5bn in 2019." if ready else "",
        verdict=document.team.verdicts.get(key="true") if ready else None,
    )
    for n in range(sources if ready else 0):
        claim_services.source_add(
            membership=membership,
            claim=claim,
            url=f"https://stats.example.org/{n}",
            title=f"Budget table {n}",
        )
    claim.refresh_from_db()
    return claim


def submitted(document: Document, membership: Membership, **kw) -> Claim:
    """A ready claim by `membership`, sent to review."""
    claim = make_claim(document, membership, **kw)
    return review_services.claim_submit(membership=membership, claim=claim)
