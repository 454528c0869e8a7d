"""Routes of the search area (included by annotate/urls.py under the "annotate" namespace)."""

from django.urls import path

from annotate.views import search

urlpatterns = [path("search/", search.search_page, name="search")]
