"""Fetch a feed's bytes: conditional GET over HTTP, or a local file; and when to try again."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Unpack

from infolitico import __version__
from infolitico.errors import FetchError
from infolitico.pipeline import web

USER_AGENT = f"Infolitico/{__version__} (automated newsroom; feed reader)"
MAX_BACKOFF = timedelta(hours=12)


@dataclass(frozen=True)
class Fetched:
    """What a fetch brought back: the body, or word that nothing changed since last time."""

    body: bytes | None  # None when the server answered 304 Not Modified
    etag: str = ""
    last_modified: str = ""
    content_type: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.body is None


def fetch(
    source: str,
    *,
    etag: str = "",
    last_modified: str = "",
    timeout: float = 20.0,
    max_bytes: int = 10_000_000,
    **guard: Unpack[web.Guard],
) -> Fetched:
    """Fetch a feed URL (conditionally, with the validators of the last fetch) or read a file.

    The feed's own address may be anywhere the operator points it; a redirect from a public
    address (by the guard's `allow`) to one that is not is refused.
    """
    if not web.is_http_url(source):
        return _read_file(Path(source), max_bytes)
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        response = web.get(source, timeout=timeout, max_bytes=max_bytes, accept=_ACCEPT,
                           user_agent=USER_AGENT, headers=headers, anywhere_first=True, **guard)
    except web.WebError as exc:
        raise FetchError(str(exc)) from None
    if response.status == 304:
        return Fetched(None, etag=etag, last_modified=last_modified)
    if response.status >= 300:
        raise FetchError(f"HTTP {response.status} {response.reason}".strip())
    return Fetched(
        response.body,
        etag=response.headers.get("ETag", ""),
        last_modified=response.headers.get("Last-Modified", ""),
        content_type=response.headers.get("Content-Type"),
    )


def backoff(error_count: int, interval: timedelta, rng: random.Random | None = None) -> timedelta:
    """How long to wait after `error_count` failures in a row: doubling, capped, jittered, finite."""
    rng = rng or random.Random()
    base = min(interval * (2 ** min(error_count, 16)), MAX_BACKOFF)
    # Jitter spreads retries of many failing feeds so they do not all come back at once.
    return base * rng.uniform(0.8, 1.2)


_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
)


def _read_file(path: Path, max_bytes: int) -> Fetched:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise FetchError(f"file too large: {size} bytes (limit {max_bytes})")
        return Fetched(path.read_bytes())
    except FileNotFoundError:
        raise FetchError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise FetchError(f"is a folder, not a feed file: {path}") from None
    except OSError as exc:
        raise FetchError(f"cannot read {path}: {exc.strerror}") from None
