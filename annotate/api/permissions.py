"""Who may call the API, and in which team: the caller's current Membership.

The team an API request works in is chosen, in this order, by
1. the `X-Team` header or the `team` query parameter (a team slug the caller belongs to;
   any other slug is a 404, so team names do not leak),
2. for browser (session) requests, the team the page shows (picked in the header, else the
   user's default team),
3. for token requests, the caller's only team; a caller in several teams who names none gets a
   400 listing their teams' slugs, so a script never writes into a team by accident (joining
   a team must not change where an existing script writes).
Roles are checked by the services (a viewer's write is a 403 from there); this module only
decides the membership that every queryset and service call is scoped to.
"""

from __future__ import annotations

from rest_framework import exceptions, permissions
from rest_framework.authentication import SessionAuthentication

from annotate.middleware import SESSION_TEAM_KEY, chosen_membership
from annotate.models import Membership
from annotate.selectors import memberships_for_user
from annotate.services.errors import ServiceError

TEAM_HEADER = "X-Team"
TEAM_QUERY_PARAM = "team"


def resolve_membership(request) -> Membership | None:
    """The caller's membership for this request (None if they belong to no team)."""
    memberships = list(memberships_for_user(request.user))
    wanted = request.headers.get(TEAM_HEADER) or request.query_params.get(TEAM_QUERY_PARAM)
    if wanted:
        for membership in memberships:
            if membership.team.slug == wanted:
                return membership
        raise exceptions.NotFound(f"You are not a member of a team “{wanted[:60]}”.")
    if isinstance(request.successful_authenticator, SessionAuthentication):
        return (
            chosen_membership(memberships, request.session.get(SESSION_TEAM_KEY))
            if memberships
            else None
        )
    if len(memberships) > 1:
        raise ServiceError(choose_a_team(memberships), field=TEAM_HEADER)
    return memberships[0] if memberships else None


def choose_a_team(memberships) -> str:
    slugs = ", ".join(m.team.slug for m in memberships)
    return (
        f"You belong to {len(memberships)} teams: send the {TEAM_HEADER} header "
        f"(or ?{TEAM_QUERY_PARAM}=) with one of {slugs}."
    )


class IsTeamMember(permissions.BasePermission):
    """An authenticated user with a current team; sets `request.membership` for the view."""

    message = "You are not a member of any team."

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        membership = resolve_membership(request)
        if membership is None:
            return False
        request.membership = membership
        return True
