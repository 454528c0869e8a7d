"""Personal API tokens (rest_framework.authtoken, one per user): the only code that writes them.

A token acts as its user in every team they belong to; revoking it (or making a new one, which
replaces it) makes the old key fail at once with a 401/403.
"""

from __future__ import annotations

from django.db import transaction
from rest_framework.authtoken.models import Token


def token_for_user(user) -> Token | None:
    return Token.objects.filter(user=user).first()


def token_create(*, user) -> Token:
    """Give `user` a new token, replacing (and so revoking) any token they had."""
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        return Token.objects.create(user=user)


def token_revoke(*, user) -> bool:
    """Delete `user`'s token; True if there was one."""
    deleted, _ = Token.objects.filter(user=user).delete()
    return bool(deleted)
