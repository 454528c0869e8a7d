"""Test data built through the services, as the app builds it, plus fixtures for named users."""

from __future__ import annotations

import itertools
import os
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from annotate.models import Document, Membership, Role, Team
from annotate.services.documents import document_create
from annotate.services.teams import membership_set, team_create
from annotate.text.normalize import normalize_text

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True, scope="session")
def _celery_eager():
    """Tasks run inline unless a test starts a real worker (see `celery_worker` fixtures)."""
    from factcheck.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture(scope="session")
def redis_url():
    """A real Redis: REDIS_URL when set (CI's redis-server), else the embedded one."""
    external = os.environ.get("REDIS_URL", "").strip()
    if external:
        yield external
        return
    from factcheck.redis_embedded import EmbeddedRedis

    # Unix socket paths are limited to about 100 bytes: keep the folder short.
    server = EmbeddedRedis(Path(tempfile.mkdtemp(prefix="fc-redis-")))
    server.start()
    yield server.url
    server.stop()


@pytest.fixture
def stopped_broker():
    """Celery pointed at a real Redis that was started and then stopped (not a mock): every
    publish fails the way it does when the newsroom's Redis is down."""
    from factcheck.celery import app
    from factcheck.redis_embedded import EmbeddedRedis

    server = EmbeddedRedis(Path(tempfile.mkdtemp(prefix="fc-down-")))
    server.start()
    server.stop()
    saved = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager, app.conf.broker_url = False, server.url
    app._pool, app.amqp._producer_pool = None, None  # no connection made to another broker
    yield server
    app.conf.task_always_eager, app.conf.broker_url = saved
    app._pool, app.amqp._producer_pool = None, None


@pytest.fixture
def media_quota(settings):
    """Set MEDIA_ROOT's quota in bytes: `media_quota(0)` is a full disk (tests/quota_storage)."""

    def limit(quota: int) -> None:
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": "tests.quota_storage.QuotaStorage", "OPTIONS": {"quota": quota}},
        }

    return limit


def media_files(settings) -> list[Path]:
    """Every file under MEDIA_ROOT."""
    return sorted(path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file())


def make_team(name: str | None = None, slug: str | None = None) -> Team:
    n = next(_counter)
    return team_create(name=name or f"Team {n}", slug=slug or f"team-{n}")


def make_user(username: str | None = None):
    username = username or f"user{next(_counter)}"
    return get_user_model().objects.create_user(username=username, password=PASSWORD)


def make_member(team: Team, role: str = Role.CHECKER, username: str | None = None) -> Membership:
    return membership_set(team=team, user=make_user(username), role=role)


def make_document(team: Team, text: str | None = None, title: str = "A document", **kw) -> Document:
    if text is None:
        text = f"First sentence number {next(_counter)}. Second sentence here.\n\nA new paragraph."
    return document_create(
        team=team,
        created_by=kw.pop("created_by", None),
        title=title,
        text=normalize_text(text),
        source_format=kw.pop("source_format", "txt"),
        **kw,
    )


def sentences_text(n: int, seed: int = 0) -> str:
    """A document of `n` sentences in paragraphs of five."""
    sentences = [f"Sentence {seed}-{i} says the U.S. spent {i} dollars." for i in range(n)]
    paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, n, 5)]
    return "\n\n".join(paragraphs)


@pytest.fixture
def team(db) -> Team:
    return make_team("Daily Planet", "planet")


@pytest.fixture
def other_team(db) -> Team:
    return make_team("Rival Gazette", "rival")


@pytest.fixture
def checker(team) -> Membership:
    return make_member(team, Role.CHECKER, "carla")


@pytest.fixture
def checker2(team) -> Membership:
    return make_member(team, Role.CHECKER, "chidi")


@pytest.fixture
def reviewer(team) -> Membership:
    return make_member(team, Role.REVIEWER, "rosa")


@pytest.fixture
def viewer(team) -> Membership:
    return make_member(team, Role.VIEWER, "vic")


@pytest.fixture
def team_admin(team) -> Membership:
    return make_member(team, Role.ADMIN, "ada")


@pytest.fixture
def outsider(other_team) -> Membership:
    return make_member(other_team, Role.ADMIN, "olga")


@pytest.fixture
def document(team, checker) -> Document:
    return make_document(
        team,
        "The U.S. spent $5 billion in 2019. Critics disagree.\n\nOfficials said so on Monday.",
        title="Budget story",
        created_by=checker.user,
    )


@pytest.fixture
def client_for(client):
    """Log a membership's user in on the test client and return the client."""

    def login(membership: Membership):
        client.force_login(membership.user)
        return client

    return login
