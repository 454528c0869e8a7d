"""Imports, exports and jobs through the API, and the scripted end-to-end scenario."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from annotate.models import Job
from tests.annotate.api.conftest import make_claim
from tests.annotate.import_fixtures import FormatCase, every_format

pytestmark = pytest.mark.django_db

ARTICLE = b"Budget day\n\nThe city spent $12 million on roads in 2023. The mayor disagreed.\n"


def upload(name: str = "budget.txt", data: bytes = ARTICLE) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/plain")


def test_import_files_gives_one_job_each(api_for, checker, django_capture_on_commit_callbacks):
    client = api_for(checker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/imports/",
            {"files": [upload(), upload("b.md", b"# Other\n\nAnother text.")]},
            format="multipart",
        )
    assert response.status_code == 202, response.json()
    jobs = response.json()
    assert [(j["kind"], j["input_name"]) for j in jobs] == [
        ("import", "budget.txt"),
        ("import", "b.md"),
    ]
    done = client.get(f"/api/jobs/{jobs[0]['id']}/").json()
    assert (done["status"], done["percent"], done["is_finished"]) == ("succeeded", 100, True)
    assert client.get(f"/api/documents/{done['document']}/").json()["title"] == "Budget day"


@every_format
def test_every_format_imports_through_the_api(
    api_for, checker, django_capture_on_commit_callbacks, case: FormatCase
):
    """Each format posted to /api/imports/ becomes a document of the caller's team."""
    client = api_for(checker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/imports/",
            {"files": [SimpleUploadedFile(case.name, case.build())]},
            format="multipart",
        )
    assert response.status_code == 202, response.json()
    [job] = response.json()
    done = client.get(f"/api/jobs/{job['id']}/").json()
    assert (done["status"], done["error"]) == ("succeeded", "")
    document = client.get(f"/api/documents/{done['document']}/").json()
    assert document["source_format"] == case.source_format
    assert document["original_name"] == case.name
    assert case.expected in document["text"]


def test_import_refusals(api_for, checker, viewer, settings):
    """No file: 400; a viewer: 403; a file over the limit: 413. No job in each case."""
    client = api_for(checker)
    response = client.post("/api/imports/", {}, format="multipart")
    assert (response.status_code, response.json()["field"]) == (400, "files")
    response = api_for(viewer).post("/api/imports/", {"files": [upload()]}, format="multipart")
    assert response.status_code == 403
    settings.MAX_UPLOAD_BYTES = 10
    response = client.post("/api/imports/", {"files": [upload()]}, format="multipart")
    assert response.status_code == 413
    assert response.json() == {
        "detail": "“budget.txt” is 0.0 MB; the limit is 0.0 MB.",
        "field": "files",
    }
    assert not Job.objects.exists()


def test_a_body_too_big_for_any_import_is_a_413_before_parsing(api_for, checker, settings):
    settings.MAX_UPLOAD_BYTES = 10
    settings.MAX_UPLOAD_MB = 0
    response = api_for(checker).post(
        "/api/imports/", {"files": [upload(data=b"x" * 2_000_000)]}, format="multipart"
    )
    assert response.status_code == 413
    assert response.json()["field"] == "files"


def test_export_and_download(
    api_for, viewer, checker, document, django_capture_on_commit_callbacks
):
    """Any member may export; the job links to its file, which downloads."""
    make_claim(checker, document)
    client = api_for(viewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/exports/", {"documents": [document.pk], "format": "csv"}, format="json"
        )
    assert response.status_code == 202, response.json()
    job = client.get(f"/api/jobs/{response.json()['id']}/").json()
    assert job["status"] == "succeeded"
    assert job["result_url"] == f"http://testserver/api/jobs/{job['id']}/result/"
    download = client.get(job["result_url"])
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    assert b"The U.S. spent $5 billion in 2019." in b"".join(download.streaming_content)


def test_export_refusals(api_for, checker, outsider, document):
    client = api_for(outsider)
    response = client.post(
        "/api/exports/", {"documents": [document.pk], "format": "csv"}, format="json"
    )
    assert response.status_code == 404
    assert response.json()["field"] == "documents"
    response = client.post("/api/exports/", {"documents": [], "format": "csv"}, format="json")
    assert (response.status_code, response.json()["field"]) == (400, "documents")
    response = client.post("/api/exports/", {"documents": [1], "format": "pdf"}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == '"pdf" is not a valid choice.'
    assert not Job.objects.exists()


def test_jobs_of_another_team_are_404s(
    api_for, checker, outsider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job_id = (
            api_for(checker)
            .post("/api/imports/", {"files": [upload()]}, format="multipart")
            .json()[0]["id"]
        )
    client = api_for(outsider)
    assert client.get(f"/api/jobs/{job_id}/").status_code == 404
    assert client.get(f"/api/jobs/{job_id}/result/").status_code == 404
    assert client.get("/api/jobs/").json()["count"] == 0
    response = api_for(checker).get(f"/api/jobs/{job_id}/result/")
    assert response.status_code == 404
    assert response.json()["detail"] == "This job has no file to download (yet)."


@pytest.mark.django_db(transaction=True)
def test_a_script_imports_marks_submits_gets_approval_and_exports_claimreview(
    api_for, checker, reviewer
):
    """The scripted workflow, by token: import, wait, claim + source, submit, approve, export."""
    script = api_for(checker)
    jobs = script.post("/api/imports/", {"files": [upload()]}, format="multipart").json()
    job = script.get(f"/api/jobs/{jobs[0]['id']}/").json()
    while not job["is_finished"]:  # Celery runs eagerly here; a real script sleeps between polls
        job = script.get(f"/api/jobs/{job['id']}/").json()
    assert job["status"] == "succeeded", job["error"]
    document = script.get(f"/api/documents/{job['document']}/").json()
    quote = "The city spent $12 million on roads in 2023."
    start = document["text"].index(quote)
    claim = script.post(
        "/api/claims/",
        {
            "document": document["id"],
            "start": start,
            "end": start + len(quote),
            "quote": quote,
            "restatement": "Road spending was $12m in 2023.",
            "claimant": "City hall",
            "verdict": "mostly-true",
        },
        format="json",
    ).json()
    source = script.post(
        "/api/sources/",
        {"claim": claim["id"], "url": "https://example.org/city-budget-2023", "title": "Budget"},
        format="json",
    )
    assert source.status_code == 201
    submitted = script.post(f"/api/claims/{claim['id']}/submit/", {}, format="json")
    assert submitted.json()["status"] == "in_review"
    approved = api_for(reviewer).post(
        f"/api/claims/{claim['id']}/approve/",
        {"version": submitted.json()["version"]},
        format="json",
    )
    assert approved.json()["status"] == "approved"
    export = script.post(
        "/api/exports/", {"documents": [document["id"]], "format": "claimreview"}, format="json"
    ).json()
    export = script.get(f"/api/jobs/{export['id']}/").json()
    assert export["status"] == "succeeded", export["error"]
    download = script.get(export["result_url"])
    data = json.loads(b"".join(download.streaming_content))
    text = json.dumps(data)
    assert "ClaimReview" in text
    assert "Road spending was $12m in 2023." in text


def test_the_api_shows_jobs_the_sweep_failed_and_never_fails_them_itself(api_for, checker):
    """A job "running" past the limit stays as it is on a GET; once the sweep has failed it,
    the list and the detail report it failed, with the message."""
    from annotate.services.job_sweep import jobs_sweep
    from tests.annotate.services.test_jobs import STALE_AFTER_SECONDS, running_job

    client = api_for(checker)
    job = running_job(checker, seconds_ago=STALE_AFTER_SECONDS + 60)
    assert client.get(f"/api/jobs/{job.pk}/").json()["status"] == "running"
    jobs_sweep(in_flight=None)
    [row] = client.get("/api/jobs/").json()["results"]
    assert (row["id"], row["status"], row["is_finished"]) == (job.pk, "failed", True)
    assert row["error"] == "The worker stopped while running this job. Start it again."
    detail = client.get(f"/api/jobs/{job.pk}/").json()
    assert (detail["status"], detail["error"]) == (
        "failed",
        "The worker stopped while running this job. Start it again.",
    )


@pytest.mark.django_db(transaction=True)  # the job is handed to Redis when its row commits
def test_imports_and_exports_while_redis_is_down_are_503_with_the_message(
    api_for, checker, document, stopped_broker
):
    client = api_for(checker)
    imported = client.post("/api/imports/", {"files": [upload()]}, format="multipart")
    exported = client.post(
        "/api/exports/", {"documents": [document.pk], "format": "csv"}, format="json"
    )
    for response in (imported, exported):
        assert response.status_code == 503, response.content
        assert "The job queue is not answering; try again." in response.content.decode()
    assert set(Job.objects.values_list("status", "error")) == {
        ("failed", "The job queue is not answering; try again.")
    }


# --- Web pages, duplicates on purpose, links (issue 13) -----------------------------------------


def test_a_web_page_is_imported_from_its_url(
    api_for, checker, page_server, allow_loopback, django_capture_on_commit_callbacks
):
    client = api_for(checker)
    url = f"{page_server}/news/haushalt.html"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/imports/", {"url": url}, format="json")
    assert response.status_code == 202, response.json()
    [job] = response.json()
    done = client.get(f"/api/jobs/{job['id']}/").json()
    assert (done["status"], done["warnings"]) == ("succeeded", [])
    document = client.get(f"/api/documents/{done['document']}/").json()
    assert (document["source_url"], document["source_format"]) == (url, "html")
    assert [
        (document["text"][k["start"] : k["end"]], k["url"], k["origin"]) for k in document["links"]
    ] == [
        (
            "Beschlussvorlage der Verwaltung",
            "https://www.stadt.example/rathaus/haushalt-2020.pdf",
            "body",
        ),
        (
            "Gutachten aus dem vergangenen Jahr",
            "https://www.stadt.example/gutachten/hallenbad",
            "body",
        ),
    ]


def test_a_hostile_redirect_fails_the_job_with_its_reason(
    api_for, checker, page_server, allow_loopback, django_capture_on_commit_callbacks
):
    client = api_for(checker)
    with django_capture_on_commit_callbacks(execute=True):
        [job] = client.post(
            "/api/imports/", {"url": f"{page_server}/to-loopback"}, format="json"
        ).json()
    done = client.get(f"/api/jobs/{job['id']}/").json()
    assert done["status"] == "failed"
    assert done["error"].startswith("The address localhost points to a loopback address")
    assert client.get("/api/documents/").json()["count"] == 0


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "", "https://"])
def test_a_url_that_is_no_web_page_is_a_400(api_for, checker, url):
    response = api_for(checker).post("/api/imports/", {"url": url}, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "url"
    assert Job.objects.count() == 0


def test_a_duplicate_can_be_imported_again_as_a_separate_document(
    api_for, checker, outsider, django_capture_on_commit_callbacks
):
    client = api_for(checker)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/api/imports/", {"files": [upload()]}, format="multipart")
        [dup] = client.post(
            "/api/imports/", {"files": [upload("wire.txt")]}, format="multipart"
        ).json()
    dup = client.get(f"/api/jobs/{dup['id']}/").json()
    assert dup["duplicate_of"] == dup["document"]
    assert api_for(outsider).post(f"/api/jobs/{dup['id']}/import-again/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/jobs/{dup['id']}/import-again/")
    assert response.status_code == 202, response.json()
    again = client.get(f"/api/jobs/{response.json()['id']}/").json()
    assert (again["status"], again["duplicate_of"]) == ("succeeded", None)
    copy = client.get(f"/api/documents/{again['document']}/").json()
    assert (copy["copy_of"], copy["original_name"]) == (dup["document"], "wire.txt")
    refused = client.post(f"/api/jobs/{dup['id']}/import-again/")
    assert refused.status_code == 400 and "found no text" in refused.json()["detail"]
