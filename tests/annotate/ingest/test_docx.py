"""Tests for annotate.ingest.docx: Word files to paragraphs, with zip-bomb and XML guards."""

from __future__ import annotations

import datetime
import io
import struct
import zipfile

import docx as python_docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from annotate.ingest import docx as reader
from annotate.ingest import errors
from annotate.ingest.errors import ImportRejected

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W_NS}">
<w:footnote w:type="separator" w:id="-1">
  <w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0">
  <w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="1">
  <w:p><w:r><w:t>Finance office, budget report, 2024.</w:t></w:r></w:p></w:footnote>
<w:footnote w:id="2">
  <w:p><w:r><w:t xml:space="preserve">Council minutes, </w:t></w:r>
  <w:r><w:t>5 March.</w:t></w:r></w:p></w:footnote>
<w:footnote w:id="3"><w:p><w:r><w:t>Never referred to.</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def _save(document: python_docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _article_docx() -> python_docx.document.Document:
    document = python_docx.Document()
    document.add_paragraph("City council approves budget", style="Title")
    document.add_paragraph("The council voted seven to two on Tuesday.")
    document.add_heading("What changes", level=1)
    document.add_paragraph("Transport spending rises", style="List Bullet")
    document.add_paragraph("Taxes are frozen", style="List Number")
    table = document.add_table(rows=2, cols=2)
    for (row, col), text in {(0, 0): "Item", (0, 1): "Change", (1, 0): "Transport"}.items():
        table.cell(row, col).text = text
    table.cell(1, 1).text = "+12%"
    table.cell(1, 1).add_paragraph("over 2023")
    document.add_paragraph("The mayor promised quarterly reports.")
    properties = document.core_properties
    properties.author = "Jane Reporter"
    properties.created = datetime.datetime(2024, 3, 5, 10, 0)
    properties.language = "en-GB"
    return document


def _rewrite(data: bytes, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> bytes:
    """Return the zip ``data`` with some members replaced and some added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = replace.get(item.filename, source.read(item.filename))
            target.writestr(item.filename, content, zipfile.ZIP_DEFLATED)
        for name, content in (add or {}).items():
            target.writestr(name, content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _with_footnotes(document: python_docx.document.Document) -> bytes:
    """Return the document saved with footnotes.xml injected, as Word would write it."""
    data = _save(document)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        types = package.read("[Content_Types].xml").decode()
        rels = package.read("word/_rels/document.xml.rels").decode()
    types = types.replace(
        "</Types>",
        f'<Override PartName="/word/footnotes.xml" ContentType="{FOOTNOTES_TYPE}"/></Types>',
    )
    rels = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdFoot" Type="{FOOTNOTES_REL}" Target="footnotes.xml"/>'
        "</Relationships>",
    )
    return _rewrite(
        data,
        {"[Content_Types].xml": types.encode(), "word/_rels/document.xml.rels": rels.encode()},
        {"word/footnotes.xml": FOOTNOTES_XML.encode()},
    )


def _footnote_reference(paragraph: python_docx.text.paragraph.Paragraph, note_id: int) -> None:
    run = paragraph.add_run()
    reference = run._r.makeelement(f"{{{W_NS}}}footnoteReference", {f"{{{W_NS}}}id": str(note_id)})
    run._r.append(reference)


def test_paragraphs_headings_lists_and_tables_in_order() -> None:
    """Body paragraphs, headings, list items and table cells come out in reading order."""
    article = reader.read(_save(_article_docx()), "budget.docx")
    assert article.paragraphs == [
        "The council voted seven to two on Tuesday.",
        "What changes",
        "Transport spending rises",
        "Taxes are frozen",
        "Item",
        "Change",
        "Transport",
        "+12% over 2023",
        "The mayor promised quarterly reports.",
    ]


def test_metadata_from_title_style_and_core_properties() -> None:
    """The Title paragraph is the title; author, created date and language are metadata."""
    article = reader.read(_save(_article_docx()), "budget.docx")
    assert article.title == "City council approves budget"
    assert article.byline == "Jane Reporter"
    assert article.published == datetime.date(2024, 3, 5)
    assert article.language == "en"


def test_core_title_and_repeated_first_paragraph() -> None:
    """The title property is used, and a first paragraph repeating it is dropped."""
    document = python_docx.Document()
    document.add_paragraph("Budget Passes")
    document.add_paragraph("Body text.")
    document.core_properties.title = "Budget passes"
    article = reader.read(_save(document))
    assert article.title == "Budget passes"
    assert article.paragraphs == ["Body text."]


def test_first_heading_1_is_the_title() -> None:
    """Without Title style or title property, a first Heading 1 is the title."""
    document = python_docx.Document()
    document.add_heading("Budget Passes", level=1)
    document.add_paragraph("Body text.")
    article = reader.read(_save(document), "x.docx")
    assert (article.title, article.paragraphs) == ("Budget Passes", ["Body text."])


def test_file_name_title_and_template_metadata_ignored() -> None:
    """Otherwise the file name is the title; python-docx's template author and date are not."""
    document = python_docx.Document()
    document.add_paragraph("Body text.")
    article = reader.read(_save(document), "city-budget.docx")
    assert article.title == "City budget"
    assert (article.byline, article.published) == ("", None)


def test_footnotes_follow_the_body_with_markers() -> None:
    """Footnote references become [n] in the text; notes follow the body in that order."""
    document = python_docx.Document()
    first = document.add_paragraph("Spending rises by 12 percent.")
    _footnote_reference(first, 2)
    second = document.add_paragraph("The vote was seven to two.")
    _footnote_reference(second, 1)
    article = reader.read(_with_footnotes(document), "notes.docx")
    assert article.paragraphs == [
        "Spending rises by 12 percent.[1]",
        "The vote was seven to two.[2]",
        "[1] Council minutes, 5 March.",
        "[2] Finance office, budget report, 2024.",
    ]


def test_tracked_deletions_and_field_codes_are_left_out() -> None:
    """Deleted text and field instructions are not text; inserted text and results are."""
    document = python_docx.Document()
    paragraph = document.add_paragraph("Kept ")
    body = f"""<w:r xmlns:w="{W_NS}"><w:t>start </w:t></w:r>
    <w:del xmlns:w="{W_NS}" w:id="1" w:author="x"><w:r><w:delText>deleted </w:delText></w:r></w:del>
    <w:ins xmlns:w="{W_NS}" w:id="2" w:author="x"><w:r><w:t>inserted </w:t></w:r></w:ins>
    <w:r xmlns:w="{W_NS}"><w:fldChar w:fldCharType="begin"/></w:r>
    <w:r xmlns:w="{W_NS}"><w:instrText>PAGE \\* MERGEFORMAT</w:instrText></w:r>
    <w:r xmlns:w="{W_NS}"><w:fldChar w:fldCharType="separate"/></w:r>
    <w:r xmlns:w="{W_NS}"><w:t>7</w:t><w:tab/><w:t>end</w:t></w:r>"""
    from lxml import etree

    for fragment in body.split("\n"):
        paragraph._p.append(etree.fromstring(fragment.strip()))
    assert reader.read(_save(document)).paragraphs == ["Kept start inserted 7 end"]


def test_nested_table_follows_its_cell() -> None:
    """A table inside a cell gives its cells after that cell's text."""
    document = python_docx.Document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Outer"
    inner = outer.cell(0, 0).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "Inner"
    outer.cell(0, 1).text = "Right"
    assert reader.read(_save(document)).paragraphs == ["Outer", "Inner", "Right"]


def test_not_a_zip() -> None:
    """Bytes that are not a zip are a damaged Word file."""
    with pytest.raises(ImportRejected) as caught:
        reader.read(b"This is plain text, not a Word file.", "a.docx")
    assert caught.value.message == "The Word file is damaged (not a valid .docx zip)."


def test_truncated_zip() -> None:
    """A Word file cut short is damaged."""
    data = _save(_article_docx())
    with pytest.raises(ImportRejected) as caught:
        reader.read(data[: len(data) // 2], "a.docx")
    assert caught.value.message == "The Word file is damaged (not a valid .docx zip)."


def test_empty_file() -> None:
    """An empty file is refused."""
    with pytest.raises(ImportRejected) as caught:
        reader.read(b"", "a.docx")
    assert caught.value.message == "The file is empty."


def test_zip_that_is_not_word() -> None:
    """A zip without a Word document in it is refused."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.csv", "a,b\n1,2\n")
    with pytest.raises(ImportRejected) as caught:
        reader.read(buffer.getvalue(), "a.docx")
    assert caught.value.message == "The zip file is not a Word document."


def test_spreadsheet_renamed_docx() -> None:
    """An Office file of another kind (its main part is not a Word document) is refused."""
    data = _save(_article_docx())
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        types = package.read("[Content_Types].xml")
    types = types.replace(b"wordprocessingml.document.main+xml", b"spreadsheetml.sheet.main+xml")
    with pytest.raises(ImportRejected) as caught:
        reader.read(_rewrite(data, {"[Content_Types].xml": types}), "a.docx")
    assert caught.value.message == "The zip file is not a Word document."


def test_damaged_document_xml() -> None:
    """A document part that is not well-formed XML is refused."""
    data = _rewrite(_save(_article_docx()), {"word/document.xml": b"<w:document><broken"})
    with pytest.raises(ImportRejected) as caught:
        reader.read(data, "a.docx")
    assert caught.value.message == "The Word file is damaged: we could not read its text."


def test_forged_sizes_over_200_mb_are_a_zip_bomb() -> None:
    """A member declaring 300 MB uncompressed is refused before anything is read."""
    data = bytearray(_save(_article_docx()))
    central = data.find(b"PK\x01\x02")  # First central directory entry.
    struct.pack_into("<I", data, central + 24, 300 * 1024 * 1024)
    with pytest.raises(ImportRejected) as caught:
        reader.read(bytes(data), "bomb.docx")
    assert caught.value.message == (
        "The Word file expands to more than 200 MB; refusing a possible zip bomb."
    )


def test_highly_compressed_part_is_a_zip_bomb() -> None:
    """A big part compressed more than 100 times (6 MB of zeros) is refused."""
    data = _rewrite(_save(_article_docx()), {}, {"word/media/zeros.bin": bytes(6 * 1024 * 1024)})
    with pytest.raises(ImportRejected) as caught:
        reader.read(data, "bomb.docx")
    assert caught.value.message == (
        "The Word file holds a part that expands more than 100 times; refusing a possible zip bomb."
    )


def test_too_many_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """A zip with more parts than the limit is refused."""
    monkeypatch.setattr(reader, "MAX_PARTS", 5)
    with pytest.raises(ImportRejected) as caught:
        reader.read(_save(_article_docx()), "a.docx")
    assert caught.value.message == (
        "The Word file holds more than 10,000 parts; refusing a possible zip bomb."
    )


@pytest.mark.parametrize(
    "declaration",
    [
        b'<!DOCTYPE w:document [<!ENTITY lol "lol">]>',
        b'<!DOCTYPE w:document SYSTEM "http://evil.example/x.dtd">',
    ],
)
def test_xml_with_dtd_or_entities_is_refused(declaration: bytes) -> None:
    """XML parts with a DTD or entity declarations are refused (billion laughs, XXE)."""
    data = _save(_article_docx())
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        part = package.read("word/document.xml")
    part = part.replace(b"?>", b"?>" + declaration, 1)
    with pytest.raises(ImportRejected) as caught:
        reader.read(_rewrite(data, {"word/document.xml": part}), "a.docx")
    assert caught.value.message == (
        "The Word file holds XML with a DTD or entity declarations, which we refuse for safety."
    )


def test_utf16_xml_part_is_refused() -> None:
    """An XML part in UTF-16 (which would hide a DTD from the check) is refused."""
    data = _save(_article_docx())
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        part = package.read("word/document.xml").decode("utf-8")
    utf16 = part.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    with pytest.raises(ImportRejected) as caught:
        reader.read(_rewrite(data, {"word/document.xml": utf16}), "a.docx")
    assert caught.value.message == "The Word file is damaged: we could not read its text."


def test_document_without_text() -> None:
    """A Word file with no text is refused."""
    with pytest.raises(ImportRejected) as caught:
        reader.read(_save(python_docx.Document()), "a.docx")
    assert caught.value.message == "The Word file has no text."


@settings(max_examples=30)
@given(st.data())
def test_corrupted_bytes_give_a_refusal_or_an_article(data: st.DataObject) -> None:
    """Flipping bytes anywhere in a Word file gives ImportRejected or an article, never a crash."""
    original = bytearray(_save(_article_docx()))
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(original) - 1))
        original[position] = data.draw(st.integers(0, 255))
    try:
        reader.read(bytes(original), "a.docx")
    except ImportRejected as rejected:
        assert rejected.message


def test_content_controls_hyperlinks_and_text_boxes() -> None:
    """Text inside content controls and hyperlinks is read; text boxes are left out."""
    from lxml import etree

    document = python_docx.Document()
    document.add_paragraph("Before.")
    body = document.element.body
    wrapped = etree.fromstring(
        f'<w:sdt xmlns:w="{W_NS}"><w:sdtPr><w:alias w:val="Lead"/></w:sdtPr><w:sdtContent>'
        "<w:p><w:r><w:t>Inside a content control.</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    linked = etree.fromstring(
        f'<w:p xmlns:w="{W_NS}"><w:r><w:t xml:space="preserve">See </w:t></w:r>'
        '<w:hyperlink w:history="1"><w:r><w:t>the report</w:t></w:r></w:hyperlink>'
        '<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>'
        "<w:txbxContent><w:p><w:r><w:t>SIDEBAR</w:t></w:r></w:p></w:txbxContent>"
        "</v:textbox></v:shape></w:pict></w:r><w:r><w:t>.</w:t></w:r></w:p>"
    )
    section = body[-1]  # sectPr stays last.
    section.addprevious(wrapped)
    section.addprevious(linked)
    assert reader.read(_save(document)).paragraphs == [
        "Before.",
        "Inside a content control.",
        "See the report.",
    ]


# --- Fidelity: document order, links, Strict files, file-name titles ---------------------------


def test_text_around_a_nested_table_keeps_its_place() -> None:
    """Text before a nested table, its cells, then text after: not merged, not reordered."""
    document = python_docx.Document()
    outer = document.add_table(rows=1, cols=2)
    cell = outer.cell(0, 0)
    cell.text = "Before"
    inner = cell.add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "In one"
    inner.cell(0, 1).text = "In two"
    cell.add_paragraph("After")
    outer.cell(0, 1).text = "Right"
    assert reader.read(_save(document)).paragraphs == [
        "Before",
        "In one",
        "In two",
        "After",
        "Right",
    ]


def test_only_web_hyperlinks_are_kept() -> None:
    from tests.annotate.ingest.fixtures import add_hyperlink

    document = python_docx.Document()
    paragraph = document.add_paragraph("See ")
    add_hyperlink(paragraph, "the site", "https://site.example/a")
    paragraph.add_run(", ")
    add_hyperlink(paragraph, "mail us", "mailto:desk@site.example")
    paragraph.add_run(" and ")
    paragraph._p.append(
        etree.fromstring(
            f'<w:hyperlink xmlns:w="{W_NS}" w:anchor="intro"><w:r><w:t>the intro</w:t></w:r>'
            "</w:hyperlink>"
        )
    )
    article = reader.read(_save(document))
    assert article.paragraphs == ["See the site, mail us and the intro"]
    assert [(link.start, link.end, link.url) for link in article.links] == [
        (4, 12, "https://site.example/a")
    ]


def test_strict_open_xml_is_read_like_transitional() -> None:
    from tests.annotate.ingest import fixtures

    article = fixtures.word_article()
    strict = fixtures.strict(article)
    assert b"purl.oclc.org/ooxml/wordprocessingml/main" in zipfile.ZipFile(io.BytesIO(strict)).read(
        "word/document.xml"
    )
    assert reader.read(strict, "fares.docx") == reader.read(article, "fares.docx")


def test_a_file_without_core_properties_is_named_from_its_file_name() -> None:
    """python-docx invents the title "Word Document" for such a file; the name is better."""
    from tests.annotate.ingest import fixtures

    data = fixtures.without_core_properties(fixtures.untitled_report())
    article = reader.read(data, "C:\\Desk\\harbour-board_minutes.docx")
    assert (article.title, article.byline, article.published) == ("Harbour board minutes", "", None)


# --- Bounded work (issue 19) ------------------------------------------------------------------


def test_xml_nested_deeper_than_lxml_reads_is_refused() -> None:
    document = python_docx.Document()
    document.add_paragraph("Text.")
    data = _save(document)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml")
    deep = "<w:sdt><w:sdtContent>" * 200 + "<w:p><w:r><w:t>deep</w:t></w:r></w:p>"
    deep += "</w:sdtContent></w:sdt>" * 200
    xml = xml.replace(b"<w:body>", b"<w:body>" + deep.encode(), 1)
    with pytest.raises(ImportRejected) as caught:
        reader.read(_rewrite(data, {"word/document.xml": xml}), "deep.docx")
    assert caught.value.message == errors.DOCX_TOO_DEEP
    assert "too deeply nested to read" in caught.value.message


def test_a_walk_over_its_budget_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from annotate.ingest import budget

    monkeypatch.setattr(budget, "BASE_SECONDS", 0.0)
    monkeypatch.setattr(budget, "SECONDS_PER_MB", 0.0)
    with pytest.raises(ImportRejected) as caught:
        reader.read(_save(_article_docx()), "budget.docx")
    assert caught.value.message == errors.DOCX_TOO_SLOW
