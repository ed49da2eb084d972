"""RSS 2.0, Atom and JSON Feed 1.1 for the whole site, each section and each topic."""

from __future__ import annotations

import html
import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from xml.sax import saxutils

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils import feedgenerator
from django.utils.xmlutils import UnserializableContentError

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

    def stories(self, obj):
        return Article.objects.filter(status=Article.Status.PUBLISHED)

    def items(self, obj):
        return (self.stories(obj).select_related("section", "topic", "image")
                .order_by("-published_at", "-id")[:ITEMS])

    def get_feed(self, obj, request):
        """The feed, built by `build` as the static export builds it (no per-item lookups)."""
        return build(self.kind, obj, self.items(obj))

    # Django's view sets Last-Modified when the feed has item dates.
    def item_pubdate(self, item):
        return item.published_at


def build(kind: str, obj, stories, sizes: dict | None = None) -> feedgenerator.SyndicationFeed:
    """The feed of `kind` for the site (obj None), a section or a topic, from loaded stories.

    What Django's syndication view would assemble from the same stories, without its per-item
    attribute lookups; `sizes` gives the images' lengths in bytes where already known.
    """
    name = settings.NEWSROOM.site_name
    where = "" if obj is None else f" about {obj.name}"
    feed = FORMATS[kind][1](
        title=name if obj is None else f"{obj.name} · {name}",
        link=absolute(obj.get_absolute_url() if obj is not None else links.named("home")),
        description=f"The latest stories{where} from {name}, an automated newsroom.",
        language=settings.NEWSROOM.language, feed_url=absolute(feed_path(kind, obj)),
        subtitle=None, author_name=None, author_link=None, author_email=None, categories=None,
        feed_copyright=None, feed_guid=None, ttl=None, stylesheets=None)
    for item in stories:
        link = absolute(item.get_absolute_url())
        image = getattr(item, "image", None)
        path = image.path if image is not None and image.path else None
        # The generator escapes once for XML; Django's default title would escape twice.
        feed.add_item(
            title=item.headline, link=link, description=item.dek, unique_id=link,
            unique_id_is_permalink=True, enclosures=_enclosures(path, sizes),
            pubdate=item.published_at, updateddate=max(item.updated_at, item.published_at),
            author_name=AUTHOR, author_email=None, author_link=None, comments=None,
            categories=[c.name for c in (item.section, item.topic) if c], item_copyright=None,
            content_text="\n\n".join(item.body or []),
            image=media_absolute(path) if path else None)
    return feed


def document(kind: str, obj, stories, sizes: dict | None = None) -> bytes:
    """A feed's bytes, exactly as its view answers them."""
    out = io.BytesIO()
    build(kind, obj, stories, sizes).write(out, "utf-8")
    return out.getvalue()


def _enclosures(path: str | None, sizes: dict | None) -> list:
    if not path:
        return []
    if sizes is not None and path in sizes:
        size = sizes[path]
    else:
        file = Path(settings.MEDIA_ROOT) / path
        size = file.stat().st_size if file.is_file() else 0
        if sizes is not None:
            sizes[path] = size
    return [feedgenerator.Enclosure(media_absolute(path), str(size), "image/jpeg")]


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


_CONTROL = re.compile(r"[\x00-\x08\x0B-\x0C\x0E-\x1F]")


class _Xml:
    """What Django's SimplerXMLGenerator writes (short empty elements, sorted attributes), faster.

    The same calls give the same characters: the feed classes drive it unchanged, only the
    writing into a list of strings is cheaper than SAX's writer over a file.
    """

    def __init__(self, encoding: str):
        self.encoding = encoding
        self.parts: list[str] = []
        self.pending = False

    def startDocument(self):  # noqa: N802 - the SAX handler's names
        self.parts.append(f'<?xml version="1.0" encoding="{self.encoding}"?>\n')

    def _finish(self):
        if self.pending:
            self.parts.append(">")
            self.pending = False

    def startElement(self, name, attrs):  # noqa: N802
        self._finish()
        parts = self.parts
        parts.append("<" + name)
        if attrs:
            for key, value in sorted(attrs.items()):
                parts.append(f" {key}={saxutils.quoteattr(value)}")
        self.pending = True

    def endElement(self, name):  # noqa: N802
        if self.pending:
            self.parts.append("/>")
            self.pending = False
        else:
            self.parts.append(f"</{name}>")

    def characters(self, content):
        if content:
            if _CONTROL.search(content):
                # As Django's generator: XML 1.0 cannot carry control characters.
                raise UnserializableContentError("Control characters are not supported in XML 1.0")
            self._finish()
            self.parts.append(saxutils.escape(content))

    def processingInstruction(self, target, data):  # noqa: N802
        self._finish()
        self.parts.append(f"<?{target} {data}?>")

    def addQuickElement(self, name, contents=None, attrs=None):  # noqa: N802
        self.startElement(name, attrs)
        if contents is not None:
            self.characters(contents)
        self.endElement(name)

    def getvalue(self) -> bytes:
        return "".join(self.parts).encode(self.encoding, "xmlcharrefreplace")


def _fast(feed_type):
    """The feed type written by _Xml: RssFeed.write's and Atom1Feed.write's steps, unchanged."""

    def write(self, outfile, encoding):
        handler = _Xml(encoding)
        handler.startDocument()
        if issubclass(feed_type, feedgenerator.RssFeed):
            self.add_stylesheets(handler)
            handler.startElement("rss", self.rss_attributes())
            handler.startElement("channel", self.root_attributes())
            self.add_root_elements(handler)
            self.write_items(handler)
            self.endChannelElement(handler)
            handler.endElement("rss")
        else:
            handler.startElement("feed", self.root_attributes())
            self.add_root_elements(handler)
            self.write_items(handler)
            handler.endElement("feed")
        outfile.write(handler.getvalue())

    return type(feed_type.__name__, (feed_type,), {"write": write})


def _variant(base: type[LatestFeed], kind: str, feed_type) -> type[LatestFeed]:
    return type(f"{base.__name__}{kind.title()}", (base,), {"feed_type": feed_type, "kind": kind})


FORMATS = {"rss": ("rss.xml", _fast(_stable(_text_as_html(feedgenerator.Rss201rev2Feed)))),
           "atom": ("atom.xml", _fast(_stable(_text_as_html(feedgenerator.Atom1Feed)))),
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
