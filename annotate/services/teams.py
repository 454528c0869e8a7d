"""Teams, memberships and verdict scales: the only code that writes them."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from annotate import rules
from annotate.models import Membership, Role, Team, Verdict
from annotate.palette import DEFAULT_COLOURS
from annotate.rules import Permission
from annotate.services.errors import Conflict, PermissionDenied, ServiceError


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
    """Add `user` to `team` with `role`, or change their role.

    `by` is the admin doing it (None only for set-up code: seeding, tests, the shell). The team's
    last admin cannot be demoted, so a team always has someone who can manage it.
    """
    _require_admin(by, team.pk)
    if role not in Role.values:
        raise ServiceError(f"Unknown role {role!r}.", field="role")
    with transaction.atomic():
        current = Membership.objects.select_for_update().filter(team=team, user=user).first()
        if current is not None and current.role == Role.ADMIN and role != Role.ADMIN:
            _keep_an_admin(team.pk)
        membership, _ = Membership.objects.update_or_create(
            team=team, user=user, defaults={"role": role}
        )
    return membership


def membership_add(*, by: Membership, username: str, role: str) -> Membership:
    """Add the existing user called `username` to `by`'s team; `by` must be a team admin."""
    _require_admin(by, by.team_id)
    username = (username or "").strip()
    if not username:
        raise ServiceError("Give the username of the person to add.", field="username")
    user = get_user_model().objects.filter(username__iexact=username).first()
    if user is None:
        raise ServiceError(f"There is no user called {username!r}.", field="username")
    if Membership.objects.filter(team_id=by.team_id, user=user).exists():
        raise Conflict(f"{user.get_username()} is already in this team.", field="username")
    return membership_set(team=by.team, user=user, role=role, by=by)


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


def _require_admin(by: Membership | None, team_id: int) -> None:
    if by is not None and (by.team_id != team_id or not rules.can(by, Permission.TEAM_MANAGE)):
        raise PermissionDenied(rules.ONLY_ADMINS_MANAGE)


def _keep_an_admin(team_id: int) -> None:
    """Refuse a change that would take away the team's only admin (the caller holds a lock)."""
    admins = Membership.objects.select_for_update().filter(team_id=team_id, role=Role.ADMIN)
    if admins.count() <= 1:
        raise ServiceError("A team needs at least one admin; name another admin first.")
