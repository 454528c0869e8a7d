"""My work (/me/): what is assigned to me, my drafts, my claims sent back and in review, and for
reviewers the claims waiting for them; its nav badge; where a login lands.

Thin: one selector call each (annotate.selectors.newsroom, scoped to the member's team).
"""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from annotate.models import Role
from annotate.selectors import newsroom
from annotate.views.decorators import member_required

# Who lands on My work after logging in: the people who check and review claims.
LANDS_ON_MY_WORK = {Role.CHECKER, Role.REVIEWER}


@require_GET
@member_required
def my_work(request):
    work = newsroom.my_work(request.membership)
    return render(request, "annotate/newsroom/me.html", {"work": work})


@require_GET
@member_required
def work_badge(request):
    counts = newsroom.work_counts(request.membership)
    return render(request, "annotate/newsroom/_work_badge.html", {"counts": counts})


@require_GET
@member_required
def start(request):
    """Where a login lands: My work for checkers and reviewers, the documents for the others."""
    if request.membership.role in LANDS_ON_MY_WORK:
        return redirect("annotate:me")
    return redirect("annotate:document-list")
