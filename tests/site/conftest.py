"""A small published newsroom for the site's tests, built by the real pipeline from an RSS file."""

from datetime import UTC, datetime

import pytest

from infolitico.newsroom import flow
from tests.conftest import REFERENCE_TITLE, make_config, rss

CYCLE_AT = datetime(2026, 7, 2, 12, 6, tzinfo=UTC)
ITEMS = (
    ("ref", REFERENCE_TITLE),
    ("apple", "Apple unveils thinner iPhone Air at September event - BBC"),
    ("senate", "Senate passes stopgap funding bill - Reuters"),
    ("harris2", "Kamala Harris campaigned with Gavin Newsom in California, Politico reports - MSN"),
)


@pytest.fixture
def newsroom(tmp_path, settings):
    """A newsroom whose first cycle published the reference story and a few others."""
    path = tmp_path / "feed.xml"
    path.write_bytes(rss(*ITEMS))
    config = make_config(tmp_path, str(path))
    settings.MEDIA_ROOT = config.images_output
    flow.run_cycle(config, now=CYCLE_AT)
    return config
