"""The one guarded HTTP client: bodies capped after decoding, and no redirect from outside inward."""

from __future__ import annotations

import gzip
import ipaddress
import threading
import tracemalloc
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from infolitico.newsroom.fetch import FetchError, fetch
from infolitico.pipeline import web
from tests.conftest import rss

FEED = rss(("a", "Senate passes farm bill - Reuters"))


def zeros_gzipped(megabytes: int) -> bytes:
    """`megabytes` MB of zeros, gzipped: about a thousandth of that on the wire."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    return b"".join(packer.compress(block) for _ in range(megabytes)) + packer.flush()


BOMB = zeros_gzipped(200)


class Handler(BaseHTTPRequestHandler):
    """Answers by path: /feed, /gzip2 (gzip twice), /bomb, /badgzip, /br, /redirect?to=URL."""

    def do_GET(self):  # noqa: N802 - the name http.server calls
        parts = urlsplit(self.path)
        if parts.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", parse_qs(parts.query)["to"][0])
            self.end_headers()
            return
        body, encoding = {
            "/feed": (FEED, None),
            "/gzip2": (gzip.compress(gzip.compress(FEED)), "gzip, gzip"),
            "/gzip2-lines": (gzip.compress(gzip.compress(FEED)), ["gzip", "gzip"]),
            "/gzip": (gzip.compress(FEED), "gzip"),
            "/deflate": (zlib.compress(FEED), "deflate"),
            "/bomb": (BOMB, "gzip"),
            "/badgzip": (b"\x1f\x8b\x08\x00 this is not gzip at all", "gzip"),
            "/br": (b"\x0b\x02\x80hello\x03", "br"),
        }[parts.path]
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        for value in [encoding] if isinstance(encoding, str) else encoding or []:
            self.send_header("Content-Encoding", value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def as_if_public(ip) -> bool:
    """The test server's 127.0.0.1 stands for a public host; every other address is judged as usual."""
    return str(ip) == "127.0.0.1" or web.public_address(ip)


# -- decoding: bytes counted after every layer ----------------------------------------------------


def test_a_gzipped_feed_and_a_deflated_feed_are_read(server):
    assert fetch(server + "/gzip", timeout=5).body == FEED
    assert fetch(server + "/deflate", timeout=5).body == FEED


@pytest.mark.parametrize("path", ["/gzip2", "/gzip2-lines"])
def test_a_body_gzipped_twice_is_refused_in_one_line(server, path):
    with pytest.raises(FetchError, match="stacked Content-Encoding refused"):
        fetch(server + path, timeout=5)


def test_a_compression_bomb_stops_at_the_limit_without_inflating_in_memory(server):
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="over 1000000 bytes once decompressed"):
            fetch(server + "/bomb", timeout=10, max_bytes=1_000_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # 200 MB of zeros arrive as 200 kB; a chunk decoded whole would be tens of MB at once.
    assert peak < 12_000_000


def test_a_broken_gzip_body_is_named_as_such_not_as_empty(server):
    with pytest.raises(FetchError, match="not valid gzip data"):
        fetch(server + "/badgzip", timeout=5)


def test_an_encoding_that_was_not_asked_for_is_refused(server):
    with pytest.raises(FetchError, match="'br' was not asked for"):
        fetch(server + "/br", timeout=5)


# -- addresses: a configured feed may be anywhere; a redirect never turns inward ---------------------


INWARD = [
    "http://10.0.0.1/feed",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/feed",
    "http://192.168.1.1/",
    "http://[::1]/feed",
    "http://[fe80::1]/",
    "http://[fd00::1]/",
    "http://[2002:7f00:1::]/feed",  # 6to4 for 127.0.0.1
    "http://[2002:a9fe:a9fe::]/",  # 6to4 for 169.254.169.254
    "http://[64:ff9b::a00:1]/feed",  # NAT64 for 10.0.0.1
    "http://[::ffff:127.0.0.1]/",
    "http://localhost/feed",
    "http://127.0.0.2/feed",
    "http://0.0.0.0/",
]


@pytest.mark.parametrize("target", INWARD)
def test_a_public_feed_redirecting_inward_is_refused_before_any_connection(server, target):
    def resolver(host, port):
        # (127.0.0.1 stands for a public host here; localhost is ::1.)
        return ["::1"] if host == "localhost" else []

    with pytest.raises(FetchError, match="not a public address"):
        fetch(f"{server}/redirect?to={target}", timeout=5, allow=as_if_public, resolver=resolver)


def test_a_loopback_feed_the_operator_configured_is_read_and_may_redirect_on_loopback(server):
    # Nothing public on the way: an intranet or loopback feed is the operator's own business.
    assert fetch(f"{server}/redirect?to={server}/feed", timeout=5).body == FEED
    assert fetch(f"{server}/redirect?to=http://localhost:{server.rsplit(':', 1)[1]}/feed",
                 timeout=5).body == FEED


def test_a_public_feed_may_redirect_to_another_public_address(server):
    assert fetch(f"{server}/redirect?to={server}/feed", timeout=5, allow=as_if_public).body == FEED


@pytest.mark.parametrize(
    "address, problem",
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("169.254.169.254", "link-local"),
        ("100.64.0.1", "CGNAT"),
        ("100.127.255.254", "CGNAT"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("2002:7f00:1::", "6to4-mapped loopback"),
        ("2002:a00:1::", "6to4-mapped private"),
        ("64:ff9b::7f00:1", "NAT64-mapped loopback"),
        ("64:ff9b::a9fe:a9fe", "NAT64-mapped link-local"),
        ("::ffff:10.0.0.1", "IPv4-mapped private"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("8.8.8.8", None),
        ("2606:4700::1111", None),
        ("2002:808:808::", None),  # 6to4 for a public address is public
        ("64:ff9b::808:808", None),  # and so is NAT64 for one (DNS64 networks need it)
    ],
)
def test_addresses_are_classified_looking_through_their_mapped_forms(address, problem):
    ip = ipaddress.ip_address(address)
    assert web.address_problem(ip) == problem
    assert web.public_address(ip) is (problem is None)
