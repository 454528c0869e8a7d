"""Templates show stored rich text only through the sanitizer, even rows that bypassed it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from annotate.models import Claim, Comment
from annotate.services.claims import claim_create

HOSTILE = (
    '<p>ok</p><img src=x onerror="alert(1)"><script>alert(2)</script><a href="javascript:x">l</a>'
)


@pytest.fixture
def raw_claim(checker, document):
    """A claim whose notes and comment were stored raw, as the admin or a bug could."""
    claim = claim_create(membership=checker, document=document, start=0, end=8, quote="The U.S.")
    Claim.objects.filter(pk=claim.pk).update(notes=HOSTILE)
    Comment.objects.create(claim=claim, author=checker.user, body=HOSTILE)
    return claim


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["desk", "review"])
def test_hostile_stored_html_is_sanitized_on_every_page(client_for, viewer, raw_claim, page):
    """A viewer sees the notes and the comment as rendered HTML on the desk and review pages."""
    if page == "desk":
        url = reverse("annotate:document-detail", args=[raw_claim.document_id])
        url += f"?claim={raw_claim.pk}"
    else:
        url = reverse("annotate:review-claim", args=[raw_claim.pk])
    body = client_for(viewer).get(url).content.decode()
    assert "<p>ok</p>" in body
    # (The editor's textarea may show the stored text, escaped: that is text, not markup.)
    assert "<img" not in body
    assert "<script>alert(2)" not in body
    assert 'href="javascript' not in body
