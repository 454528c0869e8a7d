"""Helpers shared by the renderers: our URLs, outside links, colours, timestamps."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from annotate.document_data import ExportOptions
from annotate.export.common import claim_url, document_url, http_url, safe_colour, utc_timestamp
from tests.annotate.export.factories import MOMENT, OPTIONS, claim, document


@pytest.mark.parametrize(
    ("url", "result"),
    [
        ("https://example.org/a b?q=é#x", "https://example.org/a%20b?q=%C3%A9#x"),
        ("HTTP://Example.org/", "http://Example.org/"),
        ("  https://example.org/  ", "https://example.org/"),
        ("http://bücher.de/x", "http://xn--bcher-kva.de/x"),
        ("https://x.org/%20already", "https://x.org/%20already"),
        ("http://a.org/<script>", "http://a.org/%3Cscript%3E"),
        ("javascript:alert(1)", None),
        ("data:text/html,x", None),
        ("mailto:a@b.org", None),
        ("//example.org/x", None),
        ("/relative", None),
        ("http://", None),
        ("http://[broken", None),
        ("", None),
    ],
)
def test_http_url(url, result):
    """Only http(s) URLs with a host pass, percent-encoded to ASCII."""
    assert http_url(url) == result


def test_our_urls():
    """Claim pages are base + id; document pages default to /documents/<id>/ on that host."""
    doc = document("Some text.", (claim("Some text.", 0, 4, 12),))
    assert claim_url(doc.claims[0], OPTIONS) == "https://factcheck.example.org/claims/12"
    assert document_url(doc, OPTIONS) == "https://factcheck.example.org/documents/7/"
    options = ExportOptions("https://a.example/c/", "Org", "", MOMENT, "https://a.example/d/")
    assert document_url(doc, options) == "https://a.example/d/7/"


@pytest.mark.parametrize(
    ("colour", "result"),
    [("#A1b2C3", "#a1b2c3"), ("red", "#9e9e9e"), ("#fff", "#9e9e9e"), ("#123456;x:y", "#9e9e9e")],
)
def test_safe_colour(colour, result):
    """Only exact #rrggbb colours pass (lower-cased); anything else is neutral grey."""
    assert safe_colour(colour) == result


def test_utc_timestamp():
    """Any zone becomes UTC with a Z; naive times are taken as UTC."""
    moment = datetime(2024, 1, 1, 1, 30, 5, 999, tzinfo=timezone(timedelta(hours=2)))
    assert utc_timestamp(moment) == "2023-12-31T23:30:05Z"
    assert utc_timestamp(datetime(2024, 1, 1)) == "2024-01-01T00:00:00Z"
