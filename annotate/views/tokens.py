"""The API token settings page: see your token, make one (with an expiry), replace or revoke it.

Post/redirect/get: a POST that makes a token keeps the new key in the session and redirects;
the page shows it once and drops it, so a reload neither posts again (replacing the key just
copied) nor shows the key a second time. Afterwards the page shows only its last four
characters, when it was made, last used and expires.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from annotate.api.tokens import token_create, token_for_user, token_revoke
from annotate.forms import TokenForm
from annotate.services.errors import ServiceError
from annotate.views.responses import error_messages

TEMPLATE = "annotate/tokens/settings.html"
FRESH_KEY = "api_token_fresh_key"


@require_safe
@login_required
def token_settings(request):
    new_key = request.session.pop(FRESH_KEY, None)
    return _page(request, new_key=new_key)


@require_POST
@login_required
def token_new(request):
    form = TokenForm(request.POST)
    try:
        data = form.cleaned()
        issued = token_create(
            user=request.user, expires_in_days=data["expires_in_days"], replace=data["replace"]
        )
    except ServiceError as error:
        return _page(request, error=error, status=error.status_code)
    request.session[FRESH_KEY] = issued.key
    return redirect("annotate:api-tokens")


@require_POST
@login_required
def token_delete(request):
    if token_revoke(user=request.user):
        messages.success(request, "Your API token is revoked: scripts using it stop working now.")
    else:
        messages.info(request, "You had no API token.")
    return redirect("annotate:api-tokens")


def _page(request, *, new_key: str | None = None, error: ServiceError | None = None, status=200):
    return render(
        request,
        TEMPLATE,
        {
            "token": token_for_user(request.user),
            "new_key": new_key,
            "errors": error_messages(error) if error else {},
            "expiry_choices": TokenForm.EXPIRY_CHOICES,
            "chosen_expiry": request.POST.get("expires_in_days", "90"),
            "api_base": request.build_absolute_uri("/api/"),
            "docs_url": request.build_absolute_uri(reverse("api:docs")),
        },
        status=status,
    )
