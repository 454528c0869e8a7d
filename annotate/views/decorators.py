"""View decorators: login plus a current team membership; a permission of annotate.rules."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from annotate import rules


def member_required(view):
    """Require a logged-in user who belongs to a team; `request.membership` is then set."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.membership is None:
            return render(request, "annotate/no_team.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def permission_required(permission: rules.Permission):
    """Answer 403 with the rule's message (plain text) unless the member may `permission`.

    Only the rules about the member's role are asked here, before any object is read; the
    service the view calls checks them all again on the object itself.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            refusal = rules.refusal(request.membership, permission, state=False)
            if refusal is not None:
                return HttpResponse(refusal.message, status=refusal.status_code)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
