"""Errors the services raise with a message meant for the user, and how the layers map them."""

from __future__ import annotations


class ServiceError(Exception):
    """A refused request: `message` is shown to the user as it is."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class PermissionDenied(ServiceError):
    status_code = 403


class NotFound(ServiceError):
    status_code = 404


class Conflict(ServiceError):
    """The object changed since the user loaded it (optimistic locking) or already exists."""

    status_code = 409


class InvalidInput(ServiceError):
    """Input that fails its form (annotate.forms): one message per field, the first one shown.

    Every face answers it the same way: 400, with `errors` ({field: message}) for inline display.
    """

    status_code = 400

    def __init__(self, errors: dict[str, str]) -> None:
        field, message = next(iter(errors.items()))
        super().__init__(message, field=None if field == "__all__" else field)
        self.errors = errors
