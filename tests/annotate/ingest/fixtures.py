"""Fidelity fixtures for the readers: saved pages, Markdown and Word files with answer keys.

HTML and Markdown files live under ``tests/data/ingest/`` beside their answer keys (see
the README there). Word files are built here, as Word writes them: a Transitional
article with hyperlinks (one inside a footnote) and a table nested in a cell, the same
article saved in the Strict format (``purl.oclc.org/ooxml`` namespaces), and a file
without core properties. ``bench/ingest_fidelity.py`` reads the same fixtures.
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx as python_docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

DATA = Path(__file__).resolve().parents[2] / "data" / "ingest"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


@dataclass
class Fixture:
    """A file to import and what a fact-checker should get from it."""

    name: str
    format: str
    data: bytes
    title: str
    paragraphs: list[str]
    links: list[tuple[str, str]]
    published: datetime.date | None = None
    modified: datetime.date | None = None
    byline: str = ""
    language: str = "en"
    boilerplate: list[str] = field(default_factory=list)
    warning: bool = False
    loss: str = ""

    @property
    def filename(self) -> str:
        return f"{self.name}.{self.format}"


def html_fixtures() -> list[Fixture]:
    return [_from_key(path, "html") for path in sorted((DATA / "html").glob("*.html"))]


def markdown_fixtures() -> list[Fixture]:
    return [_from_key(path, "md") for path in sorted((DATA / "md").glob("*.md"))]


def word_fixtures() -> list[Fixture]:
    article = word_article()
    return [
        _word_fixture("word-article", article),
        _word_fixture("word-strict", strict(article), "The article saved as Strict Open XML."),
        Fixture(
            name="harbour-board-minutes",
            format="docx",
            data=without_core_properties(untitled_report()),
            title="Harbour board minutes",
            paragraphs=UNTITLED_PARAGRAPHS,
            links=[],
            loss="No core properties part: python-docx invents the title 'Word Document'.",
        ),
    ]


def _from_key(path: Path, fmt: str) -> Fixture:
    key = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    return Fixture(
        name=path.stem,
        format=fmt,
        data=path.read_bytes(),
        title=key["title"],
        paragraphs=key["paragraphs"],
        links=[(link["text"], link["url"]) for link in key["links"]],
        published=_date(key.get("published")),
        modified=_date(key.get("modified")),
        byline=key.get("byline", ""),
        language=key.get("language", "en"),
        boilerplate=key.get("boilerplate", []),
        warning=key.get("warning", False),
        loss=key.get("loss", ""),
    )


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


# --- Word --------------------------------------------------------------------------------------

WORD_TITLE = "Harbour board delays the ferry fare decision"
WORD_PARAGRAPHS = [
    "The harbour board postponed its vote on the new ferry fares on Monday, asking the "
    "operator for a full account of its fuel costs.[1]",
    "Fares in the proposal",
    "Ticket",
    "Now",
    "Proposed",
    "Car and two passengers",
    "Return fares, in pounds:",
    "Peak",
    "96",
    "Off-peak",
    "88",
    "Figures from the operator.",
    "Foot passenger",
    "£14",
    "£16",
    "The board will meet again on 18 March. Its chair said the meeting would be open "
    "to the public.",
    "[1] The operator's letter to the board, published on the harbour website.",
]
WORD_LINKS = [
    ("full account of its fuel costs", "https://harbour.example/board/fuel-costs"),
    ("open to the public", "https://harbour.example/board/meetings#march"),
    ("published on the harbour website", "https://harbour.example/letters/operator-2024.pdf"),
]
UNTITLED_PARAGRAPHS = [
    "Present: the chair, four members and the harbour master.",
    "The board approved the minutes of its last meeting.",
]


def _word_fixture(name: str, data: bytes, loss: str = "") -> Fixture:
    return Fixture(
        name=name,
        format="docx",
        data=data,
        title=WORD_TITLE,
        paragraphs=WORD_PARAGRAPHS,
        links=WORD_LINKS,
        published=datetime.date(2024, 3, 4),
        modified=datetime.date(2024, 3, 5),
        byline="Maria Okafor",
        language="en",
        loss=loss or "Links in the body and in a footnote; a table nested in a cell between text.",
    )


def word_article() -> bytes:
    """A Word article: title, linked text, a footnote with a link, a nested table."""
    document = python_docx.Document()
    document.add_paragraph(WORD_TITLE, style="Title")
    lead = document.add_paragraph(
        "The harbour board postponed its vote on the new ferry fares on Monday, asking the "
        "operator for a "
    )
    add_hyperlink(lead, "full account of its fuel costs", WORD_LINKS[0][1])
    lead.add_run(".")
    add_footnote_reference(lead, 1)
    document.add_heading("Fares in the proposal", level=2)
    table = document.add_table(rows=3, cols=3)
    for col, text in enumerate(["Ticket", "Now", "Proposed"]):
        table.cell(0, col).text = text
    table.cell(1, 0).text = "Car and two passengers"
    cell = table.cell(1, 1)
    cell.text = "Return fares, in pounds:"
    inner = cell.add_table(rows=2, cols=2)
    for (row, col), text in {(0, 0): "Peak", (0, 1): "96", (1, 0): "Off-peak"}.items():
        inner.cell(row, col).text = text
    inner.cell(1, 1).text = "88"
    cell.add_paragraph("Figures from the operator.")
    table.cell(1, 2).text = ""
    for col, text in enumerate(["Foot passenger", "£14", "£16"]):
        table.cell(2, col).text = text
    closing = document.add_paragraph(
        "The board will meet again on 18 March. Its chair said the meeting would be "
    )
    add_field_hyperlink(closing, "open to the public", WORD_LINKS[1][1])
    closing.add_run(".")
    properties = document.core_properties
    properties.author = "Maria Okafor"
    properties.created = datetime.datetime(2024, 3, 4, 9, 0)
    properties.modified = datetime.datetime(2024, 3, 5, 17, 30)
    properties.language = "en-GB"
    return with_footnote(
        save(document),
        "The operator's letter to the board, ",
        ("published on the harbour website", WORD_LINKS[2][1]),
        ".",
    )


def untitled_report() -> bytes:
    document = python_docx.Document()
    for text in UNTITLED_PARAGRAPHS:
        document.add_paragraph(text)
    return save(document)


def save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def add_hyperlink(paragraph, text: str, url: str) -> None:
    """Add ``text`` linking to ``url`` as Word does: a w:hyperlink to an external rel."""
    rel_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = etree.fromstring(
        f'<w:hyperlink xmlns:w="{W_NS}" xmlns:r="{R_NS}" r:id="{rel_id}" w:history="1">'
        f'<w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t xml:space="preserve">{text}'
        "</w:t></w:r></w:hyperlink>"
    )
    paragraph._p.append(link)


def add_field_hyperlink(paragraph, text: str, url: str) -> None:
    """Add a link as older Word versions write it: a complex HYPERLINK field."""
    runs = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> HYPERLINK "{url}" \\o "Agenda" </w:instrText>'
        '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    for run in etree.fromstring(f'<w:p xmlns:w="{W_NS}">{runs}</w:p>'):
        paragraph._p.append(run)


def add_footnote_reference(paragraph, note_id: int) -> None:
    run = paragraph.add_run()
    run._r.append(
        run._r.makeelement(f"{{{W_NS}}}footnoteReference", {f"{{{W_NS}}}id": str(note_id)})
    )


def with_footnote(data: bytes, before: str, link: tuple[str, str], after: str) -> bytes:
    """Return the package with footnote 1 (holding a hyperlink) added as Word writes it."""
    text, url = link
    footnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:footnotes xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        "</w:footnote>"
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        "<w:continuationSeparator/></w:r></w:p></w:footnote>"
        f'<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">{before}</w:t></w:r>'
        f'<w:hyperlink r:id="rIdNote1"><w:r><w:t>{text}</w:t></w:r></w:hyperlink>'
        f"<w:r><w:t>{after}</w:t></w:r></w:p></w:footnote></w:footnotes>"
    )
    footnote_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rIdNote1" Type="{RT.HYPERLINK}" Target="{url}" '
        'TargetMode="External"/></Relationships>'
    )
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        types = package.read("[Content_Types].xml").decode()
        rels = package.read("word/_rels/document.xml.rels").decode()
    types = types.replace(
        "</Types>",
        f'<Override PartName="/word/footnotes.xml" ContentType="{FOOTNOTES_TYPE}"/></Types>',
    )
    rels = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdFootnotes" Type="{RT.FOOTNOTES}" Target="footnotes.xml"/>'
        "</Relationships>",
    )
    return rewrite(
        data,
        {"[Content_Types].xml": types.encode(), "word/_rels/document.xml.rels": rels.encode()},
        {"word/footnotes.xml": footnotes.encode(), "word/_rels/footnotes.xml.rels": footnote_rels},
    )


def rewrite(data: bytes, replace: dict[str, bytes], add: dict[str, bytes | str] | None = None):
    """Return the zip ``data`` with some members replaced, some added (``None``: removed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = replace.get(item.filename, source.read(item.filename))
            if content is not None:
                target.writestr(item.filename, content, zipfile.ZIP_DEFLATED)
        for name, content in (add or {}).items():
            target.writestr(name, content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


# Transitional names and their Strict Open XML equivalents (ISO/IEC 29500-1 Strict).
_TO_STRICT = (
    (
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        b"http://purl.oclc.org/ooxml/wordprocessingml/main",
    ),
    (
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    ),
    (
        b"http://schemas.openxmlformats.org/drawingml/2006/main",
        b"http://purl.oclc.org/ooxml/drawingml/main",
    ),
    (
        b"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
        b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties",
    ),
    (
        b"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
        b"http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes",
    ),
)


def strict(data: bytes) -> bytes:
    """Return the package as Word saves it in the Strict format.

    Namespaces and relationship types move to ``purl.oclc.org/ooxml``, the document
    says ``w:conformance="strict"``, and alignment uses Strict's ``start``/``end``.
    """
    replaced: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            content = package.read(name)
            for transitional, strict_name in _TO_STRICT:
                content = content.replace(transitional, strict_name)
            if name == "word/document.xml":
                content = content.replace(
                    b"<w:body>", b'<w:body><w:p><w:pPr><w:jc w:val="start"/></w:pPr></w:p>', 1
                )
                content = content.replace(
                    b"<w:document ", b'<w:document w:conformance="strict" ', 1
                )
            replaced[name] = content
    return rewrite(data, replaced)


def without_core_properties(data: bytes) -> bytes:
    """Return the package without docProps/core.xml and the relationship to it."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        rels = package.read("_rels/.rels").decode()
        types = package.read("[Content_Types].xml").decode()
    root = etree.fromstring(rels.encode())
    for rel in list(root):
        if rel.get("Type", "").endswith("/core-properties"):
            root.remove(rel)
    types = types.replace(
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>',
        "",
    )
    return rewrite(
        data,
        {
            "_rels/.rels": etree.tostring(root, xml_declaration=True, encoding="UTF-8"),
            "[Content_Types].xml": types.encode(),
            "docProps/core.xml": None,
        },
    )
