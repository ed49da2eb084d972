"""Shared fixtures: a newsroom configuration in a temporary folder, and loopback feed servers."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from infolitico.config import Config, FeedConfig

REFERENCE_TITLE = (
    "Kamala Harris reached out to Mamdani and pro-Palestinian activists, Axios reports"
    " - Modern Ghana"
)


def rss(*items: tuple[str, str], title: str = "Test feed") -> bytes:
    """A small RSS 2.0 feed of (guid, title) items, as the tests need them."""
    entries = "".join(
        f"<item><title>{t}</title><link>https://news.example/{g}</link><guid>{g}</guid>"
        f"<pubDate>Thu, 02 Jul 2026 11:30:00 GMT</pubDate></item>"
        for g, t in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://news.example/</link><description>t</description>{entries}</channel></rss>"
    ).encode()


def make_config(root: Path, *sources: str) -> Config:
    """A newsroom configuration in `root` reading the given feeds."""
    return Config(
        root=root,
        feeds=tuple(FeedConfig(source=s) for s in sources),
        images_output=root / "images",
        export_dir=root / "export",
    )


@dataclass
class FeedServer:
    """A loopback HTTP server whose answers a test sets: body, status, validators."""

    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml"
    etag: str | None = None
    requests: list[dict] = field(default_factory=list)
    url: str = ""

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        self.requests.append(dict(handler.headers))
        if self.etag and handler.headers.get("If-None-Match") == self.etag:
            handler.send_response(304)
            handler.end_headers()
            return
        handler.send_response(self.status)
        handler.send_header("Content-Type", self.content_type)
        handler.send_header("Content-Length", str(len(self.body)))
        if self.etag:
            handler.send_header("ETag", self.etag)
        handler.end_headers()
        handler.wfile.write(self.body)


@pytest.fixture
def feed_server():
    """A loopback feed server, stopped after the test."""
    state = FeedServer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            state.answer(self)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
    yield state
    server.shutdown()
    server.server_close()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from the system's package, driven by Playwright (no browser download)."""
    import os

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the tests' own ORM calls are
    # still synchronous, so Django's guard against async use would misfire.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser page at a phone-to-laptop width."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
