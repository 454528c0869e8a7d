"""Configuration comes from the environment; production refuses to start unsafe."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from factcheck.env import env_bool, env_int, secret_key

ROOT = Path(__file__).resolve().parents[2]


def test_development_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = secret_key(debug=True, var_dir=tmp_path)
    assert len(first) > 40
    assert secret_key(debug=True, var_dir=tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_production_without_secret_key_stops_with_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is not set"):
        secret_key(debug=False, var_dir=tmp_path)
    assert not (tmp_path / "secret_key").exists()


def test_bad_boolean_and_number_are_reported(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be true or false"):
        env_bool("DEBUG", True)
    monkeypatch.setenv("MAX_UPLOAD_MB", "ten")
    with pytest.raises(ImproperlyConfigured, match="MAX_UPLOAD_MB must be a whole number"):
        env_int("MAX_UPLOAD_MB", 20)


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_start_up_without_secret_key_in_production_fails():
    result = _manage("check", DEBUG="false", ALLOWED_HOSTS="news.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="x" * 30 + "-a-long-random-production-secret-value-0123456789",
        ALLOWED_HOSTS="news.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_pages_carry_security_headers(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


PROD_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 30 + "-a-long-random-production-secret-value-0123456789",
    "ALLOWED_HOSTS": "news.example.org",
}
PRINT_HASHER = "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])"


def test_production_hashes_passwords_strongly_and_development_fast():
    production = _manage("shell", "-c", PRINT_HASHER, **PROD_ENV)
    assert production.stdout.split()[-1] == "factcheck.hashers.NewsroomArgon2PasswordHasher"
    development = _manage("shell", "-c", PRINT_HASHER)
    assert development.stdout.split()[-1] == "django.contrib.auth.hashers.MD5PasswordHasher"


def test_a_fast_hasher_is_refused_in_production():
    result = _manage("check", FAST_PASSWORD_HASHER="true", **PROD_ENV)
    assert result.returncode != 0
    assert "FAST_PASSWORD_HASHER is for development only" in result.stderr


def test_the_suite_uses_the_fast_hasher(settings):
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
