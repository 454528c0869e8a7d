"""Routes of the invitee's side of team invitations."""

from django.urls import path

from annotate.views import invitations

urlpatterns = [
    path("invitations/", invitations.my_invitations, name="invitations"),
    path(
        "invitations/<int:pk>/accept/",
        invitations.invitation_answer,
        {"answer": "accept"},
        name="invitation-accept",
    ),
    path(
        "invitations/<int:pk>/decline/",
        invitations.invitation_answer,
        {"answer": "decline"},
        name="invitation-decline",
    ),
    path("invitations/join/<str:secret>/", invitations.invitation_link, name="invitation-link"),
]
