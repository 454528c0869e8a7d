"""The public fact-check page (/f/<team>/<slug>/, no login) and the publish box's actions."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from annotate.middleware import CSP
from annotate.models import Publication
from annotate.services import claims as claim_services
from annotate.services import publishing
from annotate.services import reviews as review_services
from tests.annotate.services.reviewkit import submitted

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def approved(document, checker, reviewer, **kw):
    claim = submitted(document, checker, **kw)
    return review_services.claim_approve(membership=reviewer, claim=claim, version=claim.version)


def published(document, checker, reviewer, **kw):
    claim = approved(document, checker, reviewer, **kw)
    publication = publishing.claim_publish(membership=reviewer, claim=claim)
    return claim, publication


def page_url(publication) -> str:
    return f"/f/{publication.team.slug}/{publication.slug}/"


def claim_review(response) -> dict:
    html = response.content.decode()
    start = html.index('<script type="application/ld+json" data-claim-review>')
    body = html[html.index(">", start) + 1 : html.index("</script>", start)]
    return json.loads(body)


def test_the_public_page_needs_no_login_and_shows_the_check(client, document, checker, reviewer):
    _claim, publication = published(document, checker, reviewer)
    response = client.get(page_url(publication))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>The U.S. spent $5 billion in 2019.</mark></blockquote>" in html
    assert "Spending was $5bn in 2019." in html
    assert "data-verdict>True<" in html
    assert "https://stats.example.org/0" in html
    assert "Reviewed by <strong>rosa</strong>" in html
    assert '<meta property="og:title" content="Fact-check: Spending was $5bn in 2019.">' in html
    assert response["Content-Security-Policy"] == CSP
    assert "style=" not in html and "<style" not in html
    # Nothing internal: the author, comments and the desk are not on the page.
    assert "carla" not in html and "/documents/" not in html


def test_the_embedded_claimreview_parses_and_its_url_is_the_page(
    client, settings, document, checker, reviewer
):
    settings.FACTCHECK_PUBLIC_BASE_URL = "https://checks.example.org"
    _claim, publication = published(document, checker, reviewer)
    review = claim_review(client.get(page_url(publication)))
    assert review["@type"] == "ClaimReview"
    assert review["url"] == f"https://checks.example.org/f/planet/{publication.slug}/"
    assert review["claimReviewed"] == "Spending was $5bn in 2019."
    assert review["reviewRating"]["alternateName"] == "True"
    assert review["author"]["name"] == "Daily Planet"


def test_the_claimreview_url_is_the_outlets_article_when_set(client, document, checker, reviewer):
    claim = approved(document, checker, reviewer)
    publication = publishing.claim_publish(
        membership=reviewer, claim=claim, published_at_url="https://planet.example/check/1"
    )
    assert (
        claim_review(client.get(page_url(publication)))["url"] == "https://planet.example/check/1"
    )


def test_user_text_cannot_close_the_json_ld_script(client, document, checker, reviewer):
    claim = submitted(document, checker)
    claim = claim_services.claim_update(
        membership=checker,
        claim=claim,
        version=claim.version,
        restatement="</script><script>alert(1)</script>",
        notes='<p>Fine</p><script>alert(2)</script><a href="javascript:x()">x</a>',
    )
    claim = review_services.claim_approve(membership=reviewer, claim=claim, version=claim.version)
    publication = publishing.claim_publish(membership=reviewer, claim=claim)
    response = client.get(page_url(publication))
    html = response.content.decode()
    assert html.count("<script") == 1  # only the JSON-LD data block
    assert "alert(2)" not in html and "javascript:" not in html
    assert claim_review(response)["claimReviewed"] == "</script><script>alert(1)</script>"


def test_unpublished_is_410_and_unknown_is_404(client, document, checker, reviewer):
    claim, publication = published(document, checker, reviewer)
    publishing.claim_unpublish(membership=reviewer, claim=claim)
    gone = client.get(page_url(publication))
    assert gone.status_code == 410
    assert "no longer published" in gone.content.decode()
    assert "Spending was" not in gone.content.decode()
    assert gone["Content-Security-Policy"] == CSP
    assert client.get("/f/planet/never-was/").status_code == 404


def test_a_claim_moved_to_the_trash_is_gone(client, document, checker, reviewer):
    claim, publication = published(document, checker, reviewer)
    claim_services.claim_delete(membership=reviewer, claim=claim)
    assert client.get(page_url(publication)).status_code == 410


def test_another_teams_slug_is_404(client, document, checker, reviewer, outsider):
    _claim, publication = published(document, checker, reviewer)
    assert client.get(f"/f/rival/{publication.slug}/").status_code == 404


def test_the_page_shows_the_approved_version_while_an_edit_is_in_review(
    client, document, checker, reviewer
):
    claim, publication = published(document, checker, reviewer)
    claim_services.claim_update(
        membership=checker, claim=claim, version=claim.version, restatement="Not yet approved."
    )
    html = client.get(page_url(publication)).content.decode()
    assert "Spending was $5bn in 2019." in html and "Not yet approved." not in html


@pytest.mark.parametrize("sources", [1, 12])
def test_the_public_page_costs_the_same_queries_whatever_its_sources(
    client, document, checker, reviewer, django_assert_num_queries, sources
):
    _claim, publication = published(document, checker, reviewer, sources=sources)
    url = page_url(publication)
    with django_assert_num_queries(1):  # the publication and its team
        response = client.get(url)
    assert response.content.decode().count("https://stats.example.org/") >= sources


# --- The publish box ----------------------------------------------------------------------------


def test_the_review_page_offers_publish_to_a_reviewer_only(client_for, document, checker, reviewer):
    claim = approved(document, checker, reviewer)
    page = reverse("annotate:review-claim", args=[claim.pk])
    assert 'name="publish"' in client_for(reviewer).get(page).content.decode()
    assert 'name="publish"' not in client_for(checker).get(page).content.decode()


def test_publishing_from_the_panel_shows_the_link(client_for, document, checker, reviewer):
    claim = approved(document, checker, reviewer)
    response = client_for(reviewer).post(
        reverse("annotate:claim-publish", args=[claim.pk]), {"version": claim.version}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    publication = Publication.objects.get()
    assert f"/f/planet/{publication.slug}/" in html
    assert 'name="unpublish"' in html
    response = client_for(reviewer).post(
        reverse("annotate:claim-unpublish", args=[claim.pk]), {"version": claim.version}, **HTMX
    )
    assert "answers 410 Gone" in response.content.decode()
    publication.refresh_from_db()
    assert not publication.is_published


def test_a_checkers_publish_is_refused_with_the_message(client_for, document, checker, reviewer):
    claim = approved(document, checker, reviewer)
    response = client_for(checker).post(
        reverse("annotate:claim-publish", args=[claim.pk]), {"version": claim.version}, **HTMX
    )
    assert response.status_code == 403
    assert response.content.decode() == "Only the team's reviewers and admins publish fact-checks."
    assert not Publication.objects.exists()


def test_a_bad_published_at_link_is_refused_and_nothing_stored(
    client_for, document, checker, reviewer
):
    claim = approved(document, checker, reviewer)
    response = client_for(reviewer).post(
        reverse("annotate:claim-publish", args=[claim.pk]),
        {"version": claim.version, "published_at_url": "ftp://example.org/x"},
        **HTMX,
    )
    assert response.status_code == 400
    assert "must start with http:// or https://" in response.content.decode()
    assert not Publication.objects.exists()


def test_publishing_another_teams_claim_is_404(client_for, document, checker, reviewer, outsider):
    claim = approved(document, checker, reviewer)
    response = client_for(outsider).post(
        reverse("annotate:claim-publish", args=[claim.pk]), {"version": claim.version}
    )
    assert response.status_code == 404
    assert not Publication.objects.exists()


def test_a_stale_publish_is_refused(client_for, document, checker, reviewer):
    claim = approved(document, checker, reviewer)
    response = client_for(reviewer).post(
        reverse("annotate:claim-publish", args=[claim.pk]), {"version": claim.version - 1}, **HTMX
    )
    assert response.status_code == 409
    assert not Publication.objects.exists()
