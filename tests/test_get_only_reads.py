"""No GET writes to the database (issue 19): every page, partial and API read, walked from the
URL configuration, runs with no INSERT, UPDATE or DELETE.

A write on a read is what made SQLite answer "database is locked" while people watched an import
(the job pages used to fail stale jobs on every poll). The team holds one object of every kind,
including a job left running long ago by a dead worker (the sweep fails it, not a page). A route
whose id this test does not know how to fill fails the test, so a new route is not skipped.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from annotate.api.tokens import token_create
from annotate.models import Job, JobStatus, Review
from annotate.services.claims import claim_create, source_add
from annotate.services.comments import comment_add
from annotate.services.exports import export_start
from annotate.services.imports import import_start
from annotate.services.jobs import STALE_AFTER_SECONDS
from annotate.services.reviews import claim_submit
from annotate.services.teams import invitation_create, invitation_link_create
from tests.annotate.tasks import importfiles as files
from tests.factories import make_user

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
# Django's own admin (read-only for our models, its own tests) and the logout view (a POST).
SKIPPED_PREFIXES = ("admin/", "accounts/logout/")


def routes(patterns=None, prefix: str = "", namespace: str = "") -> list[tuple[str, str, str]]:
    """(route, name, namespace) for every URL pattern, includes flattened."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace or ""]))
            found += routes(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            found.append((route, entry.name or "", namespace))
    return found


@pytest.fixture
def world(team, checker, reviewer, team_admin, document, django_capture_on_commit_callbacks):
    """One object of every kind the routes name, in the checker's team."""
    quote = "The U.S. spent $5 billion in 2019."
    verdict = team.verdicts.get(key="false")
    claim = claim_create(
        membership=checker,
        document=document,
        start=0,
        end=len(quote),
        quote=quote,
        restatement="Spending was $5bn.",
        verdict=verdict,
    )
    source = source_add(membership=checker, claim=claim, url="https://example.org/budget")
    claim.refresh_from_db()
    claim_submit(membership=checker, claim=claim, version=claim.version)
    comment = comment_add(membership=reviewer, claim=claim, body="<p>Looks right.</p>")
    with django_capture_on_commit_callbacks(execute=True):
        export = export_start(membership=checker, document_ids=[document.pk], fmt="csv")
        [done] = import_start(membership=checker, uploads=[("a.txt", files.txt())])
    [stale] = import_start(
        membership=checker, uploads=[("b.txt", files.txt(text="Other."))], enqueue=False
    )
    long_ago = timezone.now() - timezone.timedelta(seconds=STALE_AFTER_SECONDS + 60)
    Job.objects.filter(pk=stale.pk).update(status=JobStatus.RUNNING, started_at=long_ago)
    token_create(user=checker.user)
    invitation = invitation_create(by=team_admin, username=make_user().username, role="checker")
    link = invitation_link_create(by=team_admin, role="checker")
    return {
        "invitation": invitation.pk,
        "secret": link.secret,
        "document": document.pk,
        "claim": claim.pk,
        "source": source.pk,
        "comment": comment.pk,
        "review": Review.objects.filter(claim=claim).first().pk,
        "team": team.pk,
        "member": reviewer.pk,
        "export": export.pk,
        "import": done.pk,
        "job": stale.pk,
    }


# The word before a route's <pk> names the kind of object ("documents/<int:pk>/" -> document).
KINDS = {
    "documents": "document",
    "claims": "claim",
    "sources": "source",
    "comments": "comment",
    "reviews": "review",
    "teams": "team",
    "members": "member",
    "jobs": "job",
    "imports": "import",
    "exports": "export",
    "invitations": "invitation",
}


def object_for(route: str, world: dict) -> int:
    """The id a route's <pk> names."""
    word = re.search(r"([a-z]+)/(<[^>]*pk>|\(\?P<pk>)", route)
    kind = KINDS.get(word.group(1)) if word else None
    if kind is None:
        raise AssertionError(f"test_get_only_reads: no object for route {route!r}")
    return world[kind]


def fill(route: str, name: str, world: dict) -> str:
    """A concrete path for `route`: ids filled, regex anchors and format suffixes dropped."""
    path = route.replace("^", "").replace("$", "")
    path = re.sub(r"\\\.\(\?P<format>[^)]*\)/?\??", "", path)
    path = re.sub(r"\(\?P<format>[^)]*\)", "", path)
    pk = None
    if re.search(r"<[^>]*pk>|\(\?P<pk>", path):
        pk = object_for(route, world)
    path = re.sub(r"<(int:)?pk>|\(\?P<pk>[^)]*\)", str(pk), path)
    path = path.replace("<str:secret>", world["secret"])
    path = path.replace("\\.", ".").replace("/?", "/")
    assert "<" not in path and "(" not in path, f"unfilled route {route!r}"
    return "/" + path


def get_paths(world: dict) -> list[str]:
    paths = []
    for route, name, _namespace in routes():
        if route.startswith(SKIPPED_PREFIXES) or "format" in route:
            continue
        paths.append(fill(route, name, world))
    return sorted(set(paths))


def writes_during(client, path: str, **headers) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    writes = [query["sql"] for query in queries.captured_queries if WRITE.match(query["sql"])]
    return response.status_code, writes


def test_every_get_route_only_reads(client_for, checker, world):
    client = client_for(checker)
    paths = get_paths(world)
    expected = {
        "/jobs/",
        f"/jobs/{world['job']}/",
        "/api/jobs/",
        f"/review/claims/{world['claim']}/",
    }
    assert expected <= set(paths)
    answered = 0
    for path in paths:
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            status, writes = writes_during(client, path, **headers)
            assert status < 500, f"GET {path} answered {status}"
            assert writes == [], f"GET {path} {headers} wrote: {writes}"
            answered += status == 200
    assert answered > len(paths)  # most routes really answered (not refused before reading)
    assert Job.objects.get(pk=world["job"]).status == JobStatus.RUNNING  # no page failed it


def test_get_routes_only_read_for_anonymous_visitors(client, world):
    for path in get_paths(world):
        status, writes = writes_during(client, path)
        assert status < 500, f"GET {path} answered {status}"
        assert writes == [], f"GET {path} wrote: {writes}"
