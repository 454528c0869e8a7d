"""A local web server on loopback for the URL-import tests of the service, the API, the page and
the command: a news page, and redirects that try to lead the server into its own network.

Loopback is refused by the SSRF guard unless ``IMPORT_URL_ALLOW_HOSTS`` names ``127.0.0.1``
(the `allow_loopback` fixture); a redirect from there to any other host is checked as usual.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.annotate.ingest.fixtures import DATA

PAGE = (DATA / "html" / "german-outlet.html").read_bytes()
PAGE_TITLE = "Stadtrat beschließt Haushalt mit knapper Mehrheit"
PAGE_LINKS = [
    ("Beschlussvorlage der Verwaltung", "https://www.stadt.example/rathaus/haushalt-2020.pdf"),
    ("Gutachten aus dem vergangenen Jahr", "https://www.stadt.example/gutachten/hallenbad"),
]
LOCAL = "127.0.0.1"


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # Keep test output quiet.
        pass

    def do_GET(self) -> None:
        port = self.server.server_address[1]
        routes = {
            "/news/haushalt.html": lambda: self._send(PAGE),
            "/moved": lambda: self._redirect("/news/haushalt.html"),
            "/to-loopback": lambda: self._redirect(f"http://localhost:{port}/news/haushalt.html"),
            "/to-private": lambda: self._redirect("http://192.168.1.20/news/haushalt.html"),
            "/to-mapped": lambda: self._redirect(f"http://[::ffff:127.0.0.1]:{port}/"),
            "/report.pdf": lambda: self._send(b"%PDF-1.7", content_type="application/pdf"),
        }
        routes.get(self.path, lambda: self._send(b"not here", status=404))()

    def _send(
        self, body: bytes, status: int = 200, content_type: str = "text/html; charset=utf-8"
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture(scope="session")
def page_server():
    """The base URL of the local server (``http://127.0.0.1:<port>``)."""
    server = ThreadingHTTPServer((LOCAL, 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://{LOCAL}:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def allow_loopback(settings):
    """Let imports fetch from the test server (its host only; redirects are still checked)."""
    settings.IMPORT_URL_ALLOW_HOSTS = [LOCAL]
