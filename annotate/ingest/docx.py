"""Read a Word (.docx) article: paragraphs, headings, lists, tables and notes as text.

Safety first, before python-docx sees the file: it must be a zip; its members may not
expand to more than 200 MB in all, nor hold more than 10,000 parts, nor contain a big
part (over 5 MB) that is compressed more than 100 times (a zip bomb). The zip module
never returns more bytes than a member declares, so checking declared sizes is enough.
XML parts with a DTD or entity declarations, or not in UTF-8, are refused;
python-docx and this module parse XML without resolving entities or using the network.

Text comes from walking the body's XML in order, so paragraphs and tables interleave
as on the page: each paragraph (heading, list item) is a paragraph, each table cell is
one paragraph (its paragraphs joined), nested tables follow their cell. Deleted
tracked changes, field instructions and text boxes are left out. A footnote or endnote
reference becomes ``[n]`` (numbered in reading order) and the notes follow the body as
paragraphs ``[n] note text``.

Title: the first paragraph in the Title style; else the document's title property
(a first paragraph repeating it is dropped); else a first paragraph in Heading 1;
else the file name. Author, date (created) and language come from the core
properties, ignoring python-docx's own template values.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
import zlib
from collections.abc import Iterator

import docx as python_docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from annotate.ingest import errors
from annotate.ingest.article import Article
from annotate.ingest.errors import ImportRejected
from annotate.ingest.fields import clean_paragraphs, clean_text, parse_language, title_from_filename

MAX_EXPANDED_BYTES = 200 * 1024 * 1024
MAX_PARTS = 10_000
MAX_RATIO = 100
RATIO_CHECK_BYTES = 5 * 1024 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Containers whose children are body blocks (content controls, custom XML).
_WRAPPERS = {_W + "sdt", _W + "sdtContent", _W + "customXml"}
# Inline subtrees with no visible text of the paragraph.
_SKIP = {
    _W + "pPr", _W + "rPr", _W + "del", _W + "moveFrom", _W + "delText", _W + "instrText",
    _W + "delInstrText", _W + "txbxContent", _MC_FALLBACK,
}  # fmt: skip
_NOTE_REFS = {_W + "footnoteReference": "footnotes", _W + "endnoteReference": "endnotes"}
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
# python-docx's default template says it was written by python-docx on this date.
_TEMPLATE_AUTHOR = "python-docx"
_TEMPLATE_CREATED = datetime.datetime(2013, 12, 23, 23, 15, tzinfo=datetime.UTC)
_SAFE_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
)


def read(data: bytes, filename: str = "") -> Article:
    """Return the article in a .docx file, or raise ``ImportRejected``."""
    if not data:
        raise ImportRejected(errors.EMPTY)
    check_package(data)
    document = _open(data)
    notes = _NoteNumbers()
    blocks = list(_body_blocks(document, notes))
    note_paragraphs = [f"[{n}] {text}" for n, text in _notes(document, notes)]
    return _article(document, blocks, note_paragraphs, filename)


def check_package(data: bytes) -> None:
    """Raise ``ImportRejected`` unless ``data`` is a zip that is safe to open as .docx."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
            _check_sizes(members)
            for member in members:
                if member.filename.endswith((".xml", ".rels")):
                    _check_xml(package.read(member))
    except ImportRejected:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, ValueError):
        raise ImportRejected(errors.DOCX_NOT_ZIP) from None
    except (RuntimeError, NotImplementedError):  # Encrypted or exotic compression.
        raise ImportRejected(errors.DOCX_UNREADABLE) from None


def _check_sizes(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_PARTS:
        raise ImportRejected(errors.DOCX_TOO_MANY_PARTS)
    if sum(member.file_size for member in members) > MAX_EXPANDED_BYTES:
        raise ImportRejected(errors.DOCX_TOO_BIG)
    for member in members:
        big = member.file_size > RATIO_CHECK_BYTES
        if big and member.file_size > MAX_RATIO * member.compress_size:
            raise ImportRejected(errors.DOCX_RATIO)


def _check_xml(part: bytes) -> None:
    # UTF-16/32 would hide a DOCTYPE from the byte scan below; Word writes UTF-8 only.
    if part.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00", b"\x4c\x6f\xa7\x94")) or (
        len(part) > 1 and part[1] == 0
    ):
        raise ImportRejected(errors.DOCX_UNREADABLE)
    if _DTD.search(part):
        raise ImportRejected(errors.DOCX_DTD)


def _open(data: bytes) -> python_docx.document.Document:
    try:
        return python_docx.Document(io.BytesIO(data))
    except ValueError as error:
        if "not a Word file" in str(error):
            raise ImportRejected(errors.DOCX_NOT_WORD) from None
        raise ImportRejected(errors.DOCX_UNREADABLE) from None
    except KeyError:  # A relationship points at a part the zip does not hold.
        raise ImportRejected(errors.DOCX_NOT_WORD) from None
    except Exception:  # lxml syntax errors, missing parts: a damaged file.
        raise ImportRejected(errors.DOCX_UNREADABLE) from None


class _NoteNumbers:
    """Number footnotes and endnotes in the order the text refers to them."""

    def __init__(self) -> None:
        self.order: dict[tuple[str, str], int] = {}

    def number(self, kind: str, note_id: str) -> int:
        return self.order.setdefault((kind, note_id), len(self.order) + 1)


def _body_blocks(
    document: python_docx.document.Document, notes: _NoteNumbers
) -> Iterator[tuple[str, str]]:
    """Yield ``(style name, text)`` for each paragraph and table cell, in reading order."""
    style_names = {style.style_id: style.name for style in document.styles}
    for element in _block_children(document.element.body):
        if element.tag == _W + "p":
            style_id = element.find(f"{_W}pPr/{_W}pStyle")
            style = "" if style_id is None else style_id.get(_W + "val", "")
            yield style_names.get(style, style) or "", _paragraph_text(element, notes)
        else:
            yield from (("", text) for text in _table_cells(element, notes))


def _block_children(container: etree._Element) -> Iterator[etree._Element]:
    """Yield the paragraphs and tables of a body or cell, unwrapping content controls."""
    for child in container:
        if child.tag in (_W + "p", _W + "tbl"):
            yield child
        elif child.tag in _WRAPPERS:
            yield from _block_children(child)


def _table_cells(table: etree._Element, notes: _NoteNumbers) -> Iterator[str]:
    for row in _children(table, _W + "tr"):
        for cell in _children(row, _W + "tc"):
            nested: list[etree._Element] = []
            texts = []
            for block in _block_children(cell):
                if block.tag == _W + "p":
                    texts.append(_paragraph_text(block, notes))
                else:
                    nested.append(block)
            yield " ".join(texts)
            for inner in nested:
                yield from _table_cells(inner, notes)


def _children(element: etree._Element, tag: str) -> Iterator[etree._Element]:
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _paragraph_text(paragraph: etree._Element, notes: _NoteNumbers) -> str:
    parts: list[str] = []
    _collect(paragraph, parts, notes)
    return "".join(parts)


def _collect(element: etree._Element, parts: list[str], notes: _NoteNumbers) -> None:
    for child in element:
        tag = child.tag
        if tag in _SKIP or not isinstance(tag, str):
            continue  # Skipped subtrees, and comments or processing instructions.
        if tag == _W + "t":
            parts.append(child.text or "")
        elif tag in (_W + "tab", _W + "ptab", _W + "br", _W + "cr"):
            parts.append(" ")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
        elif tag in _NOTE_REFS:
            parts.append(f"[{notes.number(_NOTE_REFS[tag], child.get(_W + 'id', ''))}]")
        else:
            _collect(child, parts, notes)


def _notes(document: python_docx.document.Document, numbers: _NoteNumbers) -> list[tuple[int, str]]:
    """Return ``(number, text)`` of each footnote and endnote the text refers to."""
    found: list[tuple[int, str]] = []
    for kind, reltype in (("footnotes", RT.FOOTNOTES), ("endnotes", RT.ENDNOTES)):
        root = _related_xml(document, reltype)
        if root is None:
            continue
        for note in root:
            key = (kind, note.get(_W + "id", ""))
            if key not in numbers.order:
                continue  # Separators, and notes nothing refers to.
            # Notes may refer to other notes; those get numbers after the body's.
            texts = [_paragraph_text(p, numbers) for p in _block_children(note)]
            found.append((numbers.order[key], " ".join(texts)))
    return sorted(found)


def _related_xml(document: python_docx.document.Document, reltype: str) -> etree._Element | None:
    for rel in document.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            try:
                return etree.fromstring(rel.target_part.blob, _SAFE_PARSER)
            except etree.XMLSyntaxError:
                raise ImportRejected(errors.DOCX_UNREADABLE) from None
    return None


def _article(
    document: python_docx.document.Document,
    blocks: list[tuple[str, str]],
    note_paragraphs: list[str],
    filename: str,
) -> Article:
    blocks = [(style, clean_text(text)) for style, text in blocks]
    blocks = [(style, text) for style, text in blocks if text]
    if not blocks and not note_paragraphs:
        raise ImportRejected(errors.DOCX_NO_TEXT)
    title, title_at = _title(document, blocks)
    if title_at is not None and len(blocks) + len(note_paragraphs) > 1:
        del blocks[title_at]
    properties = document.core_properties
    author = clean_text(properties.author or "")
    created = properties.created
    return Article(
        title=title or title_from_filename(filename),
        paragraphs=clean_paragraphs([text for _style, text in blocks] + note_paragraphs),
        byline="" if author == _TEMPLATE_AUTHOR else author,
        published=None if created in (None, _TEMPLATE_CREATED) else created.date(),
        language=parse_language(properties.language),
    )


def _title(
    document: python_docx.document.Document, blocks: list[tuple[str, str]]
) -> tuple[str, int | None]:
    """Return the title and the index of the block it came from (``None``: not a block)."""
    for i, (style, text) in enumerate(blocks):
        if style == "Title":
            return text, i
    core_title = clean_text(document.core_properties.title or "")
    if core_title:
        first_repeats = bool(blocks) and blocks[0][1].casefold() == core_title.casefold()
        return core_title, 0 if first_repeats else None
    if blocks and blocks[0][0] == "Heading 1":
        return blocks[0][1], 0
    return "", None
