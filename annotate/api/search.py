"""``GET /api/search/``: the search page's selector and filters as JSON.

The query parameters are the search page's form (annotate.forms.SearchForm), with verdicts
named by key and authors by username as elsewhere in the API; a refused parameter is a 400 with
the page's message. Authorization: `IsTeamMember`; the selector looks only inside the team.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from annotate import selectors
from annotate.api.permissions import IsTeamMember
from annotate.api.schema import ApiAutoSchema
from annotate.forms import SEARCH_KINDS, SearchForm
from annotate.selectors.desk import members_for_team
from annotate.selectors.search import search


class PartSerializer(serializers.Serializer):
    text = serializers.CharField()
    hit = serializers.BooleanField(help_text="A matched word, to highlight.")


class ResultSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(SEARCH_KINDS))
    id = serializers.IntegerField(source="object_id", help_text="The id of that kind's object.")
    document = serializers.IntegerField(source="document.pk")
    document_title = serializers.CharField(source="document.title")
    claim = serializers.IntegerField(source="claim.pk", allow_null=True, default=None)
    sentence = serializers.IntegerField(
        allow_null=True, help_text="For a document match: the index of the sentence it is in."
    )
    title = PartSerializer(many=True)
    snippet = PartSerializer(many=True)
    rank = serializers.FloatField(help_text="Higher is better; comparable within one search.")
    url = serializers.SerializerMethodField(help_text="Where the match is in the app.")
    created_at = serializers.DateTimeField(source="date")

    def get_url(self, result) -> str:
        return self.context["request"].build_absolute_uri(result.url)


class SearchPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(source="total")
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    engine = serializers.CharField(help_text="sqlite-fts5 or postgresql-fts.")
    results = ResultSerializer(many=True)


def _parameters() -> list[OpenApiParameter]:
    form = SearchForm({}, verdicts=list, members=list)
    described = {
        "verdict": "A verdict key of the team's scale.",
        "author": "A member's username.",
        "kind": "Repeat for several: " + ", ".join(SEARCH_KINDS) + ".",
        "document": "Only this document (its id).",
        "date_from": "YYYY-MM-DD, inclusive.",
        "date_to": "YYYY-MM-DD, inclusive.",
    }
    return [
        OpenApiParameter(
            name,
            OpenApiTypes.STR,
            OpenApiParameter.QUERY,
            description=described.get(name) or str(field.help_text or ""),
            many=name == "kind",
        )
        for name, field in form.fields.items()
    ]


class SearchView(APIView):
    permission_classes = [IsTeamMember]
    schema = ApiAutoSchema()

    @extend_schema(
        operation_id="search",
        summary="Search the team's documents, claims, notes, sources and comments",
        parameters=_parameters(),
        responses=SearchPageSerializer,
    )
    def get(self, request):
        team_id = request.membership.team_id
        form = SearchForm(
            request.query_params,
            verdicts=lambda: selectors.verdicts_for_team(team_id),
            members=lambda: members_for_team(team_id),
            by_name=True,
        )
        page = search(request.membership, **form.cleaned())
        return Response(SearchPageSerializer(page, context={"request": request}).data)
