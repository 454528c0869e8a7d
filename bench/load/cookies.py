"""Let the bench's HTTP clients send Secure cookies to the production stack over loopback http.

With DEBUG off the session and CSRF cookies are Secure: production sits behind a TLS proxy
(X-Forwarded-Proto: https, which the clients send). http.cookiejar never sends a Secure cookie
over plain http, and requests builds a fresh cookie jar for every request, so setting a policy on
one session's jar is not enough: the jar class itself gets the permissive policy.
"""

from __future__ import annotations

import http.cookiejar

import requests.cookies
import requests.sessions

LOOPBACK_POLICY = http.cookiejar.DefaultCookiePolicy(secure_protocols=("https", "wss", "http"))


class _LoopbackJar(requests.cookies.RequestsCookieJar):
    def __init__(self, policy=None):
        super().__init__(policy or LOOPBACK_POLICY)


def send_secure_cookies_over_http() -> None:
    requests.cookies.RequestsCookieJar = _LoopbackJar
    requests.sessions.RequestsCookieJar = _LoopbackJar
