"""A newsroom cycle: from a feed file to published articles, safe to interrupt and to repeat."""

from datetime import UTC, datetime

import pytest

from infolitico.newsroom import flow, models, stages
from tests.conftest import REFERENCE_TITLE, make_config, rss

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 7, 2, 12, 6, tzinfo=UTC)

TITLES = [
    REFERENCE_TITLE,
    "Senate passes stopgap funding bill to avert government shutdown - Reuters",
    "Apple unveils thinner iPhone Air at September event - TechCrunch",
    "Simone Biles wins gold in all-around final - NBC Sports",
    "Earthquake in Myanmar kills more than 1,000 people - BBC",
]


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(rss(*((f"item-{i}", t) for i, t in enumerate(TITLES))))
    return make_config(tmp_path, str(path))


def published():
    return models.Article.objects.filter(status=models.Article.Status.PUBLISHED)


def test_a_cycle_publishes_coverable_events_and_declines_the_disaster(config):
    summary = flow.run_cycle(config, now=NOW)

    assert summary.counts["new items"] == 5
    assert summary.counts["declined"] == 1
    assert published().count() == 4
    declined = models.Article.objects.get(status=models.Article.Status.DECLINED)
    assert "Earthquake" in declined.event.title and declined.reason
    assert "published" in summary.line() and "failed" in summary.line()


def test_every_published_article_has_its_image_and_a_stable_address(config):
    flow.run_cycle(config, now=NOW)
    for article in published():
        assert article.image.alt == (
            "Contextual editorial image for source event: " + article.event.title
        )
        assert (config.images_output / article.image.path).is_file()
        assert article.get_absolute_url().endswith(f"/{article.slug}/")


def test_running_twice_publishes_nothing_twice(config):
    flow.run_cycle(config, now=NOW)
    first = {a.pk: a.published_at for a in published()}

    summary = flow.run_cycle(config, now=datetime(2026, 7, 2, 13, 0, tzinfo=UTC))

    assert summary.counts["published"] == 0
    assert {a.pk: a.published_at for a in published()} == first
    assert models.Article.objects.count() == 5


def test_an_interrupted_run_loses_nothing_and_the_next_run_resumes(config, monkeypatch):
    real = stages.illustrate
    calls = []

    def interrupted(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt  # Ctrl-C half-way through the images
        return real(*args, **kwargs)

    monkeypatch.setattr(stages, "illustrate", interrupted)
    with pytest.raises(KeyboardInterrupt):
        flow.run_cycle(config, now=NOW)
    assert published().count() == 0
    assert models.Image.objects.count() == 2

    monkeypatch.setattr(stages, "illustrate", real)
    summary = flow.run_cycle(config, now=NOW)

    assert summary.counts["published"] == 4
    assert published().count() == 4
    assert models.Article.objects.count() == 5
    assert all(hasattr(a, "image") for a in published())


def test_a_writer_crash_on_one_event_fails_that_event_only(config, monkeypatch):
    real = stages.desk

    def flaky(event, *args, **kwargs):
        if "Senate" in event.source.title:
            raise RuntimeError("writer bug")
        return real(event, *args, **kwargs)

    monkeypatch.setattr(stages, "desk", flaky)
    summary = flow.run_cycle(config, now=NOW)
    assert summary.counts["failed"] == 1
    assert published().count() == 3

    monkeypatch.setattr(stages, "desk", real)
    flow.run_cycle(config, now=NOW)
    assert published().count() == 4


def test_items_making_the_same_claim_become_one_event(tmp_path):
    a, b = tmp_path / "a.xml", tmp_path / "b.xml"
    a.write_bytes(rss(("x1", "Fed holds rates steady - CNBC")))
    b.write_bytes(rss(("y1", "Fed holds rates steady - Reuters")))
    flow.run_cycle(make_config(tmp_path, str(a), str(b)), now=NOW)
    assert models.Event.objects.count() == 1
    assert models.Event.objects.get().items.count() == 2
