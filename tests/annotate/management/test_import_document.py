"""The import_document command: one line per file, the same job code, non-zero exit on failure."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command

from annotate.models import Document, Job
from annotate.services.imports import import_run
from tests.annotate.import_fixtures import FormatCase, every_format
from tests.annotate.tasks import importfiles as files

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, int]:
    out = io.StringIO()
    try:
        call_command("import_document", *args, stdout=out)
    except SystemExit as exit:
        return out.getvalue(), exit.code
    return out.getvalue(), 0


def test_each_file_prints_its_document_id(tmp_path, team_admin):
    good = tmp_path / "roads.txt"
    good.write_bytes(files.txt())
    page = tmp_path / "page.html"
    page.write_bytes(files.html_page())
    output, code = run(str(good), str(page), "--team", "planet")
    documents = {d.original_name: d.pk for d in Document.objects.all()}
    assert output.splitlines() == [
        f"{good}\t{documents['roads.txt']}",
        f"{page}\t{documents['page.html']}",
    ]
    assert code == 0
    assert Document.objects.get(original_name="roads.txt").created_by == team_admin.user
    assert {job.params["source"] for job in Job.objects.all()} == {"command"}


@every_format
def test_every_format_imports_through_the_command(tmp_path, team_admin, case: FormatCase):
    """Each format given to the command becomes a document of the team; exit status 0."""
    path = tmp_path / case.name
    path.write_bytes(case.build())
    output, code = run(str(path), "--team", "planet")
    document = Document.objects.get()
    assert (output, code) == (f"{path}\t{document.pk}\n", 0)
    assert (document.source_format, document.original_name) == (case.source_format, case.name)
    assert case.expected in document.text
    assert document.team_id == team_admin.team_id


def test_failures_are_reported_and_make_the_exit_status_non_zero(tmp_path, team_admin, checker):
    good = tmp_path / "roads.md"
    good.write_bytes(files.markdown())
    bad = tmp_path / "photo.txt"
    bad.write_bytes(files.PNG)
    missing = tmp_path / "missing.txt"
    output, code = run(str(good), str(bad), str(missing), "--team", "planet", "--user", "carla")
    lines = output.splitlines()
    assert lines[0] == f"{missing}\terror: cannot read the file (No such file or directory)"
    assert lines[1] == f"{good}\t{Document.objects.get().pk}"
    assert lines[2] == (
        f"{bad}\terror: This looks like a PNG image, not a text file. "
        "Save the article as .txt, .md, .html or .docx."
    )
    assert code == 1
    assert Document.objects.get().created_by == checker.user


def test_a_file_already_imported_prints_the_existing_id(tmp_path, team_admin):
    path = tmp_path / "roads.txt"
    path.write_bytes(files.txt())
    run(str(path), "--team", "planet")
    output, code = run(str(path), "--team", "planet")
    assert output == f"{path}\t{Document.objects.get().pk}\talready imported\n"
    assert code == 0


def test_a_file_over_the_limit_is_refused(tmp_path, team_admin, settings):
    settings.MAX_UPLOAD_BYTES = 10
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 11)
    output, code = run(str(path), "--team", "planet")
    assert output == f"{path}\terror: “big.txt” is 0.0 MB; the limit is 0.0 MB.\n"
    assert code == 1
    assert Job.objects.count() == 0


def test_queue_without_a_worker_reports_the_unfinished_job(tmp_path, team_admin, monkeypatch):
    monkeypatch.setattr("annotate.tasks.imports.run_import.delay", lambda job_id: None)
    path = tmp_path / "roads.txt"
    path.write_bytes(files.txt())
    output, code = run(str(path), "--team", "planet", "--queue", "--timeout", "0")
    job = Job.objects.get()
    assert output == f"{path}\terror: the job is still queued (job {job.pk})\n"
    assert code == 1
    assert import_run(job_id=job.pk).status == "succeeded"  # a worker can still take it


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--team", "nowhere"], "No team with the slug “nowhere” (or it has no members)."),
        (["--team", "planet", "--user", "zed"], "“zed” is not a member of the team “planet”."),
    ],
)
def test_bad_team_or_user(tmp_path, team_admin, args, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("import_document", str(tmp_path / "a.txt"), *args)


def test_a_team_without_an_admin_needs_user(tmp_path, checker):
    with pytest.raises(CommandError, match="has no admin; say who imports with --user"):
        call_command("import_document", str(tmp_path / "a.txt"), "--team", "planet")


def test_a_web_page_is_imported_with_url(team_admin, page_server, allow_loopback):
    url = f"{page_server}/news/haushalt.html"
    output, code = run("--url", url, "--team", "planet")
    document = Document.objects.get()
    assert (output, code) == (f"{url}\t{document.pk}\n", 0)
    assert (document.source_url, document.source_format) == (url, "html")
    assert document.links.count() == 2


def test_a_refused_url_is_an_error_line_and_exit_status_1(team_admin, page_server, allow_loopback):
    hostile = f"{page_server}/to-private"
    output, code = run("--url", hostile, "--url", "ftp://example.org/x", "--team", "planet")
    lines = output.splitlines()
    assert code == 1
    assert lines[0] == (
        "ftp://example.org/x\terror: Enter the address of a web page, starting with http:// or "
        "https://."
    )
    assert lines[1].startswith(f"{hostile}\terror: The address 192.168.1.20 points to a private")
    assert Document.objects.count() == 0


def test_nothing_to_import_is_a_usage_error(team_admin):
    with pytest.raises(CommandError, match="at least one file"):
        call_command("import_document", "--team", "planet")
