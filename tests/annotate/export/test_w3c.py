"""W3C Web Annotation export: valid against the official schemas, offsets exact, bodies right."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings

from annotate.document_data import ExportOptions
from annotate.export import w3c
from tests.annotate.export.factories import (
    MOMENT,
    OPTIONS,
    claim,
    document,
    seed_document,
    seed_names,
    source,
)
from tests.annotate.export.strategies import documents
from tests.annotate.export.w3c_schema import (
    COLLECTION_MUSTS,
    PAGE_MUSTS,
    must_failures,
)

TEXT = "The mayor said taxes rose by 40% in 2023. Nobody checked.\n\nThey fell."
# xsd:dateTime in UTC: the jsonschema date-time check needs an extra package, so check here.
UTC_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def export(doc, options=OPTIONS) -> dict:
    return json.loads(w3c.render(doc, options))


def items(collection: dict) -> list[dict]:
    return collection["first"]["items"] if "first" in collection else []


def assert_valid(collection: dict) -> None:
    """The collection, its page and every annotation pass all their MUST assertions."""
    context = collection["@context"]
    assert must_failures(collection, COLLECTION_MUSTS) == []
    if "first" in collection:
        assert must_failures(collection, PAGE_MUSTS) == []
        assert must_failures({"@context": context, **collection["first"]}, PAGE_MUSTS) == []
    for annotation in items(collection):
        # Annotations embedded in a page inherit its @context.
        assert must_failures({"@context": context, **annotation}) == []
        assert UTC_TIMESTAMP.fullmatch(annotation["created"])
        assert UTC_TIMESTAMP.fullmatch(annotation["modified"])


def test_the_schema_helper_reports_broken_annotations():
    """The offline validator catches a missing target and a non-URI id (format checks on)."""
    collection = export(document(TEXT, (claim(TEXT, 0, 9),)))
    annotation = {"@context": w3c.CONTEXT, **items(collection)[0]}
    del annotation["target"]
    assert [path for path, _ in must_failures(annotation)] == [
        "annotations/3.1-targetKeyFound.json",
        "annotations/3.2-targetObjectsRecognized.json",
    ]
    annotation = {"@context": w3c.CONTEXT, **items(collection)[0], "id": "not a uri"}
    assert [path for path, _ in must_failures(annotation)] == [
        "annotations/3.1-annotationIdValidated.json"
    ]


@pytest.mark.parametrize("name", seed_names())
def test_seed_documents_validate(name):
    """A seed article with overlapping and cross-paragraph claims validates everywhere."""
    assert_valid(export(seed_document(name)))


@settings(deadline=None)  # 54 schema checks per annotation: slow, not timed
@given(documents())
def test_any_document_validates_and_selects_its_quotes(doc):
    """Whatever the text and fields (hostile URLs included), the output validates and every
    TextPositionSelector selects exactly the TextQuoteSelector's quote in the document text."""
    collection = export(doc)
    assert_valid(collection)
    assert collection["total"] == len(doc.claims)
    for annotation in items(collection):
        quote, position = annotation["target"]["selector"]
        start, end = position["start"], position["end"]
        assert doc.text[start:end] == quote["exact"]
        assert doc.text[:start].endswith(quote["prefix"])
        assert doc.text[end:].startswith(quote["suffix"])


def test_shape_of_one_annotation():
    """One claim: id is its fact-check URL, motivation assessing, target the document page
    with quote (32 characters of context) and position; bodies for verdict, restatement,
    notes and each http(s) source."""
    doc = document(
        TEXT,
        (
            claim(
                TEXT,
                15,
                40,
                5,
                sources=(source(), source("javascript:alert(1)"), source("https://b.org/x y")),
            ),
        ),
    )
    collection = export(doc)
    assert collection["id"] == "https://factcheck.example.org/documents/7/annotations/"
    assert collection["creator"] == {
        "type": "Organization",
        "name": "The Daily Check",
        "homepage": "https://daily.example.org/",
    }
    assert collection["first"]["partOf"] == {"id": collection["id"], "total": 1}
    assert items(collection) == [
        {
            "id": "https://factcheck.example.org/claims/5",
            "type": "Annotation",
            "motivation": "assessing",
            "created": "2024-05-06T07:08:09Z",
            "modified": "2024-05-06T07:08:09Z",
            "creator": {"type": "Person", "name": "ana"},
            "body": [
                {
                    "type": "TextualBody",
                    "purpose": "assessing",
                    "value": "False",
                    "format": "text/plain",
                },
                {
                    "type": "TextualBody",
                    "purpose": "describing",
                    "value": "Restatement 5",
                    "format": "text/plain",
                },
                {
                    "type": "TextualBody",
                    "purpose": "commenting",
                    "value": "<p>Notes for claim 5.</p>",
                    "format": "text/html",
                },
                {
                    "type": "SpecificResource",
                    "purpose": "linking",
                    "source": "https://stats.example.org/report",
                },
                {"type": "SpecificResource", "purpose": "linking", "source": "https://b.org/x%20y"},
            ],
            "target": {
                "source": "https://factcheck.example.org/documents/7/",
                "selector": [
                    {
                        "type": "TextQuoteSelector",
                        "exact": "taxes rose by 40% in 2023",
                        "prefix": "The mayor said ",
                        "suffix": ". Nobody checked.\n\nThey fell.",
                    },
                    {"type": "TextPositionSelector", "start": 15, "end": 40},
                ],
            },
        }
    ]


def test_notes_are_sanitized_again():
    """Notes are HTML bodies, but only what the sanitizer allows survives."""
    notes = '<p onclick="x()">Fine</p><script>alert(1)</script><a href="javascript:y()">z</a>'
    collection = export(document(TEXT, (claim(TEXT, 0, 9, notes_html=notes),)))
    (notes_body,) = [
        body for body in items(collection)[0]["body"] if body["purpose"] == "commenting"
    ]
    assert notes_body["value"] == '<p>Fine</p><a rel="nofollow noopener noreferrer">z</a>'


def test_claim_without_verdict_restatement_notes_or_sources_has_no_body():
    """An annotation may have no body; it still validates."""
    bare = claim(TEXT, 0, 9, verdict=None, restatement="", notes_html="", sources=())
    collection = export(document(TEXT, (bare,)))
    assert "body" not in items(collection)[0]
    assert_valid(collection)


def test_astral_characters_count_as_one_position():
    """Positions are code points: an emoji before the quote counts once."""
    text = "😀😀 Claim here."
    annotation = items(export(document(text, (claim(text, 3, 8),))))[0]
    assert annotation["target"]["selector"][1] == {
        "type": "TextPositionSelector",
        "start": 3,
        "end": 8,
    }
    assert annotation["target"]["selector"][0]["exact"] == "Claim"


def test_document_without_claims_is_an_empty_collection():
    """No claims: total 0 and no page (the schemas require `first` only when total > 0)."""
    collection = export(document(TEXT))
    assert collection["total"] == 0
    assert "first" not in collection
    assert_valid(collection)


def test_document_base_url_option():
    """With document_base_url set, ids and the target follow it."""
    options = ExportOptions(
        "https://fc.example/c/", "Org", "", MOMENT, document_base_url="https://fc.example/docs/"
    )
    collection = export(document(TEXT, (claim(TEXT, 0, 9),)), options)
    assert collection["id"] == "https://fc.example/docs/7/annotations/"
    assert collection["creator"] == {"type": "Organization", "name": "Org"}
    assert items(collection)[0]["target"]["source"] == "https://fc.example/docs/7/"
    assert_valid(collection)
