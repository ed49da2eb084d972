"""The understand stage reads its pending titles in batches and still joins them one at a time."""

from datetime import UTC, datetime

import pytest

from infolitico.newsroom import flow, knowledge, models, stages
from infolitico.newsroom.stages import Context
from tests.conftest import REFERENCE_TITLE, make_config, rss

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 7, 2, 12, 0, tzinfo=UTC)
ITEMS = (
    ("ref", REFERENCE_TITLE),
    ("apple", "Apple unveils thinner iPhone Air at September event - BBC"),
    ("senate", "Senate passes stopgap funding bill - Reuters"),
    ("quake", "Earthquake in Myanmar kills more than 1,000 people - BBC"),
)


def ingested(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(rss(*ITEMS))
    config = make_config(tmp_path, str(path))
    stages.sync_feeds(config)
    flow.run("ingest", Context(config, now=NOW, force=True))
    return config


def events():
    """Each item's title with what its event says about it."""
    return sorted((e.title, e.claim, e.verdict, e.act_kind, e.section.name if e.section else "")
                  for e in models.Event.objects.select_related("section"))


def test_the_stage_reads_every_pending_title_in_one_batch_without_reading_any_alone(tmp_path, monkeypatch):
    config = ingested(tmp_path)
    batches = []
    real = stages.understand_many

    def batch(items, *args, **kwargs):
        batches.append(items)
        return real(items, *args, **kwargs)

    monkeypatch.setattr(stages, "understand_many", batch)
    monkeypatch.setattr(stages, "understand", lambda *a, **k: pytest.fail("a title was read alone"))

    result = flow.run("understand", Context(config, kb=knowledge.knowledge_base()))

    assert [len(b) for b in batches] == [len(ITEMS)]
    assert result.counts.new_events == len(ITEMS)
    assert models.SourceItem.objects.filter(event__isnull=True).count() == 0


def test_batched_and_one_at_a_time_understanding_make_the_same_events(tmp_path, monkeypatch):
    config = ingested(tmp_path)
    kb = knowledge.knowledge_base()
    flow.run("understand", Context(config, kb=kb))
    batched = events()

    models.SourceItem.objects.update(event=None)
    models.Event.objects.all().delete()
    monkeypatch.setattr(stages, "understand_many", lambda *a, **k: 1 / 0)
    flow.run("understand", Context(config, kb=kb))

    assert events() == batched
    assert len(batched) == len(ITEMS)
