"""The document list, the plain document page and switching the current team."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from annotate import rules, selectors
from annotate.forms import SORT_CHOICES, STANDING_CHOICES, DocumentFilterForm
from annotate.middleware import SESSION_TEAM_KEY
from annotate.models import SourceFormat
from annotate.rules import Permission
from annotate.selectors import newsroom
from annotate.selectors.desk import members_for_team
from annotate.services import teams as team_services
from annotate.services.errors import ServiceError
from annotate.views import desk
from annotate.views.decorators import member_required

PAGE_SIZE = 50


@member_required
def document_list(request):
    """The team's documents with where each stands, filtered (annotate.forms.DocumentFilterForm)."""
    membership = request.membership
    members = list(members_for_team(membership.team_id))
    form = DocumentFilterForm(request.GET, members=members)
    data, filter_errors = form.filters()
    documents = newsroom.documents_overview(membership, _overview_filters(data))
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "annotate/document_list.html",
        {
            "page": page,
            "members": members,
            "filter_errors": filter_errors,
            "selected": {name: request.GET.get(name, "") for name in form.fields},
            "standings": STANDING_CHOICES,
            "sorts": SORT_CHOICES,
            "formats": SourceFormat.choices,
            "query": query.urlencode(),
            "filtered": any(k != "sort" for k in data),
            "can_assign": rules.can(membership, Permission.DOCUMENT_ASSIGN),
            "now": timezone.now(),
        },
    )


def _overview_filters(data: dict) -> newsroom.DocumentFilters:
    return newsroom.DocumentFilters(
        standing=data.get("standing", ""),
        assignee=data.get("assignee", ""),
        overdue=data.get("overdue", False),
        fmt=data.get("format", ""),
        since=data.get("since"),
        until=data.get("until"),
        title=data.get("q", ""),
        sort=data.get("sort") or "newest",
    )


def document_detail(request, pk: int):
    """The document page is the annotation desk (annotate/views/desk.py)."""
    return desk.desk_page(request, pk)


@member_required
def claim_permalink(request, pk: int):
    """A claim's stable address: its document's desk with the claim open."""
    claim = selectors.claim_for_member(request.membership, pk)
    url = reverse("annotate:document-detail", args=[claim.document_id])
    return redirect(f"{url}?claim={claim.pk}")


@require_POST
@member_required
def team_switch(request):
    """Work in another of your teams, now and at your next sign-in (your default team)."""
    try:
        membership = team_services.team_set_default(
            user=request.user, team_id=request.POST.get("team")
        )
    except ServiceError as error:
        return HttpResponseBadRequest(error.message)
    request.session[SESSION_TEAM_KEY] = membership.team_id
    return redirect("annotate:document-list")
