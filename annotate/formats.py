"""The one registry of import and export formats: what each is called, its files, its code.

Each format describes itself once, here (after pretix's exporter registry and doccano's dataset
catalog); everything that offers a format is generated from these two lists: the upload page's
accept list and hint, the export menus and the document list's select, the API's choices and
help texts, `export_document --format`, and the names and media types of export files.

Imports: a key (as stored in Document.source_format), a label, the file name extensions the
ingest layer reads as that format (annotate.ingest.detect, which also sniffs the first bytes),
and the reader (bytes -> Article, or the lossless reader for our own JSON). A format whose
reader can stream also names `streamer` ((opener, file name) -> ArticleStream: the file is read
in chunks and its paragraphs handed on one by one); the others are read whole.

Exports: a key (as in the API and the command), a label, the renderer (a pure module of
annotate.export: DocumentData -> bytes), the media type and file extension of its files (one
extension per format, so the files of one document never overwrite each other), and, for the
formats whose renderer can also write several documents into one file, that file's name in a
zip of several documents.

No Django here: the registry is plain data over the pure readers and renderers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from annotate.export import claimreview, csv, html, lossless, markdown, w3c
from annotate.ingest import claimreview as claimreview_reader
from annotate.ingest import docx, txt
from annotate.ingest import html as html_reader
from annotate.ingest import lossless as lossless_reader
from annotate.ingest import markdown as markdown_reader
from annotate.ingest.detect import EXTENSIONS

ZIP_MEDIA_TYPE = "application/zip"


@dataclass(frozen=True)
class ImportFormat:
    key: str
    label: str
    described: str  # how the upload page names such a file
    reader: Callable[..., Any]  # (bytes, file name) -> Article, or bytes -> DocumentData
    lossless: bool = False  # our own JSON: a whole document with its claims, not an article
    # Other outlets' fact-checks (ClaimReview): reference rows for the archive, no document.
    references: bool = False
    # (a function opening the file, file name) -> ArticleStream, for formats read in chunks.
    streamer: Callable[..., Any] | None = None

    @property
    def extensions(self) -> tuple[str, ...]:
        return tuple(ext for ext, key in EXTENSIONS.items() if key == self.key)


@dataclass(frozen=True)
class ExportFormat:
    key: str
    label: str
    renderer: ModuleType
    media_type: str
    extension: str
    combined_name: str = ""  # the all-documents file in a zip, for renderers with render_many
    # For publishing: holds approved claims only unless the export asks for all of them.
    publishable: bool = False

    def file_name(self, stem: str) -> str:
        return f"{stem}.{self.extension}"

    @property
    def streams(self) -> bool:
        """Whether the renderer writes as claims come (`write`, in its STREAM_ORDER): then an
        export of any size holds one page of claims in memory (services.exports)."""
        return hasattr(self.renderer, "write")


IMPORTS = (
    ImportFormat("txt", "Plain text", "Text", txt.read, streamer=txt.stream),
    ImportFormat("md", "Markdown", "Markdown", markdown_reader.read),
    ImportFormat("html", "HTML page", "saved web pages", html_reader.read),
    ImportFormat("docx", "Word document", "Word", docx.read),
    ImportFormat(
        "json", "factcheck JSON", "a factcheck JSON export", lossless_reader.read, lossless=True
    ),
    ImportFormat(
        "claimreview",
        "ClaimReview (other outlets' fact-checks)",
        "other outlets' ClaimReview JSON-LD",
        claimreview_reader.read,
        references=True,
    ),
)

EXPORTS = (
    ExportFormat(
        "html", "Annotated HTML", html, "text/html; charset=utf-8", "html", publishable=True
    ),
    ExportFormat(
        "md", "Markdown", markdown, "text/markdown; charset=utf-8", "md", publishable=True
    ),
    ExportFormat("json", "JSON (lossless)", lossless, "application/json", "json"),
    ExportFormat(
        "w3c",
        "W3C Web Annotations",
        w3c,
        'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
        "w3c.jsonld",
    ),
    ExportFormat(
        "claimreview",
        "ClaimReview (schema.org)",
        claimreview,
        "application/ld+json",
        "claimreview.jsonld",
        combined_name="all-documents.claimreview.jsonld",
        publishable=True,
    ),
    ExportFormat(
        "csv",
        "CSV (one row per claim)",
        csv,
        "text/csv; charset=utf-8",
        "csv",
        combined_name="all-documents.csv",
    ),
)

IMPORT_FORMATS = {fmt.key: fmt for fmt in IMPORTS}
IMPORT_KEYS = tuple(IMPORT_FORMATS)
EXPORT_FORMATS = {fmt.key: fmt for fmt in EXPORTS}
EXPORT_KEYS = tuple(EXPORT_FORMATS)


def export_format(key: str) -> ExportFormat:
    """The export format `key` (KeyError for an unknown one: callers check EXPORT_KEYS)."""
    return EXPORT_FORMATS[key]


def export_label(key: str | None) -> str:
    """The label of export format `key`, or "" for none (an import job, a garbled params)."""
    found = EXPORT_FORMATS.get(key or "")
    return found.label if found else ""


def approved_only_default(key: str) -> bool:
    """Whether an export in format `key` holds approved claims only when not told otherwise."""
    return EXPORT_FORMATS[key].publishable


def publishable_labels() -> str:
    """The labels of the formats that hold approved claims only by default, in words."""
    labels = [fmt.label for fmt in EXPORTS if fmt.publishable]
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def export_choices() -> list[tuple[str, str]]:
    """(key, label) of every export format, in menu order."""
    return [(fmt.key, fmt.label) for fmt in EXPORTS]


def import_accept() -> str:
    """The upload input's `accept` list: every extension an import reads."""
    return ",".join(ext for fmt in IMPORTS for ext in fmt.extensions)


def import_format(key: str) -> ImportFormat:
    """The import format `key` (as annotate.ingest.detect.detect_format names it)."""
    return IMPORT_FORMATS[key]


def import_hint() -> str:
    """The upload page's words for what it takes: "Text (.txt, .text), ... or a factcheck..."."""
    parts = [f"{fmt.described} ({', '.join(fmt.extensions)})" for fmt in IMPORTS]
    return ", ".join(parts[:-1]) + " or " + parts[-1]


def import_extensions() -> str:
    """The extensions an import reads, for the API's help: ".txt, .text, .md, ..."."""
    return ", ".join(ext for fmt in IMPORTS for ext in fmt.extensions)
