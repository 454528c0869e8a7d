"""Annotated HTML export: self-contained, faithful to the text, every claim visible, all user
text escaped and notes sanitized."""

from __future__ import annotations

import re
from dataclasses import replace

import lxml.html
import pytest
from hypothesis import given, settings

from annotate.document_data import LinkData, VerdictData
from annotate.export import html as html_export
from annotate.text.layout import shown_span
from tests.annotate.export.factories import (
    OPTIONS,
    SCALE,
    claim,
    document,
    regions,
    seed_document,
    seed_names,
    source,
)
from tests.annotate.export.strategies import PRINTABLE, documents

TEXT = "The mayor said taxes rose by 40% in 2023. Nobody checked.\n\nThey fell."


def page(doc) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html_export.render(doc, OPTIONS))


def shown_quote(doc, claim_data) -> str:
    """The claim's text as shown: its edges off the whitespace outside the sentences, without
    the breaks between paragraphs (annotate.text.layout)."""
    first, last = shown_span(doc.text, doc.sentences, claim_data.start, claim_data.end)
    return "".join(doc.text[max(first, start) : min(last, end)] for start, end in regions(doc))


def footnote_order(doc) -> list:
    return sorted(doc.claims, key=lambda c: (c.start, -c.end, c.id))


def assert_faithful(doc) -> None:
    """Paragraph texts are the document's, each claim's highlighted pieces spell its quote,
    each claim has one marker and one footnote, and nothing can run or load."""
    root = page(doc)
    paragraphs = root.xpath("//article/p")
    shown = [(start, end) for start, end in regions(doc) if start < end]
    texts = []
    for paragraph in paragraphs:
        for marker in paragraph.xpath(".//sup"):
            marker.drop_tree()
        texts.append(paragraph.text_content())
    assert texts == [doc.text[start:end] for start, end in shown]
    root = page(doc)
    for number, claim_data in enumerate(footnote_order(doc), start=1):
        pieces = root.xpath(f"//article//span[contains(concat(' ', @class, ' '), ' c{number} ')]")
        assert "".join(piece.text_content() for piece in pieces) == shown_quote(doc, claim_data)
        assert len(root.xpath(f"//article//a[@href='#fn-{number}']")) == 1
        assert root.xpath(f"//li[@id='fn-{number}']")
    assert not root.xpath("//script | //link | //iframe | //img | //object | //embed")
    assert not root.xpath("//@*[starts-with(name(), 'on')]")
    for href in root.xpath("//@href"):
        assert re.match(r"#|https?://", href), href
    assert not root.xpath("//@src")


@pytest.mark.parametrize("name", seed_names())
def test_seed_documents(name):
    """Seeds with overlapping, nested and cross-paragraph claims render faithfully."""
    assert_faithful(seed_document(name))


@settings(deadline=None)  # the machine is shared: no timing in tests
@given(documents(alphabet=PRINTABLE))
def test_any_document(doc):
    """Whatever the text, claims and fields, the page is faithful and inert."""
    assert_faithful(doc)


def test_page_is_self_contained_and_printable():
    """One file: inline CSS with print rules, no scripts, no outside assets; lang and title
    come from the document."""
    output = html_export.render(document(TEXT, (claim(TEXT, 0, 9),), language="de"), OPTIONS)
    assert output.startswith(b"<!DOCTYPE html>")
    root = lxml.html.document_fromstring(output)
    assert root.get("lang") == "de"
    assert root.findtext(".//title") == "Learning to Coexist"
    style = root.findtext(".//style")
    assert "@media print" in style and "url(" not in style and "@import" not in style


def test_claim_markup_and_footnote():
    """A claim is a highlighted span in its verdict colour, then its marker; the footnote has
    quote, verdict, restatement, claimant, notes and linked sources."""
    doc = document(TEXT, (claim(TEXT, 15, 40, sources=(source(),)),))
    output = html_export.render(doc, OPTIONS).decode()
    assert (
        '<p>The mayor said <span class="claim c1" style="background-color: #c628282e; '
        'box-shadow: inset 0 -3px 0 #c62828">taxes rose by 40% in 2023</span>'
        '<sup class="ref"><a id="ref-1" href="#fn-1">[1]</a></sup>. Nobody checked.</p>'
    ) in output
    footnote = lxml.html.document_fromstring(output).xpath("//li[@id='fn-1']")[0]
    assert footnote.get("style") == "--c: #c62828"
    assert footnote.findtext("p[@class='quote']").startswith("“taxes rose by 40% in 2023”")
    assert footnote.xpath("string(.//span[@class='verdict'])") == "False"
    assert "Restatement 1" in footnote.text_content()
    assert "A. Politician" in footnote.text_content()
    assert footnote.xpath("string(.//div[@class='notes'])") == "Notes for claim 1."
    (link,) = footnote.xpath(".//ul[@class='sources']//a[text()='Annual report']")
    assert link.get("href") == "https://stats.example.org/report"
    assert link.get("rel") == "noopener noreferrer"


def test_overlapping_claims_stack_their_stripes():
    """Where two claims overlap, the run carries both classes and both colour stripes."""
    doc = document(TEXT, (claim(TEXT, 4, 20, 1), claim(TEXT, 15, 32, 2, verdict="true")))
    root = page(doc)
    (both,) = root.xpath("//span[@class='claim c1 c2']")
    assert both.text == "taxes"
    assert both.get("style") == (
        "background-color: #2e7d322e; box-shadow: inset 0 -3px 0 #2e7d32, inset 0 -6px 0 #c62828"
    )
    markers = [a.text for a in root.xpath("//article//sup/a")]
    assert markers == ["[1]", "[2]"]


def test_claim_across_a_paragraph_break():
    """A claim spanning two paragraphs is highlighted in both, marker after its last word."""
    doc = document(TEXT, (claim(TEXT, 49, 63),))
    root = page(doc)
    pieces = [span.text for span in root.xpath("//span[contains(@class, 'c1')]")]
    assert pieces == ["checked.", "They"]
    assert root.xpath("//article/p[2]/sup/a/@href") == ["#fn-1"]


def test_hostile_text_is_escaped():
    """Markup in every user field shows as text; nothing becomes an element or attribute."""
    evil = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    text = f"Claim {evil} here."
    doc = document(
        text,
        (
            claim(
                text,
                0,
                len(text),
                restatement=evil,
                claimant=evil,
                approved_by=evil,
                sources=(source(title=evil, publisher=evil),),
            ),
        ),
        title=evil,
        byline=evil,
        language='en" onload="alert(3)',
        team=replace(document(text).team, name=evil),
        scale=(replace(SCALE[2], label=evil),),
    )
    output = html_export.render(doc, OPTIONS).decode()
    root = lxml.html.document_fromstring(output)
    assert not root.xpath("//script | //img | //@onerror | //@onload")
    assert root.findtext(".//title") == evil
    assert root.get("lang") == 'en" onload="alert(3)'
    assert evil in root.xpath("string(//article)")


def test_notes_are_sanitized_again():
    """Notes pass the sanitizer again on export: scripts, handlers and bad links go."""
    notes = '<p onclick="x()">Read <a href="javascript:y()">this</a></p><script>z()</script>'
    root = page(document(TEXT, (claim(TEXT, 0, 9, notes_html=notes),)))
    (box,) = root.xpath("//div[@class='notes']")
    assert lxml.html.tostring(box, encoding="unicode") == (
        '<div class="notes"><p>Read <a rel="nofollow noopener noreferrer">this</a></p></div>\n'
    )


def test_only_http_links_and_safe_colours():
    """Non-http(s) URLs are shown as text, never linked; a colour that is not #rrggbb
    becomes neutral grey instead of reaching the style attribute."""
    bad_colour = VerdictData("false", "False", "red;background:url(//evil)", 0, 1, 5, 1)
    doc = document(
        TEXT,
        (claim(TEXT, 0, 9, sources=(source("javascript:alert(1)", title="Evil"),)),),
        source_url="data:text/html,x",
        scale=(bad_colour,),
    )
    root = page(doc)
    assert root.xpath("//span[@class='claim c1']/@style") == [
        "background-color: #9e9e9e2e; box-shadow: inset 0 -3px 0 #9e9e9e"
    ]
    assert not root.xpath("//a[text()='Evil']")
    assert "Evil" in root.xpath("string(//ul[@class='sources'])")
    assert all(re.match(r"#|https?://", href) for href in root.xpath("//@href"))


def test_document_without_claims_or_sentences():
    """No sentences: the whole text is one paragraph; no claims: no footnotes."""
    doc = replace(document(TEXT), sentences=())
    root = page(doc)
    assert [p.text_content() for p in root.xpath("//article/p")] == [TEXT]
    assert not root.xpath("//section[@class='footnotes']")


def test_dates_read_as_dates_with_the_machine_form_in_datetime():
    root = page(document(TEXT))
    published, generated = root.xpath("//header//time")[0], root.xpath("//footer/time")[0]
    assert published.text == "1 May 2024" and published.get("datetime") == "2024-05-01"
    assert generated.text == "6 May 2024, 07:08 UTC"
    assert generated.get("datetime") == "2024-05-06T07:08:09Z"


# --- The article's own links, and right-to-left pages ------------------------------------------


def link_on(text: str, part: str, url: str, origin: str = "body") -> LinkData:
    start = text.index(part)
    return LinkData(start, start + len(part), url, origin)


def test_the_articles_links_stay_links_over_their_text():
    links = (link_on(TEXT, "Nobody checked", "https://audit.example/report"),)
    output = html_export.render(document(TEXT, links=links), OPTIONS).decode()
    assert (
        '<a class="cited" href="https://audit.example/report" rel="nofollow noopener">'
        "Nobody checked</a>."
    ) in output


def test_a_link_across_a_claims_edge_is_drawn_on_both_sides():
    """Claims and links overlap freely: the link is split at the claim's edge, text intact."""
    links = (link_on(TEXT, "said taxes rose", "https://stats.example/taxes"),)
    doc = document(TEXT, (claim(TEXT, 15, 40),), links=links)
    tree = page(doc)
    anchors = tree.xpath('//article//a[@class="cited"]')
    assert [a.text_content() for a in anchors] == ["said ", "taxes rose"]
    assert {a.get("href") for a in anchors} == {"https://stats.example/taxes"}
    paragraph = tree.xpath("//article/p")[0].text_content()
    assert paragraph.startswith("The mayor said taxes rose by 40% in 2023[1]. Nobody checked.")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "/relative"])
def test_links_that_are_not_web_links_are_left_as_text(url):
    links = (link_on(TEXT, "Nobody checked", url),)
    tree = page(document(TEXT, links=links))
    assert tree.xpath('//article//a[@class="cited"]') == []
    assert "Nobody checked" in tree.xpath("//article/p")[0].text_content()


def test_an_arabic_article_is_written_right_to_left():
    text = "قال رئيس البلدية إن الضرائب ارتفعت بنسبة 40 في المئة. لم يتحقق أحد."
    tree = page(document(text, language="ar"))
    assert (tree.get("lang"), tree.get("dir")) == ("ar", "rtl")
    assert page(document(TEXT)).get("dir") == "ltr"
