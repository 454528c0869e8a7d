"""Routes of the desk pages (included by annotate/urls.py under the "annotate" namespace).

The desk page itself is "annotate:document-detail" (annotate/views/documents.py hands over to
annotate.views.desk.desk_page); these are its htmx endpoints, which also accept plain forms.
"""

from django.urls import path

from annotate.views import desk

urlpatterns = [
    path("desk/documents/<int:pk>/", desk.desk_page, name="desk"),
    path("desk/documents/<int:pk>/claims/new/", desk.claim_create, name="desk-claim-create"),
    path("desk/claims/<int:pk>/", desk.claim_open, name="desk-claim"),
    path("desk/claims/<int:pk>/refresh/", desk.claim_refresh, name="desk-claim-refresh"),
    path("desk/claims/<int:pk>/edit/", desk.claim_update, name="desk-claim-update"),
    path("desk/claims/<int:pk>/delete/", desk.claim_delete, name="desk-claim-delete"),
    path("desk/claims/<int:pk>/sources/new/", desk.source_add, name="desk-source-add"),
    path("desk/sources/<int:pk>/edit/", desk.source_update, name="desk-source-update"),
    path("desk/sources/<int:pk>/delete/", desk.source_remove, name="desk-source-remove"),
]
