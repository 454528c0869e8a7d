"""Creating documents: the only writer of Documents, their Sentences and their links.

Every import (article files, pasted text, our lossless JSON, the demo seed) stores its document
through `document_create`, which truncates the fields to their columns, hashes the text, refuses
a text the team already has (DuplicateDocument, also when a concurrent import wins the insert
race) and stores the sentences in bounded batches.

Reader → writer interface
    A reader hands the writer an `ArticleStream` (annotate.ingest.article): the metadata, then
    `paragraphs`, an iterator of `Paragraph(text, links)` consumed once. `text` is one paragraph
    as read (not normalized yet); each link's `text[start:end]` is its text. A reader that needs
    the whole input (Markdown, HTML, Word) builds an `Article` and passes `ArticleStream.of(it)`.
    Callers that already hold the normalized text (our JSON, tests, benches) pass `text=` (and
    `spans=` if they segmented it themselves) instead of `paragraphs=`.

How it is written
    Each paragraph is normalized (links follow it: `StoredLink` spans are code points of the
    stored text), hashed and segmented as it comes. The text is appended to the row in chunks
    of TEXT_CHUNK code points and the sentences inserted BATCH_ROWS to a statement, each chunk
    in its own short transaction, so memory stays bounded by a chunk whatever the document's
    length and a SQLite writer never holds the lock for a whole import. Each chunk's links (the
    article's own, `StoredLink` spans of the stored text) are stored as DocumentLinks in that
    chunk's transaction, in text order, by `links_insert`; a caller that passes
    `on_links(document, links)` receives them instead. Callers that pass `text=` give the
    links of that text as `links=`.

Same text
    A text the team already has is a DuplicateDocument, unless the user asked for a separate
    copy (`allow_duplicate`): the new document then records the one it copies (`copy_of`), and
    later imports of the text still find the first.

    Until the last chunk is in, the row has `importing_since` set and a placeholder hash:
    `Document.objects` (so every list, selector and page) does not see it. The final
    transaction sets the real hash, the sentence count, the original file, runs `fill` and
    clears `importing_since`. A failed import deletes its partial row; a killed one is removed
    by the job sweep (`documents_remove_abandoned`).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Protocol
from urllib.parse import urlsplit

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile, File
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils import timezone

from annotate.document_data import LINK_ORIGINS
from annotate.ingest.article import Paragraph, StoredLink, normalize_with_links
from annotate.models import Document, DocumentLink, Sentence, Team
from annotate.services.errors import Conflict, ServiceError
from annotate.services.storage import storage_save
from annotate.text.normalize import PARAGRAPH_SEPARATOR
from annotate.text.segment import Offsets, Span, segment_paragraph

ProgressCallback = Callable[[int, int], None]
LinksCallback = Callable[[Document, list[StoredLink]], None]
_URL_COLUMN = DocumentLink._meta.get_field("url").max_length


class LinkSpan(Protocol):
    """A link in the stored text: ingest.article.StoredLink, document_data.LinkData."""

    start: int
    end: int
    url: str
    origin: str


# Code points of text appended per UPDATE: each append rewrites the stored value, so chunks are
# large; memory holds one chunk (and its rows) at a time.
TEXT_CHUNK = 2_000_000
# Sentences per INSERT statement, and the most rows held before a chunk is written.
BATCH_ROWS = 10_000
MAX_PENDING_ROWS = 2 * BATCH_ROWS
# A partial document older than this has no import writing it any more (jobs are stopped well
# before: CELERY_TASK_TIME_LIMIT is minutes, services.jobs.STALE_AFTER_SECONDS 15).
ABANDONED_AFTER_SECONDS = 20 * 60

Row = tuple[int, int, int, int]  # (index, start, end, paragraph)


class NoText(ServiceError):
    """Nothing is left of the document once normalized."""

    def __init__(self) -> None:
        super().__init__("The document has no text.")


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
    source_format: str,
    text: str | None = None,
    paragraphs: Iterable[Paragraph] | None = None,
    byline: str = "",
    source_url: str = "",
    published_on: datetime.date | None = None,
    language: str = "en",
    original_name: str = "",
    original_bytes: bytes | None = None,
    original_file: File | None = None,
    spans: Sequence[Span] | None = None,
    on_progress: ProgressCallback | None = None,
    on_links: LinksCallback | None = None,
    fill: Callable[[Document], None] | None = None,
    links: Sequence[LinkSpan] = (),
    warnings: Sequence[str] = (),
    allow_duplicate: bool = False,
    stored_name: str = "",
) -> Document:
    """Store a document and its sentences, from `paragraphs` or an already normalized `text`.

    Raises NoText when there is no text, DuplicateDocument when the team has the same
    text already (nothing is stored then). `spans` may come with `text` when the caller
    segmented it. `original_bytes` or `original_file` (read in chunks) is kept as the original.
    `fill` is called with the complete document in the final transaction (the lossless import
    adds its claims there), so the document and what fills it are stored together or not at
    all. `on_progress(sentences stored, 0)` is called after each chunk.

    `links` are the links of a given `text` (code-point spans of it); those outside the text,
    without an http(s) URL that fits the column, or of an unknown origin are left out.
    `warnings` are the import's notes for the user. With `allow_duplicate` a text the team has
    is stored as a separate copy. `stored_name` names the original file in storage when it is
    not the document's `original_name` (our JSON of a Word file).
    """
    if text is not None and not text.strip():
        raise NoText
    source_url = (source_url or "").strip()
    if source_url and not source_url.lower().startswith(("http://", "https://")):
        # Every import path checks its links; this is the one writer's last word on it.
        raise ServiceError(NOT_A_WEB_LINK, field="source_url")
    if text is not None and spans is not None:
        pieces = _text_chunks(text)
    else:
        if text is not None:
            paragraphs = (Paragraph(p) for p in text.split(PARAGRAPH_SEPARATOR))
        pieces = _paragraph_pieces(paragraphs or (), language)
    columns = {
        "team": team,
        "created_by": created_by,
        "title": (title or "Untitled").strip()[:500] or "Untitled",
        "byline": byline[:300],
        "source_url": source_url[:2000],
        "published_on": published_on,
        "language": (language or "en")[:16],
        "source_format": source_format,
        "original_name": original_name[:255],
        "warnings": [str(warning)[:500] for warning in warnings],
    }
    writer = _ChunkWriter(columns, on_progress, on_links)
    try:
        for piece in pieces:
            writer.add(*piece)
        writer.add_spans(spans or ())
        writer.add_links(links)
        if not writer.length:
            raise NoText
        original = ContentFile(original_bytes) if original_bytes is not None else original_file
        return writer.finish(original, fill, allow_duplicate, stored_name)
    except BaseException:
        writer.discard()
        raise


# A piece of the document: its text (a paragraph, after a separator but for the first one), its
# sentences and links (offsets from the paragraph's start) and its paragraph number.
Piece = tuple[str, str, list[Offsets], list[StoredLink], int]


def _paragraph_pieces(paragraphs: Iterable[Paragraph], language: str) -> Iterator[Piece]:
    """Each non-empty paragraph normalized and segmented, with the separator before it."""
    separator = ""
    index = 0
    for paragraph in paragraphs:
        text, links = normalize_with_links(paragraph)
        if not text:
            continue
        yield separator, text, segment_paragraph(text, language), links, index
        separator = PARAGRAPH_SEPARATOR
        index += 1


def _text_chunks(text: str) -> Iterator[Piece]:
    """The stored text as given, in chunks (its sentences come separately)."""
    for start in range(0, len(text), TEXT_CHUNK):
        yield "", text[start : start + TEXT_CHUNK], [], [], 0


class _ChunkWriter:
    """Writes a document's text, sentences and links one bounded chunk at a time.

    A document that fits in one chunk is stored by one INSERT of the complete row; a longer
    one is inserted as a hidden partial row by its first chunk and completed by its last.
    """

    def __init__(
        self, columns: dict, on_progress: ProgressCallback | None, on_links: LinksCallback | None
    ) -> None:
        self.columns = columns
        self.on_progress = on_progress
        self.on_links = on_links or self._store_links
        self.link_count = 0  # links stored so far (the next one's position)
        self.document: Document | None = None
        self.complete = False
        self.original_name = ""  # the original file in storage, once saved
        self.digest = hashlib.sha256()
        self.length = 0  # code points of text added so far
        self.sentences = 0
        self.text: list[str] = []
        self.pending_chars = 0
        self.rows: list[Row] = []
        self.links: list[StoredLink] = []

    def add(
        self,
        separator: str,
        text: str,
        sentences: list[Offsets],
        links: list[StoredLink],
        paragraph: int,
    ) -> None:
        """Add a paragraph (after its separator) with its sentences and links."""
        if separator:
            self.text.append(separator)
            self.digest.update(separator.encode())
            self.length += len(separator)
        offset = self.length
        self.text.append(text)
        self.pending_chars += len(separator) + len(text)
        self.digest.update(text.encode("utf-8", "surrogatepass"))
        self.length += len(text)
        first = self.sentences
        self.rows.extend(
            (index, offset + start, offset + end, paragraph)
            for index, (start, end) in enumerate(sentences, first)
        )
        self.sentences = first + len(sentences)
        if links:
            self.links.extend(
                StoredLink(offset + k.start, offset + k.end, k.url, k.origin) for k in links
            )
        if self.pending_chars >= TEXT_CHUNK or len(self.rows) >= MAX_PENDING_ROWS:
            self._flush()

    def add_spans(self, spans: Iterable[Span]) -> None:
        """Add sentences the caller found in the text added already (offsets in the text)."""
        for span in spans:
            self.rows.append((self.sentences, span.start, span.end, span.paragraph))
            self.sentences += 1
            if len(self.rows) >= MAX_PENDING_ROWS:
                self._flush()

    def add_links(self, links: Iterable[LinkSpan]) -> None:
        """Add links of the text added already (offsets in the stored text)."""
        self.links.extend(StoredLink(k.start, k.end, k.url, k.origin) for k in links)

    def _store_links(self, document: Document, links: list[StoredLink]) -> None:
        self.link_count += links_insert(
            document=document, links=links, length=self.length, first_position=self.link_count
        )

    def finish(
        self,
        original: File | None,
        fill: Callable[[Document], None] | None,
        allow_duplicate: bool = False,
        stored_name: str = "",
    ) -> Document:
        """Write the last chunk and make the document visible; DuplicateDocument if it is one
        (unless `allow_duplicate`: then it is a copy of the first document with the text)."""
        digest = self.digest.hexdigest()
        team_id = self.columns["team"].pk
        existing = _original_with_text(team_id, digest)
        if existing is not None and not allow_duplicate:
            raise DuplicateDocument(existing)
        if original is not None:
            field = Document._meta.get_field("original_file")
            stored = stored_name or self.columns["original_name"] or "original"
            name = field.generate_filename(None, stored)
            self.original_name = storage_save(field, name, original)
        final = {
            "content_hash": digest,
            "sentence_count": self.sentences,
            "importing_since": None,
            "original_file": self.original_name,
            "copy_of": existing,
        }
        try:
            self._flush(final, fill)
        except IntegrityError:
            # Another import of the same text won the race between our check and our write.
            existing = _original_with_text(team_id, digest)
            if existing is None:
                raise
            raise DuplicateDocument(existing) from None
        self.complete = True
        return self.document

    def _flush(self, final: dict | None = None, fill: Callable | None = None) -> None:
        """Write the pending text, then its sentences and links, in one short transaction."""
        chunk = "".join(self.text)
        with transaction.atomic():
            if self.document is None:
                state = final or {
                    # Unique in the team until the real hash is known at the end.
                    "content_hash": f"importing-{uuid.uuid4().hex}",
                    "importing_since": timezone.now(),
                }
                self.document = Document.with_importing.create(
                    **self.columns, **state, text=chunk, text_length=len(chunk)
                )
            else:
                changes = dict(final or {})
                if chunk:
                    changes["text"] = Concat(F("text"), Value(chunk))
                    changes["text_length"] = F("text_length") + len(chunk)
                if changes:
                    Document.with_importing.filter(pk=self.document.pk).update(**changes)
                if final is not None:
                    # The whole text is not loaded back; the caller reads it if it needs it.
                    self.document = Document.objects.defer("text").get(pk=self.document.pk)
            for start in range(0, len(self.rows), BATCH_ROWS):
                sentences_insert(self.document.pk, self.rows[start : start + BATCH_ROWS])
            if self.links and self.on_links is not None:
                self.on_links(self.document, self.links)
            if fill is not None:
                fill(self.document)
        self.text, self.pending_chars, self.rows, self.links = [], 0, [], []
        if self.on_progress is not None:
            self.on_progress(self.sentences, 0)

    def discard(self) -> None:
        """Remove what a failed import wrote: its partial row (and sentences), its original."""
        if self.complete:
            return
        if self.original_name:
            Document._meta.get_field("original_file").storage.delete(self.original_name)
        if self.document is None or connection.needs_rollback:
            return  # Nothing written, or the enclosing transaction rolls it back itself.
        with transaction.atomic():
            Document.with_importing.filter(
                pk=self.document.pk, importing_since__isnull=False
            ).delete()


def _original_with_text(team_id: int, digest: str) -> Document | None:
    """The team's document with this text that is not itself a copy (at most one)."""
    return Document.objects.filter(
        team_id=team_id, content_hash=digest, copy_of__isnull=True
    ).first()


def links_insert(
    *, document: Document, links: Sequence[LinkSpan], length: int, first_position: int = 0
) -> int:
    """Store the sound ones of `links` (in the first `length` code points of the document's
    text) as its DocumentLinks, in text order from `first_position`, in one statement; return
    how many were stored."""
    rows = sorted(
        (
            (link.start, link.end, _web_url(link.url), link.origin)
            for link in links
            if 0 <= link.start < link.end <= length and link.origin in LINK_ORIGINS
        ),
        key=lambda row: (row[0], row[1]),
    )
    values = [(first_position + i, *row) for i, row in enumerate(r for r in rows if r[2])]
    if not values:
        return 0
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
    return len(values)


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


def documents_remove_abandoned(*, older_than_seconds: int = ABANDONED_AFTER_SECONDS) -> int:
    """Delete partial documents no import is writing any more (its worker was killed); how many."""
    cutoff = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    abandoned = Document.with_importing.filter(importing_since__lt=cutoff)
    count = 0
    for pk in abandoned.values_list("pk", flat=True):
        with transaction.atomic():
            count += Document.with_importing.filter(pk=pk).delete()[1].get(Document._meta.label, 0)
    return count


def sentences_insert(document_id: int, rows: Sequence[Row]) -> None:
    """Insert sentence rows in one statement, whatever their number.

    Django's bulk_create splits rows into batches of 999 parameters on SQLite; passing the rows
    as one JSON or array parameter does not, so the count is one statement per batch.
    """
    if not rows:
        return
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(_POSTGRES_INSERT, [document_id, *map(list, zip(*rows, strict=True))])
        elif vendor == "sqlite":
            cursor.execute(_SQLITE_INSERT, [document_id, json.dumps(rows)])
        else:  # pragma: no cover - other databases fall back to Django's batching
            Sentence.objects.bulk_create(
                Sentence(document_id=document_id, index=i, start=s, end=e, paragraph=p)
                for i, s, e, p in rows
            )


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
