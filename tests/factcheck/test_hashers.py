"""Passwords: Argon2id at OWASP's setting for new hashes; old PBKDF2 hashes verify and upgrade."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password

# The hashers of a real deployment (tests otherwise run with FAST_PASSWORD_HASHER's MD5).
PRODUCTION = [
    "factcheck.hashers.NewsroomArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


@pytest.fixture(autouse=True)
def _production_hashers(settings):
    settings.PASSWORD_HASHERS = PRODUCTION


def test_the_settings_put_argon2id_first_unless_the_fast_test_hasher_is_asked_for():
    source = (Path(__file__).resolve().parents[2] / "factcheck" / "settings.py").read_text()
    assert 'PASSWORD_HASHERS = [\n    "factcheck.hashers.NewsroomArgon2PasswordHasher",' in source


def test_new_passwords_are_argon2id_at_owasps_setting():
    encoded = make_password("correct horse battery staple")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password("correct horse battery staple", encoded)
    assert not check_password("wrong horse", encoded)


@pytest.mark.django_db
def test_an_old_pbkdf2_password_still_logs_in_and_is_upgraded(client):
    user = get_user_model().objects.create(username="old")
    user.password = make_password("s3cret-enough", hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    response = client.post("/accounts/login/", {"username": "old", "password": "s3cret-enough"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
