"""The team members page: everyone sees who is in the team; admins add, re-role and remove.

Members are looked up inside the current team only (another team's membership id is a 404);
the changes go through annotate.services.teams, which enforces the admin role and keeps at
least one admin in every team.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from annotate.models import Role
from annotate.selectors import teams as team_selectors
from annotate.services import teams as team_services
from annotate.views.decorators import member_required
from annotate.views.responses import act


@require_http_methods(["GET", "POST"])
@member_required
def team_members(request: HttpRequest) -> HttpResponse:
    """List the members; a POST adds one (admins only)."""
    if request.method == "POST":
        return _change(
            request,
            lambda: team_services.membership_add(
                by=request.membership,
                username=request.POST.get("username", ""),
                role=request.POST.get("role", Role.CHECKER),
            ),
            "Member added.",
        )
    return _page(request)


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


def _page(request: HttpRequest, *, error: str = "") -> HttpResponse:
    return render(
        request,
        "annotate/teams/members.html",
        {
            "members": list(team_selectors.team_members(request.membership)),
            "roles": Role.choices,
            "error": error,
            "form_values": request.POST if request.method == "POST" else {},
        },
    )
