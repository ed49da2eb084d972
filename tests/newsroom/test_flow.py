"""A newsroom cycle: from a feed file to published articles, safe to interrupt and to repeat."""

import os
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

    assert summary.counts.new_items == 5
    assert summary.counts.declined == 1
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

    assert summary.counts.published == 0
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

    assert summary.counts.published == 4
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
    assert summary.counts.failed == 1
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


def test_one_event_from_several_outlets_is_one_article_crediting_every_outlet(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss(
        ("a", "Senate passes stopgap funding bill to avert government shutdown - Reuters"),
        ("b", "Senate approves stopgap spending measure, averting shutdown - The Hill"),
        ("c", "Apple unveils thinner iPhone Air at September event - TechCrunch"),
    ))
    flow.run_cycle(make_config(tmp_path, str(feed)), now=NOW)

    assert published().count() == 2
    senate = models.Event.objects.get(items__guid="a")
    assert sorted(senate.items.values_list("guid", flat=True)) == ["a", "b"]


def test_the_sample_feeds_duplicated_event_is_one_article_with_all_its_outlets(tmp_path):
    from importlib import resources

    politics = resources.files("infolitico.data").joinpath("feeds", "politics.xml")
    flow.run_cycle(make_config(tmp_path, str(politics)), now=NOW)

    harris = models.Article.objects.get(event__items__title=REFERENCE_TITLE)
    publishers = sorted(harris.event.items.values_list("publisher", flat=True))
    assert publishers == ["Axios", "Modern Ghana", "Yahoo News"]
    assert harris.status == "published"
    earliest = harris.event.items.order_by("published_at").first()
    assert harris.image.alt == "Contextual editorial image for source event: " + earliest.title


def test_a_late_item_joins_its_published_event_without_rewriting_it(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss(("a", REFERENCE_TITLE)))
    config = make_config(tmp_path, str(feed))
    flow.run_cycle(config, now=NOW)
    article = published().get()
    before = (article.headline, article.body, article.published_at, article.updated_at)

    feed.write_bytes(rss(
        ("a", REFERENCE_TITLE),
        ("b", "Harris personally contacted Zohran Mamdani, pro-Palestinian activists and "
              "Bernie Sanders, Axios reports - Yahoo News"),
    ))
    summary = flow.run_cycle(config, now=datetime(2026, 7, 2, 15, 0, tzinfo=UTC))

    article.refresh_from_db()
    assert (article.headline, article.body, article.published_at, article.updated_at) == before
    assert summary.counts.published == 0 and models.Article.objects.count() == 1
    assert article.event.items.count() == 2
    assert any("Bernie Sanders" in note for note in article.event.notes)


# -- the flow is one table -----------------------------------------------------------------------


def with_a_noting_stage(monkeypatch):
    """The flow with one more stage at its end, which notes every published article once."""
    noted: list[int] = []

    def pending_unnoted(ctx):
        return published().exclude(pk__in=noted).order_by("id")

    def note(ctx, article_id):
        noted.append(article_id)
        return stages.Done()

    monkeypatch.setattr(flow, "STAGES", (*flow.STAGES, flow.Stage(
        "note", pending_unnoted, note, None, label="headline")))
    return noted


def test_a_stage_added_to_the_table_runs_in_the_inline_cycle(config, monkeypatch):
    noted = with_a_noting_stage(monkeypatch)

    flow.run_cycle(config, now=NOW)

    assert sorted(noted) == sorted(published().values_list("pk", flat=True)) and len(noted) == 4
    assert flow.pending(now=NOW)["note"] == []


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="the queue needs DATABASE_URL=postgres://…")
def test_a_stage_added_to_the_table_is_queued_and_worked_on_the_queue(config, monkeypatch):
    from procrastinate.contrib.django.models import ProcrastinateJob

    from infolitico.newsroom import tasks

    flow.run_cycle(config, now=NOW)
    noted = with_a_noting_stage(monkeypatch)

    assert flow.dispatch(config)["note"] == 4
    jobs = ProcrastinateJob.objects.filter(queue_name="note")
    assert jobs.count() == 4
    for job in jobs:  # as a worker runs each job it takes from the stage's queue
        tasks.run_stage(**job.args)
    assert sorted(noted) == sorted(published().values_list("pk", flat=True))


def test_a_bug_in_the_writer_fails_its_event_and_holds_nothing(config, monkeypatch):
    from infolitico.pipeline.writers.template import TemplateWriter

    real = TemplateWriter.write

    def buggy(self, event, kb=None, variant=0):
        if "Senate" in event.source.title:
            "abc".index("z")
        return real(self, event, kb, variant)

    monkeypatch.setattr(TemplateWriter, "write", buggy)
    summary = flow.run_cycle(config, now=NOW)

    assert summary.counts.failed == 1 and summary.counts.held == 0
    assert any("ValueError: substring not found" in f for f in summary.failures)
    assert not models.Article.objects.filter(event__title__contains="Senate").exists()


def test_the_summary_line_says_each_count_in_words(config):
    summary = flow.run_cycle(config, now=NOW)

    assert summary.line().startswith("5 new items, 5 events, 4 written, 1 declined, 0 held, "
                                     "4 published, 0 failed in ")
