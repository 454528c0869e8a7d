"""Routes of the imports pages (included by annotate/urls.py under the "annotate" namespace)."""

from django.urls import path

from annotate.views import imports

urlpatterns = [
    path("imports/new/", imports.import_new, name="import-new"),
]
