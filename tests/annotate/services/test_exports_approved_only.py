"""Exports fit for publishing: approved claims only, the default of annotated HTML, Markdown and
ClaimReview, an option of every export (pages, API, command); the export says which it holds."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from annotate.models import Job
from annotate.services.exports import export_start
from annotate.services.reviews import claim_approve
from tests.annotate.services.reviewkit import make_claim, submitted

pytestmark = pytest.mark.django_db

DRAFT = "Critics disagree."
APPROVED = "The U.S. spent $5 billion in 2019."


@pytest.fixture
def mixed(document, checker, reviewer):
    """The budget story with one approved claim and one draft."""
    claim = submitted(document, checker)
    claim_approve(membership=reviewer, claim=claim, version=claim.version)
    make_claim(document, checker, quote=DRAFT, ready=False)
    return document


def _export(membership, document, fmt, capture, **kw) -> str:
    with capture(execute=True):
        job = export_start(membership=membership, document_ids=[document.pk], fmt=fmt, **kw)
    job.refresh_from_db()
    return job.result_file.open("rb").read().decode("utf-8")


def _highlighted(html: str) -> list[str]:
    """The text of the claims highlighted in an annotated HTML export."""
    return re.findall(r'<span class="claim [^"]*" style="[^"]*">(.*?)</span>', html)


def test_an_html_export_holds_only_the_approved_claims_by_default(
    mixed, checker, django_capture_on_commit_callbacks
):
    html = _export(checker, mixed, "html", django_capture_on_commit_callbacks)
    assert "Critics disagree." in html  # the text itself is all there
    assert _highlighted(html) == [APPROVED]
    assert 'data-approved-only="true"' in html
    assert "This export holds the 1 approved claim only" in html
    assert Job.objects.get().params["approved_only"] is True


def test_all_claims_when_asked(mixed, checker, django_capture_on_commit_callbacks):
    html = _export(checker, mixed, "html", django_capture_on_commit_callbacks, approved_only=False)
    assert _highlighted(html) == [APPROVED, DRAFT]
    assert "This export holds all 2 claims, including some not approved (draft)." in html


def test_markdown_says_what_it_holds(mixed, checker, django_capture_on_commit_callbacks):
    text = _export(checker, mixed, "md", django_capture_on_commit_callbacks)
    assert "Spending was $5bn in 2019." in text
    assert text.count("[^") == 2  # one marker and one footnote: the approved claim
    assert "\n\nThis export holds the 1 approved claim only;" in text


@pytest.mark.parametrize(("fmt", "rows"), [("csv", 2), ("json", 2)])
def test_data_formats_hold_every_claim_unless_asked(
    mixed, checker, django_capture_on_commit_callbacks, fmt, rows
):
    everything = _export(checker, mixed, fmt, django_capture_on_commit_callbacks)
    approved = _export(checker, mixed, fmt, django_capture_on_commit_callbacks, approved_only=True)
    if fmt == "csv":
        assert len(everything.strip().splitlines()) - 1 == rows
        assert len(approved.strip().splitlines()) - 1 == 1
    else:
        assert len(json.loads(everything)["claims"]) == rows
        assert [c["status"] for c in json.loads(approved)["claims"]] == ["approved"]


def test_the_api_takes_approved_only(mixed, checker):
    from rest_framework.test import APIClient

    from annotate.api.tokens import token_create

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_create(user=checker.user).key}")
    for value, stored in [(True, True), (False, False), (None, True)]:
        body = {"documents": [mixed.pk], "format": "html", "approved_only": value}
        assert client.post("/api/exports/", body, format="json").status_code == 202
        assert Job.objects.order_by("-id").first().params["approved_only"] is stored
    response = client.post(
        "/api/exports/",
        {"documents": [mixed.pk], "format": "csv", "approved_only": "sometimes"},
        format="json",
    )
    assert response.status_code == 400 and response.json()["field"] == "approved_only"


def test_the_export_form_offers_the_choice_and_refuses_a_wrong_one(client_for, mixed, checker):
    client = client_for(checker)
    page = client.get(reverse("annotate:document-detail", args=[mixed.pk])).content.decode()
    assert 'name="claims"' in page and "Approved claims only" in page
    url = reverse("annotate:export-create")
    client.post(url, {"document": mixed.pk, "format": "csv", "claims": "approved"})
    assert Job.objects.get().params["approved_only"] is True
    response = client.post(url, {"document": mixed.pk, "format": "csv", "claims": "some"})
    assert response.status_code == 400
    assert "Choose which claims to export: approved only, or all." in response.content.decode()
    assert Job.objects.count() == 1


@pytest.mark.parametrize(("flag", "highlights"), [("--approved-only", 1), ("--all-claims", 2)])
def test_the_command_flags(mixed, tmp_path, flag, highlights):
    target = tmp_path / "out.html"
    args = [str(mixed.pk), "--format", "html", "--output", str(target), flag]
    call_command("export_document", *args, stdout=io.StringIO())
    html = target.read_text("utf-8")
    assert _highlighted(html) == [APPROVED, DRAFT][:highlights]


def test_the_command_flags_exclude_each_other(mixed, tmp_path):
    with pytest.raises(CommandError, match="not allowed with argument --approved-only"):
        call_command(
            "export_document",
            str(mixed.pk),
            "--format=html",
            f"--output={tmp_path / 'x.html'}",
            "--approved-only",
            "--all-claims",
            stderr=io.StringIO(),
        )
    assert not Job.objects.exists()
