"""Read a saved news page: the article's main text, title, byline and date.

The extraction is trafilatura's (``favor_precision``), which drops navigation, ads,
scripts, comments, cookie banners and footers; its XML body tree is walked so that each
heading, paragraph, list item, quote, table cell and code block is one paragraph, in
page order. The page's first heading is dropped when it repeats the title.

Bytes are decoded by the byte-order mark, then the charset the page declares
(``<meta charset>``, ``http-equiv`` or an XML declaration), then detection. The page's
``<html lang>`` gives the language; the canonical URL (or the "saved from url" comment
browsers write) gives the source URL.
"""

from __future__ import annotations

import re

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Document

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

_HEAD = 4096
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
_HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)
# Elements of trafilatura's output tree that hold blocks or are blocks.
_STRUCTURE = {"p", "head", "list", "item", "quote", "table", "row", "cell", "code", "div"}
# A table cell longer than this is page layout, not data.
_LAYOUT_CELL_CHARS = 600
_NAVIGATION_XPATH = (
    "//nav | //aside | //footer | //menu"
    " | //*[@role='navigation' or @role='contentinfo' or @role='complementary']"
)
# Prefer the page's own publication date to guesses from its text.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def read(data: bytes, filename: str = "") -> Article:
    """Return the article in a saved HTML page, or raise ``ImportRejected``."""
    if not data.strip():
        raise ImportRejected(errors.EMPTY)
    return parse(decode_text(data, declared_charset(data[:_HEAD])), filename)


def parse(page: str, filename: str = "") -> Article:
    """Return the article in an already decoded HTML page."""
    document = _extract(page, include_tables=True)
    if _has_layout_table(document):
        # Old sites lay out the whole page in a table: extracting its cells keeps menus
        # and ads, and flattens the story into one cell. Without tables it comes out clean.
        document = _extract(page, include_tables=False) or document
    body = getattr(document, "body", None)
    paragraphs = clean_paragraphs(body_paragraphs(body)) if body is not None else []
    if not paragraphs:
        raise ImportRejected(errors.HTML_NO_TEXT)
    title = clean_text(document.title or "")
    _drop_repeated_title(paragraphs, title)
    return Article(
        title=title or title_from_filename(filename),
        paragraphs=paragraphs,
        byline=clean_text(document.author or ""),
        published=parse_date(document.date),
        language=parse_language(_first_group(_HTML_LANG, page[:_HEAD])),
        source_url=_source_url(document.url, page),
    )


def _extract(page: str, include_tables: bool) -> Document | None:
    try:
        return trafilatura.bare_extraction(
            _without_navigation(page),
            favor_precision=True,
            with_metadata=True,
            include_comments=False,
            include_tables=include_tables,
            include_images=False,
            include_links=False,
            include_formatting=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception:  # lxml and trafilatura failures on user input are bad input.
        raise ImportRejected(errors.HTML_UNREADABLE) from None


def _without_navigation(page: str) -> str:
    """The page without its navigation, asides and footers.

    trafilatura drops these from real articles, but on a page with no article its fallback
    extractors return the menu ("Home") as if it were the story.
    """
    try:
        tree = lxml.html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return page
    navigation = tree.xpath(_NAVIGATION_XPATH)
    if not navigation:
        return page  # re-serializing would only change what trafilatura sees
    for element in navigation:
        element.drop_tree()
    return lxml.html.tostring(tree, encoding="unicode")


def _has_layout_table(document: Document | None) -> bool:
    """Tell whether the extracted body holds a table cell as long as a story."""
    body = getattr(document, "body", None)
    if body is None:
        return False
    return any(len("".join(cell.itertext())) > _LAYOUT_CELL_CHARS for cell in body.iter("cell"))


def _drop_repeated_title(paragraphs: list[str], title: str) -> None:
    """Remove the first paragraph that repeats the title (the page's h1), if any."""
    if not title or len(paragraphs) < 2:
        return
    for i, paragraph in enumerate(paragraphs):
        if paragraph.casefold() == title.casefold():
            del paragraphs[i]
            return


def declared_charset(head: bytes) -> str | None:
    """Return the charset label an HTML page declares in its first bytes, or ``None``."""
    match = _DECLARED_CHARSET.search(head)
    if match is None:
        return None
    label = match.group(1) or match.group(2)
    return label.decode("ascii")


def body_paragraphs(body: etree._Element) -> list[str]:
    """Return the text of each block of a trafilatura body tree, in document order."""
    for line_break in body.iter("lb"):
        line_break.tail = " " + (line_break.tail or "")
    paragraphs: list[str] = []
    _walk(body, paragraphs)
    return paragraphs


def _walk(element: etree._Element, out: list[str]) -> None:
    if not any(child.tag in _STRUCTURE for child in element):
        out.append("".join(element.itertext()))
        return
    # A container: its own text, each child block, and the text between them.
    out.append(element.text or "")
    for child in element:
        if child.tag in _STRUCTURE:
            _walk(child, out)
        else:
            out.append("".join(child.itertext()))
        out.append(child.tail or "")


def _first_group(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return match.group(1) if match else None


def _source_url(url: str | None, page: str) -> str:
    if url and url.startswith(("http://", "https://")):
        return url
    saved_from = _first_group(_SAVED_FROM, page[:_HEAD])
    return saved_from if saved_from and saved_from.startswith(("http://", "https://")) else ""
