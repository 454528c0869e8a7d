"""Unlocking sign-in: the only code that clears django-axes' failure records."""

from __future__ import annotations

from collections.abc import Iterable

from axes.utils import reset


def signin_unlock(*, usernames: Iterable[str] = (), ip: str | None = None) -> int:
    """Forget the failed sign-ins of these accounts (and of `ip`); returns how many were removed.

    An account locked from one address is also locked at that address; unlocking the account
    clears its failures from every address, so the person can sign in again at once.
    """
    removed = sum(reset(username=username) for username in usernames)
    if ip:
        removed += reset(ip=ip)
    return removed
