"""Reads for the team members page: a team's members, and one member looked up for an admin.

Everything takes the caller's current Membership and looks only inside its team, so another
team's membership id is a 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from annotate.models import Membership


def team_members(membership: Membership) -> QuerySet[Membership]:
    """The members of `membership`'s team with their users, by username."""
    return (
        Membership.objects.filter(team_id=membership.team_id)
        .select_related("user")
        .order_by("user__username")
    )


def member_for_admin(membership: Membership, pk) -> Membership:
    """A membership of the caller's team by id; another team's id is a 404."""
    try:
        return Membership.objects.select_related("user", "team").get(
            pk=pk, team_id=membership.team_id
        )
    except (Membership.DoesNotExist, ValueError, TypeError):
        raise Http404("No such member in this team.") from None
