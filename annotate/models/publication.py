"""A claim's public fact-check page: its stable slug and the approved version it shows.

`content` is the public version of the claim, taken when it is published and again each time it
is approved while published (services.publishing): an edit that reopens review changes the claim,
not this, so the public page keeps showing what a reviewer approved until it is approved again.
Unpublishing keeps the row (and its slug) so the page answers 410 Gone rather than 404; so does
purging the claim from the Trash (`claim` becomes null).
"""

from django.conf import settings
from django.db import models

from annotate.models.claim import Claim
from annotate.models.team import Team


class Publication(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="publications")
    claim = models.OneToOneField(
        Claim, on_delete=models.SET_NULL, null=True, blank=True, related_name="publication"
    )
    slug = models.SlugField(max_length=80)
    # The outlet's own article with this fact-check, when the team has one: the ClaimReview url.
    published_at_url = models.URLField(max_length=2000, blank=True)
    content = models.JSONField(default=dict)
    is_published = models.BooleanField(default=True)
    first_published_at = models.DateTimeField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # When the public version was last replaced (a new approval while published).
    updated_at = models.DateTimeField()
    unpublished_at = models.DateTimeField(null=True, blank=True)
    unpublished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["team", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["team", "slug"], name="publication_slug_per_team"),
        ]

    def __str__(self) -> str:
        state = "published" if self.is_published else "unpublished"
        return f"/f/{self.team_id}/{self.slug}/ ({state})"
