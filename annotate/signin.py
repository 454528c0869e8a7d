"""Who is signing in from where: the client address that sign-in and token throttling count by.

Behind TRUSTED_PROXY_COUNT reverse proxies that each append to X-Forwarded-For, the client is
that many entries from the right (entries further left are whatever the client sent, so never
trusted); with no proxy configured only the connection's own address counts.
"""

from __future__ import annotations

from django.conf import settings


def client_ip(request) -> str:
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        header = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [part.strip() for part in header.split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
