"""The search page: the team's documents, claims, notes, sources and comments, ranked, with the
matched words marked and every result linking to its place (the desk with the claim open, or
the sentence in view). The top bar's search box (key "/") leads here.

Authorization: `member_required`; the selector looks only inside the member's team.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import render
from django.views.decorators.http import require_GET

from annotate import selectors
from annotate.forms import SEARCH_KINDS, SearchForm
from annotate.models import ClaimStatus
from annotate.selectors.desk import members_for_team
from annotate.selectors.search import search
from annotate.services.errors import InvalidInput
from annotate.views.decorators import member_required


def search_form(data, membership, *, by_name: bool = False) -> SearchForm:
    team_id = membership.team_id
    return SearchForm(
        data,
        verdicts=lambda: selectors.verdicts_for_team(team_id),
        members=lambda: members_for_team(team_id),
        by_name=by_name,
    )


@require_GET
@member_required
def search_page(request):
    membership = request.membership
    form = search_form(request.GET, membership)
    results, errors = None, {}
    try:
        criteria = form.cleaned()
    except InvalidInput as refused:
        errors = refused.errors
    else:
        if criteria["q"]:
            results = search(membership, **criteria)
    context = {
        "search_q": request.GET.get("q", ""),
        "form": form,
        "q": request.GET.get("q", ""),
        "results": results,
        "errors": errors,
        "kinds": SEARCH_KINDS,
        "chosen_kinds": request.GET.getlist("kind"),
        "statuses": ClaimStatus.choices,
        "verdicts": selectors.verdicts_for_team(membership.team_id),
        "members": members_for_team(membership.team_id),
        "filters": {
            k: request.GET.get(k, "")
            for k in ("verdict", "status", "author", "document", "date_from", "date_to")
        },
        "page_query": _without(request.GET, "page"),
        "every_document_query": _without(request.GET, "page", "document"),
    }
    return render(request, "annotate/search/page.html", context)


def _without(data, *names: str) -> str:
    """The query string of ``data`` without ``names`` (for paging and widening links)."""
    return urlencode([(k, v) for k, values in data.lists() if k not in names for v in values])
