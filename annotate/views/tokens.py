"""The API token settings page: see whether you have a token, make a new one, revoke it.

A new key is shown once, in the response to the POST that made it; afterwards the page shows
only when it was made and its last four characters.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from annotate.api.tokens import token_create, token_for_user, token_revoke

TEMPLATE = "annotate/tokens/settings.html"


@login_required
def token_settings(request):
    return render(request, TEMPLATE, _context(request, token_for_user(request.user), new_key=None))


@require_POST
@login_required
def token_new(request):
    token = token_create(user=request.user)
    return render(request, TEMPLATE, _context(request, token, new_key=token.key))


@require_POST
@login_required
def token_delete(request):
    if token_revoke(user=request.user):
        messages.success(request, "Your API token is revoked: scripts using it stop working now.")
    else:
        messages.info(request, "You had no API token.")
    return redirect("annotate:api-tokens")


def _context(request, token, new_key: str | None) -> dict:
    return {
        "token": token,
        "new_key": new_key,
        "api_base": request.build_absolute_uri("/api/"),
        "docs_url": request.build_absolute_uri(reverse("api:docs")),
    }
