"""Routes of the desk pages (included by annotate/urls.py under the "annotate" namespace)."""

urlpatterns: list = []
