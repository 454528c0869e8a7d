"""Reads for the team pages: a team's members and invitations, and a user's invitations.

Everything takes the caller's current Membership and looks only inside its team, so another
team's membership id is a 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from annotate.models import Invitation, InvitationStatus, Membership
from annotate.models.token import hash_key


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


def pending_invitations_for_team(membership: Membership) -> QuerySet[Invitation]:
    """The team's invitations nobody has answered yet and that have not expired (for admins)."""
    return (
        Invitation.objects.filter(
            team_id=membership.team_id,
            status=InvitationStatus.PENDING,
            expires_at__gt=timezone.now(),
        )
        .select_related("invited_by")
        .order_by("-created_at", "-id")
    )


def invitations_for_user(user) -> QuerySet[Invitation]:
    """The pending, unexpired in-app invitations addressed to `user`, with their teams."""
    if not user.is_authenticated:
        return Invitation.objects.none()
    return (
        Invitation.objects.filter(
            username__iexact=user.get_username(),
            status=InvitationStatus.PENDING,
            expires_at__gt=timezone.now(),
        )
        .select_related("team", "invited_by")
        .order_by("-created_at", "-id")
    )


def invitation_for_user(user, pk) -> Invitation:
    """One of `user`'s pending invitations by id; anyone else's id is a 404."""
    try:
        return invitations_for_user(user).get(pk=pk)
    except (Invitation.DoesNotExist, ValueError, TypeError):
        raise Http404("No such invitation for you.") from None


def invitation_for_admin(membership: Membership, pk) -> Invitation:
    """A pending invitation of the caller's team by id; another team's id is a 404."""
    try:
        return pending_invitations_for_team(membership).get(pk=pk)
    except (Invitation.DoesNotExist, ValueError, TypeError):
        raise Http404("No such invitation in this team.") from None


def invitation_by_link(secret: str) -> Invitation:
    """The link invitation whose secret is `secret` (any state: the page says which); else 404."""
    found = (
        Invitation.objects.filter(token_hash=hash_key(secret or ""))
        .exclude(token_hash="")
        .select_related("team", "invited_by")
        .first()
    )
    if found is None:
        raise Http404("This invitation link is not valid.")
    return found
