"""The plain export data and the format registry."""

from __future__ import annotations

import dataclasses

import pytest

from annotate.export import FORMATS, renderer
from tests.annotate.export.factories import OPTIONS, SCALE, claim, document


def test_verdict_lookup():
    """A verdict is found by key; None and unknown keys give None."""
    doc = document("Text here.")
    assert doc.verdict("false") is SCALE[2]
    assert doc.verdict(None) is None
    assert doc.verdict("nope") is None
    assert doc.verdicts()["true"] is SCALE[0]


def test_data_is_frozen():
    """The data cannot be changed by a renderer."""
    doc = document("Text here.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.title = "x"  # type: ignore[misc]


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_renders_bytes(name):
    """Each registered format has a media type, an extension and a render giving bytes."""
    module = renderer(name)
    assert module.MEDIA_TYPE and module.EXTENSION
    text = "Taxes rose. Nobody noticed."
    output = module.render(document(text, (claim(text, 0, 11),)), OPTIONS)
    assert isinstance(output, bytes) and output


def test_unknown_format():
    """An unknown format name is a KeyError (callers check against FORMATS)."""
    with pytest.raises(KeyError):
        renderer("pdf")
