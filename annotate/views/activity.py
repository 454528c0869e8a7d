"""Activity pages: the team's (/activity/) and one document's (/documents/<id>/activity/).

Thin: the filters are parsed and checked against the team's own members (a bad value is said,
and ignored), then one selector call (annotate.selectors.activity) gives a page of entries.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET

from annotate import selectors
from annotate.selectors import activity as feed
from annotate.selectors.desk import members_for_team
from annotate.views.decorators import member_required

TEMPLATE = "annotate/newsroom/activity.html"


@require_GET
@member_required
def team_activity(request):
    return _page(request, None)


@require_GET
@member_required
def document_activity(request, pk: int):
    document = selectors.document_for_member(request.membership, pk)
    return _page(request, document)


def _page(request, document):
    membership = request.membership
    members = list(members_for_team(membership.team_id))
    filters, errors = _filters(request.GET, members)
    page = feed.activity(
        membership, document_id=document.pk if document is not None else None, **filters
    )
    query = request.GET.copy()
    query.pop("before", None)
    return render(
        request,
        TEMPLATE,
        {
            "document": document,
            "page": page,
            "members": members,
            "kinds": feed.KINDS,
            "selected": {"kind": request.GET.get("kind", ""), "user": request.GET.get("user", "")},
            "errors": errors,
            "query": query.urlencode(),
            "paged": "before" in request.GET,
        },
    )


def _filters(params, members) -> tuple[dict, list[str]]:
    filters, errors = {}, []
    kind = params.get("kind", "")
    if kind:
        if kind in feed.KINDS:
            filters["kind"] = kind
        else:
            errors.append("There is no such kind of activity; that filter was ignored.")
    user = params.get("user", "")
    if user:
        ids = {str(m.user_id): m.user_id for m in members}
        if user in ids:
            filters["user_id"] = ids[user]
        else:
            errors.append("There is no such member in this team; that filter was ignored.")
    before = params.get("before", "")
    if before:
        moment = _moment(before)
        if moment is None:
            errors.append("That page of activity does not exist; showing the newest.")
        else:
            filters["before"] = moment
    return filters, errors


def _moment(value: str):
    try:
        moment = parse_datetime(value)
    except ValueError:
        return None
    return moment if moment is not None and moment.tzinfo is not None else None
