"""What machines read: feeds in three formats, sitemaps, the Google News sitemap, JSON-LD, head tags."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from infolitico.newsroom import models

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
BASE = "http://127.0.0.1:8000"


def _published():
    return models.Article.objects.filter(status="published").order_by("-published_at", "-id")


def _reference():
    return models.Article.objects.get(event__title__startswith="Kamala Harris reached out")


def _feed_urls(article):
    urls = []
    for prefix in ("/", f"/{article.section.slug}/", f"/topics/{article.topic.slug}/"):
        urls += [prefix + "rss.xml", prefix + "atom.xml", prefix + "feed.json"]
    return urls


def json_ld(html: str) -> dict:
    """The page's JSON-LD data block, parsed."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_site_section_and_topic_feeds_parse_in_every_format(client, newsroom):
    article = _reference()
    for url in _feed_urls(article):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content
        if url.endswith(".json"):
            assert response["Content-Type"].startswith("application/feed+json")
            feed = json.loads(body)
            assert feed["version"] == "https://jsonfeed.org/version/1.1"
            assert feed["feed_url"] == BASE + url and feed["language"] == "en"
            items = feed["items"]
            assert all(i["id"] and i["url"].startswith(BASE) and i["title"] for i in items)
            assert all(re.search(r"[+-]\d\d:\d\d$", i["date_published"]) for i in items)
            titles = [i["title"] for i in items]
        else:
            parsed = feedparser.parse(body)
            assert not parsed.bozo, (url, parsed.get("bozo_exception"))
            assert parsed.version in ("rss20", "atom10")
            assert parsed.feed.link.startswith(BASE)
            assert all(e.link.startswith(BASE) and e.get("published_parsed") for e in parsed.entries)
            titles = [e.title for e in parsed.entries]
        assert article.headline in titles, url


def test_the_site_feed_lists_the_newest_stories_first(client, newsroom):
    parsed = feedparser.parse(client.get("/rss.xml").content)
    expected = [BASE + a.get_absolute_url() for a in _published()]
    assert [e.link for e in parsed.entries] == expected


def test_every_page_links_its_feeds_from_the_head(client, newsroom):
    article = _reference()
    html = client.get(article.get_absolute_url()).content.decode()
    head = html.split("</head>")[0]
    for url in _feed_urls(article)[6:]:
        assert f'href="{url}"' in head
    home = client.get("/").content.decode().split("</head>")[0]
    for kind in ("application/rss+xml", "application/atom+xml", "application/feed+json"):
        assert f'type="{kind}"' in home


def test_the_sitemap_index_lists_sitemaps_that_list_every_published_article(client, newsroom):
    index = ET.fromstring(client.get("/sitemap.xml").content)
    assert index.tag == f"{SM}sitemapindex"
    locations = [loc.text for loc in index.iter(f"{SM}loc")]
    assert f"{BASE}/sitemap-news.xml" in locations
    urls = []
    for location in locations:
        root = ET.fromstring(client.get(location.removeprefix(BASE)).content)
        assert root.tag == f"{SM}urlset"
        urls += [loc.text for loc in root.iter(f"{SM}loc")]
    for article in _published():
        assert BASE + article.get_absolute_url() in urls
    assert f"{BASE}/politics/" in urls and f"{BASE}/how-it-works/" in urls


def _news_sitemap(client):
    root = ET.fromstring(client.get("/sitemap-news.xml").content)
    assert root.tag == f"{SM}urlset"
    return root.findall(f"{SM}url")


def test_the_google_news_sitemap_keeps_to_the_last_two_days(client, newsroom):
    now = timezone.now()
    fresh, *rest = list(_published())
    models.Article.objects.filter(pk=fresh.pk).update(published_at=now - timedelta(hours=3))
    models.Article.objects.filter(pk__in=[a.pk for a in rest]).update(published_at=now - timedelta(days=3))
    urls = _news_sitemap(client)
    assert [u.find(f"{SM}loc").text for u in urls] == [BASE + models.Article.objects.get(pk=fresh.pk)
                                                        .get_absolute_url()]
    news = urls[0].find(f"{NEWS}news")
    publication = news.find(f"{NEWS}publication")
    assert publication.find(f"{NEWS}name").text == "Infolitico"
    assert publication.find(f"{NEWS}language").text == "en"
    assert news.find(f"{NEWS}title").text == fresh.headline
    published = news.find(f"{NEWS}publication_date").text
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", published)
    assert published.startswith(timezone.localtime(now - timedelta(hours=3)).strftime("%Y-%m-%d"))


def test_the_google_news_sitemap_leaves_out_stories_dated_ahead_of_now(client, newsroom, tmp_path):
    from infolitico.site.export import export_site

    now = timezone.now()
    fresh, ahead, *rest = list(_published())
    models.Article.objects.filter(pk=fresh.pk).update(published_at=now - timedelta(hours=3))
    models.Article.objects.filter(pk=ahead.pk).update(published_at=now + timedelta(days=5))
    models.Article.objects.filter(pk__in=[a.pk for a in rest]).update(published_at=now - timedelta(days=3))
    urls = _news_sitemap(client)
    assert [u.find(f"{SM}loc").text for u in urls] == [BASE + models.Article.objects.get(pk=fresh.pk)
                                                        .get_absolute_url()]
    export_site(tmp_path / "export")
    assert (tmp_path / "export" / "sitemap-news.xml").read_bytes() == client.get("/sitemap-news.xml").content


def test_the_google_news_sitemap_holds_at_most_a_thousand_urls(client, newsroom):
    now = timezone.now()
    section = models.Section.objects.get(slug="politics")
    events = models.Event.objects.bulk_create(
        models.Event(key=f"bulk-{i}", title=f"t{i}", claim="c", data={}) for i in range(1001)
    )
    models.Article.objects.bulk_create(
        models.Article(event=e, status="published", slug=f"bulk-story-{i}", headline=f"Bulk {i}",
                       section=section, published_at=now - timedelta(minutes=i))
        for i, e in enumerate(events)
    )
    urls = _news_sitemap(client)
    assert len(urls) == 1000
    assert urls[0].find(f"{NEWS}news/{NEWS}title").text == "Bulk 0"  # the newest first


def test_a_withdrawn_article_leaves_every_feed_and_sitemap(client, newsroom):
    article = _reference()
    models.Article.objects.filter(pk=article.pk).update(published_at=timezone.now())
    article.refresh_from_db()
    url = BASE + article.get_absolute_url()
    outputs = _feed_urls(article) + ["/sitemap-articles.xml", "/sitemap-news.xml"]
    assert all(url in client.get(o).content.decode() for o in outputs)
    article.status = models.Article.Status.WITHDRAWN
    article.save()
    for output in outputs:
        assert url not in client.get(output).content.decode(), output
    assert client.get(article.get_absolute_url()).status_code == 410


def test_the_article_page_describes_itself_as_a_news_article(client, newsroom):
    article = _reference()
    html = client.get(article.get_absolute_url()).content.decode()
    data = json_ld(html)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.headline
    assert data["url"] == BASE + article.get_absolute_url()
    assert data["datePublished"] == "2026-07-02T08:06:00-04:00"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", data["dateModified"])
    assert data["author"]["name"] == "Infolitico Newsroom"
    assert data["publisher"]["name"] == "Infolitico"
    renditions = article.image.files
    assert data["image"] == [f"{BASE}/media/{renditions[n]}" for n in ("16x9.jpg", "4x3.jpg", "1x1.jpg")]
    for image in data["image"]:
        assert client.get(image.removeprefix(BASE)).status_code == 200


def test_the_article_page_has_canonical_open_graph_and_twitter_tags(client, newsroom):
    article = _reference()
    head = client.get(article.get_absolute_url()).content.decode().split("</head>")[0]
    canonical = BASE + article.get_absolute_url()
    assert f'<link rel="canonical" href="{canonical}">' in head
    assert f'<meta property="og:url" content="{canonical}">' in head
    assert '<meta property="og:type" content="article">' in head
    assert f'<meta property="og:image" content="{BASE}/media/' in head
    assert '<meta name="twitter:card" content="summary_large_image">' in head
    assert '<meta property="article:published_time" content="2026-07-02T08:06:00-04:00">' in head


def test_canonical_urls_come_from_the_configured_base_url(client, newsroom, settings):
    from dataclasses import replace

    settings.NEWSROOM = replace(settings.NEWSROOM, base_url="https://news.example.org")
    article = _reference()
    html = client.get(article.get_absolute_url(), HTTP_HOST="other.host").content.decode()
    assert f'href="https://news.example.org{article.get_absolute_url()}"' in html
    sitemap = client.get("/sitemap-articles.xml", HTTP_HOST="other.host").content.decode()
    assert "other.host" not in sitemap and "https://news.example.org/" in sitemap
    feed = feedparser.parse(client.get("/atom.xml", HTTP_HOST="other.host").content)
    assert feed.entries[0].link.startswith("https://news.example.org/")


def test_withdrawing_the_newest_story_makes_cached_feeds_and_sitemaps_stale(client, newsroom):
    newest = _published().first()
    urls = ["/rss.xml", "/feed.json", "/sitemap-articles.xml", "/"]
    stamps = {url: client.get(url)["Last-Modified"] for url in urls}
    newest.updated_at = timezone.now() + timedelta(seconds=2)  # HTTP dates count whole seconds
    models.Article.objects.filter(pk=newest.pk).update(status="withdrawn", updated_at=newest.updated_at)
    for url, stamp in stamps.items():
        response = client.get(url, HTTP_IF_MODIFIED_SINCE=stamp)
        assert response.status_code == 200, url
        assert BASE + newest.get_absolute_url() not in response.content.decode(), url
