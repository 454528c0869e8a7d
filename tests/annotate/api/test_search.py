"""GET /api/search/: the page's search as JSON, the page's messages for bad parameters."""

from __future__ import annotations

import pytest

from annotate.models import Claim
from tests.annotate.api.conftest import make_claim

pytestmark = pytest.mark.django_db


def test_search_answers_ranked_results_with_marked_snippets(api_for, checker, document):
    claim = make_claim(checker, document, claimant="Budget office")
    response = api_for(checker).get("/api/search/", {"q": "budget office"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["page"] == 1 and body["pages"] == 1
    assert body["engine"] in ("sqlite-fts5", "postgresql-fts")
    (result,) = body["results"]
    assert result["kind"] == "claim" and result["id"] == claim.pk
    assert result["claim"] == claim.pk and result["document"] == document.pk
    assert result["url"].endswith(f"/documents/{document.pk}/?claim={claim.pk}")
    assert [p["text"] for p in result["snippet"] if p["hit"]] == ["Budget", "office"]
    assert "".join(p["text"] for p in result["title"]) == document.text[: len(claim.quote)]


def test_filters_name_verdicts_by_key_and_authors_by_username(api_for, team, checker, document):
    verdict = team.verdicts.order_by("position").first()
    claim = make_claim(checker, document, verdict=verdict)
    api = api_for(checker)
    found = api.get("/api/search/", {"q": "spent", "verdict": verdict.key, "author": "carla"})
    assert [r["id"] for r in found.json()["results"]] == [claim.pk]
    refused = api.get("/api/search/", {"q": "spent", "author": "nobody"})
    assert refused.status_code == 400
    assert refused.json() == {"detail": "Choose a member of this team.", "field": "author"}


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"q": "x", "date_from": "yesterday"}, "date_from", "Enter a date as YYYY-MM-DD."),
        (
            {"q": "x", "date_from": "2026-02-02", "date_to": "2026-01-01"},
            "date_to",
            "The end date is before the start date.",
        ),
        (
            {"q": "x", "kind": "user"},
            "kind",
            "Choose documents, claims, notes, sources or comments.",
        ),
        ({"q": "x", "page": "0"}, "page", None),
        ({"q": "x" * 501}, "q", "A search is at most 500 characters."),
        ({"q": "x", "verdict": "no-such"}, "verdict", "Choose a verdict from the team's scale."),
    ],
)
def test_bad_parameters_are_a_400_with_the_pages_message(
    api_for, checker, document, params, field, message
):
    before = Claim.objects.count()
    response = api_for(checker).get("/api/search/", params)
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == field
    if message:
        assert body["detail"] == message
    assert Claim.objects.count() == before


def test_another_teams_content_is_not_found(api_for, outsider, document):
    assert api_for(outsider).get("/api/search/", {"q": "spent"}).json()["count"] == 0


def test_anonymous_callers_are_refused(client, document):
    assert client.get("/api/search/", {"q": "spent"}).status_code in (401, 403)
