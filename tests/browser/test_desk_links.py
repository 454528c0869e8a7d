"""The article's own links on the desk, in a real browser: drawn over their text (CSS custom
highlights), shown from the side list, and one click from being a claim's source."""

from __future__ import annotations

import pytest

from annotate.document_data import LinkData
from annotate.models import Source
from annotate.services.claims import claim_create
from tests.factories import make_document

TEXT = (
    "Der Stadtrat hat den Haushalt beschlossen, wie die Beschlussvorlage der Verwaltung zeigt. "
    "Die Opposition kritisiert das.\n\nEin 🎉 Gutachten aus dem vergangenen Jahr schätzt 23 "
    "Millionen Euro."
)
LINKS = [
    ("Beschlussvorlage der Verwaltung", "https://www.stadt.example/haushalt.pdf"),
    ("Gutachten aus dem vergangenen Jahr", "https://www.stadt.example/gutachten"),
]


@pytest.mark.django_db(transaction=True)
def test_links_are_drawn_shown_and_added_as_sources(
    page, login, live_server, checker, team, output_dir
):
    links = [LinkData(TEXT.index(t), TEXT.index(t) + len(t), url, "body") for t, url in LINKS]
    document = make_document(team, TEXT, links=links, created_by=checker.user)
    end = TEXT.index(" zeigt")
    claim = claim_create(membership=checker, document=document, start=0, end=end, quote=TEXT[:end])
    login(page, checker)
    page.goto(f"{live_server.url}/documents/{document.pk}/?claim={claim.pk}")
    page.wait_for_selector("#doc-links")
    drawn = page.evaluate(
        """() => [...CSS.highlights.get("doc-link")].map((range) => range.toString())"""
    )
    assert drawn == [text for text, _url in LINKS], "each link over its exact text"

    page.click('#doc-links [data-link="1"] [data-link-show]')
    focused = page.evaluate(
        """() => [...CSS.highlights.get("doc-link-focus")].map((range) => range.toString())"""
    )
    assert focused == [LINKS[1][0]]
    page.screenshot(path=str(output_dir / "desk-links.png"))

    offer = page.locator("[data-claim-links] li")
    assert offer.count() == 1 and "Beschlussvorlage der Verwaltung" in offer.inner_text()
    offer.locator("[data-add-link]").click()
    page.wait_for_selector("#sources .saved")
    source = Source.objects.get(claim=claim)
    assert (source.url, source.title, source.stance) == (LINKS[0][1], LINKS[0][0], "context")
    assert page.locator("[data-claim-links]").count() == 0, "nothing left to offer"
    # The claim form still carries the claim's new version: saving it is not refused as stale.
    page.fill("#f-restatement", "Der Haushalt ist beschlossen.")
    page.click("#claim-form button[type=submit]")
    page.wait_for_selector("#editor > p.saved")
    assert page.locator("#editor > p.saved").inner_text() == "✓ Saved."
    claim.refresh_from_db()
    assert claim.restatement == "Der Haushalt ist beschlossen."
