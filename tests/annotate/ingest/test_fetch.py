"""Tests for annotate.ingest.fetch: fetching a page to import, with the SSRF guard.

A local HTTP server on loopback serves the pages; loopback is refused unless the test
allow-lists ``127.0.0.1``, so redirects to ``localhost``, a private address or an IPv6
form of loopback must be refused even from an allowed page.
"""

from __future__ import annotations

import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from annotate.ingest import html
from annotate.ingest.fetch import FetchRefused, address_refusal, fetch
from tests.annotate.ingest.fixtures import DATA

PAGE = (DATA / "html" / "german-outlet.html").read_bytes()
LOCAL = "127.0.0.1"


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # Keep test output quiet.
        pass

    def do_GET(self) -> None:
        port = self.server.server_address[1]
        routes = {
            "/article": lambda: self._send(PAGE),
            "/gzip": lambda: self._send(gzip.compress(PAGE), encoding="gzip"),
            "/bomb": lambda: self._send(gzip.compress(b"<p>" + b"a" * 5_000_000), "gzip"),
            "/redirect-same": lambda: self._redirect("/article"),
            "/redirect-loopback": lambda: self._redirect(f"http://localhost:{port}/article"),
            "/redirect-private": lambda: self._redirect("http://10.20.30.40/article"),
            "/redirect-mapped": lambda: self._redirect(f"http://[::ffff:127.0.0.1]:{port}/"),
            "/redirect-metadata": lambda: self._redirect("http://169.254.169.254/latest/"),
            "/redirect-file": lambda: self._redirect("file:///etc/passwd"),
            "/loop": lambda: self._redirect("/loop"),
            "/pdf": lambda: self._send(b"%PDF-1.7", content_type="application/pdf"),
            "/big": lambda: self._send(b"<p>" + b"a" * 300_000),
            "/slow": self._slow,
            "/missing": lambda: self._send(b"gone", status=404),
        }
        routes.get(self.path, lambda: self._send(b"", status=404))()

    def _send(
        self,
        body: bytes,
        encoding: str = "",
        status: int = 200,
        content_type: str = "text/html; charset=utf-8",
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _slow(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<html>")
        self.wfile.flush()
        time.sleep(2)


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer((LOCAL, 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://{LOCAL}:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_page_from_an_allowed_host_is_fetched_and_imports(server: str) -> None:
    page = fetch(f"{server}/redirect-same", allow_hosts=[LOCAL])
    assert page.url == f"{server}/article"
    assert (page.data, page.content_type, page.charset) == (PAGE, "text/html", "utf-8")
    article = html.read(page.data, url=page.url)
    assert article.title == "Stadtrat beschließt Haushalt mit knapper Mehrheit"
    assert article.language == "de"


def test_a_compressed_page_is_decompressed(server: str) -> None:
    assert fetch(f"{server}/gzip", allow_hosts=[LOCAL]).data == PAGE


def test_loopback_is_refused_unless_allowed(server: str) -> None:
    with pytest.raises(FetchRefused) as caught:
        fetch(f"{server}/article")
    assert caught.value.message == (
        "The address 127.0.0.1 points to a loopback address (this server itself); we only "
        "fetch pages from the public internet."
    )


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/redirect-loopback", "localhost points to a loopback address"),
        ("/redirect-private", "10.20.30.40 points to a private address"),
        ("/redirect-mapped", "::ffff:127.0.0.1 points to a private address"),
        ("/redirect-metadata", "169.254.169.254 points to a link-local address"),
    ],
)
def test_hostile_redirects_are_refused(server: str, path: str, reason: str) -> None:
    with pytest.raises(FetchRefused) as caught:
        fetch(f"{server}{path}", allow_hosts=[LOCAL])
    assert reason in caught.value.message


def test_redirect_to_another_scheme_is_refused(server: str) -> None:
    with pytest.raises(FetchRefused) as caught:
        fetch(f"{server}/redirect-file", allow_hosts=[LOCAL])
    assert caught.value.message == "Only http:// and https:// addresses can be imported."


def test_redirects_are_bounded(server: str) -> None:
    with pytest.raises(FetchRefused) as caught:
        fetch(f"{server}/loop", allow_hosts=[LOCAL], max_redirects=3)
    assert caught.value.message == "The page redirects more than 3 times; we stopped there."


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/pdf", "The address gives application/pdf, not a web page we can import."),
        ("/big", "The page is larger than 0 MB; we do not import it."),
        ("/bomb", "The page is larger than 0 MB; we do not import it."),
        ("/missing", "The page answered 404 Not Found."),
    ],
)
def test_wrong_type_size_and_status_are_refused(server: str, path: str, message: str) -> None:
    with pytest.raises(FetchRefused) as caught:
        fetch(f"{server}{path}", allow_hosts=[LOCAL], max_bytes=200_000)
    assert caught.value.message == message


def test_a_slow_site_is_given_up(server: str) -> None:
    with pytest.raises(FetchRefused) as caught:
        fetch(f"{server}/slow", allow_hosts=[LOCAL], step_timeout=0.3, total_timeout=1)
    assert caught.value.message.startswith(f"The site {LOCAL} took too long")


def test_a_name_resolving_to_a_private_address_is_refused_before_connecting() -> None:
    seen: list[tuple[str, int]] = []

    def resolve(host: str, port: int) -> list[str]:
        seen.append((host, port))
        return ["93.184.216.34", "10.0.0.7"]  # One public answer does not make it safe.

    with pytest.raises(FetchRefused) as caught:
        fetch("https://news.example/story", resolve=resolve)
    assert seen == [("news.example", 443)]
    assert "news.example points to a private address" in caught.value.message


@pytest.mark.parametrize(
    "url",
    [
        "ftp://news.example/story",
        "javascript:alert(1)",
        "http://user:secret@news.example/",
        "http:///nohost",
        "http://news.example:99999/",
    ],
)
def test_urls_we_do_not_fetch(url: str) -> None:
    with pytest.raises(FetchRefused):
        fetch(url, resolve=lambda host, port: ["93.184.216.34"])


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "127.1.2.3", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
        "0.0.0.0", "224.0.0.1",  # noqa: S104 -- refused, not bound "239.255.255.250", "240.0.0.1", "255.255.255.255",
        "100.64.0.1", "192.0.2.1", "198.18.0.1",
        "::1", "::", "fe80::1", "fe80::1%eth0", "fc00::1", "fd12:3456::1", "ff02::1", "fec0::1",
        "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1",
        "::10.0.0.1", "2002:7f00:1::", "2002:a00:1::1", "2002:c0a8:101::",
        "64:ff9b::7f00:1", "64:ff9b::a00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::a00:1",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:db8::1", "not an address",
    ],
)  # fmt: skip
def test_every_non_public_address_class_is_refused(address: str) -> None:
    assert address_refusal(address) is not None


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "2002:5db8:d822::1"]
)
def test_public_addresses_are_allowed(address: str) -> None:
    assert address_refusal(address) is None
