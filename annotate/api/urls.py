"""API routes under /api/: the resources, the OpenAPI schema and its browsable docs."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from annotate.api import search, views
from annotate.api.docs import DocsAccess, docs_page

app_name = "api"

router = DefaultRouter()
router.include_root_view = False
router.register("teams", views.TeamViewSet, basename="team")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("sources", views.SourceViewSet, basename="source")
router.register("reviews", views.ReviewViewSet, basename="review")
router.register("comments", views.CommentViewSet, basename="comment")
router.register("jobs", views.JobViewSet, basename="job")
router.register("imports", views.ImportViewSet, basename="import")
router.register("exports", views.ExportViewSet, basename="export")
router.register("notifications", views.NotificationViewSet, basename="notification")

urlpatterns = [
    # The schema and the docs need a login unless API_DOCS_PUBLIC (annotate/api/docs.py).
    path("schema/", SpectacularAPIView.as_view(permission_classes=[DocsAccess]), name="schema"),
    path("docs/", docs_page(SpectacularSwaggerView.as_view(url_name="api:schema")), name="docs"),
    path("redoc/", docs_page(SpectacularRedocView.as_view(url_name="api:schema")), name="redoc"),
    path("search/", search.SearchView.as_view(), name="search"),
    *router.urls,
]
