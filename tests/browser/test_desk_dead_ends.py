"""The desk's dead ends of issue 12, as a person meets them in Chromium (mouse and keyboard).

1. After "Add a source" the submission gaps and the Submit button follow without a reload.
2. Opening a claim (list, highlight, ?claim=) puts its header and fields in view, focus inside.
3. Actions a role cannot take are not offered; a refusal shows one plain sentence.
4. After a review action the claim's list entry, highlight and the chart follow.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from annotate.models import ClaimStatus
from annotate.rules import ONLY_AUTHOR_OR_REVIEWER_DELETES
from annotate.services import reviews as review_services
from tests.browser.desk_kit import claim_on, open_desk, ready_claim, seed_article
from tests.browser.viewport import assert_seen

pytestmark = pytest.mark.django_db(transaction=True)


def add_source_with_the_mouse(page, url: str) -> None:
    page.click("#sources .add-source summary")
    form = page.locator("#sources .add-source form")
    form.locator("input[name=url]").fill(url)
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#sources .saved:has-text('Source added.')")


def test_adding_a_source_refreshes_the_gaps_and_submit(page, login, live_server, checker):
    document = seed_article(checker)
    claim = ready_claim(document, checker, 2, sources=0)
    login(page, checker)
    open_desk(page, live_server, document, claim)
    submit = page.locator("#editor button[name=submit-review]")
    expect(page.locator("#editor [data-gaps]")).to_have_text("at least one source")
    expect(submit).to_be_disabled()

    add_source_with_the_mouse(page, "https://example.org/report")
    expect(page.locator("#editor [data-gaps]")).to_have_count(0)
    expect(submit).to_be_enabled()
    submit.click()
    expect(page.locator("#editor [data-review-panel] [data-status]")).to_have_text("In review")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_REVIEW


def test_removing_the_last_source_brings_the_gap_back(page, login, live_server, checker):
    document = seed_article(checker)
    claim = ready_claim(document, checker, 2, sources=1)
    login(page, checker)
    open_desk(page, live_server, document, claim)
    expect(page.locator("#editor button[name=submit-review]")).to_be_enabled()
    page.click("#sources .source summary")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#sources .source button.danger")
    page.wait_for_selector("#sources .saved:has-text('Source removed.')")
    expect(page.locator("#editor [data-gaps]")).to_have_text("at least one source")
    expect(page.locator("#editor button[name=submit-review]")).to_be_disabled()


def test_saving_a_restatement_refreshes_the_gaps(page, login, live_server, checker):
    document = seed_article(checker)
    claim = claim_on(document, checker, 1)
    login(page, checker)
    open_desk(page, live_server, document, claim)
    expect(page.locator("#editor [data-gaps] li")).to_have_count(3)
    page.fill("#f-restatement", "Pyongyang may go back to its old allies.")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#editor .saved:has-text('Saved.')")
    expect(page.locator("#editor [data-gaps] li")).to_have_text(
        ["a verdict", "at least one source"]
    )


def many_claims(document, checker, n: int = 14):
    return [ready_claim(document, checker, i) for i in range(n)]


def assert_claim_in_view(page, claim) -> None:
    editor = page.locator(f'#editor[data-claim="{claim.pk}"]')
    expect(editor).to_be_visible()
    for part in (".editor-head .quote", ".editor-head .meta", "#f-restatement", "#f-verdict"):
        assert_seen(editor.locator(part), part)
    page.wait_for_function("document.getElementById('editor').contains(document.activeElement)")


def test_a_list_item_opens_its_claim_in_view(page, login, live_server, checker):
    document = seed_article(checker)
    claims = many_claims(document, checker)
    login(page, checker)
    open_desk(page, live_server, document)
    last = claims[-1]
    page.locator(f"#cl-{last.pk} a").scroll_into_view_if_needed()
    page.click(f"#cl-{last.pk} a")
    assert_claim_in_view(page, last)


def test_a_highlight_opens_its_claim_in_view(page, login, live_server, checker):
    document = seed_article(checker)
    claims = many_claims(document, checker)
    login(page, checker)
    open_desk(page, live_server, document)
    target = claims[-2]
    piece = page.locator(f'#article .piece.hl[data-claims~="{target.pk}"]').first
    piece.scroll_into_view_if_needed()
    piece.click()
    assert_claim_in_view(page, target)


def test_a_claim_in_the_address_opens_in_view(page, login, live_server, checker):
    document = seed_article(checker)
    claims = many_claims(document, checker)
    login(page, checker)
    open_desk(page, live_server, document, claims[-1])
    assert_claim_in_view(page, claims[-1])


def test_enter_on_a_list_item_moves_focus_into_the_claim(page, login, live_server, checker):
    document = seed_article(checker)
    claims = many_claims(document, checker, 4)
    login(page, checker)
    open_desk(page, live_server, document)
    page.focus(f"#cl-{claims[3].pk} a")
    page.keyboard.press("Enter")
    assert_claim_in_view(page, claims[3])


def test_delete_is_not_offered_on_an_approved_claim_to_a_checker(
    page, login, live_server, checker, reviewer
):
    document = seed_article(checker)
    claim = ready_claim(document, checker, 1)
    review_services.claim_submit(membership=checker, claim=claim)
    claim.refresh_from_db()
    review_services.claim_approve(membership=reviewer, claim=claim, version=claim.version)
    login(page, checker)
    open_desk(page, live_server, document, claim)
    expect(page.locator("#editor [data-review-panel] [data-status]")).to_have_text("Approved")
    expect(page.locator("#editor .delete-form")).to_have_count(0)


def test_a_refusal_that_still_happens_reads_as_one_sentence(
    page, login, live_server, checker, reviewer
):
    """The claim is approved by a colleague after the page was drawn: delete is refused."""
    document = seed_article(checker)
    claim = ready_claim(document, checker, 1)
    login(page, checker)
    open_desk(page, live_server, document, claim)
    expect(page.locator("#editor .delete-form button")).to_be_visible()
    review_services.claim_submit(membership=checker, claim=claim)
    claim.refresh_from_db()
    review_services.claim_approve(membership=reviewer, claim=claim, version=claim.version)

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#editor .delete-form button")
    flash = page.locator("#desk-flash [role=alert]")
    expect(flash).to_have_text(ONLY_AUTHOR_OR_REVIEWER_DELETES)
    assert "<" not in flash.inner_text()
    assert_seen(flash, "the refusal")
    assert document.claims.filter(pk=claim.pk).exists()


def test_submitting_updates_the_list_entry_highlight_and_chart(page, login, live_server, checker):
    document = seed_article(checker)
    claim = ready_claim(document, checker, 3)
    login(page, checker)
    open_desk(page, live_server, document, claim)
    item = page.locator(f"#cl-{claim.pk}")
    expect(item.locator(".status")).to_have_text("Draft")
    # Mark the paragraph drawn at load, to see it replaced by a fresh copy after the change.
    paragraph = page.locator(f'#article .piece.hl[data-claims~="{claim.pk}"]').first
    paragraph.evaluate("(el) => { el.closest('.para').dataset.drawn = 'at load'; }")
    page.click("#editor button[name=submit-review]")
    expect(page.locator("#editor [data-review-panel] [data-status]")).to_have_text("In review")
    expect(item.locator(".status")).to_have_text("In review")
    expect(item).to_have_attribute("data-status", "in_review")
    expect(page.locator("#article .para[data-drawn]")).to_have_count(0)
    expect(page.locator(f'#article .piece.hl[data-claims~="{claim.pk}"]').first).to_be_visible()
    expect(page.locator('#verdict-chart [data-verdict="half-true"]')).to_have_attribute(
        "data-count", "1"
    )
