"""Every main page and state as a person sees it, at 1440x900 and on a 390x844 phone.

For each: a screenshot into test-output/browser/look-<page>-<width>.png, axe-core's WCAG 2.1 A
and AA rules with zero violations, and no sideways scrolling at 360, 390 and 430 px. axe runs in
a browser context with the CSP bypassed (tests only; axe injects its script); a separate test
loads every page under the real CSP and asserts the browser reported no violation of it.

Marked `look`: it needs no particular database, so .ci/run runs it in the first pass only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import reverse

from annotate.models import JobStatus, Verdict
from annotate.services import claims as claim_services
from annotate.services.exports import export_start
from annotate.services.reviews import claim_approve, claim_request_changes
from tests.annotate.services.reviewkit import submitted
from tests.browser import look
from tests.factories import make_document

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.look]

SEED = (
    Path(__file__).resolve().parents[2] / "seeds" / "mott-normalize-relations-with-north-korea.txt"
)
SENTENCES = (
    "The U.S. spent $5 billion in 2019.",
    "Exports to the region doubled in a decade.",
    "Unemployment fell to its lowest level since 1969.",
)
NARROW = (360, 390, 430)


@dataclass
class Site:
    urls: dict[str, str]
    checker: object
    reviewer: object


@pytest.fixture
def site(team, checker, reviewer) -> Site:
    text = SEED.read_text(encoding="utf-8").strip() + "\n\n" + " ".join(SENTENCES)
    document = make_document(team, text, title="North Korea: what the candidate said")
    in_review = submitted(document, checker)
    sent_back = submitted(document, checker, quote=SENTENCES[1])
    claim_request_changes(
        membership=reviewer,
        claim=sent_back,
        comment="Add the 2010 figure.",
        version=sent_back.version,
    )
    approved = submitted(document, checker, quote=SENTENCES[2])
    claim_approve(membership=reviewer, claim=approved, version=approved.version)
    half = Verdict.objects.get(team=team, key="half-true")
    first = document.sentences.order_by("index").first()
    claim_services.claim_create(
        membership=checker,
        document=document,
        start=first.start,
        end=first.end,
        quote=document.text[first.start : first.end],
        verdict=half,
    )
    # A claim inside that one: the piece they share shows the inner fill and the outer band.
    inner_end = document.text.index(" ", first.start + 30)
    claim_services.claim_create(
        membership=checker,
        document=document,
        start=first.start + 8,
        end=inner_end,
        quote=document.text[first.start + 8 : inner_end],
        verdict=Verdict.objects.get(team=team, key="false"),
    )
    make_document(team, "A second article. It has two sentences.", title="Budget speech")
    exported = export_start(membership=checker, document_ids=[document.pk], fmt="html")
    exported.refresh_from_db()
    assert exported.status == JobStatus.SUCCEEDED
    desk = reverse("annotate:document-detail", args=[document.pk])
    urls = {
        "documents": reverse("annotate:document-list"),
        "desk": desk,
        "desk-claim": f"{desk}?claim={in_review.pk}",
        "desk-overlay": desk,
        "review-queue": reverse("annotate:review-queue"),
        "review-page": reverse("annotate:review-claim", args=[in_review.pk]),
        "upload": reverse("annotate:import-new"),
        "jobs": reverse("annotate:job-list"),
        "job": reverse("annotate:job-detail", args=[exported.pk]),
        "html-export": reverse("annotate:job-download", args=[exported.pk]),
        "team": reverse("annotate:team-members"),
        "tokens": reverse("annotate:api-tokens"),
        "login": reverse("login"),
        "search": reverse("annotate:search") + "?q=North+Korea",
        "invitations": reverse("annotate:invitations"),
        "trash": reverse("annotate:document-trash", args=[document.pk]),
    }
    return Site(urls, checker, reviewer)


@pytest.fixture
def axe_page(browser):
    """A page whose context bypasses the CSP, so that axe can inject its script (tests only)."""
    context = browser.new_context(viewport=look.WIDE, bypass_csp=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def _open(page, base: str, site: Site, state: str) -> None:
    """Bring the page into `state`: load it, then do what a person does to get there."""
    url = base + site.urls[state]
    if state == "login":
        page.context.clear_cookies()
    if state == "html-export":
        # The export is a download; show the file itself, as a reader opening it would.
        response = page.request.get(url)
        assert response.ok, response.status
        page.set_content(response.text())
        return
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if state == "desk-overlay":
        page.locator("#article .sentence").first.wait_for()
        page.keyboard.press("Shift+Slash")
        page.locator("#keys-overlay").wait_for(state="visible")
    if state == "desk-claim":
        page.locator("#editor[data-claim]").wait_for()


def _who(site: Site, state: str):
    return site.reviewer if state.startswith("review") else site.checker


PAGES = [
    "documents",
    "desk",
    "desk-claim",
    "desk-overlay",
    "review-queue",
    "review-page",
    "upload",
    "jobs",
    "job",
    "html-export",
    "team",
    "tokens",
    "login",
    "search",
    "invitations",
    "trash",
]


@pytest.mark.parametrize("state", PAGES)
def test_page_looks_right_and_passes_axe(axe_page, live_server, login, site, state):
    page = axe_page
    login(page, _who(site, state))
    problems = []
    for name, viewport in look.VIEWPORTS.items():
        page.set_viewport_size(viewport)
        _open(page, live_server.url, site, state)
        look.shoot(page, f"look-{state}-{name}", full_page=False)  # what the screen shows
        look.shoot(page, f"look-{state}-{name}-full")
        problems += [f"{name}px axe: {line}" for line in look.axe_violations(page)]
    for width in NARROW:
        page.set_viewport_size({"width": width, "height": 844})
        _open(page, live_server.url, site, state)
        overflow = look.horizontal_overflow(page)
        if overflow > 0:
            wide = ", ".join(look.widest_elements(page))
            problems.append(f"{width}px scrolls sideways by {overflow}px: {wide}")
    assert not problems, "\n".join(problems)


def test_no_page_breaks_the_content_security_policy(page, live_server, login, site):
    """Under the real CSP (no bypass) the browser reports no blocked style or script, and no
    request of any page fails (the favicon included)."""
    reported = []

    def console(message):
        if "Content Security Policy" in message.text:
            reported.append(f"{page.url}: {message.text}")

    def response(answer):
        if answer.status >= 400:
            reported.append(f"{answer.status} {answer.url}")

    page.on("console", console)
    page.on("response", response)
    for who in (site.checker, site.reviewer):
        page.context.clear_cookies()
        login(page, who)
        for state in PAGES:
            if state == "html-export" or _who(site, state) is not who:
                continue
            _open(page, live_server.url, site, state)
    # The desk after an htmx swap (a claim opened from the list) is still clean.
    page.context.clear_cookies()
    login(page, site.checker)
    page.goto(live_server.url + site.urls["desk"])
    page.locator("#claim-list a").first.click()
    page.locator("#editor[data-claim]").wait_for()
    page.wait_for_load_state("networkidle")
    assert reported == []


def test_the_top_bar_folds_behind_a_menu_on_a_phone(axe_page, live_server, login, site):
    page = axe_page
    login(page, site.checker)
    page.set_viewport_size(look.PHONE)
    page.goto(live_server.url + site.urls["documents"])
    toggle = page.get_by_role("button", name="Menu")
    jobs = page.locator(".mainnav").get_by_role("link", name="Jobs")
    assert toggle.is_visible() and not jobs.is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert jobs.is_visible() and look.in_viewport(jobs) and look.uncovered(jobs) == []
    look.shoot(page, "look-menu-open-390", full_page=False)
    assert look.axe_violations(page) == []
    jobs.click()
    page.wait_for_url(f"**{site.urls['jobs']}")
    # On a wide screen there is no menu button: the links are simply there.
    page.set_viewport_size(look.WIDE)
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert page.locator(".mainnav").get_by_role("link", name="Documents").is_visible()


def test_highlights_show_verdict_colour_and_status_with_readable_text(
    page, live_server, login, site
):
    """Fill and edge in the verdict colour; edge style by status; text over it 4.5:1."""
    login(page, site.checker)
    page.goto(live_server.url + site.urls["desk"])
    pieces = page.locator("#article .piece.hl:not(.gap)")
    assert pieces.count() >= 4
    styles = {}
    for i in range(pieces.count()):
        piece = pieces.nth(i)
        status = next(c for c in piece.get_attribute("class").split() if c.startswith("st-"))
        edge = look.rgb(look.computed(piece, "borderBottomColor"))
        assert look.contrast(edge, (255, 255, 255)) >= 3.0, (status, edge)
        assert look.text_contrast(piece) >= 4.5, status
        fill = look.rgb(look.computed(piece, "backgroundColor"))
        assert fill != (255.0, 255.0, 255.0), "a visible fill"
        styles[status] = look.computed(piece, "borderBottomStyle")
    assert styles == {
        "st-draft": "dotted",
        "st-in_review": "dashed",
        "st-changes_requested": "dashed",
        "st-approved": "solid",
    }
    shared = page.locator("#article .piece.hl.multi").first
    half_true = look.rgb(look.computed(shared, "boxShadow"))  # the first band: the outer claim
    assert half_true == (154.0, 103.0, 0.0)  # #9a6700, "Half true"
    assert look.rgb(look.computed(shared, "borderBottomColor")) == (180.0, 35.0, 24.0)  # False
    look.shoot_element(page.locator("#s0"), "look-desk-highlights-1440")
    legend = page.locator("#desk-legend")
    assert legend.is_visible()
    for words in ("dotted edge", "dashed edge", "solid edge", "blue ring", "dark frame"):
        assert legend.get_by_text(words).is_visible()


def test_the_open_claim_and_the_selected_sentence_look_different(page, live_server, login, site):
    login(page, site.checker)
    page.goto(live_server.url + site.urls["desk-claim"])
    page.locator("#editor[data-claim]").wait_for()
    opened = page.locator("#article .piece.hl.on").first
    opened.wait_for()
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("j")
    selected = page.locator("#article .sentence.sel")
    selected.wait_for()
    assert look.computed(opened, "outlineColor") != look.computed(selected, "outlineColor")
    assert look.computed(opened, "backgroundColor") != look.computed(selected, "backgroundColor")
    assert look.text_contrast(opened) >= 4.5


def test_the_helpers_see_what_a_person_would_miss(axe_page):
    """The checks can fail: low contrast, a covered button, a page wider than the phone."""
    page = axe_page
    page.set_viewport_size(look.PHONE)
    page.set_content(
        """<!doctype html><html lang="en"><head><title>t</title></head><body>
        <main><p id="faint" style="color:#aaa;background:#fff">Faint text</p>
        <button id="under" style="position:absolute;top:100px;left:10px">Save</button>
        <div style="position:absolute;top:90px;left:0;width:200px;height:60px;background:#000">
        </div><div style="width:600px">wide</div></main></body></html>"""
    )
    assert any(line.startswith("color-contrast") for line in look.axe_violations(page))
    assert look.text_contrast(page.locator("#faint")) < 4.5
    assert look.uncovered(page.locator("#under")) != []
    assert look.horizontal_overflow(page) > 0
    assert look.in_viewport(page.locator("#under"))


def test_the_document_list_header_stays_on_one_line_at_1440(page, live_server, login, site):
    login(page, site.checker)
    page.set_viewport_size(look.WIDE)
    page.goto(live_server.url + site.urls["documents"])
    title = look.box(page.locator(".page-head h1"))
    button = look.box(page.get_by_role("button", name="Export selection"))
    assert button["top"] < title["bottom"] and button["bottom"] > title["top"], (title, button)


def test_the_editor_speaks_plainly(page, live_server, login, site):
    """A fresh claim does not claim "All changes saved.", "No sources yet." is not item 1, no
    character offsets, and the panel's "review page" link is not on the review page itself."""
    login(page, site.checker)
    page.goto(live_server.url + site.urls["desk"])
    page.locator("#article .sentence").first.wait_for()
    sentence = page.locator("#article .sentence[data-leaf]").nth(3)
    sentence.click()
    page.get_by_role("button", name="Mark as claim").click()
    editor = page.locator("#editor[data-claim]")
    editor.wait_for()
    assert "All changes saved." not in editor.inner_text()
    assert "characters" not in editor.locator(".meta").first.inner_text()
    empty = page.locator("#sources li.muted")
    assert empty.inner_text() == "No sources yet."
    assert look.computed(empty, "listStyleType") == "none"
    assert page.locator("#editor .review-page-link").is_visible()  # from the desk: useful

    page.context.clear_cookies()
    login(page, site.reviewer)
    page.goto(live_server.url + site.urls["review-page"])
    assert page.locator(".review-page-link").count() == 1
    assert not page.locator(".review-page-link").is_visible()
