"""Preview images from source pages: public addresses only, every hop, with size, time and type checked."""

from __future__ import annotations

import http.server
import io
import threading
import time

import httpx
import pytest
from PIL import Image as PILImage

from infolitico.pipeline.preview import PreviewRefused, fetch_preview, is_image, public_address


def _png() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "navy").save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep the test output quiet
        pass

    def _send(self, body: bytes, kind: str = "image/png", status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path == "/img.png":
            self._send(PNG)
        elif self.path == "/page":
            self._send(b"<html>not an image</html>", "text/html")
        elif self.path == "/big":
            self._send(PNG + b"\0" * 200_000)
        elif self.path == "/undeclared":
            # No Content-Length: the cap has to hold while reading.
            self.send_response(200)
            self.end_headers()
            self.wfile.write(PNG + b"\0" * 200_000)
        elif self.path == "/slow":
            self.send_response(200)
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"\x89")
                self.wfile.flush()
                time.sleep(0.05)
        elif self.path.startswith("/hop/"):
            left = int(self.path.rsplit("/", 1)[1])
            self.send_response(302)
            self.send_header("Location", f"/hop/{left - 1}" if left > 1 else "/img.png")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self._send(b"", status=404)


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # The fetcher hangs up on oversized and slow answers on purpose; that is not an error here.
        pass


@pytest.fixture(scope="module")
def server():
    httpd = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def loopback_only(ip) -> bool:
    """A policy for tests against the local server: the opposite of the default."""
    return ip.is_loopback


def test_loopback_is_refused_by_default(server):
    with pytest.raises(PreviewRefused, match="not a public address"):
        fetch_preview(server + "/img.png", timeout=2, max_bytes=100_000)
    port = server.rsplit(":", 1)[1]
    with pytest.raises(PreviewRefused, match="not a public address"):
        fetch_preview(f"http://localhost:{port}/img.png", timeout=2, max_bytes=100_000)


def test_an_image_is_fetched_when_the_policy_allows_its_address(server):
    assert fetch_preview(server + "/img.png", timeout=2, max_bytes=100_000, allow=loopback_only) == PNG


def test_up_to_three_redirects_are_followed_and_no_more(server):
    assert fetch_preview(server + "/hop/3", timeout=2, max_bytes=100_000, allow=loopback_only) == PNG
    with pytest.raises(PreviewRefused, match="more than 3 redirects"):
        fetch_preview(server + "/hop/4", timeout=2, max_bytes=100_000, allow=loopback_only)


def test_size_time_and_type_are_limited(server):
    def fetch(path: str, **kw):
        kw.setdefault("timeout", 2)
        return fetch_preview(server + path, max_bytes=100_000, allow=loopback_only, **kw)

    with pytest.raises(PreviewRefused, match="over 100000"):
        fetch("/big")
    with pytest.raises(PreviewRefused, match="over 100000"):
        fetch("/undeclared")
    with pytest.raises(PreviewRefused, match="not a JPEG, PNG, WebP or GIF"):
        fetch("/page")
    started = time.monotonic()
    with pytest.raises(PreviewRefused, match="longer than the time allowed"):
        fetch("/slow", timeout=0.5)
    assert time.monotonic() - started < 1.5


# Through a fake resolver and a mock transport: no network, and the addresses we choose.


def resolver(table: dict[str, list[str]]):
    return lambda host, port: table[host]


def test_a_public_address_is_accepted_and_the_connection_goes_to_it():
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=PNG)

    data = fetch_preview(
        "https://images.example.com/a.png",
        timeout=2,
        max_bytes=100_000,
        resolver=resolver({"images.example.com": ["93.184.216.34"]}),
        transport=httpx.MockTransport(answer),
    )
    assert data == PNG
    (request,) = seen
    # Pinned to the address that was checked; the name rides in Host and in TLS's SNI.
    assert request.url.host == "93.184.216.34"
    assert request.headers["host"] == "images.example.com"
    assert request.extensions["sni_hostname"] == "images.example.com"


@pytest.mark.parametrize(
    "location, table",
    [
        ("http://intranet.example/secret.png", {"intranet.example": ["10.1.2.3"]}),
        ("http://169.254.169.254/latest/meta-data", {}),
        ("http://[::ffff:127.0.0.1]/", {}),
        ("http://both.example/x.png", {"both.example": ["93.184.216.35", "192.168.1.1"]}),
        ("file:///etc/passwd", {}),
    ],
)
def test_a_redirect_inwards_is_refused_before_any_connection(location, table):
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(302, headers={"Location": location})

    with pytest.raises(PreviewRefused):
        fetch_preview(
            "http://news.example.com/page.jpg",
            timeout=2,
            max_bytes=100_000,
            resolver=resolver({"news.example.com": ["93.184.216.34"], **table}),
            transport=httpx.MockTransport(answer),
        )
    assert seen == ["http://93.184.216.34/page.jpg"]


def test_the_address_policy_and_the_magic_bytes():
    import ipaddress

    for bad in (
        "127.0.0.1",
        "10.0.0.1",
        "172.16.0.1",
        "192.168.0.1",
        "169.254.1.1",
        "0.0.0.0",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:10.0.0.1",
        "100.64.0.1",
        "240.0.0.1",
        "224.0.0.1",
    ):
        assert not public_address(ipaddress.ip_address(bad)), bad
    for good in ("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"):
        assert public_address(ipaddress.ip_address(good)), good
    assert is_image(PNG)
    assert is_image(b"\xff\xd8\xff\xe0rest")
    assert is_image(b"GIF89a...")
    assert is_image(b"RIFF\0\0\0\0WEBPVP8 ")
    assert not is_image(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
