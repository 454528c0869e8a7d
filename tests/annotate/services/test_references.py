"""Other outlets' fact-checks (ClaimReview) imported as the archive's references (issue 16)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from annotate.models import Claim, Document, JobStatus, ReferenceCheck
from annotate.selectors.search import search
from annotate.services.errors import PermissionDenied
from annotate.services.imports import import_run, import_start

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "data" / "claimreview"


def fixture(name: str) -> bytes:
    return (DATA / name).read_bytes()


def run(membership, name: str, payload: bytes, **kwargs):
    [job] = import_start(membership=membership, uploads=[(name, payload)], enqueue=False, **kwargs)
    import_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def counts():
    return (
        ReferenceCheck.objects.count(),
        Document.with_importing.count(),
        Claim.everything.count(),
    )


def test_a_feed_becomes_reference_fact_checks_and_nothing_else(checker):
    job = run(checker, "feed.jsonld", fixture("datafeed.json"))
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.stage == "2 fact-checks from other outlets"
    assert job.document is None and Document.with_importing.count() == 0
    zambia = ReferenceCheck.objects.get(url__endswith="zambia-cholera-deaths")
    assert zambia.outlet == "Africa Check" and zambia.team_id == checker.team_id
    assert zambia.claim_reviewed.startswith("Zambia recorded more than 400 cholera deaths")
    assert zambia.imported_by == checker.user


def test_importing_the_feed_again_updates_instead_of_doubling(checker):
    run(checker, "feed.jsonld", fixture("datafeed.json"))
    feed = json.loads(fixture("datafeed.json"))
    feed["dataFeedElement"][0]["item"][0]["reviewRating"]["alternateName"] = "Corrected"
    job = run(checker, "feed.jsonld", json.dumps(feed).encode())
    assert job.stage == "2 fact-checks from other outlets (2 already known, updated)"
    assert ReferenceCheck.objects.count() == 2
    assert (
        ReferenceCheck.objects.get(url__endswith="zambia-cholera-deaths").rating_label
        == "Corrected"
    )


def test_a_json_file_that_is_claimreview_is_told_from_our_own_export(checker):
    job = run(checker, "politifact.json", fixture("politifact_single.json"))
    assert job.status == JobStatus.SUCCEEDED and job.params["references"] is True
    assert ReferenceCheck.objects.count() == 1


def test_a_saved_fact_check_page_is_read_for_its_embedded_reviews_when_asked(checker):
    job = run(checker, "check.html", fixture("africacheck_page.html"), references=True)
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert ReferenceCheck.objects.count() == 2
    assert len(job.warnings) == 1 and "block 3 of 4 skipped" in job.warnings[0]
    # Without the flag the same page is an article.
    article = run(checker, "check.html", fixture("africacheck_page.html"))
    assert article.document is not None and ReferenceCheck.objects.count() == 2


def test_a_page_with_no_claimreview_fails_with_the_readers_message_and_stores_nothing(checker):
    before = counts()
    job = run(
        checker, "story.html", b"<html><body><p>Just an article.</p></body></html>", references=True
    )
    assert job.status == JobStatus.FAILED
    assert "ClaimReview" in job.error
    assert counts() == before


def test_a_broken_feed_fails_and_stores_nothing(checker):
    before = counts()
    job = run(checker, "feed.jsonld", b'{"@type": "ClaimReview", "claimReviewed": ')
    assert job.status == JobStatus.FAILED and job.error
    assert counts() == before


def test_viewers_may_not_import_references(viewer):
    with pytest.raises(PermissionDenied):
        import_start(membership=viewer, uploads=[("f.jsonld", fixture("datafeed.json"))])
    assert ReferenceCheck.objects.count() == 0


def test_references_are_searchable_in_their_team_only(checker, outsider):
    run(checker, "feed.jsonld", fixture("datafeed.json"))
    page = search(checker, q="cholera")
    assert [(r.kind, r.obj.outlet) for r in page.results] == [("reference", "Africa Check")]
    assert page.results[0].url.startswith("https://africacheck.example/")
    assert search(checker, q="africa check", kind=("reference",)).total == 2
    assert search(checker, q="cholera", kind=("claim",)).total == 0
    assert search(outsider, q="cholera").total == 0


def test_the_api_imports_references_with_the_flag(checker, django_capture_on_commit_callbacks):
    from rest_framework.test import APIClient

    from annotate.api.tokens import token_create

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_create(user=checker.user).key}")
    page = io.BytesIO(fixture("africacheck_page.html"))
    page.name = "check.html"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/imports/", {"files": [page], "references": "true"}, format="multipart"
        )
    assert response.status_code == 202, response.content
    assert ReferenceCheck.objects.count() == 2


def test_the_command_imports_references(checker, tmp_path):
    path = tmp_path / "feed.jsonld"
    path.write_bytes(fixture("datafeed.json"))
    out = io.StringIO()
    call_command(
        "import_document",
        str(path),
        "--team",
        checker.team.slug,
        "--user",
        checker.user.username,
        stdout=out,
    )
    assert out.getvalue() == f"{path}\treferences: 2 fact-checks from other outlets\n"
