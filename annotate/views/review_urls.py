"""Routes of the review and team pages (included by annotate/urls.py under "annotate")."""

from django.urls import path

from annotate.views import review, teams

urlpatterns = [
    path("review/", review.review_queue, name="review-queue"),
    path("review/badge/", review.review_badge, name="review-badge"),
    path("review/claims/<int:pk>/", review.review_claim, name="review-claim"),
    path("review/claims/<int:pk>/panel/", review.claim_panel, name="review-panel"),
    path(
        "review/claims/<int:pk>/submit/",
        review.claim_decide,
        {"decision": "submit"},
        name="review-submit",
    ),
    path(
        "review/claims/<int:pk>/approve/",
        review.claim_decide,
        {"decision": "approve"},
        name="review-approve",
    ),
    path(
        "review/claims/<int:pk>/request-changes/",
        review.claim_decide,
        {"decision": "request-changes"},
        name="review-request-changes",
    ),
    path("review/claims/<int:pk>/comments/", review.comment_add, name="review-comment"),
    path("review/claims/<int:pk>/edit/", review.claim_edit, name="review-edit"),
    path("review/claims/<int:pk>/sources/", review.source_add, name="review-source-add"),
    path("review/sources/<int:pk>/edit/", review.source_update, name="review-source-update"),
    path("review/sources/<int:pk>/delete/", review.source_remove, name="review-source-remove"),
    path("teams/members/", teams.team_members, name="team-members"),
    path("teams/members/<int:pk>/role/", teams.member_role, name="team-member-role"),
    path("teams/members/<int:pk>/remove/", teams.member_remove, name="team-member-remove"),
    path("teams/invitations/link/", teams.invitation_link_new, name="team-invitation-link"),
    path(
        "teams/invitations/<int:pk>/revoke/",
        teams.invitation_revoke,
        name="team-invitation-revoke",
    ),
]
