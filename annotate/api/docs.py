"""Who may read the API schema and its docs pages: signed-in people and token scripts, unless
API_DOCS_PUBLIC is set (README, "Configuration"). Read at request time, so it can change."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from rest_framework.permissions import BasePermission


def docs_are_public() -> bool:
    return bool(getattr(settings, "API_DOCS_PUBLIC", False))


class DocsAccess(BasePermission):
    """The schema (JSON/YAML): a session or a token, or anyone when the docs are public."""

    message = "Log in, or send your API token, to read the API schema."

    def has_permission(self, request, view) -> bool:
        return docs_are_public() or bool(request.user and request.user.is_authenticated)


def docs_page(view):
    """The Swagger UI and ReDoc pages: anonymous visitors go to the login page first."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not docs_are_public() and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
