"""Creating documents from normalized text: the only writer of Documents and their Sentences.

Every import (article files, pasted text, our lossless JSON, the demo seed) stores its document
through `document_create`, which truncates the fields to their columns, hashes the text, refuses
a text the team already has (DuplicateDocument, also when a concurrent import wins the insert
race) and stores the sentences in bulk, in one transaction.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction

from annotate.models import Document, Sentence, Team
from annotate.services.errors import Conflict, ServiceError
from annotate.services.storage import file_discard, file_store
from annotate.text.normalize import content_hash
from annotate.text.segment import Span, segment

ProgressCallback = Callable[[int, int], None]


class DuplicateDocument(Conflict):
    """The team already has a document with this exact text."""

    def __init__(self, existing: Document) -> None:
        super().__init__(f"This text is already in the team as “{existing.title}”.")
        self.existing = existing


NOT_A_WEB_LINK = "A document's source link must start with http:// or https://."


def document_create(
    *,
    team: Team,
    created_by: AbstractBaseUser | None,
    title: str,
    text: str,
    source_format: str,
    byline: str = "",
    source_url: str = "",
    published_on: datetime.date | None = None,
    language: str = "en",
    original_name: str = "",
    original_bytes: bytes | None = None,
    spans: list[Span] | None = None,
    on_progress: ProgressCallback | None = None,
    fill: Callable[[Document], None] | None = None,
) -> Document:
    """Store a document whose `text` is already normalized, with its sentences.

    Raises DuplicateDocument when the team has the same text already. `spans` may be passed
    when the caller segmented the text itself (to report progress between the stages). `fill`
    is called with the new document inside the same transaction (the lossless import adds its
    claims there), so the document and what fills it are stored together or not at all.
    """
    if not text.strip():
        raise ServiceError("The document has no text.")
    source_url = (source_url or "").strip()
    if source_url and not source_url.lower().startswith(("http://", "https://")):
        # Every import path checks its links; this is the one writer's last word on it.
        raise ServiceError(NOT_A_WEB_LINK, field="source_url")
    digest = content_hash(text)
    existing = Document.objects.filter(team=team, content_hash=digest).first()
    if existing is not None:
        raise DuplicateDocument(existing)
    if spans is None:
        spans = segment(text, language)
    document = None
    try:
        with transaction.atomic():
            document = Document.objects.create(
                team=team,
                created_by=created_by,
                title=(title or "Untitled").strip()[:500],
                byline=byline[:300],
                source_url=source_url[:2000],
                published_on=published_on,
                language=(language or "en")[:16],
                text=text,
                text_length=len(text),
                content_hash=digest,
                source_format=source_format,
                original_name=original_name[:255],
                sentence_count=len(spans),
            )
            if original_bytes is not None:
                file_store(
                    document.original_file, original_name or "original", ContentFile(original_bytes)
                )
                document.save(update_fields=["original_file"])
            sentences_bulk_create(document=document, spans=spans, on_progress=on_progress)
            if fill is not None:
                fill(document)
    except BaseException as error:
        if document is not None:  # rolled back: its original file must not outlive the row
            file_discard(document.original_file)
        if not isinstance(error, IntegrityError):
            raise
        # Another import of the same text won the race between our check and our insert.
        existing = Document.objects.filter(team=team, content_hash=digest).first()
        if existing is None:
            raise
        raise DuplicateDocument(existing) from None
    return document


def sentences_bulk_create(
    *, document: Document, spans: list[Span], on_progress: ProgressCallback | None = None
) -> None:
    """Insert all of a document's sentences in one statement, whatever their number.

    Django's bulk_create splits rows into batches of 999 parameters on SQLite, so its statement
    count grows with the document; passing the rows as one JSON or array parameter does not.
    """
    rows = [(index, span.start, span.end, span.paragraph) for index, span in enumerate(spans)]
    if rows:
        vendor = connection.vendor
        with connection.cursor() as cursor:
            if vendor == "postgresql":
                cursor.execute(_POSTGRES_INSERT, [document.pk, *map(list, zip(*rows, strict=True))])
            elif vendor == "sqlite":
                cursor.execute(_SQLITE_INSERT, [document.pk, json.dumps(rows)])
            else:  # pragma: no cover - other databases fall back to Django's batching
                Sentence.objects.bulk_create(
                    Sentence(document=document, index=i, start=s, end=e, paragraph=p)
                    for i, s, e, p in rows
                )
    if on_progress is not None:
        on_progress(len(rows), len(rows))


_TABLE = Sentence._meta.db_table
_POSTGRES_INSERT = f"""
    INSERT INTO {_TABLE} (document_id, "index", start, "end", paragraph)
    SELECT %s, r.i, r.s, r.e, r.p
    FROM unnest(%s::integer[], %s::integer[], %s::integer[], %s::integer[]) AS r(i, s, e, p)
"""  # noqa: S608 - table name is ours, values are parameters
_SQLITE_INSERT = f"""
    INSERT INTO {_TABLE} (document_id, "index", start, "end", paragraph)
    SELECT %s, json_extract(value, '$[0]'), json_extract(value, '$[1]'),
           json_extract(value, '$[2]'), json_extract(value, '$[3]')
    FROM json_each(%s)
"""  # noqa: S608 - table name is ours, values are parameters
