"""Personal API tokens: stored as hashes, expiring, last-used time, failed keys throttled."""

from __future__ import annotations

import importlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.apps import apps as django_apps
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from annotate.api.authentication import EXPIRED, TOO_MANY
from annotate.api.tokens import token_create
from annotate.models import ApiToken
from annotate.models.token import hash_key

pytestmark = pytest.mark.django_db


def _script(key: str, ip: str = "203.0.113.5") -> APIClient:
    client = APIClient(REMOTE_ADDR=ip)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_only_the_hash_of_a_key_is_stored(checker):
    issued = token_create(user=checker.user)
    row = ApiToken.objects.get(user=checker.user)
    assert row.key_hash == hash_key(issued.key) != issued.key
    assert row.last_four == issued.key[-4:]
    stored = [str(value) for value in ApiToken.objects.values_list(flat=False).get()]
    assert not any(issued.key in value for value in stored)
    assert _script(issued.key).get("/api/teams/").status_code == 200


def test_a_key_that_is_only_the_stored_hash_does_not_sign_in(checker):
    issued = token_create(user=checker.user)
    response = _script(issued.token.key_hash).get("/api/teams/")
    assert response.status_code == 403
    assert response.json()["detail"] == "Invalid token."


def test_last_used_is_recorded_at_most_once_a_minute(checker):
    issued = token_create(user=checker.user)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _script(issued.key).get("/api/teams/")
    issued.token.refresh_from_db()
    assert issued.token.last_used_at == start
    with time_machine.travel(start + timedelta(seconds=20), tick=False):
        _script(issued.key).get("/api/teams/")
    issued.token.refresh_from_db()
    assert issued.token.last_used_at == start
    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        _script(issued.key).get("/api/teams/")
    issued.token.refresh_from_db()
    assert issued.token.last_used_at == start + timedelta(minutes=5)


def test_an_expired_token_is_refused_with_a_clear_message(checker):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        issued = token_create(user=checker.user, expires_in_days=30)
    assert issued.token.expires_at == start + timedelta(days=30)
    with time_machine.travel(start + timedelta(days=29), tick=False):
        assert _script(issued.key).get("/api/teams/").status_code == 200
    with time_machine.travel(start + timedelta(days=30, seconds=1), tick=False):
        response = _script(issued.key).get("/api/teams/")
    assert response.status_code == 403
    assert response.json()["detail"] == EXPIRED


def test_a_token_without_expiry_never_expires(checker):
    issued = token_create(user=checker.user, expires_in_days=None)
    assert issued.token.expires_at is None
    with time_machine.travel(timezone.now() + timedelta(days=3650), tick=False):
        assert _script(issued.key).get("/api/teams/").status_code == 200


def test_wrong_keys_from_one_address_are_throttled_even_the_right_one(checker, settings):
    settings.API_TOKEN_FAILURE_LIMIT = 5
    # The counter's expiry is read from the clock time_machine moves: a local-memory cache,
    # also when the suite runs on Redis (whose TTLs follow the server's own clock).
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}
    }
    issued = token_create(user=checker.user)
    for n in range(5):
        assert _script(f"{n:040x}").get("/api/teams/").status_code == 403
    response = _script(issued.key).get("/api/teams/")
    assert response.status_code == 429
    assert response.json()["detail"].startswith(TOO_MANY)
    assert int(response["Retry-After"]) > 0
    # Another address is not held back; the window's end lets the first one in again.
    assert _script(issued.key, ip="198.51.100.1").get("/api/teams/").status_code == 200
    later = timezone.now() + timedelta(seconds=settings.API_TOKEN_FAILURE_WINDOW + 1)
    with time_machine.travel(later):
        # LocMemCache reads the clock too: the counter has expired.
        assert _script(issued.key).get("/api/teams/").status_code == 200


def test_an_inactive_users_token_is_refused(checker):
    issued = token_create(user=checker.user)
    checker.user.is_active = False
    checker.user.save(update_fields=["is_active"])
    response = _script(issued.key).get("/api/teams/")
    assert response.status_code == 403


def test_existing_clear_tokens_are_carried_over_as_hashes(checker):
    """The migration hashes rest_framework.authtoken's rows and wipes the clear keys."""
    migration = importlib.import_module("annotate.migrations.0003_i14s_hashed_tokens")
    key = "a" * 36 + "beef"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id integer, "
            "created timestamp with time zone)"
            if connection.vendor == "postgresql"
            else "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id integer, "
            "created datetime)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s)",
            [key, checker.user.pk, timezone.now()],
        )
    migration.hash_legacy_tokens(django_apps, SimpleNamespace(connection=connection))
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM authtoken_token")
        assert cursor.fetchone()[0] == 0
        cursor.execute("DROP TABLE authtoken_token")
    token = ApiToken.objects.get(user=checker.user)
    assert token.key_hash == hash_key(key) and token.last_four == "beef"
    assert _script(key).get("/api/teams/").status_code == 200
