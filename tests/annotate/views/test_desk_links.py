"""The desk's side of the article's own links (annotate.views.desk_links): their list and marks,
the one-click sources a claim is offered, the page's direction (issue 13)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from annotate.document_data import LinkData
from annotate.models import Source
from annotate.services.claims import claim_create
from annotate.text.anchor import codepoint_to_utf16
from tests.factories import make_document, sentences_text

pytestmark = pytest.mark.django_db

TEXT = (
    "Emoji 🎉 first: the council cited its budget report yesterday, and Critics disagree.\n\n"
    "A later paragraph links the audit office. Nothing else."
)


def desk_url(document, claim=None) -> str:
    url = reverse("annotate:document-detail", args=[document.pk])
    return url + (f"?claim={claim.pk}" if claim else "")


def link(text: str, part: str, url: str, origin: str = "body") -> LinkData:
    start = text.index(part)
    return LinkData(start, start + len(part), url, origin)


@pytest.fixture
def linked(team, checker):
    links = [
        link(TEXT, "budget report", "https://council.example/budget.pdf"),
        link(TEXT, "Critics", "https://critics.example/", "footnote"),
        link(TEXT, "the audit office", "https://audit.example/"),
    ]
    return make_document(team, TEXT, links=links, created_by=checker.user)


def test_the_desk_lists_the_articles_links_with_utf16_offsets(client_for, checker, linked):
    body = client_for(checker).get(desk_url(linked)).content.decode()
    assert "Links in the article" in body and "annotate/desk-links.js" in body
    start = TEXT.index("budget report")
    u16, u16e = codepoint_to_utf16(TEXT, start), codepoint_to_utf16(TEXT, start + 13)
    assert u16 == start + 1, "the emoji before it is two UTF-16 units"
    assert f'data-u16="{u16}" data-u16e="{u16e}"' in body
    assert 'href="https://council.example/budget.pdf"' in body
    assert '<span class="origin">Footnote</span>' in body


def test_a_claim_is_offered_the_links_inside_and_next_to_it(client_for, checker, linked):
    start = TEXT.index("the council")
    end = TEXT.index(" yesterday")
    claim = claim_create(
        membership=checker, document=linked, start=start, end=end, quote=TEXT[start:end]
    )
    body = client_for(checker).get(desk_url(linked, claim)).content.decode()
    offers = body[body.index("data-claim-links") :]
    offers = offers[: offers.index("</div>")]
    urls = re.findall(r'name="url" value="([^"]+)"', offers)
    assert urls == ["https://council.example/budget.pdf", "https://critics.example/"]
    assert "in the claim" in offers and "next to it, footnote" in offers
    assert "audit.example" not in offers, "a link of another paragraph is not offered"


def test_one_click_adds_the_link_as_a_source_and_it_is_no_longer_offered(
    client_for, checker, linked
):
    start = TEXT.index("the council")
    claim = claim_create(
        membership=checker,
        document=linked,
        start=start,
        end=start + 40,
        quote=TEXT[start : start + 40],
    )
    client = client_for(checker)
    response = client.post(
        reverse("annotate:desk-source-add", args=[claim.pk]),
        {
            "version": claim.version,
            "url": "https://council.example/budget.pdf",
            "title": "budget report",
            "stance": "context",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    source = Source.objects.get(claim=claim)
    assert (source.url, source.title, source.stance) == (
        "https://council.example/budget.pdf",
        "budget report",
        "context",
    )
    offers = response.content.decode()
    assert 'name="url" value="https://council.example/budget.pdf"' not in offers
    assert 'name="url" value="https://critics.example/"' in offers


def test_viewers_see_the_links_but_are_offered_nothing(client_for, checker, viewer, linked):
    start = TEXT.index("the council")
    claim = claim_create(
        membership=checker,
        document=linked,
        start=start,
        end=start + 20,
        quote=TEXT[start : start + 20],
    )
    body = client_for(viewer).get(desk_url(linked, claim)).content.decode()
    assert "Links in the article" in body
    assert "data-claim-links" not in body


def test_a_document_without_links_shows_no_list(client_for, checker, document):
    body = client_for(checker).get(desk_url(document)).content.decode()
    assert "Links in the article" not in body


def test_an_arabic_article_is_right_to_left_on_the_desk(client_for, checker, team):
    arabic = make_document(team, "قال رئيس البلدية إن الضرائب ارتفعت. لم يتحقق أحد.", language="ar")
    body = client_for(checker).get(desk_url(arabic)).content.decode()
    assert 'lang="ar" dir="rtl"' in body
    assert 'dir="ltr"' in client_for(checker).get(desk_url(make_document(team))).content.decode()


@pytest.mark.parametrize("n_links", [2, 300])
def test_the_desk_query_count_does_not_grow_with_the_links(
    client_for, checker, team, django_assert_num_queries, n_links
):
    text = sentences_text(n_links)
    starts = [m.start() for m in re.finditer("says", text)][:n_links]
    links = [LinkData(s, s + 4, f"https://example.org/{i}", "body") for i, s in enumerate(starts)]
    document = make_document(team, text, links=links)
    claim = claim_create(
        membership=checker, document=document, start=0, end=10, quote=document.text[:10]
    )
    client = client_for(checker)
    # as for the desk with an open claim (tests/annotate/views/test_desk.py)
    with django_assert_num_queries(20):
        body = client.get(desk_url(document, claim)).content.decode()
    assert body.count('class="doc-link"') == n_links
