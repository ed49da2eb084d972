"""Hostile text from a feed stays text: in pages, attributes, feeds, sitemaps, JSON-LD and search."""

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import feedparser
import pytest
from django.utils import timezone

from infolitico.newsroom import models
from tests.site.test_machines import NEWS, SM, json_ld

pytestmark = pytest.mark.django_db

HOSTILE = ('Harris </script><script>alert(1)</script><!-- "q" \'s\' & <img src=x onerror=alert(2)> '
           "]]> <style>body{}</style> \u2028 end")


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts, self.handlers, self.urls, self.tags = [], [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attr = dict(attrs)
        if tag == "script":
            self.scripts.append(attr.get("type"))
        self.handlers += [n for n in attr if n.startswith("on")]
        self.urls += [attr[n] for n in ("href", "src") if attr.get(n)]


def _elements(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


@pytest.fixture
def planted(newsroom):
    """The reference article, with every text a feed could reach replaced by hostile markup."""
    article = models.Article.objects.get(event__title__startswith="Kamala Harris reached out")
    models.Event.objects.filter(pk=article.event_id).update(title=HOSTILE, publisher=HOSTILE,
                                                            reporter=HOSTILE)
    article.event.items.update(title=HOSTILE, publisher=HOSTILE, link="javascript:alert(3)")
    models.Image.objects.filter(article=article).update(alt=HOSTILE, caption=HOSTILE, credit=HOSTILE)
    models.Topic.objects.filter(pk=article.topic_id).update(name=HOSTILE)
    article.headline, article.dek, article.body = HOSTILE, HOSTILE, [HOSTILE, "Harris " + HOSTILE]
    article.published_at = timezone.now()
    article.save()
    article.refresh_from_db()
    return article


def test_hostile_titles_stay_text_on_every_page(client, planted):
    pages = [planted.get_absolute_url(), "/", "/politics/", planted.topic.get_absolute_url(),
             "/search/?q=harris+alert"]
    for url in pages:
        html = client.get(url).content.decode()
        elements = _elements(html)
        assert set(elements.scripts) <= {"application/ld+json"}, url
        assert elements.handlers == [], url
        assert "style" not in elements.tags, url
        assert not any(u.lower().startswith(("javascript:", "data:")) for u in elements.urls), url
        assert "<img src=x" not in html, url


def test_hostile_titles_cannot_break_out_of_the_json_ld(client, planted):
    html = client.get(planted.get_absolute_url()).content.decode()
    block = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in block and ">" not in block and "&" not in block
    data = json_ld(html)
    assert data["headline"] == HOSTILE and data["description"] == HOSTILE


def test_hostile_titles_come_back_intact_from_every_feed(client, planted):
    for url in ("/rss.xml", "/atom.xml", "/politics/rss.xml", f"/topics/{planted.topic.slug}/atom.xml"):
        root = ET.fromstring(client.get(url).content)
        titles = [t.text for t in root.iter() if t.tag.rsplit("}", 1)[-1] == "title"]
        assert HOSTILE in titles, url
        assert not feedparser.parse(client.get(url).content).bozo
    feed = json.loads(client.get("/feed.json").content)
    assert HOSTILE in [item["title"] for item in feed["items"]]


def test_hostile_titles_come_back_intact_from_the_sitemaps(client, planted):
    news = ET.fromstring(client.get("/sitemap-news.xml").content)
    assert [t.text for t in news.iter(f"{NEWS}title")] == [HOSTILE]
    for url in ("/sitemap.xml", "/sitemap-articles.xml", "/sitemap-topics.xml"):
        assert ET.fromstring(client.get(url).content).tag.startswith(SM)


def test_search_highlights_without_unescaping_the_story(client, planted):
    html = client.get("/search/", {"q": "alert"}).content.decode()
    assert "<mark>alert</mark>" in html
    assert "&lt;script&gt;" in html and "<script>" not in html
