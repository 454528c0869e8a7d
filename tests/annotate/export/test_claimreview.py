"""ClaimReview export: approved claims only, Google's required fields, schema.org terms only.

pyld is not installed, so instead of expanding the JSON-LD the tests check offline, against the
schema.org context of ../shared/schemaorg/, that every key is a schema.org property term, every
`@type` a schema.org type term, and values of Date- and @id-typed terms fit their type.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from annotate.document_data import ExportOptions
from annotate.export import claimreview
from tests.annotate.export.factories import (
    MOMENT,
    OPTIONS,
    claim,
    document,
    seed_document,
    seed_names,
)
from tests.annotate.export.strategies import documents

CONTEXT_FILE = Path(__file__).resolve().parents[2] / "data/schemaorg/schemaorgcontext.jsonld"
TEXT = "The mayor said taxes rose by 40% in 2023. Nobody checked."
ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")


@cache
def schema_terms() -> dict[str, Any]:
    if not CONTEXT_FILE.is_file():
        pytest.skip(f"the schema.org context is not at {CONTEXT_FILE}")
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def assert_schema_org(node: Any) -> None:
    """Every key and type in `node` is a schema.org term, used as its type says."""
    terms = schema_terms()
    if isinstance(node, list):
        for item in node:
            assert_schema_org(item)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key == "@context":
            assert value == "https://schema.org"
        elif key == "@type":
            assert value in terms and value[0].isupper(), value
        else:
            assert key in terms and key[0].islower(), key
            kind = terms[key].get("@type") if isinstance(terms[key], dict) else None
            if kind == "Date":
                assert ISO_DATE.fullmatch(value), (key, value)
            if kind == "@id":
                assert re.match(r"https?://", value), (key, value)
            assert_schema_org(value)


def export(doc, options=OPTIONS) -> list[dict]:
    return json.loads(claimreview.render(doc, options))


def test_shape_of_one_review():
    """An approved, rated claim gives every required and recommended field."""
    approved = claim(
        TEXT, 15, 40, 5, approved_at=datetime(2024, 6, 1, 23, 30, tzinfo=UTC), claimant=" Mayor "
    )
    assert export(document(TEXT, (approved,))) == [
        {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": "https://factcheck.example.org/claims/5",
            "claimReviewed": "Restatement 5",
            "author": {
                "@type": "Organization",
                "name": "The Daily Check",
                "url": "https://daily.example.org/",
            },
            "reviewRating": {
                "@type": "Rating",
                "alternateName": "False",
                "ratingValue": 1,
                "bestRating": 5,
                "worstRating": 1,
            },
            "itemReviewed": {
                "@type": "Claim",
                "inLanguage": "en",
                "datePublished": "2024-05-01",
                "appearance": {
                    "@type": "CreativeWork",
                    "url": "https://news.example.com/articles/42",
                    "headline": "Learning to Coexist",
                    "inLanguage": "en",
                },
                "firstAppearance": {
                    "@type": "CreativeWork",
                    "url": "https://news.example.com/articles/42",
                    "headline": "Learning to Coexist",
                    "inLanguage": "en",
                },
                "author": {"@type": "Person", "name": "Mayor"},
            },
            "datePublished": "2024-06-01",
        }
    ]


def test_only_approved_claims_with_a_verdict():
    """Drafts, claims in review or sent back, and approved claims without verdict are left out."""
    claims = (
        claim(TEXT, 0, 9, 1, status="draft"),
        claim(TEXT, 0, 9, 2, status="in_review"),
        claim(TEXT, 0, 9, 3, status="changes_requested"),
        claim(TEXT, 0, 9, 4, verdict=None),
        claim(TEXT, 0, 9, 5),
    )
    assert [review["url"] for review in export(document(TEXT, claims))] == [
        "https://factcheck.example.org/claims/5"
    ]


def test_unrated_verdict_has_only_its_label():
    """An unrated verdict carries alternateName and no rating numbers."""
    (review,) = export(document(TEXT, (claim(TEXT, 0, 9, verdict="unproven"),)))
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Unproven"}


def test_fallbacks_and_omissions():
    """No restatement: the quote is reviewed; no claimant, source URL or publication date:
    those parts are left out; no approval time: the last update dates the review."""
    bare = claim(TEXT, 15, 40, restatement="  ", claimant="", approved_at=None)
    doc = document(TEXT, (replace(bare, updated_at=datetime(2024, 7, 2, tzinfo=UTC)),))
    bare_doc = replace(doc, source_url="javascript:alert(1)", published_on=None, language="und")
    (review,) = export(bare_doc)
    assert review["claimReviewed"] == "taxes rose by 40% in 2023"
    assert review["itemReviewed"] == {"@type": "Claim"}
    assert review["datePublished"] == "2024-07-02"


def test_organization_without_url():
    """The newsroom without a URL is an Organization with just its name."""
    options = ExportOptions("https://fc.example/c/", "Newsroom", "", MOMENT)
    (review,) = export(document(TEXT, (claim(TEXT, 0, 9),)), options)
    assert review["author"] == {"@type": "Organization", "name": "Newsroom"}


def test_render_many_joins_documents():
    """Several documents give one list."""
    first = document(TEXT, (claim(TEXT, 0, 9, 1),))
    second = replace(document(TEXT, (claim(TEXT, 0, 9, 2),)), id=8)
    reviews = json.loads(claimreview.render_many([first, second], OPTIONS))
    assert [review["url"][-1] for review in reviews] == ["1", "2"]


@pytest.mark.parametrize("name", seed_names())
def test_seed_documents_use_schema_org_terms_only(name):
    """On the seeds, every key and type is schema.org; required fields are all there."""
    doc = seed_document(name)
    reviews = export(doc)
    approved = [c for c in doc.claims if c.status == "approved" and c.verdict is not None]
    assert len(reviews) == len(approved) > 0
    assert_schema_org(reviews)
    for review in reviews:
        assert review["claimReviewed"] and review["reviewRating"]["alternateName"]
        assert review["url"].startswith(OPTIONS.fact_check_base_url)


@settings(deadline=None)  # the machine is shared: no timing in tests
@given(documents())
def test_any_document_uses_schema_org_terms_only(doc):
    """Whatever the data, output keys are schema.org terms, dates ISO dates, and exactly the
    approved claims with a verdict are reviewed."""
    reviews = export(doc)
    assert_schema_org(reviews)
    published = [c for c in doc.claims if c.status == "approved" and c.verdict is not None]
    assert sorted(review["url"] for review in reviews) == sorted(
        f"{OPTIONS.fact_check_base_url}{c.id}" for c in published
    )


def test_output_is_safe_inside_a_script_element():
    """`<`, `>` and `&` from user text are JSON escapes, so pasting the output into
    `<script type="application/ld+json">` cannot close the element; the data is unchanged."""
    hostile = "</script><script>alert(1)</script> & co"
    doc = document(TEXT, (claim(TEXT, 0, 9, claimant=hostile, restatement=hostile),))
    output = claimreview.render(doc, OPTIONS)
    assert b"<" not in output and b">" not in output and b"&" not in output
    (review,) = json.loads(output)
    assert review["claimReviewed"] == hostile
    assert review["itemReviewed"]["author"]["name"] == hostile


@pytest.mark.parametrize(("code", "expected"), [("ar", "ar"), ("pt-BR", "pt-BR"), ("", None)])
def test_the_claim_carries_the_articles_language(code, expected):
    """inLanguage is the article's language tag, on the Claim and where it appeared."""
    (review,) = export(replace(document(TEXT, (claim(TEXT, 15, 40),)), language=code))
    assert review["itemReviewed"].get("inLanguage") == expected
    assert review["itemReviewed"]["appearance"].get("inLanguage") == expected
