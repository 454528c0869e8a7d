"""The Content-Security-Policy header: strict, no 'unsafe-inline', and pages that need none."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from annotate.middleware import CSP
from annotate.models import Verdict
from annotate.services.claims import claim_create
from tests.annotate.services.reviewkit import submitted

pytestmark = pytest.mark.django_db


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: values for name, *values in parts}


def test_the_policy_allows_no_inline_script_or_style():
    directives = _directives(CSP)
    assert "'unsafe-inline'" not in CSP and "'unsafe-eval'" not in CSP
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


def _pages(document, claim) -> list[str]:
    return [
        reverse("annotate:document-list"),
        reverse("annotate:document-detail", args=[document.pk]),
        reverse("annotate:document-detail", args=[document.pk]) + f"?claim={claim.pk}",
        reverse("annotate:review-queue"),
        reverse("annotate:review-claim", args=[claim.pk]),
        reverse("annotate:import-new"),
        reverse("annotate:job-list"),
        reverse("annotate:team-members"),
        reverse("annotate:api-tokens"),
        reverse("annotate:search") + "?q=spent",
        reverse("annotate:invitations"),
        reverse("annotate:document-trash", args=[document.pk]),
    ]


def test_every_page_carries_the_policy_and_no_inline_style(client_for, document, checker, reviewer):
    claim = submitted(document, checker)
    claim_create(membership=checker, document=document, start=0, end=3, quote="The")
    for url in _pages(document, claim):
        response = client_for(reviewer).get(url)
        assert response.status_code == 200, url
        assert response["Content-Security-Policy"] == CSP, url
        body = response.content.decode()
        assert not re.search(r"\sstyle\s*=", body), url
        assert "<style" not in body, url
        assert "<script>" not in body and not re.search(r"<script(?![^>]*\ssrc=)", body), url


def test_the_login_page_carries_the_policy(client):
    response = client.get("/accounts/login/")
    assert response["Content-Security-Policy"] == CSP


def test_verdict_colours_come_as_a_stylesheet_of_the_members_team(client_for, checker, outsider):
    response = client_for(checker).get(reverse("annotate:verdict-css"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/css; charset=utf-8"
    css = response.content.decode()
    for verdict in Verdict.objects.filter(team=checker.team):
        assert f".v-{verdict.pk} {{ --vc: {verdict.colour}; " in css
    for verdict in Verdict.objects.filter(team=outsider.team):
        assert f".v-{verdict.pk} " not in css
    # Revalidation: the same ETag answers 304 with no body.
    again = client_for(checker).get(
        reverse("annotate:verdict-css"), HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304 and again.content == b""
    assert "no-cache" in response["Cache-Control"]


def test_the_verdict_stylesheet_needs_a_login(client):
    response = client.get(reverse("annotate:verdict-css"))
    assert response.status_code == 302
