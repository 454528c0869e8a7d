"""A saved page's tree as the HTML reader uses it beside trafilatura's extraction.

``parse_tree`` bounds the work first: lxml keeps only 256 levels of nesting and drops
the rest of the page without a word, and checks each element's attributes in
quadratic time, so deeper pages, pages with more than ``MAX_ELEMENTS`` elements, and
elements with more than ``MAX_ATTRIBUTES`` attributes are refused. ``web_links`` makes
every link absolute (or removes it) before trafilatura sees the page, and notes which
links sit in a footnotes section. ``main_region`` is the article's part of the page;
``region_blocks`` reads it block by block, for pages whose text trafilatura misses
(photo captions); ``visible_words`` counts what a reader of the page sees.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html
from lxml import etree

from annotate.ingest import errors
from annotate.ingest.article import BODY, FOOTNOTE
from annotate.ingest.errors import ImportRejected
from annotate.ingest.fields import clean_text, word_count
from annotate.ingest.links import Block, ParagraphBuilder, web_url

MAX_DEPTH = 250
MAX_ELEMENTS = 100_000
MAX_ATTRIBUTES = 1_000

# An opening tag with more than MAX_ATTRIBUTES attributes (quoted values may hold
# anything but their quote; each repetition is one attribute, so the scan is linear).
_MANY_ATTRIBUTES = re.compile(
    r"<[A-Za-z][^\s/>]*(?:\s+[^\s\"'<>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'<>]*))?)"
    r"{" + str(MAX_ATTRIBUTES + 1) + "}"
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_INVISIBLE = {"script", "style", "noscript", "template", "svg", "head", "title", "iframe"}
_OUTSIDE_ARTICLE = {"nav", "aside", "footer", "form", "button", "select", "menu"}
_BLOCKS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "dd", "dt",
    "td", "th", "pre", "div", "section", "article", "main", "figure", "ul", "ol", "dl",
    "table", "tr", "header",
}  # fmt: skip
_BOILERPLATE = re.compile(
    r"share|social|related|newsletter|comment|promo|advert|\bads?\b|teaser|subscribe|cookie"
    r"|consent|byline|author|breadcrumb|\btags?\b|kicker|meta\b|post-info",
    re.IGNORECASE,
)
_NOTE_REFERENCES = (
    "//a[@role='doc-noteref' or contains(@class, 'footnote-ref')"
    " or (starts-with(@href, '#fn') and parent::sup)]"
)
_BACK_LINKS = (
    "//a[@role='doc-backlink' or contains(@class, 'footnote-back')"
    " or (starts-with(@href, '#fnref') and normalize-space() = '↩')"
    " or normalize-space() = '↩︎' or normalize-space() = '↩']"
)
_FOOTNOTE_MARKS = (
    "[@role='doc-endnotes' or @role='doc-footnote'"
    " or contains(concat(' ', normalize-space(@class), ' '), ' footnotes ')]"
)
_FOOTNOTES = "ancestor-or-self::*" + _FOOTNOTE_MARKS
_FURNITURE = re.compile(
    r"newsletter|promo|subscri|cookie|consent|share|social|advert|most-?read|comments?\b",
    re.IGNORECASE,
)


def parse_tree(page: str) -> lxml.html.HtmlElement:
    """Return the page's element tree, or refuse a page too big or deep to read whole."""
    if _MANY_ATTRIBUTES.search(page):
        raise ImportRejected(errors.HTML_TOO_MANY_ATTRIBUTES)
    try:
        # lxml refuses a str that declares its encoding; the page is decoded already.
        tree = lxml.html.document_fromstring(_XML_DECLARATION.sub("", page, count=1))
    except (etree.ParserError, ValueError):
        raise ImportRejected(errors.HTML_UNREADABLE) from None
    depth = deepest = count = 0
    for event, _element in etree.iterwalk(tree, events=("start", "end")):
        if event == "start":
            count += 1
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    if deepest >= MAX_DEPTH:
        raise ImportRejected(errors.HTML_TOO_DEEP)
    if count > MAX_ELEMENTS:
        raise ImportRejected(errors.HTML_TOO_MANY_ELEMENTS)
    return tree


def web_links(tree: lxml.html.HtmlElement, base: str) -> set[tuple[str, str]]:
    """Make each link absolute, remove those that are not web links; return footnote links.

    A footnote link is ``(url, text)`` of a link inside a footnotes section.
    Links to the page itself (footnote markers and back-links, "#top") are removed too.
    """
    page = base.split("#")[0]
    footnotes: set[tuple[str, str]] = set()
    for anchor in tree.iter("a"):
        href = anchor.get("href")
        if href is None:
            continue
        url = "" if href.strip().startswith("#") else web_url(href, base)
        if not url or url.split("#")[0] == page:
            del anchor.attrib["href"]
            continue
        anchor.set("href", url)
        if anchor.xpath(_FOOTNOTES):
            footnotes.add(link_key(url, anchor.text_content()))
    return footnotes


def mark_notes(tree: lxml.html.HtmlElement) -> None:
    """Write footnotes as the other readers do: ``[1]`` in the text, ``[1] note`` below.

    Note markers (``<sup><a href="#fn1">1</a></sup>``) become ``[1]``, back-links
    ("↩") go, and each item of a footnotes list starts with its number.
    """
    for anchor in tree.xpath(_NOTE_REFERENCES):
        label = clean_text(anchor.text_content()).strip("[]")
        for child in anchor:
            child.drop_tree()
        anchor.text = f"[{label}]"
        anchor.attrib.pop("href", None)
    for anchor in tree.xpath(_BACK_LINKS):
        anchor.drop_tree()
    for section in tree.xpath("//*" + _FOOTNOTE_MARKS):
        for number, item in enumerate(section.iter("li"), start=1):
            first = next(iter(item), None)
            starts_with_paragraph = first is not None and first.tag == "p"
            target = first if starts_with_paragraph and not (item.text or "").strip() else item
            target.text = f"[{number}] " + (target.text or "").lstrip()


def link_key(url: str, text: str) -> tuple[str, str]:
    """How a link is recognised across the page and trafilatura's copy of it."""
    return url, " ".join(text.split())


def furniture(
    tree: lxml.html.HtmlElement, region: etree._Element, region_texts: set[str]
) -> set[str]:
    """Return the texts of blocks in promotions, newsletters, share bars, comments and such.

    trafilatura sometimes takes a newsletter blurb for the story when the story is not
    in the page; these texts are dropped from its extraction, unless the article's
    region holds them too (``region_texts``).
    """
    inside = set(region.iter())  # Holding the elements keeps their proxies, so ``in`` works.
    texts: set[str] = set()
    for element in tree.iter():
        if not isinstance(element.tag, str) or element in inside:
            continue
        marks = f"{element.get('class', '')} {element.get('id', '')}"
        if _FURNITURE.search(marks) and region not in element.iterdescendants():
            texts.update(block.text for block in region_blocks(element, set(), furniture=True))
    return texts - region_texts


def drop_navigation(tree: lxml.html.HtmlElement) -> None:
    """Remove navigation, asides and footers from the tree.

    trafilatura drops these from real articles, but on a page with no article its
    fallback extractors return the menu ("Home") as if it were the story.
    """
    for element in tree.xpath(
        "//nav | //aside | //footer | //menu"
        " | //*[@role='navigation' or @role='contentinfo' or @role='complementary']"
    ):
        element.drop_tree()


def main_region(tree: lxml.html.HtmlElement, headline: etree._Element | None) -> etree._Element:
    """Return the element holding the article: around its headline, else the biggest one."""
    if headline is not None:
        around = headline.xpath("ancestor::article[1] | ancestor::main[1]")
        if around:
            return around[-1]
    for path in ("//article", "//main", "//*[@role='main']"):
        found = tree.xpath(path)
        if found:
            return max(found, key=lambda element: len(element.text_content()))
    body = tree.find("body")
    return body if body is not None else tree


def visible_words(element: etree._Element) -> int:
    """Count the words a reader sees in ``element`` (scripts, styles and hidden parts out)."""
    return word_count(" ".join(_visible_texts(element)))


def _visible_texts(element: etree._Element) -> Iterator[str]:
    if not isinstance(element.tag, str) or element.tag in _INVISIBLE or _hidden(element):
        return
    if element.text:
        yield element.text
    for child in element:
        yield from _visible_texts(child)
        if child.tail:
            yield child.tail


def _hidden(element: etree._Element) -> bool:
    return element.get("hidden") is not None or element.get("aria-hidden") == "true"


def region_blocks(
    region: etree._Element, footnotes: set[tuple[str, str]], furniture: bool = False
) -> list[Block]:
    """Return the region's text block by block, with links, leaving out page furniture.

    With ``furniture``, the furniture is read too (to recognise it elsewhere).
    """
    blocks: list[Block] = []
    _region_walk(region, blocks, footnotes, furniture)
    return [block for block in blocks if block.text]


def _region_walk(
    element: etree._Element, out: list[Block], footnotes: set[tuple[str, str]], everything: bool
) -> None:
    for child in element:
        if not isinstance(child.tag, str) or (not everything and _skipped(child)):
            continue
        if child.tag in _BLOCKS and not _holds_blocks(child):
            builder = ParagraphBuilder(child.tag)
            _inline(child, builder, footnotes)
            out.append(builder.build())
        elif child.tag in _BLOCKS:
            _region_walk(child, out, footnotes, everything)


def _skipped(element: etree._Element) -> bool:
    if element.tag in _INVISIBLE or element.tag in _OUTSIDE_ARTICLE or _hidden(element):
        return True
    marks = f"{element.get('class', '')} {element.get('id', '')}"
    return bool(_BOILERPLATE.search(marks))


def _holds_blocks(element: etree._Element) -> bool:
    return any(isinstance(e.tag, str) and e.tag in _BLOCKS for e in element.iterdescendants())


def _inline(
    element: etree._Element, out: ParagraphBuilder, footnotes: set[tuple[str, str]]
) -> None:
    out.text(element.text or "")
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _INVISIBLE:
            if child.tag == "br":
                out.text(" ")
            elif child.tag == "a" and child.get("href"):
                url = child.get("href")
                key = link_key(url, child.text_content())
                out.open_link(url, FOOTNOTE if key in footnotes else BODY)
                _inline(child, out, footnotes)
                out.close_link()
            else:
                _inline(child, out, footnotes)
        out.text(child.tail or "")
