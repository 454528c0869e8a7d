"""The newsroom in Chromium: a checker logs in and lands on My work with what is assigned to
them; a reviewer's approval and an @mention (picked from the team as one types "@") reach the
checker in the inbox and by email; the document list shows each document's status bar.
Screenshots of My work, the inbox, activity and the document list at 1440x900 and 390x844."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import expect

from annotate.services.claims import claim_update
from tests.annotate.services.reviewkit import make_claim, submitted

SIZES = {"wide": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}


def _shots(page, output_dir, name: str) -> None:
    for label, size in SIZES.items():
        page.set_viewport_size(size)
        page.screenshot(path=str(output_dir / f"{name}-{label}.png"), full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= size["width"], f"{name} is wider than the {label} screen ({width}px)"
    page.set_viewport_size(SIZES["wide"])


@pytest.mark.django_db(transaction=True)
def test_my_work_an_approval_and_a_mention_reach_the_checker(
    browser, page, login, live_server, document, checker, checker2, reviewer, output_dir
):
    checker.user.email = "carla@planet.example"
    checker.user.save()
    for_review = submitted(document, checker)
    theirs = make_claim(document, checker2, quote="Officials said so on Monday.", ready=False)
    claim_update(membership=checker2, claim=theirs, version=theirs.version, assignee=checker.user)
    mail.outbox.clear()

    # The reviewer lands on My work, where the claim waits; approves it on its review page.
    login(page, reviewer)
    assert page.url == f"{live_server.url}/me/"
    waiting = page.locator("[data-section=awaiting] [data-claim]")
    expect(waiting).to_have_count(1)
    page.goto(f"{live_server.url}/review/claims/{for_review.pk}/")
    page.click("button[name=approve]")
    expect(page.locator("[data-review-panel] [data-status]")).to_have_text("Approved")

    # On the other claim the reviewer types "@ca", picks carla with the keyboard and posts.
    page.goto(f"{live_server.url}/review/claims/{theirs.pk}/")
    box = page.locator(".comment-form textarea[name=body]")
    box.click()
    box.press_sequentially("Could you look, @ca")
    option = page.locator(".mention-list [data-username=carla]")
    expect(option).to_be_visible()
    box.press("Enter")
    expect(box).to_have_value("Could you look, @carla ")
    box.press_sequentially("please?")
    page.click("button[name=comment]")
    expect(page.locator("[data-thread]")).to_contain_text("Could you look, @carla please?")

    # The checker logs in on My work: the claim assigned to them, the bell counting two.
    other = browser.new_context(viewport=SIZES["wide"])
    other.set_default_timeout(15_000)
    carla = other.new_page()
    login(carla, checker)
    assert carla.url == f"{live_server.url}/me/"
    assigned = carla.locator("[data-section=assigned] [data-claim]")
    expect(assigned).to_have_count(1)
    expect(assigned).to_contain_text("Officials said so on Monday.")
    expect(carla.locator(".bell [data-unread]")).to_have_text("3")  # assigned, approved, mention
    _shots(carla, output_dir, "my-work")
    assigned.locator("a").click()
    carla.wait_for_url(f"**/documents/{document.pk}/?claim={theirs.pk}")
    expect(carla.locator("#editor blockquote.quote")).to_have_text("Officials said so on Monday.")

    carla.click(".bell")
    notes = carla.locator("[data-inbox] [data-notification]")
    expect(notes).to_have_count(3)
    expect(carla.locator("[data-kind=approved]")).to_contain_text("rosa approved your claim")
    expect(carla.locator("[data-kind=mention]")).to_contain_text("Could you look, @carla please?")
    _shots(carla, output_dir, "notifications")
    carla.locator("[data-kind=approved] button.note-title").click()
    carla.wait_for_url(f"**/documents/{document.pk}/?claim={for_review.pk}")
    carla.goto(f"{live_server.url}/notifications/?unread=1")
    expect(carla.locator("[data-inbox] [data-notification]")).to_have_count(2)
    carla.click("[data-read-all]")
    expect(carla.locator(".messages")).to_contain_text("Marked 2 notifications read.")
    expect(carla.locator("[data-inbox] .unread")).to_have_count(0)
    expect(carla.locator(".bell [data-unread]")).to_have_count(0)

    # And by email (the test's backend keeps them): the approval and the mention, to carla.
    subjects = sorted(m.subject for m in mail.outbox if m.to == ["carla@planet.example"])
    assert len(subjects) == 2  # the assignment was emailed before the outbox was cleared
    assert any("approved your claim" in s for s in subjects)
    assert any("mentioned you" in s for s in subjects)

    # Activity and the document list, as a person sees them.
    carla.goto(f"{live_server.url}/activity/")
    expect(carla.locator("[data-activity] [data-kind=approved]")).to_have_count(1)
    _shots(carla, output_dir, "activity")
    carla.goto(f"{live_server.url}/")
    bar = carla.locator(f"tr[data-document='{document.pk}'] [data-status-bar]")
    expect(bar).to_have_attribute("data-approved", "1")
    expect(bar).to_be_visible()
    _shots(carla, output_dir, "document-list-standing")
    other.close()
