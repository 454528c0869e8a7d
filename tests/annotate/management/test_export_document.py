"""`manage.py export_document`: the same job code from the shell, non-zero exit with the reason."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from annotate.models import Document, Job, JobKind, JobStatus
from annotate.services import exports as export_services
from tests.database_url import test_database_url
from tests.factories import make_document

pytestmark = pytest.mark.django_db


def export(*args) -> str:
    out = io.StringIO()
    call_command("export_document", *map(str, args), stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["html", "md", "json", "w3c", "claimreview", "csv"])
def test_each_format_is_written_to_the_output(document, tmp_path, fmt):
    """The file is written and the run is recorded as a finished export job."""
    target = tmp_path / f"out.{fmt}"
    message = export(document.pk, "--format", fmt, "--output", target)
    job = Job.objects.get()
    assert (job.kind, job.status) == (JobKind.EXPORT, JobStatus.SUCCEEDED)
    assert target.read_bytes() == job.result_file.open("rb").read()
    assert message.startswith(f"Wrote {target} (")


def test_a_folder_output_gets_the_jobs_file_name(document, tmp_path):
    """Given a folder, the command writes the file under its export name there."""
    export(document.pk, "--format", "json", "--output", tmp_path)
    data = json.loads((tmp_path / f"budget-story-{document.pk}.json").read_text("utf-8"))
    assert data["document"]["title"] == "Budget story"


def test_team_option_refuses_another_teams_document(document, other_team, tmp_path):
    """With --team, a document of another team is not found, and nothing is written."""
    with pytest.raises(CommandError) as caught:
        export(document.pk, "--format", "csv", "--output", tmp_path / "x.csv", "--team", "rival")
    assert str(caught.value) == f"No such document in this team: {document.pk}."
    assert not (tmp_path / "x.csv").exists()
    assert not Job.objects.exists()


def test_unknown_team_and_document_say_so(document, tmp_path):
    """A wrong slug or id is named in the error."""
    with pytest.raises(CommandError) as caught:
        export(document.pk, "--format", "md", "--output", tmp_path, "--team", "nobody")
    assert str(caught.value) == "No team with the slug “nobody”."
    with pytest.raises(CommandError) as caught:
        export(987654, "--format", "md", "--output", tmp_path)
    assert str(caught.value) == "No document with the id 987654."


def test_a_failed_export_is_an_error_with_the_reason(document, tmp_path, monkeypatch):
    """A job that fails makes the command fail with the job's message."""

    def gone(team, document_ids, **options):
        Document.objects.filter(pk=document.pk).delete()
        return []

    monkeypatch.setattr(export_services, "documents_export_data", gone)
    with pytest.raises(CommandError) as caught:
        export(document.pk, "--format", "md", "--output", tmp_path / "x.md")
    job = Job.objects.get()
    assert str(caught.value) == (
        f"Export job {job.pk} failed: Document {document.pk} is no longer in this team "
        "(deleted after the export started)."
    )


def test_an_unwritable_output_says_so(document, tmp_path):
    """A path in a missing folder is reported, not a traceback."""
    target = tmp_path / "missing" / "x.md"
    with pytest.raises(CommandError) as caught:
        export(document.pk, "--format", "md", "--output", target)
    assert str(caught.value) == f"Cannot write {target}: No such file or directory."


@pytest.mark.django_db(transaction=True)
def test_runs_in_its_own_process_and_exits_non_zero_on_failure(team, tmp_path):
    """Run as a real command: exit 0 and a file; exit 1 and the message on stderr."""
    document = make_document(team, title="Own process")
    env = {
        **os.environ,
        "FACTCHECK_VAR_DIR": str(settings.VAR_DIR),
        "DATABASE_URL": test_database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CELERY_TASK_ALWAYS_EAGER": "1",
    }
    manage = Path(settings.BASE_DIR) / "manage.py"
    command = [sys.executable, str(manage), "export_document", str(document.pk), "--format"]
    ok = subprocess.run(
        [*command, "csv", "--output", str(tmp_path / "out.csv")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "out.csv").read_bytes().startswith("\ufeff".encode())
    bad = subprocess.run(
        [*command, "csv", "--output", str(tmp_path / "x.csv"), "--team", "nobody"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 1
    assert "No team with the slug “nobody”." in bad.stderr
