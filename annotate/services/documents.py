"""Creating documents from normalized text: the only writer of Documents, their Sentences and
their links.

Every import (article files, pasted text, our lossless JSON, the demo seed) stores its document
through `document_create`, which truncates the fields to their columns, hashes the text, refuses
a text the team already has (DuplicateDocument, also when a concurrent import wins the insert
race; unless the user asked for a separate copy, `allow_duplicate`) and stores the sentences and
the article's own links in bulk, in one transaction.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Sequence
from typing import Protocol
from urllib.parse import urlsplit

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction

from annotate.document_data import LINK_ORIGINS
from annotate.models import Document, DocumentLink, Sentence, Team
from annotate.services.errors import Conflict, ServiceError
from annotate.text.normalize import content_hash
from annotate.text.segment import Span, segment

ProgressCallback = Callable[[int, int], None]
_URL_COLUMN = DocumentLink._meta.get_field("url").max_length


class LinkSpan(Protocol):
    """A link in the text to store: ingest.article.StoredLink, document_data.LinkData."""

    start: int
    end: int
    url: str
    origin: str


class DuplicateDocument(Conflict):
    """The team already has a document with this exact text."""

    def __init__(self, existing: Document) -> None:
        super().__init__(f"This text is already in the team as “{existing.title}”.")
        self.existing = existing


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
    links: Sequence[LinkSpan] = (),
    warnings: Sequence[str] = (),
    allow_duplicate: bool = False,
    stored_name: str = "",
) -> Document:
    """Store a document whose `text` is already normalized, with its sentences and links.

    Raises DuplicateDocument when the team has the same text already, unless `allow_duplicate`:
    then the new document is a separate copy (`copy_of` the existing one). `links` are the
    article's links as code-point spans of `text`; those outside the text, without an http(s)
    URL that fits the column, or of an unknown origin are left out. `stored_name` names the
    original file in storage when it differs from `original_name` (our JSON of a Word file).
    `spans` may be passed
    when the caller segmented the text itself (to report progress between the stages). `fill`
    is called with the new document inside the same transaction (the lossless import adds its
    claims there), so the document and what fills it are stored together or not at all.
    """
    if not text.strip():
        raise ServiceError("The document has no text.")
    digest = content_hash(text)
    existing = _original_with_text(team, digest)
    if existing is not None and not allow_duplicate:
        raise DuplicateDocument(existing)
    if spans is None:
        spans = segment(text, language)
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
                warnings=[str(warning)[:500] for warning in warnings],
                copy_of=existing,
            )
            if original_bytes is not None:
                document.original_file.save(
                    stored_name or original_name or "original",
                    ContentFile(original_bytes),
                    save=True,
                )
            sentences_bulk_create(document=document, spans=spans, on_progress=on_progress)
            links_bulk_create(document=document, links=links)
            if fill is not None:
                fill(document)
    except IntegrityError:
        # Another import of the same text won the race between our check and our insert.
        existing = _original_with_text(team, digest)
        if existing is None:
            raise
        raise DuplicateDocument(existing) from None
    return document


def _original_with_text(team: Team, digest: str) -> Document | None:
    """The team's document with this text that is not itself a copy (at most one)."""
    return Document.objects.filter(team=team, content_hash=digest, copy_of__isnull=True).first()


def links_bulk_create(*, document: Document, links: Sequence[LinkSpan]) -> None:
    """Store the article's links of `document` that are sound, in text order (one statement)."""
    length = len(document.text)
    rows = sorted(
        (
            (link.start, link.end, _web_url(link.url), link.origin)
            for link in links
            if 0 <= link.start < link.end <= length and link.origin in LINK_ORIGINS
        ),
        key=lambda row: (row[0], row[1]),
    )
    kept = [row for row in rows if row[2]]
    if kept:
        values = [(position, *row) for position, row in enumerate(kept)]
        # One statement whatever the number of links, as for sentences.
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                columns = [list(column) for column in zip(*values, strict=True)]
                cursor.execute(_POSTGRES_LINKS, [document.pk, *columns])
            elif connection.vendor == "sqlite":
                cursor.execute(_SQLITE_LINKS, [document.pk, json.dumps(values)])
            else:  # pragma: no cover - other databases fall back to Django's batching
                DocumentLink.objects.bulk_create(
                    DocumentLink(document=document, position=p, start=s, end=e, url=u, origin=o)
                    for p, s, e, u, o in values
                )


def _web_url(url: str) -> str:
    """`url` with its scheme in lower case when it is an http(s) URL that fits, else ""."""
    url = (url or "").strip()
    scheme, _, rest = url.partition(":")
    if scheme.lower() not in ("http", "https") or len(url) > _URL_COLUMN:
        return ""
    try:
        if not urlsplit(url).hostname:
            return ""
    except ValueError:
        return ""
    return f"{scheme.lower()}:{rest}"


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
_LINKS = DocumentLink._meta.db_table
_POSTGRES_LINKS = f"""
    INSERT INTO {_LINKS} (document_id, position, start, "end", url, origin)
    SELECT %s, r.p, r.s, r.e, r.u, r.o
    FROM unnest(%s::integer[], %s::integer[], %s::integer[], %s::text[], %s::text[])
        AS r(p, s, e, u, o)
"""  # noqa: S608 - table name is ours, values are parameters
_SQLITE_LINKS = f"""
    INSERT INTO {_LINKS} (document_id, position, start, "end", url, origin)
    SELECT %s, json_extract(value, '$[0]'), json_extract(value, '$[1]'),
           json_extract(value, '$[2]'), json_extract(value, '$[3]'), json_extract(value, '$[4]')
    FROM json_each(%s)
"""  # noqa: S608 - table name is ours, values are parameters
