"""OpenAPI generation: the team selector on every operation and the error responses it may give."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from annotate.api.permissions import TEAM_HEADER, TEAM_QUERY_PARAM
from annotate.api.serializers import ErrorSerializer

TEAM_HELP = (
    "Slug of the team to work in (one the caller belongs to; any other is a 404). Without it, "
    "browser sessions use the team the page shows, and a token works in the caller's only team: "
    "a caller in several teams gets a 400 listing their teams' slugs."
)
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


ALWAYS = {"401": "Not logged in", "403": "Not allowed", "404": "Not found", "429": "Throttled"}
ON_WRITE = {"400": "Invalid input", "409": "Conflict (a stale version, or a wrong state)"}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class ApiAutoSchema(AutoSchema):
    """AutoSchema plus the `X-Team`/`team` selector and the documented error responses."""

    # Views that work across the caller's teams (the team list) set this to False.
    team_scoped = True

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self._team_scoped():
            parameters += [
                OpenApiParameter(
                    TEAM_HEADER,
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    description=TEAM_HELP,
                    pattern=SLUG_PATTERN,
                ),
                OpenApiParameter(
                    TEAM_QUERY_PARAM,
                    OpenApiTypes.STR,
                    OpenApiParameter.QUERY,
                    description=TEAM_HELP,
                    pattern=SLUG_PATTERN,
                ),
            ]
        return parameters

    def _team_scoped(self) -> bool:
        return getattr(self.view, "team_scoped", True)

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = dict(ALWAYS)
        if self._team_scoped():
            errors["400"] = "Invalid input, or no X-Team from a caller in several teams"
        if self.method in WRITE_METHODS or self._is_list_view():
            # Lists refuse bad filter values and page numbers with a 400 or 404.
            errors.update(ON_WRITE if self.method in WRITE_METHODS else {"400": "Invalid filter"})
        for code, description in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    ErrorSerializer, code, direction=direction
                )
                responses[code]["description"] = description
        return responses
