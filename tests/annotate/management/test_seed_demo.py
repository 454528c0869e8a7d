"""The demo data: a working desk for newcomers, loaded any number of times without duplicates."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from annotate.models import Claim, ClaimStatus, Document, Membership, Review, Sentence, Source


@pytest.mark.django_db
def test_seed_demo_builds_the_demo_newsroom():
    call_command("seed_demo")
    roles = dict(Membership.objects.filter(team__slug="demo").values_list("user__username", "role"))
    assert roles == {
        "admin": "admin",
        "checker1": "checker",
        "checker2": "checker",
        "reviewer": "reviewer",
        "viewer": "viewer",
    }
    assert get_user_model().objects.get(username="checker1").check_password("factcheck-demo")
    titles = set(Document.objects.values_list("title", flat=True))
    assert titles == {
        "Learning to Coexist Peacefully With North Korea",
        "Normalize Relations With North Korea",
    }
    statuses = set(Claim.objects.values_list("status", flat=True))
    assert statuses == set(ClaimStatus.values)
    for claim in Claim.objects.select_related("document"):
        assert claim.document.text[claim.start : claim.end] == claim.quote
    approved = Claim.objects.filter(status=ClaimStatus.APPROVED)
    assert all(c.approved_by.username == "reviewer" for c in approved)
    assert Source.objects.exists()


@pytest.mark.django_db
def test_seed_demo_twice_adds_nothing():
    call_command("seed_demo")
    counts = [m.objects.count() for m in (Document, Sentence, Claim, Source, Review, Membership)]
    call_command("seed_demo")
    assert [
        m.objects.count() for m in (Document, Sentence, Claim, Source, Review, Membership)
    ] == counts
