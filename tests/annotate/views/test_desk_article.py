"""The desk and the annotated HTML export draw the same highlights from the same claims.

Before issue 11 they had two layout engines (text/layout.py and export/layout.py): the export
highlighted the space between two sentences of one claim and a claim edge in that space, the
desk did not, so the published page differed from what the checker saw.
"""

from __future__ import annotations

import re

import lxml.html
from hypothesis import given, settings

from annotate.export import html as html_export
from annotate.export.footnotes import numbered_claims
from annotate.text.anchor import Utf16Index
from annotate.text.layout import layout
from annotate.views.desk_article import article_html, claim_look
from tests.annotate.export.factories import OPTIONS, claim, document
from tests.annotate.export.strategies import PRINTABLE, documents

TEXT = "Kim met Trump. The summit failed.  Aides wept.\n\nTalks resumed. Nobody knows why."


def highlights(chars: list[tuple[str, frozenset[int]]]) -> list[tuple[str, frozenset[int]]]:
    """Runs of shown text under the same claims (what a reader sees highlighted, and by what)."""
    result: list[tuple[str, frozenset[int]]] = []
    for char, ids in chars:
        if result and result[-1][1] == ids:
            result[-1] = (result[-1][0] + char, ids)
        else:
            result.append((char, ids))
    return result


def _characters(element, claims_of) -> list[tuple[str, frozenset[int]]]:
    chars: list[tuple[str, frozenset[int]]] = []

    def walk(node, ids: frozenset[int]) -> None:
        ids = claims_of(node) if claims_of(node) is not None else ids
        for char in node.text or "":
            chars.append((char, ids))
        for child in node:
            if child.tag != "sup" and "pgap" not in child.get("class", "").split():
                walk(child, ids)
            for char in child.tail or "":
                chars.append((char, ids))

    for paragraph in element:
        walk(paragraph, frozenset())
    return chars


def desk_highlights(doc) -> list[tuple[str, frozenset[int]]]:
    paragraphs = layout(doc.text, doc.sentences, doc.claims)
    colours = {c.id: claim_look(None, "draft") for c in doc.claims}
    markup = article_html(doc.text, paragraphs, colours, Utf16Index(doc.text))
    root = lxml.html.fragment_fromstring(f"<article>{markup}</article>")

    def claims_of(node):
        if "hl" in node.get("class", "").split():
            return frozenset(int(i) for i in node.get("data-claims").split())
        return None

    return highlights(_characters(root, claims_of))


def export_highlights(doc) -> list[tuple[str, frozenset[int]]]:
    page = lxml.html.document_fromstring(html_export.render(doc, OPTIONS))
    [article] = page.xpath("//article")
    ids = {number: c.id for number, c in enumerate(numbered_claims(doc), start=1)}

    def claims_of(node):
        classes = node.get("class", "").split()
        if node.tag == "span" and "claim" in classes:
            return frozenset(ids[int(m[1:])] for m in classes if re.fullmatch(r"c\d+", m))
        return None

    return highlights(_characters(article, claims_of))


def test_edges_in_spaces_and_claims_across_sentences_look_the_same_both_ways():
    """A claim over two sentences (the space between highlighted), one starting in the double
    space, one ending in the paragraph break, nested and overlapping ones."""
    claims = (
        claim(TEXT, TEXT.index("met"), TEXT.index("failed") + 6, 1),
        claim(TEXT, TEXT.index("  Aides"), TEXT.index("wept.") + 5, 2),
        claim(TEXT, TEXT.index("Aides"), TEXT.index("Talks") - 1, 3),
        claim(TEXT, 0, 3, 4),
        claim(TEXT, TEXT.index("summit"), TEXT.index("resumed") + 7, 5),
    )
    doc = document(TEXT, claims)
    desk = desk_highlights(doc)
    assert desk == export_highlights(doc)
    marked = {text: ids for text, ids in desk if ids}
    assert marked["Kim"] == {4}
    assert marked["met Trump. The "] == {1}  # the space between the sentences too
    assert marked["Aides wept."] == {2, 3, 5}  # not the double space before it
    assert marked["Talks resumed"] == {5}


@settings(deadline=None, max_examples=60)  # the machine is shared: no timing in tests
@given(documents(alphabet=PRINTABLE))
def test_any_claims_look_the_same_on_the_desk_and_in_the_export(doc):
    assert desk_highlights(doc) == export_highlights(doc)
