"""The article page a reader sees, in a real browser: the reference page's full anatomy."""

from datetime import UTC, datetime

import pytest

from infolitico.newsroom import flow, models
from tests.conftest import REFERENCE_TITLE, make_config, rss

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def reference_article(tmp_path, settings):
    path = tmp_path / "feed.xml"
    path.write_bytes(rss(("ref", REFERENCE_TITLE),
                         ("senate", "Senate passes stopgap funding bill - Reuters")))
    config = make_config(tmp_path, str(path))
    settings.MEDIA_ROOT = config.images_output
    flow.run_cycle(config, now=datetime(2026, 7, 2, 12, 6, tzinfo=UTC))
    return models.Article.objects.get(event__title=REFERENCE_TITLE)


def test_reference_event_page_has_the_full_anatomy(live_server, page, reference_article):
    assert reference_article.status == "published"
    page.goto(live_server.url + reference_article.get_absolute_url())

    crumbs = page.locator("nav.breadcrumb a").all_inner_texts()
    assert crumbs == ["← Infolitico", "Politics", "Kamala Harris"]
    assert page.locator("h1").count() == 1
    headline = page.locator("h1").inner_text()
    assert headline.startswith("Harris ") and "?" not in headline and "!" not in headline
    assert page.locator("p.dek").inner_text().startswith("Axios ")
    byline = page.locator("p.byline").inner_text()
    assert "By Infolitico Newsroom" in byline
    assert "July 2, 2026 at 8:06 AM ET" in byline
    assert page.locator("time.dateline").get_attribute("datetime") == "2026-07-02T08:06:00-04:00"
    assert f"{reference_article.read_minutes} min read" in byline

    image = page.locator("figure.lead-image img")
    assert image.get_attribute("alt") == (
        "Contextual editorial image for source event: " + REFERENCE_TITLE
    )
    assert image.evaluate("img => img.complete && img.naturalWidth") > 0
    caption = page.locator("figure.lead-image figcaption").inner_text()
    assert caption.startswith("Contextual editorial image selected for the source event.")

    paragraphs = page.locator("div.body p").all_inner_texts()
    assert 5 <= len(paragraphs) <= 7
    assert paragraphs[0].startswith("Kamala Harris")
    assert "Axios" in paragraphs[0]
    assert "Modern Ghana" not in " ".join(paragraphs)  # the publisher belongs in the sources box
    assert "Modern Ghana" in page.locator("aside.sources").inner_text()


def test_the_breadcrumb_leads_to_the_section_and_the_topic(live_server, page, reference_article):
    page.goto(live_server.url + reference_article.get_absolute_url())
    page.get_by_role("link", name="Kamala Harris", exact=True).first.click()
    assert page.locator("h1").inner_text() == "Kamala Harris"
    assert reference_article.headline in page.content()

    page.goto(live_server.url + reference_article.get_absolute_url())
    page.locator("nav.breadcrumb").get_by_role("link", name="Politics").click()
    assert page.locator("h1").inner_text() == "Politics"
