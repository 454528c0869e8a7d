"""Imports through the service and the task: every format in, every bad input refused cleanly."""

from __future__ import annotations

import io

import pytest

from annotate.ingest import errors
from annotate.models import Claim, Document, Job, JobStatus, Sentence
from annotate.services import documents, imports, jobs
from annotate.services.errors import PermissionDenied, ServiceError
from annotate.services.imports import UploadTooLarge, import_paste, import_run, import_start
from tests.annotate.tasks import importfiles as files
from tests.factories import make_document, sentences_text

pytestmark = pytest.mark.django_db


def run(membership, name: str, data: bytes, capture) -> Job:
    """Start an import and let its on-commit enqueue run the (eager) task; return the job."""
    with capture(execute=True):
        [job] = import_start(membership=membership, uploads=[(name, data)])
    job.refresh_from_db()
    return job


def counts() -> tuple[int, int, int, int]:
    return (
        Document.objects.count(),
        Sentence.objects.count(),
        Claim.objects.count(),
        Job.objects.exclude(status=JobStatus.FAILED).count(),
    )


@pytest.mark.parametrize(
    ("name", "build", "expected", "source_format"),
    [
        ("a.txt", lambda: files.txt("utf-8"), "€4.2 million", "txt"),
        ("a.txt", lambda: files.txt("utf-8-sig"), "€4.2 million", "txt"),
        ("a.txt", lambda: files.txt("utf-16"), "€4.2 million", "txt"),
        ("a.txt", lambda: files.txt("cp1252"), "€4.2 million", "txt"),
        ("a.txt", lambda: files.txt("latin-1", "Café au lait. Très bon."), "Café au lait.", "txt"),
        ("a.md", files.markdown, "The city council spent €4.2 million", "md"),
        ("page.html", files.html_page, "Paragraph 6: the city council", "html"),
        ("story.docx", files.docx, "The city council spent €4.2 million", "docx"),
    ],
)
def test_each_format_becomes_a_document(
    checker, django_capture_on_commit_callbacks, name, build, expected, source_format
):
    """The job reads, segments and stores the file, keeps the original and drops the upload."""
    job = run(checker, name, build(), django_capture_on_commit_callbacks)
    assert (job.status, job.error) == (JobStatus.SUCCEEDED, "")
    assert job.percent == 100
    document = job.document
    assert expected in document.text
    assert document.team_id == checker.team_id
    assert document.created_by == checker.user
    assert document.source_format == source_format
    assert document.original_name == name
    assert document.original_file
    assert document.sentences.count() == document.sentence_count > 0
    assert not job.input_file  # the upload is deleted once the document holds the original


def test_html_keeps_title_byline_and_date_and_drops_the_page_furniture(
    checker, django_capture_on_commit_callbacks
):
    job = run(checker, "page.html", files.html_page(), django_capture_on_commit_callbacks)
    document = job.document
    assert document.title == "Council spends record sum on roads"
    assert document.byline == "Jane Reporter"
    assert str(document.published_on) == "2024-03-05"
    for junk in ("cookies", "do not import me", "Copyright", "Politics"):
        assert junk not in document.text


@pytest.mark.parametrize("seed", sorted(p.name for p in files.SEEDS.glob("*.txt")))
def test_the_seed_articles_import(checker, django_capture_on_commit_callbacks, seed):
    data = (files.SEEDS / seed).read_bytes()
    job = run(checker, seed, data, django_capture_on_commit_callbacks)
    assert job.status == JobStatus.SUCCEEDED
    assert job.document.sentence_count > 20


def test_pasted_text_takes_its_title(checker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = import_paste(membership=checker, title="Pasted story", text=files.ARTICLE)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.document.title == "Pasted story"
    assert job.input_name == imports.PASTED_NAME


def test_pasting_nothing_is_refused(checker):
    with pytest.raises(ServiceError, match=r"^Paste the article's text\.$"):
        import_paste(membership=checker, title="x", text="  \n ")
    assert Job.objects.count() == 0


BAD_INPUTS = [
    ("empty.txt", b"", errors.EMPTY),
    ("blank.txt", b"  \n\n \t ", errors.EMPTY),
    ("photo.txt", files.PNG, errors.looks_like("a PNG image", "a text file")),
    ("paper.txt", files.PDF, errors.looks_like("a PDF", "a text file")),
    ("broken.html", b"<<<<>>>><!-- <p", errors.HTML_NO_TEXT),
    ("scripts.html", b"<html><body><script>var a = 1;</script></body></html>", errors.HTML_NO_TEXT),
    ("utf16.txt", b"\xff\xfe\x00\xd8\x41", errors.invalid_for_encoding("UTF-16")),
    ("noise.txt", bytes(range(128, 256)) * 3, errors.UNKNOWN_ENCODING),
    ("story.docx", b"this is not a zip at all", errors.DOCX_NOT_ZIP),
    ("bomb.docx", files.zip_bomb(), errors.DOCX_RATIO),
    ("story.pdf", files.PDF, errors.unsupported_extension(".pdf")),
    ("noextension", b"Some text.", errors.NO_EXTENSION),
    (
        "export.json",
        b"{not json",
        "The JSON file is not valid JSON: Expecting property name enclosed in double quotes "
        "at line 1, column 2.",
    ),
    (
        "export.json",
        b'{"format": "factcheck-document", "version": 1}',
        'The factcheck document is invalid: the file is missing the field "claims".',
    ),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_INPUTS)
def test_bad_input_fails_the_job_with_its_message_and_stores_nothing(
    checker, document, django_capture_on_commit_callbacks, name, data, message
):
    before = counts()
    job = run(checker, name, data, django_capture_on_commit_callbacks)
    assert (job.status, job.error) == (JobStatus.FAILED, message)
    assert job.document is None
    assert counts() == before
    assert not job.input_file


def test_a_file_over_the_limit_is_refused_before_it_is_read(checker, settings):
    settings.MAX_UPLOAD_BYTES = 1024 * 1024

    class Unreadable(io.BytesIO):
        size = 3 * 1024 * 1024

        def read(self, *args):
            raise AssertionError("the upload was read")

    with pytest.raises(UploadTooLarge) as caught:
        import_start(membership=checker, uploads=[("ok.txt", b"Fine."), ("big.txt", Unreadable())])
    assert caught.value.message == "“big.txt” is 3.0 MB; the limit is 1.0 MB."
    assert caught.value.status_code == 413
    assert Job.objects.count() == 0  # all or nothing


def test_a_file_object_without_a_size_is_measured_by_seeking(checker, settings):
    settings.MAX_UPLOAD_BYTES = 10
    with pytest.raises(UploadTooLarge):
        import_start(membership=checker, uploads=[("a.txt", io.BytesIO(b"x" * 11))])
    with pytest.raises(UploadTooLarge):
        import_paste(membership=checker, title="", text="é" * 6)  # 12 bytes of UTF-8


def test_viewers_cannot_import(viewer):
    with pytest.raises(PermissionDenied, match="viewers cannot import"):
        import_start(membership=viewer, uploads=[("a.txt", b"Text.")])
    with pytest.raises(PermissionDenied):
        import_paste(membership=viewer, title="", text="Text.")
    assert Job.objects.count() == 0


def test_no_files_and_too_many_files_are_refused(checker):
    with pytest.raises(ServiceError, match=r"^Choose at least one file to import\.$"):
        import_start(membership=checker, uploads=[])
    too_many = [(f"{i}.txt", b"x") for i in range(imports.MAX_FILES_PER_REQUEST + 1)]
    with pytest.raises(ServiceError, match=r"^Import at most 20 files at once\.$"):
        import_start(membership=checker, uploads=too_many)
    assert Job.objects.count() == 0


def test_a_duplicate_links_to_the_existing_document(checker, django_capture_on_commit_callbacks):
    first = run(checker, "a.txt", files.txt(), django_capture_on_commit_callbacks)
    before = counts()
    again = run(checker, "copy.txt", files.txt("utf-16"), django_capture_on_commit_callbacks)
    assert again.status == JobStatus.SUCCEEDED
    assert again.duplicate_of == again.document == first.document
    assert again.stage == "Already in the team"
    assert counts()[:3] == before[:3]


def test_the_same_text_in_another_team_is_not_a_duplicate(
    checker, outsider, django_capture_on_commit_callbacks
):
    first = run(checker, "a.txt", files.txt(), django_capture_on_commit_callbacks)
    other = run(outsider, "a.txt", files.txt(), django_capture_on_commit_callbacks)
    assert other.duplicate_of is None
    assert other.document != first.document
    assert other.document.team_id == outsider.team_id


def test_running_a_job_twice_is_harmless(checker, django_capture_on_commit_callbacks):
    job = run(checker, "a.txt", files.txt(), django_capture_on_commit_callbacks)
    before = counts()
    assert import_run(job_id=job.pk) is None
    assert import_run(job_id=999_999) is None
    assert counts() == before


def test_a_job_that_killed_its_worker_too_often_is_given_up(checker):
    [job] = import_start(membership=checker, uploads=[("a.txt", files.txt())], enqueue=False)
    Job.objects.filter(pk=job.pk).update(attempts=jobs.MAX_ATTEMPTS, status=JobStatus.RUNNING)
    job = import_run(job_id=job.pk)
    assert job.status == JobStatus.FAILED
    assert job.error == "The import stopped several times without finishing; giving up."
    assert Document.objects.count() == 0


def test_a_crash_fails_the_job_in_plain_words_and_stores_nothing(checker, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(documents, "segment_paragraph", explode)
    [job] = import_start(membership=checker, uploads=[("a.txt", files.txt())], enqueue=False)
    job = import_run(job_id=job.pk)
    assert job.status == JobStatus.FAILED
    assert job.error == (
        f"Something went wrong on our side (job {job.pk}). Nothing was stored; "
        "please try again or tell an administrator."
    )
    assert Document.with_importing.count() == 0


def test_a_member_removed_before_the_job_ran_stores_nothing(checker):
    [job] = import_start(membership=checker, uploads=[("a.txt", files.txt())], enqueue=False)
    checker.delete()
    job = import_run(job_id=job.pk)
    assert job.error == "The person who started this import is no longer in the team."
    assert Document.objects.count() == 0


def test_progress_goes_through_the_stages(checker, monkeypatch):
    seen = []
    real = imports.job_progress

    def spy(*, job, stage, done, total):
        seen.append((stage, done, total))
        real(job=job, stage=stage, done=done, total=total)

    monkeypatch.setattr(imports, "job_progress", spy)
    [job] = import_start(membership=checker, uploads=[("a.txt", files.txt())], enqueue=False)
    import_run(job_id=job.pk)
    assert [stage for stage, _, _ in seen] == [
        "reading",
        "extracting",
        "segmenting",
        "saving",
        "done",
    ]
    assert all(total == 4 for _, _, total in seen)


@pytest.mark.parametrize("n_sentences", [20, 4000])
def test_query_count_does_not_grow_with_the_document(
    checker, django_assert_num_queries, n_sentences
):
    """Queueing and running an import take the same statements for 20 and 4,000 sentences."""
    data = sentences_text(n_sentences, seed=n_sentences).encode()
    [job] = import_start(membership=checker, uploads=[("a.txt", data)], enqueue=False)
    # begin (3: savepoint, lock, update + release), member, 5 progress updates, duplicate check,
    # document insert (savepoint, insert with its file, sentences, release), upload cleared,
    # succeed. A document of one text chunk (services.documents.TEXT_CHUNK) is one INSERT. The
    # "finished" notification to whoever started it.
    with django_assert_num_queries(QUERIES_PER_IMPORT):
        job = import_run(job_id=job.pk)
    assert job.document.sentence_count == n_sentences


QUERIES_PER_IMPORT = 18


def test_make_document_and_import_agree_on_the_text(checker, django_capture_on_commit_callbacks):
    """An import of text stores the same normalized text that document_create would."""
    text = sentences_text(12)
    job = run(checker, "a.txt", text.encode(), django_capture_on_commit_callbacks)
    assert job.document.text == make_document(checker.team, text + " extra").text[: len(text)]
