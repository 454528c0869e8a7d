"""The permission matrix: every route of the URL conf and the API router, for every role (viewer,
checker, reviewer, admin, a member of another team, anonymous) and every method.

Each route has an entry in MATRIX saying which methods it answers and who may use each; the test
sends every method as every role and asserts the status the entry implies: 405 for a method the
route does not answer, a login redirect (pages) or 401/403 (API) for anonymous, 404 for another
team's member on a route naming one of this team's objects, 403 for a role below the entry's, and
no refusal and no server error for who may. Every refused request must leave the database as it
was. `test_every_route_has_an_entry` fails for a route added without an entry, and for an entry
whose route is gone.

The objects every route names belong to the team and were written by "ana", a checker who is
none of the roles tried, so no role is ever the author of what it acts on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from annotate.models import Claim, Job, JobKind, JobStatus, Role
from annotate.services import claims as claim_services
from annotate.services.comments import comment_add
from annotate.services.reviews import claim_submit
from annotate.services.teams import invitation_create, invitation_link_create
from tests.annotate.services.reviewkit import make_claim
from tests.factories import make_document, make_member, make_team

pytestmark = pytest.mark.django_db

ROLES = ("viewer", "checker", "reviewer", "admin", "outsider", "anonymous")
METHODS = ("get", "post", "put", "patch", "delete")
LEVELS = {  # who may: the roles of this team that pass
    "anyone": {"viewer", "checker", "reviewer", "admin"},
    "user": {"viewer", "checker", "reviewer", "admin"},
    "member": {"viewer", "checker", "reviewer", "admin"},
    "editor": {"checker", "reviewer", "admin"},
    "reviewer": {"reviewer", "admin"},
    "admin": {"admin"},
}
TEXT = "The U.S. spent $5 billion in 2019. Critics disagree.\n\nOfficials said so on Monday."


@dataclass
class Entry:
    """How one route answers: {method: who may}, the object its path names, request bodies."""

    methods: dict[str, str]
    obj: str | None = None  # the key in `objects` whose pk fills the path
    body: dict[str, Callable[[dict], Any]] = field(default_factory=dict)
    api: bool = False
    multipart: bool = False
    names_object: bool = False  # the body names this team's objects (another team's: 400/404)
    # The path's arguments when they are not a team object's pk (an invitation link's secret).
    url_kwargs: Callable[[dict], dict] | None = None


def _v(objects: dict, key: str) -> int:
    return Claim.everything.get(pk=objects[key].pk).version


A = {"api": True}
MATRIX: dict[str, Entry] = {
    # --- Accounts, the API schema -------------------------------------------------------------
    "login": Entry({"get": "anyone", "post": "anyone"}),
    "logout": Entry({"post": "anyone"}),
    # The schema and its docs need a sign-in (or a token) unless API_DOCS_PUBLIC is set; the
    # docs pages send anonymous visitors to the login page.
    "api:schema": Entry({"get": "user"}, **A),
    "api:docs": Entry({"get": "user"}),
    "api:redoc": Entry({"get": "user"}),
    # --- Pages -------------------------------------------------------------------------------
    "annotate:document-list": Entry({"get": "member"}),
    "annotate:team-switch": Entry(
        {"post": "member"}, body={"post": lambda o: {"team": o["team"].pk}}
    ),
    "annotate:document-detail": Entry({"get": "member"}, obj="document"),
    "annotate:claim-permalink": Entry({"get": "member"}, obj="in_review"),
    "annotate:desk": Entry({"get": "member"}, obj="document"),
    "annotate:desk-claim-create": Entry(
        {"post": "editor"},
        obj="document",
        body={"post": lambda o: {"start": 0, "end": 8, "quote": "The U.S."}},
    ),
    "annotate:desk-claim": Entry({"get": "member"}, obj="in_review"),
    "annotate:desk-claim-update": Entry(
        {"post": "editor"},
        obj="in_review",
        body={"post": lambda o: {"restatement": "Changed.", "version": _v(o, "in_review")}},
    ),
    "annotate:desk-claim-delete": Entry({"post": "reviewer"}, obj="draft"),
    "annotate:desk-source-add": Entry(
        {"post": "editor"},
        obj="in_review",
        body={"post": lambda o: {"url": "https://new.example.org/", "version": _v(o, "in_review")}},
    ),
    "annotate:desk-source-update": Entry(
        {"post": "editor"},
        obj="source",
        body={"post": lambda o: {"url": "https://new.example.org/", "version": _v(o, "in_review")}},
    ),
    "annotate:desk-source-remove": Entry(
        {"post": "editor"}, obj="source", body={"post": lambda o: {"version": _v(o, "in_review")}}
    ),
    "annotate:import-new": Entry(
        {"get": "editor", "post": "editor"},
        body={"post": lambda o: {"files": SimpleUploadedFile("a.txt", b"A new story here.")}},
        multipart=True,
    ),
    "annotate:review-queue": Entry({"get": "member"}),
    "annotate:review-badge": Entry({"get": "member"}),
    "annotate:review-claim": Entry({"get": "member"}, obj="in_review"),
    "annotate:review-panel": Entry({"get": "member"}, obj="in_review"),
    "annotate:review-submit": Entry(
        {"post": "editor"}, obj="draft", body={"post": lambda o: {"version": _v(o, "draft")}}
    ),
    "annotate:review-approve": Entry(
        {"post": "reviewer"},
        obj="in_review",
        body={"post": lambda o: {"version": _v(o, "in_review")}},
    ),
    "annotate:review-request-changes": Entry(
        {"post": "reviewer"},
        obj="in_review",
        body={"post": lambda o: {"version": _v(o, "in_review"), "comment": "Fix."}},
    ),
    "annotate:review-comment": Entry(
        {"post": "editor"}, obj="in_review", body={"post": lambda o: {"body": "<p>Hi</p>"}}
    ),
    "annotate:review-edit": Entry(
        {"post": "editor"},
        obj="in_review",
        body={"post": lambda o: {"restatement": "Changed.", "version": _v(o, "in_review")}},
    ),
    "annotate:review-source-add": Entry(
        {"post": "editor"},
        obj="in_review",
        body={"post": lambda o: {"url": "https://new.example.org/", "version": _v(o, "in_review")}},
    ),
    "annotate:team-members": Entry({"get": "admin", "post": "admin"}),
    "annotate:team-member-role": Entry(
        {"post": "admin"}, obj="ana_membership", body={"post": lambda o: {"role": "reviewer"}}
    ),
    "annotate:team-member-remove": Entry({"post": "admin"}, obj="ana_membership"),
    "annotate:export-create": Entry(
        {"post": "member"},
        body={"post": lambda o: {"documents": [o["document"].pk], "format": "json"}},
        names_object=True,
    ),
    "annotate:job-list": Entry({"get": "member"}),
    "annotate:job-detail": Entry({"get": "member"}, obj="job"),
    "annotate:job-download": Entry({"get": "member"}, obj="job"),
    "annotate:export-job": Entry({"get": "member"}, obj="job"),
    "annotate:export-download": Entry({"get": "member"}, obj="job"),
    "annotate:api-tokens": Entry({"get": "user"}),
    "annotate:api-token-new": Entry({"post": "user"}),
    "annotate:api-token-revoke": Entry({"post": "user"}),
    # Invitations: the invitee's pages need only a sign-in (no team yet); an invitation for
    # somebody else is a 404 to every role. The link works for whoever opens it signed in.
    "annotate:invitations": Entry({"get": "user"}),
    "annotate:invitation-accept": Entry({"post": "user"}, obj="invitation"),
    "annotate:invitation-decline": Entry({"post": "user"}, obj="invitation"),
    "annotate:invitation-link": Entry(
        {"get": "user", "post": "user"},
        url_kwargs=lambda o: {"secret": o["link_secret"]},
        body={"post": lambda o: {"answer": "maybe"}},
    ),
    "annotate:team-invitation-link": Entry(
        {"post": "admin"}, body={"post": lambda o: {"role": "viewer"}}
    ),
    "annotate:team-invitation-revoke": Entry({"post": "admin"}, obj="invitation"),
    "annotate:document-trash": Entry({"get": "member"}, obj="document"),
    "annotate:claim-restore": Entry({"post": "reviewer"}, obj="trashed"),
    # --- API ---------------------------------------------------------------------------------
    "api:team-list": Entry({"get": "user"}, **A),
    "api:document-list": Entry({"get": "member"}, **A),
    "api:document-detail": Entry({"get": "member"}, obj="document", **A),
    "api:document-sentences": Entry({"get": "member"}, obj="document", **A),
    "api:claim-list": Entry(
        {"get": "member", "post": "editor"},
        body={
            "post": lambda o: {
                "document": o["document"].pk,
                "start": 0,
                "end": 8,
                "quote": "The U.S.",
            }
        },
        names_object=True,
        **A,
    ),
    "api:claim-detail": Entry(
        {"get": "member", "patch": "editor", "delete": "reviewer"},
        obj="draft",
        body={"patch": lambda o: {"restatement": "Changed.", "version": _v(o, "draft")}},
        **A,
    ),
    "api:claim-approve": Entry(
        {"post": "reviewer"},
        obj="in_review",
        body={"post": lambda o: {"version": _v(o, "in_review")}},
        **A,
    ),
    "api:claim-request-changes": Entry(
        {"post": "reviewer"},
        obj="in_review",
        body={"post": lambda o: {"version": _v(o, "in_review"), "comment": "Fix."}},
        **A,
    ),
    "api:claim-restore": Entry({"post": "reviewer"}, obj="trashed", **A),
    "api:claim-submit": Entry({"post": "editor"}, obj="draft", **A),
    "api:source-list": Entry(
        {"get": "member", "post": "editor"},
        body={"post": lambda o: {"claim": o["in_review"].pk, "url": "https://new.example.org/"}},
        names_object=True,
        **A,
    ),
    "api:source-detail": Entry(
        {"get": "member", "patch": "editor", "delete": "editor"},
        obj="source",
        body={"patch": lambda o: {"title": "Changed"}},
        **A,
    ),
    "api:review-list": Entry({"get": "member"}, **A),
    "api:review-detail": Entry({"get": "member"}, obj="review", **A),
    "api:comment-list": Entry(
        {"get": "member", "post": "editor"},
        body={"post": lambda o: {"claim": o["in_review"].pk, "body": "<p>Hi</p>"}},
        names_object=True,
        **A,
    ),
    "api:comment-detail": Entry({"get": "member"}, obj="comment", **A),
    "api:job-list": Entry({"get": "member"}, **A),
    "api:job-detail": Entry({"get": "member"}, obj="job", **A),
    "api:job-result": Entry({"get": "member"}, obj="job", **A),
    "api:import-list": Entry(
        {"post": "editor"},
        body={"post": lambda o: {"files": SimpleUploadedFile("a.txt", b"A new story here.")}},
        multipart=True,
        **A,
    ),
    "api:export-list": Entry(
        {"post": "member"},
        body={"post": lambda o: {"documents": [o["document"].pk], "format": "json"}},
        names_object=True,
        **A,
    ),
}
# The admin is Django's, read-only and for staff only: no team role reaches it (tested below
# on every one of its named routes).
ADMIN = "admin:"


def _routes(patterns=None, namespace: str = "") -> list[tuple[str, object]]:
    """(name, pattern) of every named route, without DRF's `.json` suffix twins."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += _routes(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            if "(?P<format>" in str(pattern.pattern):
                continue
            found.append((namespace + pattern.name, pattern))
    return found


def test_every_route_has_an_entry():
    names = {name for name, _ in _routes()}
    pages_and_api = {name for name in names if not name.startswith(ADMIN)}
    assert pages_and_api - set(MATRIX) == set(), "add these routes to MATRIX"
    assert set(MATRIX) - pages_and_api == set(), "these MATRIX entries have no route"


# --- The team, its people and the objects the routes name ---------------------------------------


@pytest.fixture
def world(db):
    team = make_team("Matrix desk", "matrix")
    people = {role: make_member(team, role, role) for role in ("viewer", "checker", "reviewer")}
    people["admin"] = make_member(team, Role.ADMIN, "admin")
    ana = make_member(team, Role.CHECKER, "ana")
    people["outsider"] = make_member(make_team("Rivals", "rivals"), Role.ADMIN, "outsider")
    document = make_document(team, TEXT, title="Budget", created_by=ana.user)
    in_review = claim_submit(
        membership=ana, claim=make_claim(document, ana, quote="The U.S. spent $5 billion in 2019.")
    )
    draft = make_claim(document, ana, quote="Officials said so on Monday.")
    trashed = make_claim(document, ana, quote="Critics disagree.", ready=False)
    claim_services.claim_delete(membership=ana, claim=trashed)
    comment = comment_add(membership=ana, claim=in_review, body="<p>Started.</p>")
    job = Job.objects.create(
        team=team,
        kind=JobKind.EXPORT,
        status=JobStatus.SUCCEEDED,
        created_by=ana.user,
        params={"format": "json", "document_ids": [document.pk]},
    )
    objects = {
        "team": team,
        "document": document,
        "in_review": in_review,
        "draft": draft,
        "trashed": trashed,
        "source": in_review.sources.first(),
        "review": in_review.reviews.first(),
        "comment": comment,
        "job": job,
        "ana_membership": ana,
        "invitation": invitation_create(by=people["admin"], username="nobody-here", role="admin"),
        "link_secret": invitation_link_create(by=people["admin"], role="viewer").secret,
    }
    return people, objects


def snapshot() -> tuple:
    """Every row a request could change (the app's, users and tokens), as plain values."""
    return tuple(
        sorted(map(repr, model._base_manager.values_list()))
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in WATCHED_APPS
    )


WATCHED_APPS = {"annotate", "auth", "authtoken"}


def _client(role: str, people: dict) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(people[role].user)
    return client


def expected(entry: Entry, method: str, role: str) -> set[int] | str:
    """The statuses `role` may get for `method`, or "ok" (no refusal, no server error)."""
    who = entry.methods.get(method)
    if role == "anonymous":
        if who == "anyone":
            return "ok"
        if who is None:
            return {302, 401, 403, 405}  # some routes check the method first, some the login
        return {401, 403} if entry.api else {302}
    if who is None:
        return {405}
    if role == "outsider":
        if entry.obj is not None:
            return {404}
        if entry.names_object:
            return {400, 404}
        return "ok"
    return "ok" if role in LEVELS[who] else {403}


REFUSALS = {401, 403, 404, 405}


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_every_role_and_method_gets_what_the_matrix_says(world, name):
    people, objects = world
    entry = MATRIX[name]
    kwargs = {"pk": objects[entry.obj].pk} if entry.obj else {}
    if entry.url_kwargs is not None:
        kwargs = entry.url_kwargs(objects)
    url = reverse(name, kwargs=kwargs)
    wrong = []
    for role in ROLES:
        client = _client(role, people)
        for method in METHODS:
            with transaction.atomic():
                before = snapshot()
                response = _send(
                    client, entry, method, url, entry.body.get(method, _empty)(objects)
                )
                want = expected(entry, method, role)
                status = response.status_code
                if want == "ok":
                    good = status < 500 and status not in REFUSALS
                    good = good or (status == 404 and name in SOFT_404)
                else:
                    good = status in want
                    if snapshot() != before:
                        wrong.append(f"{role} {method.upper()} {url}: {status} but rows changed")
                if role == "anonymous" and status == 302:
                    good = good and _to_login(response)
                if not good:
                    wrong.append(f"{role} {method.upper()} {url}: {status}, expected {want}")
                transaction.set_rollback(True)
    assert not wrong, "\n".join(wrong)


# Routes whose object exists but has nothing to give (the test's export job has no file yet).
# An in-app invitation is found only by its invitee, who is none of the roles.
SOFT_404 = {
    "annotate:job-download",
    "annotate:export-download",
    "api:job-result",
    "annotate:invitation-accept",
    "annotate:invitation-decline",
}


def _empty(objects: dict) -> dict:
    return {}


def _send(client: Client, entry: Entry, method: str, url: str, body: dict):
    """One request as a page's form or a script would send it."""
    if method == "get":
        return client.get(url, body)
    if method == "post" and (entry.multipart or not entry.api):
        return client.post(url, body)
    if entry.api:
        return getattr(client, method)(url, json.dumps(body), content_type="application/json")
    return getattr(client, method)(url)


def _to_login(response) -> bool:
    location = response.headers.get("Location", "")
    return re.match(r"^/(admin/)?(accounts/)?login/", location) is not None


def test_no_team_role_reaches_the_admin(world):
    people, _ = world
    fill = {"object_id": "1", "app_label": "annotate", "content_type_id": "1"}
    checked = 0
    for name, pattern in _routes():
        if not name.startswith(ADMIN) or name in ("admin:login", "admin:logout"):
            continue  # the admin's own sign-in and sign-out pages are open to all
        params = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", str(pattern.pattern))
        kwargs = {a or b: fill[a or b] for a, b in params}
        url = reverse(name, kwargs=kwargs)
        for role in ROLES:
            client = _client(role, people)
            before = snapshot()
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                assert response.status_code == 302 and _to_login(response), (role, method, url)
            assert snapshot() == before
        checked += 1
    assert checked > 20
