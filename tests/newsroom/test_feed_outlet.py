"""A feed's outlet: read off the feed itself, lent to the items that name no publisher."""

import shutil
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from infolitico.config import FeedConfig
from infolitico.newsroom import flow, models
from tests.conftest import make_config, rss

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 7, 2, 12, 6, tzinfo=UTC)
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "feeds"


def fixture(tmp_path, name):
    path = tmp_path / name
    shutil.copy(FIXTURES / name, path)
    return path


def published():
    return models.Article.objects.filter(status=models.Article.Status.PUBLISHED)


def test_an_outlet_feed_without_publisher_suffixes_publishes_articles_crediting_its_outlet(
    tmp_path,
):
    config = make_config(tmp_path, str(fixture(tmp_path, "outlet-home.xml")))
    flow.run_cycle(config, now=NOW)

    feed = models.Feed.objects.get()
    assert (feed.title, feed.outlet, feed.aggregator) == ("BBC News - Home", "BBC News", False)
    assert set(models.SourceItem.objects.values_list("publisher", flat=True)) == {"BBC News"}
    # The outlet reports what its own titles do not credit to someone else.
    own = [a for a in published() if a.event.reporter == "BBC News"]
    assert len(own) >= 2
    for article in own:
        assert "BBC News" in " ".join(article.body)
    declined = models.Article.objects.get(status=models.Article.Status.DECLINED)
    assert declined.event.title.startswith("Earthquake in Myanmar")


def test_an_outlet_credited_in_the_title_stays_the_reporter_of_an_outlet_feed(tmp_path):
    config = make_config(tmp_path, str(fixture(tmp_path, "outlet-home.xml")))
    flow.run_cycle(config, now=NOW)

    event = models.Event.objects.get(title__startswith="Kamala Harris")
    assert (event.publisher, event.reporter) == ("BBC News", "Axios")
    assert event.claim == "Kamala Harris reached out to Mamdani and pro-Palestinian activists"


def test_a_feed_with_no_title_is_published_by_the_outlet_its_item_links_share(tmp_path):
    config = make_config(tmp_path, str(fixture(tmp_path, "site-pages.xml")))
    flow.run_cycle(config, now=NOW)

    assert models.Feed.objects.get().outlet == "CNN"
    assert set(models.Event.objects.values_list("publisher", flat=True)) == {"CNN"}
    assert published().exists()


def test_an_aggregator_feed_keeps_each_items_own_publisher(tmp_path):
    path = tmp_path / "news.xml"
    path.write_bytes(rss(("a", "Fed holds rates steady - CNBC"),
                         ("b", "Apple unveils thinner iPhone Air at September event"),
                         title="Business - Google News"))
    flow.run_cycle(make_config(tmp_path, str(path)), now=NOW)

    feed = models.Feed.objects.get()
    assert feed.outlet == "Google News" and feed.aggregator
    assert not models.SourceItem.objects.exclude(publisher="").exists()
    publishers = dict(models.Event.objects.values_list("title", "publisher"))
    assert publishers["Fed holds rates steady - CNBC"] == "CNBC"
    assert publishers["Apple unveils thinner iPhone Air at September event"] == ""


def test_a_feed_the_catalogue_does_not_know_lends_no_outlet(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(rss(("a", "Fed holds rates steady")))
    flow.run_cycle(make_config(tmp_path, str(path)), now=NOW)

    assert models.Feed.objects.get().outlet == ""
    assert models.SourceItem.objects.get().publisher == ""


def test_a_configured_name_that_names_an_outlet_overrides_the_feed_even_unchanged(tmp_path):
    config = make_config(tmp_path, str(fixture(tmp_path, "outlet-home.xml")))
    flow.run_cycle(config, now=NOW)
    assert models.Feed.objects.get().outlet == "BBC News"

    renamed = replace(config, feeds=(FeedConfig(source=config.feeds[0].source, name="Guardian"),))
    flow.run_cycle(renamed, now=datetime(2026, 7, 2, 13, 0, tzinfo=UTC))

    feed = models.Feed.objects.get()
    assert (feed.name, feed.outlet) == ("Guardian", "The Guardian")
    assert models.SourceItem.objects.count() == 4  # read again, stored once


def test_ingest_with_an_outlet_credits_it_to_a_one_off_file(tmp_path):
    path = tmp_path / "one-off.xml"
    path.write_bytes(rss(("a", "Senate passes stopgap funding bill to avert government shutdown")))
    config = make_config(tmp_path)
    flow.ingest_now(config, [str(path)], outlet="Kansas Reflector")
    flow.run_cycle(config, now=NOW)

    assert models.Feed.objects.get().outlet == "Kansas Reflector"
    assert models.Event.objects.get().publisher == "Kansas Reflector"


def test_naming_the_outlet_of_a_file_already_ingested_credits_its_unread_items(tmp_path):
    path = tmp_path / "one-off.xml"
    path.write_bytes(rss(("a", "Senate passes stopgap funding bill to avert government shutdown")))
    config = make_config(tmp_path)
    flow.ingest_now(config, [str(path)])
    assert models.SourceItem.objects.get().publisher == ""

    again = flow.ingest_now(config, [str(path)], outlet="Reuters")

    assert again.counts.new_items == 0
    assert models.SourceItem.objects.get().publisher == "Reuters"


def test_the_desk_lists_each_feed_with_its_outlet(tmp_path, admin_client):
    flow.run_cycle(make_config(tmp_path, str(fixture(tmp_path, "outlet-home.xml"))), now=NOW)

    page = admin_client.get("/admin/newsroom/feed/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "BBC News - Home" in html and '<td class="field-outlet">BBC News</td>' in html
