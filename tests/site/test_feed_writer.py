"""The site's feeds are the bytes Django's own feed writer makes, written from loaded stories."""

import io

import feedparser
import pytest

from infolitico.newsroom import models
from infolitico.site import feeds
from tests.site.test_hostile import HOSTILE, planted  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile(request):
    """The reference article with hostile text in every field (test_hostile's `planted`)."""
    return request.getfixturevalue("planted")


def _django_bytes(kind, obj, stories):
    """The same feed written by the generator class Django ships (SAX's XML writer)."""
    feed = feeds.build(kind, obj, stories)
    out = io.BytesIO()
    # The class under the fast writer is the one Django's syndication view would write with.
    type(feed).__mro__[1].write(feed, out, "utf-8")
    return out.getvalue()


def _stories(**where):
    return list(models.Article.objects.filter(status="published", **where)
                .select_related("section", "topic", "image").order_by("-published_at", "-id"))


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_hostile_feeds_are_byte_for_byte_what_djangos_writer_makes(client, hostile, kind):
    for obj, stories in ((None, _stories()), (hostile.topic, _stories(topic=hostile.topic)),
                         (hostile.section, _stories(section=hostile.section))):
        ours = feeds.document(kind, obj, stories)
        assert ours == _django_bytes(kind, obj, stories)
        assert HOSTILE.split()[0] in ours.decode()
        assert not feedparser.parse(ours).bozo


def test_an_empty_section_feed_is_what_djangos_writer_makes(client, newsroom):
    empty = models.Section.objects.create(name="Empty", slug="empty-test", position=99)
    for kind in ("rss", "atom"):
        ours = feeds.document(kind, empty, [])
        assert ours == _django_bytes(kind, empty, [])
        assert client.get(f"/empty-test/{feeds.FORMATS[kind][0]}").content == ours


def test_each_served_feed_is_the_document_built_from_its_stories(client, hostile):
    topic = hostile.topic
    for kind in feeds.FORMATS:
        site = feeds.document(kind, None, _stories()[:feeds.ITEMS])
        assert client.get(feeds.feed_path(kind)).content == site
        assert client.get(feeds.feed_path(kind, topic)).content == feeds.document(
            kind, topic, _stories(topic=topic)[:feeds.ITEMS])
