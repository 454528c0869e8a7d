"""Read a Markdown article with markdown-it-py into plain-text paragraphs.

Every block that holds text becomes one paragraph: headings, paragraphs, list items,
block quotes, table cells and code blocks. Inline markup is dropped and its text kept
(link text, image alt text, code text), so ``*``, ``_``, ``#``, ``[``, ``](`` and
backticks that are markup never reach the text; characters the author escaped
(``\\*``) are text and stay. Raw HTML is reduced to its text, without ``<script>`` and
``<style>`` contents.

A YAML-style front matter block (``---`` lines around ``key: value`` lines) gives
title, author(s), date and language; it is read with a small parser of top-level
scalars and lists, not a YAML library. Otherwise the first ``#`` heading is the title.
A title taken from a heading leaves the paragraphs (so does a heading repeating the
front matter title), unless it is the only text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.token import Token

from annotate.ingest import errors
from annotate.ingest.article import Article
from annotate.ingest.decode import decode_text
from annotate.ingest.errors import ImportRejected
from annotate.ingest.fields import (
    clean_paragraphs,
    clean_text,
    parse_date,
    parse_language,
    title_from_filename,
)

# Deepest nesting of quotes and lists read (markdown-it's default of 20 drops real text).
MAX_NESTING = 100

_FRONT_MATTER = re.compile(r"\A---[^\S\n]*\n(.*?\n)?(?:---|\.\.\.)[^\S\n]*(?:\n|\Z)", re.DOTALL)
_KEY_VALUE = re.compile(r"([A-Za-z_][\w-]*)\s*:\s*(.*)")
_LIST_VALUE = re.compile(r"\s+-\s+(.*)")
_TEXT_BLOCKS = {"fence", "code_block"}
_INLINE_SKIP = {"script", "style"}
_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr",
    "ul",
}  # fmt: skip


def read(data: bytes, filename: str = "") -> Article:
    """Return the article in a Markdown file, or raise ``ImportRejected``."""
    if not data.strip():
        raise ImportRejected(errors.EMPTY)
    return parse(decode_text(data), filename)


def parse(text: str, filename: str = "") -> Article:
    """Return the article in already decoded Markdown text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta, body = split_front_matter(text)
    blocks = _blocks(body)
    paragraphs = [text for _tag, text in blocks]
    if not paragraphs:
        raise ImportRejected(errors.MARKDOWN_NO_TEXT)
    title = clean_text(_scalar(meta.get("title")))
    h1 = next((i for i, (tag, _text) in enumerate(blocks) if tag == "h1"), None)
    if h1 is not None and (not title or paragraphs[h1] == title):
        title = title or paragraphs[h1]
        if len(paragraphs) > 1:
            del paragraphs[h1]
    author = meta.get("author", meta.get("authors"))
    return Article(
        title=title or title_from_filename(filename),
        paragraphs=paragraphs,
        byline=clean_text(", ".join(author) if isinstance(author, list) else _scalar(author)),
        published=parse_date(_scalar(meta.get("date"))),
        language=parse_language(meta.get("lang", meta.get("language"))),
    )


def split_front_matter(text: str) -> tuple[dict[str, str | list[str]], str]:
    """Return the front matter's top-level keys (lower-cased) and the text after it."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    meta: dict[str, str | list[str]] = {}
    key = None
    for line in (match.group(1) or "").split("\n"):
        pair = _KEY_VALUE.fullmatch(line)
        item = _LIST_VALUE.fullmatch(line)
        if pair is not None:
            key = pair.group(1).lower()
            value = _unquote(pair.group(2))
            meta[key] = value if value else []
        elif item is not None and key is not None and isinstance(meta[key], list):
            meta[key].append(_unquote(item.group(1)))  # type: ignore[union-attr]
    return meta, text[match.end() :]


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _scalar(value: object) -> str:
    return value if isinstance(value, str) else ""


def _blocks(body: str) -> list[tuple[str, str]]:
    """Return ``(tag, text)`` for each text block; tag is ``"h1"``... for headings."""
    parser = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable(
        ["table", "strikethrough"]
    )
    try:
        tokens = parser.parse(body)
    except Exception:  # A parser failure on user input is bad input, not our bug.
        raise ImportRejected(errors.MARKDOWN_UNREADABLE) from None
    # markdown-it stops reading blocks nested deeper than maxNesting: refuse, not lose text.
    if any(token.level >= MAX_NESTING - 1 for token in tokens):
        raise ImportRejected(errors.MARKDOWN_TOO_DEEP)
    blocks: list[tuple[str, str]] = []
    heading = ""
    for token in tokens:
        if token.type == "heading_open":
            heading = token.tag
        elif token.type == "heading_close":
            heading = ""
        elif token.type == "inline":
            blocks.append((heading, _inline_text(token.children or [])))
        elif token.type in _TEXT_BLOCKS:
            blocks.append(("", token.content))
        elif token.type == "html_block":
            blocks.extend(("", piece) for piece in html_text(token.content))
    return [(tag, text) for tag, text in ((t, clean_text(x)) for t, x in blocks) if text]


def _inline_text(children: list[Token]) -> str:
    parts: list[str] = []
    skipping = ""  # Inside an inline <script> or <style>: its text is not article text.
    for child in children:
        if child.type == "html_inline":
            tag = _tag_name(child.content)
            if skipping and tag == "/" + skipping:
                skipping = ""
            elif tag in _INLINE_SKIP:
                skipping = tag
            elif tag in ("br", "br/"):
                parts.append(" ")
        elif skipping:
            continue
        elif child.type in ("text", "text_special", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_inline_text(child.children or []))
    return "".join(parts)


def _tag_name(markup: str) -> str:
    match = re.match(r"<\s*(/?\s*[A-Za-z][\w-]*)", markup)
    return match.group(1).replace(" ", "").lower() if match else ""


def html_text(markup: str) -> list[str]:
    """Return the text of an HTML fragment, split at block tags, without scripts."""
    extractor = _TextExtractor()
    extractor.feed(markup)
    extractor.close()
    return clean_paragraphs(extractor.pieces)


class _TextExtractor(HTMLParser):
    """Collect the text of HTML, starting a new piece at each block-level tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = [""]
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _INLINE_SKIP:
            self._skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self.pieces.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in _INLINE_SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.pieces.append("")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.pieces[-1] += data
