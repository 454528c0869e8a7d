"""Request middleware: the user's current team, and a Content-Security-Policy header."""

from __future__ import annotations

from django.conf import settings

from annotate.selectors import memberships_for_user

SESSION_TEAM_KEY = "current_team_id"

# Everything the pages load is served by us: vendored htmx, our JS and CSS. No inline scripts and
# no inline styles (style attributes or <style> blocks): verdict colours come as classes from
# /verdicts.css, and htmx's own indicator <style> is turned off in base.html.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'; object-src 'none'"
)


class CurrentTeamMiddleware:
    """Sets `request.membership` (or None): the membership of the team the user works in now."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.memberships = _memberships(request)
        request.membership = current_membership(request)
        return self.get_response(request)


def _memberships(request) -> list:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return list(memberships_for_user(user))


def current_membership(request):
    memberships = request.memberships
    if not memberships:
        return None
    return chosen_membership(memberships, request.session.get(SESSION_TEAM_KEY))


def chosen_membership(memberships: list, session_team_id):
    """The team picked in this session, else the user's default team, else their first."""
    for membership in memberships:
        if membership.team_id == session_team_id:
            return membership
    return next((m for m in memberships if m.is_default), memberships[0])


# Swagger UI and ReDoc pages boot with inline scripts of their own.
CSP_EXEMPT_PREFIXES = ("/api/docs", "/api/redoc")


class ContentSecurityPolicyMiddleware:
    """Adds a strict CSP to HTML pages (the API docs page brings its own sidecar assets)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if request.path.startswith(CSP_EXEMPT_PREFIXES):
            return response
        if content_type.startswith("text/html") and not response.has_header(
            "Content-Security-Policy"
        ):
            policy = getattr(settings, "CONTENT_SECURITY_POLICY", CSP)
            if policy:
                response["Content-Security-Policy"] = policy
        return response
