"""Teams (newsrooms), who belongs to them in which role, and each team's verdict scale."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Team(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    # Shown as the ClaimReview author Organization.
    organization_url = models.URLField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    VIEWER = "viewer", "Viewer"
    CHECKER = "checker", "Checker"
    REVIEWER = "reviewer", "Reviewer"
    ADMIN = "admin", "Admin"


class Membership(models.Model):
    """A user's role in a team; what each role may do is decided in annotate/rules.py."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.CHECKER)
    # The team the user works in when they sign in; only they change it (the team switcher).
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "team"], name="membership_once_per_team"),
            models.UniqueConstraint(
                fields=["user"], condition=Q(is_default=True), name="membership_one_default"
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]
        ordering = ["team__name", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} in {self.team} ({self.role})"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    REVOKED = "revoked", "Revoked"


class Invitation(models.Model):
    """An offer to join a team in a role; nobody joins a team without accepting one.

    In-app: addressed to a `username` as the admin typed it (whether or not such an account
    exists, so an invitation tells the admin nothing about who has an account); the person
    sees it when signed in. Link: `token_hash` is the SHA-256 of the secret in the link, and
    whoever opens the link signed in may accept it, once.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.CHECKER)
    username = models.CharField(max_length=150, blank=True)
    token_hash = models.CharField(max_length=64, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="invitation_role_valid"),
            models.CheckConstraint(
                condition=Q(status__in=InvitationStatus.values), name="invitation_status_valid"
            ),
            # Exactly one of the two kinds: addressed to a username, or a link.
            models.CheckConstraint(
                condition=(Q(username="") & ~Q(token_hash=""))
                | (~Q(username="") & Q(token_hash="")),
                name="invitation_user_or_link",
            ),
            models.UniqueConstraint(
                fields=["token_hash"], condition=~Q(token_hash=""), name="invitation_link_unique"
            ),
        ]
        indexes = [models.Index(fields=["username", "status"], name="invitation_for_user")]

    def __str__(self) -> str:
        return f"Invitation to {self.team} as {self.role} ({self.status})"

    @property
    def is_link(self) -> bool:
        return not self.username


class Verdict(models.Model):
    """One label of a team's verdict scale, with its ClaimReview rating when it is rated."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="verdicts")
    key = models.SlugField(max_length=40)
    label = models.CharField(max_length=80)
    colour = models.CharField(max_length=7, help_text="#rrggbb")
    position = models.PositiveSmallIntegerField()
    rating_value = models.SmallIntegerField(null=True, blank=True)
    best_rating = models.SmallIntegerField(null=True, blank=True)
    worst_rating = models.SmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["team", "position"]
        constraints = [
            models.UniqueConstraint(fields=["team", "key"], name="verdict_key_unique_in_team"),
            models.UniqueConstraint(fields=["id", "team"], name="verdict_id_team"),
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="verdict_colour_hex"
            ),
            # Rated verdicts carry all three numbers, in order; unrated ones carry none.
            models.CheckConstraint(
                condition=(
                    Q(
                        rating_value__isnull=True,
                        best_rating__isnull=True,
                        worst_rating__isnull=True,
                    )
                    | Q(
                        rating_value__isnull=False,
                        best_rating__isnull=False,
                        worst_rating__isnull=False,
                        worst_rating__lte=models.F("rating_value"),
                        rating_value__lte=models.F("best_rating"),
                    )
                ),
                name="verdict_rating_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_rated(self) -> bool:
        return self.rating_value is not None
