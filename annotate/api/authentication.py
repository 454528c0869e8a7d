"""Token authentication against hashed keys, with failed keys throttled per client address.

`Authorization: Token <key>` as before; the key is hashed and looked up by its hash. A client
address that sends API_TOKEN_FAILURE_LIMIT wrong or expired keys within
API_TOKEN_FAILURE_WINDOW seconds gets 429 for every token request until the window ends, so
keys cannot be guessed at speed (and a right key from that address waits too: otherwise a
guess that hits would still get through).
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from annotate.api.tokens import token_mark_used
from annotate.models import ApiToken
from annotate.models.token import hash_key
from annotate.signin import client_ip

EXPIRED = "This token has expired: make a new one on the API token page."
TOO_MANY = "Too many failed token attempts from this address; wait before trying again."


class HashedTokenAuthentication(TokenAuthentication):
    model = ApiToken

    def authenticate(self, request):
        words = request.META.get("HTTP_AUTHORIZATION", "").split()
        if not words or words[0].lower() != self.keyword.lower():
            return None  # no token sent: other authenticators (the session) decide
        address = client_ip(request)
        if _failures(address) >= settings.API_TOKEN_FAILURE_LIMIT:
            raise _throttled()
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            _count_failure(address)
            raise

    def authenticate_credentials(self, key: str):
        token = (
            ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
            if key
            else None
        )
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        if token.is_expired():
            raise exceptions.AuthenticationFailed(EXPIRED)
        token_mark_used(token)
        return token.user, token


def _key(address: str) -> str:
    return f"api-token-failures:{address}"


def _failures(address: str) -> int:
    return cache.get(_key(address), 0)


def _count_failure(address: str) -> None:
    key = _key(address)
    # add() starts the window only once; incr() keeps its expiry.
    cache.add(key, 0, timeout=settings.API_TOKEN_FAILURE_WINDOW)
    try:
        cache.incr(key)
    except ValueError:  # the window ended between the two calls
        cache.set(key, 1, timeout=settings.API_TOKEN_FAILURE_WINDOW)


def _throttled() -> exceptions.Throttled:
    return exceptions.Throttled(wait=settings.API_TOKEN_FAILURE_WINDOW, detail=TOO_MANY)
