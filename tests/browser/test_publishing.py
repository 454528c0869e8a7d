"""A reviewer publishes an approved claim from its review page with the mouse; anyone opens the
public page without signing in, at 1440 and 390 wide, under the CSP with no console errors; the
reviewer unpublishes and the page says it is gone."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from annotate.services import reviews as review_services
from tests.annotate.services.reviewkit import submitted
from tests.browser.look import VIEWPORTS, axe_violations, horizontal_overflow, shoot


@pytest.mark.django_db(transaction=True)
def test_publish_view_in_two_sizes_and_unpublish(
    browser, page, login, live_server, document, checker, reviewer
):
    claim = submitted(document, checker, sources=3)
    claim = review_services.claim_approve(membership=reviewer, claim=claim, version=claim.version)
    r = login(page, reviewer)
    r.goto(f"{live_server.url}/review/claims/{claim.pk}/")
    r.fill("input[name=published_at_url]", "")
    r.click("button[name=publish]")
    link = r.locator("[data-public-link] a")
    expect(link).to_be_visible()
    public = link.get_attribute("href")
    assert "/f/planet/" in public
    shoot(r, "publishing-review-panel")

    reader = browser.new_context()  # no cookies: not signed in
    try:
        for name, viewport in VIEWPORTS.items():
            p = reader.new_page()
            p.set_viewport_size(viewport)
            problems: list[str] = []
            p.on("console", lambda m, problems=problems: problems.append(m.text))
            response = p.goto(public.replace("http://127.0.0.1:8000", live_server.url))
            assert response.status == 200
            assert "Content-Security-Policy" in response.headers or (
                "content-security-policy" in response.headers
            )
            expect(p.locator("h1")).to_have_text("Spending was $5bn in 2019.")
            data = json.loads(p.locator("script[type='application/ld+json']").text_content())
            assert data["url"] == public
            assert horizontal_overflow(p) == 0
            assert problems == [], problems  # no CSP violation reported
            assert axe_violations(p) == []
            shoot(p, f"publishing-public-{name}")
            p.close()
    finally:
        reader.close()

    r.click("button[name=unpublish]")
    expect(r.locator("[data-public-gone]")).to_be_visible()
    reader = browser.new_context()
    try:
        p = reader.new_page()
        response = p.goto(public.replace("http://127.0.0.1:8000", live_server.url))
        assert response.status == 410
        expect(p.locator("h1")).to_have_text("This fact-check is no longer published")
        shoot(p, "publishing-gone-390")
    finally:
        reader.close()
