"""Fetch a source page and its preview image without letting a feed reach into the newsroom's network.

A feed names the URL, so the URL is untrusted: it goes through the newsroom's guarded client
(`web.get`) with every hop required to be public, at most `MAX_REDIRECTS` of them. The body is
capped in bytes (after decoding) and the whole fetch in time, and the bytes must start like a
JPEG, PNG, WebP or GIF before anyone hands them to Pillow.

The page is read the same way (capped, HTML only) for its ``og:image``, ``twitter:image`` or
``image_src``; that URL came from the page, so it is as untrusted as the feed's and goes through
the same checks. Whether previews are used at all is the caller's choice (off by default), and
the caller credits their origin.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Unpack
from urllib.parse import urljoin, urlsplit

from infolitico.errors import PreviewRefused
from infolitico.pipeline import web
from infolitico.pipeline.web import AddressPolicy, Guard, IPAddress, Resolver

MAX_REDIRECTS = 3
USER_AGENT = "Infolitico preview fetcher"
IMAGE_ACCEPT = "image/jpeg, image/png, image/webp, image/gif"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9"
MAX_PAGE_BYTES = 2 * 1024 * 1024
HTML_TYPES = ("text/html", "application/xhtml+xml")
# Pages that wrap someone else's article: their preview image is the wrapper's, not the source's.
AGGREGATOR_HOSTS = frozenset({"news.google.com"})

__all__ = ["AddressPolicy", "Guard", "IPAddress", "PreviewRefused", "Resolver", "fetch_page", "fetch_preview",
           "fetch_source_preview", "is_image", "preview_image_url", "public_address", "system_resolver"]


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system's resolver gives for a host."""
    try:
        return web.system_resolver(host, port)
    except web.WebError as exc:
        raise PreviewRefused(str(exc)) from exc


public_address = web.public_address


def is_image(data: bytes) -> bool:
    """Whether bytes begin like a JPEG, PNG, WebP or GIF file."""
    return (
        data.startswith(b"\xff\xd8\xff")
        or data.startswith(b"\x89PNG\r\n\x1a\n")
        or data[:6] in (b"GIF87a", b"GIF89a")
        or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
    )


@dataclass(frozen=True)
class SourcePreview:
    """A page's preview image, the URL it came from, and the page's URL after redirects."""

    data: bytes
    image_url: str
    page_url: str


@dataclass(frozen=True)
class Fetched:
    """A body that passed the checks, with the URL it finally came from and its declared type."""

    body: bytes
    url: str
    content_type: str


def fetch_preview(url: str, *, timeout: float, max_bytes: int, **guard: Unpack[Guard]) -> bytes:
    """The image at `url`, or PreviewRefused: public addresses only, capped in size and time."""
    fetched = _fetch(url, accept=IMAGE_ACCEPT, timeout=timeout, max_bytes=max_bytes, guard=guard)
    if not is_image(fetched.body):
        raise PreviewRefused(f"{fetched.url} is not a JPEG, PNG, WebP or GIF image")
    return fetched.body


def fetch_page(url: str, *, timeout: float, max_bytes: int = MAX_PAGE_BYTES, **guard: Unpack[Guard]) -> str:
    """The HTML at `url` (its first `max_bytes`), or PreviewRefused; same address policy as images."""
    return _fetch_page(url, timeout=timeout, max_bytes=max_bytes, guard=guard)[0]


def fetch_source_preview(
    page_url: str,
    *,
    timeout: float,
    max_bytes: int,
    max_page_bytes: int = MAX_PAGE_BYTES,
    **guard: Unpack[Guard],
) -> SourcePreview:
    """The preview image a page names, or PreviewRefused; `timeout` covers both fetches."""
    host = (urlsplit(page_url).hostname or "").lower()
    if host in AGGREGATOR_HOSTS:
        raise PreviewRefused(f"{host} wraps the source's page; its preview is not the source's")
    deadline = time.monotonic() + timeout
    html, final = _fetch_page(page_url, timeout=timeout, max_bytes=max_page_bytes, guard=guard)
    image_url = preview_image_url(html, final)
    if image_url is None:
        raise PreviewRefused(f"{final} names no preview image")
    left = deadline - time.monotonic()
    if left <= 0:
        raise PreviewRefused(f"{page_url} took longer than the time allowed")
    data = fetch_preview(image_url, timeout=left, max_bytes=max_bytes, **guard)
    return SourcePreview(data, image_url, final)


def _fetch_page(url: str, *, timeout: float, max_bytes: int, guard: Guard) -> tuple[str, str]:
    """The page's text and the URL it came from after redirects (relative links resolve against that)."""
    fetched = _fetch(url, accept=PAGE_ACCEPT, timeout=timeout, max_bytes=max_bytes, guard=guard,
                     truncate=True)
    kind = fetched.content_type.split(";", 1)[0].strip().lower()
    # An undeclared type is let through: the parser finds nothing in bytes that are not HTML.
    if kind and kind not in HTML_TYPES:
        raise PreviewRefused(f"{fetched.url} is {kind}, not an HTML page")
    return _decode(fetched.body, fetched.content_type), fetched.url


def _decode(body: bytes, content_type: str) -> str:
    charset = ""
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'")
    try:
        return body.decode(charset or "utf-8", errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def _fetch(
    url: str, *, accept: str, timeout: float, max_bytes: int, guard: Guard, truncate: bool = False
) -> Fetched:
    """GET `url` through the guarded client, every hop public; `truncate` keeps the first bytes."""
    try:
        response = web.get(url, accept=accept, user_agent=USER_AGENT, timeout=timeout, max_bytes=max_bytes,
                           max_redirects=MAX_REDIRECTS, truncate=truncate, **guard)
    except web.WebError as exc:
        raise PreviewRefused(str(exc)) from exc
    if response.status != 200:
        raise PreviewRefused(f"{response.url} answered {response.status}")
    return Fetched(response.body, response.url, response.headers.get("content-type", ""))


# Preview images named by a page ---------------------------------------------------------------

# Best first: what the page offers for link previews, then the older ways of saying the same.
_PREVIEW_KEYS = (
    "og:image",
    "og:image:url",
    "og:image:secure_url",
    "twitter:image",
    "twitter:image:src",
    "image_src",
)


class _PreviewParser(HTMLParser):
    """Collects the first value of each preview key, and the page's <base href>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, str] = {}
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or "").strip().lower()
            value = a.get("content", "").strip()
        elif tag == "link":
            key = "image_src" if "image_src" in a.get("rel", "").lower().split() else ""
            value = a.get("href", "").strip()
        elif tag == "base" and self.base is None:
            self.base = a.get("href", "").strip() or None
            return
        else:
            return
        if key in _PREVIEW_KEYS and value:
            self.found.setdefault(key, value)

    handle_startendtag = handle_starttag


def preview_image_url(html: str, base_url: str) -> str | None:
    """The absolute http(s) URL of the page's preview image (og:image, twitter:image, image_src), or None."""
    parser = _PreviewParser()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # html.parser gives up on some malformed markup
        pass
    base = urljoin(base_url, parser.base) if parser.base else base_url
    for key in _PREVIEW_KEYS:
        value = parser.found.get(key)
        if not value:
            continue
        absolute = urljoin(base, value)
        # data:, javascript: and file: URLs name nothing we should fetch.
        if urlsplit(absolute).scheme in ("http", "https"):
            return absolute
    return None
