"""The static export: the served site's bytes as files, rewritten only where something changed."""

import re
import threading
import urllib.request
from datetime import timedelta
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from infolitico.newsroom import models
from infolitico.site.export import MANIFEST, Manifest, export_site, file_for

pytestmark = pytest.mark.django_db


def _reference():
    return models.Article.objects.get(event__title__startswith="Kamala Harris reached out")


def _served(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content


def _hashes(out):
    manifest = Manifest(out)
    try:
        return manifest.files()
    finally:
        manifest.close()


def test_the_export_holds_every_page_exactly_as_served(client, newsroom, tmp_path, monkeypatch):
    from infolitico.site import sitemaps, views

    monkeypatch.setattr(views, "PER_PAGE", 2)  # so that the archives have a second page
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)  # and the articles' sitemap too
    out = tmp_path / "export"
    result = export_site(out)
    article = _reference()
    for url in [article.get_absolute_url(), "/", "/archive/1/", "/politics/", "/about/",
                "/how-it-works/", "/corrections/", article.topic.get_absolute_url(), "/rss.xml",
                "/atom.xml", "/feed.json", "/politics/rss.xml",
                article.topic.get_absolute_url() + "feed.json", "/sitemap.xml",
                "/sitemap-articles.xml", "/sitemap-articles-2.xml", "/sitemap-news.xml", "/robots.txt"]:
        assert (out / file_for(url)).read_bytes() == _served(client, url), url
    assert "http://127.0.0.1:8000/sitemap-articles-2.xml" in (out / "sitemap.xml").read_text()
    assert (out / "404.html").read_bytes() == client.get("/no/such/page.html").content
    assert (out / "static/site/site.css").is_file() and (out / "static/site/favicon.svg").is_file()
    assert (out / "media" / article.image.path).read_bytes()[:2] == b"\xff\xd8"
    assert "search" not in {p.name for p in out.iterdir()}  # search needs the server
    assert result.written == len(_hashes(out)) and result.unchanged == result.deleted == 0

    again = export_site(out)
    assert (again.written, again.deleted, again.unchanged) == (0, 0, result.written)
    # Pages whose key (everything they show) is unchanged are not even rendered; only the
    # sitemaps without one are.
    assert again.rendered <= 5


def test_one_more_article_rewrites_only_the_pages_that_show_it(client, newsroom, tmp_path):
    out = tmp_path / "export"
    export_site(out)
    before = _hashes(out)
    apple = models.Article.objects.get(topic__slug="apple")
    event = models.Event.objects.create(key="new", title="Apple ships a new Mac - BBC", claim="x",
                                        section=apple.section, data={})
    new = models.Article.objects.create(
        event=event, status="published", slug="apple-ships-a-new-mac", headline="Apple ships a new Mac",
        dek="Apple shipped it.", body=["Apple shipped a new Mac."], section=apple.section,
        topic=apple.topic, published_at=timezone.now() - timedelta(minutes=5))

    result = export_site(out)
    after = _hashes(out)
    changed = {name for name in after if before.get(name) != after[name]}
    section, topic = apple.section.get_absolute_url(), apple.topic.get_absolute_url()
    expected = {file_for(new.get_absolute_url()), file_for(apple.get_absolute_url()),  # related
                "index.html", file_for(section), file_for(topic), "sitemap-articles.xml",
                "sitemap-news.xml",
                *(file_for(base + name) for base in ("/", section, topic)
                  for name in ("rss.xml", "atom.xml", "feed.json"))}
    assert changed == expected
    assert (result.written, result.deleted) == (len(expected), 0)
    assert result.unchanged == len(after) - len(expected)
    # Pages left alone because their key was unchanged are still exactly what is served.
    for name in after:
        if name.endswith("index.html"):
            url = "/" + name.removesuffix("index.html")
            assert (out / name).read_bytes() == _served(client, url), url


def test_a_withdrawn_article_leaves_the_export(client, newsroom, tmp_path):
    out = tmp_path / "export"
    export_site(out)
    article = _reference()
    page, image = out / file_for(article.get_absolute_url()), out / "media" / article.image.path
    assert page.is_file() and image.is_file()
    article.status = models.Article.Status.WITHDRAWN
    article.save()

    result = export_site(out)
    assert not page.exists() and not image.exists()
    assert not page.parent.exists()  # nor the folder it was in
    assert result.deleted == 1 + len(set(article.image.files.values()) | {article.image.path})
    assert article.headline not in (out / "index.html").read_text()
    assert (out / "index.html").read_bytes() == _served(client, "/")


def test_a_plain_web_server_serves_the_export(newsroom, tmp_path):
    out = tmp_path / "export"
    export_site(out)
    article = _reference()
    handler = partial(SimpleHTTPRequestHandler, directory=str(out))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with urllib.request.urlopen(base + article.get_absolute_url(), timeout=10) as response:
            html = response.read().decode()
        assert response.status == 200 and article.headline in html
        # Every link and asset on the page is a path the export holds.
        srcs = re.findall(r'<img src="([^"]+)"', html) + re.findall(r'rel="stylesheet" href="([^"]+)"', html)
        assert srcs
        for src in srcs:
            with urllib.request.urlopen(base + src, timeout=10) as response:
                assert response.status == 200 and response.read()
        for href in set(re.findall(r'href="(/[^"]*)"', html)) - {"/search/"}:
            with urllib.request.urlopen(base + href, timeout=10) as response:
                assert response.status == 200, href
    finally:
        server.shutdown()
        server.server_close()


def test_a_full_export_rewrites_every_file(newsroom, tmp_path):
    out = tmp_path / "export"
    first = export_site(out)
    (out / "index.html").write_text("tampered")
    full = export_site(out, full=True)
    assert full.written == first.written and full.unchanged == 0
    assert "tampered" not in (out / "index.html").read_text()


def _publish(like, slug, minutes_after):
    event = models.Event.objects.create(key=slug, title=f"{slug} - BBC", claim="x", section=like.section,
                                        data={})
    return models.Article.objects.create(
        event=event, status="published", slug=slug, headline=f"Apple ships {slug}",
        dek="Apple shipped it.", body=["Apple shipped it."], section=like.section, topic=like.topic,
        published_at=like.published_at + timedelta(minutes=minutes_after))


def _files(out):
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and p.name != MANIFEST}


def test_new_stories_exported_one_by_one_leave_what_a_full_export_writes(newsroom, tmp_path, monkeypatch):
    from infolitico.site import sitemaps, views

    monkeypatch.setattr(views, "PER_PAGE", 2)  # so that new stories fill archive pages
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 3)  # and start new sitemap files
    out = tmp_path / "export"
    export_site(out)
    apple = models.Article.objects.get(topic__slug="apple")
    for n in range(1, 5):
        story = _publish(apple, f"mac-{n}", n)
        if n == 3:  # a story about someone the site has no page for yet
            entity = models.Entity.objects.create(name="Ada Quill", slug="ada-quill-test", kind="person")
            story.topic = models.Topic.objects.create(entity=entity, name="Ada Quill", slug="ada-quill")
            story.save()
        step = export_site(out)
        assert step.deleted == 0 and step.written > 0
        assert (out / "archive" / "1" / "index.html").is_file()
        full = tmp_path / f"full-{n}"
        export_site(full, full=True)
        assert _files(out) == _files(full)


def test_a_new_story_rewrites_its_lists_front_pages_not_their_archive_pages(newsroom, tmp_path, monkeypatch):
    from infolitico.site import views

    monkeypatch.setattr(views, "PER_PAGE", 2)
    out = tmp_path / "export"
    export_site(out)
    before = _hashes(out)
    assert "archive/1/index.html" in before  # four stories: the oldest two, then the front page's
    apple = models.Article.objects.get(topic__slug="apple")
    _publish(apple, "mac-1", 5)
    export_site(out)
    after = _hashes(out)
    changed = {name for name in after if before.get(name) != after[name]}
    assert "index.html" in changed and "archive/1/index.html" not in changed
    assert "archive/2/index.html" not in after  # the front page holds three now
    _publish(apple, "mac-2", 6)
    export_site(out)
    html = (out / "archive/2/index.html").read_text()  # the front page's oldest two moved here
    assert 'rel="prev" href="/"' in html and 'rel="next" href="/archive/1/"' in html
    assert 'rel="prev" href="/archive/2/"' in (out / "archive/1/index.html").read_text()


def test_an_export_folder_from_the_json_manifest_days_is_carried_over(newsroom, tmp_path):
    import json

    from infolitico.site.export import LEGACY_MANIFEST

    out = tmp_path / "export"
    export_site(out)
    files = _hashes(out)
    (out / MANIFEST).unlink()
    (out / LEGACY_MANIFEST).write_text(json.dumps({"format": 1, "site": "older code", "files": files,
                                                   "keys": {}, "media": {}}))
    again = export_site(out)
    assert not (out / LEGACY_MANIFEST).exists()
    assert (again.written, again.deleted) == (0, 0)  # every file was recognised, none rewritten
    assert _hashes(out) == files


def test_a_whole_export_reads_the_site_in_as_many_queries_however_many_stories(newsroom, tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(out):
        with CaptureQueriesContext(connection) as captured:
            export_site(out, full=True)
        return len(captured.captured_queries)

    before = queries(tmp_path / "before")
    apple = models.Article.objects.get(topic__slug="apple")
    for n in range(1, 4):
        story = _publish(apple, f"mac-{n}", n)
    # One with all a page shows of it: an image, a source, a correction.
    models.Image.objects.create(article=story, path=apple.image.path, files=apple.image.files,
                                alt="A phone", caption="The phone.", credit="Infolitico")
    models.SourceItem.objects.create(feed=models.Feed.objects.first(), event=story.event, key="mac-3",
                                     title="Apple ships mac-3 - BBC", link="https://bbc.example/mac-3")
    models.Correction.objects.create(article=story, note="The date was wrong.", before={})
    # Nothing a page shows is read story by story (a field left out of the load would be).
    assert queries(tmp_path / "after") == before


def test_one_new_story_is_exported_without_counting_or_skipping_through_the_lists(newsroom, tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    out = tmp_path / "export"
    export_site(out)
    apple = models.Article.objects.get(topic__slug="apple")
    _publish(apple, "mac-1", 5)
    with CaptureQueriesContext(connection) as queries:
        step = export_site(out)
    assert step.written > 0 and step.rendered < 40  # the quick path, not the whole site
    sql = [q["sql"].upper() for q in queries.captured_queries]
    assert not [q for q in sql if " OFFSET " in q]
    # One count of the published stories (the marks that tell what changed); no list is counted.
    assert len([q for q in sql if "COUNT(" in q]) == 1
    full = tmp_path / "full"
    export_site(full, full=True)
    assert _files(out) == _files(full)
