"""Turning uploaded bytes into a stored document: read, normalize, segment, save.

This module holds the synchronous core that jobs, the command and the demo seeding share.
"""

from __future__ import annotations

from collections.abc import Callable

from annotate.ingest.article import Article
from annotate.ingest.detect import detect_format, read_article
from annotate.models import Document, Team
from annotate.services.documents import document_create
from annotate.text.normalize import normalize_paragraphs
from annotate.text.segment import segment

StageCallback = Callable[[str, int, int], None]


def _ignore_stage(stage: str, done: int, total: int) -> None:
    return None


def document_import_bytes(
    *,
    team: Team,
    created_by,
    filename: str,
    data: bytes,
    on_stage: StageCallback = _ignore_stage,
    keep_original: bool = True,
) -> Document:
    """Import one non-JSON file as a document of `team`.

    Raises ImportRejected (bad input, with a message for the user) or DuplicateDocument.
    """
    on_stage("reading", 0, 4)
    source_format = detect_format(filename, data[:4096])
    on_stage("extracting", 1, 4)
    article = read_article(filename, data)
    return document_from_article(
        team=team,
        created_by=created_by,
        article=article,
        source_format=source_format,
        original_name=filename,
        original_bytes=data if keep_original else None,
        on_stage=on_stage,
    )


def document_from_article(
    *,
    team: Team,
    created_by,
    article: Article,
    source_format: str,
    original_name: str = "",
    original_bytes: bytes | None = None,
    on_stage: StageCallback = _ignore_stage,
) -> Document:
    text = normalize_paragraphs(article.paragraphs)
    on_stage("segmenting", 2, 4)
    spans = segment(text, article.language)
    on_stage("saving", 3, 4)
    document = document_create(
        team=team,
        created_by=created_by,
        title=article.title,
        text=text,
        source_format=source_format,
        byline=article.byline,
        source_url=article.source_url,
        published_on=article.published,
        language=article.language,
        original_name=original_name,
        original_bytes=original_bytes,
        spans=spans,
    )
    on_stage("done", 4, 4)
    return document
