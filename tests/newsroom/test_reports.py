"""What became of every item: the records `infolitico events` prints."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from infolitico.newsroom import flow, models, reports
from tests.conftest import make_config, rss
from tests.newsroom.test_flow import TITLES

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 7, 2, 12, 6, tzinfo=UTC)


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(rss(*((f"item-{i}", t) for i, t in enumerate(TITLES))))
    return make_config(tmp_path, str(path))


def records(**kwargs):
    return list(reports.event_records(**kwargs))


def test_every_ingested_item_is_listed_once_with_its_events_decision(config):
    flow.run_cycle(config, now=NOW)
    listed = records()

    assert sorted(s["title"] for r in listed for s in r["sources"]) == sorted(TITLES)
    assert {r["status"] for r in listed} <= set(reports.STATUSES)
    declined = next(r for r in listed if r["source"]["title"].startswith("Earthquake"))
    assert declined["status"] == "declined" and declined["reason"]
    assert "headline" not in declined


def test_a_written_event_carries_its_article_reading_and_sources(config):
    flow.run_cycle(config, now=NOW)
    written = records(status="written", images=config.images_output)
    senate = next(r for r in written if r["source"]["title"] == TITLES[1])

    assert senate["headline"] and len(senate["body"]) >= 4
    assert senate["url"].startswith("/politics/2026/07/02/")
    assert senate["subject"]["name"] == "U.S. Senate" and senate["act"]["kind"]
    assert senate["image"]["alt"] == "Contextual editorial image for source event: " + TITLES[1]
    assert Path(senate["image"]["path"]).is_file()
    assert senate["sources"] == [{
        "title": TITLES[1], "publisher": "Reuters", "feed": "Test feed", "outlet": None,
        "link": "https://news.example/item-1",
    }]


def test_status_and_since_choose_which_events_are_listed(config):
    flow.run_cycle(config, now=NOW)

    assert [r["status"] for r in records(status="declined")] == ["declined"]
    assert len(records(status="written")) == 4
    assert records(since=datetime(2026, 7, 3, tzinfo=UTC)) == []
    assert len(records(since=datetime(2026, 7, 2, tzinfo=UTC))) == 5


def test_items_not_yet_read_are_listed_as_held_until_the_next_run(config):
    flow.ingest_now(config, [config.feeds[0].source])
    waiting = records(status="held")

    assert len(waiting) == 5
    assert {r["reason"] for r in waiting} == {reports.NOT_READ}
    assert all(r["source"]["title"] == r["sources"][0]["title"] for r in waiting)


def test_an_event_whose_article_was_withdrawn_is_listed_as_declined(config):
    flow.run_cycle(config, now=NOW)
    article = models.Article.objects.filter(status=models.Article.Status.PUBLISHED).first()
    article.status = models.Article.Status.WITHDRAWN
    article.save()

    listed = next(r for r in records() if r["source"]["title"] == article.event.title)
    assert listed["status"] == "declined" and listed["reason"] == reports.WITHDRAWN


AP_TITLE = "Police chief announces new community patrol program in Ohio - AP"


def test_every_slug_the_json_prints_is_an_address_the_site_serves(tmp_path, client, settings):
    path = tmp_path / "feed.xml"
    path.write_bytes(rss(*((f"item-{i}", t) for i, t in enumerate((*TITLES, AP_TITLE)))))
    config = make_config(tmp_path, str(path))
    settings.MEDIA_ROOT = config.images_output
    flow.run_cycle(config, now=NOW)

    listed = records()
    sections = {r["section"]["slug"] for r in listed if r["section"]}
    topics = {r["subject"]["slug"] for r in listed if r.get("url") and r["subject"]}
    assert "us" in sections and len(topics) >= 3  # "U.S." is /us/, never /u-s/
    for slug in sections:
        assert client.get(f"/{slug}/").status_code == 200, slug
    for slug in topics:
        assert client.get(f"/topics/{slug}/").status_code == 200, slug
    for record in listed:
        if record.get("url"):
            assert record["url"].split("/")[1] == record["section"]["slug"]


def test_write_prints_the_section_slug_the_site_serves():
    from infolitico.pipeline.desk import desk
    from infolitico.pipeline.entities import KnowledgeBase
    from infolitico.pipeline.record import to_json
    from infolitico.pipeline.understand import understand
    from infolitico.pipeline.writers import get_writer

    event = understand(AP_TITLE, KnowledgeBase.load())
    line = to_json(desk(event, None, get_writer("template")), published=NOW, image=None)
    assert line["section"] == {"name": "U.S.", "slug": "us"}


def test_the_database_keeps_the_pipelines_words_for_each_decision():
    from infolitico.newsroom import stages
    from infolitico.pipeline.events import Decision, Ruling

    assert set(models.Event.Verdict.values) == {str(r) for r in Ruling}
    assert set(stages._FILED_AS) == set(Decision)  # every decision files its article somewhere
    assert reports.STATUSES == ("written", "declined", "held")  # the documented JSON words
