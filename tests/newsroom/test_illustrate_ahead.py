"""A cycle with many drafts draws their images ahead on worker processes: the same images, all published."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bench.workers import titles
from infolitico.newsroom import flow, models
from infolitico.pipeline import illustrate
from infolitico.pipeline.events import Event
from tests.conftest import make_config, rss

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 7, 2, 12, 6, tzinfo=UTC)
MANY = illustrate.MIN_BATCH + 2


def test_many_drafts_are_drawn_ahead_and_each_gets_the_image_it_would_get_alone(tmp_path, monkeypatch):
    path = tmp_path / "feed.xml"
    path.write_bytes(rss(*((f"g{i}", t) for i, t in enumerate(titles(MANY)))))
    config = make_config(tmp_path, str(path))
    monkeypatch.setattr(illustrate, "_cpus", lambda: 2)  # workers even on a one-core machine
    taken = []
    real = illustrate.GeneratedIllustrator._drawn_ahead

    def spy(self, look):
        encoded = real(self, look)
        taken.append(encoded is not None)
        return encoded

    monkeypatch.setattr(illustrate.GeneratedIllustrator, "_drawn_ahead", spy)

    summary = flow.run_cycle(config, now=NOW)

    assert summary.counts.published == MANY
    assert taken == [True] * MANY
    for article in models.Article.objects.filter(status=models.Article.Status.PUBLISHED):
        alone = illustrate.illustrate(Event.from_dict(article.event.data), tmp_path / "alone")
        for name, stored in article.image.files.items():
            assert (config.images_output / stored).read_bytes() == Path(alone.files[name]).read_bytes()
