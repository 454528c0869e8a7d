"""Claim sources and optimistic locking: a source edit names the claim version it was based on,
and a stale one is refused (Conflict, 409) with nothing changed."""

from __future__ import annotations

import pytest

from annotate.models import Source
from annotate.services import claims as claim_services
from annotate.services.errors import Conflict
from tests.annotate.services.reviewkit import make_claim

pytestmark = pytest.mark.django_db

STALE = (
    "Someone else saved this claim after you opened it. Reload to see their changes, "
    "then make yours again."
)


@pytest.fixture
def claim(document, checker):
    """A claim with one source, read at a version a colleague has since moved past."""
    claim = make_claim(document, checker)
    claim_services.claim_update(
        membership=checker, claim=claim, version=claim.version, claimant="A senator"
    )
    return claim


def _state(claim) -> tuple:
    claim.refresh_from_db()
    sources = list(Source.objects.filter(claim=claim).values_list("pk", "url", "title"))
    return claim.version, claim.updated_at, sources


def test_a_stale_source_add_is_refused(claim, checker2):
    before = _state(claim)
    stale = before[0] - 1
    with pytest.raises(Conflict) as error:
        claim_services.source_add(
            membership=checker2, claim=claim, version=stale, url="https://example.org/new"
        )
    assert (error.value.message, error.value.status_code) == (STALE, 409)
    assert _state(claim) == before


def test_a_stale_source_update_is_refused(claim, checker2):
    before = _state(claim)
    source = claim.sources.get()
    with pytest.raises(Conflict) as error:
        claim_services.source_update(
            membership=checker2, source=source, version=before[0] - 1, title="Overwritten"
        )
    assert error.value.message == STALE
    assert _state(claim) == before


def test_a_stale_source_remove_is_refused(claim, checker2):
    before = _state(claim)
    with pytest.raises(Conflict) as error:
        claim_services.source_remove(
            membership=checker2, source=claim.sources.get(), version=before[0] - 1
        )
    assert error.value.message == STALE
    assert _state(claim) == before


def test_the_current_version_saves_and_bumps_it(claim, checker2):
    """Each source change with the version just read succeeds and moves the version on."""
    version = _state(claim)[0]
    source = claim_services.source_add(
        membership=checker2, claim=claim, version=version, url="https://example.org/new"
    )
    claim_services.source_update(
        membership=checker2, source=source, version=version + 1, title="New title"
    )
    claim_services.source_remove(
        membership=checker2, source=claim.sources.order_by("pk").first(), version=version + 2
    )
    version_after, _, sources = _state(claim)
    assert version_after == version + 3
    assert sources == [(source.pk, "https://example.org/new", "New title")]


def test_without_a_version_source_edits_are_not_checked(claim, checker2):
    """Callers that read no version (imports, older clients) keep working."""
    version = _state(claim)[0]
    claim_services.source_add(membership=checker2, claim=claim, url="https://example.org/x")
    assert _state(claim)[0] == version + 1
