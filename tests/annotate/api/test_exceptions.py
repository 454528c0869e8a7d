"""The API's error handler: one JSON shape for service refusals and DRF's own errors."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from rest_framework import exceptions

from annotate.api.exceptions import handler
from annotate.services.errors import Conflict, NotFound, PermissionDenied, ServiceError
from annotate.services.imports import UploadTooLarge


def test_service_errors_keep_their_message_field_and_status():
    """Each ServiceError subclass answers with its own status and {"detail", "field"}."""
    cases = [
        (ServiceError("Bad quote.", field="quote"), 400),
        (PermissionDenied("Read-only."), 403),
        (NotFound("No such claim in this team."), 404),
        (Conflict("Someone else saved this claim."), 409),
        (UploadTooLarge("Too big.", field="files"), 413),
    ]
    for error, status in cases:
        response = handler(error, {})
        assert response.status_code == status
        assert response.data == {"detail": error.message, "field": error.field}


def test_validation_errors_name_the_first_field_and_keep_all_messages():
    """A serializer's field errors become detail/field plus the full per-field `errors`."""
    error = exceptions.ValidationError({"start": ["A valid integer is required."], "end": ["No."]})
    response = handler(error, {})
    assert response.status_code == 400
    assert response.data == {
        "detail": "A valid integer is required.",
        "field": "start",
        "errors": {"start": ["A valid integer is required."], "end": ["No."]},
    }


def test_nested_validation_errors_give_a_dotted_field():
    """An error inside a list field names the item: documents.0."""
    error = exceptions.ValidationError({"documents": {0: ["A valid integer is required."]}})
    response = handler(error, {})
    assert response.data["field"] == "documents.0"
    assert response.data["detail"] == "A valid integer is required."


def test_non_field_errors_have_no_field():
    response = handler(exceptions.ValidationError(["Both offsets are needed."]), {})
    assert response.data["detail"] == "Both offsets are needed."
    assert response.data["field"] is None


def test_django_404_and_throttling_are_json_with_a_null_field():
    """Http404 is a 404 body; throttling is a 429 with Retry-After."""
    response = handler(Http404("No such document in this team."), {})
    assert (response.status_code, response.data) == (
        404,
        {"detail": "No such document in this team.", "field": None},
    )
    response = handler(exceptions.Throttled(wait=30), {})
    assert response.status_code == 429
    assert response.data == {
        "detail": "Request was throttled. Expected available in 30 seconds.",
        "field": None,
    }
    assert response["Retry-After"] == "30"


def test_a_body_over_djangos_limit_is_a_413():
    response = handler(RequestDataTooBig("big"), {})
    assert response.status_code == 413
    assert response.data == {"detail": "The request body is too big.", "field": None}


def test_other_exceptions_are_left_to_django():
    assert handler(ValueError("boom"), {}) is None
