"""Old news: an item dated long before the newsroom first saw it is recorded, and never published."""

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from infolitico.newsroom import flow, models
from tests.conftest import make_config

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 7, 2, 12, 6, tzinfo=UTC)
OLD = "Senate passes farm bill to fund rural broadband - Reuters"
FRESH = "Apple unveils thinner MacBook Air at spring event - TechCrunch"


def dated_feed(*items: tuple[str, str]) -> bytes:
    """An RSS 2.0 feed of (title, RFC 822 date) items."""
    entries = "".join(
        f"<item><title>{title}</title><link>https://news.example/{i}</link><guid>g{i}</guid>"
        f"<pubDate>{date}</pubDate></item>"
        for i, (title, date) in enumerate(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>'
        f"<link>https://news.example/</link><description>t</description>{entries}</channel></rss>"
    ).encode()


@pytest.fixture
def feed(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(dated_feed((OLD, "Sat, 18 Sep 2021 08:00:00 GMT"),
                                (FRESH, "Thu, 02 Jul 2026 10:30:00 GMT")))
    return str(path)


def article(title: str) -> models.Article:
    return models.Article.objects.get(event__items__title=title)


def test_an_item_older_than_max_age_days_is_recorded_and_declined_as_old_news(tmp_path, feed):
    config = replace(make_config(tmp_path, feed), fetch_max_age_days=3)

    summary = flow.run_cycle(config, now=NOW)

    old = article(OLD)
    assert old.status == models.Article.Status.DECLINED
    assert old.event.reason == ("Declined: old news — published September 18, 2021, "
                                "1,748 days before the newsroom first saw it.")
    assert models.SourceItem.objects.filter(title=OLD, event__isnull=False).exists()
    assert article(FRESH).status == models.Article.Status.PUBLISHED
    assert summary.counts.published == 1


def test_the_default_limit_is_three_days(tmp_path, feed):
    config = make_config(tmp_path, feed)
    assert config.fetch_max_age_days == 3

    flow.run_cycle(config, now=NOW)

    assert "old news" in article(OLD).event.reason


def test_max_age_days_zero_replays_old_captures_as_news(tmp_path, feed):
    config = replace(make_config(tmp_path, feed), fetch_max_age_days=0)

    flow.run_cycle(config, now=NOW)

    assert "old news" not in article(OLD).event.reason
    assert article(OLD).status == models.Article.Status.PUBLISHED


def test_old_news_is_judged_by_when_the_item_was_first_seen_not_by_later_runs(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(dated_feed((FRESH, "Thu, 02 Jul 2026 10:30:00 GMT")))
    config = replace(make_config(tmp_path, str(path)), fetch_max_age_days=3)
    flow.run_cycle(config, now=NOW)

    # A week later the same feed is read again: the item was fresh when first seen, and stays so.
    flow.run_cycle(config, now=datetime(2026, 7, 9, 12, 0, tzinfo=UTC))

    assert article(FRESH).status == models.Article.Status.PUBLISHED
    assert models.SourceItem.objects.count() == 1
