"""The article page a reader sees, in a real browser: the reference page's full anatomy."""

from datetime import UTC, datetime
from pathlib import Path

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
    sources = page.locator("aside.sources")
    assert "Modern Ghana" in sources.inner_text()
    assert sources.locator("p.source-event a").inner_text() == REFERENCE_TITLE
    assert sources.locator("p.source-event a").get_attribute("href") == "https://news.example/ref"
    assert sources.locator("p.outlets").inner_text() == "Carried by Modern Ghana."
    disclosure = sources.locator("p.disclosure")
    assert "written automatically" in disclosure.inner_text()
    disclosure.get_by_role("link", name="How Infolitico works").click()
    assert page.locator("h1").inner_text() == "How Infolitico works"


def test_the_breadcrumb_leads_to_the_section_and_the_topic(live_server, page, reference_article):
    page.goto(live_server.url + reference_article.get_absolute_url())
    page.get_by_role("link", name="Kamala Harris", exact=True).first.click()
    assert page.locator("h1").inner_text() == "Kamala Harris"
    assert reference_article.headline in page.content()

    page.goto(live_server.url + reference_article.get_absolute_url())
    page.locator("nav.breadcrumb").get_by_role("link", name="Politics").click()
    assert page.locator("h1").inner_text() == "Politics"


SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_pages_load_cleanly_fit_a_phone_and_are_photographed(live_server, browser, reference_article):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages = {"home": "/", "article": reference_article.get_absolute_url(),
             "search": "/search/?q=harris", "section": "/politics/"}
    problems = []
    for width in (375, 1280):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.on("console", lambda m: m.type in ("error", "warning") and problems.append(m.text))
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("request", lambda r: r.url.startswith((live_server.url, "data:"))
                or problems.append(f"third-party request {r.url}"))
        for name, url in pages.items():
            response = page.goto(live_server.url + url)
            assert response.status == 200, url
            page.wait_for_load_state("networkidle")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
            page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
        context.close()
    assert problems == []
    dark = browser.new_context(viewport={"width": 375, "height": 900}, color_scheme="dark")
    page = dark.new_page()
    page.goto(live_server.url + reference_article.get_absolute_url())
    page.screenshot(path=SCREENSHOTS / "article-375-dark.png", full_page=True)
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(21, 20, 19)"
    dark.close()


def test_the_keyboard_reaches_the_search_box_with_a_visible_focus(live_server, page, reference_article):
    page.goto(live_server.url + reference_article.get_absolute_url())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    assert page.evaluate("document.activeElement.id") == "q"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.type("Mamdani")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=Mamdani")
    assert page.locator("ol.results mark").first.inner_text() == "Mamdani"
