"""Read a Word (.docx) article: paragraphs, headings, lists, tables and notes as text.

Safety first, before python-docx sees the file: it must be a zip; its members may not
expand to more than 200 MB in all, nor hold more than 10,000 parts, nor contain a big
part (over 5 MB) that is compressed more than 100 times (a zip bomb). The zip module
never returns more bytes than a member declares, so checking declared sizes is enough.
XML parts with a DTD or entity declarations, or not in UTF-8, are refused;
python-docx and this module parse XML without resolving entities or using the network.

Strict Open XML files (parts in the ``http://purl.oclc.org/ooxml/...`` namespaces)
are read like the common Transitional ones: their namespaces and relationship types
are mapped to the Transitional names before python-docx opens the package.

Text comes from walking the body's XML in order, so paragraphs and tables interleave
as on the page: each paragraph (heading, list item) is a paragraph, each table cell is
one paragraph (its paragraphs joined), and a table nested in a cell comes where it
stands, between the cell's text before and after it. Deleted tracked changes, field
instructions and text boxes are left out. A footnote or endnote reference becomes
``[n]`` (numbered in reading order) and the notes follow the body as paragraphs
``[n] note text``. Hyperlinks (``w:hyperlink`` to an external target and
``HYPERLINK`` fields, simple or complex) are kept with their text's span when they are
http(s), in the body and in the notes.

Title: the first paragraph in the Title style; else the document's title property
(a first paragraph repeating it is dropped); else a first paragraph in Heading 1;
else the file name. Author, date (created), modified date and language come from the
core properties, ignoring python-docx's own template values and the defaults it
invents for a package without core properties ("Word Document"); without a language
property, the text's language is detected.

Work is bounded: the zip checks above, XML nested deeper than lxml reads (256 levels)
is refused as too deeply nested, and the walk runs under a CPU-time budget.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

import docx as python_docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from annotate.ingest import errors, language
from annotate.ingest.article import BODY, ENDNOTE, FOOTNOTE, Article
from annotate.ingest.budget import Budget
from annotate.ingest.errors import ImportRejected
from annotate.ingest.fields import clean_text, title_from_filename
from annotate.ingest.links import Block, ParagraphBuilder, assemble, web_url

MAX_EXPANDED_BYTES = 200 * 1024 * 1024
MAX_PARTS = 10_000
MAX_RATIO = 100
RATIO_CHECK_BYTES = 5 * 1024 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_STRICT = b"http://purl.oclc.org/ooxml/"
# Strict Open XML namespaces (ISO/IEC 29500-1 Strict) and their Transitional names; the
# relationships namespace is also the prefix of every relationship type.
_STRICT_TO_TRANSITIONAL = tuple(
    (b"http://purl.oclc.org/ooxml/" + strict, b"http://schemas.openxmlformats.org/" + common)
    for strict, common in (
        (b"wordprocessingml/main", b"wordprocessingml/2006/main"),
        (b"officeDocument/relationships", b"officeDocument/2006/relationships"),
        (b"officeDocument/math", b"officeDocument/2006/math"),
        (b"officeDocument/sharedTypes", b"officeDocument/2006/sharedTypes"),
        (b"officeDocument/extendedProperties", b"officeDocument/2006/extended-properties"),
        (b"officeDocument/customProperties", b"officeDocument/2006/custom-properties"),
        (b"officeDocument/docPropsVTypes", b"officeDocument/2006/docPropsVTypes"),
        (b"officeDocument/customXml", b"officeDocument/2006/customXml"),
        (b"officeDocument/bibliography", b"officeDocument/2006/bibliography"),
        (b"drawingml/main", b"drawingml/2006/main"),
        (b"drawingml/wordprocessingDrawing", b"drawingml/2006/wordprocessingDrawing"),
        (b"drawingml/picture", b"drawingml/2006/picture"),
        (b"drawingml/chart", b"drawingml/2006/chart"),
        (b"drawingml/diagram", b"drawingml/2006/diagram"),
        (b"schemaLibrary/main", b"schemaLibrary/2006/main"),
        (b"spreadsheetml/main", b"spreadsheetml/2006/main"),
        (b"presentationml/main", b"presentationml/2006/main"),
    )
)
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Containers whose children are body blocks (content controls, custom XML).
_WRAPPERS = {_W + "sdt", _W + "sdtContent", _W + "customXml"}
# Inline subtrees with no visible text of the paragraph.
_SKIP = {
    _W + "pPr", _W + "rPr", _W + "del", _W + "moveFrom", _W + "delText", _W + "instrText",
    _W + "delInstrText", _W + "txbxContent", _MC_FALLBACK,
}  # fmt: skip
_NOTE_REFS = {_W + "footnoteReference": "footnotes", _W + "endnoteReference": "endnotes"}
_NOTE_ORIGINS = {"footnotes": FOOTNOTE, "endnotes": ENDNOTE}
_HYPERLINK_FIELD = re.compile(r'^\s*HYPERLINK\s+(?:"([^"]*)"|(\S+))')
_TOO_DEEP = "Excessive depth"
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
# python-docx's default template says it was written by python-docx on this date.
_TEMPLATE_AUTHOR = "python-docx"
_TEMPLATE_CREATED = datetime.datetime(2013, 12, 23, 23, 15, tzinfo=datetime.UTC)
_SAFE_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
)


def read(data: bytes, filename: str = "") -> Article:
    """Return the article in a .docx file, or raise ``ImportRejected``.

    ``filename`` names a document that has no title of its own.
    """
    if not data:
        raise ImportRejected(errors.EMPTY)
    check_package(data)
    document = _open(transitional(data))
    budget = Budget(len(document.part.blob), errors.DOCX_TOO_SLOW)
    notes = _NoteNumbers()
    body = _Context(notes, _hyperlinks(document.part), BODY, budget)
    blocks = list(_body_blocks(document, body))
    note_blocks = [block for _n, block in _notes(document, notes, budget)]
    return _article(document, blocks, note_blocks, filename)


def transitional(data: bytes) -> bytes:
    """Return a Strict Open XML package with Transitional names; other packages as they are."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        try:
            if _STRICT not in package.read("[Content_Types].xml") + package.read("_rels/.rels"):
                return data
        except KeyError:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for member in package.infolist():
                content = package.read(member)
                if member.filename.endswith((".xml", ".rels")):
                    for strict, common in _STRICT_TO_TRANSITIONAL:
                        content = content.replace(strict, common)
                target.writestr(member.filename, content)
    return out.getvalue()


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
    except etree.XMLSyntaxError as error:
        raise ImportRejected(_syntax_message(error)) from None
    except Exception:  # Missing parts and other damage.
        raise ImportRejected(errors.DOCX_UNREADABLE) from None


def _syntax_message(error: etree.XMLSyntaxError) -> str:
    return errors.DOCX_TOO_DEEP if _TOO_DEEP in str(error) else errors.DOCX_UNREADABLE


class _NoteNumbers:
    """Number footnotes and endnotes in the order the text refers to them."""

    def __init__(self) -> None:
        self.order: dict[tuple[str, str], int] = {}

    def number(self, kind: str, note_id: str) -> int:
        return self.order.setdefault((kind, note_id), len(self.order) + 1)


@dataclass
class _Context:
    """What the walk of one part needs: note numbers, its hyperlink targets, its origin."""

    notes: _NoteNumbers
    hyperlinks: dict[str, str]
    origin: str
    budget: Budget
    fields: list[_Field] = field(default_factory=list)


@dataclass
class _Field:
    """A complex field being read: its instruction so far, and whether its result shows."""

    instruction: list[str] = field(default_factory=list)
    showing: bool = False


def _hyperlinks(part) -> dict[str, str]:
    """Return the http(s) target of each external hyperlink relationship of ``part``."""
    return {
        rel_id: url
        for rel_id, rel in part.rels.items()
        if rel.reltype == RT.HYPERLINK and rel.is_external and (url := web_url(rel.target_ref))
    }


def _body_blocks(document: python_docx.document.Document, context: _Context) -> Iterator[Block]:
    """Yield each paragraph and table cell as a block (kind: style name), in reading order."""
    style_names = {style.style_id: style.name for style in document.styles}
    for element in _block_children(document.element.body):
        context.budget.check()
        if element.tag == _W + "p":
            style_id = element.find(f"{_W}pPr/{_W}pStyle")
            style = "" if style_id is None else style_id.get(_W + "val", "")
            builder = ParagraphBuilder(style_names.get(style, style) or "")
            _collect(element, builder, context)
            yield builder.build()
        else:
            yield from _table_blocks(element, context)


def _block_children(container: etree._Element) -> Iterator[etree._Element]:
    """Yield the paragraphs and tables of a body or cell, unwrapping content controls."""
    for child in container:
        if child.tag in (_W + "p", _W + "tbl"):
            yield child
        elif child.tag in _WRAPPERS:
            yield from _block_children(child)


def _table_blocks(table: etree._Element, context: _Context) -> Iterator[Block]:
    """Yield each cell's text as a block; a nested table comes where it stands in its cell."""
    for row in _children(table, _W + "tr"):
        for cell in _children(row, _W + "tc"):
            context.budget.check()
            text: ParagraphBuilder | None = None
            for block in _block_children(cell):
                if block.tag == _W + "p":
                    if text is None:
                        text = ParagraphBuilder()
                    else:
                        text.text(" ")
                    _collect(block, text, context)
                else:
                    if text is not None:
                        yield text.build()
                        text = None
                    yield from _table_blocks(block, context)
            if text is not None:
                yield text.build()


def _children(element: etree._Element, tag: str) -> Iterator[etree._Element]:
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _collect(element: etree._Element, out: ParagraphBuilder, context: _Context) -> None:
    for child in element:
        tag = child.tag
        if tag == _W + "instrText":
            if context.fields and not context.fields[-1].showing:
                context.fields[-1].instruction.append(child.text or "")
        elif tag in _SKIP or not isinstance(tag, str):
            continue  # Skipped subtrees, and comments or processing instructions.
        elif tag == _W + "t":
            out.text(child.text or "")
        elif tag in (_W + "tab", _W + "ptab", _W + "br", _W + "cr"):
            out.text(" ")
        elif tag == _W + "noBreakHyphen":
            out.text("-")
        elif tag in _NOTE_REFS:
            number = context.notes.number(_NOTE_REFS[tag], child.get(_W + "id", ""))
            out.text(f"[{number}]")
        elif tag == _W + "hyperlink":
            out.open_link(context.hyperlinks.get(child.get(_R_ID, ""), ""), context.origin)
            _collect(child, out, context)
            out.close_link()
        elif tag == _W + "fldSimple":
            out.open_link(_field_url(child.get(_W + "instr", "")), context.origin)
            _collect(child, out, context)
            out.close_link()
        elif tag == _W + "fldChar":
            _field_char(child.get(_W + "fldCharType", ""), out, context)
        else:
            _collect(child, out, context)


def _field_char(kind: str, out: ParagraphBuilder, context: _Context) -> None:
    """Follow a complex field: its instructions, then its shown result, then its end."""
    if kind == "begin":
        context.fields.append(_Field())
    elif kind == "separate" and context.fields and not context.fields[-1].showing:
        out.open_link(_field_url("".join(context.fields[-1].instruction)), context.origin)
        context.fields[-1].showing = True
    elif kind == "end" and context.fields and context.fields.pop().showing:
        out.close_link()


def _field_url(instruction: str) -> str:
    """Return the web URL of a ``HYPERLINK`` field instruction, or ``""``."""
    match = _HYPERLINK_FIELD.match(instruction)
    # A link inside the document ("HYPERLINK \l bookmark") is not a web URL either.
    return web_url(match.group(1) or match.group(2)) if match else ""


def _notes(
    document: python_docx.document.Document, numbers: _NoteNumbers, budget: Budget
) -> list[tuple[int, Block]]:
    """Return ``(number, block)`` of each footnote and endnote the text refers to."""
    found: list[tuple[int, Block]] = []
    for kind, reltype in (("footnotes", RT.FOOTNOTES), ("endnotes", RT.ENDNOTES)):
        part = _related_part(document, reltype)
        if part is None:
            continue
        root = _parse_part(part.blob)
        context = _Context(numbers, _hyperlinks(part), _NOTE_ORIGINS[kind], budget)
        for note in root:
            key = (kind, note.get(_W + "id", ""))
            if key not in numbers.order:
                continue  # Separators, and notes nothing refers to.
            budget.check()
            # Notes may refer to other notes; those get numbers after the body's.
            builder = ParagraphBuilder()
            builder.text(f"[{numbers.order[key]}] ")
            for paragraph in _block_children(note):
                _collect(paragraph, builder, context)
                builder.text(" ")
            found.append((numbers.order[key], builder.build()))
    return sorted(found, key=lambda pair: pair[0])


def _related_part(document: python_docx.document.Document, reltype: str):
    for rel in document.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            return rel.target_part
    return None


def _parse_part(blob: bytes) -> etree._Element:
    try:
        return etree.fromstring(blob, _SAFE_PARSER)
    except etree.XMLSyntaxError as error:
        raise ImportRejected(_syntax_message(error)) from None


def _article(
    document: python_docx.document.Document,
    blocks: list[Block],
    note_blocks: list[Block],
    filename: str,
) -> Article:
    blocks = [block for block in blocks if block.text]
    note_blocks = [block for block in note_blocks if block.text.partition("] ")[2]]
    if not blocks and not note_blocks:
        raise ImportRejected(errors.DOCX_NO_TEXT)
    properties = _core_properties(document)
    title, title_at = _title(properties, blocks)
    if title_at is not None and len(blocks) + len(note_blocks) > 1:
        del blocks[title_at]
    paragraphs, links = assemble(blocks + note_blocks)
    author = clean_text(getattr(properties, "author", "") or "")
    created = getattr(properties, "created", None)
    modified = getattr(properties, "modified", None)
    return Article(
        title=title or title_from_filename(filename),
        paragraphs=paragraphs,
        byline="" if author == _TEMPLATE_AUTHOR else author,
        published=None if created in (None, _TEMPLATE_CREATED) else created.date(),
        modified=None if modified in (None, _TEMPLATE_CREATED) else modified.date(),
        language=language.choose(getattr(properties, "language", None), paragraphs),
        links=links,
    )


def _core_properties(document: python_docx.document.Document):
    """The file's core properties, or ``None`` when it has none.

    python-docx invents core properties for a package without them (title "Word
    Document", author "python-docx", modified now); those say nothing about the file.
    """
    package = document.part.package
    if not any(rel.reltype == RT.CORE_PROPERTIES for rel in package.rels.values()):
        return None
    return document.core_properties


def _title(properties, blocks: list[Block]) -> tuple[str, int | None]:
    """Return the title and the index of the block it came from (``None``: not a block)."""
    for i, block in enumerate(blocks):
        if block.kind == "Title":
            return block.text, i
    core_title = clean_text(getattr(properties, "title", "") or "")
    if core_title:
        first_repeats = bool(blocks) and blocks[0].text.casefold() == core_title.casefold()
        return core_title, 0 if first_repeats else None
    if blocks and blocks[0].kind == "Heading 1":
        return blocks[0].text, 0
    return "", None
