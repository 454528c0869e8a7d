"""Markdown export: claims in bold with footnote references, footnotes, and user text that
renders literally (no links, HTML, emphasis or blocks of its own)."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from markdown_it import MarkdownIt

from annotate.export import markdown
from tests.annotate.export.factories import (
    OPTIONS,
    claim,
    document,
    regions,
    seed_document,
    seed_names,
    source,
)
from tests.annotate.export.strategies import HOSTILE, PRINTABLE, documents

TEXT = "The mayor said taxes rose by 40% in 2023. Nobody checked.\n\nThey fell."
# CommonMark (raw HTML allowed, as most renderers do) plus GFM tables and strikethrough.
RENDERER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
# pre/code: footnote continuations are indented code to a renderer without footnotes.
ALLOWED_TAGS = {"h1", "p", "strong", "br", "hr", "ul", "li", "a", "pre", "code"}
MARKER = re.compile(r"\[\^\d+\]")


def rendered(doc) -> str:
    return RENDERER.render(markdown.render(doc, OPTIONS).decode())


def article_html(doc) -> str:
    """The rendered article: between the header and the footnotes."""
    source_text = markdown.render(doc, OPTIONS).decode()
    article = source_text.split("\n---\n\n")[0]
    return RENDERER.render(article)


def plain(fragment: str) -> str:
    """The text of rendered HTML, references left out, whitespace folded."""
    text = re.sub(r"<[^>]+>", "", re.sub(r"<br />", " ", MARKER.sub("", fragment)))
    return " ".join(html.unescape(text).split())


def assert_inert(output: str) -> None:
    """Only our own tags, and links only to http(s) URLs."""
    assert set(re.findall(r"<(\w+)", output)) <= ALLOWED_TAGS, output
    for href in re.findall(r'href="([^"]*)"', output):
        assert re.match(r"https?://", html.unescape(href)), href


def assert_literal_article(doc) -> None:
    """Each paragraph renders as exactly its text (whitespace aside), with markers."""
    rendered_article = article_html(doc)
    assert_inert(rendered_article)
    paragraphs = re.findall(r"<p>(.*?)</p>", rendered_article, re.DOTALL)[-len(regions(doc)) :]
    shown = [doc.text[start:end] for start, end in regions(doc) if start < end]
    texts = [plain(paragraph) for paragraph in paragraphs]
    assert texts == [" ".join(text.split()) for text in shown]


@pytest.mark.parametrize(
    ("text", "line_start", "escaped"),
    [
        ("# Not a heading", True, "\\# Not a heading"),
        ("# mid-line", False, "# mid-line"),
        ("1. not a list", True, "1\\. not a list"),
        ("2) nor this", True, "2\\) nor this"),
        ("- nor this", True, "\\- nor this"),
        ("+ nor this", True, "\\+ nor this"),
        ("> nor a quote", True, "\\> nor a quote"),
        ("===", True, "\\==="),
        ("*em* _em_ `code`", False, "\\*em\\* \\_em\\_ \\`code\\`"),
        ("[a](javascript:x)", False, "\\[a\\]\\(javascript:x\\)"),
        ("<b>&amp;</b>", False, "\\<b\\>\\&amp;\\</b\\>"),
        ("a | b ~~c~~", False, "a \\| b \\~\\~c\\~\\~"),
        ("back\\slash", False, "back\\\\slash"),
        ("Wow!", False, "Wow\\!"),
        ("one\ntwo\n\n# three", False, "one\\\ntwo\\\n\\# three"),
        ("a\n    indented", False, "a\\\nindented"),
    ],
)
def test_escape(text, line_start, escaped):
    """Markdown syntax in user text is backslash-escaped; line breaks are hard breaks."""
    assert markdown.escape(text, line_start) == escaped


@pytest.mark.parametrize("hostile", HOSTILE)
def test_escaped_text_renders_literally(hostile):
    """Every hostile snippet renders back as itself."""
    output = RENDERER.render(markdown.escape(hostile, line_start=True))
    assert_inert(output)
    assert plain(output) == " ".join(hostile.split())


def test_claim_markup_and_footnote():
    """A claim is bold with a reference; its footnote has verdict, restatement, quote,
    claimant, status, notes and linked sources, indented as one footnote."""
    doc = document(TEXT, (claim(TEXT, 15, 40, sources=(source(),)),))
    output = markdown.render(doc, OPTIONS).decode()
    assert "The mayor said **taxes rose by 40% in 2023**[^1]. Nobody checked.\n\n" in output
    assert output.endswith(
        "---\n\n"
        "[^1]: Verdict: **False** — Restatement 1\\\n"
        "    Quote: “taxes rose by 40% in 2023” · Claimant: A. Politician · Status: approved\n"
        "\n"
        "    Notes for claim 1.\n"
        "\n"
        "    Sources:\n"
        "\n"
        "    - [Annual report](<https://stats.example.org/report>) — Statistics Office,"
        " 2023-01-02,"
        " [archived copy](<https://web.archive.org/web/2024/https://stats.example.org/report>)"
        " (refutes)\n\n"
    )


def test_header():
    """Title heading, byline, publication date, source autolink and the team."""
    output = markdown.render(document(TEXT), OPTIONS).decode()
    assert output.startswith(
        "# Learning to Coexist\n\nBy Jane Doe\n\n"
        "Published 2024-05-01 · Source: <https://news.example.com/articles/42>"
        " · Fact-checked by The Daily Check\n\n"
    )


def test_overlapping_claims_share_one_bold_stretch():
    """Overlapping claims: one bold stretch, a reference after each claim's end."""
    doc = document(TEXT, (claim(TEXT, 4, 20, 1), claim(TEXT, 15, 32, 2)))
    output = markdown.render(doc, OPTIONS).decode()
    assert "The **mayor said taxes[^1] rose by 40%**[^2] in 2023." in output


def test_whitespace_at_claim_edges_stays_outside_the_stars():
    """`** x**` would not be bold, so blanks at the edges move out of the stars."""
    doc = document(TEXT, (claim(TEXT, 9, 21),))
    output = markdown.render(doc, OPTIONS).decode()
    assert "The mayor **said taxes**[^1] rose" in output


def test_claim_across_a_paragraph_break():
    """A claim across a paragraph break is bold on both sides, its reference after the end."""
    doc = document(TEXT, (claim(TEXT, 49, 63),))
    output = markdown.render(doc, OPTIONS).decode()
    assert "Nobody **checked.**\n\n**They**[^1] fell." in output


def test_text_after_a_marker_cannot_make_it_a_link():
    """`[^1](javascript:...)` would be a link: the parenthesis after a claim is escaped."""
    text = "Claim(javascript:alert(1)) end"
    output = markdown.render(document(text, (claim(text, 0, 5),)), OPTIONS).decode()
    assert "**Claim**[^1]\\(javascript:alert\\(1\\)\\) end" in output
    assert_inert(RENDERER.render(output))


def test_bang_before_a_marker_cannot_make_an_image():
    """`![^1]` would be an image: a `!` right before a reference is escaped."""
    text = "Wow! Great."
    doc = document(text, (claim(text, 0, 4, 1), claim(text, 0, 10, 2)))
    output = markdown.render(doc, OPTIONS).decode()
    assert "**Wow\\![^2] Great**[^1]." in output


def test_notes_become_markdown_text():
    """Sanitized notes: paragraphs, list items, http(s) links; the rest is text."""
    notes = (
        "<p>Read <a href='https://x.org/a b'>this [report]</a> and "
        "<a href='javascript:y()'>that</a>.</p><ul><li>- one</li><li>two<br>lines</li></ul>"
        "<script>alert(1)</script><p># not a heading</p>"
    )
    assert markdown.notes_markdown(notes) == (
        "Read [this \\[report\\]](<https://x.org/a%20b>) and that.\n\n"
        "- \\- one\n\n"
        "- two\\\nlines\n\n"
        "\\# not a heading"
    )


@pytest.mark.parametrize("name", seed_names())
def test_seed_documents(name):
    """Seed articles render literally, with one reference and one footnote per claim."""
    doc = seed_document(name)
    assert_literal_article(doc)
    output = markdown.render(doc, OPTIONS).decode()
    for number in range(1, len(doc.claims) + 1):
        assert output.count(f"[^{number}]") == 2
        assert f"\n[^{number}]: " in output


@settings(deadline=None)  # the machine is shared: no timing in tests
@given(documents(alphabet=PRINTABLE))
def test_any_document_renders_literally(doc):
    """Whatever the text and fields, the article renders as its text and nothing in the
    whole file becomes HTML, an image or a link to anything but http(s)."""
    assert_literal_article(doc)
    assert_inert(rendered(doc))
