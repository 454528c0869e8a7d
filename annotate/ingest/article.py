"""The plain result of every import reader: an article's metadata, paragraphs and links.

Readers return paragraphs of clean plain text (stripped, one line, whitespace folded);
the caller normalizes them once more (``annotate.text.normalize``) before storing, and
that normalized text is what offsets point into. ``stored_text`` does that
normalization and carries the article's links along, so their offsets point into the
stored text exactly.
"""

from __future__ import annotations

import datetime
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


def stored_text(article: Article) -> tuple[str, list[StoredLink]]:
    """Return the text to store for ``article`` and its links' spans in that text.

    The text is exactly ``normalize_paragraphs(article.paragraphs)``; links whose text
    normalizes to nothing, or that point outside their paragraph, are dropped. Links
    come back in text order.
    """
    by_paragraph: dict[int, list[Link]] = {}
    for link in article.links:
        by_paragraph.setdefault(link.paragraph, []).append(link)
    pieces: list[str] = []
    links: list[StoredLink] = []
    offset = 0
    for index, paragraph in enumerate(article.paragraphs):
        own = [
            link
            for link in by_paragraph.get(index, ())
            if 0 <= link.start < link.end <= len(paragraph)
        ]
        if own:
            text, spans = normalize_paragraph_spans(paragraph, [(k.start, k.end) for k in own])
        else:
            text, spans = normalize_paragraph(paragraph), []
        if not text:
            continue
        if pieces:
            offset += len(PARAGRAPH_SEPARATOR)
        pieces.append(text)
        links.extend(
            StoredLink(offset + start, offset + end, link.url, link.origin)
            for link, (start, end) in zip(own, spans, strict=True)
            if start < end
        )
        offset += len(text)
    links.sort(key=lambda link: (link.start, link.end))
    return PARAGRAPH_SEPARATOR.join(pieces), links
