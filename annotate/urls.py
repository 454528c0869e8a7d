"""The app's pages. Each area keeps its routes in its own module under annotate/views/."""

from django.urls import include, path

from annotate.views import documents, look

app_name = "annotate"

urlpatterns = [
    path("", documents.document_list, name="document-list"),
    path("teams/switch/", documents.team_switch, name="team-switch"),
    path("documents/<int:pk>/", documents.document_detail, name="document-detail"),
    # The fact-check URL that exports publish (FACTCHECK_PUBLIC_BASE_URL + /claims/<id>).
    path("claims/<int:pk>/", documents.claim_permalink, name="claim-permalink"),
    # The current team's verdict colours as CSS classes (annotate/views/look.py).
    path("verdicts.css", look.verdict_styles, name="verdict-css"),
    path("", include("annotate.views.desk_urls")),
    path("", include("annotate.views.imports_urls")),
    path("", include("annotate.views.review_urls")),
    path("", include("annotate.views.exports_urls")),
    path("", include("annotate.views.jobs_urls")),
    path("", include("annotate.views.tokens_urls")),
    path("", include("annotate.views.newsroom_urls")),
    path("", include("annotate.views.invitations_urls")),
    path("", include("annotate.views.trash_urls")),
    path("", include("annotate.views.search_urls")),
    path("", include("annotate.views.publishing_urls")),
]
