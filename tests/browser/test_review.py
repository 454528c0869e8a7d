"""Two people in Chromium: checker A submits, reviewer B sends it back with a comment, A fixes
and resubmits, B approves. A never sees an Approve button on A's own claim, and A's API token
cannot approve it either.

Driven through the review pages (the claim's review page holds a small editor and the panel the
desk also includes), so the flow stands without the desk.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from annotate.api.tokens import token_create
from annotate.models import ClaimStatus
from tests.annotate.services.reviewkit import make_claim


def _api_post(url: str, token: str, data: dict) -> tuple[int, dict]:
    """POST JSON with a token and no browser cookies (so no session or CSRF is involved)."""
    request = urllib.request.Request(
        url,
        data=json.dumps(data).encode(),
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.mark.django_db(transaction=True)
def test_submit_request_changes_fix_resubmit_approve(
    browser, page, login, live_server, document, checker, reviewer, output_dir
):
    claim = make_claim(document, checker)
    claim_url = f"{live_server.url}/review/claims/{claim.pk}/"
    panel = "[data-review-panel]"

    # A submits the claim and finds no Approve button on it.
    a = login(page, checker)
    a.goto(claim_url)
    a.click("button[name=submit-review]")
    expect(a.locator(f"{panel} [data-status]")).to_have_text("In review")
    expect(a.locator("button[name=approve]")).to_have_count(0)
    expect(a.locator("[data-own-claim]")).to_be_visible()

    # Nor can A approve it through the API with a personal token: a 403, and nothing changes.
    claim.refresh_from_db()
    before = (claim.status, claim.version, claim.approved_by_id, claim.reviews.count())
    status, body = _api_post(
        f"{live_server.url}/api/claims/{claim.pk}/approve/",
        token_create(user=checker.user).key,
        {"comment": "Looks right to me.", "version": claim.version},
    )
    assert (status, body["detail"]) == (
        403,
        "Only the team's reviewers and admins decide on claims.",
    )
    claim.refresh_from_db()
    assert (claim.status, claim.version, claim.approved_by_id, claim.reviews.count()) == before

    # B sees the badge, opens the claim from the queue and requests changes with a comment.
    context_b = browser.new_context(viewport={"width": 1400, "height": 900})
    b = login(context_b.new_page(), reviewer)
    expect(b.locator(".nav-review [data-awaiting]")).to_have_text("1")
    b.click("a.nav-review")
    b.click(f"[data-claim='{claim.pk}'] a.button")
    expect(b.locator("[data-context] mark")).to_have_text("The U.S. spent $5 billion in 2019.")
    b.fill("form[action$='request-changes/'] textarea[name=comment]", "Which year? Cite CBO.")
    b.click("button[name=request-changes]")
    expect(b.locator(f"{panel} [data-status]")).to_have_text("Changes requested")
    expect(b.locator(".nav-review [data-awaiting]")).to_have_count(0)

    # A is told the claim came back, reads the comment, fixes the restatement and resubmits.
    a.reload()
    expect(a.locator(".nav-review [data-sent-back]")).to_have_text("1 sent back")
    expect(a.locator("[data-thread]")).to_contain_text("Which year? Cite CBO.")
    a.fill("textarea[name=restatement]", "Federal spending was $5bn in fiscal 2019 (CBO).")
    a.click("button[name=save]")
    expect(a.locator("[data-field=restatement]")).to_have_text(
        "Federal spending was $5bn in fiscal 2019 (CBO)."
    )
    expect(a.locator("[data-history]")).to_contain_text("Restatement")
    a.click("button[name=submit-review]")
    expect(a.locator(f"{panel} [data-status]")).to_have_text("In review")
    expect(a.locator("button[name=approve]")).to_have_count(0)

    # B sees what changed since the last review and approves.
    b.goto(claim_url)
    expect(b.locator("[data-diff-field=restatement]")).to_contain_text("fiscal 2019")
    b.click("button[name=approve]")
    expect(b.locator(f"{panel} [data-status]")).to_have_text("Approved")
    expect(b.locator(".nav-review [data-awaiting]")).to_have_count(0)
    b.screenshot(path=str(output_dir / "review-approved.png"), full_page=True)

    # A sees the approval, still with no decision buttons.
    a.reload()
    expect(a.locator(f"{panel} [data-status]")).to_have_text("Approved")
    expect(a.locator("button[name=approve]")).to_have_count(0)
    expect(a.locator("[data-thread]")).to_contain_text(re.compile("approved", re.I))
    claim.refresh_from_db()
    assert (claim.status, claim.approved_by) == (ClaimStatus.APPROVED, reviewer.user)
    context_b.close()


@pytest.mark.django_db(transaction=True)
def test_a_refused_action_shows_its_message_in_the_panel(
    page, login, live_server, document, checker, output_dir
):
    """Submitting a claim whose last source was removed meanwhile: the 400 lands in the panel."""
    claim = make_claim(document, checker)
    login(page, checker)
    page.goto(f"{live_server.url}/review/claims/{claim.pk}/")
    claim.sources.all().delete()
    page.click("button[name=submit-review]")
    expect(page.locator("[data-panel-error]")).to_have_text(
        "Before submitting, add at least one source."
    )


@pytest.mark.django_db(transaction=True)
def test_a_failed_comment_shows_a_message_and_keeps_what_was_typed(
    page, login, live_server, document, checker, reviewer, output_dir
):
    """Issue 19: the review page's comment never vanishes. A refusal shown in the panel (a body
    over the length limit) gives the text back under the server's message; a dropped
    connection and a server error leave it in place with a plain message; then it posts.
    The comment box is the rich editor (issue 12): its text posts through the hidden field."""
    claim = make_claim(document, checker)
    login(page, reviewer)
    page.goto(f"{live_server.url}/review/claims/{claim.pk}/")
    body = "form.comment-form textarea[name=body]"
    box = "form.comment-form .rich-area"
    post = "form.comment-form button[name=comment]"

    # The server refuses it and re-renders the panel: the message, and the text is back.
    long_text = "x" * 20_001
    page.fill(box, long_text)
    page.click(post)
    expect(page.locator("[data-panel-error]")).to_have_text(
        "A comment is at most 20,000 characters; this one has 20001."
    )
    expect(page.locator(body)).to_have_value(long_text)
    expect(page.locator(box)).to_have_text(long_text)

    # The connection drops: a plain message above the form, the text untouched.
    typed = "Check the 2019 figure against the CBO table, please."
    page.fill(box, typed)
    page.route("**/comments/", lambda route: route.abort("connectionrefused"))
    page.click(post)
    expect(page.locator("[data-request-error]")).to_have_text(
        "The server could not be reached, so nothing was saved. "
        "What you typed is still here; try again."
    )
    expect(page.locator(body)).to_have_value(typed)

    # The server fails (500): the same, with the status.
    page.unroute("**/comments/")
    page.route("**/comments/", lambda route: route.fulfill(status=500, body="Server Error"))
    page.click(post)
    expect(page.locator("[data-request-error]")).to_have_text(
        "Something went wrong on the server (500), so nothing was saved. "
        "What you typed is still here; try again."
    )
    expect(page.locator(body)).to_have_value(typed)
    page.screenshot(path=str(output_dir / "review-comment-failed.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(output_dir / "review-comment-failed-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1440, "height": 900})
    assert claim.comments.count() == 0

    # The server is back: the comment posts with the keyboard and the message goes away.
    page.unroute("**/comments/")
    page.focus(post)
    page.keyboard.press("Enter")
    expect(page.locator("[data-thread]")).to_contain_text(typed)
    expect(page.locator("[data-request-error]")).to_have_count(0)
    assert typed in claim.comments.get().body
