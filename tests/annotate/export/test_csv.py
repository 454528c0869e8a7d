"""CSV export: BOM, one row per claim, sources joined, formula injection neutralized."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest
from hypothesis import given, settings

from annotate.export import csv as csv_export
from tests.annotate.export.factories import (
    OPTIONS,
    claim,
    document,
    seed_document,
    seed_names,
    source,
)
from tests.annotate.export.strategies import documents

TEXT = "The mayor said taxes rose by 40% in 2023. Nobody checked.\n\nThey fell."


def read_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_header_and_one_row():
    """The header, then the claim's cells; sentence numbers are 1-based; sources are
    `title <url>` joined by ` | `."""
    doc = document(
        TEXT,
        (
            claim(
                TEXT,
                42,
                57,
                sources=(source(), source("https://b.example/", title="")),
                verdict="mostly-true",
                status="in_review",
            ),
        ),
    )
    data = csv_export.render(doc, OPTIONS)
    assert data.startswith("\ufeffDocument,Sentence,Quote,".encode())
    assert b"\r\n" in data
    assert read_rows(data) == [
        list(csv_export.HEADER),
        [
            "Learning to Coexist",
            "2",
            "Nobody checked.",
            "Restatement 1",
            "A. Politician",
            "Mostly true",
            "in_review",
            "ana",
            "carla",
            "Annual report <https://stats.example.org/report> | https://b.example/",
        ],
    ]


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("A normal cell", "A normal cell"),
        ("x=1", "x=1"),
        ("", ""),
    ],
)
def test_formula_injection_is_neutralized(cell, written):
    """Cells a spreadsheet would run as formulas get a leading quote, in every column."""
    text = cell + " is what they said." if cell else "Nothing."
    hostile = claim(
        text,
        0,
        len(text),
        restatement=cell,
        claimant=cell,
        author=cell,
        approved_by=cell,
        sources=(source(title=cell, url="") if cell else source(),),
    )
    doc = document(text, (hostile,), title=cell)
    (_, row) = read_rows(csv_export.render(doc, OPTIONS))
    quote_cell = csv_export.neutralize(text)
    assert row == [
        written,
        "1",
        quote_cell,
        written,
        written,
        "False",
        "approved",
        written,
        written,
        written if cell else "Annual report <https://stats.example.org/report>",
    ]


def test_render_many_writes_one_header():
    """A selection of documents is one file with one header and every claim."""
    first = document(TEXT, (claim(TEXT, 0, 9, 1), claim(TEXT, 42, 57, 2)))
    second = replace(document(TEXT, (claim(TEXT, 59, 69, 3),)), title="Second")
    rows = read_rows(csv_export.render_many([first, second], OPTIONS))
    assert rows[0] == list(csv_export.HEADER)
    assert [(row[0], row[2]) for row in rows[1:]] == [
        ("Learning to Coexist", "The mayor"),
        ("Learning to Coexist", "Nobody checked."),
        ("Second", "They fell."),
    ]


@pytest.mark.parametrize("name", seed_names())
def test_seed_documents_one_row_per_claim(name):
    """A seed article gives the header and one row per claim."""
    doc = seed_document(name)
    rows = read_rows(csv_export.render(doc, OPTIONS))
    assert len(rows) == len(doc.claims) + 1


@settings(deadline=None)  # the machine is shared: no timing in tests
@given(documents())
def test_any_document_round_trips_through_a_csv_reader(doc):
    """Whatever the text (quotes, commas, line breaks), a CSV reader gets back every cell,
    neutralized; no cell starts with a formula character."""
    rows = read_rows(csv_export.render(doc, OPTIONS))
    assert rows[1:] == [list(row) for row in csv_export.rows(doc)]
    claims = sorted(doc.claims, key=lambda c: (c.start, -c.end, c.id))
    assert [row[2] for row in rows[1:]] == [csv_export.neutralize(c.quote) for c in claims]
    for row in rows[1:]:
        assert not any(cell.startswith(csv_export.FORMULA_STARTS) for cell in row)


@settings(deadline=None)
@given(documents())
def test_writing_as_claims_come_gives_the_same_file(doc):
    """`write` (claims handed over one by one, in STREAM_ORDER) and `render` agree byte for
    byte; `write` never reads the document's own claims."""
    ordered = sorted(doc.claims, key=lambda c: (c.start, -c.end, c.id))
    out = io.BytesIO()
    csv_export.write([(replace(doc, claims=()), iter(ordered))], OPTIONS, out)
    assert out.getvalue() == csv_export.render(doc, OPTIONS)
    assert not out.closed  # the caller's file stays open
