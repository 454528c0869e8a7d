"""services.publishing: who publishes what, the stable slug, and what the public page keeps."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from annotate.export import claimreview
from annotate.models import ClaimStatus, Publication
from annotate.selectors.exports import documents_export_data, export_options
from annotate.services import claims as claim_services
from annotate.services import publishing
from annotate.services import reviews as review_services
from annotate.services.errors import Conflict, NotFound, PermissionDenied, ServiceError
from tests.annotate.services.reviewkit import make_claim, submitted
from tests.factories import make_document

pytestmark = pytest.mark.django_db


def approved(document, checker, reviewer, **kw):
    claim = submitted(document, checker, **kw)
    return review_services.claim_approve(membership=reviewer, claim=claim, version=claim.version)


def test_a_reviewer_publishes_an_approved_claim_with_a_slug(document, checker, reviewer):
    claim = approved(document, checker, reviewer)
    publication = publishing.claim_publish(membership=reviewer, claim=claim)
    assert publication.slug == "spending-was-5bn-in-2019"
    assert publication.is_published and publication.published_by == reviewer.user
    content = publication.content
    assert content["restatement"] == "Spending was $5bn in 2019."
    assert content["verdict"]["label"] == "True"
    assert [s["url"] for s in content["sources"]] == ["https://stats.example.org/0"]
    assert content["context"] == {
        "before": "",
        "quote": "The U.S. spent $5 billion in 2019.",
        "after": "",
    }
    assert content["reviewed_by"] == "rosa"


def test_a_checker_cannot_publish_and_nothing_is_stored(document, checker, reviewer):
    claim = approved(document, checker, reviewer)
    with pytest.raises(PermissionDenied, match="reviewers and admins publish"):
        publishing.claim_publish(membership=checker, claim=claim)
    assert not Publication.objects.exists()


@pytest.mark.parametrize("status", ["draft", "in_review"])
def test_only_an_approved_claim_is_published(document, checker, reviewer, status):
    claim = make_claim(document, checker) if status == "draft" else submitted(document, checker)
    with pytest.raises(Conflict, match="Only approved claims can be published"):
        publishing.claim_publish(membership=reviewer, claim=claim)
    assert not Publication.objects.exists()


def test_another_teams_claim_is_not_found(document, checker, reviewer, outsider):
    claim = approved(document, checker, reviewer)
    with pytest.raises(NotFound):
        publishing.claim_publish(membership=outsider, claim=claim)
    publishing.claim_publish(membership=reviewer, claim=claim)
    with pytest.raises(NotFound):
        publishing.claim_unpublish(membership=outsider, claim=claim)
    assert Publication.objects.get().is_published


def test_published_at_link_must_be_http(document, checker, reviewer):
    claim = approved(document, checker, reviewer)
    with pytest.raises(ServiceError, match="must start with http") as error:
        publishing.claim_publish(
            membership=reviewer, claim=claim, published_at_url="javascript:alert(1)"
        )
    assert error.value.field == "published_at_url"
    assert not Publication.objects.exists()


def test_unpublish_and_publish_again_keep_the_slug(document, checker, reviewer, team_admin):
    claim = approved(document, checker, reviewer)
    slug = publishing.claim_publish(membership=reviewer, claim=claim).slug
    gone = publishing.claim_unpublish(membership=team_admin, claim=claim)
    assert not gone.is_published and gone.unpublished_by == team_admin.user
    with pytest.raises(Conflict, match="not published"):
        publishing.claim_unpublish(membership=reviewer, claim=claim)
    again = publishing.claim_publish(membership=team_admin, claim=claim)
    assert (again.slug, again.is_published, again.unpublished_at) == (slug, True, None)
    assert Publication.objects.count() == 1


def test_two_claims_with_one_restatement_get_two_slugs(team, checker, reviewer):
    doc = make_document(team, "The U.S. spent $5 billion in 2019. Again.")
    other = make_document(team, "The U.S. spent $5 billion in 2019. Once more.")
    slugs = [
        publishing.claim_publish(membership=reviewer, claim=approved(d, checker, reviewer)).slug
        for d in (doc, other)
    ]
    assert slugs == ["spending-was-5bn-in-2019", "spending-was-5bn-in-2019-2"]


def test_an_edit_keeps_the_approved_version_public_until_approved_again(
    document, checker, reviewer
):
    claim = approved(document, checker, reviewer)
    publishing.claim_publish(membership=reviewer, claim=claim)
    claim = claim_services.claim_update(
        membership=checker, claim=claim, version=claim.version, restatement="Changed text."
    )
    assert claim.status == ClaimStatus.IN_REVIEW  # the edit reopened review
    publication = Publication.objects.get()
    assert publication.is_published
    assert publication.content["restatement"] == "Spending was $5bn in 2019."

    claim.refresh_from_db()
    review_services.claim_approve(membership=reviewer, claim=claim, version=claim.version)
    publication.refresh_from_db()
    assert publication.content["restatement"] == "Changed text."


def test_an_approval_of_an_unpublished_claim_leaves_its_page_gone(document, checker, reviewer):
    claim = approved(document, checker, reviewer)
    publishing.claim_publish(membership=reviewer, claim=claim)
    publishing.claim_unpublish(membership=reviewer, claim=claim)
    claim = claim_services.claim_update(
        membership=checker, claim=claim, version=claim.version, restatement="Changed text."
    )
    review_services.claim_approve(membership=reviewer, claim=claim, version=claim.version)
    publication = Publication.objects.get()
    assert not publication.is_published
    assert publication.content["restatement"] == "Spending was $5bn in 2019."


def test_the_claimreview_export_points_at_the_public_page_of_published_claims(
    settings, document, checker, reviewer, team
):
    settings.FACTCHECK_PUBLIC_BASE_URL = "https://checks.example.org"
    published_claim = approved(document, checker, reviewer)
    other = approved(document, checker, reviewer, quote="Critics disagree.")
    slug = publishing.claim_publish(membership=reviewer, claim=published_claim).slug
    options = export_options(team, generated_at=timezone.now())
    reviews = json.loads(claimreview.render(documents_export_data(team, [document.pk])[0], options))
    assert sorted(review["url"] for review in reviews) == [
        f"https://checks.example.org/claims/{other.pk}",
        f"https://checks.example.org/f/planet/{slug}/",
    ]

    publishing.claim_publish(
        membership=reviewer, claim=published_claim, published_at_url="https://planet.example/c/1"
    )
    options = export_options(team, generated_at=timezone.now())
    reviews = json.loads(claimreview.render(documents_export_data(team, [document.pk])[0], options))
    assert "https://planet.example/c/1" in {review["url"] for review in reviews}
