"""The REST API's views: parse the request, call one selector or service, serialize the result.

Authorization: `IsTeamMember` picks the caller's current Membership (see permissions.py); every
queryset and getter below is scoped to that membership's team, so another team's ids are 404s;
roles and workflow rules (read-only viewers, no self-approval, stale versions) are enforced by
the services, whose refusals exceptions.handler turns into JSON errors.
"""

from __future__ import annotations

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from annotate import selectors
from annotate.api import filters
from annotate.api import serializers as s
from annotate.api.permissions import IsTeamMember
from annotate.api.schema import ApiAutoSchema
from annotate.models import Claim, Comment, Document, Job, Membership, Notification, Review, Source
from annotate.selectors import newsroom
from annotate.selectors import notifications as inbox
from annotate.services import (
    assignments,
    claims,
    comments,
    exports,
    imports,
    notifications,
    publishing,
    reviews,
)
from annotate.services.errors import ServiceError


class ApiPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class TeamScoped:
    """Base of every team-scoped view: membership check, pagination and the schema additions."""

    permission_classes = [IsTeamMember]
    pagination_class = ApiPagination
    schema = ApiAutoSchema()

    @property
    def membership(self) -> Membership:
        return self.request.membership

    def get_queryset(self):
        # The schema generator inspects views without a request or a team.
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return self.team_queryset()

    def team_queryset(self):
        raise NotImplementedError

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        context["membership"] = getattr(self.request, "membership", None)
        return context

    def parse(self, serializer_class, **kwargs) -> dict:
        """Validate the request body with `serializer_class`; return the validated data."""
        serializer = serializer_class(
            data=self.request.data, context=self.get_serializer_context(), **kwargs
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def present(self, serializer_class, instance, code: int = status.HTTP_200_OK) -> Response:
        data = serializer_class(instance, context=self.get_serializer_context()).data
        return Response(data, status=code)


# --- Teams, documents, sentences -----------------------------------------------------------------


@extend_schema_view(list=extend_schema(summary="The caller's teams, with role and verdict scale"))
class TeamViewSet(TeamScoped, mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]
    serializer_class = s.TeamSerializer
    team_scoped = False  # lists every team of the caller

    queryset = Membership.objects.none()

    def team_queryset(self):
        return selectors.memberships_for_user(self.request.user).prefetch_related("team__verdicts")


@extend_schema_view(
    list=extend_schema(
        summary="The team's documents, newest first (without their text), with where each stands"
    ),
    retrieve=extend_schema(summary="One document with its normalized text"),
)
class DocumentViewSet(TeamScoped, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.DocumentSerializer
    filterset_class = filters.DocumentFilter

    queryset = Document.objects.none()

    def team_queryset(self):
        return newsroom.documents_overview(self.membership)

    def get_serializer_class(self):
        return s.DocumentDetailSerializer if self.action == "retrieve" else s.DocumentSerializer

    def get_object(self):
        return selectors.document_for_member(self.membership, self.kwargs["pk"])

    @extend_schema(
        summary="Assign the whole document to a member (username, or null for nobody) by an "
        "optional due time; the assignee is notified",
        request=s.AssignmentSerializer,
        responses=s.DocumentAssignmentSerializer,
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def assign(self, request, pk=None):
        document = self.get_object()
        data = self.parse(s.AssignmentSerializer)
        row = assignments.document_assign(
            membership=self.membership,
            document=document,
            assignee=data.get("assignee"),
            due_at=data.get("due_at"),
        )
        current = {
            "document": document.pk,
            "assignee": row.assignee.get_username() if row and row.assignee_id else None,
            "due_at": row.due_at if row else None,
        }
        return self.present(s.DocumentAssignmentSerializer, current)

    @extend_schema(
        summary="The document's sentences in order, paged",
        responses=s.SentenceSerializer(many=True),
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def sentences(self, request, pk=None):
        document = self.get_object()
        page = self.paginate_queryset(selectors.sentences_for_document(document))
        context = {**self.get_serializer_context(), "document_text": document.text}
        return self.get_paginated_response(
            s.SentenceSerializer(page, many=True, context=context).data
        )


# --- Claims and their review ---------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="The team's claims, filtered"),
    retrieve=extend_schema(summary="One claim with its sources"),
    create=extend_schema(
        summary="Mark a claim: `quote` must equal the document's text[start:end] (code points)",
        request=s.ClaimCreateSerializer,
        responses={201: s.ClaimSerializer},
    ),
    partial_update=extend_schema(
        summary="Edit a claim; `version` must be the one read (else 409)",
        request=s.ClaimUpdateSerializer,
        responses=s.ClaimSerializer,
    ),
    destroy=extend_schema(
        summary="Move a claim to its document's Trash (restorable for 30 days; its sources, "
        "reviews and comments stay with it)"
    ),
)
class ClaimViewSet(TeamScoped, viewsets.ModelViewSet):
    serializer_class = s.ClaimSerializer
    filterset_class = filters.ClaimFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    queryset = Claim.objects.none()

    def team_queryset(self):
        return selectors.claims_for_team(self.membership)

    def get_object(self):
        return selectors.claim_for_member(self.membership, self.kwargs["pk"])

    def reload(self, claim) -> Response:
        return self.present(s.ClaimSerializer, self.get_claim(claim.pk))

    def get_claim(self, pk):
        return selectors.claim_for_member(self.membership, pk)

    def create(self, request, *args, **kwargs):
        data = self.parse(s.ClaimCreateSerializer)
        document = selectors.document_for_member(self.membership, data.pop("document"))
        claim = claims.claim_create(membership=self.membership, document=document, **data)
        return self.present(s.ClaimSerializer, self.get_claim(claim.pk), status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        data = self.parse(s.ClaimUpdateSerializer)
        version = data.pop("version")
        claim = claims.claim_update(
            membership=self.membership, claim=self.get_object(), version=version, **data
        )
        return self.reload(claim)

    def destroy(self, request, *args, **kwargs):
        claims.claim_delete(membership=self.membership, claim=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Assign the claim to a member (username, or null for nobody) by an optional due "
        "time; the assignee is notified",
        request=s.AssignmentSerializer,
        responses=s.ClaimSerializer,
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def assign(self, request, pk=None):
        data = self.parse(s.AssignmentSerializer)
        claim = assignments.claim_assign(
            membership=self.membership,
            claim=self.get_object(),
            assignee=data.get("assignee"),
            due_at=data.get("due_at"),
            version=data.get("version"),
        )
        return self.reload(claim)

    @extend_schema(
        summary="Restore a claim from its document's Trash",
        request=None,
        responses=s.ClaimSerializer,
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def restore(self, request, pk=None):
        claim = selectors.trashed_claim_for_member(self.membership, pk)
        claims.claim_restore(membership=self.membership, claim=claim)
        return self.reload(claim)

    @extend_schema(
        summary="Send the claim to review (needs restatement, verdict, a source)",
        request=s.TransitionSerializer,
        responses=s.ClaimSerializer,
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def submit(self, request, pk=None):
        comment = self.parse(s.TransitionSerializer)["comment"]
        claim = reviews.claim_submit(
            membership=self.membership, claim=self.get_object(), comment=comment
        )
        return self.reload(claim)

    @extend_schema(
        summary="Approve a claim in review (reviewers; never your own claim)",
        request=s.DecisionSerializer,
        responses=s.ClaimSerializer,
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def approve(self, request, pk=None):
        claim = self.get_object()  # another team's id is a 404 before the body is read
        data = self.parse(s.DecisionSerializer)
        claim = reviews.claim_approve(
            membership=self.membership,
            claim=claim,
            comment=data["comment"],
            version=data["version"],
        )
        return self.reload(claim)

    @extend_schema(
        summary="Send a claim in review back with a comment (reviewers)",
        request=s.DecisionSerializer,
        responses=s.ClaimSerializer,
    )
    @action(detail=True, methods=["post"], url_path="request-changes", filter_backends=[])
    def request_changes(self, request, pk=None):
        claim = self.get_object()  # another team's id is a 404 before the body is read
        data = self.parse(s.DecisionSerializer)
        claim = reviews.claim_request_changes(
            membership=self.membership,
            claim=claim,
            comment=data["comment"],
            version=data["version"],
        )
        return self.reload(claim)

    @extend_schema(
        summary="Publish an approved claim: its public page /f/<team>/<slug>/ (reviewers)",
        request=s.PublishSerializer,
        responses=s.ClaimSerializer,
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def publish(self, request, pk=None):
        claim = self.get_object()  # another team's id is a 404 before the body is read
        data = self.parse(s.PublishSerializer)
        version = data.pop("version", None)
        publishing.claim_publish(membership=self.membership, claim=claim, version=version, **data)
        return self.reload(claim)

    @extend_schema(
        summary="Unpublish a claim: its public page answers 410 Gone (reviewers)",
        request=None,
        responses=s.ClaimSerializer,
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def unpublish(self, request, pk=None):
        claim = self.get_object()
        publishing.claim_unpublish(membership=self.membership, claim=claim)
        return self.reload(claim)


@extend_schema_view(
    list=extend_schema(summary="The team's claim sources"),
    create=extend_schema(
        summary="Add a source to a claim",
        request=s.SourceCreateSerializer,
        responses={201: s.SourceSerializer},
    ),
    partial_update=extend_schema(
        summary="Edit a source", request=s.SourceWriteSerializer, responses=s.SourceSerializer
    ),
    destroy=extend_schema(
        summary="Remove a source from its claim",
        parameters=[
            OpenApiParameter(
                "version",
                int,
                OpenApiParameter.QUERY,
                description=s.SOURCE_VERSION_HELP,
            )
        ],
    ),
)
class SourceViewSet(TeamScoped, viewsets.ModelViewSet):
    serializer_class = s.SourceSerializer
    filterset_class = filters.SourceFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    queryset = Source.objects.none()

    def team_queryset(self):
        return selectors.sources_for_team(self.membership)

    def get_object(self):
        return selectors.source_for_member(self.membership, self.kwargs["pk"])

    def create(self, request, *args, **kwargs):
        data = self.parse(s.SourceCreateSerializer)
        claim = selectors.claim_for_member(self.membership, data.pop("claim"))
        source = claims.source_add(membership=self.membership, claim=claim, **data)
        return self.present(s.SourceSerializer, source, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        data = self.parse(s.SourceWriteSerializer, partial=True)
        source = claims.source_update(membership=self.membership, source=self.get_object(), **data)
        return self.present(s.SourceSerializer, source)

    def destroy(self, request, *args, **kwargs):
        source = self.get_object()
        version = _query_version(request)
        claims.source_remove(membership=self.membership, source=source, version=version)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _query_version(request) -> int | None:
    """The optional `?version=` of a claim, checked like the body's `version` field."""
    raw = request.query_params.get("version")
    if raw is None:
        return None
    field = serializers.IntegerField(min_value=1)
    try:
        return field.run_validation(raw)
    except exceptions.ValidationError as error:
        raise exceptions.ValidationError({"version": error.detail}) from None


@extend_schema_view(list=extend_schema(summary="Review decisions on the team's claims"))
class ReviewViewSet(TeamScoped, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.ReviewSerializer
    filterset_class = filters.ReviewFilter

    queryset = Review.objects.none()

    def team_queryset(self):
        return selectors.reviews_for_team(self.membership)


@extend_schema_view(
    list=extend_schema(summary="Comments on the team's claims"),
    create=extend_schema(
        summary="Comment on a claim",
        request=s.CommentCreateSerializer,
        responses={201: s.CommentSerializer},
    ),
)
class CommentViewSet(
    TeamScoped,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.CommentSerializer
    filterset_class = filters.CommentFilter

    queryset = Comment.objects.none()

    def team_queryset(self):
        return selectors.comments_for_team(self.membership)

    def create(self, request, *args, **kwargs):
        data = self.parse(s.CommentCreateSerializer)
        claim = selectors.claim_for_member(self.membership, data["claim"])
        comment = comments.comment_add(membership=self.membership, claim=claim, body=data["body"])
        return self.present(s.CommentSerializer, comment, status.HTTP_201_CREATED)


# --- Notifications -------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="The caller's notifications in the team, newest first"),
    retrieve=extend_schema(summary="One of the caller's notifications"),
)
class NotificationViewSet(TeamScoped, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.NotificationSerializer
    filterset_class = filters.NotificationFilter

    queryset = Notification.objects.none()

    def team_queryset(self):
        return inbox.notifications_for_member(self.membership)

    def get_object(self):
        return inbox.notification_for_member(self.membership, self.kwargs["pk"])

    @extend_schema(
        summary="Mark one notification read", request=None, responses=s.NotificationSerializer
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def read(self, request, pk=None):
        notification = notifications.notification_mark_read(
            membership=self.membership, notification=self.get_object()
        )
        return self.present(s.NotificationSerializer, notification)

    @extend_schema(
        summary="Mark all the caller's notifications in the team read",
        request=None,
        responses=s.ReadAllSerializer,
    )
    @action(detail=False, methods=["post"], url_path="read-all", filter_backends=[])
    def read_all(self, request):
        count = notifications.notifications_mark_all_read(membership=self.membership)
        return Response({"marked": count})


# --- Jobs, imports, exports ----------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="The team's import and export jobs, newest first"),
    retrieve=extend_schema(summary="One job: status, progress and the result's link"),
)
class JobViewSet(TeamScoped, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.JobSerializer
    filterset_class = filters.JobFilter

    queryset = Job.objects.none()

    def team_queryset(self):
        return selectors.jobs_for_team(self.membership)

    def get_object(self):
        return selectors.job_for_member(self.membership, self.kwargs["pk"])

    @extend_schema(
        summary="Import a duplicate job's file anyway, as a separate document (a new job)",
        request=None,
        responses={202: s.JobSerializer},
    )
    @action(detail=True, methods=["post"], url_path="import-again", filter_backends=[])
    def import_again(self, request, pk=None):
        job = imports.import_again(membership=self.membership, job=self.get_object())
        return self.present(s.JobSerializer, job, status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Download a finished job's file (an export)",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def result(self, request, pk=None):
        job = self.get_object()
        if not job.result_file:
            raise exceptions.NotFound("This job has no file to download (yet).")
        return FileResponse(
            job.result_file.open("rb"),
            as_attachment=True,
            filename=job.result_name or job.result_file.name.rsplit("/", 1)[-1],
            content_type=exports.export_media_type(job) if job.params.get("format") else None,
        )


class ImportViewSet(TeamScoped, viewsets.GenericViewSet):
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    serializer_class = s.ImportSerializer
    queryset = Job.objects.none()
    pagination_class = None  # answers with a plain array of the jobs it started

    @extend_schema(
        summary="Import files (one job per file) or a web page's `url` (poll /api/jobs/{id}/)",
        request={
            "multipart/form-data": s.ImportSerializer,
            "application/json": s.ImportUrlSerializer,
        },
        responses={
            202: s.JobSerializer(many=True),
            413: OpenApiResponse(s.ErrorSerializer, description="A file is too big"),
        },
    )
    def create(self, request, *args, **kwargs):
        _refuse_huge_body(request)
        if "url" in request.data and not request.FILES:
            url = self.parse(s.ImportUrlSerializer)["url"]
            jobs = [imports.import_url_start(membership=self.membership, url=url, source="api")]
            data = s.JobSerializer(jobs, many=True, context=self.get_serializer_context()).data
            return Response(data, status=status.HTTP_202_ACCEPTED)
        parsed = self.parse(s.ImportSerializer)
        jobs = imports.import_start(
            membership=self.membership,
            uploads=[(upload.name, upload) for upload in parsed["files"]],
            source="api",
            references=parsed["references"],
        )
        data = s.JobSerializer(jobs, many=True, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_202_ACCEPTED)


# The export service names its fields after its arguments; the API after its JSON keys.
EXPORT_FIELDS = {"fmt": "format", "document_ids": "documents"}


class ExportViewSet(TeamScoped, viewsets.GenericViewSet):
    serializer_class = s.ExportSerializer
    queryset = Job.objects.none()
    pagination_class = None

    @extend_schema(
        summary="Export documents: one job (download from its `result_url` when finished)",
        request=s.ExportSerializer,
        responses={202: s.JobSerializer},
    )
    def create(self, request, *args, **kwargs):
        data = self.parse(s.ExportSerializer)
        try:
            job = exports.export_start(
                membership=self.membership,
                document_ids=data["documents"],
                fmt=data["format"],
                approved_only=data.get("approved_only"),
            )
        except ServiceError as error:
            error.field = EXPORT_FIELDS.get(error.field, error.field)
            raise
        return self.present(s.JobSerializer, job, status.HTTP_202_ACCEPTED)


def _refuse_huge_body(request) -> None:
    """413 before parsing a body that cannot fit (the same rule as the upload page)."""
    imports.check_request_size(request.META.get("CONTENT_LENGTH"))
