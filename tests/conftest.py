"""Suite-wide set-up. Django fixtures live in tests/factories.py, loaded only with pytest-django,
so that the pure modules' tests also run without Django (`pytest -p no:django --noconftest`)."""

from __future__ import annotations

import os

from hypothesis import settings as hypothesis_settings

# No timed tests (speed lives in bench/): property tests get no per-example deadline, which
# on a loaded 2-core CI machine fails them for the machine's sake, not the code's.
hypothesis_settings.register_profile("factcheck", deadline=None)
hypothesis_settings.load_profile("factcheck")

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still work there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    if config.pluginmanager.has_plugin("django"):
        config.pluginmanager.import_plugin("tests.factories")
        from django.conf import settings

        # A fast hasher whatever DEBUG says: the suite makes and signs in many users.
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        # The local web server of the URL-import tests (fixtures page_server, allow_loopback).
        config.pluginmanager.import_plugin("tests.annotate.pageserver")
