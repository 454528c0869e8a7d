"""In Chromium: upload a file, watch the progress bar reach the document link, follow it."""

from __future__ import annotations

import pytest

from annotate.models import Job
from annotate.services.imports import import_run
from tests.annotate.tasks import importfiles as files


@pytest.mark.django_db(transaction=True)
def test_upload_watch_the_progress_and_open_the_document(
    page, login, live_server, checker, output_dir, tmp_path, monkeypatch
):
    # Hold the job back (no worker picks it up) so the page is seen polling a queued job.
    monkeypatch.setattr("annotate.tasks.imports.run_import.delay", lambda job_id: None)
    path = tmp_path / "roads.txt"
    path.write_bytes(files.txt())
    login(page, checker)
    page.click("nav.mainnav >> text=Import")
    # The picker's script must be running before a file is chosen: wait for the page's load.
    page.wait_for_url(f"{live_server.url}/imports/new/", wait_until="load")
    page.set_input_files("input[name=files]", str(path))
    assert page.locator("[data-chosen] li").inner_text().startswith("roads.txt (")
    page.click("form[data-import-form] button[type=submit]")
    page.wait_for_url(f"{live_server.url}/jobs/*/")
    progress = page.locator("#job-progress")
    assert progress.get_attribute("data-status") == "queued"
    assert progress.get_attribute("hx-trigger") == "every 1s"
    page.screenshot(path=str(output_dir / "import-queued.png"))

    import_run(job_id=Job.objects.get().pk)  # the "worker" runs it; the page's poll sees it

    link = page.locator("#job-progress a.document-link")
    link.wait_for()
    assert page.locator("#job-progress progress").get_attribute("value") == "100"
    assert page.locator("#job-progress").get_attribute("hx-trigger") is None  # polling stopped
    page.screenshot(path=str(output_dir / "import-done.png"))
    link.click()
    page.wait_for_url(f"{live_server.url}/documents/*/")
    assert "€4.2 million" in page.content()


@pytest.mark.django_db(transaction=True)
def test_dropping_files_adds_them_to_the_picker(page, login, live_server, checker):
    login(page, checker)
    page.goto(f"{live_server.url}/imports/new/")
    page.evaluate(
        """() => {
          const zone = document.querySelector("[data-dropzone]");
          const data = new DataTransfer();
          data.items.add(new File(["One."], "one.txt", {type: "text/plain"}));
          data.items.add(new File(["# Two"], "two.md", {type: "text/markdown"}));
          zone.dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true}));
        }"""
    )
    assert page.locator("[data-chosen] li").all_inner_texts() == [
        "one.txt (4 bytes)",
        "two.md (5 bytes)",
    ]
    assert page.evaluate("document.querySelector('[data-file-input]').files.length") == 2


@pytest.mark.django_db(transaction=True)
def test_choosing_a_file_clears_the_last_error_and_shows_a_readable_size(
    page, login, live_server, checker
):
    login(page, checker)
    page.goto(f"{live_server.url}/imports/new/")
    page.get_by_role("button", name="Import").last.click()  # nothing chosen: an error
    banner = page.locator(".import-error")
    banner.wait_for()
    assert banner.is_visible()
    page.set_input_files(
        "[data-file-input]",
        files=[{"name": "brief.txt", "mimeType": "text/plain", "buffer": b"x" * 1536}],
    )
    assert page.locator("[data-chosen] li").all_inner_texts() == ["brief.txt (1.5 KB)"]
    assert page.locator(".import-error").count() == 0
