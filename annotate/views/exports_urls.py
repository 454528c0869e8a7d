"""Routes of the exports pages (included by annotate/urls.py under the "annotate" namespace)."""

urlpatterns: list = []
