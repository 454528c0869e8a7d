"""The plain document data shared by the export selector, the renderers and the lossless reader."""

from __future__ import annotations

import dataclasses

import pytest

from tests.annotate.export.factories import SCALE, document


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
