"""Fetch a web page for import, refusing any address inside our own network (SSRF).

A newsroom user gives a URL; the server fetches it. Without care that lets anyone make
the server read its own admin ports, the cloud metadata service or the office network.
So, for the URL and again for every redirect (at most ``MAX_REDIRECTS``):

* only ``http`` and ``https`` URLs with a host and no user name or password;
* the host is resolved once, and every address it resolves to must be on the public
  internet: loopback, private, link-local, multicast, reserved, unspecified, shared
  (100.64/10) and documentation addresses are refused, in IPv4 and IPv6, including
  IPv4 addresses carried inside IPv6 ones (IPv4-mapped ``::ffff:a.b.c.d``,
  IPv4-compatible ``::a.b.c.d``, 6to4 ``2002::/16``, Teredo, NAT64 ``64:ff9b::/96``);
* the connection goes to the address that was checked, never through a second DNS
  lookup (which a hostile DNS server could answer differently), with TLS still
  verified against the host name;
* each step has a time limit and the whole fetch a deadline, the body is read up to
  ``max_bytes`` (also after decompression), and only HTML is accepted.

``allow_hosts`` names hosts that skip the address check (the tests serve pages from a
local server on loopback); a redirect to any other host is checked as usual.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
import zlib
from collections.abc import Callable, Collection
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from annotate.ingest.errors import ImportRejected

MAX_BYTES = 20 * 1024 * 1024
MAX_REDIRECTS = 5
STEP_TIMEOUT = 10.0
TOTAL_TIMEOUT = 30.0
HTML_TYPES = ("text/html", "application/xhtml+xml")
USER_AGENT = "factcheck/0.1 (article import)"
_REDIRECTS = {301, 302, 303, 307, 308}
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
_CHUNK = 65_536

Resolver = Callable[[str, int], list[str]]


class FetchRefused(ImportRejected):
    """The URL cannot be fetched; ``message`` says why in plain words."""


@dataclass(frozen=True)
class FetchedPage:
    """A fetched page: its final URL (after redirects), bytes and declared type."""

    url: str
    data: bytes
    content_type: str
    charset: str | None


def fetch(
    url: str,
    *,
    allow_hosts: Collection[str] = (),
    max_bytes: int = MAX_BYTES,
    max_redirects: int = MAX_REDIRECTS,
    step_timeout: float = STEP_TIMEOUT,
    total_timeout: float = TOTAL_TIMEOUT,
    resolve: Resolver | None = None,
) -> FetchedPage:
    """Fetch the HTML page at ``url``, or raise ``FetchRefused`` with a message."""
    allowed = {host.lower().strip("[]") for host in allow_hosts}
    deadline = time.monotonic() + total_timeout
    current = url.strip()
    for _hop in range(max_redirects + 1):
        scheme, host, port, target = _parts(current)
        address = _checked_address(host, port, allowed, resolve or _resolve)
        response, connection = _request(scheme, host, port, address, target, step_timeout, deadline)
        try:
            if response.status in _REDIRECTS:
                location = response.getheader("Location")
                if not location:
                    raise FetchRefused(f"The page at {host} redirects without saying where.")
                current = urljoin(current, location.strip())
                continue
            return _page(current, response, connection, max_bytes, deadline)
        finally:
            connection.close()
    raise FetchRefused(f"The page redirects more than {max_redirects} times; we stopped there.")


def address_refusal(address: str) -> str | None:
    """Return why ``address`` may not be fetched (``"a private address"``), or ``None``."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return "an address we cannot read"
    for candidate in _with_embedded(ip):
        reason = _refusal(candidate)
        if reason:
            return reason
    return None


def _refusal(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    checks = (
        (ip.is_loopback, "a loopback address (this server itself)"),
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_private, "a private address"),
        (ip.is_reserved, "a reserved address"),
        (isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local, "a site-local address"),
        (not ip.is_global, "an address that is not on the public internet"),
    )
    return next((reason for refused, reason in checks if refused), None)


def _with_embedded(ip: ipaddress.IPv4Address | ipaddress.IPv6Address):
    """The address, then every IPv4 address an IPv6 address carries to its destination."""
    yield ip
    if not isinstance(ip, ipaddress.IPv6Address):
        return
    if ip.ipv4_mapped is not None:
        yield ip.ipv4_mapped
    if ip.sixtofour is not None:
        yield ip.sixtofour
    if ip.teredo is not None:
        yield from ip.teredo
    packed = ip.packed
    if packed[:12] == bytes(12):  # IPv4-compatible (deprecated, still routed by some stacks)
        yield ipaddress.IPv4Address(packed[12:])
    if ip in _NAT64:
        yield ipaddress.IPv4Address(packed[12:])
    if ip in _NAT64_LOCAL:
        yield ipaddress.ip_address("10.0.0.0")  # Local-use NAT64: inside a private network.


def _parts(url: str) -> tuple[str, str, int, str]:
    """Return scheme, host, port and request target of a URL we may fetch."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise FetchRefused("This is not a web address we can read.") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchRefused("Only http:// and https:// addresses can be imported.")
    if not parts.hostname:
        raise FetchRefused("The web address has no host name.")
    if parts.username is not None or parts.password is not None:
        raise FetchRefused("Web addresses with a user name or password are not imported.")
    try:
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError:
        raise FetchRefused("The web address has a host name we cannot read.") from None
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return scheme, host, port or (443 if scheme == "https" else 80), target


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise FetchRefused(f"We could not find the site {host}.") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _checked_address(host: str, port: int, allowed: set[str], resolve: Resolver) -> str:
    """Resolve ``host`` once and return an address to connect to, if every one is public."""
    addresses = resolve(host, port)
    if not addresses:
        raise FetchRefused(f"We could not find the site {host}.")
    if host.lower() not in allowed:
        for address in addresses:
            reason = address_refusal(address)
            if reason:
                raise FetchRefused(
                    f"The address {host} points to {reason}; we only fetch pages from the "
                    "public internet."
                )
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to an address fixed in advance (the Host header keeps the name)."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection to an address fixed in advance, verified against the host name."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _request(
    scheme: str,
    host: str,
    port: int,
    address: str,
    target: str,
    step_timeout: float,
    deadline: float,
) -> tuple[http.client.HTTPResponse, http.client.HTTPConnection]:
    timeout = _remaining(deadline, step_timeout, host)
    kind = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    connection = kind(host, port, address, timeout)
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
        "Accept-Encoding": "gzip, deflate",
    }
    try:
        connection.request("GET", target, headers=headers)
        return connection.getresponse(), connection
    except TimeoutError:
        connection.close()
        raise FetchRefused(f"The site {host} took too long to answer.") from None
    except ssl.SSLError:
        connection.close()
        raise FetchRefused(f"The site {host} has no valid secure (TLS) certificate.") from None
    except (OSError, http.client.HTTPException):
        connection.close()
        raise FetchRefused(f"We could not connect to {host}.") from None


def _page(
    url: str,
    response: http.client.HTTPResponse,
    connection: http.client.HTTPConnection,
    max_bytes: int,
    deadline: float,
) -> FetchedPage:
    host = urlsplit(url).hostname or url
    if response.status != 200:
        raise FetchRefused(f"The page answered {response.status} {response.reason}.")
    content_type, charset = _media_type(response.getheader("Content-Type", ""))
    if content_type not in HTML_TYPES:
        what = content_type or "a file of unknown type"
        raise FetchRefused(f"The address gives {what}, not a web page we can import.")
    length = response.getheader("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise FetchRefused(_too_big(max_bytes))
    decoder = _decoder(response.getheader("Content-Encoding", ""))
    body = bytearray()
    while True:
        if connection.sock is not None:  # Each read waits at most what the deadline leaves.
            connection.sock.settimeout(_remaining(deadline, STEP_TIMEOUT, host))
        try:
            chunk = response.read(_CHUNK)
        except TimeoutError:
            raise FetchRefused(f"The site {host} took too long to send the page.") from None
        except (OSError, http.client.HTTPException):
            raise FetchRefused(f"The connection to {host} broke while reading the page.") from None
        if not chunk:
            break
        body += decoder(chunk, max_bytes + 1 - len(body)) if decoder else chunk
        if len(body) > max_bytes:
            raise FetchRefused(_too_big(max_bytes))
        _remaining(deadline, STEP_TIMEOUT, host)
    return FetchedPage(url=url, data=bytes(body), content_type=content_type, charset=charset)


def _media_type(header: str) -> tuple[str, str | None]:
    media, _sep, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _eq, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media.strip().lower(), charset


def _decoder(encoding: str) -> Callable[[bytes, int], bytes] | None:
    """A bounded decompressor for gzip or deflate bodies (a small body may expand hugely)."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchRefused(
            f"The site sent the page compressed as {encoding}, which we cannot read."
        )
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header, detected

    def decode(chunk: bytes, room: int) -> bytes:
        try:
            return inflater.decompress(chunk, max(room, 1))
        except zlib.error:
            raise FetchRefused("The site sent a damaged compressed page.") from None

    return decode


def _remaining(deadline: float, step: float, host: str) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchRefused(f"The site {host} took too long to answer.")
    return min(step, left)


def _too_big(max_bytes: int) -> str:
    return f"The page is larger than {max_bytes // (1024 * 1024)} MB; we do not import it."
