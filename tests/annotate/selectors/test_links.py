"""Reads of an article's links: in text order, and those offered to a claim (selectors.links)."""

from __future__ import annotations

import re

import pytest

from annotate.document_data import LinkData
from annotate.selectors.links import links_for_document, links_near_claim
from annotate.services.claims import claim_create
from tests.factories import make_document, sentences_text

pytestmark = pytest.mark.django_db

TEXT = "A report says one thing, an audit another. A third source elsewhere.\n\nLater paragraph."


def on(part: str, url: str) -> LinkData:
    start = TEXT.index(part)
    return LinkData(start, start + len(part), url, "body")


def test_a_claims_links_inside_come_first_then_those_of_its_sentences(team, checker):
    links = [
        on("report", "https://a.example/"),
        on("audit", "https://b.example/"),
        on("third source", "https://c.example/"),
    ]
    document = make_document(team, TEXT, links=links)
    start, end = TEXT.index("an audit"), TEXT.index(" another")
    claim = claim_create(
        membership=checker, document=document, start=start, end=end, quote=TEXT[start:end]
    )
    assert [(k.url, inside) for k, inside in links_near_claim(claim)] == [
        ("https://b.example/", True),
        ("https://a.example/", False),
    ]
    assert [k.url for k in links_for_document(document)] == [
        "https://a.example/",
        "https://b.example/",
        "https://c.example/",
    ]


@pytest.mark.parametrize("n", [5, 500])
def test_two_queries_whatever_the_number_of_links(team, checker, django_assert_num_queries, n):
    text = sentences_text(n)
    starts = [m.start() for m in re.finditer("says", text)]
    links = [LinkData(s, s + 4, f"https://example.org/{i}", "body") for i, s in enumerate(starts)]
    document = make_document(team, text, links=links)
    claim = claim_create(
        membership=checker, document=document, start=0, end=len(document.text), quote=document.text
    )
    with django_assert_num_queries(2):
        found = links_near_claim(claim)
    assert len(found) == n and all(inside for _link, inside in found)
