"""Ingest: feeds become stored items, once; failures are recorded on the feed, never lost."""

from datetime import UTC, datetime, timedelta

import pytest

from infolitico.newsroom import flow, models, stages
from infolitico.newsroom.fetch import backoff
from infolitico.newsroom.stages import Context
from tests.conftest import make_config, rss

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 7, 2, 12, 0, tzinfo=UTC)


def ingest(config, now=NOW):
    stages.sync_feeds(config)
    return flow.run("ingest", Context(config, now=now, force=True))


def test_the_same_feed_twice_adds_nothing(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(rss(("a", "Senate passes farm bill - Reuters"), ("b", "Fed holds rates - CNBC")))
    config = make_config(tmp_path, str(path))

    first = ingest(config)
    second = ingest(config)

    assert first.counts.new_items == 2
    assert second.counts.new_items == 0
    assert models.SourceItem.objects.count() == 2


def test_a_changed_feed_adds_only_its_new_items(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(rss(("a", "Senate passes farm bill - Reuters")))
    config = make_config(tmp_path, str(path))
    ingest(config)

    path.write_bytes(rss(("a", "Senate passes farm bill - Reuters"), ("c", "Apple unveils Mac - BBC")))
    result = ingest(config)

    assert result.counts.new_items == 1
    assert sorted(models.SourceItem.objects.values_list("guid", flat=True)) == ["a", "c"]


def test_conditional_get_sends_the_validators_and_honours_304(tmp_path, feed_server):
    feed_server.body = rss(("a", "Senate passes farm bill - Reuters"))
    feed_server.etag = '"v1"'
    config = make_config(tmp_path, feed_server.url)

    first = ingest(config)
    second = ingest(config)

    assert first.counts.new_items == 1
    assert feed_server.requests[1].get("If-None-Match") == '"v1"'
    assert second.counts.unchanged == 1
    assert models.SourceItem.objects.count() == 1
    assert models.Feed.objects.get().error_count == 0


def test_failures_back_off_further_each_time_and_never_give_up(tmp_path, feed_server):
    feed_server.status = 503
    config = make_config(tmp_path, feed_server.url)
    stages.sync_feeds(config)

    waits = []
    now = NOW
    for _ in range(4):
        flow.run("ingest", Context(config, now=now))
        feed = models.Feed.objects.get()
        waits.append(feed.next_check_at - now)
        now = feed.next_check_at  # come back exactly when the feed is due again

    feed = models.Feed.objects.get()
    assert feed.error_count == 4
    assert feed.last_error == "HTTP 503 Service Unavailable"
    assert waits[0] < waits[1] < waits[2] < waits[3]

    feed_server.status = 200
    feed_server.body = rss(("a", "Senate passes farm bill - Reuters"))
    flow.run("ingest", Context(config, now=now))
    feed.refresh_from_db()
    assert feed.error_count == 0 and models.SourceItem.objects.count() == 1


def test_a_feed_that_is_not_due_is_not_fetched(tmp_path, feed_server):
    feed_server.body = rss(("a", "Senate passes farm bill - Reuters"))
    config = make_config(tmp_path, feed_server.url)
    stages.sync_feeds(config)
    flow.run("ingest", Context(config, now=NOW))

    flow.run("ingest", Context(config, now=NOW + timedelta(minutes=1)))

    assert len(feed_server.requests) == 1


def test_backoff_is_capped_and_jittered():
    interval = timedelta(minutes=15)
    assert backoff(1, interval) < backoff(3, interval) * 1.2
    assert backoff(50, interval) <= timedelta(hours=12) * 1.2
    assert len({backoff(2, interval) for _ in range(5)}) > 1


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (b"<rss><channel><item><title>broken", "application/rss+xml", "not a feed"),
        (b"<!doctype html><html><head><title>Home</title></head><body><p>Hi</p></body></html>",
         "text/html", "HTML page"),
    ],
    ids=["malformed-xml", "html-page"],
)
def test_a_broken_feed_is_recorded_and_nothing_stored_is_lost(
    tmp_path, feed_server, body, content_type, reason
):
    good = tmp_path / "good.xml"
    good.write_bytes(rss(("g", "Fed holds rates - CNBC")))
    feed_server.body = rss(("a", "Senate passes farm bill - Reuters"))
    config = make_config(tmp_path, feed_server.url, str(good))
    ingest(config)

    feed_server.body, feed_server.content_type = body, content_type
    result = ingest(config)

    broken = models.Feed.objects.get(source=feed_server.url)
    assert reason in broken.last_error
    assert broken.error_count == 1
    assert result.counts.failed == 1
    assert models.SourceItem.objects.count() == 2  # both feeds' earlier items are still there


def test_a_missing_file_is_recorded_on_its_feed(tmp_path):
    config = make_config(tmp_path, str(tmp_path / "gone.xml"))
    result = ingest(config)
    assert result.counts.failed == 1
    assert "no such file" in models.Feed.objects.get().last_error


def test_overlong_feed_fields_are_cut_to_fit_not_a_failed_run(tmp_path):
    path = tmp_path / "feed.xml"
    publisher = "P" * 400
    path.write_bytes(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>https://x.example/'
        b'</link><description>d</description><item><title>Senate passes farm bill</title>'
        b"<guid>" + b"g" * 2500 + b"</guid><source url=\"https://p.example/\">"
        + publisher.encode() + b"</source></item></channel></rss>"
    )
    result = ingest(make_config(tmp_path, str(path)))
    assert result.counts.new_items == 1 and result.counts.failed == 0
    item = models.SourceItem.objects.get()
    assert item.publisher == publisher[:300] and len(item.guid) == 2000
