"""`infolitico serve`'s public pages: answered from the bytes rendered at the last change."""

import io
from datetime import timedelta

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.utils import timezone

from infolitico.newsroom import models
from infolitico.site.export import export_site, file_for
from infolitico.site.serve import RenderedPages

pytestmark = pytest.mark.django_db


class Django(WSGIHandler):
    """Django's WSGI application, counting the requests that reach it."""

    def __init__(self):
        super().__init__()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return super().__call__(environ, start_response)


@pytest.fixture
def server():
    """The served site in this test's transaction (the test client's way: no connection closing)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        django = Django()
        yield RenderedPages(django, check_every=0), django
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def get(app, path, method="GET", query="", **headers):
    """(status code, headers, body) of one request to a WSGI application."""
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query,
               "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1:8000",
               "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""), "wsgi.errors": io.StringIO(),
               **{f"HTTP_{k.upper()}": v for k, v in headers.items()}}
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"], answer["headers"] = int(status.split()[0]), dict(response_headers)

    result = app(environ, start_response)
    body = b"".join(result)
    if hasattr(result, "close"):
        result.close()
    return answer["status"], answer["headers"], body


def _reference():
    return models.Article.objects.get(event__title__startswith="Kamala Harris reached out")


def test_a_served_page_is_the_exported_file_and_is_rendered_once(server, newsroom, tmp_path):
    app, django = server
    out = tmp_path / "export"
    export_site(out)
    url = _reference().get_absolute_url()
    for path in (url, "/", "/politics/", "/rss.xml", "/sitemap.xml"):
        status, _, body = get(app, path)
        assert status == 200 and body == (out / file_for(path)).read_bytes(), path
    calls = django.calls
    for _ in range(3):
        assert get(app, url)[2] == (out / file_for(url)).read_bytes()
    assert django.calls == calls  # answered from the kept bytes


def test_a_matching_etag_or_date_answers_304_without_a_body(server, newsroom):
    app, _ = server
    url = _reference().get_absolute_url()
    status, headers, body = get(app, url)
    assert status == 200 and headers["ETag"] and headers["Last-Modified"] and body
    status, headers304, body = get(app, url, if_none_match=headers["ETag"])
    assert (status, body) == (304, b"") and headers304["ETag"] == headers["ETag"]
    assert get(app, url, if_modified_since=headers["Last-Modified"])[0] == 304
    assert get(app, url, if_none_match='"something-else"')[0] == 200
    status, _, body = get(app, url, method="HEAD")
    assert status == 200 and body == b""


def test_a_new_publication_reaches_the_kept_pages(server, newsroom):
    app, _ = server
    before = get(app, "/")[2]
    apple = models.Article.objects.get(topic__slug="apple")
    event = models.Event.objects.create(key="new", title="Apple ships a new Mac - BBC", claim="x",
                                        section=apple.section, data={})
    models.Article.objects.create(
        event=event, status="published", slug="apple-ships-a-new-mac", headline="Apple ships a new Mac",
        dek="Apple shipped it.", body=["Apple shipped a new Mac."], section=apple.section,
        topic=apple.topic, published_at=timezone.now() - timedelta(minutes=5))
    after = get(app, "/")[2]
    assert b"Apple ships a new Mac" in after and b"Apple ships a new Mac" not in before


def test_search_the_desk_and_withdrawn_pages_still_reach_django(server, newsroom):
    app, django = server
    article = _reference()
    url = article.get_absolute_url()
    for _ in range(2):
        status, _, body = get(app, "/search/", query="q=Mamdani")
        assert status == 200 and url.encode() in body
    assert get(app, "/admin/")[0] == 302
    article.status = models.Article.Status.WITHDRAWN
    article.save()
    calls = django.calls
    assert get(app, url)[0] == 410 and get(app, url)[0] == 410
    assert django.calls == calls + 2  # each asked of Django, once
