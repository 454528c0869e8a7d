"""Each fixture page and file arrives whole: text, links, headline, dates, byline, language.

The fixtures (``tests/data/ingest`` and ``fixtures.py``) each reproduce a loss seen on
real inputs; the answer keys say what a fact-checker should get.
"""

from __future__ import annotations

import pytest

from annotate.ingest import detect
from annotate.ingest.article import stored_text
from tests.annotate.ingest import fixtures

ALL = fixtures.html_fixtures() + fixtures.markdown_fixtures() + fixtures.word_fixtures()


@pytest.fixture(scope="module")
def articles():
    return {f.name: detect.read_article(f.filename, f.data) for f in ALL}


@pytest.mark.parametrize("fixture", ALL, ids=lambda f: f.name)
def test_text_is_the_article_and_nothing_else(fixture: fixtures.Fixture, articles) -> None:
    article = articles[fixture.name]
    assert article.paragraphs == fixture.paragraphs
    text = "\n\n".join(article.paragraphs).casefold()
    assert [phrase for phrase in fixture.boilerplate if phrase.casefold() in text] == []


@pytest.mark.parametrize("fixture", ALL, ids=lambda f: f.name)
def test_metadata_is_the_article_s_own(fixture: fixtures.Fixture, articles) -> None:
    article = articles[fixture.name]
    assert (article.title, article.byline, article.language) == (
        fixture.title,
        fixture.byline,
        fixture.language,
    )
    assert (article.published, article.modified) == (fixture.published, fixture.modified)
    assert bool(article.warnings) is fixture.warning


@pytest.mark.parametrize("fixture", ALL, ids=lambda f: f.name)
def test_links_keep_their_text_span_and_url(fixture: fixtures.Fixture, articles) -> None:
    text, links = stored_text(articles[fixture.name])
    assert [(text[link.start : link.end], link.url) for link in links] == fixture.links


def test_links_in_notes_are_marked_as_footnote_links(articles) -> None:
    for name, note_url in (
        ("longread-footnotes", "https://county.example/minutes/2019-06-18.pdf"),
        ("notes-and-extensions", "https://harbour.example/letters/operator-2024.pdf"),
        ("word-article", "https://harbour.example/letters/operator-2024.pdf"),
        ("word-strict", "https://harbour.example/letters/operator-2024.pdf"),
    ):
        origins = {link.url: link.origin for link in articles[name].links}
        assert origins[note_url] == "footnote", name
        assert set(origins.values()) == {"body", "footnote"}, name


def test_stored_text_is_what_the_import_stores(articles) -> None:
    """Links do not change the stored text: it is normalize_paragraphs of the paragraphs."""
    from annotate.text.normalize import normalize_paragraphs

    for article in articles.values():
        assert stored_text(article)[0] == normalize_paragraphs(article.paragraphs)
