"""Joining a team by invitation: the invitee's side (in-app invitations, invitation links).

Nobody becomes a member without accepting: an admin invites a username (the person sees the
invitation here, signed in) or makes a single-use link. Both need a signed-in user but no team,
so someone who belongs to no team yet can accept. The admin's side is on the members page
(annotate/views/teams.py).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from annotate.middleware import SESSION_TEAM_KEY
from annotate.selectors import teams as team_selectors
from annotate.services import teams as team_services
from annotate.services.errors import ServiceError

LIST = "annotate/teams/invitations.html"
LINK = "annotate/teams/invitation_link.html"


@require_safe
@login_required
def my_invitations(request):
    return _list(request)


@require_POST
@login_required
def invitation_answer(request, pk: int, answer: str):
    invitation = team_selectors.invitation_for_user(request.user, pk)
    try:
        _apply(request, invitation, answer)
    except ServiceError as error:
        return _list(request, error=error.message, status=error.status_code)
    return redirect("annotate:invitations" if answer == "decline" else "annotate:document-list")


@require_http_methods(["GET", "POST"])
@login_required
def invitation_link(request, secret: str):
    invitation = team_selectors.invitation_by_link(secret)
    if request.method == "POST":
        answer = request.POST.get("answer", "")
        if answer not in ("accept", "decline"):
            return _link(request, invitation, error="Choose to join or to decline.", status=400)
        try:
            _apply(request, invitation, answer)
        except ServiceError as error:
            return _link(request, invitation, error=error.message, status=error.status_code)
        return redirect("annotate:document-list" if answer == "accept" else "annotate:invitations")
    return _link(request, invitation)


def _apply(request, invitation, answer: str) -> None:
    if answer == "accept":
        membership = team_services.invitation_accept(user=request.user, invitation=invitation)
        messages.success(
            request,
            f"You joined {membership.team.name} as {membership.get_role_display().lower()}.",
        )
        if len(request.memberships) == 0:
            request.session[SESSION_TEAM_KEY] = membership.team_id
    else:
        team_services.invitation_decline(user=request.user, invitation=invitation)
        messages.info(request, f"You declined the invitation to {invitation.team.name}.")


def _list(request, *, error: str = "", status: int = 200):
    invitations = list(team_selectors.invitations_for_user(request.user))
    return render(request, LIST, {"invitations": invitations, "error": error}, status=status)


def _link(request, invitation, *, error: str = "", status: int = 200):
    return render(request, LINK, {"invitation": invitation, "error": error}, status=status)


def tell_about_invitations(sender, request, user, **kwargs) -> None:
    """At sign-in, say so when invitations wait (connected in apps.py; one count query)."""
    if request is None:
        return
    waiting = team_selectors.invitations_for_user(user).count()
    if waiting:
        messages.info(
            request,
            f"You have {waiting} invitation{'s' if waiting > 1 else ''} to join a team: "
            "see Invitations at the top.",
            fail_silently=True,
        )
