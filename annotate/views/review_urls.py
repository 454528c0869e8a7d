"""Routes of the review pages (included by annotate/urls.py under the "annotate" namespace)."""

urlpatterns: list = []
