"""Fixtures for the API tests: token clients for named members and claims built by the services."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from annotate.api.tokens import token_create, token_mark_used
from annotate.models import Membership
from annotate.services.claims import claim_create, source_add
from annotate.services.reviews import claim_submit

QUOTE = "The U.S. spent $5 billion in 2019."


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Throttle counters live in the cache: start each test with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_for():
    """An APIClient authenticated with a personal token of `membership`'s user."""

    def make(membership: Membership) -> APIClient:
        issued = token_create(user=membership.user)
        # A token in use: its last-used time was just written, so the query counts measured
        # here do not include that write (at most once a minute; tests/annotate/api/test_tokens).
        token_mark_used(issued.token)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {issued.key}")
        return client

    return make


def make_claim(membership: Membership, document, *, start: int = 0, quote: str = QUOTE, **kw):
    """A claim on `document` by `membership` (the quote must start at `start`)."""
    return claim_create(
        membership=membership,
        document=document,
        start=start,
        end=start + len(quote),
        quote=quote,
        **kw,
    )


def ready_claim(membership: Membership, document, **kw):
    """A claim with restatement, verdict and a source: ready to submit."""
    verdict = document.team.verdicts.get(key="false")
    claim = make_claim(
        membership, document, restatement="Spending was $5bn.", verdict=verdict, **kw
    )
    source_add(membership=membership, claim=claim, url="https://example.org/budget")
    claim.refresh_from_db()
    return claim


def in_review_claim(membership: Membership, document, **kw):
    claim = ready_claim(membership, document, **kw)
    return claim_submit(membership=membership, claim=claim)


@pytest.fixture
def claim(checker, document):
    return make_claim(checker, document)
