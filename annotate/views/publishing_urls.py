"""Routes of public fact-check pages and the publish actions (included by annotate/urls.py)."""

from django.urls import path

from annotate.views import publishing

urlpatterns = [
    path("f/<slug:team_slug>/<str:slug>/", publishing.public_claim, name="public-claim"),
    path("review/claims/<int:pk>/publish/", publishing.claim_publish, name="claim-publish"),
    path("review/claims/<int:pk>/unpublish/", publishing.claim_unpublish, name="claim-unpublish"),
]
