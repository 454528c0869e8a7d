"""Read a Markdown article with markdown-it-py into plain-text paragraphs and links.

Every block that holds text becomes one paragraph: headings, paragraphs, list items,
block quotes, table cells, definition terms and definitions, the contents of ``:::``
containers and code blocks. Inline markup is dropped and its text kept (link text,
image alt text, code text), so ``*``, ``_``, ``#``, ``[``, ``](``, backticks, ``==``,
``++``, ``^``, ``~`` and task-list boxes that are markup never reach the text;
characters the author escaped (``\\*``) are text and stay; a known ``:emoji:``
shortcode becomes its emoji. Raw HTML is reduced to its text, without ``<script>`` and
``<style>`` contents. Footnotes read as Word's do: each reference becomes ``[n]``
(numbered in reading order) and each note follows the body as a paragraph
``[n] note text``; a definition nothing refers to is left out, as in Word.

Links (``[text](url)``, reference links, ``<url>`` and bare ``https://`` or ``www.``
addresses, and raw ``<a href>``) are kept with their text's span when they are
absolute http(s) URLs; links inside notes are marked as footnote links.

A YAML-style front matter block (``---`` lines around ``key: value`` lines) gives
title, author(s), date and language; it is read with a small parser of top-level
scalars and lists, not a YAML library. Otherwise the first ``#`` heading is the title.
A title taken from a heading leaves the paragraphs (so does a heading repeating the
front matter title), unless it is the only text. Without a declared language, the
text's language is detected.

Work is bounded before and during parsing (``annotate.ingest.budget``): brackets
nested or left open more than ``MAX_BRACKET_DEPTH`` times are refused before parsing
(they make link parsing quadratic), quotes and lists deeper than ``MAX_NESTING`` are
refused, and the parse runs under a CPU-time budget.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.gfm_autolink import gfm_autolink_plugin
from mdit_py_plugins.subscript import sub_plugin
from mdit_py_plugins.superscript import superscript_plugin

from annotate.ingest import errors, language
from annotate.ingest.article import BODY, FOOTNOTE, Article
from annotate.ingest.budget import Budget, brackets_too_deep
from annotate.ingest.decode import decode_text
from annotate.ingest.errors import ImportRejected
from annotate.ingest.fields import clean_text, parse_date, title_from_filename
from annotate.ingest.links import Block, ParagraphBuilder, assemble, plain_block, web_url
from annotate.ingest.markdown_rules import budget_plugin, emoji_plugin, paired_marker_plugin

# Deepest nesting of quotes and lists read (markdown-it's default of 20 drops real text).
MAX_NESTING = 100
# Brackets open at once, or never closed; prose and wiki links need a handful.
MAX_BRACKET_DEPTH = 32
# Raw HTML is fed to the HTML parser in pieces this big, checking the budget between.
_HTML_CHUNK = 65_536

_FRONT_MATTER = re.compile(r"\A---[^\S\n]*\n(.*?\n)?(?:---|\.\.\.)[^\S\n]*(?:\n|\Z)", re.DOTALL)
_KEY_VALUE = re.compile(r"([A-Za-z_][\w-]*)\s*:\s*(.*)")
_LIST_VALUE = re.compile(r"\s+-\s+(.*)")
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_TEXT_BLOCKS = {"fence", "code_block"}
_INLINE_SKIP = {"script", "style"}
_INLINE_TEXT = {"text", "text_special", "code_inline"}
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
    if brackets_too_deep(body, MAX_BRACKET_DEPTH):
        raise ImportRejected(errors.MARKDOWN_TOO_DEEP_BRACKETS)
    blocks, notes = _blocks(body, Budget(len(body), errors.MARKDOWN_TOO_SLOW))
    if not blocks and not notes:
        raise ImportRejected(errors.MARKDOWN_NO_TEXT)
    title = clean_text(_scalar(meta.get("title")))
    h1 = next((i for i, block in enumerate(blocks) if block.kind == "h1"), None)
    if h1 is not None and (not title or blocks[h1].text == title):
        title = title or blocks[h1].text
        if len(blocks) + len(notes) > 1:
            del blocks[h1]
    paragraphs, links = assemble(blocks + notes)
    author = meta.get("author", meta.get("authors"))
    return Article(
        title=title or title_from_filename(filename),
        paragraphs=paragraphs,
        byline=clean_text(", ".join(author) if isinstance(author, list) else _scalar(author)),
        published=parse_date(_scalar(meta.get("date"))),
        language=language.choose(meta.get("lang", meta.get("language")), paragraphs),
        links=links,
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


def parser() -> MarkdownIt:
    """Return the markdown-it parser with every syntax we read."""
    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable(["table", "strikethrough"])
    md.options["tasklists"] = True  # "- [x] done" is a checked item, not text with brackets
    md.options["alerts"] = True  # "> [!NOTE]" is a titled quote
    md.use(footnote_plugin)
    md.use(deflist_plugin)
    md.use(container_plugin, name="container", validate=lambda *_args: True)
    md.use(superscript_plugin)
    md.use(sub_plugin)
    md.use(gfm_autolink_plugin)
    md.use(paired_marker_plugin, marker="=", name="mark")
    md.use(paired_marker_plugin, marker="+", name="ins")
    md.use(emoji_plugin)
    md.use(budget_plugin)
    return md


def _blocks(body: str, budget: Budget) -> tuple[list[Block], list[Block]]:
    """Return the body's text blocks (kind ``"h1"``... for headings) and its notes."""
    try:
        tokens = parser().parse(body, {"budget": budget})
    except ImportRejected:
        raise
    except Exception:  # A parser failure on user input is bad input, not our bug.
        raise ImportRejected(errors.MARKDOWN_UNREADABLE) from None
    # markdown-it stops reading blocks nested deeper than maxNesting: refuse, not lose text.
    if any(token.level >= MAX_NESTING - 1 for token in tokens):
        raise ImportRejected(errors.MARKDOWN_TOO_DEEP)
    blocks: list[Block] = []
    notes: list[Block] = []
    heading = ""
    note: ParagraphBuilder | None = None
    for token in tokens:
        if token.type == "heading_open":
            heading = token.tag
        elif token.type == "heading_close":
            heading = ""
        elif token.type == "footnote_open":
            note = ParagraphBuilder()
            note.text(f"[{token.meta['id'] + 1}] ")
        elif token.type == "footnote_close" and note is not None:
            notes.append(note.build())
            note = None
        elif note is not None:
            _add_to_note(note, token)
        elif token.type == "inline":
            builder = ParagraphBuilder(heading)
            _inline(token.children or [], builder, BODY)
            blocks.append(builder.build())
        elif token.type in _TEXT_BLOCKS:
            blocks.append(plain_block(token.content))
        elif token.type == "html_block":
            blocks.extend(html_blocks(token.content, budget))
    return [b for b in blocks if b.text], [n for n in notes if n.text]


def _add_to_note(note: ParagraphBuilder, token: Token) -> None:
    """Add a block inside a footnote to the note's one paragraph."""
    if token.type == "inline":
        note.text(" ")
        _inline(token.children or [], note, FOOTNOTE)
    elif token.type in _TEXT_BLOCKS or token.type == "html_block":
        note.text(" " + token.content)


def _inline(children: list[Token], out: ParagraphBuilder, origin: str) -> None:
    skipping = ""  # Inside an inline <script> or <style>: its text is not article text.
    for child in children:
        kind = child.type
        if kind == "html_inline":
            skipping = _html_inline(child.content, out, origin, skipping)
        elif skipping:
            continue
        elif kind in _INLINE_TEXT:
            out.text(child.content)
        elif kind in ("softbreak", "hardbreak"):
            out.text(" ")
        elif kind == "image":
            _inline(child.children or [], out, origin)
        elif kind == "link_open":
            out.open_link(web_url(child.attrs.get("href")), origin)
        elif kind == "link_close":
            out.close_link()
        elif kind == "footnote_ref":
            out.text(f"[{child.meta['id'] + 1}]")


def _html_inline(markup: str, out: ParagraphBuilder, origin: str, skipping: str) -> str:
    """Apply one inline HTML tag; return the tag whose contents are being skipped, if any."""
    tag = _tag_name(markup)
    if skipping:
        return "" if tag == "/" + skipping else skipping
    if tag in _INLINE_SKIP:
        return tag
    if tag in ("br", "br/"):
        out.text(" ")
    elif tag == "a":
        out.open_link(web_url(_href(markup)), origin)
    elif tag == "/a":
        out.close_link()
    return ""


def _href(markup: str) -> str:
    match = _HREF.search(markup)
    if match is None:
        return ""
    return html.unescape(next(group for group in match.groups() if group is not None))


def _tag_name(markup: str) -> str:
    match = re.match(r"<\s*(/?\s*[A-Za-z][\w-]*)", markup)
    return match.group(1).replace(" ", "").lower() if match else ""


def html_text(markup: str) -> list[str]:
    """Return the text of an HTML fragment, split at block tags, without scripts."""
    return [block.text for block in html_blocks(markup)]


def html_blocks(markup: str, budget: Budget | None = None) -> list[Block]:
    """Return the text blocks of an HTML fragment, with its links, split at block tags."""
    extractor = _TextExtractor()
    for start in range(0, len(markup), _HTML_CHUNK):
        extractor.feed(markup[start : start + _HTML_CHUNK])
        if budget is not None:
            budget.check()
    extractor.close()
    return [block for block in (b.build() for b in extractor.pieces) if block.text]


class _TextExtractor(HTMLParser):
    """Collect the text and links of HTML, starting a new piece at each block-level tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[ParagraphBuilder] = [ParagraphBuilder()]
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _INLINE_SKIP:
            self._skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self.pieces.append(ParagraphBuilder())
        elif tag == "a":
            self.pieces[-1].open_link(web_url(dict(attrs).get("href")))

    def handle_endtag(self, tag: str) -> None:
        if tag in _INLINE_SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.pieces.append(ParagraphBuilder())
        elif tag == "a":
            self.pieces[-1].close_link()

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.pieces[-1].text(data)
