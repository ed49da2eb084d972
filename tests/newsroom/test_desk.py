"""The desk's actions: approve, edit, reject, rewrite, correct, withdraw, each with its audit row."""

import json
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from infolitico import config as config_module
from infolitico.config import ConfigError
from infolitico.newsroom import desk, flow
from infolitico.newsroom.models import Article, DeskLog, Entity, Feed
from infolitico.newsroom.stages import Context, Counts
from tests.site.desk_newsroom import CYCLE_AT, build, by_status, every_state

pytestmark = pytest.mark.django_db

UNSOURCED = "Joe Biden was seen nearby, the newsroom learned."


def test_with_review_every_written_story_waits_for_an_editor_with_its_draft(tmp_path, settings):
    build(tmp_path, settings)
    held = by_status("held")
    assert len(held) == 4 and not by_status("published")
    assert all(a.headline and a.body and a.ledger and a.slug is None for a in held)


def test_approving_runs_the_checks_again_and_publishes(client, tmp_path, settings):
    config = build(tmp_path, settings)
    story = by_status("held")[0]
    published = desk.approve(story.pk, "ed", config=config, now=CYCLE_AT)
    assert published.status == "published" and published.slug
    assert client.get(published.get_absolute_url()).status_code == 200
    assert published.headline in client.get("/").content.decode()
    row = DeskLog.objects.get(article=story, action="approve")
    assert (row.who, row.before["status"], row.after["status"]) == ("ed", "held", "draft")


def test_an_edit_that_fails_the_checks_needs_an_override_the_log_records(tmp_path, settings):
    config = build(tmp_path, settings)
    story = by_status("held")[0]
    body = [*story.body, UNSOURCED]
    with pytest.raises(desk.ChecksFailed) as failed:
        desk.approve(story.pk, "ed", body=body, config=config, now=CYCLE_AT)
    assert any("Biden" in v for v in failed.value.violations)
    story.refresh_from_db()
    assert story.status == "held" and UNSOURCED not in story.body
    desk.approve(story.pk, "ed", body=body, override=True, config=config, now=CYCLE_AT)
    story.refresh_from_db()
    assert story.status == "published" and story.body[-1] == UNSOURCED
    row = DeskLog.objects.get(article=story)
    assert row.override and row.action == "edit and approve"


def test_rejecting_needs_a_note_and_declines_with_it(tmp_path, settings):
    build(tmp_path, settings)
    story = by_status("held")[0]
    with pytest.raises(desk.DeskError, match="needs a note"):
        desk.reject(story.pk, "ed", "  ")
    desk.reject(story.pk, "ed", "Not for us.")
    story.refresh_from_db()
    assert (story.status, story.reason) == ("declined", "Not for us.")


def test_rewrite_gives_another_variant_and_write_anyway_drafts_a_declined_story(tmp_path,
                                                                               settings):
    config = build(tmp_path, settings)
    story = by_status("held")[0]
    rewritten = desk.rewrite(story.pk, "ed", config=config)
    assert rewritten.status == "held" and rewritten.body
    assert (rewritten.headline, rewritten.body) != (story.headline, story.body)
    desk.reject(story.pk, "ed", "Not now.")
    again = desk.write_anyway(story.pk, "ed", config=config)
    assert again.status == "held" and again.headline
    assert DeskLog.objects.filter(article=story, action="rewrite").count() == 2


def test_a_correction_is_shown_dated_on_the_article_and_listed(client, tmp_path, settings):
    config = build(tmp_path, settings)
    story = desk.approve(by_status("held")[0].pk, "ed", config=config, now=CYCLE_AT)
    page = client.get(story.get_absolute_url()).content.decode()
    modified_before = _json_ld(page)["dateModified"]
    # The correction gives her full name where the first version had only her surname.
    body = [story.body[0], *(p.replace("Harris", "Kamala Harris", 1) for p in story.body[1:])]
    assert body != story.body
    desk.correct(story.pk, "ed", "An earlier version gave only her surname.", body=body)
    assert Article.objects.get(pk=story.pk).body == body
    page = client.get(story.get_absolute_url()).content.decode()
    assert "Correction" in page and "An earlier version gave only her surname." in page
    assert _json_ld(page)["dateModified"] > modified_before
    listing = client.get(reverse("site:corrections")).content.decode()
    assert "An earlier version gave only her surname." in listing
    assert story.get_absolute_url() in listing
    corrected = Article.objects.get(pk=story.pk)
    assert corrected.updated_at > story.updated_at


def test_a_correction_needs_a_note_and_passes_the_checks(tmp_path, settings):
    config = build(tmp_path, settings)
    story = desk.approve(by_status("held")[0].pk, "ed", config=config, now=CYCLE_AT)
    with pytest.raises(desk.DeskError, match="needs a note"):
        desk.correct(story.pk, "ed", "", headline="A new headline")
    with pytest.raises(desk.ChecksFailed):
        desk.correct(story.pk, "ed", "Added a line.", body=[*story.body, UNSOURCED])
    story.refresh_from_db()
    assert UNSOURCED not in story.body and not story.corrections.exists()


def test_withdrawing_makes_the_address_gone(client, tmp_path, settings):
    config = build(tmp_path, settings)
    story = desk.approve(by_status("held")[0].pk, "ed", config=config, now=CYCLE_AT)
    desk.withdraw(story.pk, "ed", "The source retracted it.")
    assert client.get(story.get_absolute_url()).status_code == 410


def test_the_database_refuses_a_published_story_without_slug_headline_or_time(tmp_path,
                                                                             settings):
    build(tmp_path, settings)
    story = by_status("held")[0]
    for fields in ({"slug": None}, {"headline": ""}, {"published_at": None}):
        values = {"slug": "a-slug", "headline": "A headline", "published_at": CYCLE_AT, **fields}
        with pytest.raises(IntegrityError), transaction.atomic():
            Article.objects.filter(pk=story.pk).update(status="published", **values)


def test_an_approved_story_can_wait_for_its_time(client, tmp_path, settings):
    config = build(tmp_path, settings)
    later = CYCLE_AT + timedelta(hours=3)
    story = desk.approve(by_status("held")[0].pk, "ed", at=later, config=config, now=CYCLE_AT)
    assert story.status == "draft" and story.publish_after == later
    flow.run("publish", Context(config, now=CYCLE_AT + timedelta(hours=1)))
    assert Article.objects.get(pk=story.pk).status == "draft"
    flow.run("publish", Context(config, now=later))
    assert Article.objects.get(pk=story.pk).status == "published"


def test_desk_publish_is_read_and_checked_from_the_file(tmp_path):
    path = tmp_path / "infolitico.toml"
    path.write_text('[desk]\npublish = "review"\n')
    assert config_module.load(path).desk_publish == "review"
    path.write_text('[desk]\npublish = "sometimes"\n')
    with pytest.raises(ConfigError, match="desk.publish"):
        config_module.load(path)


def test_a_paused_feed_is_not_fetched_until_resumed(tmp_path, settings):
    config = build(tmp_path, settings, publish="auto")
    feed = Feed.objects.get()
    desk.pause_feed(feed.pk, "ed")
    later = CYCLE_AT + timedelta(days=1)
    assert flow.run("ingest", Context(config, now=later)).counts == Counts()
    assert flow.pending(now=later)["ingest"] == []
    desk.pause_feed(feed.pk, "ed", paused=False)
    assert flow.pending(now=later)["ingest"] == [feed.pk]


def test_changing_a_fact_flags_the_published_stories_that_used_it(tmp_path, settings):
    config = build(tmp_path, settings, publish="auto")
    harris = Entity.objects.get(slug="kamala-harris")
    used = [a for a in by_status("published") if a.event.subject_id == harris.pk
            and any(f["from"] == "kb" for f in a.ledger)]
    assert used, "the fixture publishes a story using a Harris fact"
    harris.descriptors = []
    harris.save()
    flagged = desk.recheck_entity(harris, "ed")
    assert flagged and {a.pk for a in flagged} <= {a.pk for a in used}
    assert {a.pk for a in desk.users_of(harris)} == {a.pk for a in used}
    assert all(a.flagged for a in flagged)
    assert all(a.status == "published" for a in Article.objects.filter(pk__in=[a.pk for a in used]))
    del config


def test_the_desk_log_cannot_be_changed_or_deleted(tmp_path, settings):
    config, _ = every_state(tmp_path, settings)
    row = DeskLog.objects.first()
    with pytest.raises(PermissionError):
        row.delete()
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        DeskLog.objects.all().delete()
    with pytest.raises(PermissionError):
        DeskLog.objects.update(note="x")
    assert DeskLog.objects.count() == 5
    del config


def _json_ld(page: str) -> dict:
    start = page.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">')
    data = json.loads(page[start:page.index("</script>", start)])
    return next(d for d in (data if isinstance(data, list) else [data])
                if d.get("@type") in ("NewsArticle", "Article"))
