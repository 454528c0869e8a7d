"""The format registry: every import and export format described once (annotate.formats)."""

from __future__ import annotations

import pytest

from annotate import formats
from annotate.ingest.detect import EXTENSIONS, detect_format
from tests.annotate.export.factories import OPTIONS, claim, document


@pytest.mark.parametrize("fmt", formats.EXPORTS, ids=lambda fmt: fmt.key)
def test_every_export_format_renders_bytes(fmt):
    """Each registered format has a label, a media type, an extension and a renderer."""
    assert fmt.label and fmt.media_type and fmt.extension
    text = "Taxes rose. Nobody noticed."
    output = fmt.renderer.render(document(text, (claim(text, 0, 11),)), OPTIONS)
    assert isinstance(output, bytes) and output


def test_every_export_format_has_its_own_file_extension():
    """The W3C and ClaimReview files of one document were both `…-N.jsonld`: one download
    overwrote the other."""
    names = [fmt.file_name("budget-story-7") for fmt in formats.EXPORTS]
    assert len(set(names)) == len(names)
    assert formats.export_format("w3c").file_name("a-1") == "a-1.w3c.jsonld"
    assert formats.export_format("claimreview").file_name("a-1") == "a-1.claimreview.jsonld"


def test_combined_files_exist_only_for_renderers_that_write_several_documents():
    for fmt in formats.EXPORTS:
        assert bool(fmt.combined_name) == hasattr(fmt.renderer, "render_many"), fmt.key
    combined = [fmt.combined_name for fmt in formats.EXPORTS if fmt.combined_name]
    assert len(set(combined)) == len(combined)


def test_an_unknown_export_format_is_a_key_error():
    """Callers check against EXPORT_KEYS first."""
    with pytest.raises(KeyError):
        formats.export_format("pdf")
    assert formats.export_label("pdf") == ""


def test_import_formats_cover_every_extension_the_readers_take():
    """The upload page's accept list is the ingest layer's extensions, grouped by format."""
    assert sorted(formats.import_accept().split(",")) == sorted(EXTENSIONS)
    for fmt in formats.IMPORTS:
        head = b"PK\x03\x04word/" if fmt.key == "docx" else b"Some text."
        for extension in fmt.extensions:
            assert detect_format(f"story{extension}", head) == fmt.key
    assert formats.import_hint().startswith("Text (.txt, .text), Markdown (.md, .markdown)")
