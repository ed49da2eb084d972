"""Render once, serve many: `infolitico serve` answers public pages from bytes rendered at the last change.

A public page is rendered by Django the first time it is asked for after the site last changed;
its status, headers and body are kept in memory and every later request for it is answered
from them, 304s included, without Django. Whether the site changed is one cheap read (the
newest edit and publication times, each from its index), made at most once a `check_every`
seconds; a change drops every kept page. A kept page is also dropped after `max_age` seconds, so
what that read cannot see (another outlet carrying an old story) reaches the page soon after.

Only what is the same for everyone is kept: GET and HEAD without a query string, outside the
desk, search, images and static files, answered 200 with no cookie. The rest goes to Django.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable

from django.utils.http import parse_http_date_safe

# Dynamic, private or served by their own means: never kept.
PASS_THROUGH = ("/admin/", "/search/", "/media/", "/static/")
# Headers a 304 repeats from the page it stands for (RFC 9110 §15.4.5), as Django's does.
NOT_MODIFIED_KEEPS = ("cache-control", "content-location", "date", "etag", "expires",
                      "last-modified", "vary", "content-security-policy", "x-frame-options",
                      "x-content-type-options", "referrer-policy", "cross-origin-opener-policy",
                      "strict-transport-security")


class _Page:
    __slots__ = ("status", "headers", "body", "etag", "modified", "born", "not_modified")

    def __init__(self, status: str, response_headers: list, body: bytes):
        self.status, self.headers, self.body = status, response_headers, body
        named = {k.lower(): v for k, v in response_headers}
        self.etag = named.get("etag", "")
        self.modified = parse_http_date_safe(named.get("last-modified", ""))
        self.born = time.monotonic()
        self.not_modified = [(k, v) for k, v in response_headers if k.lower() in NOT_MODIFIED_KEEPS]


class RenderedPages:
    """A WSGI application: public pages from their rendered bytes, everything else from `app`."""

    def __init__(self, app: Callable, *, stamp: Callable | None = None, check_every: float = 1.0,
                 max_age: float = 60.0, max_bytes: int = 256 * 2**20):
        if stamp is None:
            from infolitico.site.headers import last_change as stamp
        self.app, self.stamp = app, stamp
        self.check_every, self.max_age, self.max_bytes = check_every, max_age, max_bytes
        self.pages: dict[tuple, _Page] = {}
        self._bytes = 0
        self._seen = None
        self._checked = float("-inf")
        self._lock = threading.Lock()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "")
        if method not in ("GET", "HEAD") or environ.get("QUERY_STRING") or path.startswith(PASS_THROUGH):
            return self.app(environ, start_response)
        self._refresh()
        # The answer's headers depend on the host asked for and on https (HSTS).
        key = (path, environ.get("HTTP_HOST", ""), environ.get("wsgi.url_scheme", ""),
               environ.get("HTTP_X_FORWARDED_PROTO", ""))
        page = self.pages.get(key)
        if page is None or time.monotonic() - page.born > self.max_age:
            page = self._render(environ, key)
        if page.status.startswith("200 ") and _not_modified(environ, page):
            start_response("304 Not Modified", page.not_modified)
            return [b""]
        start_response(page.status, page.headers)
        return [b""] if method == "HEAD" else [page.body]

    def _refresh(self) -> None:
        now = time.monotonic()
        if now - self._checked < self.check_every:
            return
        with self._lock:
            if now - self._checked < self.check_every:
                return
            stamp = self.stamp()
            if stamp != self._seen:
                self.pages, self._bytes = {}, 0
                self._seen = stamp
            self._checked = now

    def _render(self, environ: dict, key: tuple) -> _Page:
        # The page as a plain GET asks for it: never a 304, never a body-less HEAD.
        plain = {k: v for k, v in environ.items()
                 if k not in ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")}
        plain["REQUEST_METHOD"] = "GET"
        answer: dict = {}

        def keep(status, response_headers, exc_info=None):
            answer["status"], answer["headers"] = status, list(response_headers)
            return lambda data: None  # the write() callable Django never uses

        result = self.app(plain, keep)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()  # ends the request: Django's signals close the database connection
        page = _Page(answer["status"], answer["headers"], body)
        if not _shareable(page):
            return page  # answered once, as Django made it, and not kept
        # A crawler walking every archive page must not grow a worker without end: past the
        # limit, the kept pages start again from nothing.
        if self._bytes + len(body) > self.max_bytes:
            self.pages, self._bytes = {}, 0
        self.pages[key] = page
        self._bytes += len(body)
        return page


def _shareable(page: _Page) -> bool:
    if not page.status.startswith("200 "):
        return False
    for name, value in page.headers:
        name = name.lower()
        if name == "set-cookie" or (name == "vary" and "cookie" in value.lower()):
            return False
    return True


def _not_modified(environ: dict, page: _Page) -> bool:
    """Whether a conditional GET matches the page (If-None-Match first, as RFC 9110 says)."""
    match = environ.get("HTTP_IF_NONE_MATCH")
    if match is not None:
        if not page.etag:
            return False
        if match.strip() == "*":
            return True
        own = page.etag.removeprefix("W/")
        return any(tag.strip().removeprefix("W/") == own for tag in match.split(","))
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if since is not None and page.modified is not None:
        asked = parse_http_date_safe(since)
        return asked is not None and page.modified <= asked
    return False


def application():
    """Django's WSGI application behind the rendered pages, as `infolitico serve` runs it."""
    from infolitico.wsgi import application as django_app

    return RenderedPages(django_app)
