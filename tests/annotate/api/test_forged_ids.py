"""Another team's ids, on every API route and method: always a 404, and nothing changes.

The caller is an admin of their own team (so a 403 for a missing role cannot hide a leak) and
sends the ids of a team they do not belong to: its document, a claim in review with a source, a
comment and a review decision, and a finished export job with a file to download.
"""

from __future__ import annotations

import pytest

from annotate.api import urls
from annotate.models import Claim, Comment, Document, Job, NotificationKind, Review, Source
from annotate.services.comments import comment_add
from annotate.services.exports import export_start
from annotate.services.notifications import notify
from tests.annotate.api.conftest import in_review_claim
from tests.factories import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(checker, document, django_capture_on_commit_callbacks) -> dict[str, int]:
    """The ids of the victim team's objects, by name."""
    claim = in_review_claim(checker, document)
    comment = comment_add(membership=checker, claim=claim, body="Checked the budget table.")
    with django_capture_on_commit_callbacks(execute=True):
        job = export_start(membership=checker, document_ids=[document.pk], fmt="csv")
    job.refresh_from_db()
    assert job.result_file  # the download route must have something to hide
    [notification] = notify(
        team_id=document.team_id,
        recipients=[checker.user],
        kind=NotificationKind.COMMENT,
        title="A comment on your claim",
        claim=claim,
    )
    return {
        "notification": notification.pk,
        "document": document.pk,
        "claim": claim.pk,
        "source": claim.sources.get().pk,
        "comment": comment.pk,
        "review": Review.objects.filter(claim=claim).get().pk,
        "job": job.pk,
        "version": claim.version,
    }


@pytest.fixture
def mine(outsider) -> int:
    """A document of the caller's own team (to mix with forged ids)."""
    return make_document(outsider.team, "Our own story. It is short.").pk


ROUTES = [
    # (method, path, body): path and body values are formatted with the victim's ids.
    ("get", "/api/documents/{document}/", None),
    ("get", "/api/documents/{document}/sentences/", None),
    ("get", "/api/claims/{claim}/", None),
    ("patch", "/api/claims/{claim}/", {"version": "{version}", "restatement": "Forged"}),
    ("delete", "/api/claims/{claim}/", None),
    ("post", "/api/claims/{claim}/restore/", None),
    ("post", "/api/claims/", {"document": "{document}", "start": 0, "end": 8, "quote": "The U.S."}),
    ("post", "/api/claims/{claim}/submit/", {"comment": "Forged"}),
    ("post", "/api/claims/{claim}/approve/", {"comment": "Forged"}),
    ("post", "/api/claims/{claim}/approve/", {"comment": "Forged", "version": "{version}"}),
    ("post", "/api/claims/{claim}/request-changes/", {"comment": "Forged"}),
    (
        "post",
        "/api/claims/{claim}/request-changes/",
        {"comment": "Forged", "version": "{version}"},
    ),
    ("get", "/api/sources/{source}/", None),
    ("post", "/api/sources/", {"claim": "{claim}", "url": "https://forged.example/"}),
    ("patch", "/api/sources/{source}/", {"title": "Forged"}),
    ("patch", "/api/sources/{source}/", {"title": "Forged", "version": "{version}"}),
    ("delete", "/api/sources/{source}/", None),
    ("delete", "/api/sources/{source}/?version={version}", None),
    ("get", "/api/comments/{comment}/", None),
    ("post", "/api/comments/", {"claim": "{claim}", "body": "Forged"}),
    ("get", "/api/reviews/{review}/", None),
    ("get", "/api/jobs/{job}/", None),
    ("get", "/api/jobs/{job}/result/", None),
    ("post", "/api/exports/", {"documents": ["{document}"], "format": "csv"}),
    ("post", "/api/exports/", {"documents": ["{mine}", "{document}"], "format": "json"}),
    ("post", "/api/jobs/{job}/import-again/", None),
    ("post", "/api/claims/{claim}/publish/", {"version": "{version}"}),
    ("post", "/api/claims/{claim}/unpublish/", None),
    ("post", "/api/claims/{claim}/assign/", {"assignee": None}),
    ("post", "/api/documents/{document}/assign/", {"assignee": None}),
    ("get", "/api/notifications/{notification}/", None),
    ("post", "/api/notifications/{notification}/read/", None),
]


def _fill(value, ids: dict[str, int]):
    """`value` with every "{name}" placeholder replaced by that id (as an int when whole)."""
    if isinstance(value, dict):
        return {key: _fill(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [_fill(item, ids) for item in value]
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return ids[value[1:-1]]
    return value


def _world(ids: dict[str, int]) -> dict:
    """Everything a forged request could change: counts, and the victim's objects' fields."""
    claim = Claim.objects.filter(pk=ids["claim"]).values().first()
    return {
        "counts": [
            model.objects.count() for model in (Document, Claim, Source, Comment, Review, Job)
        ],
        "claim": claim,
        "source": Source.objects.filter(pk=ids["source"]).values().first(),
        "comment": Comment.objects.filter(pk=ids["comment"]).values().first(),
        "document": Document.objects.filter(pk=ids["document"]).values("title", "text").first(),
        "jobs": list(Job.objects.order_by("pk").values("pk", "status", "team_id")),
    }


@pytest.mark.parametrize(
    ("method", "path", "body"),
    ROUTES,
    ids=[f"{method} {path} {sorted(body or {})}" for method, path, body in ROUTES],
)
def test_another_teams_id_is_a_404_and_changes_nothing(
    api_for, outsider, theirs, mine, method, path, body
):
    ids = {**theirs, "mine": mine}
    before = _world(ids)
    client = api_for(outsider)
    url = path.format(**ids)
    if body is None:
        response = getattr(client, method)(url)
    else:
        response = getattr(client, method)(url, _fill(body, ids), format="json")
    assert response.status_code == 404, (url, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) >= {"detail", "field"}
    assert _world(ids) == before


def _router_routes() -> set[tuple[str, str]]:
    """(method, path) of every API route that takes an id, from the router itself."""
    routes = set()
    for pattern in urls.router.urls:
        regex = str(pattern.pattern)
        if "(?P<format>" in regex:
            continue  # the same routes with a .json suffix
        basename = pattern.callback.initkwargs["basename"]
        has_id = "(?P<pk>" in regex
        cls = pattern.callback.cls
        for method in pattern.callback.actions:
            if method not in cls.http_method_names or method in ("head", "options"):
                continue
            if not has_id and method != "post":
                continue  # lists: nothing of another team's is named
            path = "/api/" + regex.strip("^$").replace("(?P<pk>[^/.]+)", "{" + basename + "}")
            routes.add((method, path))
    return routes


def test_the_routes_cover_every_api_route_that_names_an_object():
    """A new id route or method (or a new create naming another object) must be added above."""
    covered = {(method, path.split("?")[0]) for method, path, _ in ROUTES}
    # Creating an import and marking one's own inbox read name no object of anyone else's.
    no_object = {("post", "/api/imports/"), ("post", "/api/notifications/read-all/")}
    missing = _router_routes() - covered - no_object
    assert missing == set()


@pytest.mark.parametrize(
    "path",
    [
        "/api/documents/",
        "/api/claims/?document={document}",
        "/api/sources/?claim={claim}",
        "/api/comments/?claim={claim}",
        "/api/reviews/?claim={claim}",
        "/api/jobs/",
    ],
)
def test_lists_filtered_by_another_teams_id_are_empty(api_for, outsider, theirs, path):
    response = api_for(outsider).get(path.format(**theirs))
    assert response.status_code == 200
    assert (response.json()["count"], response.json()["results"]) == (0, [])
