"""RSS 2.0, Atom and JSON Feed 1.1 for the whole site, each section and each topic."""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import feedgenerator

from infolitico.newsroom.models import Article, Section, Topic
from infolitico.pipeline import dates
from infolitico.site import links
from infolitico.site.seo import AUTHOR, absolute, media_absolute

ITEMS = 30


class JsonFeed(feedgenerator.SyndicationFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1), written by the syndication framework."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        """Write the feed as JSON."""
        feed = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": self.feed["title"],
            "home_page_url": self.feed["link"],
            "feed_url": self.feed["feed_url"],
            "description": self.feed["description"],
            "language": self.feed["language"],
            "authors": [{"name": AUTHOR}],
            "items": [self._item(item) for item in self.items],
        }
        outfile.write(json.dumps(feed, ensure_ascii=False, indent=1).encode(encoding))

    @staticmethod
    def _item(item: dict) -> dict:
        entry = {
            "id": item["unique_id"] or item["link"],
            "url": item["link"],
            "title": item["title"],
            "summary": item["description"],
            "content_text": item.get("content_text") or item["description"],
            "date_published": dates.iso_eastern(item["pubdate"]),
            "authors": [{"name": AUTHOR}],
            "tags": list(item["categories"] or ()),
        }
        if item.get("updateddate"):
            entry["date_modified"] = dates.iso_eastern(item["updateddate"])
        if item.get("image"):
            entry["image"] = item["image"]
        return entry


class LatestFeed(Feed):
    """The newest published stories of the whole site."""

    feed_type = feedgenerator.Rss201rev2Feed
    kind = "rss"

    def get_object(self, request, *args, **kwargs):
        return None

    def title(self, obj):
        return settings.NEWSROOM.site_name if obj is None else f"{obj.name} · {settings.NEWSROOM.site_name}"

    def description(self, obj):
        where = "" if obj is None else f" about {obj.name}"
        return f"The latest stories{where} from {settings.NEWSROOM.site_name}, an automated newsroom."

    def link(self, obj):
        return absolute(obj.get_absolute_url() if obj else reverse("site:home"))

    def feed_url(self, obj):
        return absolute(feed_path(self.kind, obj))

    @property
    def language(self):
        """The newsroom's language (the framework reads this attribute, not a method)."""
        return settings.NEWSROOM.language

    def stories(self, obj):
        return Article.objects.filter(status=Article.Status.PUBLISHED)

    def items(self, obj):
        if PRELOADED is not None:
            return PRELOADED["items"][_scope(obj)]
        return (self.stories(obj).select_related("section", "topic", "image")
                .order_by("-published_at", "-id")[:ITEMS])

    def item_title(self, item):
        # The generator escapes once for XML; Django's default would escape twice.
        return item.headline

    def item_description(self, item):
        return item.dek

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_guid(self, item):
        return absolute(item.get_absolute_url())

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item):
        return AUTHOR

    def item_categories(self, item):
        return [c.name for c in (item.section, item.topic) if c]

    def item_enclosures(self, item):
        image = getattr(item, "image", None)
        if not image or not image.path:
            return []
        if PRELOADED is not None and image.path in PRELOADED["sizes"]:
            size = PRELOADED["sizes"][image.path]
        else:
            path = Path(settings.MEDIA_ROOT) / image.path
            size = path.stat().st_size if path.is_file() else 0
        return [feedgenerator.Enclosure(media_absolute(image.path), str(size), "image/jpeg")]

    def item_extra_kwargs(self, item):
        image = getattr(item, "image", None)
        return {"content_text": "\n\n".join(item.body or []),
                "image": media_absolute(image.path) if image and image.path else None}


# While a static export runs: each feed's items, already loaded ("items", keyed by _scope), and
# the images' sizes ("sizes"), so that a thousand feeds cost no query each.
PRELOADED: dict | None = None


def _scope(obj) -> tuple:
    return (None, None) if obj is None else (type(obj).__name__, obj.pk)


class SectionFeed(LatestFeed):
    """A section's newest stories."""

    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def stories(self, obj):
        return super().stories(obj).filter(section=obj)


class TopicFeed(LatestFeed):
    """A topic's newest stories."""

    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def stories(self, obj):
        return super().stories(obj).filter(topic=obj)


# A feed with no stories yet would otherwise say it was built "now", a new body on every request
# (and a rewritten file in every static export); the epoch says it has never changed.
NEVER = datetime(1970, 1, 1, tzinfo=UTC)


def _stable(feed_type):
    def latest_post_date(self):
        return feed_type.latest_post_date(self) if self.items else NEVER

    return type(feed_type.__name__, (feed_type,), {"latest_post_date": latest_post_date})


def _text_as_html(feed_type):
    """RSS <description> and Atom <summary type="html"> are HTML: the dek, plain text, is escaped for it.

    The XML writer escapes once more, so a reader that decodes the XML and renders the HTML shows
    exactly the dek's characters; a source's "<img onerror>" stays words, never an element.
    """

    def add_item_elements(self, handler, item):
        description = item.get("description")
        escaped = {**item, "description": html.escape(description, quote=False)} if description else item
        return feed_type.add_item_elements(self, handler, escaped)

    return type(feed_type.__name__, (feed_type,), {"add_item_elements": add_item_elements})


def _variant(base: type[LatestFeed], kind: str, feed_type) -> type[LatestFeed]:
    return type(f"{base.__name__}{kind.title()}", (base,), {"feed_type": feed_type, "kind": kind})


FORMATS = {"rss": ("rss.xml", _stable(_text_as_html(feedgenerator.Rss201rev2Feed))),
           "atom": ("atom.xml", _stable(_text_as_html(feedgenerator.Atom1Feed))),
           "json": ("feed.json", _stable(JsonFeed))}
MIME = {"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json"}
FEEDS = {
    (scope, kind): _variant(base, kind, feed_type)()
    for scope, base in (("site", LatestFeed), ("section", SectionFeed), ("topic", TopicFeed))
    for kind, (_, feed_type) in FORMATS.items()
}


def feed_path(kind: str, obj=None) -> str:
    """The path of a feed of the given kind for the site, a section or a topic."""
    return links.feed(FORMATS[kind][0], obj)


def alternates(obj=None) -> list[tuple[str, str, str, str]]:
    """(MIME type, title, path, label) of every feed for a page, for <link rel="alternate">."""
    name = settings.NEWSROOM.site_name if obj is None else f"{obj.name} · {settings.NEWSROOM.site_name}"
    labels = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}
    return [(MIME[k], f"{name} ({labels[k]})", feed_path(k, obj), labels[k]) for k in FORMATS]
