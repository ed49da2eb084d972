"""Preview images from source pages: public addresses only, every hop, with size, time and type checked."""

from __future__ import annotations

import http.server
import io
import threading
import time
from pathlib import Path

import httpx
import pytest
from PIL import Image as PILImage

from infolitico.pipeline import illustrate as ill
from infolitico.pipeline.events import Event, Source
from infolitico.pipeline.preview import (
    PreviewRefused,
    fetch_page,
    fetch_preview,
    fetch_source_preview,
    is_image,
    preview_image_url,
    public_address,
)


def _png() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "navy").save(buffer, "PNG")
    return buffer.getvalue()


def _og_jpeg() -> bytes:
    # The usual link-preview size, in a colour no generated illustration is made of.
    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 630), (255, 120, 0)).save(buffer, "JPEG", quality=60)
    return buffer.getvalue()


def _bomb() -> bytes:
    # A real JPEG whose header claims 9000x9000: over our cap, under Pillow's own (which would speak first).
    buffer = io.BytesIO()
    PILImage.new("RGB", (16, 16), "navy").save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = (9000).to_bytes(2, "big") * 2
    return bytes(data)


PNG = _png()
OG_JPEG = _og_jpeg()
BOMB = _bomb()


def page(image_url: str) -> bytes:
    return (
        "<!doctype html><html><head><title>Governor signs transit bill</title>"
        f'<meta property="og:image" content="{image_url}">'
        "</head><body><p>The story.</p></body></html>"
    ).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []  # every path asked for, so a test can tell that nothing was

    def log_message(self, *args) -> None:  # keep the test output quiet
        pass

    def _send(self, body: bytes, kind: str = "image/png", status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.seen.append(self.path)
        if self.path == "/article":
            self._send(page("/og.jpg?w=1200&amp;h=630"), "text/html; charset=utf-8")
        elif self.path == "/og.jpg?w=1200&h=630":
            self._send(OG_JPEG, "image/jpeg")
        elif self.path == "/article-private":
            self._send(page("http://10.1.2.3/og.jpg"), "text/html")
        elif self.path == "/article-fake":
            self._send(page("/fake.jpg"), "text/html")
        elif self.path == "/fake.jpg":
            # Says it is a JPEG; is a page.
            self._send(b"<html><body>Sign in to continue</body></html>", "image/jpeg")
        elif self.path == "/article-bomb":
            self._send(page("/bomb.jpg"), "text/html")
        elif self.path == "/bomb.jpg":
            self._send(BOMB, "image/jpeg")
        elif self.path == "/article-small":
            self._send(page("/img.png"), "text/html")
        elif self.path == "/img.png":
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


# Pages and the preview image they name -------------------------------------------------------


def test_the_preview_image_url_is_read_from_the_page_and_made_absolute():
    base = "https://news.example/politics/story.html"

    def url(head: str, at: str = base) -> str | None:
        return preview_image_url(f"<html><head>{head}</head><body></body></html>", at)

    assert url('<meta property="og:image" content="/img/a.jpg?x=1&amp;y=2">') == (
        "https://news.example/img/a.jpg?x=1&y=2"
    )
    assert url('<meta name="twitter:image" content="b.png">') == "https://news.example/politics/b.png"
    assert url('<link rel="image_src" href="//cdn.example/c.jpg">') == "https://cdn.example/c.jpg"
    assert url('<meta property="og:image:secure_url" content="https://cdn.example/d.jpg"/>') == (
        "https://cdn.example/d.jpg"
    )
    # og:image wins over twitter:image whatever the order on the page.
    assert (
        url('<meta name="twitter:image" content="/t.jpg"><meta property="og:image" content="/o.jpg">')
        == "https://news.example/o.jpg"
    )
    # <base href> moves where relative URLs point.
    assert url('<base href="https://static.example/x/"><meta property="og:image" content="e.jpg">') == (
        "https://static.example/x/e.jpg"
    )
    # Only http(s): a data: or javascript: preview is passed over for the next one, or none.
    assert (
        url(
            '<meta property="og:image" content="data:image/png;base64,AAAA">'
            '<meta name="twitter:image" content="/t.jpg">'
        )
        == "https://news.example/t.jpg"
    )
    assert url('<meta property="og:image" content="javascript:alert(1)">') is None
    assert url('<meta property="og:image" content="file:///etc/passwd">') is None
    assert url('<meta property="og:title" content="No image">') is None
    # Markup cut off mid-tag is no error, only no preview.
    assert preview_image_url("<html><meta property='og:image' content='/z.jpg'", base) is None


def _site(pages: dict[str, httpx.Response]):
    """A mock transport answering by path, and the list of URLs it was asked for."""
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return pages.get(request.url.path) or httpx.Response(404)

    return httpx.MockTransport(answer), seen


def test_a_page_is_read_as_html_capped_and_anything_else_is_refused():
    big = b"<html><head>" + b"<!-- padding -->" * 10_000 + b"</head></html>"
    transport, _ = _site(
        {
            "/latin": httpx.Response(
                200,
                content="Société".encode("latin-1"),
                headers={"Content-Type": "text/html; charset=iso-8859-1"},
            ),
            "/big": httpx.Response(200, content=big, headers={"Content-Type": "text/html"}),
            "/json": httpx.Response(200, content=b"{}", headers={"Content-Type": "application/json"}),
        }
    )

    def fetch(path: str, **kw) -> str:
        return fetch_page(
            "https://news.example" + path,
            timeout=2,
            resolver=resolver({"news.example": ["93.184.216.34"]}),
            transport=transport,
            **kw,
        )

    assert fetch("/latin") == "Société"
    # A page over the cap is cut, not refused: its head, where previews are named, comes first.
    assert len(fetch("/big", max_bytes=1000)) == 1000
    with pytest.raises(PreviewRefused, match="not an HTML page"):
        fetch("/json")


@pytest.mark.parametrize(
    "image_url, pages",
    [
        ("http://169.254.169.254/latest/meta-data/", {}),
        ("http://intranet.example/og.jpg", {}),
        # A public image URL that redirects inwards is refused at the redirect.
        (
            "https://cdn.example/og.jpg",
            {"/og.jpg": httpx.Response(302, headers={"Location": "http://10.0.0.1/"})},
        ),
    ],
)
def test_a_page_naming_a_private_preview_is_refused_under_the_default_policy(image_url, pages):
    transport, seen = _site(
        {
            "/story": httpx.Response(200, content=page(image_url), headers={"Content-Type": "text/html"}),
            **pages,
        }
    )
    with pytest.raises(PreviewRefused, match="not a public address"):
        fetch_source_preview(
            "https://news.example/story",
            timeout=2,
            max_bytes=100_000,
            resolver=resolver(
                {
                    "news.example": ["93.184.216.34"],
                    "cdn.example": ["93.184.216.35"],
                    "intranet.example": ["10.1.2.3"],
                }
            ),
            transport=transport,
        )
    # Nothing was ever sent to a private address.
    assert all(not u.startswith(("http://169.254", "http://10.")) for u in seen), seen


def test_an_aggregators_wrapper_page_is_not_taken_for_the_source():
    with pytest.raises(PreviewRefused, match="wraps the source's page"):
        fetch_source_preview("https://news.google.com/rss/articles/CBMi?oc=5", timeout=2, max_bytes=1000)


# The source preview in the chain of illustrators ----------------------------------------------


def story(link: str | None, publisher: str | None = "Lakeside Times") -> Event:
    title = "Governor signs transit funding bill - Lakeside Times"
    return Event(
        source=Source(
            title=title, claim="Governor signs transit funding bill", publisher=publisher, link=link
        ),
        subject=None,
        act=None,
        section="Politics",
    )


LOOPBACK = {"timeout": 2, "allow": loopback_only}


def test_the_article_gets_the_source_preview_with_its_origin_credited(server, tmp_path):
    image = ill.illustrate(
        story(server + "/article"), tmp_path, source_preview=True, preview_options=LOOPBACK
    )
    assert image.credit == "Image: Lakeside Times"
    assert image.licence == "Preview image of the source page"
    assert image.caption == "Contextual editorial image selected for the source event. Image: Lakeside Times"
    assert image.alt.endswith("Governor signs transit funding bill - Lakeside Times")
    assert set(image.files) == {
        "1200.jpg",
        "1200.webp",
        "16x9.jpg",
        "4x3.jpg",
        "1x1.jpg",
        "800.webp",
        "400.webp",
    }
    for name, path in image.files.items():
        assert Path(path).parent.name == story(None).id
        with PILImage.open(path) as im:
            r, g, b = im.convert("RGB").getpixel((im.width // 2, im.height // 2))
            assert r > 200 and 80 < g < 160 and b < 60, name  # the source's orange picture
    # Without a publisher, the page's host is credited.
    unnamed = ill.SourcePreviewIllustrator(**LOOPBACK).illustrate(story(server + "/article", None), tmp_path)
    assert unnamed is not None and unnamed.credit == "Image: 127.0.0.1"


def test_the_default_policy_refuses_a_loopback_page_and_the_generated_image_stands_in(
    server, tmp_path, caplog
):
    Handler.seen.clear()
    with caplog.at_level("WARNING", logger="infolitico.pipeline.illustrate"):
        image = ill.illustrate(
            story(server + "/article"), tmp_path, source_preview=True, preview_options={"timeout": 2}
        )
    assert image.credit == "Illustration: Infolitico"
    assert Path(image.path).is_file()
    assert "source-preview: skipped" in caplog.text and "not a public address" in caplog.text
    assert Handler.seen == []


def test_refused_previews_leave_nothing_behind_and_fall_back(server, tmp_path, caplog, monkeypatch):
    opened: list[object] = []
    real_open = PILImage.open

    def spy(fp, *args, **kwargs):
        opened.append(fp)
        return real_open(fp, *args, **kwargs)

    monkeypatch.setattr(PILImage, "open", spy)
    shelf = ill.SourcePreviewIllustrator(**LOOPBACK)
    Handler.seen.clear()
    with caplog.at_level("WARNING", logger="infolitico.pipeline.illustrate"):
        assert shelf.illustrate(story(server + "/article-private"), tmp_path) is None
        assert shelf.illustrate(story(server + "/article-fake"), tmp_path) is None
    assert "10.1.2.3, which is not a public address" in caplog.text
    assert "fake.jpg is not a JPEG, PNG, WebP or GIF image" in caplog.text
    # The bytes that only claimed to be an image never reached Pillow.
    assert opened == []
    assert Handler.seen == ["/article-private", "/article-fake", "/fake.jpg"]
    assert list(tmp_path.iterdir()) == []


def test_a_preview_past_the_pixel_cap_or_too_small_is_skipped(server, tmp_path, caplog):
    shelf = ill.SourcePreviewIllustrator(**LOOPBACK)
    with caplog.at_level("WARNING", logger="infolitico.pipeline.illustrate"):
        assert shelf.illustrate(story(server + "/article-bomb"), tmp_path) is None
        assert shelf.illustrate(story(server + "/article-small"), tmp_path) is None
    assert "9000x9000 is over 80000000 pixels" in caplog.text
    assert "8x8 is smaller than 800x420" in caplog.text


def test_off_by_default_and_without_rendering_nothing_is_fetched(server, tmp_path):
    Handler.seen.clear()
    event = story(server + "/article")
    assert ill.illustrate(event, tmp_path, render=False).credit == "Illustration: Infolitico"
    assert (
        ill.illustrate(event, tmp_path, render=False, source_preview=True, preview_options=LOOPBACK).path
        is None
    )
    assert ill.illustrate(event, tmp_path).credit == "Illustration: Infolitico"
    assert Handler.seen == []
