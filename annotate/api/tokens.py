"""Personal API tokens (annotate.models.ApiToken, one per user): the only code that writes them.

A token acts as its user in every team they belong to. Only the key's hash is stored: the key
is handed back once, by token_create, for the page to show. Revoking a token (or replacing it)
makes the old key fail at once with a 403.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from annotate.models import ApiToken
from annotate.models.token import hash_key
from annotate.services.errors import Conflict

# How often a token's last-used time is written: not on every request of a busy script.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    key: str  # the only copy of the key: show it once, never store it


def token_for_user(user) -> ApiToken | None:
    return ApiToken.objects.filter(user=user).first()


def token_create(*, user, expires_in_days: int | None = None, replace: bool = True) -> IssuedToken:
    """Give `user` a new token; with `replace`, revoking any token they had (else a Conflict)."""
    key = secrets.token_hex(20)
    now = timezone.now()
    expires_at = now + timedelta(days=expires_in_days) if expires_in_days else None
    with transaction.atomic():
        existing = ApiToken.objects.select_for_update().filter(user=user)
        if existing.exists():
            if not replace:
                raise Conflict(
                    "You already have a token. To make a new one, replace it: "
                    "scripts using the old key then stop working."
                )
            existing.delete()
        token = ApiToken.objects.create(
            user=user,
            key_hash=hash_key(key),
            last_four=key[-4:],
            created_at=now,
            expires_at=expires_at,
        )
    return IssuedToken(token=token, key=key)


def token_revoke(*, user) -> bool:
    """Delete `user`'s token; True if there was one."""
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    return bool(deleted)


def token_mark_used(token: ApiToken) -> None:
    """Record that `token` was used now (at most once per LAST_USED_RESOLUTION)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
