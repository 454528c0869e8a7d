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
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "team"], name="membership_once_per_team"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]
        ordering = ["team__name", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} in {self.team} ({self.role})"


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
