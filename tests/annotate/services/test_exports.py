"""Export service: starting jobs safely, and each format rendered from real database documents."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import replace

import pytest

from annotate.document_data import LinkData
from annotate.ingest import lossless as lossless_reader
from annotate.models import Claim, Document, Job, JobKind, JobStatus, Role
from annotate.selectors.exports import documents_export_data
from annotate.services import claims as claim_services
from annotate.services.errors import NotFound, ServiceError
from annotate.services.exports import export_create, export_render, export_run, export_start
from annotate.services.jobs import job_begin
from annotate.services.teams import membership_set
from tests.annotate.export.w3c_schema import COLLECTION_MUSTS, PAGE_MUSTS, must_failures
from tests.annotate.exports_support import (
    FORMULA,
    HOSTILE_NOTES,
    claims_on,
    document_with_claims,
    seed_demo,
)
from tests.factories import make_document, make_team

pytestmark = pytest.mark.django_db


def run(job: Job) -> Job:
    """Run `job` the way the task does, and return it reloaded."""
    export_render(job_begin(job_id=job.pk))
    job.refresh_from_db()
    return job


def export_bytes(team, ids, fmt) -> tuple[Job, bytes]:
    # Every claim, drafts included (what these tests render and escape); approved-only exports,
    # the publishable formats' default, are tested in test_exports_approved_only.py.
    job = run(export_create(team=team, document_ids=ids, fmt=fmt, approved_only=False))
    assert job.status == JobStatus.SUCCEEDED, job.error
    with job.result_file.open("rb") as handle:
        return job, handle.read()


@pytest.fixture
def demo():
    team, members = seed_demo()
    documents = list(team.documents.order_by("id"))
    return team, members, documents


# --- Starting ---------------------------------------------------------------------------------


def test_start_queues_one_job_after_commit(checker, document, django_capture_on_commit_callbacks):
    """The job is stored with its format and ids, and runs once the transaction commits."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = export_start(membership=checker, document_ids=[document.pk], fmt="md")
        assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
    assert len(callbacks) == 2  # the export's task, then its "finished" notification's email
    job.refresh_from_db()
    assert (job.kind, job.status, job.params) == (
        JobKind.EXPORT,
        JobStatus.SUCCEEDED,
        {"format": "md", "document_ids": [document.pk], "approved_only": True},
    )
    assert job.document == document
    assert job.created_by == checker.user
    assert job.result_name == f"budget-story-{document.pk}.md"


def test_viewers_may_export(viewer, document, django_capture_on_commit_callbacks):
    """Exports only read, so every member of the team may start one."""
    with django_capture_on_commit_callbacks(execute=True):
        job = export_start(membership=viewer, document_ids=[document.pk], fmt="csv")
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED


def test_another_teams_ids_are_refused_and_nothing_is_queued(checker, document, other_team):
    """A forged id (another team's document, or none at all) gives an error and no job."""
    theirs = make_document(other_team)
    for ids in ([theirs.pk], [document.pk, theirs.pk], [document.pk, 987654], [2**64], [-3]):
        with pytest.raises(NotFound) as caught:
            export_start(membership=checker, document_ids=ids, fmt="json")
        missing = ids[-1]
        assert caught.value.message == f"No such document in this team: {missing}."
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    ("ids", "fmt", "message"),
    [
        (
            [1],
            "pdf",
            "Unknown export format “pdf”. Choose one of: html, md, json, w3c, claimreview, csv.",
        ),
        ([], "html", "Choose at least one document to export."),
        (["12x"], "html", "Document ids must be whole numbers, not “12x”."),
        (list(range(1, 202)), "html", "Export at most 200 documents at a time."),
    ],
)
def test_bad_requests_say_why_and_store_nothing(checker, ids, fmt, message):
    """A bad format or id list is refused with a message; no job is stored."""
    with pytest.raises(ServiceError) as caught:
        export_start(membership=checker, document_ids=ids, fmt=fmt)
    assert caught.value.message == message
    assert not Job.objects.exists()


# --- Running: failures ------------------------------------------------------------------------


def test_a_document_deleted_after_the_start_fails_the_job_with_why(team, document):
    """The job fails, says which document went away, and keeps no file."""
    job = export_create(team=team, document_ids=[document.pk], fmt="html")
    Document.objects.filter(pk=document.pk).delete()
    job = run(job)
    assert job.status == JobStatus.FAILED
    assert job.error == (
        f"Document {document.pk} is no longer in this team (deleted after the export started)."
    )
    assert not job.result_file


def test_ids_forged_into_a_job_are_not_read(team, document, other_team):
    """Even ids written straight into a job's params are checked against the job's team."""
    theirs = make_document(other_team, title="Secret draft")
    job = export_create(team=team, document_ids=[document.pk], fmt="json")
    Job.objects.filter(pk=job.pk).update(params={"format": "json", "document_ids": [theirs.pk]})
    job = run(job)
    assert job.status == JobStatus.FAILED
    assert "no longer in this team" in job.error
    assert not job.result_file


def test_a_second_run_replaces_the_first_file(team, document):
    """Running the same job again (a re-delivered task) leaves one result file."""
    job = run(export_create(team=team, document_ids=[document.pk], fmt="md"))
    first = job.result_file.name
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    job.refresh_from_db()
    export_render(job)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    storage = job.result_file.storage
    assert not storage.exists(first) or first == job.result_file.name
    assert storage.exists(job.result_file.name)


# --- Formats on the demo documents ------------------------------------------------------------


def test_html_highlights_every_claim_and_escapes(demo):
    """Each quote is in the page; the notes went through the sanitizer."""
    team, _, documents = demo
    for document in documents:
        _, content = export_bytes(team, [document.pk], "html")
        page = content.decode("utf-8")
        assert page.startswith("<!DOCTYPE html>") or page.lower().startswith("<!doctype html>")
        assert "<script" not in page.lower()
        for claim in Claim.objects.filter(document=document):
            assert _html_text(claim.quote) in page


def _html_text(text: str) -> str:
    from html import escape

    return escape(text, quote=False)


def test_markdown_has_a_footnote_per_claim(demo):
    """Every claim gets a numbered footnote."""
    team, _, documents = demo
    for document in documents:
        _, content = export_bytes(team, [document.pk], "md")
        text = content.decode("utf-8")
        count = Claim.objects.filter(document=document).count()
        assert all(f"[^{n}]:" in text for n in range(1, count + 1))


def test_json_reads_back_as_the_same_document(demo):
    """The lossless JSON equals the selector's data once read back."""
    team, _, documents = demo
    for document in documents:
        _, content = export_bytes(team, [document.pk], "json")
        (expected,) = documents_export_data(team, [document.pk])
        assert lossless_reader.read(content) == expected


def test_json_round_trips_through_the_import(demo):
    """Importing the JSON into another team and exporting it again gives the same document,
    except for ids, the team and the import's own bookkeeping."""
    from annotate.services.lossless_import import document_from_lossless

    team, members, documents = demo
    newsroom = make_team("Second Desk", "second")
    importer = None
    for username, member in members.items():
        copy = membership_set(team=newsroom, user=member.user, role=member.role)
        if username == "admin":  # a migration: only an admin's import keeps people
            importer = copy
    for document in documents:
        _, content = export_bytes(team, [document.pk], "json")
        imported = document_from_lossless(membership=importer, data=lossless_reader.read(content))
        (before,) = documents_export_data(team, [document.pk])
        (after,) = documents_export_data(newsroom, [imported.pk])
        assert _comparable(after) == _comparable(before)
        # The file's decisions never happened here (issue 14, hole 5): approved claims arrive in
        # review, sent-back ones as drafts, each with the importer's note saying so.
        for was, now in zip(before.claims, after.claims, strict=True):
            assert now.status == IMPORTED_STATUS.get(was.status, was.status)
            assert (now.approved_by, now.approved_at, now.reviews) == ("", None, ())
            assert now.comments[: len(was.comments)] == was.comments
            assert len(now.comments) == len(was.comments) + (was.status == "approved")


IMPORTED_STATUS = {"approved": "in_review", "changes_requested": "draft"}


def _comparable(doc):
    """The document without ids, team, times and the workflow state an import resets."""
    claims = tuple(
        replace(claim, id=0, status="", approved_by="", approved_at=None, reviews=(), comments=())
        for claim in doc.claims
    )
    return replace(doc, id=0, team=None, claims=claims, created_at=None, source_format="")


def test_w3c_validates_and_offsets_select_the_quotes(demo):
    """The collection passes the W3C MUST schemas; each position selects its exact quote."""
    team, _, documents = demo
    for document in documents:
        _, content = export_bytes(team, [document.pk], "w3c")
        collection = json.loads(content)
        assert must_failures(collection, COLLECTION_MUSTS) == []
        assert must_failures(collection, PAGE_MUSTS) == []
        annotations = collection["first"]["items"]
        assert len(annotations) == Claim.objects.filter(document=document).count()
        for annotation in annotations:
            assert must_failures({"@context": collection["@context"], **annotation}) == []
            quote, position = annotation["target"]["selector"]
            assert document.text[position["start"] : position["end"]] == quote["exact"]


def test_claimreview_lists_approved_claims_only(demo):
    """One ClaimReview per approved claim with a verdict, with the team as author."""
    team, _, documents = demo
    for document in documents:
        _, content = export_bytes(team, [document.pk], "claimreview")
        reviews = json.loads(content)
        approved = Claim.objects.filter(document=document, status="approved", verdict__isnull=False)
        assert sorted(r["url"] for r in reviews) == sorted(
            f"http://127.0.0.1:8000/claims/{pk}" for pk in approved.values_list("pk", flat=True)
        )
        for review in reviews:
            assert review["author"]["name"] == "Demo Newsroom"
            assert review["reviewRating"]["alternateName"]


def test_csv_has_a_row_per_claim_with_a_bom(demo):
    """UTF-8 with a BOM, a header and one row per claim."""
    team, _, documents = demo
    for document in documents:
        _, content = export_bytes(team, [document.pk], "csv")
        assert content.startswith("\ufeff".encode())
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        assert len(rows) == 1 + Claim.objects.filter(document=document).count()


def test_several_documents_make_a_zip_with_one_file_each(demo):
    """A selection gives a zip: one file per document (and the combined CSV)."""
    team, _, documents = demo
    ids = [d.pk for d in documents]
    job, content = export_bytes(team, ids, "csv")
    assert job.result_name == f"demo-csv-export-{job.pk}.zip"
    assert job.progress_done == job.progress_total == 2
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert names == [
        f"learning-to-coexist-peacefully-with-north-korea-{ids[0]}.csv",
        f"normalize-relations-with-north-korea-{ids[1]}.csv",
        "all-documents.csv",
    ]
    job, content = export_bytes(team, ids, "w3c")
    assert len(zipfile.ZipFile(io.BytesIO(content)).namelist()) == 2


# --- Hostile data from the database -----------------------------------------------------------


@pytest.fixture
def hostile(team, checker):
    document = make_document(
        team, "Taxes rose by 40% last year. Nobody checked that.", title="<b>Taxes</b>"
    )
    claim_services.claim_create(
        membership=checker,
        document=document,
        start=0,
        end=27,
        quote="Taxes rose by 40% last year",
        restatement="<script>alert('r')</script> **bold** [x](javascript:alert(1))",
        claimant=FORMULA,
        notes=HOSTILE_NOTES,
    )
    return document


def test_hostile_notes_and_fields_are_escaped_in_html(team, hostile):
    """No script, handler or javascript: link reaches the HTML export."""
    _, content = export_bytes(team, [hostile.pk], "html")
    page = content.decode("utf-8").lower()
    for bad in ("<script", "onerror=", 'href="javascript:', "<b>taxes</b>"):
        assert bad not in page
    assert "&lt;script&gt;" in page


def test_hostile_fields_are_escaped_in_markdown(team, hostile):
    """Rendered as CommonMark, the Markdown export has no tag, handler or javascript: link."""
    from markdown_it import MarkdownIt

    _, content = export_bytes(team, [hostile.pk], "md")
    html = MarkdownIt("commonmark").render(content.decode("utf-8")).lower()
    for bad in ("<script", "onerror=", 'href="javascript:', "<b>taxes</b>", "<img"):
        assert bad not in html
    assert "&lt;script&gt;" in html


def test_formulas_are_neutralized_in_csv(team, hostile):
    """A claimant starting with `=` is written as text."""
    _, content = export_bytes(team, [hostile.pk], "csv")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[1][4] == "'" + FORMULA


# --- Query counts -----------------------------------------------------------------------------

# job.team, the team's published claims (their ClaimReview urls), progress x2 (document,
# packing), the 8 selector statements, reloading the job's document link, the final job save.
QUERIES_ONE_DOCUMENT = 14


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize("n", [2, 10])
def test_query_count_does_not_grow_with_claims(team, fmt, n, django_assert_num_queries):
    """An export of one document costs the same statements whatever its claim count."""
    document = document_with_claims(team, n)
    job = job_begin(job_id=export_create(team=team, document_ids=[document.pk], fmt=fmt).pk)
    job = Job.objects.get(pk=job.pk)
    with django_assert_num_queries(QUERIES_ONE_DOCUMENT):
        export_render(job)
    assert job.status == JobStatus.SUCCEEDED


def test_claims_on_helper_builds_reviews_and_comments(team, checker, reviewer, document):
    """The query-count data really has every kind of child row (else the test proves little)."""
    claims_on(document, 2, checker=checker, reviewer=reviewer)
    (doc,) = documents_export_data(team, [document.pk])
    assert [len(c.sources) for c in doc.claims] == [1, 1]
    assert [len(c.reviews) for c in doc.claims] == [0, 1]
    assert [len(c.comments) for c in doc.claims] == [0, 1]
    assert reviewer.role == Role.REVIEWER


# --- Bounded memory (issue 20): the peak does not follow the claim count ------------------------


def traced_peak(action) -> int:
    """Peak bytes allocated (tracemalloc) while `action` runs, above what was held before."""
    import gc
    import tracemalloc

    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        action()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - before


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_exports_peak_memory_does_not_grow_with_its_claims(team, checker, fmt, monkeypatch):
    """Two documents of the same 3,000 sentences, with 300 and with 3,000 claims (pages of 100):
    the export of the second peaks no higher than the first's plus a margin, while reading all
    claims at once would hold ten times the rows."""
    from annotate.selectors import exports as export_selectors
    from tests.annotate.exports_support import bulk_claims
    from tests.factories import sentences_text

    monkeypatch.setattr(export_selectors, "CLAIMS_PER_PAGE", 100)
    peaks = {}
    for n in (300, 3000):
        document = make_document(team, sentences_text(3000, seed=n), title=f"{n} claims")
        bulk_claims(document, n, author=checker.user)
        job = export_create(team=team, document_ids=[document.pk], fmt=fmt)
        peaks[n] = traced_peak(lambda job=job: export_run(job_id=job.pk))
        job.refresh_from_db()
        assert job.status == "succeeded", job.error
        assert job.result_file.size > (n * 40)  # every claim is in the file
    assert peaks[3000] < peaks[300] * 1.3, peaks


@pytest.mark.parametrize("fmt", ["json", "html"])
def test_the_articles_links_reach_the_exported_file(team, fmt):
    """The JSON job (which streams its claims) and the HTML job both carry the links."""
    text = "The council cited its budget report. Critics disagree."
    start = text.index("budget report")
    link = LinkData(start, start + 13, "https://council.example/budget.pdf", "footnote")
    document = make_document(team, text, links=[link])
    _job, data = export_bytes(team, [document.pk], fmt)
    if fmt == "json":
        assert lossless_reader.read(data).links == (link,)
    else:
        assert (
            '<a class="cited" href="https://council.example/budget.pdf" rel="nofollow noopener">'
            "budget report</a>"
        ) in data.decode()
