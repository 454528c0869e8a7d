"""Issue 14 on the JSON import: decisions in a file are history (hole 5), texts keep their limits
(hole 8) and every link is http(s) (hole 9); a refused file stores nothing."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from django.urls import reverse

from annotate.document_data import ReviewData
from annotate.models import (
    Claim,
    ClaimStatus,
    Comment,
    Document,
    ImportedDecision,
    JobStatus,
    Review,
    Source,
)
from annotate.rules import EDITED_THIS_ROUND
from annotate.selectors import review as review_selectors
from annotate.services.errors import PermissionDenied, ServiceError
from annotate.services.reviews import claim_approve
from tests.annotate.export import factories as data
from tests.annotate.services.test_imports_lossless import TEXT, export_of, run
from tests.factories import make_document

pytestmark = pytest.mark.django_db


def counts():
    return tuple(
        m.objects.count() for m in (Document, Claim, Source, Review, Comment, ImportedDecision)
    )


def approved_in_file(**fields):
    return data.claim(
        TEXT,
        4,
        47,
        1,
        author="carla",
        approved_by="rosa",
        verdict="false",
        reviews=(ReviewData("rosa", "approved", "Checked it.", data.MOMENT),),
        **fields,
    )


def test_hole5_a_checkers_file_cannot_store_an_approval_in_a_colleagues_name(
    checker, reviewer, django_capture_on_commit_callbacks
):
    job = run(checker, export_of(approved_in_file()), django_capture_on_commit_callbacks)
    assert job.status == JobStatus.SUCCEEDED, job.error
    [claim] = job.document.claims.all()
    assert claim.status == ClaimStatus.IN_REVIEW
    assert (claim.author, claim.approved_by, claim.approved_at) == (checker.user, None, None)
    # No live review in rosa's name: only the importer's submission, made here.
    assert list(claim.reviews.values_list("reviewer", "decision")) == [
        (checker.user.pk, "submitted")
    ]
    assert not Review.objects.filter(reviewer=reviewer.user).exists()
    [history] = claim.imported_decisions.all()
    assert str(history) == "imported: approved by rosa on 06 May 2024, in export.json"
    # It counts toward nothing: no "last review" to diff against, and rosa may really review it.
    assert review_selectors.diff_since_last_review(claim).since is None
    assert [c.pk for c in review_selectors.review_queue(reviewer)] == [claim.pk]


def test_hole5_an_admins_import_records_no_approval_the_colleague_never_gave(
    team_admin, checker, reviewer, django_capture_on_commit_callbacks
):
    job = run(team_admin, export_of(approved_in_file()), django_capture_on_commit_callbacks)
    [claim] = job.document.claims.all()
    assert claim.status == ClaimStatus.IN_REVIEW
    assert (claim.author, claim.approved_by) == (checker.user, None)
    assert claim.reviews.filter(decision="approved").count() == 0
    # The importer put it in review, so the importer cannot approve it either.
    with pytest.raises(PermissionDenied) as error:
        claim_approve(membership=team_admin, claim=claim, version=claim.version)
    assert error.value.message == EDITED_THIS_ROUND
    # rosa approves it here, for real.
    claim_approve(membership=reviewer, claim=claim, version=claim.version)
    claim.refresh_from_db()
    assert (claim.status, claim.approved_by) == (ClaimStatus.APPROVED, reviewer.user)


@pytest.mark.parametrize(
    ("status", "arrives"),
    [
        ("draft", ClaimStatus.DRAFT),
        ("changes_requested", ClaimStatus.DRAFT),
        ("in_review", ClaimStatus.IN_REVIEW),
        ("approved", ClaimStatus.IN_REVIEW),
    ],
)
def test_hole5_an_imported_claim_arrives_as_draft_or_in_review(
    team_admin, checker, reviewer, django_capture_on_commit_callbacks, status, arrives
):
    item = approved_in_file()
    item = replace(item, status=status)
    job = run(team_admin, export_of(item), django_capture_on_commit_callbacks)
    [claim] = job.document.claims.all()
    assert claim.status == arrives
    assert claim.approved_by is None


def test_hole5_the_panel_shows_imported_history_as_such(
    client_for, checker, reviewer, django_capture_on_commit_callbacks
):
    job = run(checker, export_of(approved_in_file()), django_capture_on_commit_callbacks)
    [claim] = job.document.claims.all()
    page = client_for(reviewer).get(reverse("annotate:review-claim", args=[claim.pk]))
    assert "imported: approved by rosa on 06 May 2024, in export.json" in page.content.decode()


def _mangled(mangle) -> bytes:
    payload = json.loads(export_of(approved_in_file()))
    mangle(payload)
    return json.dumps(payload).encode()


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (
            lambda p: p["claims"][0].update(restatement="r" * 2_000_000),
            "The factcheck document is invalid: claims[0].restatement: A restatement is at most "
            "2,000 characters; this one has 2000000.",
        ),
        (
            lambda p: p["claims"][0].update(claimant="c" * 301),
            "The factcheck document is invalid: claims[0].claimant: A claimant is at most 300 "
            "characters; this one has 301.",
        ),
        (
            lambda p: p["claims"][0].update(notes_html="n" * 20_001),
            "The factcheck document is invalid: claims[0].notes: Notes is at most 20,000 "
            "characters; this one has 20001.",
        ),
        (
            lambda p: p["claims"][0]["sources"][0].update(excerpt="e" * 5001),
            "The factcheck document is invalid: claims[0].sources[0].excerpt: A source's "
            "excerpt is at most 5,000 characters; this one has 5001.",
        ),
        (
            lambda p: p["claims"][0]["sources"][0].update(title="t" * 501),
            "The factcheck document is invalid: claims[0].sources[0].title: A source's title "
            "is at most 500 characters; this one has 501.",
        ),
        (
            lambda p: p["claims"][0]["comments"][0].update(body_html="b" * 20_001),
            "The factcheck document is invalid: claims[0].comments[0].body_html: A comment is "
            "at most 20,000 characters; this one has 20001.",
        ),
    ],
)
def test_hole8_an_overlong_text_in_the_file_is_refused_and_stores_nothing(
    reviewer, django_capture_on_commit_callbacks, mangle, message
):
    before = counts()
    job = run(reviewer, _mangled(mangle), django_capture_on_commit_callbacks)
    assert (job.status, job.error) == (JobStatus.FAILED, message)
    assert counts() == before


@pytest.mark.parametrize(
    ("mangle", "path"),
    [
        (lambda p: p["document"].update(source_url="javascript:alert(1)"), "document.source_url"),
        (lambda p: p["document"].update(source_url=" data:text/html,x"), "document.source_url"),
        (
            lambda p: p["claims"][0]["sources"][0].update(archive_url="javascript:alert(1)"),
            "claims[0].sources[0].archive_url",
        ),
        (
            lambda p: p["claims"][0]["sources"][0].update(url="vbscript:x"),
            "claims[0].sources[0].url",
        ),
    ],
)
def test_hole9_a_link_that_is_not_http_is_refused_on_import(
    reviewer, django_capture_on_commit_callbacks, mangle, path
):
    before = counts()
    job = run(reviewer, _mangled(mangle), django_capture_on_commit_callbacks)
    assert (job.status, job.error) == (
        JobStatus.FAILED,
        f"The factcheck document is invalid: {path} must start with http:// or https://.",
    )
    assert counts() == before


def test_hole9_the_one_document_writer_refuses_a_script_link(team):
    before = counts()
    with pytest.raises(ServiceError) as error:
        make_document(team, "A text.", source_url="javascript:alert(1)")
    assert error.value.message == "A document's source link must start with http:// or https://."
    assert counts() == before
