"""A newsroom holding every kind of story state, for the desk's tests."""

from dataclasses import replace
from datetime import UTC, datetime

from infolitico.newsroom import desk, flow
from infolitico.newsroom.models import Article
from tests.conftest import REFERENCE_TITLE, make_config, rss

CYCLE_AT = datetime(2026, 7, 2, 12, 6, tzinfo=UTC)
ITEMS = (
    ("ref", REFERENCE_TITLE),
    ("apple", "Apple unveils thinner iPhone Air at September event - BBC"),
    ("senate", "Senate passes stopgap funding bill - Reuters"),
    ("harris2", "Kamala Harris campaigned with Gavin Newsom in California, Politico reports - MSN"),
    ("death", "Gavin Newsom mourns the death of a former aide - AP"),
    ("vague", "What the week held for everyone involved - Blog"),
    ("weather", "Storm brings heavy rain to the coast - Local"),
)


def build(tmp_path, settings, publish: str = "review"):
    """Run one cycle over a feed whose items end held for review (or published) and declined."""
    path = tmp_path / "feed.xml"
    path.write_bytes(rss(*ITEMS))
    config = replace(make_config(tmp_path, str(path)), desk_publish=publish)
    settings.MEDIA_ROOT = config.images_output
    settings.NEWSROOM = config
    flow.run_cycle(config, now=CYCLE_AT)
    return config


def every_state(tmp_path, settings):
    """A newsroom with stories held, published, corrected, withdrawn, rejected and declined."""
    config = build(tmp_path, settings)
    held = by_status("held")
    first, second, third, fourth = held[:4]
    desk.approve(first.pk, "ed", config=config, now=CYCLE_AT)
    desk.approve(second.pk, "ed", config=config, now=CYCLE_AT)
    desk.correct(first.pk, "ed", "An earlier version misspelled a name.")
    desk.withdraw(second.pk, "ed", "The source retracted its report.")
    desk.reject(third.pk, "ed", "Not news for our readers.")
    first.refresh_from_db()
    first.flagged = "a fact changed"
    first.save(update_fields=["flagged"])
    return config, {"published": first, "withdrawn": second, "rejected": third, "held": fourth}


def by_status(status: str) -> list[Article]:
    """The stored stories in one status, oldest first."""
    return list(Article.objects.filter(status=status).order_by("id"))
