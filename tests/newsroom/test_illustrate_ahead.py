"""A cycle with many drafts draws their images ahead on worker processes: the same images, all published."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bench.workers import titles
from infolitico.newsroom import flow, models, stages
from infolitico.pipeline import illustrate
from infolitico.pipeline.events import Event
from tests.conftest import make_config, rss

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 7, 2, 12, 6, tzinfo=UTC)
MANY = illustrate.MIN_BATCH + 2


def many_drafts(tmp_path, monkeypatch):
    """A newsroom whose feed holds MANY coverable items, drawing ahead on two workers even on one core."""
    path = tmp_path / "feed.xml"
    path.write_bytes(rss(*((f"g{i}", t) for i, t in enumerate(titles(MANY)))))
    monkeypatch.setattr(illustrate, "_cpus", lambda: 2)
    return make_config(tmp_path, str(path))


def test_many_drafts_are_drawn_ahead_and_each_gets_the_image_it_would_get_alone(tmp_path, monkeypatch):
    config = many_drafts(tmp_path, monkeypatch)
    taken = []
    real = illustrate.GeneratedIllustrator._drawn_ahead

    def spy(self, look, folder):
        files = real(self, look, folder)
        taken.append(files is not None)
        return files

    monkeypatch.setattr(illustrate.GeneratedIllustrator, "_drawn_ahead", spy)

    summary = flow.run_cycle(config, now=NOW)

    assert summary.counts.published == MANY
    assert taken == [True] * MANY
    for article in models.Article.objects.filter(status=models.Article.Status.PUBLISHED):
        alone = illustrate.illustrate(Event.from_dict(article.event.data), tmp_path / "alone")
        for name, stored in article.image.files.items():
            assert (config.images_output / stored).read_bytes() == Path(alone.files[name]).read_bytes()


def test_drawing_starts_on_what_understanding_finds_the_desk_will_write_and_leaves_no_scratch(
        tmp_path, monkeypatch):
    declined = ["Veteran broadcaster dies at 91 - Daily Planet",
                "Floods force thousands from their homes - Wire"]
    path = tmp_path / "feed.xml"
    path.write_bytes(rss(*((f"g{i}", t) for i, t in enumerate([*declined, *titles(MANY)]))))
    config = make_config(tmp_path, str(path))
    monkeypatch.setattr(illustrate, "_cpus", lambda: 2)
    drawn, stages_seen = [], []
    real_add, real_run = illustrate.Drawings.add, flow.run_stage

    def add(self, events):
        events = list(events)
        drawn.extend((key, stages_seen[-1]) for key, _ in events if key not in self)
        return real_add(self, events)

    def run_stage(current, ctx, **kwargs):
        stages_seen.append(current.name)
        return real_run(current, ctx, **kwargs)

    monkeypatch.setattr(illustrate.Drawings, "add", add)
    monkeypatch.setattr(flow, "run_stage", run_stage)

    summary = flow.run_cycle(config, now=NOW)

    assert (summary.counts.published, summary.counts.declined) == (MANY, len(declined))
    published = models.Article.objects.filter(status=models.Article.Status.PUBLISHED)
    # Every drawing was started while items were still being understood, and only for these.
    assert sorted(pk for pk, _ in drawn) == sorted(published.values_list("event_id", flat=True))
    assert {stage for _, stage in drawn} == {"understand"}
    # The images folder holds the published images and nothing else: no scratch is left behind.
    folders = sorted(p.name for p in Path(config.images_output).iterdir())
    assert folders == sorted(Event.from_dict(a.event.data).id for a in published)


def test_a_head_start_that_fails_costs_the_run_nothing(tmp_path, monkeypatch, caplog):
    config = many_drafts(tmp_path, monkeypatch)

    def broken(event):
        raise RuntimeError("the verdict could not be read")

    monkeypatch.setattr(stages, "will_write", broken)
    summary = flow.run_cycle(config, now=NOW)

    assert (summary.counts.published, summary.counts.failed) == (MANY, 0)
    assert "drawing ahead failed" in caplog.text and "the verdict could not be read" in caplog.text


def test_a_desk_that_reviews_every_draft_draws_nothing_ahead(tmp_path, monkeypatch):
    config = dataclasses.replace(many_drafts(tmp_path, monkeypatch), desk_publish="review")
    added = []
    monkeypatch.setattr(illustrate.Drawings, "add", lambda self, events: added.extend(events))

    summary = flow.run_cycle(config, now=NOW)

    assert (summary.counts.held, summary.counts.published, added) == (MANY, 0, [])


def test_a_stage_run_on_its_own_draws_nothing_ahead(tmp_path, monkeypatch):
    config = many_drafts(tmp_path, monkeypatch)
    added = []
    monkeypatch.setattr(illustrate.Drawings, "add", lambda self, events: added.extend(events))
    stages.sync_feeds(config)
    flow.run("ingest", stages.Context(config, now=NOW, force=True))

    result = flow.run("understand", stages.Context(config, now=NOW))

    # Nothing illustrates in this process next: no worker is started, nothing is drawn.
    assert (result.counts.new_events, added) == (MANY, [])


def test_the_drawing_workers_are_let_go_before_the_stories_are_published(tmp_path, monkeypatch):
    config = many_drafts(tmp_path, monkeypatch)
    published_at_close = []
    real_close = illustrate.Drawings.close

    def close(self):
        published_at_close.append(models.Article.objects.filter(status="published").count())
        return real_close(self)

    monkeypatch.setattr(illustrate.Drawings, "close", close)

    summary = flow.run_cycle(config, now=NOW)

    assert summary.counts.published == MANY
    assert published_at_close[0] == 0


def test_a_run_with_nothing_to_draw_still_clears_what_a_killed_run_left(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(rss())
    config = make_config(tmp_path, str(path))
    abandoned = Path(config.images_output) / f"{illustrate.SCRATCH_PREFIX}killed"
    (abandoned / "3").mkdir(parents=True)
    (abandoned / illustrate.LOCK).touch()  # its run held the lock, and let go of it when killed
    (abandoned / "3" / "1200.jpg").write_bytes(b"half a picture")

    flow.run_cycle(config, now=NOW)

    assert not abandoned.exists()
