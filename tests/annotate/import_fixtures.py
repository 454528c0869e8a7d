"""One good file of every import format, for tests that send each format through an entry point.

The builders live in tests/annotate/tasks/importfiles.py (text formats and docx) and
tests/annotate/export/factories.py (our JSON export); this module names one file per format with
a phrase its document's text must contain, so the service, API and command tests agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from annotate.export.lossless import render
from tests.annotate.export import factories as export_data
from tests.annotate.tasks import importfiles as files


@dataclass(frozen=True)
class FormatCase:
    """A file to import: its name and bytes, a phrase of its text, the stored source_format."""

    name: str
    build: Callable[[], bytes]
    expected: str
    source_format: str


def json_export() -> bytes:
    """Our lossless JSON export of the article with one claim on its first sentence."""
    text = files.ARTICLE
    start = text.index("The city council")
    end = text.index(" That is")
    claim = export_data.claim(text, start, end, approved_by="", approved_at=None, reviews=())
    return render(export_data.document(text, (claim,)), export_data.OPTIONS)


FORMATS = [
    FormatCase("roads.txt", files.txt, "€4.2 million on roads", "txt"),
    FormatCase("roads.md", files.markdown, "The city council spent €4.2 million", "md"),
    FormatCase("page.html", files.html_page, "Paragraph 6: the city council", "html"),
    FormatCase("story.docx", files.docx, "The city council spent €4.2 million", "docx"),
    # Our JSON keeps the format the document first came in (the exported one was plain text).
    FormatCase("export.json", json_export, "The city council spent €4.2 million", "txt"),
]

# `@every_format` parametrizes a test's `case` argument over FORMATS, ids by format.
every_format = pytest.mark.parametrize(
    "case", FORMATS, ids=[c.name.rsplit(".", 1)[-1] for c in FORMATS]
)
