"""Read a plain-text article: decode, split into paragraphs, find a title and byline.

Paragraphs
    Blocks of text are separated by blank lines (a form feed or U+2029 counts as one).
    Inside a block, each line break is either a hard wrap (an e-mail wrapped at 72
    columns) to be joined with a space, or a real break between paragraphs (a headline
    above a byline; a file with one paragraph per line and no blank lines at all).
    A break after a line counts as a wrap when all of these hold:

    * the block reads like wrapped text: its widest line that has a space (a URL that
      could not be wrapped says nothing) is 40 to 100 characters wide;
    * the next line's first word would not have fitted on this line at that width, as
      with every greedy line wrapper (a short line ends a paragraph);
    * the next line is not indented deeper than the block and does not start a list
      item (``-``, ``*``, ``•``, ``1.``);
    * the block has at least two lines near that width (so one long headline over a
      short byline does not set the width), or the next line starts in lower case or
      this line ends with ``,``, ``;`` or a dash, which a paragraph's end rarely does.

    A file without blank lines is one block, so one paragraph per line unless the lines
    are wrapped (the seed ``mott-...txt`` has 300 to 700 character lines: one each).

Title, byline, date
    Only the lines before the body count: the paragraphs (at most 8) before the first
    one that reads as prose (ends with ``.``, ``,``, ``;`` or ``:``, or is over 200
    characters).
    Among them the title is the first that looks like one (2 to 30 words, at most 200
    characters), preferring one that stands alone between blank lines over one sharing a
    block with other lines (scraped menus such as "Politics Foreign Affairs Culture"
    share a block). ``By Name`` is the byline and a lone date is the date. Lines used
    this way leave the paragraphs; everything else stays. Without a title line the
    file name (humanized) is the title, and a one-paragraph text keeps its paragraph.

Links and language
    Web addresses written out in the text (``https://...``) are its links, each
    linking to itself; the language is detected from the text.
"""

from __future__ import annotations

import datetime
import itertools
import re
from dataclasses import dataclass

from annotate.ingest import errors, language
from annotate.ingest.article import Article, Link
from annotate.ingest.decode import decode_text
from annotate.ingest.errors import ImportRejected
from annotate.ingest.fields import clean_text, parse_date, title_from_filename
from annotate.ingest.links import web_url

_MIN_WRAP_WIDTH = 40
_MAX_WRAP_WIDTH = 100
_NEAR_WIDTH = 0.8
_TITLE_MAX_CHARS = 200
_TITLE_MAX_WORDS = 30
_HEAD_MAX_PARAGRAPHS = 8

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")
_LIST_ITEM = re.compile(r"(?:[-*+\u2022\u2013\u2014]|\d{1,3}[.)])\s")
_PROSE_END = re.compile(r"[.,;:](?:[\"'\u2019\u201d)\]]*)$")
_WRAP_HINT_END = re.compile(r"[,;\-\u2013\u2014]$")
# An address written out: up to a space, not counting the punctuation that ends a sentence.
_BARE_URL = re.compile(r"https?://[^\s<>\"]+(?<![.,;:!?)\]'\u201d\u2019])")
_BYLINE = re.compile(r"(?:written\s+)?by\s+(\S.{1,98})", re.IGNORECASE)
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?")
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]+)\.? (\d{1,2}),? (\d{4})")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2}) ([A-Za-z]+)\.? (\d{4})")


@dataclass
class _Paragraph:
    text: str
    alone: bool  # the paragraph was a whole block between blank lines


def read(data: bytes, filename: str = "") -> Article:
    """Return the article in a plain-text file, or raise ``ImportRejected``."""
    if not data.strip():
        raise ImportRejected(errors.EMPTY)
    return parse(decode_text(data), filename)


def parse(text: str, filename: str = "") -> Article:
    """Return the article in already decoded text (pasted text, or a decoded file)."""
    paragraphs = _split_paragraphs(text)
    if not paragraphs:
        raise ImportRejected(errors.EMPTY)
    title, byline, published, used = _head_fields(paragraphs)
    body = [p.text for i, p in enumerate(paragraphs) if i not in used]
    return Article(
        title=title or title_from_filename(filename),
        paragraphs=body,
        byline=byline,
        published=published,
        language=language.choose(None, body or [title]),
        links=_bare_links(body),
    )


def _bare_links(paragraphs: list[str]) -> list[Link]:
    """The web addresses written out in the text, each linking to itself."""
    links = []
    for index, paragraph in enumerate(paragraphs):
        if "http" not in paragraph:
            continue  # Most paragraphs: no need for the regex.
        for match in _BARE_URL.finditer(paragraph):
            url = web_url(match.group())
            if url:
                links.append(Link(index, match.start(), match.end(), url))
    return links


def _split_paragraphs(text: str) -> list[_Paragraph]:
    """Return the paragraphs of ``text`` by the rules in the module docstring."""
    unified = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    unified = unified.replace("\f", "\n\n").replace("\u2029", "\n\n")
    blocks = [b for b in _BLANK_LINE.split(unified) if b.strip()]
    several_blocks = len(blocks) > 1
    paragraphs: list[_Paragraph] = []
    for block in blocks:
        pieces = _block_paragraphs(block)
        alone = len(pieces) == 1 or not several_blocks
        paragraphs.extend(_Paragraph(piece, alone) for piece in pieces)
    return paragraphs


def _block_paragraphs(block: str) -> list[str]:
    # Widths count indentation, as the wrapping tool did; words are compared stripped.
    lines = [line.rstrip() for line in block.split("\n") if line.strip()]
    width = _wrap_width(lines)
    base_indent = min(_indent(line) for line in lines)
    # One long headline over a short byline must not pass for wrapped text.
    supported = width is not None and sum(len(s) >= _NEAR_WIDTH * width for s in lines) >= 2
    pieces: list[list[str]] = [[lines[0]]]
    for line, following in itertools.pairwise(lines):
        wrapped = width is not None and _is_wrap(
            line, following.lstrip(), width, supported, _indent(following) > base_indent
        )
        if wrapped:
            pieces[-1].append(following)
        else:
            pieces.append([following])
    return [clean_text(" ".join(piece)) for piece in pieces]


def _wrap_width(lines: list[str]) -> int | None:
    """Return the width the block seems wrapped at, or ``None`` if it is not wrapped."""
    spaced = [len(line) for line in lines if " " in line.strip()]
    if len(lines) < 2 or not spaced:
        return None
    width = max(spaced)
    if not _MIN_WRAP_WIDTH <= width <= _MAX_WRAP_WIDTH:
        return None
    return width


def _is_wrap(line: str, following: str, width: int, supported: bool, indented: bool) -> bool:
    """Tell whether the break between ``line`` and the (stripped) ``following`` is a wrap."""
    if indented or _LIST_ITEM.match(following):
        return False
    first_word = following.split(maxsplit=1)[0]
    if len(line) + 1 + len(first_word) <= width:
        return False  # The word would have fitted: the writer broke the line on purpose.
    return supported or not following[0].isupper() or bool(_WRAP_HINT_END.search(line))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _head_fields(
    paragraphs: list[_Paragraph],
) -> tuple[str, str, datetime.date | None, set[int]]:
    """Return title, byline, date and the indexes of the paragraphs they came from."""
    if len(paragraphs) < 2:
        return "", "", None, set()
    head = []
    for i, paragraph in enumerate(paragraphs[:_HEAD_MAX_PARAGRAPHS]):
        if _is_prose(paragraph.text):
            break
        head.append(i)
    used: set[int] = set()
    title_at = _pick_title(paragraphs, head)
    title = ""
    if title_at is not None:
        title = paragraphs[title_at].text
        used.add(title_at)
    byline, published = "", None
    for i in head:
        text = paragraphs[i].text
        byline_match = _BYLINE.fullmatch(text)
        date = _parse_text_date(text)
        if not byline and byline_match and i not in used:
            byline = byline_match.group(1)
            used.add(i)
        elif published is None and date is not None and i not in used:
            published = date
            used.add(i)
    if len(used) == len(paragraphs):
        return "", "", None, set()  # Never leave the document without text.
    return title, byline, published, used


def _pick_title(paragraphs: list[_Paragraph], head: list[int]) -> int | None:
    candidates = [i for i in head if _looks_like_title(paragraphs[i].text)]
    for i in candidates:
        if paragraphs[i].alone:
            return i
    return candidates[0] if candidates else None


def _is_prose(text: str) -> bool:
    return len(text) > _TITLE_MAX_CHARS or bool(_PROSE_END.search(text))


def _looks_like_title(text: str) -> bool:
    words = text.split()
    return (
        2 <= len(words) <= _TITLE_MAX_WORDS
        and len(text) <= _TITLE_MAX_CHARS
        and any(c.isalpha() for c in text)
        and not _BYLINE.fullmatch(text)
        and _parse_text_date(text) is None
        and not _LIST_ITEM.match(text)
    )


def _parse_text_date(text: str) -> datetime.date | None:
    """Return the date if ``text`` is only a date (ISO, "March 5, 2024", "5 March 2024")."""
    if _ISO_DATE.fullmatch(text):
        return parse_date(text)
    for pattern, order in ((_MONTH_DAY_YEAR, "mdy"), (_DAY_MONTH_YEAR, "dmy")):
        match = pattern.fullmatch(text)
        if match is None:
            continue
        parts = dict(zip(order, match.groups(), strict=True))
        month = _MONTHS.get(parts["m"].lower())
        if month is None:
            continue
        try:
            return datetime.date(int(parts["y"]), month, int(parts["d"]))
        except ValueError:
            return None
    return None
