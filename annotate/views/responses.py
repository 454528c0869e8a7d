"""The one way a page view answers a refused action (a ServiceError, an InvalidInput form).

Every page that calls a service answers a refusal the same way: the error's status code (400
for bad input, 403, 404, 409, 413) and its messages by field, shown in place. htmx requests
get the view's partial, plain form posts its whole page (or a redirect with the message, for
views that answer plain posts that way), so every form also works without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.http import HttpRequest, HttpResponse

from annotate.services.errors import InvalidInput, ServiceError

T = TypeVar("T")
Errors = dict[str, str]
Render = Callable[[Errors], HttpResponse]


def error_messages(error: ServiceError) -> Errors:
    """The messages of a refusal by field; "general" for those not about one field."""
    if isinstance(error, InvalidInput):
        return {_where(name): message for name, message in error.errors.items()}
    return {_where(error.field): error.message}


def _where(field: str | None) -> str:
    # The version a form carries is not a field people edit: its problem is the form's.
    return "general" if field in (None, "__all__", "version") else field


def refused(
    request: HttpRequest, error: ServiceError, *, partial: Render, page: Render | None = None
) -> HttpResponse:
    """Answer a refused action: `partial(errors)` for htmx, else `page(errors)`.

    Both get the error's status code; a `page` that redirects (the message then travels in the
    messages framework) keeps its redirect.
    """
    errors = error_messages(error)
    render = partial if request.htmx or page is None else page
    response = render(errors)
    if not 300 <= response.status_code < 400:
        response.status_code = error.status_code
    return response


def act(
    request: HttpRequest,
    call: Callable[[], T],
    *,
    done: Callable[[T], HttpResponse],
    partial: Render,
    page: Render | None = None,
) -> HttpResponse:
    """Run `call` (parse a form, call one service); answer with `done(result)` or `refused`."""
    try:
        result = call()
    except ServiceError as error:
        return refused(request, error, partial=partial, page=page)
    return done(result)
