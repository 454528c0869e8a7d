"""Query filters for the API's lists (django-filter): claims, sources, reviews and comments."""

from __future__ import annotations

import django_filters

from annotate.models import Claim, ClaimStatus, Comment, Job, JobKind, JobStatus, Review, Source

# Ids beyond the database's integer range name nothing; refusing them here gives a 400 instead of
# an overflow inside the database driver.
MAX_ID = 2**63 - 1


def IdFilter(field_name: str, help_text: str) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(
        field_name=field_name, help_text=help_text, min_value=1, max_value=MAX_ID, decimal_places=0
    )


class ClaimFilter(django_filters.FilterSet):
    document = IdFilter("document_id", "Document id.")
    status = django_filters.ChoiceFilter(choices=ClaimStatus.choices)
    verdict = django_filters.CharFilter(field_name="verdict__key", help_text="Verdict key.")
    author = django_filters.CharFilter(field_name="author__username", help_text="Username.")
    assignee = django_filters.CharFilter(field_name="assignee__username", help_text="Username.")

    class Meta:
        model = Claim
        fields = ["document", "status", "verdict", "author", "assignee"]


class SourceFilter(django_filters.FilterSet):
    claim = IdFilter("claim_id", "Claim id.")

    class Meta:
        model = Source
        fields = ["claim"]


class ReviewFilter(django_filters.FilterSet):
    claim = IdFilter("claim_id", "Claim id.")

    class Meta:
        model = Review
        fields = ["claim"]


class CommentFilter(django_filters.FilterSet):
    claim = IdFilter("claim_id", "Claim id.")

    class Meta:
        model = Comment
        fields = ["claim"]


class JobFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=JobKind.choices)
    status = django_filters.ChoiceFilter(choices=JobStatus.choices)

    class Meta:
        model = Job
        fields = ["kind", "status"]
