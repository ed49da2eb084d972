"""A small published newsroom for the site's tests, built by the real pipeline from an RSS file."""

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from infolitico.newsroom import flow
from infolitico.pipeline import illustrate
from tests.conftest import REFERENCE_TITLE, make_config, rss

CYCLE_AT = datetime(2026, 7, 2, 12, 6, tzinfo=UTC)
ITEMS = (
    ("ref", REFERENCE_TITLE),
    ("apple", "Apple unveils thinner iPhone Air at September event - BBC"),
    ("senate", "Senate passes stopgap funding bill - Reuters"),
    ("harris2", "Kamala Harris campaigned with Gavin Newsom in California, Politico reports - MSN"),
)


@pytest.fixture(scope="session")
def drawn_images(tmp_path_factory):
    """Generated images drawn once per test process: their folder, and each event's file names."""
    return tmp_path_factory.mktemp("drawn-images"), {}


@pytest.fixture(autouse=True)
def draw_each_image_once(drawn_images, monkeypatch):
    """The site's tests share their newsroom's drawings: the same event draws the same files, so
    an event drawn before gets a copy of them (the image tests themselves always draw)."""
    folder, names = drawn_images
    draw = illustrate.GeneratedIllustrator.illustrate

    def copy_or_draw(self, event, out_dir):
        if event.id not in names:
            drawn = draw(self, event, folder)
            names[event.id] = {key: Path(path).name for key, path in drawn.files.items()}
        target = (Path(out_dir) / event.id).resolve()
        shutil.copytree(folder / event.id, target, dirs_exist_ok=True)
        files = {key: str(target / name) for key, name in names[event.id].items()}
        return illustrate._with_files(illustrate.describe(event, illustrate.GENERATED_CREDIT), files)

    monkeypatch.setattr(illustrate.GeneratedIllustrator, "illustrate", copy_or_draw)


@pytest.fixture
def newsroom(tmp_path, settings):
    """A newsroom whose first cycle published the reference story and a few others."""
    path = tmp_path / "feed.xml"
    path.write_bytes(rss(*ITEMS))
    config = make_config(tmp_path, str(path))
    settings.MEDIA_ROOT = config.images_output
    flow.run_cycle(config, now=CYCLE_AT)
    return config
