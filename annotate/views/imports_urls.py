"""Routes of the imports pages (included by annotate/urls.py under the "annotate" namespace)."""

urlpatterns: list = []
