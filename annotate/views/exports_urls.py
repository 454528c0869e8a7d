"""Routes of the exports pages (included by annotate/urls.py under the "annotate" namespace)."""

from django.urls import path

from annotate.views import exports

urlpatterns: list = [
    path("exports/", exports.export_create, name="export-create"),
]
