"""Teams, memberships and verdict scales: the only code that writes them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from annotate import rules
from annotate.models import Invitation, InvitationStatus, Membership, Role, Team, Verdict
from annotate.models.token import hash_key
from annotate.palette import DEFAULT_COLOURS
from annotate.rules import Permission
from annotate.services.errors import Conflict, PermissionDenied, ServiceError

JOIN_BY_INVITATION = "People join a team by accepting an invitation; invite them instead."
INVITATION_LIFETIME = timedelta(days=14)
USERNAME_MAX = 150


@dataclass(frozen=True)
class VerdictSpec:
    key: str
    label: str
    colour: str
    rating_value: int | None = None


# Rated 5 (true) to 1 (false), as ClaimReview expects bestRating/worstRating around ratingValue.
# Colours from annotate.palette: they meet the contrast figures its test computes.
DEFAULT_SCALE = (
    VerdictSpec("true", "True", DEFAULT_COLOURS["true"], 5),
    VerdictSpec("mostly-true", "Mostly true", DEFAULT_COLOURS["mostly-true"], 4),
    VerdictSpec("half-true", "Half true", DEFAULT_COLOURS["half-true"], 3),
    VerdictSpec("mostly-false", "Mostly false", DEFAULT_COLOURS["mostly-false"], 2),
    VerdictSpec("false", "False", DEFAULT_COLOURS["false"], 1),
    VerdictSpec("unverifiable", "Unverifiable", DEFAULT_COLOURS["unverifiable"]),
    VerdictSpec("opinion", "Opinion, not checkable", DEFAULT_COLOURS["opinion"]),
)
BEST_RATING = 5
WORST_RATING = 1


def team_create(*, name: str, slug: str, organization_url: str = "") -> Team:
    """Create a team with the default verdict scale."""
    with transaction.atomic():
        team = Team.objects.create(name=name, slug=slug, organization_url=organization_url)
        scale_install_default(team=team)
    return team


def scale_install_default(*, team: Team) -> list[Verdict]:
    """Give `team` the default verdict scale (skipping keys it already has)."""
    existing = set(team.verdicts.values_list("key", flat=True))
    verdicts = [
        Verdict(
            team=team,
            key=spec.key,
            label=spec.label,
            colour=spec.colour,
            position=position,
            rating_value=spec.rating_value,
            best_rating=BEST_RATING if spec.rating_value is not None else None,
            worst_rating=WORST_RATING if spec.rating_value is not None else None,
        )
        for position, spec in enumerate(DEFAULT_SCALE)
        if spec.key not in existing
    ]
    return Verdict.objects.bulk_create(verdicts)


def membership_set(
    *, team: Team, user: AbstractBaseUser, role: str, by: Membership | None = None
) -> Membership:
    """Change a member's role; without `by`, also add `user` to `team` (set-up code only).

    `by` is the admin doing it (None only for set-up code: seeding, tests, the shell, and an
    accepted invitation). An admin cannot add anyone: people join by accepting an invitation.
    The team's last admin cannot be demoted, so a team always has someone who can manage it.
    """
    _require_admin(by, team.pk)
    if role not in Role.values:
        raise ServiceError(f"Unknown role {role!r}.", field="role")
    with transaction.atomic():
        current = Membership.objects.select_for_update().filter(team=team, user=user).first()
        if current is None and by is not None:
            raise PermissionDenied(JOIN_BY_INVITATION)
        if current is not None and current.role == Role.ADMIN and role != Role.ADMIN:
            _keep_an_admin(team.pk)
        if current is not None:
            current.role = role
            current.save(update_fields=["role"])
            return current
        has_default = Membership.objects.filter(user=user, is_default=True).exists()
        return Membership.objects.create(
            team=team, user=user, role=role, is_default=not has_default
        )


def team_set_default(*, user: AbstractBaseUser, team_id) -> Membership:
    """Make one of `user`'s own teams the one they work in by default (their choice only)."""
    with transaction.atomic():
        mine = Membership.objects.select_for_update().filter(user=user)
        chosen = next((m for m in mine if str(m.team_id) == str(team_id)), None)
        if chosen is None:
            raise ServiceError("You are not a member of that team.", field="team")
        mine.exclude(pk=chosen.pk).filter(is_default=True).update(is_default=False)
        if not chosen.is_default:
            chosen.is_default = True
            chosen.save(update_fields=["is_default"])
    return chosen


def membership_remove(*, membership: Membership, by: Membership) -> None:
    """Remove a member; an admin cannot remove the team's last admin."""
    _require_admin(by, membership.team_id)
    with transaction.atomic():
        current = Membership.objects.select_for_update().filter(pk=membership.pk).first()
        if current is None:
            return
        if current.role == Role.ADMIN:
            _keep_an_admin(current.team_id)
        current.delete()


def invitation_create(*, by: Membership, username: str, role: str) -> Invitation:
    """Invite the person called `username` to `by`'s team in `role` (they accept in the app).

    The invitation is stored whether or not such an account exists and the answer is the same,
    so inviting tells nobody who has an account here.
    """
    _require_admin(by, by.team_id)
    _check_role(role)
    username = (username or "").strip()
    if not username:
        raise ServiceError("Give the username of the person to invite.", field="username")
    if len(username) > USERNAME_MAX:
        raise ServiceError(f"A username is at most {USERNAME_MAX} characters.", field="username")
    with transaction.atomic():
        Team.objects.select_for_update().filter(pk=by.team_id).first()
        if Membership.objects.filter(team_id=by.team_id, user__username__iexact=username).exists():
            raise Conflict(f"{username} is already in this team.", field="username")
        if _pending(by.team_id).filter(username__iexact=username).exists():
            raise Conflict(f"{username} is already invited.", field="username")
        now = timezone.now()
        return Invitation.objects.create(
            team_id=by.team_id,
            role=role,
            username=username,
            invited_by=by.user,
            created_at=now,
            expires_at=now + INVITATION_LIFETIME,
        )


@dataclass(frozen=True)
class IssuedLink:
    invitation: Invitation
    secret: str  # the only copy: the page shows the link once


def invitation_link_create(*, by: Membership, role: str) -> IssuedLink:
    """A single-use invitation link to `by`'s team in `role`; only its hash is stored."""
    _require_admin(by, by.team_id)
    _check_role(role)
    secret = secrets.token_urlsafe(24)
    now = timezone.now()
    invitation = Invitation.objects.create(
        team_id=by.team_id,
        role=role,
        token_hash=hash_key(secret),
        invited_by=by.user,
        created_at=now,
        expires_at=now + INVITATION_LIFETIME,
    )
    return IssuedLink(invitation=invitation, secret=secret)


def invitation_revoke(*, by: Membership, invitation: Invitation) -> None:
    """Withdraw a pending invitation of `by`'s team; an answered one stays as it is."""
    _require_admin(by, invitation.team_id)
    with transaction.atomic():
        current = _lock_pending(invitation)
        current.status = InvitationStatus.REVOKED
        current.responded_at = timezone.now()
        current.responded_by = by.user
        current.save(update_fields=["status", "responded_at", "responded_by"])


def invitation_accept(*, user: AbstractBaseUser, invitation: Invitation) -> Membership:
    """`user` joins the invitation's team in its role. Their default team does not change,
    unless this is their only team."""
    with transaction.atomic():
        current = _lock_pending(invitation)
        _check_addressed(current, user)
        if Membership.objects.filter(team_id=current.team_id, user=user).exists():
            raise Conflict("You are already a member of this team.")
        membership = membership_set(team=current.team, user=user, role=current.role)
        _answer(current, user, InvitationStatus.ACCEPTED)
    return membership


def invitation_decline(*, user: AbstractBaseUser, invitation: Invitation) -> None:
    with transaction.atomic():
        current = _lock_pending(invitation)
        _check_addressed(current, user)
        _answer(current, user, InvitationStatus.DECLINED)


def _pending(team_id: int):
    return Invitation.objects.filter(
        team_id=team_id, status=InvitationStatus.PENDING, expires_at__gt=timezone.now()
    )


def _lock_pending(invitation: Invitation) -> Invitation:
    current = (
        Invitation.objects.select_for_update()
        .select_related("team")
        .filter(pk=invitation.pk)
        .first()
    )
    if current is None or current.status != InvitationStatus.PENDING:
        raise Conflict("This invitation was already answered or withdrawn.")
    if current.expires_at <= timezone.now():
        raise Conflict("This invitation has expired; ask the team's admin for a new one.")
    return current


def _check_addressed(invitation: Invitation, user: AbstractBaseUser) -> None:
    if not invitation.is_link and invitation.username.lower() != user.get_username().lower():
        raise PermissionDenied("This invitation is for someone else.")


def _answer(invitation: Invitation, user: AbstractBaseUser, status: str) -> None:
    invitation.status = status
    invitation.responded_at = timezone.now()
    invitation.responded_by = user
    invitation.save(update_fields=["status", "responded_at", "responded_by"])


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise ServiceError(f"Unknown role {role!r}.", field="role")


def _require_admin(by: Membership | None, team_id: int) -> None:
    if by is not None and (by.team_id != team_id or not rules.can(by, Permission.TEAM_MANAGE)):
        raise PermissionDenied(rules.ONLY_ADMINS_MANAGE)


def _keep_an_admin(team_id: int) -> None:
    """Refuse a change that would take away the team's only admin (the caller holds a lock)."""
    admins = Membership.objects.select_for_update().filter(team_id=team_id, role=Role.ADMIN)
    if admins.count() <= 1:
        raise ServiceError("A team needs at least one admin; name another admin first.")
