"""The API's one error shape: every refusal is JSON `{"detail": ..., "field": ...}`.

Service refusals (annotate.services.errors.ServiceError and its subclasses) keep their message
and their status (400, 403, 404, 409, 413); DRF's own errors (validation, authentication,
throttling, not found) are reshaped the same way, with a validation error's full per-field
messages under `errors`. Registered as REST_FRAMEWORK["EXCEPTION_HANDLER"].
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from annotate.services.errors import ServiceError

TOO_BIG_MESSAGE = "The request body is too big."


def handler(exc: Exception, context: dict) -> Response | None:
    """Turn `exc` into a JSON error response, or None to let Django answer with a 500."""
    if isinstance(exc, ServiceError):
        set_rollback()
        return Response(error_body(exc.message, exc.field), status=exc.status_code)
    if isinstance(exc, RequestDataTooBig):
        return Response(
            error_body(TOO_BIG_MESSAGE), status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
        )
    response = exception_handler(exc, context)
    if response is None:
        return None
    response.data = _reshape(response.data)
    return response


def error_body(detail: str, field: str | None = None, errors: Any = None) -> dict:
    body: dict[str, Any] = {"detail": detail, "field": field}
    if errors is not None:
        body["errors"] = errors
    return body


def _reshape(data: Any) -> dict:
    """DRF's error data (a dict of field lists, a list, or {"detail": ...}) as one error body."""
    if isinstance(data, dict) and set(data) == {"detail"} and isinstance(data["detail"], str):
        return error_body(str(data["detail"]))
    field, message = _first_error(data)
    if field in ("non_field_errors", None):
        field = None
    return error_body(message, field, data)


def _first_error(data: Any, path: str | None = None) -> tuple[str | None, str]:
    """The first message in nested error data, with the dotted path of the field it is about."""
    if isinstance(data, dict):
        for key, value in data.items():
            return _first_error(value, f"{path}.{key}" if path else str(key))
    if isinstance(data, list):
        for value in data:
            return _first_error(value, path)
    if data is None or data == "":
        return path, "Invalid input."
    return path, str(data)
