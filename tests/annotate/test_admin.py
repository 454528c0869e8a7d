"""The Django admin cannot change a claim's review state: claims change through the services.

Before issue 11 a staff user could set a claim's status, verdict, author and approver in the
admin: a self-approval with no review record and no version bump.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from annotate.models import Claim, ClaimStatus, Comment, Review, Source
from annotate.services.claims import claim_update, source_add
from tests.annotate.services.reviewkit import submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, team_admin):
    user = team_admin.user
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(user)
    return client


def _state(claim: Claim) -> tuple:
    claim.refresh_from_db()
    return (
        claim.status,
        claim.approved_by_id,
        claim.author_id,
        claim.verdict_id,
        claim.version,
        claim.restatement,
        claim.reviews.count(),
        claim.sources.count(),
    )


def test_the_admin_can_read_a_claim_but_not_approve_it(staff, document, checker, team_admin):
    claim = submitted(document, checker)
    before = _state(claim)
    url = reverse("admin:annotate_claim_change", args=[claim.pk])
    assert staff.get(url).status_code == 200
    forged = {
        "status": ClaimStatus.APPROVED,
        "approved_by": team_admin.user.pk,
        "author": team_admin.user.pk,
        "restatement": "Changed in the admin.",
        "version": claim.version,
    }
    assert staff.post(url, forged).status_code == 403
    assert _state(claim) == before


def test_the_admin_cannot_add_delete_or_revert_claims(staff, document, checker):
    claim = submitted(document, checker)
    first = claim.history.order_by("history_id").first()
    claim_update(membership=checker, claim=claim, version=claim.version, claimant="Someone")
    before = _state(claim)
    revert = reverse("admin:annotate_claim_simple_history", args=[claim.pk, first.history_id])
    assert staff.get(revert).status_code == 200  # an old version can be read
    assert staff.post(revert, {}).status_code == 403
    assert staff.post(reverse("admin:annotate_claim_add"), {}).status_code == 403
    delete = reverse("admin:annotate_claim_delete", args=[claim.pk])
    assert staff.post(delete, {"post": "yes"}).status_code == 403
    assert _state(claim) == before


@pytest.mark.parametrize("model", [Source, Review, Comment])
def test_a_claims_sources_reviews_and_comments_are_read_only_too(staff, document, checker, model):
    claim = submitted(document, checker)
    source_add(membership=checker, claim=claim, url="https://b.example.org/")
    Comment.objects.create(claim=claim, author=checker.user, body="<p>Hi</p>")
    row = model.objects.filter(claim=claim).first()
    name = model._meta.model_name
    change = reverse(f"admin:annotate_{name}_change", args=[row.pk])
    assert staff.get(change).status_code == 200
    assert staff.post(change, {}).status_code == 403
    assert staff.post(reverse(f"admin:annotate_{name}_delete", args=[row.pk]), {"post": "yes"})
    assert model.objects.filter(pk=row.pk).exists()
