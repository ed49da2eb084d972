"""Hostile feeds in a newsroom: bad items skipped with a reason, stalls abandoned, markup never published."""

import functools
import shutil
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from infolitico.newsroom import flow, models, stages
from infolitico.newsroom.stages import Context
from infolitico.pipeline.deadline import parse_feed_within
from tests.conftest import REFERENCE_TITLE, make_config, rss

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 7, 2, 12, 6, tzinfo=UTC)
HOSTILE = Path(__file__).parent.parent / "fixtures" / "hostile"


def test_a_json_feed_with_unreadable_items_keeps_its_good_ones_and_records_why(tmp_path):
    path = tmp_path / "feed.json"
    shutil.copy(HOSTILE / "json-feed-bad-items.json", path)
    config = make_config(tmp_path, str(path))

    summary = flow.run_cycle(config, now=NOW)

    assert summary.failures == []
    titles = list(models.SourceItem.objects.values_list("title", flat=True))
    assert sum(t.startswith("Governor signs bill") for t in titles) == 20
    feed = models.Feed.objects.get()
    assert feed.error_count == 0
    assert any("skipped: it has no title" in w for w in feed.warnings)


def test_a_feed_whose_parse_overruns_is_abandoned_backed_off_and_the_others_read(tmp_path, monkeypatch):
    stuck, good = tmp_path / "stuck.xml", tmp_path / "good.xml"
    stuck.write_bytes(rss(("s", "Stuck feed item")))
    good.write_bytes(rss(("g", "Senate passes farm bill - Reuters")))
    config = replace(make_config(tmp_path, str(stuck), str(good)), fetch_timeout=1)
    slow = functools.partial(parse_feed_within, parser="tests.pipeline.slow_parser:forever")

    def parse(body, **kw):
        return (slow if b"Stuck feed" in body else parse_feed_within)(body, **kw)

    monkeypatch.setattr(stages, "parse_feed_within", parse)
    stages.sync_feeds(config)
    result = flow.run("ingest", Context(config, now=NOW))

    failing = models.Feed.objects.get(source=str(stuck))
    assert failing.error_count == 1
    assert failing.last_error == "not read: parsing took longer than 1 s and was abandoned"
    assert failing.next_check_at > NOW + timedelta(minutes=config.feed_interval_minutes)
    assert models.SourceItem.objects.get().title == "Senate passes farm bill - Reuters"
    assert result.counts.fetched == 1 and result.counts.failed == 1
    # Within its backoff, the next cycle does not try it (nor stall on it) again.
    later = NOW + timedelta(minutes=config.feed_interval_minutes + 1)
    again = flow.run("ingest", Context(config, now=later))
    assert again.counts.failed == 0
    assert models.Feed.objects.get(source=str(stuck)).error_count == 1


def test_markup_in_a_source_title_never_reaches_a_headline(tmp_path):
    title = REFERENCE_TITLE.replace("Mamdani", "&lt;img src=x onerror=alert(1)&gt; Mamdani")
    path = tmp_path / "feed.xml"
    path.write_bytes(rss(("ref", title)))
    config = make_config(tmp_path, str(path))

    flow.run_cycle(config, now=NOW)

    article = models.Article.objects.get()
    item = models.SourceItem.objects.get()
    assert item.title == REFERENCE_TITLE  # the markup is gone, the words are all there
    for text in (article.headline, article.dek, *article.body, article.event.title, item.title):
        assert "<" not in text and "onerror" not in text.lower() and "src=" not in text.lower(), text


UNREADABLE = ["and", "&amp;", "with", ",", "and - Reuters"]


def test_titles_the_understanding_cannot_read_are_held_or_declined_once_with_a_reason(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(rss(*((f"u{i}", t) for i, t in enumerate(UNREADABLE))))
    config = make_config(tmp_path, str(path))

    first = flow.run_cycle(config, now=NOW)
    second = flow.run_cycle(config, now=NOW + timedelta(hours=1))

    assert first.failures == [] and second.failures == []
    assert models.SourceItem.objects.filter(event__isnull=True).count() == 0
    for event in models.Event.objects.all():
        assert event.verdict in ("hold", "decline") and event.reason, event.title


def test_an_understanding_that_breaks_holds_the_item_for_an_editor_instead_of_failing_every_run(
        tmp_path, monkeypatch):
    path = tmp_path / "feed.xml"
    path.write_bytes(rss(("x", "Senate passes farm bill - Reuters")))
    config = make_config(tmp_path, str(path))

    def broken(*args, **kwargs):
        raise IndexError("list index out of range")

    monkeypatch.setattr(stages, "understand", broken)
    monkeypatch.setattr(stages, "understand_many", broken)  # the batch fails, then each item alone
    first = flow.run_cycle(config, now=NOW)
    second = flow.run_cycle(config, now=NOW + timedelta(hours=1))

    assert first.failures == [] and second.failures == []
    event = models.Event.objects.get()
    assert event.verdict == "hold"
    assert event.reason == ("Held for review: the title could not be read "
                            "(IndexError: list index out of range).")
    assert event.article.status == models.Article.Status.HELD
