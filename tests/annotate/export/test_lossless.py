"""The lossless JSON export (reading it back is tested in tests/annotate/ingest/)."""

from __future__ import annotations

import json

from annotate.export import lossless
from tests.annotate.export.factories import OPTIONS, claim, document


def test_layout_of_the_file():
    """Format and version first; document fields under "document"; lists at the top;
    dates ISO; non-ASCII written as is."""
    text = "Café prices rose. Nobody noticed."
    output = lossless.render(document(text, (claim(text, 0, 17),)), OPTIONS)
    assert "Café".encode() in output
    data = json.loads(output)
    assert list(data) == [
        "format",
        "version",
        "generated_at",
        "document",
        "team",
        "scale",
        "sentences",
        "claims",
    ]
    assert data["format"] == "factcheck-document" and data["version"] == 1
    assert data["generated_at"] == "2024-05-06T07:08:09.123456+00:00"
    assert data["document"]["published_on"] == "2024-05-01"
    assert data["document"]["text"] == text
    assert data["team"] == {
        "name": "The Daily Check",
        "slug": "daily-check",
        "url": "https://daily.example.org/",
    }
    assert data["sentences"][0] == {"index": 0, "start": 0, "end": 17, "paragraph": 0}
    (claim_data,) = data["claims"]
    assert claim_data["quote"] == "Café prices rose."
    assert claim_data["sources"][0]["date_accessed"] == "2024-05-01"
    assert claim_data["reviews"][0]["decision"] == "approved"
    assert claim_data["comments"][0]["body_html"] == "<p>Checked the figure.</p>"


def test_writing_as_claims_come_gives_the_same_file():
    """`write` streams the claims last, one at a time: the same bytes as `render`."""
    import io
    from dataclasses import replace

    from hypothesis import given, settings

    from tests.annotate.export.strategies import documents

    @settings(deadline=None, max_examples=50)
    @given(documents())
    def check(doc):
        out = io.BytesIO()
        lossless.write([(replace(doc, claims=()), iter(doc.claims))], OPTIONS, out)
        assert out.getvalue() == lossless.render(doc, OPTIONS)

    check()
