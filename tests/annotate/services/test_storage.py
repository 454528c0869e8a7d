"""A full MEDIA_ROOT (issue 19): a clear message, and nothing half-stored anywhere.

The quota is simulated by tests.quota_storage: real files, and ENOSPC once the quota is used up,
with the part that fitted left on disk as the kernel leaves it.
"""

from __future__ import annotations

import pytest

from annotate.models import Document, Job, JobStatus
from annotate.services.exports import export_create, export_run
from annotate.services.imports import import_run, import_start
from annotate.services.storage import STORAGE_FULL, StorageFull
from tests.annotate.tasks import importfiles as files
from tests.factories import media_files

pytestmark = pytest.mark.django_db


def test_the_message_says_what_happened_and_that_nothing_was_stored():
    assert STORAGE_FULL == (
        "The server has no room left to store files, so nothing was stored. "
        "Try again later, or tell an administrator."
    )
    assert StorageFull(STORAGE_FULL).status_code == 507


def test_an_upload_that_does_not_fit_leaves_no_job_and_no_file(checker, media_quota, settings):
    """Two files, the second one does not fit: no job at all, not even the first one's file."""
    first, second = files.txt(text="Short story."), files.txt(text="A longer story. " * 50)
    media_quota(len(first) + 10)
    with pytest.raises(StorageFull) as refused:
        import_start(membership=checker, uploads=[("a.txt", first), ("b.txt", second)])
    assert refused.value.message == STORAGE_FULL
    assert Job.objects.count() == 0
    assert media_files(settings) == []


def test_an_import_whose_document_does_not_fit_fails_with_the_message(
    checker, media_quota, settings
):
    """The upload fits, the document's copy of the original does not: a failed job with the
    message, no document, no file left (the upload is discarded once the job is decided)."""
    data = files.txt(text="The council spent $5 million on roads. " * 20)
    media_quota(len(data) + len(data) // 2)
    [job] = import_start(membership=checker, uploads=[("roads.txt", data)], enqueue=False)
    assert len(media_files(settings)) == 1  # the upload, stored in full
    job = import_run(job_id=job.pk)
    assert (job.status, job.error) == (JobStatus.FAILED, STORAGE_FULL)
    assert Document.objects.count() == 0
    assert media_files(settings) == []


def test_an_export_that_does_not_fit_fails_with_the_message(team, document, media_quota, settings):
    media_quota(0)
    job = export_run(job_id=export_create(team=team, document_ids=[document.pk], fmt="html").pk)
    assert (job.status, job.error, job.result_file.name) == (JobStatus.FAILED, STORAGE_FULL, "")
    assert media_files(settings) == []


def test_other_write_errors_are_not_taken_for_a_full_disk(checker, settings, monkeypatch):
    """Only "no room" errors get the message; a permission problem stays a crash for the log."""
    import errno

    from tests.quota_storage import QuotaStorage

    def denied(self, name, content):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(QuotaStorage, "_save", denied)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.quota_storage.QuotaStorage"},
    }
    with pytest.raises(PermissionError):
        import_start(membership=checker, uploads=[("a.txt", files.txt())], enqueue=False)
    assert Job.objects.count() == 0
