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
    linking to itself; the language is detected from the text's first 20,000 characters.

Streaming
    ``stream`` reads a file in chunks and hands its paragraphs on one by one, so a file
    of any size is held a window at a time: the head (for the fields above) is at most
    ``_HEAD_CHARS``; a block of more than ``_WINDOW_LINES`` lines is judged a window at
    a time (its wrap width is that of the window); a line longer than ``_MAX_LINE``
    characters (a file with no line breaks) is cut at a space into paragraphs.
    ``read`` and ``parse`` give the same article, listed.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from annotate.ingest import errors, language
from annotate.ingest.article import Article, ArticleStream, Link, Paragraph
from annotate.ingest.decode import Opener, decode_chunks, decode_text
from annotate.ingest.errors import ImportRejected
from annotate.ingest.fields import clean_text, parse_date, title_from_filename
from annotate.ingest.links import web_url

_MIN_WRAP_WIDTH = 40
_MAX_WRAP_WIDTH = 100
_NEAR_WIDTH = 0.8
_TITLE_MAX_CHARS = 200
_TITLE_MAX_WORDS = 30
_HEAD_MAX_PARAGRAPHS = 8
# Streaming bounds: the head read before the first paragraph is handed on (a language
# sample's worth, language.SAMPLE_CHARS), the most read of one block to tell whether
# the file has others, a window of a long block, and the longest line kept whole.
_SAMPLE_CHARS = language.SAMPLE_CHARS
_HEAD_CHARS = 1_000_000
_WINDOW_LINES = 2_000
_WINDOW_CHARS = 500_000
_MAX_LINE = 100_000

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
    block: int  # which block (between blank lines) it came from, counted from 0
    single: bool  # it is the whole of its block


def read(data: bytes, filename: str = "") -> Article:
    """Return the article in a plain-text file, or raise ``ImportRejected``."""
    if not data.strip():
        raise ImportRejected(errors.EMPTY)
    return parse(decode_text(data), filename)


def parse(text: str, filename: str = "") -> Article:
    """Return the article in already decoded text (pasted text, or a decoded file)."""
    return _listed(_stream([text], filename))


def stream(open_binary: Opener, filename: str = "") -> ArticleStream:
    """Return the article in a plain-text file, its paragraphs read as they are consumed.

    ``open_binary`` opens the file (more than once); only a bounded window of it is in
    memory at a time. The title, byline, date and language come from the head of the
    file (see ``_HEAD_CHARS``); bad bytes past the head raise ``ImportRejected`` from
    the paragraphs iterator.
    """
    return _stream(decode_chunks(open_binary), filename)


def _listed(article: ArticleStream) -> Article:
    paragraphs, links = [], []
    for index, paragraph in enumerate(article.paragraphs):
        paragraphs.append(paragraph.text)
        links.extend(Link(index, k.start, k.end, k.url, k.origin) for k in paragraph.links)
    return Article(
        title=article.title,
        paragraphs=paragraphs,
        byline=article.byline,
        published=article.published,
        language=article.language,
        links=links,
    )


def _stream(chunks: Iterable[str], filename: str) -> ArticleStream:
    paragraphs = _paragraphs(_windows(_lines(chunks)))
    head, several_blocks = _read_head(paragraphs)
    if not head:
        raise ImportRejected(errors.EMPTY)
    title, byline, published, used = _head_fields(head, several_blocks)
    body_head = [p.text for i, p in enumerate(head) if i not in used]
    rest = (p.text for p in paragraphs)
    return ArticleStream(
        title=title or title_from_filename(filename),
        paragraphs=_with_links(itertools.chain(body_head, rest)),
        byline=byline,
        published=published,
        language=language.choose(None, body_head or [title]),
    )


def _read_head(paragraphs: Iterator[_Paragraph]) -> tuple[list[_Paragraph], bool]:
    """The first paragraphs: enough for the title rules and a language sample.

    Also tells whether the file has more than one block; past ``_HEAD_CHARS`` of one
    block it is taken to have one.
    """
    head: list[_Paragraph] = []
    size = 0
    for paragraph in paragraphs:
        head.append(paragraph)
        size += len(paragraph.text)
        if paragraph.block > 0 and len(head) > _HEAD_MAX_PARAGRAPHS and size >= _SAMPLE_CHARS:
            break
        if size >= _HEAD_CHARS:
            break
    return head, any(p.block > 0 for p in head)


def _with_links(paragraphs: Iterable[str]) -> Iterator[Paragraph]:
    """Each paragraph with the web addresses written out in it, each linking to itself."""
    for paragraph in paragraphs:
        if "http" not in paragraph:
            yield Paragraph(paragraph)  # Most paragraphs: no need for the regex.
            continue
        links = []
        for match in _BARE_URL.finditer(paragraph):
            url = web_url(match.group())
            if url:
                links.append(Link(0, match.start(), match.end(), url))
        yield Paragraph(paragraph, tuple(links))


def _lines(chunks: Iterable[str]) -> Iterator[str]:
    """The lines of the text, whatever its line ends; a line is cut past ``_MAX_LINE``.

    A form feed or U+2029 is a blank line; ``\r\n``, ``\r`` and U+2028 end a line.
    """
    carry = ""
    cr_pending = False
    for chunk in chunks:
        if cr_pending:
            chunk = "\r" + chunk
        cr_pending = chunk.endswith("\r")
        if cr_pending:
            chunk = chunk[:-1]  # it may be the first half of a "\r\n"
        unified = chunk.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
        lines = unified.replace("\f", "\n\n").replace("\u2029", "\n\n").split("\n")
        lines[0] = carry + lines[0]
        carry = lines.pop()
        for line in lines:
            yield from _cut(line)
        while len(carry) > _MAX_LINE:
            piece, carry = _cut_once(carry)
            yield piece
    yield carry
    if cr_pending:
        yield ""


def _cut(line: str) -> Iterator[str]:
    while len(line) > _MAX_LINE:
        piece, line = _cut_once(line)
        yield piece
    yield line


def _cut_once(line: str) -> tuple[str, str]:
    """Cut an over-long line at its last space before ``_MAX_LINE`` (else at it)."""
    at = line.rfind(" ", _MAX_LINE // 2, _MAX_LINE)
    at = _MAX_LINE if at < 0 else at
    return line[:at], line[at:]


def _windows(lines: Iterable[str]) -> Iterator[tuple[list[str], bool]]:
    """Blocks of lines between blank lines, each in windows of at most ``_WINDOW_LINES``.

    Yields ``(lines, ends_block)``. A block's first line loses its indentation when a
    blank line comes before it (as the blank-line split of the whole text did).
    """
    window: list[str] = []
    size = 0
    after_blank = False
    open_block = False  # windows of the current block went out, its end did not
    for number, line in enumerate(lines):
        if not line.strip():
            if window or open_block:
                yield window, True
                window, size, open_block = [], 0, False
            after_blank = after_blank or number > 0
            continue
        if not window and not open_block and after_blank:
            line = line.lstrip()
        after_blank = False
        window.append(line.rstrip())
        size += len(line)
        if len(window) >= _WINDOW_LINES or size >= _WINDOW_CHARS:
            yield window, False
            window, size, open_block = [], 0, True
    if window or open_block:
        yield window, True


def _paragraphs(windows: Iterable[tuple[list[str], bool]]) -> Iterator[_Paragraph]:
    """The paragraphs of each block by the rules in the module docstring.

    A block longer than a window is judged a window at a time: the paragraph a window
    ends in carries over to the next (up to ``_WINDOW_LINES`` lines of it).
    """
    block = 0
    carry: list[str] = []
    emitted = False
    for window, ends_block in windows:
        lines = carry + window
        pieces = _block_pieces(lines) if lines else []
        if ends_block:
            single = len(pieces) == 1 and not emitted
            for piece in pieces:
                yield _Paragraph(clean_text(" ".join(piece)), block, single)
            block, carry, emitted = block + 1, [], False
            continue
        *done, carry = pieces
        if len(carry) >= _WINDOW_LINES:
            done.append(carry)
            carry = []
        for piece in done:
            yield _Paragraph(clean_text(" ".join(piece)), block, False)
            emitted = True


def _block_pieces(lines: list[str]) -> list[list[str]]:
    """The lines of a block grouped into paragraphs (hard wraps joined)."""
    # Widths count indentation, as the wrapping tool did; words are compared stripped.
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
    return pieces


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
    paragraphs: list[_Paragraph], several_blocks: bool
) -> tuple[str, str, datetime.date | None, set[int]]:
    """Return title, byline, date and the indexes of the paragraphs they came from.

    ``paragraphs`` are the first ones of the file (all of them, or more than the head).
    """
    if len(paragraphs) < 2:
        return "", "", None, set()
    head = []
    for i, paragraph in enumerate(paragraphs[:_HEAD_MAX_PARAGRAPHS]):
        if _is_prose(paragraph.text):
            break
        head.append(i)
    used: set[int] = set()
    title_at = _pick_title(paragraphs, head, several_blocks)
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


def _pick_title(paragraphs: list[_Paragraph], head: list[int], several_blocks: bool) -> int | None:
    candidates = [i for i in head if _looks_like_title(paragraphs[i].text)]
    for i in candidates:
        if paragraphs[i].single or not several_blocks:  # it stands alone
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
