"""Whatever an editor does at the desk, the public site and its export stay valid."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from infolitico.newsroom import desk
from infolitico.newsroom.models import Article, Entity, Section, Topic
from infolitico.site import sitemaps
from infolitico.site.export import export_site
from tests.site.desk_newsroom import CYCLE_AT, every_state

pytestmark = pytest.mark.django_db

ACTIONS = ["approve", "override", "edit", "reject", "rewrite", "write anyway", "correct",
           "withdraw", "schedule", "fact"]
UNSOURCED = "Joe Biden was seen nearby."
PUBLIC = {200, 301, 404, 410}


def _act(config, action: str, article: Article) -> None:
    """One desk action, as an editor might try it on any story, whatever its state."""
    later = CYCLE_AT.replace(year=CYCLE_AT.year + 1)
    body = [*article.body, UNSOURCED]
    steps = {
        "approve": lambda: desk.approve(article.pk, "ed", config=config),
        "override": lambda: desk.approve(article.pk, "ed", body=body, override=True,
                                         config=config),
        "edit": lambda: desk.approve(article.pk, "ed", headline="", config=config),
        "reject": lambda: desk.reject(article.pk, "ed", "Not for us."),
        "rewrite": lambda: desk.rewrite(article.pk, "ed", config=config),
        "write anyway": lambda: desk.write_anyway(article.pk, "ed", config=config),
        "correct": lambda: desk.correct(article.pk, "ed", "Shortened.", body=article.body[:1]
                                        or ["Text."], override=True),
        "withdraw": lambda: desk.withdraw(article.pk, "ed", "Retracted."),
        "schedule": lambda: desk.approve(article.pk, "ed", at=later, config=config),
        "fact": lambda: _change_fact(article),
    }
    before = Article.objects.filter(pk=article.pk).values().get()
    try:
        steps[action]()
    except desk.DeskError:
        # A refusal (wrong state, failed checks) is an answer too, and it changes nothing.
        assert Article.objects.filter(pk=article.pk).values().get() == before


def _change_fact(article: Article) -> None:
    entity = Entity.objects.filter(pk=article.event.subject_id).first()
    if entity is not None:
        entity.descriptors = entity.descriptors[1:]
        entity.save()
        desk.recheck_entity(entity, "ed")


def _public_urls() -> list[str]:
    urls = ["/", "/page/2/", reverse("site:corrections"), reverse("site:search") + "?q=Harris",
            "/rss.xml", "/atom.xml", "/feed.json", reverse("site:sitemap"),
            reverse("site:sitemap-news"), "/robots.txt"]
    urls += [reverse("site:sitemap-section", args=[name]) for name in sitemaps.SITEMAPS]
    for article in Article.objects.exclude(slug=None):
        urls.append(article.get_absolute_url())
    for owner in [*Section.objects.all(), *Topic.objects.all()]:
        urls.append(owner.get_absolute_url())
        urls.append(owner.get_absolute_url() + "rss.xml")
    return urls


@hypothesis_settings(max_examples=12, deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.function_scoped_fixture,
                                            HealthCheck.too_slow])
@given(steps=st.lists(st.tuples(st.sampled_from(ACTIONS), st.integers(0, 6)), min_size=1,
                      max_size=8))
def _sequences(config, tmp_path_factory, steps):
    with transaction.atomic():
        stories = list(Article.objects.order_by("id"))
        for action, index in steps:
            article = Article.objects.get(pk=stories[index % len(stories)].pk)
            _act(config, action, article)
        client = Client()
        answers = {url: client.get(url).status_code for url in _public_urls()}
        assert {u: c for u, c in answers.items() if c not in PUBLIC} == {}
        for article in Article.objects.filter(status__in=["published", "withdrawn"]):
            expected = 200 if article.status == "published" else 410
            assert answers[article.get_absolute_url()] == expected
        export_site(tmp_path_factory.mktemp("export"))
        transaction.set_rollback(True)


def test_any_sequence_of_desk_actions_keeps_every_public_url_and_the_export_valid(
        tmp_path, settings, tmp_path_factory):
    config, _ = every_state(tmp_path, settings)
    _sequences(config, tmp_path_factory)
