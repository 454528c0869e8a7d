"""One form per input: the desk, the review page and the API give one input one answer.

Before issue 11 each face validated on its own: `stats.example.org/report` was stored with
https:// on the desk, refused on the review page ("Links must start with http:// or https://")
and refused by the API ("Enter a valid URL"); an over-long claimant was a 422 on the desk, a 400
from the API and went unchecked on the review page.
"""

from __future__ import annotations

import html

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from annotate.forms import ClaimForm, SourceForm
from annotate.models import Claim, Source
from annotate.models.claim import SOURCE_FIELDS
from annotate.services.claims import claim_create
from annotate.services.errors import InvalidInput

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
BARE_LINK = "stats.example.org/report"
STORED_LINK = "https://stats.example.org/report"
LONG_CLAIMANT = "x" * 301
CLAIMANT_MESSAGE = "A claimant is at most 300 characters; this one has 301."


@pytest.fixture
def claim(checker, document) -> Claim:
    return claim_create(membership=checker, document=document, start=0, end=8, quote="The U.S.")


@pytest.fixture
def api(checker) -> APIClient:
    client = APIClient()
    client.force_authenticate(checker.user)
    return client


def _add_on_desk(client, claim, url):
    path = reverse("annotate:desk-source-add", args=[claim.pk])
    return client.post(path, {"url": url, "stance": "supports", "version": claim.version}, **HTMX)


def _add_on_review_page(client, claim, url):
    path = reverse("annotate:review-source-add", args=[claim.pk])
    return client.post(path, {"url": url, "stance": "supports", "version": claim.version})


def _add_through_the_api(api, claim, url):
    return api.post("/api/sources/", {"claim": claim.pk, "url": url}, format="json")


@pytest.mark.parametrize(
    ("face", "expected_status"),
    [(_add_on_desk, 200), (_add_on_review_page, 302), (_add_through_the_api, 201)],
)
def test_a_link_without_a_scheme_is_stored_with_https_on_every_face(
    client_for, checker, api, claim, face, expected_status
):
    client = api if face is _add_through_the_api else client_for(checker)
    response = face(client, claim, BARE_LINK)
    assert response.status_code == expected_status
    assert list(Source.objects.values_list("url", flat=True)) == [STORED_LINK]


@pytest.mark.parametrize("face", [_add_on_desk, _add_on_review_page, _add_through_the_api])
@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://files.example.org/x", "Links must start with http:// or https://."),
        ("javascript:alert(1)", "Links must start with http:// or https://."),
        ("not a link", "Enter a full link, like https://example.org/page."),
    ],
)
def test_a_bad_link_gets_the_same_message_and_status_on_every_face(
    client_for, checker, api, claim, face, url, message
):
    client = api if face is _add_through_the_api else client_for(checker)
    response = face(client, claim, url)
    assert response.status_code == 400
    if face is _add_through_the_api:
        assert response.json()["detail"] == message
    elif face is _add_on_review_page:
        assert response.context["error"] == message
    else:
        assert message in html.unescape(response.content.decode())
    assert not Source.objects.exists()


def test_an_invalid_claim_edit_is_the_same_400_on_the_desk_the_review_page_and_the_api(
    client_for, checker, api, claim
):
    client = client_for(checker)
    fields = {"claimant": LONG_CLAIMANT, "version": claim.version}
    desk = client.post(
        reverse("annotate:desk-claim-update", args=[claim.pk]),
        {"restatement": "", "verdict": "", "assignee": "", "notes": "", **fields},
        **HTMX,
    )
    review = client.post(reverse("annotate:review-edit", args=[claim.pk]), fields)
    through_api = api.patch(f"/api/claims/{claim.pk}/", fields, format="json")
    assert (desk.status_code, review.status_code, through_api.status_code) == (400, 400, 400)
    assert CLAIMANT_MESSAGE in html.unescape(desk.content.decode())
    assert review.context["error"] == CLAIMANT_MESSAGE
    assert through_api.json()["detail"] == CLAIMANT_MESSAGE
    claim.refresh_from_db()
    assert (claim.version, claim.claimant) == (1, "")


def test_the_source_form_has_the_services_fields_and_the_version():
    """The source field list is written once (models.claim.SOURCE_FIELDS): the form, the
    service, the API and the export data all hold exactly those fields."""
    from dataclasses import fields

    from annotate.api.serializers import SourceSerializer, SourceWriteSerializer
    from annotate.document_data import SourceData

    assert list(SourceForm.base_fields) == [*SOURCE_FIELDS, "version"]
    assert [f.name for f in fields(SourceData)] == list(SOURCE_FIELDS)
    assert set(SOURCE_FIELDS) <= set(SourceSerializer.Meta.fields)
    assert set(SourceWriteSerializer().fields) == {*SOURCE_FIELDS, "version"}


def test_a_partial_claim_form_changes_only_what_it_names():
    form = ClaimForm({"restatement": " New. ", "version": "3"}, verdicts=list, members=list)
    assert form.changes() == ({"restatement": "New."}, 3)


def test_a_claim_form_without_its_version_is_refused():
    with pytest.raises(InvalidInput) as refused:
        ClaimForm({"restatement": "New."}, verdicts=list, members=list).changes()
    assert refused.value.errors == {
        "version": "The form lacks the claim's version; reload the page."
    }


def test_the_team_lists_are_read_only_when_a_value_needs_them():
    def boom():
        raise AssertionError("read the verdicts for nothing")

    form = ClaimForm({"verdict": "", "version": "1"}, verdicts=boom, members=boom)
    assert form.changes() == ({"verdict": None}, 1)
