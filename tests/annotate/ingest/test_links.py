"""Tests for annotate.ingest.links and article.stored_text: link spans into stored text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotate.ingest.article import Article, Link, StoredLink, stored_text
from annotate.ingest.links import ParagraphBuilder, assemble, web_url
from annotate.text.normalize import normalize_paragraphs
from tests.annotate.text.strategies import texts


@pytest.mark.parametrize(
    ("href", "base", "expected"),
    [
        ("https://a.example/x", "", "https://a.example/x"),
        ("  http://a.example/\n\tx ", "", "http://a.example/x"),
        ("/local", "https://site.example/news/1", "https://site.example/local"),
        ("../up", "https://site.example/news/1/", "https://site.example/news/up"),
        ("/local", "", ""),
        ("mailto:desk@a.example", "https://site.example/", ""),
        ("javascript:alert(1)", "https://site.example/", ""),
        ("JaVaScRiPt:alert(1)", "", ""),
        ("data:text/html,<script>", "", ""),
        ("ftp://files.example/a", "", ""),
        ("https://", "", ""),
        ("http://a.example:99999/", "", ""),
        ("https://" + "a" * 5000, "", ""),
        (None, "", ""),
    ],
)
def test_web_url_keeps_absolute_http_links_only(href, base: str, expected: str) -> None:
    assert web_url(href, base) == expected


def test_builder_maps_links_through_whitespace_and_controls() -> None:
    builder = ParagraphBuilder()
    builder.text("  See\n the ")
    builder.open_link("https://a.example/r")
    builder.text("budget \x00report ")
    builder.close_link()
    builder.open_link("")  # Not a web link: its text stays, no link.
    builder.text("here")
    builder.close_link()
    builder.open_link("https://b.example/")
    builder.text(" \t ")  # A link around nothing but space is no link.
    builder.close_link()
    block = builder.build()
    assert block.text == "See the budget report here"
    assert [(block.text[s.start : s.end], s.url) for s in block.links] == [
        ("budget report", "https://a.example/r")
    ]


def test_assemble_drops_empty_blocks_and_numbers_paragraphs() -> None:
    first, empty, second = ParagraphBuilder(), ParagraphBuilder(), ParagraphBuilder()
    first.text("One")
    empty.text(" \n ")
    second.open_link("https://a.example/")
    second.text("Two")
    paragraphs, links = assemble([first.build(), empty.build(), second.build()])
    assert paragraphs == ["One", "Two"]
    assert links == [Link(1, 0, 3, "https://a.example/")]


def test_stored_text_offsets_skip_empty_paragraphs_and_separators() -> None:
    article = Article(
        title="t",
        paragraphs=["\x00", "Caf\u0065\u0301 \U0001f600", "see  the report"],
        links=[
            Link(1, 0, 5, "https://a.example/"),
            Link(2, 5, 15, "https://b.example/", "footnote"),
        ],
    )
    text, links = stored_text(article)
    assert text == "Café \U0001f600\n\nsee the report"
    assert links == [
        StoredLink(0, 4, "https://a.example/"),
        StoredLink(12, 22, "https://b.example/", "footnote"),
    ]
    assert [text[k.start : k.end] for k in links] == ["Café", "the report"]


@given(st.lists(texts, max_size=5), st.data())
def test_stored_text_is_normalize_paragraphs_and_links_stay_inside(paragraphs, data) -> None:
    links = []
    for index, paragraph in enumerate(paragraphs):
        if paragraph:
            start = data.draw(st.integers(0, len(paragraph) - 1))
            end = data.draw(st.integers(start + 1, len(paragraph)))
            links.append(Link(index, start, end, "https://a.example/"))
    text, stored = stored_text(Article(title="t", paragraphs=paragraphs, links=links))
    assert text == normalize_paragraphs(paragraphs)
    for link in stored:
        piece = text[link.start : link.end]
        assert piece and piece == piece.strip() and "\n" not in piece
