"""The site's pages as a client sees them: home, sections, topics, missing and withdrawn pages."""

from datetime import UTC, datetime

import pytest

from infolitico.newsroom import flow, models
from tests.conftest import REFERENCE_TITLE, make_config, rss

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(tmp_path, settings):
    path = tmp_path / "feed.xml"
    path.write_bytes(rss(("ref", REFERENCE_TITLE),
                         ("apple", "Apple unveils thinner iPhone Air at September event - BBC")))
    config = make_config(tmp_path, str(path))
    settings.MEDIA_ROOT = config.images_output
    flow.run_cycle(config, now=datetime(2026, 7, 2, 12, 6, tzinfo=UTC))
    return config


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
