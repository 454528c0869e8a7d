"""Routes of a document's Trash (included by annotate/urls.py under "annotate")."""

from django.urls import path

from annotate.views import trash

urlpatterns = [
    path("documents/<int:pk>/trash/", trash.document_trash, name="document-trash"),
    path("trash/claims/<int:pk>/restore/", trash.claim_restore, name="claim-restore"),
]
