"""The OpenAPI schema: valid without warnings, served with offline docs, fuzzed by schemathesis."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from annotate.services.claims import source_add
from factcheck.wsgi import application
from tests.annotate.api.conftest import in_review_claim, make_claim

pytestmark = pytest.mark.django_db

OPERATIONS = [
    "GET /api/teams/",
    "GET /api/documents/",
    "GET /api/documents/{id}/",
    "GET /api/documents/{id}/sentences/",
    "POST /api/documents/{id}/assign/",
    "GET /api/claims/",
    "POST /api/claims/",
    "GET /api/claims/{id}/",
    "PATCH /api/claims/{id}/",
    "DELETE /api/claims/{id}/",
    "POST /api/claims/{id}/assign/",
    "POST /api/claims/{id}/restore/",
    "POST /api/claims/{id}/submit/",
    "POST /api/claims/{id}/approve/",
    "POST /api/claims/{id}/request-changes/",
    "POST /api/claims/{id}/publish/",
    "POST /api/claims/{id}/unpublish/",
    "GET /api/sources/",
    "POST /api/sources/",
    "GET /api/sources/{id}/",
    "PATCH /api/sources/{id}/",
    "DELETE /api/sources/{id}/",
    "GET /api/reviews/",
    "GET /api/reviews/{id}/",
    "GET /api/comments/",
    "POST /api/comments/",
    "GET /api/comments/{id}/",
    "GET /api/jobs/",
    "GET /api/jobs/{id}/",
    "GET /api/jobs/{id}/result/",
    "POST /api/jobs/{id}/import-again/",
    "POST /api/imports/",
    "POST /api/exports/",
    "GET /api/notifications/",
    "GET /api/notifications/{id}/",
    "POST /api/notifications/{id}/read/",
    "POST /api/notifications/read-all/",
    "GET /api/search/",
]


def test_spectacular_validates_without_warnings(tmp_path):
    """`manage.py spectacular --validate --fail-on-warn` passes (every endpoint fully typed)."""
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
    text = (tmp_path / "schema.yml").read_text()
    for operation in OPERATIONS:
        path = operation.split()[1]
        assert f"  {path}:\n" in text, path


def test_schema_lists_every_endpoint(client_for, checker):
    schema = client_for(checker).get("/api/schema/?format=json").json()
    found = {
        f"{method.upper()} {path}"
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "patch", "delete", "put"}
    }
    assert found == set(OPERATIONS)


def test_docs_load_their_assets_from_this_server(client_for, checker):
    """Swagger UI comes from drf-spectacular-sidecar's static files: it works offline."""
    page = client_for(checker).get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn.jsdelivr.net" not in html
    assert "Content-Security-Policy" not in page  # the docs page boots with inline scripts


def test_the_schema_and_docs_need_a_login(client, api_for, checker):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Authentication credentials were not provided."
    for page in ("/api/docs/", "/api/redoc/"):
        response = client.get(page)
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={page}"
    # A script with a token reads the schema.
    assert api_for(checker).get("/api/schema/?format=json").status_code == 200


def test_a_setting_makes_the_schema_and_docs_public(client, settings):
    settings.API_DOCS_PUBLIC = True
    assert client.get("/api/schema/?format=json").status_code == 200
    assert client.get("/api/docs/").status_code == 200
    assert client.get("/api/redoc/").status_code == 200


@pytest.fixture
def _keep_test_connection():
    """Let the WSGI app run inside the test's transaction, as Django's test client does:
    without this, the end of each request closes the test database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_data(_keep_test_connection, team, checker, reviewer, document):
    """Some rows with small ids for the generated requests to find, and a reviewer's token."""
    claim = in_review_claim(checker, document)
    source_add(membership=checker, claim=claim, url="https://example.org/x")
    make_claim(checker, document, start=35, quote="Critics disagree.")
    return reviewer


def fuzz(operation, headers: dict) -> None:
    """Run a bounded number of generated requests against one operation."""

    # CI replays the same examples every run (a red CI must mean a change broke something);
    # developers' runs draw new ones and so keep exploring.
    @settings(
        max_examples=20,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        derandomize=bool(os.environ.get("CI")),
    )
    @given(case=operation.as_strategy())
    def run(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


CHECKS = [not_a_server_error, response_schema_conformance]


def test_schemathesis_finds_no_server_error_and_no_off_schema_response(fuzz_data, api_for):
    """Generated requests on every operation: never a 5xx, every response as documented."""
    token = api_for(fuzz_data)._credentials["HTTP_AUTHORIZATION"]
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", application, headers={"Authorization": token}
    )
    failures = {}
    tested = []
    for result in schema.get_all_operations():
        operation = result.ok()
        tested.append(operation.label)
        try:
            fuzz(operation, {"Authorization": token})
        except Exception as error:  # collect every operation's failure, then report them all
            failures[operation.label] = f"{type(error).__name__}: {error}"[:3000]
    assert sorted(tested) == sorted(OPERATIONS)
    assert not failures, "\n\n".join(f"{label}: {text}" for label, text in failures.items())
