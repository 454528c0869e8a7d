"""Personal API tokens: one per user, stored as a SHA-256 hash of the key, never the key itself.

The key is 40 random hex characters shown once when it is made; a request's key is hashed and
looked up by that hash. A plain SHA-256 is enough here: the key is random, not a password.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_token"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    # Shown on the token page so people can tell which key a script holds.
    last_four = models.CharField(max_length=4)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Empty: never expires.")

    def __str__(self) -> str:
        return f"API token of {self.user} (…{self.last_four})"

    def is_expired(self, now=None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())
