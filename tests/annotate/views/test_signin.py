"""Sign-in throttling (django-axes): per account and per address, a clear message, an unlock."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
LOCKED = "Too many failed sign-ins for this account or from this address"


def _sign_in(client, username: str, password: str, ip: str = "203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_thirty_wrong_passwords_lock_the_account_with_a_clear_message(client):
    user = make_user("lena")
    statuses = [_sign_in(client, "lena", f"wrong-{n}").status_code for n in range(30)]
    assert statuses[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert set(statuses[settings.AXES_FAILURE_LIMIT :]) == {429}
    response = _sign_in(client, "lena", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page
    assert "15 minutes" in page
    assert 'name="username"' in page and 'value="lena"' in page
    assert not _signed_in(client)
    user.refresh_from_db()
    assert user.last_login is None


def test_the_right_password_after_the_cool_down_works(client):
    make_user("lena")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for n in range(30):
            _sign_in(client, "lena", f"wrong-{n}")
        assert _sign_in(client, "lena", PASSWORD).status_code == 429
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        assert _sign_in(client, "lena", PASSWORD).status_code == 429
        assert not _signed_in(client)
    with time_machine.travel(start + timedelta(minutes=30), tick=False):
        response = _sign_in(client, "lena", PASSWORD)
        assert response.status_code == 302
        assert _signed_in(client)


def test_one_address_trying_many_accounts_is_locked_out(client):
    for n in range(settings.AXES_FAILURE_LIMIT):
        make_user(f"person{n}")
        _sign_in(client, f"person{n}", "guess", ip="198.51.100.9")
    make_user("fresh")
    response = _sign_in(client, "fresh", PASSWORD, ip="198.51.100.9")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    # Another address signs in to the same account as usual.
    assert _sign_in(client, "fresh", PASSWORD, ip="198.51.100.10").status_code == 302


def test_one_account_tried_from_many_addresses_is_locked_out(client):
    make_user("lena")
    for n in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "lena", "guess", ip=f"192.0.2.{n + 1}")
    response = _sign_in(client, "lena", PASSWORD, ip="192.0.2.200")
    assert response.status_code == 429
    assert not _signed_in(client)


def test_a_few_failures_then_the_right_password_signs_in_and_clears_the_count(client):
    make_user("lena")
    for n in range(3):
        assert _sign_in(client, "lena", f"typo-{n}").status_code == 200
    assert _sign_in(client, "lena", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="lena").exists()


def test_the_unlock_command_lets_a_locked_account_in_at_once(client):
    make_user("lena")
    for n in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "lena", f"wrong-{n}")
    assert _sign_in(client, "lena", PASSWORD).status_code == 429
    call_command("axes_reset_username", "lena")
    assert _sign_in(client, "lena", PASSWORD).status_code == 302


def test_an_admin_unlocks_an_account_from_the_user_list(client):
    make_user("lena")
    for n in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "lena", f"wrong-{n}", ip="192.0.2.50")
    admin = get_user_model().objects.create_superuser("root", password=PASSWORD)
    client.force_login(admin)
    lena = get_user_model().objects.get(username="lena")
    response = client.post(
        "/admin/auth/user/",
        {"action": "unlock_sign_in", "_selected_action": [lena.pk]},
        follow=True,
    )
    assert "Sign-in unlocked for 1 account" in response.content.decode()
    client.logout()
    assert _sign_in(client, "lena", PASSWORD, ip="192.0.2.50").status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_client_is_counted(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    make_user("lena")
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN,
            {"username": f"nobody{n}", "password": "x"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"1.2.3.4, 198.51.100.{n}",
        )
    # Every attempt came from a different client behind the one proxy: nobody is locked out.
    response = client.post(
        LOGIN,
        {"username": "lena", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.77",
    )
    assert response.status_code == 302
