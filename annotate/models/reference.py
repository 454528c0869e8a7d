"""Other outlets' fact-checks, imported from their ClaimReview markup: the archive's references.

Kept apart from the team's own claims (they are no Claim and never enter review or exports),
one row per review URL in a team, so a feed imported again updates its rows instead of
doubling them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from annotate.models.team import Team


class ReferenceCheck(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="reference_checks")
    url = models.URLField(max_length=2000, help_text="The fact-check's own page (http/https).")
    claim_reviewed = models.TextField()
    rating_label = models.CharField(max_length=200)
    rating_value = models.FloatField(null=True, blank=True)
    rating_best = models.FloatField(null=True, blank=True)
    rating_worst = models.FloatField(null=True, blank=True)
    rating_explanation = models.TextField(blank=True)
    outlet = models.CharField(max_length=300, blank=True)
    outlet_url = models.URLField(max_length=2000, blank=True)
    date_published = models.DateField(null=True, blank=True)
    claimant = models.CharField(max_length=300, blank=True)
    claim_date = models.DateField(null=True, blank=True)
    # [{"url", "headline", "date", "author"}]: where the claim was seen.
    appearances = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=16, default="en")
    headline = models.CharField(max_length=500, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date_published", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["team", "url"], name="reference_unique_url_in_team")
        ]

    def __str__(self) -> str:
        return f"{self.outlet or 'Reference'}: {self.claim_reviewed[:60]}"
