"""Routes of the API token settings page."""

from django.urls import path

from annotate.views import tokens

urlpatterns = [
    path("settings/tokens/", tokens.token_settings, name="api-tokens"),
    path("settings/tokens/new/", tokens.token_new, name="api-token-new"),
    path("settings/tokens/revoke/", tokens.token_delete, name="api-token-revoke"),
]
