"""The site's feeds carry exactly the text the page shows, escaped for their type: no source element."""

import html
import json
import xml.etree.ElementTree as ET

import feedparser
import pytest

from tests.site.test_hostile import HOSTILE, _elements, planted  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(request):
    """The reference article with hostile text in every field (test_hostile's `planted`)."""
    return request.getfixturevalue("planted")

HTML_FIELDS = {"description", "summary", "content"}  # RSS and Atom fields a reader renders as HTML


def _feeds(article):
    return ["/rss.xml", "/atom.xml", "/politics/rss.xml", f"/topics/{article.topic.slug}/atom.xml"]


def _html_fields(xml: bytes) -> list[str]:
    """The decoded text of every field a feed reader renders as HTML."""
    root = ET.fromstring(xml)
    found = []
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1]
        kind = element.get("type", "html" if name == "description" else "text")
        if name in HTML_FIELDS and "html" in kind:
            found.append(element.text or "")
    return found


def test_rss_and_atom_html_fields_hold_no_element_from_a_source(client, article):
    for url in _feeds(article):
        fields = _html_fields(client.get(url).content)
        assert fields, url
        for value in fields:
            elements = _elements(value)
            assert elements.tags == [], (url, value)
        # Read as HTML, the summary shows exactly the dek's characters.
        assert HOSTILE in [html.unescape(v) for v in fields], url


def test_a_feed_reader_shows_the_dek_as_words(client, article):
    for url in _feeds(article):
        parsed = feedparser.parse(client.get(url).content)
        entry = next(e for e in parsed.entries if e.link.endswith(article.get_absolute_url()))
        details = [entry.summary_detail, *entry.get("content", [])]
        for detail in details:
            assert "html" in detail.type, url
            assert _elements(detail.value).tags == [], (url, detail.value)
            assert "onerror" in html.unescape(detail.value)  # still there, as words
        assert entry.title == HOSTILE


def test_the_json_feed_is_plain_text_where_it_says_text(client, article):
    item = next(i for i in json.loads(client.get("/feed.json").content)["items"]
                if i["url"].endswith(article.get_absolute_url()))
    assert item["title"] == HOSTILE and item["summary"] == HOSTILE
    assert "content_html" not in item and item["content_text"].startswith(HOSTILE)


@pytest.mark.browser
def test_chromium_rendering_a_feed_items_html_makes_no_element(client, article, page):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    fields = _html_fields(client.get("/rss.xml").content) + _html_fields(client.get("/atom.xml").content)
    shown = []
    for value in fields:
        page.set_content(f"<!doctype html><body>{value}</body>")
        assert page.evaluate("document.body.querySelectorAll('*').length") == 0, value
        shown.append(page.inner_text("body"))
    assert dialogs == []
    assert any(text.startswith("Harris </script><script>alert(1)</script>") for text in shown)
