"""The desk at phone width (360-430 px) and the screenshots of its states at 1440x900 and
390x844: no sideways scroll, "Mark as claim" in reach after tapping a sentence, the claim
editor opening in view as a full-screen panel with a way back to the article."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from annotate.models import Claim
from tests.browser.desk_kit import open_desk, ready_claim, seed_article
from tests.browser.viewport import assert_seen, page_width

pytestmark = pytest.mark.django_db(transaction=True)

PHONES = [(360, 740), (390, 844), (430, 932)]


@pytest.fixture
def phone(browser, request):
    width, height = request.param
    # Touch, without a mobile browser's zoom-out to the page's widest element (the top bar's
    # width at phone size is the layout's own concern).
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=True)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


# The right edge of the widest element of the desk (the page's top bar is the layout's own).
DESK_WIDTH = """() => Math.max(...[...document.querySelectorAll("main, main *")]
  .filter((el) => el.checkVisibility() && !el.closest(".visually-hidden"))
  .map((el) => el.getBoundingClientRect().right))"""


def no_sideways_scroll(page) -> None:
    """Nothing on the desk reaches past the window's right edge."""
    right = page.evaluate(DESK_WIDTH)
    inner = page_width(page)[1]
    assert right <= inner + 0.5, f"the desk reaches {right} px in a {inner} px window"


def tap_text(page, locator) -> None:
    """Tap the middle of the first line of an inline element (a sentence wraps over lines)."""
    locator.scroll_into_view_if_needed()
    box = locator.evaluate(
        "(el) => { const r = el.getClientRects()[0];"
        " return {x: r.left + r.width / 2, y: r.top + r.height / 2}; }"
    )
    page.touchscreen.tap(box["x"], box["y"])


@pytest.mark.parametrize("phone", PHONES, indirect=True, ids=lambda size: f"{size[0]}px")
def test_on_a_phone_marking_and_opening_stay_in_view(phone, login, live_server, checker):
    document = seed_article(checker)
    claim = ready_claim(document, checker, 6)
    page = login(phone, checker)
    open_desk(page, live_server, document)
    no_sideways_scroll(page)

    tap_text(page, page.locator("#s3"))
    mark = page.locator("#mark-button")
    expect(mark).to_be_enabled()
    assert_seen(mark, "Mark as claim")
    mark.tap()
    page.wait_for_selector("#editor[data-claim]")
    assert_seen(page.locator("#editor .editor-head .quote"), "the new claim's quote")
    assert_seen(page.locator("#f-restatement"), "its restatement")
    no_sideways_scroll(page)
    back = page.locator("#editor .editor-close")
    assert_seen(back, "the way back")
    expect(back).to_contain_text("Back to article")
    back.tap()
    expect(page.locator("#editor")).to_have_class("editor editor-empty")
    assert Claim.objects.count() == 2

    tap_text(page, page.locator(f'#article .piece.hl[data-claims~="{claim.pk}"]').first)
    page.wait_for_selector(f'#editor[data-claim="{claim.pk}"]')
    assert_seen(page.locator("#editor .editor-head .quote"), "the opened claim's quote")
    assert_seen(page.locator("#f-verdict"), "its verdict")
    no_sideways_scroll(page)


def shoot(page, output_dir, name: str) -> None:
    page.screenshot(path=str(output_dir / f"{name}.png"))


@pytest.mark.parametrize("size", [(1440, 900), (390, 844)], ids=["1440", "390"])
def test_screenshots_of_the_desk_states(browser, login, live_server, checker, output_dir, size):
    document = seed_article(checker)
    claims = [ready_claim(document, checker, i) for i in (1, 4, 9)]
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = login(context.new_page(), checker)
    tag = f"{size[0]}x{size[1]}"
    open_desk(page, live_server, document)
    no_sideways_scroll(page)
    shoot(page, output_dir, f"desk-empty-{tag}")
    page.locator(f'#article .piece.hl[data-claims~="{claims[1].pk}"]').first.hover()
    shoot(page, output_dir, f"desk-card-{tag}")
    page.locator(f'#article .piece.hl[data-claims~="{claims[1].pk}"]').first.click()
    page.wait_for_selector(f'#editor[data-claim="{claims[1].pk}"]')
    no_sideways_scroll(page)
    shoot(page, output_dir, f"desk-claim-open-{tag}")
    page.click("#sources .add-source summary")
    shoot(page, output_dir, f"desk-add-source-{tag}")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.keyboard.press("?")
    expect(page.locator("#keys-overlay")).to_be_visible()
    shoot(page, output_dir, f"desk-keys-overlay-{tag}")
    page.keyboard.press("Escape")
    page.select_option("#claim-filters select[name=verdict]", "none")
    page.locator("#claim-filters").scroll_into_view_if_needed()
    shoot(page, output_dir, f"desk-filtered-{tag}")
    page.goto(f"{live_server.url}/review/claims/{claims[0].pk}/")
    no_sideways_scroll(page)
    page.screenshot(path=str(output_dir / f"review-claim-editor-{tag}.png"), full_page=True)
    context.close()
