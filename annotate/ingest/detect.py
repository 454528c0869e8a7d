"""Tell an upload's format from its name, check its first bytes agree, and read it.

``detect_format`` goes by the file name's extension and then sniffs the first bytes so
that an image, a PDF, an archive or another binary renamed ``.txt`` (or ``.docx``) is
refused with a message naming what it looks like. ``read_article`` is the dispatcher
for the article formats. JSON files are our own lossless export: they carry claims,
reviews and comments, not just an article, so the caller reads them with
``annotate.ingest.lossless`` after ``detect_format`` said ``"json"``; ``read_article``
refuses them with ``NotImplementedError`` (a programming error, not bad input).
"""

from __future__ import annotations

from pathlib import PurePath

from annotate.ingest import docx, errors, html, markdown, txt
from annotate.ingest.article import Article
from annotate.ingest.decode import bom_encoding, utf16_order
from annotate.ingest.errors import ImportRejected

# How many leading bytes ``detect_format`` needs to see.
HEAD_SIZE = 4096

# The file name extensions each format is read from (annotate.formats lists them for the pages).
EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".json": "json",
    ".jsonld": "claimreview",
}
# What the user meant to upload, for messages.
_EXPECTED = {
    "txt": "a text file",
    "md": "a Markdown file",
    "html": "an HTML page",
    "docx": "a Word file",
    "json": "a JSON export",
    "claimreview": "ClaimReview JSON-LD",
}
# Leading bytes of formats people upload by mistake.
_MAGIC = (
    (b"%PDF-", "a PDF"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Word .doc file or a password-protected Office file",
    ),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "a program"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_READERS = {"txt": txt.read, "md": markdown.read, "html": html.read, "docx": docx.read}
FORMATS = tuple(dict.fromkeys(EXTENSIONS.values()))


def detect_format(filename: str, head: bytes) -> str:
    """Return ``"txt"``, ``"md"``, ``"html"``, ``"docx"``, ``"json"`` (our export) or
    ``"claimreview"`` (other outlets' fact-checks: ``.jsonld``, or ``.json`` that is ClaimReview)
    for an upload.

    ``head`` is the start of the file (``HEAD_SIZE`` bytes are enough). Raises
    ``ImportRejected`` for an unknown extension, an empty file, or content that is
    plainly something else (an image, a PDF, an archive, a binary).
    """
    fmt = _format_from_name(filename)
    if not head:
        raise ImportRejected(errors.EMPTY)
    expected = _EXPECTED[fmt]
    what = _sniff(head)
    if fmt == "docx":
        if what == "a zip archive" or what == "a Word file (.docx)":
            return fmt
        if what is not None:
            raise ImportRejected(errors.looks_like(what, expected))
        raise ImportRejected(errors.DOCX_NOT_ZIP)
    if what is not None:
        raise ImportRejected(errors.looks_like(what, expected))
    if b"\x00" in head and bom_encoding(head) is None and utf16_order(head) is None:
        raise ImportRejected(errors.looks_like("a binary file", expected))
    if fmt == "json" and _is_claimreview(head):
        return "claimreview"
    return fmt


def _is_claimreview(head: bytes) -> bool:
    """A .json file of other outlets' ClaimReview rather than our own export (which says
    ``"format": "factcheck-document"`` at its top)."""
    return b"ClaimReview" in head and b"factcheck-document" not in head


def read_article(filename: str, data: bytes) -> Article:
    """Detect the format of an upload and read it into an ``Article``.

    Raises ``ImportRejected`` for bad input, and ``NotImplementedError`` for a JSON
    export, which the caller reads with ``annotate.ingest.lossless`` instead.
    """
    fmt = detect_format(filename, data[:HEAD_SIZE])
    if fmt == "json":
        raise NotImplementedError("JSON exports are read by annotate.ingest.lossless.")
    if fmt == "claimreview":
        raise NotImplementedError("ClaimReview is read by annotate.ingest.claimreview.")
    return _READERS[fmt](data, filename)


def _format_from_name(filename: str) -> str:
    suffix = PurePath(filename.replace("\\", "/")).suffix.lower()
    if not suffix:
        raise ImportRejected(errors.NO_EXTENSION)
    fmt = EXTENSIONS.get(suffix)
    if fmt is None:
        raise ImportRejected(errors.unsupported_extension(suffix))
    return fmt


def _sniff(head: bytes) -> str | None:
    """Return what ``head`` plainly is (``"a PDF"``, ...), or ``None`` if nothing known."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "a WEBP image"
    if head[4:8] == b"ftyp":
        return "a video or HEIC image"
    if head.startswith(_ZIP):
        if b"word/" in head:
            return "a Word file (.docx)"
        return "a zip archive"
    return None
