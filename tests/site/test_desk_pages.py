"""Every desk page opens for an editor, on a newsroom holding every kind of story state."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.urls import reverse

from infolitico.newsroom.models import Article, DeskLog, Feed
from tests.site.desk_newsroom import every_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    """A logged-in member of the `editor` group."""
    user = User.objects.create_user("ed", password="a long enough password", is_staff=True)
    user.groups.add(Group.objects.get(name="editor"))
    client.force_login(user)
    return user


@pytest.fixture
def chief(client):
    """A logged-in superuser, who sees every page the admin has."""
    user = User.objects.create_superuser("chief", "", "a long enough password")
    client.force_login(user)
    return user


def _admin_pages():
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        yield reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        for pk in model._default_manager.values_list("pk", flat=True)[:20]:
            yield reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[pk])
        if model_admin.has_add_permission(_Request()):
            yield reverse(f"admin:{meta.app_label}_{meta.model_name}_add")


class _Request:
    class user:  # noqa: N801 - stands in for request.user
        is_active = is_staff = is_superuser = True

        @staticmethod
        def has_perm(*args):
            return True


def test_every_changelist_change_form_and_desk_page_opens(client, tmp_path, settings, chief):
    every_state(tmp_path, settings)
    pages = list(_admin_pages())
    pages += [reverse("admin:newsroom_article_desk", args=[a.pk]) for a in Article.objects.all()]
    pages += [reverse("admin:newsroom_article_changelist") + q
              for q in ("?status__exact=held", "?status__exact=published", "?flagged=yes",
                        "?q=Harris", "?writer=template")]
    broken = {url: client.get(url).status_code for url in pages}
    assert {url: code for url, code in broken.items() if code != 200} == {}
    assert len(pages) > 30


def test_an_editor_opens_the_article_list_and_every_story(client, tmp_path, settings, editor):
    every_state(tmp_path, settings)
    answers = [client.get(reverse("admin:newsroom_article_changelist")).status_code]
    for article in Article.objects.all():
        answers.append(client.get(reverse("admin:newsroom_article_change", args=[article.pk]))
                       .status_code)
        answers.append(client.get(reverse("admin:newsroom_article_desk", args=[article.pk]))
                       .status_code)
    answers.append(client.get(reverse("admin:newsroom_desklog_changelist")).status_code)
    assert set(answers) == {200}


def test_saving_an_article_lands_on_a_working_list(client, tmp_path, settings, editor):
    _, story = every_state(tmp_path, settings)
    held = story["held"]
    form = client.get(reverse("admin:newsroom_article_change", args=[held.pk])).context["adminform"]
    data = {k: ("" if v is None else v) for k, v in form.form.initial.items()}
    data.update({"body": "First paragraph.\n\nSecond paragraph.", "event": held.event_id,
                 "topic": held.topic_id or "", "section": held.section_id or "",
                 "usage": "", "image-TOTAL_FORMS": 0, "image-INITIAL_FORMS": 0,
                 "corrections-TOTAL_FORMS": 0, "corrections-INITIAL_FORMS": 0})
    for key in ("ledger", "violations", "notes", "flagged", "publish_after", "slug",
                "published_at"):
        data.pop(key, None)
    response = client.post(reverse("admin:newsroom_article_change", args=[held.pk]), data,
                           follow=True)
    assert response.status_code == 200
    held.refresh_from_db()
    assert held.body == ["First paragraph.", "Second paragraph."]


def test_a_held_story_opens_with_its_draft_as_paragraphs(client, tmp_path, settings, editor):
    _, story = every_state(tmp_path, settings)
    held = story["held"]
    page = client.get(reverse("admin:newsroom_article_desk", args=[held.pk])).content.decode()
    assert held.headline and held.body
    assert held.body[0] in page and held.body[1] in page
    assert "[&quot;" not in page and '["' not in page
    change = client.get(reverse("admin:newsroom_article_change", args=[held.pk])).content.decode()
    assert "\n\n".join(held.body[:2]) in change.replace("&#x27;", "'").replace("&quot;", '"')


def test_a_published_story_cannot_be_edited_silently_in_its_form(client, tmp_path, settings,
                                                                 editor):
    _, story = every_state(tmp_path, settings)
    form = client.get(reverse("admin:newsroom_article_change", args=[story["published"].pk]))
    assert "headline" not in form.context["adminform"].form.fields
    assert "body" not in form.context["adminform"].form.fields


def test_the_form_refuses_to_publish_a_held_story_past_the_desk(client, tmp_path, settings,
                                                               editor):
    _, story = every_state(tmp_path, settings)
    held = story["held"]
    page = client.get(reverse("admin:newsroom_article_change", args=[held.pk]))
    data = {k: ("" if v is None else v) for k, v in page.context["adminform"].form.initial.items()}
    data.update({"status": "published", "body": "\n\n".join(held.body), "event": held.event_id,
                 "topic": held.topic_id or "", "section": held.section_id or "", "usage": "",
                 "image-TOTAL_FORMS": 0, "image-INITIAL_FORMS": 0,
                 "corrections-TOTAL_FORMS": 0, "corrections-INITIAL_FORMS": 0})
    response = client.post(reverse("admin:newsroom_article_change", args=[held.pk]), data)
    assert response.status_code == 200
    assert "desk page" in response.content.decode()
    held.refresh_from_db()
    assert held.status == "held"


def test_every_admin_action_runs_for_an_editor_or_chief(client, tmp_path, settings, chief):
    every_state(tmp_path, settings)
    held = list(Article.objects.filter(status="held").values_list("pk", flat=True))
    response = client.post(reverse("admin:newsroom_article_changelist"),
                           {"action": "approve_selected", "_selected_action": held}, follow=True)
    assert response.status_code == 200
    assert Article.objects.filter(pk__in=held, status="published").count() == len(held)
    feeds = list(Feed.objects.values_list("pk", flat=True))
    for action in ("pause", "resume"):
        response = client.post(reverse("admin:newsroom_feed_changelist"),
                               {"action": action, "_selected_action": feeds}, follow=True)
        assert response.status_code == 200
    assert not Feed.objects.filter(paused=True).exists()
    assert DeskLog.objects.filter(action__in=["pause feed", "resume feed"]).count() == 2 * len(feeds)


def test_editors_work_the_desk_and_admins_also_manage_users_and_feeds(client, tmp_path, settings):
    every_state(tmp_path, settings)
    editor = User.objects.create_user("ed", password="a long enough password", is_staff=True)
    editor.groups.add(Group.objects.get(name="editor"))
    boss = User.objects.create_user("boss", password="a long enough password", is_staff=True)
    boss.groups.add(Group.objects.get(name="admin"))
    client.force_login(editor)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:newsroom_feed_add")).status_code == 403
    assert client.get(reverse("admin:newsroom_article_changelist")).status_code == 200
    client.force_login(boss)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200
    assert client.get(reverse("admin:newsroom_feed_add")).status_code == 200


def test_a_desk_action_on_the_page_writes_its_audit_row(client, tmp_path, settings, editor):
    _, story = every_state(tmp_path, settings)
    held = story["held"]
    url = reverse("admin:newsroom_article_desk", args=[held.pk])
    refused = client.post(url, {"action": "reject", "note": ""}, follow=True)
    assert "needs a note" in refused.content.decode()
    client.post(url, {"action": "reject", "note": "Not for our readers."}, follow=True)
    row = DeskLog.objects.get(article=held, action="reject")
    assert (row.who, row.note, row.before["status"], row.after["status"]) == \
        ("ed", "Not for our readers.", "held", "declined")
    page = client.get(reverse("admin:newsroom_desklog_changelist")).content.decode()
    assert "Not for our readers." in page
