"""The desk's claims to see and tell apart, and its keyboard: the card over a highlight, n / p,
filters by status and verdict, the same span marked twice, focus after saving, the skip link,
and the keyboard-only walk from marking to submitting (its Tab presses are counted)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from annotate.models import Claim, ClaimStatus
from annotate.services import reviews as review_services
from tests.browser.desk_kit import claim_on, open_desk, ready_claim, seed_article
from tests.browser.viewport import assert_seen

pytestmark = pytest.mark.django_db(transaction=True)


def test_hovering_a_highlight_shows_its_card(page, login, live_server, checker):
    document = seed_article(checker)
    claim = ready_claim(document, checker, 2)
    login(page, checker)
    open_desk(page, live_server, document)
    card = page.locator("#claim-card")
    expect(card).to_be_hidden()
    page.locator(f'#article .piece.hl[data-claims~="{claim.pk}"]').first.hover()
    expect(card).to_be_visible()
    expect(card.locator('[data-card="verdict"]')).to_have_text("Half true")
    expect(card.locator('[data-card="status"]')).to_have_text("Draft")
    expect(card.locator('[data-card="author"]')).to_have_text(checker.user.username)
    expect(card.locator('[data-card="restatement"]')).to_have_text("Restated claim 2.")
    assert_seen(card, "the card")
    page.mouse.move(2, 2)
    expect(card).to_be_hidden()


def test_n_and_p_walk_the_claims_and_enter_opens_one(page, login, live_server, checker):
    document = seed_article(checker)
    claims = [ready_claim(document, checker, i) for i in (1, 4, 7)]
    login(page, checker)
    open_desk(page, live_server, document)
    page.keyboard.press("n")
    selected = page.locator("#article .sentence.sel")
    expect(selected).to_have_id("s1")
    expect(page.locator("#claim-card")).to_be_visible()
    page.keyboard.press("n")
    page.keyboard.press("n")
    expect(selected).to_have_id("s7")
    assert_seen(selected, "the claim n went to")
    page.keyboard.press("p")
    expect(selected).to_have_id("s4")
    page.keyboard.press("Enter")
    expect(page.locator(f'#editor[data-claim="{claims[1].pk}"]')).to_be_visible()


def test_filters_hide_list_entries_and_highlights(page, login, live_server, checker, reviewer):
    document = seed_article(checker)
    draft = claim_on(document, checker, 1)
    sent = ready_claim(document, checker, 3)
    review_services.claim_submit(membership=checker, claim=sent)
    login(page, checker)
    open_desk(page, live_server, document)
    page.select_option("#claim-filters select[name=status]", "in_review")
    expect(page.locator(f"#cl-{draft.pk}")).to_be_hidden()
    expect(page.locator(f"#cl-{sent.pk}")).to_be_visible()
    expect(page.locator("#filter-count")).to_have_text("1 of 2 shown")
    hidden_piece = page.locator(f'#article .piece.hl[data-claims~="{draft.pk}"]').first
    assert hidden_piece.evaluate("(el) => getComputedStyle(el).backgroundColor") in (
        "rgba(0, 0, 0, 0)",
        "transparent",
    )
    page.select_option("#claim-filters select[name=status]", "")
    page.select_option("#claim-filters select[name=verdict]", "none")
    expect(page.locator(f"#cl-{draft.pk}")).to_be_visible()
    expect(page.locator(f"#cl-{sent.pk}")).to_be_hidden()
    # n only walks the claims the filters show.
    page.keyboard.press("Escape")
    page.locator("body").press("n")
    expect(page.locator("#article .sentence.sel")).to_have_id("s1")
    page.keyboard.press("n")
    expect(page.locator("#article .sentence.sel")).to_have_id("s1")


def test_marking_the_same_span_twice_asks_first(page, login, live_server, checker):
    document = seed_article(checker)
    first = claim_on(document, checker, 2)
    login(page, checker)
    open_desk(page, live_server, document)
    page.click("#s2")
    page.click("#mark-button")
    question = page.locator("#desk-flash .span-taken")
    expect(question.locator("p")).to_have_text("This span already has a claim: open it?")
    assert_seen(question, "the question")
    assert Claim.objects.count() == 1
    question.locator("[data-open-taken]").click()
    expect(page.locator(f'#editor[data-claim="{first.pk}"]')).to_be_visible()
    expect(question).to_have_count(0)

    page.click("#s2")  # a click on the highlight also opens its claim: let that land first
    expect(page.locator(f'#editor[data-claim="{first.pk}"]')).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.keyboard.press("c")
    page.locator("#desk-flash .span-taken button").click()
    expect(page.locator("#editor .saved")).to_have_text("✓ Claim marked.")
    assert Claim.objects.filter(start=first.start, end=first.end).count() == 2


def save_with_ctrl_enter(page) -> None:
    """Ctrl+Enter in the claim form, then wait for the fresh editor (the old one is replaced)."""
    page.evaluate("document.getElementById('editor').dataset.old = '1'")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#editor:not([data-old]) .saved:has-text('Saved.')")


def test_ctrl_enter_keeps_focus_in_the_form(page, login, live_server, checker):
    document = seed_article(checker)
    claim = claim_on(document, checker, 1)
    login(page, checker)
    open_desk(page, live_server, document, claim)
    page.click("#f-claimant")
    page.keyboard.type("The author")
    save_with_ctrl_enter(page)
    # Focus comes back once htmx has settled the fresh editor: wait for it, as a person would.
    expect(page.locator("#f-claimant")).to_be_focused()
    page.click("#editor .rich-area")
    page.keyboard.type("Checked with the ministry.")
    save_with_ctrl_enter(page)
    expect(page.locator('#editor .rich-area[data-for="notes"]')).to_be_focused()
    page.click("#sources .add-source summary")
    page.fill("#sources .add-source input[name=url]", "https://example.org/a")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#sources .saved:has-text('Source added.')")
    expect(page.locator("#sources .add-source summary")).to_be_focused()
    claim.refresh_from_db()
    assert claim.claimant == "The author"
    assert claim.notes == "Checked with the ministry."


def test_the_skip_link_leads_to_the_article(page, login, live_server, checker):
    document = seed_article(checker)
    login(page, checker)
    open_desk(page, live_server, document)
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    assert_seen(skip, "the skip link")
    page.keyboard.press("Enter")
    expect(page.locator("#article")).to_be_focused()
    page.keyboard.press("j")
    expect(page.locator("#article .sentence.sel")).to_have_id("s0")


def test_focus_is_visible_on_buttons_and_links(page, login, live_server, checker):
    document = seed_article(checker)
    claim = ready_claim(document, checker, 1)
    login(page, checker)
    open_desk(page, live_server, document)
    page.focus(f"#cl-{claim.pk} a")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    width = page.evaluate("parseFloat(getComputedStyle(document.activeElement).outlineWidth)")
    assert width >= 2


def tab_until(page, selector: str, limit: int = 60) -> int:
    """Press Tab until `selector` has focus; return the number of presses."""
    for n in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return n
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_mark_fill_source_submit(page, login, live_server, checker, output_dir):
    """Mark -> fill -> add a source -> submit without the mouse; prints the Tab presses."""
    document = seed_article(checker)
    login(page, checker)
    open_desk(page, live_server, document)
    tabs = 0
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("c")
    page.wait_for_selector("#editor[data-claim]")
    expect(page.locator("#f-restatement")).to_be_focused()
    page.keyboard.type("Washington should keep talking to Pyongyang.")
    tabs += tab_until(page, "#f-verdict")
    page.keyboard.press("ArrowDown")  # True
    save_with_ctrl_enter(page)
    tabs += tab_until(page, ".add-source summary")
    page.keyboard.press("Enter")
    tabs += tab_until(page, ".add-source input[name=url]")
    page.keyboard.type("https://example.org/talks")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#sources .saved:has-text('Source added.')")
    tabs += tab_until(page, "button[name=submit-review]:not([disabled])")
    page.keyboard.press("Enter")
    expect(page.locator("#editor [data-review-panel] [data-status]")).to_have_text("In review")
    claim = Claim.objects.get()
    assert claim.status == ClaimStatus.IN_REVIEW
    assert claim.sources.get().url == "https://example.org/talks"
    print(f"bench: desk_keyboard_tabs {tabs} presses")
    (output_dir / "desk-keyboard-tabs.txt").write_text(f"{tabs}\n")
    assert tabs <= 40
