"""Sign-in lockout, the API token page and team invitations, driven in Chromium with the mouse
and the keyboard; screenshots at 1440x900 and 390x844 into test-output/browser/."""

from __future__ import annotations

import pytest
from django.conf import settings
from playwright.sync_api import expect

from annotate.models import ApiToken, Membership, Role
from annotate.services.teams import invitation_create
from tests.factories import make_user

WIDE, PHONE = {"width": 1440, "height": 900}, {"width": 390, "height": 844}
SIZES = (("1440", WIDE), ("390", PHONE))


def _shots(page, output_dir, name: str) -> None:
    for size, viewport in SIZES:
        page.set_viewport_size(viewport)
        page.screenshot(path=str(output_dir / f"{name}-{size}.png"), full_page=True)
    page.set_viewport_size(WIDE)


def _sign_in(page, url: str, username: str, password: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.django_db(transaction=True)
def test_a_locked_out_sign_in_says_why(page, live_server, checker, output_dir):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(page, live_server.url, "carla", f"wrong-{n}")
    _sign_in(page, live_server.url, "carla", "correct horse battery staple")
    alert = page.locator("[data-locked-out]")
    expect(alert).to_contain_text("Too many failed sign-ins")
    expect(alert).to_contain_text("15 minutes")
    assert page.url.endswith("/accounts/login/")
    _shots(page, output_dir, "login-locked")


@pytest.mark.django_db(transaction=True)
def test_the_token_page_shows_a_new_key_once(page, login, live_server, checker, output_dir):
    login(page, checker)
    page.click("text=API tokens")
    page.select_option("select[name=expires_in_days]", "30")
    page.click("text=Create a token")
    key = page.locator("#new-token").inner_text()
    assert len(key) == 40
    expect(page.locator(".token-new")).to_contain_text("shown only this once")
    _shots(page, output_dir, "tokens-new")
    page.reload()
    expect(page.locator("#new-token")).to_have_count(0)
    expect(page.locator("#token-status")).to_contain_text(f"…{key[-4:]}")
    assert ApiToken.objects.filter(user=checker.user).count() == 1
    _shots(page, output_dir, "tokens")


@pytest.mark.django_db(transaction=True)
def test_an_admin_invites_and_the_invitee_accepts_by_keyboard(
    page, browser, login, live_server, team, team_admin, checker, output_dir
):
    invitation_create(by=team_admin, username="someone-else", role=Role.VIEWER)
    login(page, team_admin)
    page.goto(f"{live_server.url}/teams/members/")
    page.fill("[data-invite-user] input[name=username]", "newbie")
    page.select_option("[data-invite-user] select[name=role]", "reviewer")
    page.click("[data-invite-user] button")
    expect(page.locator(".messages")).to_contain_text("Invitation for newbie saved")
    page.click("[data-invite-link] button")
    expect(page.locator("[data-fresh-link]")).to_contain_text("/invitations/join/")
    expect(page.locator("[data-invitations] tbody tr")).to_have_count(3)
    _shots(page, output_dir, "members-invitations")

    make_user("newbie")
    other = browser.new_context(viewport=WIDE)
    invitee = other.new_page()
    _sign_in(invitee, live_server.url, "newbie", "correct horse battery staple")
    expect(invitee.locator(".messages")).to_contain_text("You have 1 invitation")
    invitee.click("text=Invitations")
    expect(invitee.locator("[data-my-invitations]")).to_contain_text("Daily Planet")
    _shots(invitee, output_dir, "invitations")
    join = invitee.locator("[data-my-invitations] button.primary")
    join.focus()
    with invitee.expect_navigation():
        invitee.keyboard.press("Enter")
    expect(invitee.locator(".messages")).to_contain_text("You joined Daily Planet as reviewer")
    assert Membership.objects.get(user__username="newbie", team=team).role == Role.REVIEWER
    other.close()
