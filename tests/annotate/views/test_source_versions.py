"""Source forms on the desk and the review page carry the claim version they were rendered with;
saving one after a colleague changed the claim is refused (409) and nothing changes."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from annotate.models import Claim, Source
from annotate.services.claims import claim_create, claim_update, source_add

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
STALE = (
    "Someone else saved this claim after you opened it. Reload to see their changes, "
    "then make yours again."
)
SOURCE = {"url": "https://stats.example.org/budget", "title": "Budget", "stance": "supports"}


@pytest.fixture
def claim(checker, document) -> Claim:
    claim = claim_create(membership=checker, document=document, start=0, end=8, quote="The U.S.")
    source_add(membership=checker, claim=claim, url="https://a.example.org/", title="First")
    claim.refresh_from_db()
    return claim


def _versions(body: str, action: str) -> list[str]:
    """The version inputs of the forms posting to `action`, in page order."""
    forms = re.findall(rf'<form[^>]*action="{re.escape(action)}".*?</form>', body, re.S)
    return [v for f in forms for v in re.findall(r'name="version" value="(\d+)"', f)]


def _state(claim: Claim) -> tuple:
    fresh = Claim.objects.get(pk=claim.pk)
    sources = list(Source.objects.filter(claim=claim).values_list("pk", "url", "title", "stance"))
    return fresh.version, fresh.updated_at, sources


def _colleague_saves(claim: Claim, checker2) -> None:
    claim_update(membership=checker2, claim=claim, version=claim.version, claimant="Colleague")


def test_the_desk_source_forms_carry_the_claim_version(client_for, checker, claim):
    page = client_for(checker).get(reverse("annotate:desk-claim", args=[claim.pk]), **HTMX)
    body = page.content.decode()
    source = claim.sources.get()
    version = str(claim.version)
    assert _versions(body, reverse("annotate:desk-source-add", args=[claim.pk])) == [version]
    assert _versions(body, reverse("annotate:desk-source-update", args=[source.pk])) == [version]
    assert _versions(body, reverse("annotate:desk-source-remove", args=[source.pk])) == [version]


@pytest.mark.parametrize("route", ["add", "update", "remove"])
def test_a_stale_desk_source_form_is_a_409_and_changes_nothing(
    client_for, checker, checker2, claim, route
):
    source = claim.sources.get()
    url, data = {
        "add": (reverse("annotate:desk-source-add", args=[claim.pk]), SOURCE),
        "update": (reverse("annotate:desk-source-update", args=[source.pk]), SOURCE),
        "remove": (reverse("annotate:desk-source-remove", args=[source.pk]), {}),
    }[route]
    read = claim.version
    _colleague_saves(claim, checker2)
    before = _state(claim)
    response = client_for(checker).post(url, {**data, "version": str(read)}, **HTMX)
    assert response.status_code == 409
    assert STALE in html.unescape(response.content.decode())
    assert _state(claim) == before


def test_a_refused_desk_form_keeps_the_version_it_was_read_at(client_for, checker, checker2, claim):
    """Resending the refused form must be refused again, not saved over the colleague's work."""
    read = claim.version
    _colleague_saves(claim, checker2)
    url = reverse("annotate:desk-source-add", args=[claim.pk])
    response = client_for(checker).post(url, {**SOURCE, "version": str(read)}, **HTMX)
    assert _versions(response.content.decode(), url) == [str(read)]


def test_a_desk_source_form_with_the_current_version_saves(client_for, checker, checker2, claim):
    _colleague_saves(claim, checker2)
    current = Claim.objects.get(pk=claim.pk).version
    url = reverse("annotate:desk-source-add", args=[claim.pk])
    response = client_for(checker).post(url, {**SOURCE, "version": str(current)}, **HTMX)
    assert response.status_code == 200
    assert Claim.objects.get(pk=claim.pk).version == current + 1
    assert claim.sources.count() == 2
    # The re-rendered forms carry the new version.
    assert _versions(response.content.decode(), url) == [str(current + 1)]


def test_a_garbled_desk_version_is_refused(client_for, checker, claim):
    before = _state(claim)
    url = reverse("annotate:desk-source-add", args=[claim.pk])
    response = client_for(checker).post(url, {**SOURCE, "version": "x"}, **HTMX)
    assert response.status_code == 400
    assert "This form is out of date: reload the page and edit again." in html.unescape(
        response.content.decode()
    )
    assert _state(claim) == before


def test_the_review_page_source_form_carries_the_version(client_for, checker, claim):
    page = client_for(checker).get(reverse("annotate:review-claim", args=[claim.pk]))
    action = reverse("annotate:review-source-add", args=[claim.pk])
    assert _versions(page.content.decode(), action) == [str(claim.version)]


def test_a_stale_review_page_source_form_is_a_409(client_for, checker, checker2, claim):
    read = claim.version
    _colleague_saves(claim, checker2)
    before = _state(claim)
    response = client_for(checker).post(
        reverse("annotate:review-source-add", args=[claim.pk]),
        {**SOURCE, "version": str(read)},
    )
    assert response.status_code == 409
    assert response.context["error"] == STALE
    assert _state(claim) == before
