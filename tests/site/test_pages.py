"""The site's pages as a client sees them: home, sections, topics, missing and withdrawn pages."""

from datetime import timedelta

import pytest
from django.utils.html import escape

from infolitico.newsroom import models

pytestmark = pytest.mark.django_db


def test_the_home_page_leads_with_a_story_and_lists_the_sections(client, newsroom):
    html = client.get("/").content.decode()
    for article in models.Article.objects.filter(status="published"):
        assert article.headline in html
    assert 'href="/politics/"' in html


def test_an_empty_newsroom_says_how_to_fill_it(client):
    assert "infolitico run" in client.get("/").content.decode()


def test_an_image_is_served_from_the_newsroom(client, newsroom):
    image = models.Image.objects.first()
    response = client.get(f"/media/{image.path}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"  # a JPEG


def test_a_path_outside_the_image_folder_is_not_served(client, newsroom):
    assert client.get("/media/../infolitico.toml").status_code == 404


def test_an_unknown_article_is_a_404_with_the_site_around_it(client, newsroom):
    response = client.get("/politics/2026/07/02/no-such-story/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_withdrawn_article_is_gone(client, newsroom):
    article = models.Article.objects.filter(status="published").first()
    url = article.get_absolute_url()
    article.status = models.Article.Status.WITHDRAWN
    article.save()
    assert client.get(url).status_code == 410
    assert article.headline not in client.get("/").content.decode()


def test_an_article_under_the_wrong_date_redirects_to_its_address(client, newsroom):
    article = models.Article.objects.filter(status="published").first()
    wrong = f"/{article.section.slug}/2020/01/01/{article.slug}/"
    response = client.get(wrong)
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()


def _reference():
    return models.Article.objects.get(event__title__startswith="Kamala Harris reached out")


def _every_page_type(client):
    article = _reference()
    search = client.get("/search/", {"q": "Harris outreach"})
    withdrawn = models.Article.objects.filter(status="published").exclude(pk=article.pk).first()
    gone_url = withdrawn.get_absolute_url()
    withdrawn.status = models.Article.Status.WITHDRAWN
    withdrawn.save()
    return {
        "home": client.get("/"),
        "archive": client.get("/page/2/"),
        "section": client.get("/politics/"),
        "topic": client.get(article.topic.get_absolute_url()),
        "article": client.get(article.get_absolute_url()),
        "search": search,
        "empty search": client.get("/search/"),
        "about": client.get("/about/"),
        "how it works": client.get("/how-it-works/"),
        "corrections": client.get("/corrections/"),
        "404": client.get("/no/such/page/"),
        "410": client.get(gone_url),
    }


def test_every_page_type_is_valid_html_with_the_accessibility_basics(client, newsroom):
    from tests.site.htmlcheck import problems

    for name, response in _every_page_type(client).items():
        assert response["Content-Type"].startswith("text/html"), name
        html = response.content.decode()
        assert problems(html) == [], name
        assert 'href="#content"' in html and '<main id="content"' in html, name  # skip link
        assert '<label for="q"' in html, name


def test_search_finds_a_published_story_and_highlights_the_words(client, newsroom):
    article = _reference()
    html = client.get("/search/", {"q": "harris outreach"}).content.decode()
    assert article.get_absolute_url() in html
    assert "<mark>Harris</mark>" in html and "<mark>outreach</mark>" in html


def test_search_ignores_query_syntax_and_never_shows_an_unpublished_story(client, newsroom):
    article = _reference()
    assert client.get("/search/", {"q": '" OR * NEAR( -'}).status_code == 200
    article.status = models.Article.Status.WITHDRAWN
    article.save()
    html = client.get("/search/", {"q": "Harris Mamdani"}).content.decode()
    assert article.get_absolute_url() not in html


def test_a_story_published_by_a_bulk_update_is_still_found(client, newsroom):
    article = _reference()
    models.Article.objects.filter(pk=article.pk).update(status="held")
    models.Article.objects.filter(pk=article.pk).update(status="published")
    from infolitico.site import search

    search.unindex_article(article)
    assert article.get_absolute_url() in client.get("/search/", {"q": "Mamdani"}).content.decode()


def test_the_newsroom_pages_explain_the_site(client, newsroom):
    how = client.get("/how-it-works/").content.decode()
    assert "written automatically" in how
    article = _reference()
    article.status = models.Article.Status.WITHDRAWN
    article.save()
    corrections = client.get("/corrections/").content.decode()
    assert "Withdrawn articles" in corrections and escape(article.headline) in corrections


def test_archive_pages_are_numbered_from_the_oldest_story(client, newsroom, monkeypatch):
    from infolitico.site import views

    monkeypatch.setattr(views, "PER_PAGE", 2)
    newest = models.Article.objects.filter(status="published").order_by("-published_at", "-id")
    assert newest.count() == 4  # so: the front page shows the newest two, archive page 1 the rest
    first, second = client.get("/"), client.get("/archive/1/")
    assert 'rel="next" href="/archive/1/"' in first.content.decode()
    html = second.content.decode()
    assert "Archive" in html and 'rel="canonical" href="http://127.0.0.1:8000/archive/1/"' in html
    assert 'rel="prev" href="/"' in html and 'rel="next"' not in html
    assert newest[2].get_absolute_url() in html and newest[3].get_absolute_url() in html
    assert newest[0].get_absolute_url() not in html
    assert client.get("/archive/2/").status_code == 404
    assert client.get("/archive/0/").status_code == 404
    assert client.get("/politics/archive/9/").status_code == 404


def test_old_archive_addresses_redirect_to_where_their_stories_are_now(client, newsroom, monkeypatch):
    from infolitico.site import views

    monkeypatch.setattr(views, "PER_PAGE", 2)
    # page/N/ counted from the newest story; ?page=N before that.
    for old, new in (("/page/2/", "/archive/1/"), ("/page/1/", "/"), ("/?page=2", "/archive/1/"),
                     ("/?page=1", "/")):
        response = client.get(old)
        assert response.status_code == 301 and response["Location"] == new, old
    assert client.get("/page/99/").status_code == 404
    assert client.get("/politics/page/99/").status_code == 404
    section = models.Section.objects.get(slug="politics")
    assert client.get("/politics/page/1/")["Location"] == section.get_absolute_url()


def test_a_new_story_leaves_every_archive_page_as_it_was(client, newsroom, monkeypatch):
    from infolitico.site import views

    monkeypatch.setattr(views, "PER_PAGE", 1)
    before = {url: client.get(url).content for url in ("/archive/1/", "/archive/2/")}
    newest = models.Article.objects.filter(status="published").order_by("-published_at", "-id").first()
    event = models.Event.objects.create(key="new", title="Apple ships a new Mac - BBC", claim="x",
                                        section=newest.section, data={})
    models.Article.objects.create(
        event=event, status="published", slug="apple-ships-a-new-mac", headline="Apple ships a new Mac",
        dek="Apple shipped it.", body=["Apple shipped a new Mac."], section=newest.section,
        topic=newest.topic, published_at=newest.published_at + timedelta(minutes=5))
    for url, body in before.items():
        assert client.get(url).content == body, url
    assert "Apple ships a new Mac" in client.get("/").content.decode()


def test_a_page_fetched_again_unchanged_answers_304(client, newsroom):
    url = _reference().get_absolute_url()
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    feed = client.get("/rss.xml")
    assert client.get("/rss.xml", HTTP_IF_NONE_MATCH=feed["ETag"]).status_code == 304
    assert client.get("/rss.xml", HTTP_IF_MODIFIED_SINCE=feed["Last-Modified"]).status_code == 304


def test_pages_carry_cdn_cache_headers_and_the_security_headers(client, newsroom):
    response = client.get("/")
    assert "public" in response["Cache-Control"] and "s-maxage=" in response["Cache-Control"]
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'none'" in csp
    assert "http" not in csp  # no other origin, anywhere
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response
    secure = client.get("/", HTTP_X_FORWARDED_PROTO="https")
    assert "max-age=31536000" in secure["Strict-Transport-Security"]


def test_the_editorial_desk_needs_a_login_and_its_form_carries_csrf(client, newsroom):
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    login = client.get(response["Location"])
    assert 'name="csrfmiddlewaretoken"' in login.content.decode()
    assert "public" not in login.get("Cache-Control", "")


def test_robots_txt_points_crawlers_at_the_sitemaps(client, newsroom):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in text
    assert "Sitemap: http://127.0.0.1:8000/sitemap-news.xml" in text


def test_odd_page_numbers_and_malformed_source_links_do_not_break_pages(client, newsroom):
    article = models.Article.objects.filter(status="published").first()
    article.event.items.update(link="http://[oops", publisher="")
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/", {"page": "\u00b2"}).status_code in (200, 301)
