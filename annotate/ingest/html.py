"""Read a saved news page: the article's text and links, headline, byline, dates, language.

The text is trafilatura's extraction (``favor_precision``), which drops navigation,
ads, scripts, comments, cookie banners and footers; its XML body tree is walked so
that each heading, paragraph, list item, quote, table cell and code block is one
paragraph, in page order, with the links inside it. The page's first heading is
dropped when it repeats the title. Two things go past trafilatura:

* when the page's JSON-LD article (``NewsArticle``, ``ReportageNewsArticle``, ...)
  holds more of the article in ``articleBody`` than was extracted (a page whose
  ``<p>`` tags hold a photo caption while the story is in its structured data), that
  body is the text;
* when the extraction holds less than half of the article region's text (a photo
  essay whose story is in its captions), the region is read block by block instead.

If what is left is still small against the page's visible text, the article carries
a warning ("only 23 words were found; ..."). Links are kept when they are absolute
http(s) URLs (relative ones are resolved against the page's URL), not links to the
page itself; links in a footnotes section are marked as footnote links. Headline,
dates, byline and declared language come from ``pagemeta``; without a declared
language the text's language is detected.

Bytes are decoded by the byte-order mark, then the charset the page declares
(``<meta charset>``, ``http-equiv`` or an XML declaration), then detection. The
canonical URL (or the "saved from url" comment browsers write) gives the source URL.
Pages nested too deep, with too many elements, or with an element carrying thousands
of attributes are refused before extraction (``pagetext.parse_tree``).
"""

from __future__ import annotations

import re

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Document

from annotate.ingest import errors, jsonld, language, pagemeta, pagetext
from annotate.ingest.article import BODY, FOOTNOTE, Article
from annotate.ingest.decode import decode_text
from annotate.ingest.errors import ImportRejected
from annotate.ingest.fields import clean_text, title_from_filename, word_count
from annotate.ingest.links import Block, ParagraphBuilder, assemble, plain_block, web_url

_HEAD = 4096
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)
# Elements of trafilatura's output tree that hold blocks or are blocks.
_STRUCTURE = {"p", "head", "list", "item", "quote", "table", "row", "cell", "code", "div"}
# A table cell longer than this is page layout, not data.
_LAYOUT_CELL_CHARS = 600
# Prefer the page's own publication date to guesses from its text.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
# JSON-LD replaces the extraction when it holds this much more.
_STRUCTURED_MORE = 1.2
_STRUCTURED_MARGIN = 10
# The region is read instead when the extraction holds less than this share of it.
_REGION_SHARE = 0.5
_REGION_WORDS = 40
# Warn when fewer words than this were found, and fewer than this share of the page's.
_FEW_WORDS = 80
_PAGE_SHARE = 0.25
# A paragraph put back before the extraction reads as prose: this many words at least.
_LEAD_WORDS = 10
# A name has at most this many words.
_NAME_WORDS = 4


def read(data: bytes, filename: str = "", *, url: str = "", charset: str | None = None) -> Article:
    """Return the article in a saved HTML page, or raise ``ImportRejected``.

    ``url`` is where the page was fetched from, if it was: the base for its relative
    links and its source URL. ``charset`` is the one its HTTP response declared, which
    wins over the page's own ``<meta charset>`` (a byte-order mark wins over both).
    """
    if not data.strip():
        raise ImportRejected(errors.EMPTY)
    declared = charset or declared_charset(data[:_HEAD])
    return parse(decode_text(data, declared), filename, url=url)


def parse(page: str, filename: str = "", *, url: str = "") -> Article:
    """Return the article in an already decoded HTML page."""
    tree = pagetext.parse_tree(page)
    meta = pagemeta.Meta(tree)
    found = jsonld.objects(
        s.text or "" for s in tree.xpath("//script[@type='application/ld+json']")
    )
    article = jsonld.article(found)
    source_url = _source_url(url, tree, meta, page)
    pagetext.mark_notes(tree)
    footnotes = pagetext.web_links(tree, source_url)
    sites = pagemeta.site_names(tree, meta, article, found, source_url)
    heading = pagemeta.headline(tree, sites)
    region = pagetext.main_region(tree, heading)
    page_words = pagetext.visible_words(tree)
    region_blocks = pagetext.region_blocks(region, footnotes)
    furniture = pagetext.furniture(tree, region, {block.text for block in region_blocks})
    published, modified = pagemeta.dates(tree, meta, article, heading)
    title = pagemeta.title(heading, meta, article, tree, sites)
    byline = pagemeta.byline(meta, article, heading)
    declared = pagemeta.declared_language(tree, meta, article)

    pagetext.drop_navigation(tree)
    document = _extraction(lxml.html.tostring(tree, encoding="unicode"))
    blocks = [b for b in _text_blocks(document, footnotes) if b.text not in furniture]
    title = title or clean_text(getattr(document, "title", "") or "")
    blocks = _best_text(_with_lead(blocks, region_blocks, title), region_blocks, article)
    if not any(char.isalnum() for block in blocks for char in block.text):
        raise ImportRejected(errors.HTML_NO_TEXT)  # Nothing, or only stray markup signs.
    _drop_repeated_title(blocks, title)
    paragraphs, links = assemble(blocks)
    words = sum(word_count(paragraph) for paragraph in paragraphs)
    warnings = []
    if words < _FEW_WORDS and words < _PAGE_SHARE * page_words:
        warnings.append(errors.small_extraction(words))
    return Article(
        title=title or title_from_filename(filename),
        paragraphs=paragraphs,
        byline=byline or _names_only(clean_text(getattr(document, "author", "") or "")),
        published=published or _trafilatura_date(document),
        modified=modified,
        language=language.choose(declared, paragraphs),
        source_url=source_url,
        links=links,
        warnings=warnings,
    )


def _extraction(page: str) -> Document | None:
    document = _extract(page, include_tables=True)
    if _has_layout_table(document):
        # Old sites lay out the whole page in a table: extracting its cells keeps menus
        # and ads, and flattens the story into one cell. Without tables it comes out clean.
        document = _extract(page, include_tables=False) or document
    return document


def _extract(page: str, include_tables: bool) -> Document | None:
    try:
        return trafilatura.bare_extraction(
            page,
            favor_precision=True,
            with_metadata=True,
            include_comments=False,
            include_tables=include_tables,
            include_images=False,
            include_links=True,
            include_formatting=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception:  # lxml and trafilatura failures on user input are bad input.
        raise ImportRejected(errors.HTML_UNREADABLE) from None


def _text_blocks(document: Document | None, footnotes: set[tuple[str, str]]) -> list[Block]:
    body = getattr(document, "body", None)
    if body is None:
        return []
    return [block for block in body_blocks(body, footnotes) if block.text]


def _best_text(blocks: list[Block], region: list[Block], article: dict | None) -> list[Block]:
    """The extraction, or the region's blocks or the JSON-LD body when they hold more."""
    words, region_words = _words(blocks), _words(region)
    if (region_words >= _REGION_WORDS or not words) and words < _REGION_SHARE * region_words:
        blocks, words = region, region_words
    structured = _structured_body(article)
    if _words(structured) > _STRUCTURED_MORE * words + _STRUCTURED_MARGIN:
        return structured
    return blocks


def _with_lead(blocks: list[Block], region: list[Block], title: str) -> list[Block]:
    """Put back the paragraphs before the extraction's first one that trafilatura dropped.

    Precision mode often drops a story's lead (a bold standfirst outside the body
    ``<div>``): region paragraphs that come before the first extracted one, read as
    prose and are not captions or page furniture come first.
    """
    first = next((b.text for b in blocks if b.text.casefold() != title.casefold()), None)
    texts = [block.text for block in region]
    if first is None or first not in texts:
        return blocks
    kept = {block.text for block in blocks}
    lead = [
        block
        for block in region[: texts.index(first)]
        if block.kind in ("p", "div") and block.text not in kept and _reads_as_prose(block.text)
    ]
    return lead + blocks


def _reads_as_prose(text: str) -> bool:
    return word_count(text) >= _LEAD_WORDS and text[-1] in ".!?…。！？\"'»”’)"


def _names_only(author: str) -> str:
    """trafilatura's author when it reads as names, not as a sentence that began "By"."""
    parts = re.split(r",|\band\b|&|;", author)
    return author if all(len(part.split()) <= _NAME_WORDS for part in parts) else ""


def _structured_body(article: dict | None) -> list[Block]:
    """The JSON-LD ``articleBody`` as blocks, one per line (HTML in it read as HTML)."""
    body = jsonld.text(article.get("articleBody")) if article else ""
    if not body:
        return []
    if "<" in body and re.search(r"</?(?:p|br|div)\b", body, re.IGNORECASE):
        try:
            fragment = lxml.html.fragment_fromstring(body, create_parent="div")
        except (etree.ParserError, ValueError):
            fragment = None
        if fragment is not None:
            return pagetext.region_blocks(fragment, set())
    return [block for block in map(plain_block, body.splitlines()) if block.text]


def _words(blocks: list[Block]) -> int:
    return sum(word_count(block.text) for block in blocks)


def _trafilatura_date(document: Document | None):
    return pagemeta.to_date(getattr(document, "date", "") or "")


def _has_layout_table(document: Document | None) -> bool:
    """Tell whether the extracted body holds a table cell as long as a story."""
    body = getattr(document, "body", None)
    if body is None:
        return False
    return any(len("".join(cell.itertext())) > _LAYOUT_CELL_CHARS for cell in body.iter("cell"))


def _drop_repeated_title(blocks: list[Block], title: str) -> None:
    """Remove the first block that repeats the title (the page's h1), if any."""
    if not title or len(blocks) < 2:
        return
    for i, block in enumerate(blocks):
        if block.text.casefold() == title.casefold():
            del blocks[i]
            return


def declared_charset(head: bytes) -> str | None:
    """Return the charset label an HTML page declares in its first bytes, or ``None``."""
    match = _DECLARED_CHARSET.search(head)
    if match is None:
        return None
    label = match.group(1) or match.group(2)
    return label.decode("ascii")


def body_blocks(body: etree._Element, footnotes: set[tuple[str, str]] = frozenset()) -> list[Block]:
    """Return each block of a trafilatura body tree, with its links, in document order."""
    blocks: list[Block] = []
    _walk(body, blocks, footnotes)
    return blocks


def body_paragraphs(body: etree._Element) -> list[str]:
    """Return the text of each block of a trafilatura body tree, in document order."""
    return [block.text for block in body_blocks(body) if block.text]


def _walk(element: etree._Element, out: list[Block], footnotes: set[tuple[str, str]]) -> None:
    if not any(child.tag in _STRUCTURE for child in element):
        out.append(_inline_block(element, footnotes, with_tail=False))
        return
    # A container: its own text, each child block, and the text between them.
    out.append(plain_block(element.text or ""))
    for child in element:
        if child.tag in _STRUCTURE:
            _walk(child, out, footnotes)
            out.append(plain_block(child.tail or ""))
        else:
            out.append(_inline_block(child, footnotes, with_tail=True))


def _inline_block(
    element: etree._Element, footnotes: set[tuple[str, str]], with_tail: bool
) -> Block:
    builder = ParagraphBuilder()
    _inline(element, builder, footnotes)
    if with_tail:
        builder.text(element.tail or "")
    return builder.build()


def _inline(
    element: etree._Element, out: ParagraphBuilder, footnotes: set[tuple[str, str]]
) -> None:
    if element.tag == "ref":
        url = web_url(element.get("target"))
        key = pagetext.link_key(url, "".join(element.itertext()))
        out.open_link(url, FOOTNOTE if key in footnotes else BODY)
    out.text(element.text or "")
    for child in element:
        if child.tag == "lb":
            out.text(" ")
        else:
            _inline(child, out, footnotes)
        out.text(child.tail or "")
    if element.tag == "ref":
        out.close_link()


def _source_url(url: str, tree: etree._Element, meta: pagemeta.Meta, page: str) -> str:
    """The page's URL: where it was fetched from, its canonical URL, or where it was saved."""
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    saved_from = _SAVED_FROM.search(page[:_HEAD])
    for candidate in (
        url,
        canonical[0] if canonical else "",
        meta.first(["og:url"]),
        saved_from.group(1) if saved_from else "",
    ):
        found = web_url(candidate)
        if found:
            return found
    return ""
