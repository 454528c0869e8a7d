"""The jobs area in Chromium: an export downloads from the Jobs page; a failed job has no bar."""

from __future__ import annotations

import pytest
from django.urls import reverse

from annotate.models import Job, JobKind, JobStatus
from annotate.services.exports import export_start

pytestmark = pytest.mark.django_db(transaction=True)

WIDE, PHONE = {"width": 1440, "height": 900}, {"width": 390, "height": 844}


@pytest.fixture
def jobs(checker, team, document):
    exported = export_start(membership=checker, document_ids=[document.pk], fmt="w3c")
    failed = Job.objects.create(
        team=team,
        kind=JobKind.IMPORT,
        status=JobStatus.FAILED,
        input_name="photo.txt",
        error="This looks like a PNG image, not a text file.",
        progress_done=1,
        progress_total=4,
        created_by=checker.user,
    )
    exported.refresh_from_db()
    assert exported.status == JobStatus.SUCCEEDED
    return exported, failed


def test_an_export_downloads_from_the_jobs_page_and_a_failure_shows_no_bar(
    page, login, live_server, checker, jobs, output_dir
):
    exported, failed = jobs
    login(page, checker)
    for name, viewport in (("1440", WIDE), ("390", PHONE)):
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}{reverse('annotate:job-list')}")
        row = page.locator(f'tr[data-job="{exported.pk}"]')
        assert row.locator("[data-format]").inner_text() == "W3C Web Annotations"
        assert row.locator("[data-job-download]").is_enabled()
        bad = page.locator(f'tr[data-job="{failed.pk}"]')
        assert "This looks like a PNG image" in bad.inner_text()
        assert bad.locator("progress").count() == 0
        page.screenshot(path=str(output_dir / f"jobs-list-{name}.png"), full_page=True)

    page.set_viewport_size(WIDE)
    page.goto(f"{live_server.url}{reverse('annotate:job-list')}")
    page.click(f'tr[data-job="{exported.pk}"] td:first-child a')
    page.wait_for_url(f"**{reverse('annotate:job-detail', args=[exported.pk])}")
    button = page.locator("[data-export-download]")
    assert button.is_visible() and button.is_enabled()
    page.screenshot(path=str(output_dir / "job-export-1440.png"))
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename == exported.result_name
    assert exported.result_name.endswith(".w3c.jsonld")

    for name, viewport in (("1440", WIDE), ("390", PHONE)):
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}{reverse('annotate:job-detail', args=[failed.pk])}")
        alert = page.locator("[data-job-error]")
        assert alert.is_visible() and "PNG image" in alert.inner_text()
        assert page.locator("#job-progress progress").count() == 0
        page.screenshot(path=str(output_dir / f"job-failed-{name}.png"))
