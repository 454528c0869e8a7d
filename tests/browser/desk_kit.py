"""Shared set-up of the desk's browser tests: a long seed article, claims on its sentences."""

from __future__ import annotations

from pathlib import Path

from annotate.models import Claim, Document, Membership
from annotate.services import claims as claim_services
from tests.factories import make_document

SEED = (
    Path(__file__).resolve().parents[2] / "seeds" / "mott-normalize-relations-with-north-korea.txt"
)


def seed_article(membership: Membership) -> Document:
    return make_document(membership.team, SEED.read_text(encoding="utf-8").strip(), title="Seed")


def claim_on(document: Document, membership: Membership, index: int, **fields) -> Claim:
    """A claim on sentence `index` of `document`, made through the services."""
    sentence = document.sentences.get(index=index)
    return claim_services.claim_create(
        membership=membership,
        document=document,
        start=sentence.start,
        end=sentence.end,
        quote=document.text[sentence.start : sentence.end],
        **fields,
    )


def ready_claim(document: Document, membership: Membership, index: int, *, sources=1) -> Claim:
    """A claim with a restatement and a verdict, and `sources` sources."""
    claim = claim_on(
        document,
        membership,
        index,
        restatement=f"Restated claim {index}.",
        verdict=document.team.verdicts.get(key="half-true"),
    )
    for n in range(sources):
        claim_services.source_add(
            membership=membership, claim=claim, url=f"https://example.org/{index}/{n}"
        )
    claim.refresh_from_db()
    return claim


def desk_url(live_server, document: Document, claim: Claim | None = None) -> str:
    url = f"{live_server.url}/documents/{document.pk}/"
    return url + (f"?claim={claim.pk}" if claim else "")


def open_desk(page, live_server, document: Document, claim: Claim | None = None) -> None:
    page.goto(desk_url(live_server, document, claim))
    page.wait_for_selector("#article .sentence")
