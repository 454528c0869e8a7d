"""The plain result of every import reader: an article's metadata, paragraphs and links.

Readers return paragraphs of clean plain text (stripped, one line, whitespace folded);
the caller normalizes them once more (``annotate.text.normalize``) before storing, and
that normalized text is what offsets point into. ``stored_text`` does that
normalization and carries the article's links along, so their offsets point into the
stored text exactly.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from annotate.document_data import LINK_ORIGINS
from annotate.text.normalize import (
    PARAGRAPH_SEPARATOR,
    normalize_paragraph,
    normalize_paragraph_spans,
)

# Where a link was found in the source (one vocabulary with the stored links).
ORIGINS = LINK_ORIGINS
BODY, FOOTNOTE, ENDNOTE = ORIGINS


@dataclass(frozen=True, slots=True)
class Link:
    """A link in the article: ``paragraphs[paragraph][start:end]`` is its text."""

    paragraph: int
    start: int
    end: int
    url: str
    origin: str = BODY


@dataclass(frozen=True, slots=True)
class StoredLink:
    """A link in the stored text: ``text[start:end]`` is its text (code points)."""

    start: int
    end: int
    url: str
    origin: str = BODY


@dataclass
class Article:
    """An article read from a file, before normalization and segmenting.

    ``published`` is the article's own publication date and ``modified`` its last
    update, each ``None`` when the source does not say. ``language`` is a primary
    language subtag (``"fr"``), from the source's metadata or else detected from the
    text. ``warnings`` are plain-words notes for the user about what may be missing.
    """

    title: str
    paragraphs: list[str]
    byline: str = ""
    published: datetime.date | None = None
    language: str = "en"
    source_url: str = ""
    links: list[Link] = field(default_factory=list)
    modified: datetime.date | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph as a reader hands it to the Document writer, with its own links.

    ``text`` is not normalized yet; each link's ``text[start:end]`` is its text (the
    link's ``paragraph`` field is not used here).
    """

    text: str
    links: tuple[Link, ...] = ()


@dataclass
class ArticleStream:
    """An article whose paragraphs come one by one: what the Document writer takes.

    The metadata is known before the first paragraph is read (a streaming reader
    looks only at the head of the file for it); ``paragraphs`` is consumed once.
    """

    title: str
    paragraphs: Iterator[Paragraph]
    byline: str = ""
    published: datetime.date | None = None
    language: str = "en"
    source_url: str = ""
    modified: datetime.date | None = None
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, article: Article) -> ArticleStream:
        """The stream of an article read whole (Markdown, HTML, Word, pasted text)."""
        return cls(
            title=article.title,
            paragraphs=paragraphs_of(article),
            byline=article.byline,
            published=article.published,
            language=article.language,
            source_url=article.source_url,
            modified=article.modified,
            warnings=list(article.warnings),
        )


def paragraphs_of(article: Article) -> Iterator[Paragraph]:
    """The article's paragraphs, one by one, each with its links."""
    by_paragraph: dict[int, list[Link]] = {}
    for link in article.links:
        by_paragraph.setdefault(link.paragraph, []).append(link)
    for index, text in enumerate(article.paragraphs):
        yield Paragraph(text, tuple(by_paragraph.get(index, ())))


def normalize_with_links(paragraph: Paragraph) -> tuple[str, list[StoredLink]]:
    """Return the paragraph as stored and its links' spans in that text (from 0).

    The text is exactly ``normalize_paragraph(paragraph.text)``; links whose text
    normalizes to nothing, or that point outside their paragraph, are dropped.
    """
    text = paragraph.text
    own = [link for link in paragraph.links if 0 <= link.start < link.end <= len(text)]
    if not own:
        return normalize_paragraph(text), []
    normalized, spans = normalize_paragraph_spans(text, [(k.start, k.end) for k in own])
    links = [
        StoredLink(start, end, link.url, link.origin)
        for link, (start, end) in zip(own, spans, strict=True)
        if start < end
    ]
    links.sort(key=lambda link: (link.start, link.end))
    return normalized, links


def stored_text(article: Article) -> tuple[str, list[StoredLink]]:
    """Return the text to store for ``article`` and its links' spans in that text.

    The text is exactly ``normalize_paragraphs(article.paragraphs)``, as the Document
    writer stores it; links come back in text order.
    """
    pieces: list[str] = []
    links: list[StoredLink] = []
    offset = 0
    for paragraph in paragraphs_of(article):
        text, own = normalize_with_links(paragraph)
        if not text:
            continue
        if pieces:
            offset += len(PARAGRAPH_SEPARATOR)
        pieces.append(text)
        links.extend(StoredLink(offset + k.start, offset + k.end, k.url, k.origin) for k in own)
        offset += len(text)
    links.sort(key=lambda link: (link.start, link.end))
    return PARAGRAPH_SEPARATOR.join(pieces), links
