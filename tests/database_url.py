"""The URL of the database a test runs on, for commands and workers started as subprocesses."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.db import connection


def test_database_url() -> str:
    """The test database's URL (not the configured one), for SQLite and PostgreSQL."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    if connection.vendor == "postgresql":
        user = quote(db.get("USER") or "", safe="")
        password = quote(db.get("PASSWORD") or "", safe="")
        auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        port = f":{db['PORT']}" if db.get("PORT") else ""
        return f"postgres://{auth}{db.get('HOST') or 'localhost'}{port}/{db['NAME']}"
    pytest.fail(f"no subprocess database URL for {connection.vendor}")


test_database_url.__test__ = False  # a helper, not a test
