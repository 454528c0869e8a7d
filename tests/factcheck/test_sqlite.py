"""SQLite as the embedded default holds many writers: WAL, a busy timeout, BEGIN IMMEDIATE.

The test database is a file under var/ opened with the same OPTIONS as `make run`'s, so these
tests (threads, each with its own connection) run against what users get. The last test shows
why it matters: the same read-then-write workload on SQLite's default DEFERRED transactions
fails with "database is locked".
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import close_old_connections, connection, connections, transaction
from django.utils import timezone

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite's locking only",
)

THREADS = 8
ROUNDS = 15


def _pragma(name: str):
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_test_database_is_a_file_with_the_embedded_defaults():
    assert Path(connection.settings_dict["NAME"]).is_file()  # not :memory:
    assert _pragma("journal_mode") == "wal"
    assert _pragma("busy_timeout") == settings.SQLITE_BUSY_TIMEOUT * 1000
    assert connection.transaction_mode == "IMMEDIATE"


@pytest.mark.django_db(transaction=True)
def test_a_transaction_holds_the_write_lock_from_its_start():
    """atomic() issues BEGIN IMMEDIATE: another writer is kept out before anything is written."""
    other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0, isolation_level=None)
    try:
        with transaction.atomic():
            Session.objects.exists()  # a read only
            with pytest.raises(sqlite3.OperationalError, match="database is locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # free again once the transaction ends
        other.execute("ROLLBACK")
    finally:
        other.close()


def _in_threads(work: Callable[[int], None]) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def run(n: int) -> None:
        start.wait()
        try:
            for _ in range(ROUNDS):
                work(n)
        except BaseException as error:  # collected and asserted on below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_logins_and_read_then_write_transactions_never_see_a_locked_database():
    """What a login does (a new session) and a read-modify-write, from many threads at once."""
    Session.objects.create(
        session_key="counter", session_data="0", expire_date=timezone.now() + timezone.timedelta(1)
    )

    def work(n: int) -> None:
        store = SessionStore()
        store["user"] = n
        store.create()  # its own atomic block, as in django.contrib.auth.login
        with transaction.atomic():
            counter = Session.objects.get(pk="counter")  # read ...
            counter.session_data = str(int(counter.session_data) + 1)
            counter.save(update_fields=["session_data"])  # ... then write

    errors = _in_threads(work)
    close_old_connections()
    assert errors == []
    # Every increment kept: the writers were serialized, no update was lost.
    assert Session.objects.get(pk="counter").session_data == str(THREADS * ROUNDS)
    assert Session.objects.exclude(pk="counter").count() == THREADS * ROUNDS


def _hammer(path: Path, begin: str, init: list[str], timeout: float) -> list[BaseException]:
    """Raw sqlite3 threads doing read-then-write transactions; the errors they met."""
    setup = sqlite3.connect(path, isolation_level=None)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE IF NOT EXISTS counter (n INTEGER)")
    setup.execute("INSERT INTO counter VALUES (0)")
    setup.close()

    def work(n: int) -> None:
        db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        try:
            for command in init:
                db.execute(command)
            db.execute(begin)
            (value,) = db.execute("SELECT n FROM counter").fetchone()
            db.execute("UPDATE counter SET n = ?", (value + 1,))
            db.execute("COMMIT")
        finally:
            db.close()

    return _in_threads(work)


def test_the_same_workload_on_deferred_transactions_fails_and_ours_does_not(tmp_path):
    options = settings.DATABASES["default"]["OPTIONS"]
    ours = [c.strip() for c in options["init_command"].split(";") if c.strip()]
    immediate = _hammer(tmp_path / "ours.sqlite3", "BEGIN IMMEDIATE", ours, options["timeout"])
    deferred = _hammer(tmp_path / "deferred.sqlite3", "BEGIN", ["PRAGMA journal_mode=WAL"], 5)
    assert immediate == []
    assert deferred, "the deferred workload should have met a locked database"
    assert all("database is locked" in str(error) for error in deferred)
