"""The sign-in page when django-axes has locked the account or the address out.

Axes counts the failures (settings: AXES_*); this answers a locked-out attempt with the login
page itself, a clear message and status 429, so the person knows why and for how long.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return (
        "Too many failed sign-ins for this account or from this address, so sign-in is locked "
        f"for {minutes} minutes. Try again later, or ask an administrator to unlock it."
    )


def locked_out(request, original_response=None, credentials=None):
    form = AuthenticationForm(request, data=None, initial={"username": _username(credentials)})
    return render(
        request,
        "registration/login.html",
        {"form": form, "locked_out": lockout_message(), "next": request.POST.get("next", "")},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


def _username(credentials) -> str:
    return str((credentials or {}).get("username", ""))[:150]
