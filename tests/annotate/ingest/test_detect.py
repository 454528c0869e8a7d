"""Tests for annotate.ingest.detect: format by extension, checked by the first bytes."""

from __future__ import annotations

import io
import zipfile

import docx as python_docx
import pytest

from annotate.ingest import errors
from annotate.ingest.detect import detect_format, read_article
from annotate.ingest.errors import ImportRejected

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00"
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 "
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def _docx_bytes() -> bytes:
    document = python_docx.Document()
    document.add_paragraph("The council met on Tuesday.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("a.txt", "txt"),
        ("A.TXT", "txt"),
        ("notes.text", "txt"),
        ("a.md", "md"),
        ("a.markdown", "md"),
        ("page.html", "html"),
        ("page.HTM", "html"),
        ("export.json", "json"),
        ("C:\\Users\\me\\story.md", "md"),
    ],
)
def test_format_by_extension(filename: str, expected: str) -> None:
    """The extension, in any case, picks the format."""
    assert detect_format(filename, b"Some text") == expected


def test_docx_by_extension_and_zip_bytes() -> None:
    """A .docx that is a zip is a docx."""
    assert detect_format("story.docx", _docx_bytes()[:4096]) == "docx"


def test_unknown_extension() -> None:
    """An extension no reader handles is refused, naming it."""
    with pytest.raises(ImportRejected) as caught:
        detect_format("scan.xyz", b"data")
    assert caught.value.message == (
        "Unsupported file type '.xyz'. Use .txt, .md, .html, .htm, .docx or .json."
    )


def test_no_extension() -> None:
    """A file name without an extension is refused."""
    with pytest.raises(ImportRejected) as caught:
        detect_format("README", b"data")
    assert caught.value.message == (
        "The file name has no extension. Use .txt, .md, .html, .htm, .docx or .json."
    )


def test_empty_file() -> None:
    """An empty file is refused."""
    with pytest.raises(ImportRejected) as caught:
        detect_format("a.txt", b"")
    assert caught.value.message == "The file is empty."


def test_pdf_renamed_txt() -> None:
    """A PDF named .txt is refused, saying it is a PDF."""
    with pytest.raises(ImportRejected) as caught:
        detect_format("article.txt", PDF)
    assert caught.value.message == (
        "This looks like a PDF, not a text file. Save the article as .txt, .md, .html or .docx."
    )


@pytest.mark.parametrize(
    ("head", "what"),
    [
        (PNG, "a PNG image"),
        (JPEG, "a JPEG image"),
        (GIF, "a GIF image"),
        (WEBP, "a WEBP image"),
        (b"\x1f\x8b\x08\x00", "a gzip archive"),
        (b"{\\rtf1\\ansi", "an RTF document"),
        (OLE, "an old Word .doc file or a password-protected Office file"),
    ],
)
@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("a.txt", "a text file"),
        ("a.md", "a Markdown file"),
        ("a.html", "an HTML page"),
        ("a.docx", "a Word file"),
        ("a.json", "a JSON export"),
    ],
)
def test_known_binaries_are_named(head: bytes, what: str, filename: str, expected: str) -> None:
    """Images, archives and other formats under any of our extensions are named."""
    with pytest.raises(ImportRejected) as caught:
        detect_format(filename, head)
    assert caught.value.message == (
        f"This looks like {what}, not {expected}. Save the article as .txt, .md, .html or .docx."
    )


def test_zip_renamed_txt() -> None:
    """A zip archive named .txt is refused as a zip archive."""
    with pytest.raises(ImportRejected) as caught:
        detect_format("a.txt", _zip(["data.csv"]))
    assert caught.value.message == (
        "This looks like a zip archive, not a text file. "
        "Save the article as .txt, .md, .html or .docx."
    )


def test_docx_renamed_txt() -> None:
    """A Word file named .txt is refused as a Word file."""
    with pytest.raises(ImportRejected) as caught:
        detect_format("a.txt", _docx_bytes()[:4096])
    assert caught.value.message == (
        "This looks like a Word file (.docx), not a text file. "
        "Save the article as .txt, .md, .html or .docx."
    )


def test_docx_that_is_not_a_zip() -> None:
    """A .docx that is plain text is damaged."""
    with pytest.raises(ImportRejected) as caught:
        detect_format("a.docx", b"Just some text, not a zip.")
    assert caught.value.message == "The Word file is damaged (not a valid .docx zip)."


def test_nul_bytes_in_a_text_file() -> None:
    """NUL bytes not explained by UTF-16 make a text file a binary."""
    with pytest.raises(ImportRejected) as caught:
        detect_format("a.txt", b"ab\x00\x00\x00\x00\x01\x02cd\x00\x00\x00\x07")
    assert caught.value.message == (
        "This looks like a binary file, not a text file. "
        "Save the article as .txt, .md, .html or .docx."
    )


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_text_is_not_binary(codec: str) -> None:
    """UTF-16 and UTF-32 text, with or without a mark, passes as text."""
    assert detect_format("a.txt", "The council met.".encode(codec)) == "txt"


def test_read_article_dispatches_by_format() -> None:
    """read_article reads each article format with its reader."""
    assert read_article("a.txt", b"Title Here\n\nBody text.").title == "Title Here"
    assert read_article("a.md", b"# Heading\n\nBody.").title == "Heading"
    page = b"<html><body><article><h1>Head</h1><p>The council met on Tuesday.</p></article>"
    assert read_article("a.html", page).paragraphs == ["The council met on Tuesday."]
    assert read_article("a.docx", _docx_bytes()).paragraphs == ["The council met on Tuesday."]


def test_read_article_leaves_json_to_the_lossless_reader() -> None:
    """JSON exports are not articles: read_article refuses them as a programming error."""
    with pytest.raises(NotImplementedError):
        read_article("export.json", b"{}")


def test_read_article_checks_the_bytes() -> None:
    """read_article refuses a mislabeled file before any reader sees it."""
    with pytest.raises(ImportRejected) as caught:
        read_article("a.md", PNG)
    assert caught.value.message == errors.looks_like("a PNG image", "a Markdown file")
