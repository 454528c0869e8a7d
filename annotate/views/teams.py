"""The team members page: everyone sees who is in the team; admins invite, re-role and remove.

People join by invitation only (annotate/views/invitations.py is the invitee's side): an admin
invites a username, or makes a single-use link that is shown once (post/redirect/get, like API
tokens); pending invitations are listed with a Revoke button. Members and invitations are
looked up inside the current team only (another team's id is a 404); the changes go through
annotate.services.teams, which enforces the admin role and keeps an admin in every team.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from annotate import rules
from annotate.models import Role
from annotate.rules import Permission
from annotate.selectors import teams as team_selectors
from annotate.services import teams as team_services
from annotate.views.decorators import member_required
from annotate.views.responses import act

FRESH_LINK = "invitation_fresh_link"


@require_http_methods(["GET", "POST"])
@member_required
def team_members(request: HttpRequest) -> HttpResponse:
    """List the members and pending invitations; a POST invites a username (admins only)."""
    if request.method == "POST":
        username = request.POST.get("username", "").strip()
        return _change(
            request,
            lambda: team_services.invitation_create(
                by=request.membership,
                username=username,
                role=request.POST.get("role", Role.CHECKER),
            ),
            # The same words whether or not such an account exists (issue 14, hole 7).
            f"Invitation for {username[:150]} saved: if they have an account here, they see it "
            "when they sign in.",
        )
    return _page(request, fresh_link=request.session.pop(FRESH_LINK, None))


@require_POST
@member_required
def invitation_link_new(request: HttpRequest) -> HttpResponse:
    """Make a single-use invitation link; the page after the redirect shows it once."""

    def done(issued) -> HttpResponse:
        link = reverse("annotate:invitation-link", args=[issued.secret])
        request.session[FRESH_LINK] = request.build_absolute_uri(link)
        return redirect("annotate:team-members")

    return act(
        request,
        lambda: team_services.invitation_link_create(
            by=request.membership, role=request.POST.get("role", Role.CHECKER)
        ),
        done=done,
        partial=lambda errors: _page(request, error=_first(errors)),
    )


@require_POST
@member_required
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = team_selectors.invitation_for_admin(request.membership, pk)
    return _change(
        request,
        lambda: team_services.invitation_revoke(by=request.membership, invitation=invitation),
        "Invitation withdrawn.",
    )


@require_POST
@member_required
def member_role(request: HttpRequest, pk: int) -> HttpResponse:
    member = team_selectors.member_for_admin(request.membership, pk)
    return _change(
        request,
        lambda: team_services.membership_set(
            team=member.team,
            user=member.user,
            role=request.POST.get("role", ""),
            by=request.membership,
        ),
        f"{member.user.get_username()} is now {request.POST.get('role', '')}.",
    )


@require_POST
@member_required
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = team_selectors.member_for_admin(request.membership, pk)
    leaving_self = member.pk == request.membership.pk
    response = _change(
        request,
        lambda: team_services.membership_remove(membership=member, by=request.membership),
        f"{member.user.get_username()} was removed from the team.",
    )
    if leaving_self and response.status_code == 302:
        # The admin left this team: there is no members page of it to go back to.
        return redirect("annotate:document-list")
    return response


def _change(request: HttpRequest, change, message: str) -> HttpResponse:
    def done(_) -> HttpResponse:
        messages.success(request, message)
        return redirect("annotate:team-members")

    return act(
        request, change, done=done, partial=lambda errors: _page(request, error=_first(errors))
    )


def _first(errors: dict[str, str]) -> str:
    return next(iter(errors.values()))


def _page(request: HttpRequest, *, error: str = "", fresh_link: str | None = None) -> HttpResponse:
    manager = rules.can(request.membership, Permission.TEAM_MANAGE)
    return render(
        request,
        "annotate/teams/members.html",
        {
            "members": list(team_selectors.team_members(request.membership)),
            "invitations": (
                list(team_selectors.pending_invitations_for_team(request.membership))
                if manager
                else []
            ),
            "fresh_link": fresh_link,
            "roles": Role.choices,
            "error": error,
            "form_values": request.POST if request.method == "POST" else {},
        },
    )
