"""Serializers: the API's JSON shapes, and the parsing of request bodies into service arguments.

Read serializers only present. Input serializers for claims, sources and comments validate
through the pages' own forms (annotate.forms, bridged by annotate.api.forms), so the API gives
the same answer as the desk and the review page; the others only check types. Every rule about
what may change lives in the services, which the views call with the validated data.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from annotate import formats
from annotate.api.forms import FormSerializer, TeamForm
from annotate.forms import (
    AssignmentForm,
    ClaimForm,
    CommentForm,
    ImportUrlForm,
    PublishForm,
    SourceForm,
)
from annotate.models import (
    Claim,
    ClaimStatus,
    Comment,
    Document,
    Job,
    Membership,
    Notification,
    Review,
    Sentence,
    Source,
    Verdict,
)
from annotate.models.claim import SOURCE_FIELDS
from annotate.selectors.desk import members_for_team
from annotate.selectors.notifications import notification_path
from annotate.selectors.publishing import claim_public_url


class ErrorSerializer(serializers.Serializer):
    """Every error: a message for people, the field it is about, and DRF's per-field messages."""

    detail = serializers.CharField()
    field = serializers.CharField(allow_null=True)
    errors = serializers.JSONField(
        required=False, help_text="For invalid input: the messages for each field."
    )


# --- Reading -------------------------------------------------------------------------------------


class VerdictSerializer(serializers.ModelSerializer):
    class Meta:
        model = Verdict
        fields = [
            "key",
            "label",
            "colour",
            "position",
            "rating_value",
            "best_rating",
            "worst_rating",
        ]


class TeamSerializer(serializers.ModelSerializer):
    """One of the caller's teams (read from their Membership), with its verdict scale."""

    id = serializers.IntegerField(source="team.id", read_only=True)
    slug = serializers.CharField(source="team.slug", read_only=True)
    name = serializers.CharField(source="team.name", read_only=True)
    organization_url = serializers.CharField(source="team.organization_url", read_only=True)
    verdicts = VerdictSerializer(source="team.verdicts", many=True, read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "slug", "name", "organization_url", "role", "verdicts"]


def username_field() -> serializers.SlugRelatedField:
    """A user, as their username (null when none)."""
    return serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)


class DocumentSerializer(serializers.ModelSerializer):
    """A document without its text (lists)."""

    claim_count = serializers.IntegerField(read_only=True)
    created_by = username_field()
    status_counts = serializers.SerializerMethodField()
    assignee = serializers.CharField(source="assignee_name", read_only=True, allow_null=True)
    due_at = serializers.DateTimeField(read_only=True, allow_null=True)
    last_activity = serializers.DateTimeField(read_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "title",
            "byline",
            "source_url",
            "published_on",
            "language",
            "source_format",
            "original_name",
            "text_length",
            "sentence_count",
            "warnings",
            "copy_of",
            "claim_count",
            "status_counts",
            "assignee",
            "due_at",
            "last_activity",
            "created_by",
            "created_at",
        ]

    @extend_schema_field(
        {
            "type": "object",
            "properties": {key: {"type": "integer"} for key in ClaimStatus.values},
            "required": list(ClaimStatus.values),
        }
    )
    def get_status_counts(self, document: Document) -> dict[str, int]:
        """How many of its claims are in each status."""
        return {status: getattr(document, f"n_{status}", 0) for status in ClaimStatus.values}


# What only the list knows (documents_overview annotates it).
LIST_ONLY = ("claim_count", "status_counts", "assignee", "due_at", "last_activity")


class DocumentLinkSerializer(serializers.Serializer):
    """A link the article had: `text[start:end]` of the document is its text."""

    start = serializers.IntegerField(help_text="Code-point offset, inclusive.")
    end = serializers.IntegerField(help_text="Code-point offset, exclusive.")
    url = serializers.URLField()
    origin = serializers.CharField(help_text="Where it was: body, footnote or endnote.")


class DocumentDetailSerializer(DocumentSerializer):
    """A document with its normalized text: every offset is a code-point index into `text`."""

    links = DocumentLinkSerializer(many=True, read_only=True)

    class Meta(DocumentSerializer.Meta):
        fields = [f for f in DocumentSerializer.Meta.fields if f not in LIST_ONLY] + [
            "links",
            "text",
        ]


class SentenceSerializer(serializers.ModelSerializer):
    text = serializers.SerializerMethodField()

    class Meta:
        model = Sentence
        fields = ["index", "start", "end", "paragraph", "text"]

    def get_text(self, sentence: Sentence) -> str:
        # The document's text comes from the context: one read for the whole page of sentences.
        return self.context["document_text"][sentence.start : sentence.end]


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["id", "claim", *SOURCE_FIELDS, "position", "created_at"]


class ClaimSerializer(serializers.ModelSerializer):
    """A claim with its sources; `start`/`end` are code points into the document's text."""

    verdict = serializers.SlugRelatedField(slug_field="key", read_only=True, allow_null=True)
    author = username_field()
    assignee = username_field()
    approved_by = username_field()
    sources = SourceSerializer(many=True, read_only=True)
    public_url = serializers.SerializerMethodField(
        help_text="The claim's public fact-check page while it is published, else null."
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "document",
            "start",
            "end",
            "quote",
            "prefix",
            "suffix",
            "restatement",
            "claimant",
            "verdict",
            "notes",
            "status",
            "author",
            "assignee",
            "due_at",
            "approved_by",
            "approved_at",
            "version",
            "created_at",
            "updated_at",
            "sources",
            "public_url",
        ]

    def get_public_url(self, claim: Claim) -> str | None:
        return claim_public_url(claim)


STATUS_HELP = "A claim status: " + ", ".join(ClaimStatus.values) + "."


class ReviewSerializer(serializers.ModelSerializer):
    reviewer = username_field()
    # Plain strings, not a second copy of the claim status enum (one name per choice set).
    from_status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    to_status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    snapshot = serializers.JSONField(
        read_only=True, help_text="The claim's substance when this decision was made."
    )

    class Meta:
        model = Review
        fields = [
            "id",
            "claim",
            "reviewer",
            "decision",
            "from_status",
            "to_status",
            "comment",
            "snapshot",
            "created_at",
        ]


class CommentSerializer(serializers.ModelSerializer):
    author = username_field()

    class Meta:
        model = Comment
        fields = ["id", "claim", "author", "body", "created_at"]
        extra_kwargs = {"body": {"help_text": "Sanitized HTML."}}


class JobSerializer(serializers.ModelSerializer):
    created_by = username_field()
    percent = serializers.IntegerField(read_only=True)
    is_finished = serializers.BooleanField(read_only=True)
    result_url = serializers.SerializerMethodField()

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "status",
            "stage",
            "progress_done",
            "progress_total",
            "percent",
            "is_finished",
            "error",
            "input_name",
            "result_name",
            "result_url",
            "document",
            "duplicate_of",
            "warnings",
            "created_by",
            "created_at",
            "started_at",
            "finished_at",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_result_url(self, job: Job) -> str | None:
        """Where to download the result (a finished export), or null."""
        if not job.result_file:
            return None
        path = reverse("api:job-result", args=[job.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


# --- Writing -------------------------------------------------------------------------------------


class ClaimCreateSerializer(TeamForm):
    """A new claim: its span (checked here) and its fields (checked by annotate.forms.ClaimForm)."""

    form_class = ClaimForm
    exclude = ("document", "start", "end", "quote", "version")

    document = serializers.IntegerField(min_value=1, help_text="Id of a document of the team.")
    start = serializers.IntegerField(min_value=0, help_text="Code-point offset, inclusive.")
    end = serializers.IntegerField(min_value=0, help_text="Code-point offset, exclusive.")
    quote = serializers.CharField(
        trim_whitespace=False, help_text="Exactly the document's text[start:end]."
    )

    def form_kwargs(self) -> dict:
        return {**super().form_kwargs(), "with_version": False}


class ClaimUpdateSerializer(TeamForm):
    """A claim's changed fields and the `version` read (annotate.forms.ClaimForm)."""

    form_class = ClaimForm


SOURCE_VERSION_HELP = (
    "The claim's `version` this edit is based on; a stale one is refused with 409. "
    "Without it the edit is not checked."
)


DECISION_NEEDS_VERSION = (
    "A decision must name the claim's `version` you read (the `version` of GET "
    "/api/claims/<id>/), so that nobody approves text they have not seen."
)


class TransitionSerializer(serializers.Serializer):
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Required to request changes."
    )


class PublishSerializer(FormSerializer):
    """Publish an approved claim (annotate.forms.PublishForm, as on the review panel)."""

    form_class = PublishForm


class DecisionSerializer(TransitionSerializer):
    """A reviewer's decision: approve or request changes."""

    version = serializers.IntegerField(
        min_value=1,
        help_text="The claim version the decision is based on (required); a stale one is "
        "refused with 409.",
        error_messages={"required": DECISION_NEEDS_VERSION, "null": DECISION_NEEDS_VERSION},
    )


class SourceWriteSerializer(FormSerializer):
    """A source's fields (annotate.forms.SourceForm, as on the desk and the review page)."""

    form_class = SourceForm

    def form_kwargs(self) -> dict:
        return {"partial": self.partial}


class SourceCreateSerializer(SourceWriteSerializer):
    exclude = ("claim",)

    claim = serializers.IntegerField(min_value=1, help_text="Id of a claim of the team.")

    def form_kwargs(self) -> dict:
        return {"new": True}


class CommentCreateSerializer(FormSerializer):
    """A comment (annotate.forms.CommentForm) on a claim of the team."""

    form_class = CommentForm
    exclude = ("claim",)

    claim = serializers.IntegerField(min_value=1, help_text="Id of a claim of the team.")


class ImportSerializer(serializers.Serializer):
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),
        allow_empty=False,
        help_text=f"One or more files ({formats.import_extensions()}); one job each.",
    )
    references = serializers.BooleanField(
        default=False,
        help_text="The files are other outlets' fact-checks: ClaimReview JSON-LD, or saved "
        "fact-check pages whose embedded ClaimReview is read. `.jsonld` files, and `.json` files "
        "that are ClaimReview, are read so without it.",
    )


class ImportUrlSerializer(FormSerializer):
    """A web page to import: the server fetches it (public addresses only) as an HTML page."""

    form_class = ImportUrlForm


class ExportSerializer(serializers.Serializer):
    documents = serializers.ListField(
        child=serializers.IntegerField(min_value=1), allow_empty=False, help_text="Document ids."
    )
    format = serializers.ChoiceField(
        choices=formats.export_choices(),
        help_text="The export format (annotate.formats): "
        + ", ".join(f"`{key}` {label}" for key, label in formats.export_choices())
        + ".",
    )
    approved_only = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="true: only the approved claims; false: every claim, drafts included. "
        f"Omitted or null: true for {formats.publishable_labels()}, false for the others.",
    )


# --- The newsroom: assignments and notifications -------------------------------------------------


class AssignmentSerializer(FormSerializer):
    """Assign a claim or a document (annotate.forms.AssignmentForm): a member by username (or
    null for nobody), an optional due time, and for a claim the `version` read (optional)."""

    form_class = AssignmentForm

    def form_kwargs(self) -> dict:
        team_id = self.context["membership"].team_id
        return {"members": lambda: list(members_for_team(team_id)), "by_name": True}


class DocumentAssignmentSerializer(serializers.Serializer):
    document = serializers.IntegerField(read_only=True)
    assignee = serializers.CharField(allow_null=True, read_only=True)
    due_at = serializers.DateTimeField(allow_null=True, read_only=True)


class NotificationSerializer(serializers.ModelSerializer):
    actor = username_field()
    link = serializers.SerializerMethodField()
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "title",
            "body",
            "actor",
            "claim",
            "document",
            "job",
            "link",
            "read",
            "read_at",
            "created_at",
        ]

    def get_link(self, notification: Notification) -> str:
        """Where the notification leads in the app (a path)."""
        return notification_path(notification)

    def get_read(self, notification: Notification) -> bool:
        return notification.read_at is not None


class ReadAllSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many notifications were marked read.")
