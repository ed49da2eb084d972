"""Who publishes a feed: its outlet, read off the feed's own title and links against outlets.json."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from .headline import OUTLETS_PATH, known_outlet, load_outlets

__all__ = ["Catalogue", "FeedIdentity", "feed_identity", "feed_outlet", "load_catalogue",
           "named_outlet", "outlet_of_link"]

# How feeds decorate their own name: "BBC News - Home", "NYT > Top Stories", "Reuters: Top News",
# "World news | The Guardian".
_SEPARATOR = re.compile(r"\s+(?:-|–|—|\||>|»|::|·)\s+|:\s+")
_PARENTHESES = re.compile(r"\s*\([^()]*\)")
_DOMAIN = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/[\w.~-]+)*$")


class CatalogueError(ValueError):
    """outlets.json is not as the code expects; the message names the row and the key."""


@dataclass(frozen=True)
class FeedIdentity:
    """The outlet behind a feed, and whether it is an aggregator carrying other outlets' items."""

    outlet: str | None = None
    aggregator: bool = False

    @property
    def credited(self) -> str | None:
        """The outlet that publishes the feed's items when an item names no publisher of its own."""
        return None if self.aggregator else self.outlet


@dataclass(frozen=True)
class Catalogue:
    """The outlets' spellings, web domains and aggregators, as outlets.json lists them."""

    spellings: dict[str, str]
    domains: tuple[tuple[str, str, str], ...]  # (host, path prefix, outlet), most specific first
    aggregators: frozenset[str]

    def outlet_of_link(self, link: str | None) -> str | None:
        """The catalogued outlet whose domain a link is under, or None."""
        if not link:
            return None
        try:
            parts = urlsplit(link.strip())
            host = (parts.hostname or "").lower()
        except ValueError:
            return None
        host = host.removeprefix("www.")
        path = parts.path.rstrip("/")
        for domain, prefix, name in self.domains:
            if (host == domain or host.endswith("." + domain)) and (
                not prefix or path == prefix or path.startswith(prefix + "/")
            ):
                return name
        return None

    def outlet_of_title(self, title: str | None) -> str | None:
        """The catalogued outlet a feed's title names, whole or as one of its parts, or None."""
        if not title:
            return None
        title = " ".join(title.split())
        for candidate in _candidates(title):
            found = known_outlet(candidate, self.spellings)
            if found:
                return found
        return None


def _candidates(title: str) -> list[str]:
    parts = [title, *_SEPARATOR.split(title)]
    out: list[str] = []
    for part in parts:
        # "ABC News (Australia)" is a name; "AP Top News (unofficial)" only a note on one.
        for text in (part, _PARENTHESES.sub("", part)):
            text = text.strip(" \"'“”")
            if text and text not in out:
                out.append(text)
    return out


@lru_cache(maxsize=4)
def load_catalogue(path: str | None = None) -> Catalogue:
    """outlets.json read and checked: a mistake in it is one line naming the row and key."""
    where = Path(path or OUTLETS_PATH)
    data = json.loads(where.read_text(encoding="utf-8"))
    domains: list[tuple[str, str, str]] = []
    owners: dict[str, str] = {}
    aggregators: set[str] = set()
    for index, row in enumerate(data.get("outlets") or []):
        at = f"{where.name}, outlets[{index}]"
        name = row.get("name")
        if not isinstance(name, str) or not name.strip():
            raise CatalogueError(f"{at}.name: must be a non-empty string")
        for key in ("aliases", "domains"):
            value = row.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                raise CatalogueError(f"{at}.{key}: must be a list of non-empty strings")
        if not isinstance(row.get("aggregator", False), bool):
            raise CatalogueError(f"{at}.aggregator: must be true or false")
        if row.get("aggregator"):
            aggregators.add(name)
        for number, domain in enumerate(row.get("domains", [])):
            if not _DOMAIN.match(domain):
                raise CatalogueError(f"{at}.domains[{number}]: {domain!r} is not a host "
                                     "(\"bbc.co.uk\") or a host and path (\"bbc.co.uk/sport\")")
            if domain in owners:
                raise CatalogueError(f"{at}.domains[{number}]: {domain!r} is already "
                                     f"{owners[domain]}'s")
            owners[domain] = name
            host, _, prefix = domain.partition("/")
            domains.append((host, f"/{prefix}" if prefix else "", name))
    domains.sort(key=lambda d: (len(d[1]), len(d[0])), reverse=True)
    return Catalogue(load_outlets(str(where) if path else None), tuple(domains),
                     frozenset(aggregators))


def feed_identity(
    title: str | None,
    link: str | None,
    item_links: Iterable[str | None] = (),
    *,
    name: str | None = None,
    insist: bool = False,
    catalogue: Catalogue | None = None,
) -> FeedIdentity:
    """Who publishes a feed: a `name` that names an outlet, else its title, its link, its items' host.

    A `name` the catalogue does not know is taken as the outlet only when the feed says nothing
    of itself, or when `insist` (a person named the outlet on purpose, not as a label).
    """
    cat = catalogue or load_catalogue()
    if name and name.strip():
        named = cat.outlet_of_title(name)
        if named:
            return FeedIdentity(named, named in cat.aggregators)
        if insist:
            return FeedIdentity(" ".join(name.split()))
    found = [cat.outlet_of_title(title), cat.outlet_of_link(link), _shared_host(cat, item_links)]
    # An aggregator must never lend its name to the outlets it carries, even when its title
    # names one (a Google News search for "Reuters" is titled "Reuters - Google News").
    aggregator = next((f for f in found if f in cat.aggregators), None)
    if aggregator:
        return FeedIdentity(aggregator, True)
    outlet = next((f for f in found if f), None)
    if outlet:
        return FeedIdentity(outlet)
    if name and name.strip():
        return FeedIdentity(" ".join(name.split()))
    return FeedIdentity()


def feed_outlet(
    title: str | None, link: str | None, item_links: Iterable[str | None] = (),
    *, name: str | None = None,
) -> str | None:
    """The outlet a feed's items are published by when they name none; None for aggregators."""
    return feed_identity(title, link, item_links, name=name).credited


def named_outlet(name: str) -> FeedIdentity:
    """An outlet a person names (`--outlet`): the catalogue's spelling when it knows it, else as given."""
    return feed_identity(None, None, name=name, insist=True)


def outlet_of_link(link: str | None) -> str | None:
    """The catalogued outlet a link belongs to by its domain, or None."""
    return load_catalogue().outlet_of_link(link)


def _shared_host(cat: Catalogue, links: Iterable[str | None]) -> str | None:
    # Feeds derived from a site's pages have no channel of their own; their items' links
    # still say whose pages they are, when most of them agree.
    links = [link for link in links if link]
    counts = Counter(cat.outlet_of_link(link) for link in links)
    counts.pop(None, None)
    if not counts:
        return None
    outlet, n = counts.most_common(1)[0]
    return outlet if n * 2 > len(links) else None
