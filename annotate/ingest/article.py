"""The plain result of every import reader: an article's metadata and paragraphs.

Readers return paragraphs of clean plain text (stripped, one line, whitespace folded);
the caller normalizes them once more (``annotate.text.normalize``) before storing, and
that normalized text is what offsets point into.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass
class Article:
    """An article read from a file, before normalization and segmenting."""

    title: str
    paragraphs: list[str]
    byline: str = ""
    published: datetime.date | None = None
    language: str = "en"
    source_url: str = ""
