"""View decorators: login plus a current team membership."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


def member_required(view):
    """Require a logged-in user who belongs to a team; `request.membership` is then set."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.membership is None:
            return render(request, "annotate/no_team.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper
