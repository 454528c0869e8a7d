"""Desk permissions: viewers read only (403 on every write), other teams' ids are 404 everywhere."""

from __future__ import annotations

import pytest
from django.urls import reverse

from annotate.models import Claim, Source
from annotate.services.claims import claim_create, source_add
from tests.factories import make_document

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def claim(checker, document) -> Claim:
    return claim_create(membership=checker, document=document, start=0, end=8, quote="The U.S.")


@pytest.fixture
def source(checker, claim) -> Source:
    return source_add(membership=checker, claim=claim, url="https://a.example.org/")


@pytest.fixture
def foreign(outsider):
    """Another team's document, claim and source."""
    document = make_document(outsider.team, "Rival text here. More rival text.")
    claim = claim_create(membership=outsider, document=document, start=0, end=5, quote="Rival")
    source = source_add(membership=outsider, claim=claim, url="https://rival.example.org/")
    return document, claim, source


def endpoints(document, claim, source) -> list[tuple[str, str, dict]]:
    """(method, url, data) of every desk page and endpoint for these objects."""
    return [
        ("get", reverse("annotate:document-detail", args=[document.pk]), {}),
        ("get", reverse("annotate:desk", args=[document.pk]), {}),
        ("get", reverse("annotate:desk-claim", args=[claim.pk]), {}),
        ("get", reverse("annotate:desk-claim-refresh", args=[claim.pk]), {}),
        (
            "post",
            reverse("annotate:desk-claim-create", args=[document.pk]),
            {"start": 0, "end": 5, "quote": document.text[:5]},
        ),
        (
            "post",
            reverse("annotate:desk-claim-update", args=[claim.pk]),
            {"restatement": "x", "version": claim.version},
        ),
        ("post", reverse("annotate:desk-claim-delete", args=[claim.pk]), {}),
        (
            "post",
            reverse("annotate:desk-source-add", args=[claim.pk]),
            {"url": "https://x.example.org/", "stance": "supports"},
        ),
        (
            "post",
            reverse("annotate:desk-source-update", args=[source.pk]),
            {"url": "https://x.example.org/", "stance": "supports"},
        ),
        ("post", reverse("annotate:desk-source-remove", args=[source.pk]), {}),
    ]


def snapshot():
    return (
        list(Claim.objects.order_by("pk").values_list("pk", "version", "restatement")),
        list(Source.objects.order_by("pk").values_list("pk", "url")),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("htmx", [False, True])
def test_another_teams_ids_are_a_404_on_every_endpoint(client_for, checker, foreign, htmx):
    """Forged ids of another team's document, claim or source: 404, nothing changed."""
    client = client_for(checker)
    before = snapshot()
    for method, url, data in endpoints(*foreign):
        response = getattr(client, method)(url, data, **(HTMX if htmx else {}))
        assert response.status_code == 404, (method, url)
    assert snapshot() == before


@pytest.mark.django_db
def test_a_page_with_another_teams_claim_is_a_404(client_for, checker, document, foreign):
    url = reverse("annotate:document-detail", args=[document.pk]) + f"?claim={foreign[1].pk}"
    assert client_for(checker).get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("htmx", [False, True])
def test_viewers_cannot_write(client_for, viewer, document, claim, source, htmx):
    """Every write endpoint answers 403 to a viewer and changes nothing."""
    client = client_for(viewer)
    before = snapshot()
    for method, url, data in endpoints(document, claim, source):
        if method != "post":
            continue
        response = client.post(url, data, **(HTMX if htmx else {}))
        assert response.status_code == 403, url
        assert response.content.decode() == "Your role in this team is read-only."
    assert snapshot() == before


@pytest.mark.django_db
def test_viewers_read_the_desk_without_edit_controls(client_for, viewer, document, claim, source):
    client = client_for(viewer)
    url = reverse("annotate:document-detail", args=[document.pk])
    body = client.get(url + f"?claim={claim.pk}").content.decode()
    assert 'data-can-edit="0"' in body
    assert f'data-claims="{claim.pk}"' in body  # highlights shown
    assert "https://a.example.org/" in body  # sources shown
    for control in ('id="mark-form"', 'id="mark-button"', 'id="claim-form"', "Add a source"):
        assert control not in body
    assert "Delete claim" not in body
    editor = client.get(reverse("annotate:desk-claim", args=[claim.pk]), **HTMX).content.decode()
    assert 'class="claim-read"' in editor
    assert "<form" not in editor.split('class="review-panel"')[0]
