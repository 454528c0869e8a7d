"""API routes (the REST API issue fills this in)."""

urlpatterns: list = []
