"""Paragraphs with the links inside them, as the readers build them, and web-link checks.

A reader feeds a ``ParagraphBuilder`` the text of one block piece by piece, opening and
closing links around their text; ``build`` returns the block's clean text (as
``normalize_paragraph`` gives it) with each link's span in that text. ``assemble`` turns
the blocks into an ``Article``'s paragraphs and links. Only absolute http and https
URLs are kept (``web_url``): a fact-checker can open them as sources; ``mailto:``,
``javascript:``, page anchors and relative links without a base are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from annotate.ingest.article import BODY, Link
from annotate.text.normalize import normalize_paragraph, normalize_paragraph_spans

MAX_URL_CHARS = 4096
# Browsers drop leading and trailing C0 controls and spaces, and tabs and line breaks
# anywhere in a URL.
_URL_STRIP = "".join(chr(c) for c in range(0x21))
_URL_NEWLINES = re.compile(r"[\t\n\r]")


@dataclass(frozen=True, slots=True)
class Span:
    """A link inside one block: ``text[start:end]`` links to ``url``."""

    start: int
    end: int
    url: str
    origin: str = BODY


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph as a reader found it: clean text, its links, and a reader's tag."""

    text: str
    links: tuple[Span, ...] = ()
    kind: str = ""


def web_url(href: object, base: str = "") -> str:
    """Return ``href`` as an absolute http(s) URL (resolved against ``base``), or ``""``."""
    if not isinstance(href, str):
        return ""
    href = _URL_NEWLINES.sub("", href.strip(_URL_STRIP))
    if not href or len(href) > MAX_URL_CHARS:
        return ""
    if base and _is_web(base):
        try:
            href = urljoin(base, href)
        except ValueError:
            return ""
    return href if _is_web(href) else ""


def _is_web(url: str) -> bool:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError on a malformed port
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


class ParagraphBuilder:
    """Collect one block's text and the links around parts of it."""

    def __init__(self, kind: str = "") -> None:
        self.kind = kind
        self._parts: list[str] = []
        self._length = 0
        self._open: list[tuple[int, str, str]] = []
        self._spans: list[tuple[int, int, str, str]] = []

    def text(self, text: str) -> None:
        if text:
            self._parts.append(text)
            self._length += len(text)

    def open_link(self, url: str, origin: str = BODY) -> None:
        """Start a link at the current position; ``url`` ``""`` marks a non-web link."""
        self._open.append((self._length, url, origin))

    def close_link(self) -> None:
        if not self._open:
            return
        start, url, origin = self._open.pop()
        if url and start < self._length:
            self._spans.append((start, self._length, url, origin))

    def build(self) -> Block:
        """Return the block: its normalized text and its links' spans in that text."""
        while self._open:
            self.close_link()
        raw = "".join(self._parts)
        if not self._spans:
            return Block(normalize_paragraph(raw), (), self.kind)
        text, spans = normalize_paragraph_spans(raw, [(s, e) for s, e, _u, _o in self._spans])
        links = tuple(
            Span(start, end, url, origin)
            for (start, end), (_s, _e, url, origin) in zip(spans, self._spans, strict=True)
            if start < end
        )
        return Block(text, tuple(sorted(links, key=lambda span: (span.start, span.end))), self.kind)


def plain_block(text: str, kind: str = "") -> Block:
    """Return a block of ``text`` without links."""
    builder = ParagraphBuilder(kind)
    builder.text(text)
    return builder.build()


def assemble(blocks: Iterable[Block]) -> tuple[list[str], list[Link]]:
    """Return the paragraphs and links of ``blocks``, leaving out empty blocks."""
    paragraphs: list[str] = []
    links: list[Link] = []
    for block in blocks:
        if not block.text:
            continue
        index = len(paragraphs)
        paragraphs.append(block.text)
        links.extend(Link(index, s.start, s.end, s.url, s.origin) for s in block.links)
    return paragraphs, links
