"""Assigning a whole document (the desk's header, the document list's rows).

A claim is assigned in its editor (annotate/views/desk.py, the claim form's assignee and due
time). Thin: the team-scoped getter (another team's document is a 404), the one AssignmentForm,
one service call; the answer is a redirect back with the outcome in the messages.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from annotate import selectors
from annotate.forms import AssignmentForm
from annotate.selectors.desk import members_for_team
from annotate.services.assignments import document_assign
from annotate.views.decorators import member_required
from annotate.views.responses import act


@require_POST
@member_required
def document_assign_view(request, pk: int):
    membership = request.membership
    document = selectors.document_for_member(membership, pk)
    back = _next(request, document.pk)

    def assign():
        form = AssignmentForm(
            request.POST, members=lambda: list(members_for_team(membership.team_id))
        )
        data, _ = form.changes()
        return document_assign(membership=membership, document=document, **data)

    def done(row):
        who = row.assignee.get_username() if row and row.assignee_id else "nobody"
        messages.success(request, f"“{document.title[:80]}” is assigned to {who}.")
        return redirect(back)

    def refused(errors):
        messages.error(request, f"Could not assign the document: {next(iter(errors.values()))}")
        return redirect(back)

    return act(request, assign, done=done, partial=refused, page=refused)


def _next(request, document_pk: int) -> str:
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return f"/documents/{document_pk}/"
