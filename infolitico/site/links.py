"""Where the site puts its pages: the addresses of sections, topics, articles and archive pages.

The site owns its URLs. The newsroom's models ask it (`get_absolute_url`) through the hook
`install()` sets, so the newsroom knows none of the site's URL names. Addresses are built by
formatting, not by the URL resolver: an export asks for tens of thousands of them, and the
patterns in `urls.py` are the ones these strings match (the tests check both agree).
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache
from urllib.parse import quote

from django.urls import get_script_prefix, reverse
from django.utils import timezone

# An article whose section was deleted still has an address.
NO_SECTION = "news"
# Archive pages numbered from the oldest story live here; `page/N/` numbered from the newest
# was their old address (it now redirects).
ARCHIVE = "archive"


# The script prefix while an export runs: read once, not from its thread-local on every address.
_pinned: str | None = None


def prefix() -> str:
    """The script prefix addresses start with (`/`, or where the site is mounted)."""
    return _pinned if _pinned is not None else get_script_prefix()


@contextmanager
def one_prefix():
    """Within this block every address is built under the script prefix of its start."""
    global _pinned
    before, _pinned = _pinned, get_script_prefix()
    try:
        yield
    finally:
        _pinned = before


def section(obj) -> str:
    """A section's front page: `/politics/`."""
    return f"{prefix()}{obj.slug}/"


def topic(obj) -> str:
    """A topic's front page: `/topics/kamala-harris/`."""
    return f"{prefix()}topics/{obj.slug}/"


def article(obj) -> str:
    """An article's page: `/politics/2026/07/02/slug/`, dated in the newsroom's time zone."""
    # A page links to the same story many times (its card, its feeds, its JSON-LD): kept on the
    # object for as long as what the address is made of stays the same.
    when = obj.published_at or obj.created_at
    key = (prefix(), obj.slug, obj.section_id, when)
    kept = getattr(obj, "_site_address", None)
    if kept is not None and kept[0] == key:
        return kept[1]
    local = timezone.localtime(when)
    where = obj.section.slug if obj.section_id else NO_SECTION
    url = f"{key[0]}{where}/{local.year}/{local.month:02d}/{local.day:02d}/{obj.slug}/"
    obj._site_address = (key, url)
    return url


# The characters reverse() leaves unquoted in a path.
_URL_SAFE = "!$&'()*+,;=/~:@"


def media(path: str) -> str:
    """A file under the newsroom's image folder: what reverse("site:media") gives, for less."""
    return _media(prefix(), path)


@lru_cache(maxsize=1 << 16)
def _media(script_prefix: str, path: str) -> str:
    # A story's image files are named on each page its card is on: quoted once.
    return f"{script_prefix}media/{quote(path, safe=_URL_SAFE)}"


def feed(kind_file: str, obj=None) -> str:
    """A feed file (`rss.xml`) of the site, or of a section or topic (`/politics/rss.xml`)."""
    return (address(obj) if obj is not None else prefix()) + kind_file


def archive(base: str, number: int) -> str:
    """Archive page `number` (1 is the oldest stories) of the list whose front page is `base`."""
    return f"{base}{ARCHIVE}/{number}/"


@lru_cache(maxsize=512)
def _named(prefix: str, name: str, args: tuple) -> str:
    return reverse(f"site:{name}", args=list(args))


def named(name: str, *args) -> str:
    """The address of one of the site's named pages (`named("about")`), resolved once."""
    return _named(prefix(), name, args)


def address(obj) -> str:
    """The public address of a section, a topic or an article."""
    return _BUILDERS[type(obj).__name__](obj)


_BUILDERS = {"Section": section, "Topic": topic, "Article": article}


def install() -> None:
    """Tell the newsroom's models how the site builds their addresses."""
    from infolitico.newsroom import models

    models.publish_addresses(address)
