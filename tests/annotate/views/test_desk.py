"""The desk page and marking claims: highlights, list, chart, UTF-16 offsets, query counts."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from annotate.models import Claim, Verdict
from annotate.services.claims import claim_create, claim_update
from annotate.text.anchor import codepoint_to_utf16
from annotate.views.desk import BadInput, utf16_span
from tests.factories import make_document, sentences_text

HTMX = {"HTTP_HX_REQUEST": "true"}


def desk_url(document) -> str:
    return reverse("annotate:document-detail", args=[document.pk])


def create_url(document) -> str:
    return reverse("annotate:desk-claim-create", args=[document.pk])


def mark(client, document, start: int, end: int, quote: str | None = None, **extra):
    """POST a mark as the browser does: UTF-16 offsets and the quote."""
    text = document.text
    data = {
        "start": codepoint_to_utf16(text, start),
        "end": codepoint_to_utf16(text, end),
        "quote": text[start:end] if quote is None else quote,
    }
    return client.post(create_url(document), data, **extra)


# ---------------------------------------------------------------- UTF-16 at the edge

MIXED = "Café ☕ 🎉 said «مرحبا» and 你好 to q\u0301 👩‍👩‍👧 done."


@pytest.mark.parametrize(
    ("quote", "why"),
    [
        ("🎉", "an astral emoji is two UTF-16 units"),
        ("q\u0301", "a combining accent is one code point per mark"),
        ("你好", "CJK characters are one unit each"),
        ("مرحبا", "right-to-left text keeps logical order"),
        ("👩‍👩‍👧", "a ZWJ family is several astral code points"),
        ("Café ☕ 🎉 said «مرحبا» and 你好 to q\u0301 👩‍👩‍👧 done.", "the whole text"),
    ],
)
def test_utf16_offsets_become_code_points(quote, why):
    """UTF-16 offsets from the browser map back to the code points of the same text."""
    start = MIXED.index(quote)
    end = start + len(quote)
    u16_start = len(MIXED[:start].encode("utf-16-le")) // 2
    u16_end = len(MIXED[:end].encode("utf-16-le")) // 2
    assert utf16_span(MIXED, str(u16_start), str(u16_end)) == (start, end), why


def test_an_offset_inside_a_surrogate_pair_is_refused():
    """An offset splitting an emoji's surrogate pair gets a clear message."""
    u16 = len(MIXED[: MIXED.index("🎉")].encode("utf-16-le")) // 2
    with pytest.raises(BadInput) as error:
        utf16_span(MIXED, str(u16 + 1), str(u16 + 2))
    start = MIXED.index("🎉")
    assert str(error.value) == (
        f"UTF-16 offset {u16 + 1} falls inside a surrogate pair (the character at code point "
        f"{start})."
    )


def test_offsets_that_are_not_numbers_are_refused():
    with pytest.raises(BadInput) as error:
        utf16_span(MIXED, "3", "x")
    assert str(error.value) == "The selection's offsets must be whole numbers."


# ---------------------------------------------------------------- the page


@pytest.mark.django_db
def test_desk_shows_sentences_highlights_list_and_chart(client_for, checker, document):
    """Claims are highlighted in their verdict colour, listed in reading order and counted."""
    true = Verdict.objects.get(team=checker.team, key="true")
    late = claim_create(
        membership=checker, document=document, start=35, end=52, quote="Critics disagree."
    )
    early = claim_create(
        membership=checker, document=document, start=0, end=8, quote="The U.S.", verdict=true
    )
    outer = claim_create(
        membership=checker, document=document, start=0, end=34, quote=document.text[:34]
    )
    body = client_for(checker).get(desk_url(document)).content.decode()
    # Overlapping claims: the outer one first, then the inner one. The inner one's verdict and
    # status classes, the outer one's band; no inline styles (the CSP forbids them).
    look = f"v-{true.pk} st-draft o1-vnone multi"
    assert f'class="piece hl {look}" data-leaf' in body
    assert f'data-claims="{outer.pk} {early.pk}"' in body
    assert "style=" not in body
    # Reading order: by start, the longer (outer) claim first.
    assert body.index(f'id="cl-{outer.pk}"') < body.index(f'id="cl-{early.pk}"')
    assert body.index(f'id="cl-{early.pk}"') < body.index(f'id="cl-{late.pk}"')
    assert 'data-verdict="true" data-count="1"' in body
    assert 'data-verdict="none" data-count="2"' in body
    assert 'id="mark-form"' in body
    assert "annotate/desk.js" in body


@pytest.mark.django_db
def test_desk_text_between_sentences_is_the_document_text(client_for, checker, document):
    """Gaps between sentences and paragraphs are rendered as they are (quotes stay exact)."""
    body = client_for(checker).get(desk_url(document)).content.decode()
    assert "in 2019.</span> <span" in body
    assert '<span class="pgap">\n\n</span></p><p class="para" id="p1"' in body


@pytest.mark.django_db
def test_desk_carries_utf16_starts_for_the_browser(client_for, checker, team):
    """Each sentence carries code-point and UTF-16 offsets, which differ after an emoji."""
    document = make_document(team, "Party 🎉 time. 你好 world.")
    body = client_for(checker).get(desk_url(document)).content.decode()
    assert 'data-u16="15" data-u16e="24" data-claims="" data-leaf data-index="1" ' in body
    assert 'data-start="14" data-end="23">你好 world.</span>' in body


@pytest.mark.django_db
def test_desk_opens_a_claim_from_the_query_string(client_for, checker, document):
    claim = claim_create(membership=checker, document=document, start=0, end=8, quote="The U.S.")
    body = client_for(checker).get(desk_url(document) + f"?claim={claim.pk}").content.decode()
    assert f'id="editor" class="editor" aria-label="Claim editor" data-claim="{claim.pk}"' in body
    assert 'id="claim-form"' in body


@pytest.mark.django_db
def test_a_claim_of_another_document_redirects_to_its_own(client_for, checker, document, team):
    other = make_document(team, "Another story here.")
    claim = claim_create(membership=checker, document=other, start=0, end=7, quote="Another")
    response = client_for(checker).get(desk_url(document) + f"?claim={claim.pk}")
    assert response.status_code == 302
    assert response["Location"] == desk_url(other) + f"?claim={claim.pk}"


def _fill(membership, n_sentences: int, n_claims: int):
    document = make_document(membership.team, sentences_text(n_sentences))
    verdicts = list(Verdict.objects.filter(team=membership.team))
    sentences = list(document.sentences.order_by("index"))
    step = max(1, len(sentences) // n_claims)
    for i, sentence in enumerate(sentences[::step][:n_claims]):
        claim = claim_create(
            membership=membership,
            document=document,
            start=sentence.start,
            end=sentence.end,
            quote=document.text[sentence.start : sentence.end],
        )
        claim_update(
            membership=membership, claim=claim, version=1, verdict=verdicts[i % len(verdicts)]
        )
    return document


@pytest.mark.django_db
@pytest.mark.parametrize(("n_sentences", "n_claims"), [(10, 3), (600, 60)])
def test_desk_query_count_does_not_grow(
    client_for, checker, django_assert_num_queries, n_sentences, n_claims
):
    document = _fill(checker, n_sentences, n_claims)
    client = client_for(checker)
    # session, user, memberships, document, claims (+verdict, author), sentences, verdicts,
    # the article's links, the document's assignment and the members to assign it to
    with django_assert_num_queries(10):
        response = client.get(desk_url(document))
    body = response.content.decode()
    assert body.count('class="sentence"') == n_sentences
    assert body.count('<li id="cl-') == n_claims


@pytest.mark.django_db
@pytest.mark.parametrize(("n_sentences", "n_claims"), [(10, 3), (300, 30)])
def test_desk_with_an_open_claim_query_count_does_not_grow(
    client_for, checker, django_assert_num_queries, n_sentences, n_claims
):
    document = _fill(checker, n_sentences, n_claims)
    claim = Claim.objects.filter(document=document).last()
    client = client_for(checker)
    # the page (8), the claim, its sources, reviews, comments, imported decisions, round
    # editors, members; the links near the claim (its sentences' bounds, the links); the review
    # panel's claim history, source history and verdict labels; the document's assignment and
    # the members to assign it to
    with django_assert_num_queries(22):
        client.get(desk_url(document) + f"?claim={claim.pk}")


# ---------------------------------------------------------------- marking


@pytest.mark.django_db
@pytest.mark.parametrize(
    "quote", ["🎉", "q\u0301", "你好", "مرحبا", "👩‍👩‍👧", "said «مرحبا» and 你好"]
)
def test_marking_converts_utf16_offsets_to_code_points(client_for, checker, team, quote):
    """The claim is stored at the code-point offsets of the quote the browser sent."""
    document = make_document(team, MIXED)
    start = document.text.index(quote)
    response = mark(client_for(checker), document, start, start + len(quote), **HTMX)
    assert response.status_code == 200
    claim = Claim.objects.get(document=document)
    assert (claim.start, claim.end, claim.quote) == (start, start + len(quote), quote)
    body = response.content.decode()
    assert f'data-claim="{claim.pk}"' in body
    assert "✓ Claim marked." in body
    # Out of band: the list, the chart and the paragraph with its new highlight.
    assert '<ol id="claim-list" class="claim-list" hx-swap-oob="true">' in body
    assert '<figure id="verdict-chart" class="verdict-chart" hx-swap-oob="true">' in body
    assert '<p class="para" id="p0" dir="auto" hx-swap-oob="true">' in body
    assert f'data-claims="{claim.pk}"' in body


@pytest.mark.django_db
def test_marking_across_paragraphs(client_for, checker, document):
    """A span across a paragraph break quotes the break and highlights both paragraphs."""
    start, end = document.text.index("Critics"), document.text.index(" on Monday")
    response = mark(client_for(checker), document, start, end, **HTMX)
    claim = Claim.objects.get()
    assert claim.quote == "Critics disagree.\n\nOfficials said so"
    body = response.content.decode()
    assert 'id="p0" dir="auto" hx-swap-oob="true"' in body
    assert 'id="p1" dir="auto" hx-swap-oob="true"' in body


@pytest.mark.django_db
def test_a_quote_that_does_not_match_is_refused(client_for, checker, document):
    """The server checks the quote against the offsets: a mismatch stores nothing."""
    response = mark(client_for(checker), document, 0, 8, quote="The USA.", **HTMX)
    assert response.status_code == 400
    assert response["HX-Retarget"] == "#desk-flash"
    assert (
        "Could not mark the claim: The quoted text does not match the document at 0\u20138."
        in response.content.decode()
    )
    assert not Claim.objects.exists()


@pytest.mark.django_db
def test_a_refused_mark_without_htmx_redirects_with_the_message(client_for, checker, document):
    client = client_for(checker)
    response = mark(client, document, 0, 8, quote="nope", follow=True)
    assert response.redirect_chain[-1][0] == desk_url(document)
    assert (
        "Could not mark the claim: The quoted text does not match the document at 0\u20138."
        in response.content.decode()
    )
    assert not Claim.objects.exists()


@pytest.mark.django_db
def test_marking_without_htmx_redirects_to_the_open_claim(client_for, checker, document):
    response = mark(client_for(checker), document, 0, 8)
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response["Location"] == desk_url(document) + f"?claim={claim.pk}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("a", "3", "The selection's offsets must be whole numbers."),
        ("5", "500", "UTF-16 offset 500 is outside the text (UTF-16 length 82)."),
        ("8", "8", "Offsets 8\u20138 select nothing: the start must be before the end."),
    ],
)
def test_bad_offsets_are_refused_with_a_message(client_for, checker, document, start, end, message):
    response = client_for(checker).post(
        create_url(document), {"start": start, "end": end, "quote": ""}, **HTMX
    )
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert not Claim.objects.exists()


@pytest.mark.django_db
def test_opening_a_claim_with_htmx_gives_the_editor(client_for, checker, document):
    claim = claim_create(membership=checker, document=document, start=0, end=8, quote="The U.S.")
    client = client_for(checker)
    url = reverse("annotate:desk-claim", args=[claim.pk])
    response = client.get(url, **HTMX)
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="editor"')
    assert 'name="version" id="claim-version" value="1"' in body
    plain = client.get(url)
    assert plain.status_code == 302
    assert plain["Location"] == desk_url(document) + f"?claim={claim.pk}"


# ---------------------------------------------------------------- the same span twice


@pytest.mark.django_db
def test_marking_a_span_that_has_a_claim_asks_first(client_for, checker, document):
    """No silent duplicate: a 409 with the question, a link to the claim and "mark another"."""
    client = client_for(checker)
    start, end = 0, document.text.index(".") + 1
    mark(client, document, start, end, **HTMX)
    first = Claim.objects.get()
    response = mark(client, document, start, end, **HTMX)
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#desk-flash"
    body = response.content.decode()
    assert "This span already has a claim: open it?" in body
    assert f'hx-get="/desk/claims/{first.pk}/"' in body
    assert 'name="again" value="1"' in body
    assert Claim.objects.count() == 1

    # Answered "mark another claim on it": a second claim on the same span.
    response = client.post(
        create_url(document),
        {"start": start, "end": end, "quote": document.text[start:end], "again": "1"},
        **HTMX,
    )
    assert response.status_code == 200
    assert Claim.objects.filter(start=start, end=end).count() == 2


@pytest.mark.django_db
def test_the_same_span_without_htmx_opens_the_claim_there(client_for, checker, document):
    client = client_for(checker)
    mark(client, document, 0, 4, **HTMX)
    first = Claim.objects.get()
    response = mark(client, document, 0, 4)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?claim={first.pk}")
    assert Claim.objects.count() == 1
