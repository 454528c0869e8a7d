"""Query filters for the API's lists (django-filter): claims, sources, reviews, comments, jobs,
notifications."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone

from annotate.forms import STANDING_CHOICES
from annotate.models import (
    Claim,
    ClaimStatus,
    Comment,
    Document,
    Job,
    JobKind,
    JobStatus,
    Notification,
    NotificationKind,
    Review,
    Source,
    SourceFormat,
)
from annotate.selectors.newsroom import DocumentFilters, documents_filtered

# Ids beyond the database's integer range name nothing; refusing them here gives a 400 instead of
# an overflow inside the database driver.
MAX_ID = 2**63 - 1


def IdFilter(field_name: str, help_text: str) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(
        field_name=field_name, help_text=help_text, min_value=1, max_value=MAX_ID, decimal_places=0
    )


def YesNoFilter(method: str, help_text: str) -> django_filters.ChoiceFilter:
    """`true` or `false`; anything else is refused with a 400 (as a wrong choice is)."""
    return django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")], method=method, help_text=help_text
    )


class ClaimFilter(django_filters.FilterSet):
    document = IdFilter("document_id", "Document id.")
    status = django_filters.ChoiceFilter(choices=ClaimStatus.choices)
    verdict = django_filters.CharFilter(field_name="verdict__key", help_text="Verdict key.")
    author = django_filters.CharFilter(field_name="author__username", help_text="Username.")
    assignee = django_filters.CharFilter(field_name="assignee__username", help_text="Username.")
    unassigned = YesNoFilter("filter_unassigned", "true: only claims nobody has; false: theirs.")
    overdue = YesNoFilter("filter_overdue", "true: past their due time and not approved yet.")

    class Meta:
        model = Claim
        fields = ["document", "status", "verdict", "author", "assignee", "unassigned", "overdue"]

    def filter_unassigned(self, queryset, name, value):
        return queryset.filter(assignee__isnull=value == "true")

    def filter_overdue(self, queryset, name, value):
        late = Q(due_at__lt=timezone.now()) & ~Q(status=ClaimStatus.APPROVED)
        return queryset.filter(late) if value == "true" else queryset.exclude(late)


class NotificationFilter(django_filters.FilterSet):
    unread = YesNoFilter("filter_unread", "true: only unread ones; false: only read ones.")
    kind = django_filters.ChoiceFilter(choices=NotificationKind.choices)

    class Meta:
        model = Notification
        fields = ["unread", "kind"]

    def filter_unread(self, queryset, name, value):
        return queryset.filter(read_at__isnull=value == "true")


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


class DocumentFilter(django_filters.FilterSet):
    """Where documents stand (annotate.selectors.newsroom.documents_overview annotates them)."""

    status = django_filters.ChoiceFilter(
        choices=STANDING_CHOICES, method="filter_standing", help_text="Where the document stands."
    )
    assignee = django_filters.CharFilter(
        method="filter_assignee", help_text="Username of the assignee, or `none`."
    )
    overdue = YesNoFilter("filter_overdue", "true: past its due time, not all approved.")
    format = django_filters.ChoiceFilter(field_name="source_format", choices=SourceFormat.choices)
    title = django_filters.CharFilter(field_name="title", lookup_expr="icontains")

    class Meta:
        model = Document
        fields = ["status", "assignee", "overdue", "format", "title"]

    def filter_standing(self, queryset, name, value):
        return documents_filtered(queryset, DocumentFilters(standing=value))

    def filter_assignee(self, queryset, name, value):
        if value == "none":
            return queryset.filter(assignee_id__isnull=True)
        return queryset.filter(assignee_name=value)

    def filter_overdue(self, queryset, name, value):
        late = documents_filtered(queryset, DocumentFilters(overdue=True))
        return late if value == "true" else queryset.exclude(pk__in=late.values("pk"))
