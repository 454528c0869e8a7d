"""The export renderer registry."""

from __future__ import annotations

import pytest

from annotate.export import FORMATS, renderer
from tests.annotate.export.factories import OPTIONS, claim, document


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
