"""An editor's day at the desk, in a real browser: approve, correct, withdraw."""

import pytest
from django.contrib.auth.models import Group, User

from infolitico.newsroom.models import Article
from tests.site.desk_newsroom import every_state

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PASSWORD = "a long enough password"


@pytest.fixture
def desk_day(tmp_path, settings):
    """A newsroom with a held and a published story, and an editor's account."""
    _, stories = every_state(tmp_path, settings)
    user = User.objects.create_user("ed", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="editor"))
    return stories


def _log_in(page, live_server):
    page.goto(live_server.url + "/admin/login/?next=/admin/")
    page.fill("#id_username", "ed")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")


def _desk(page, live_server, article):
    page.goto(f"{live_server.url}/admin/newsroom/article/{article.pk}/desk/")


def test_an_editor_approves_a_held_story_and_finds_it_on_the_home_page(live_server, page,
                                                                       desk_day):
    held = desk_day["held"]
    _log_in(page, live_server)
    _desk(page, live_server, held)
    assert held.body[0] in page.locator("#id_body").input_value()
    page.click("button[value=approve]")
    page.wait_for_load_state()
    assert Article.objects.get(pk=held.pk).status == "published"
    page.goto(live_server.url + "/")
    assert held.headline in page.locator("main").inner_text()


def test_an_editor_corrects_a_story_and_readers_see_the_note(live_server, page, desk_day):
    story = desk_day["published"]
    _log_in(page, live_server)
    _desk(page, live_server, story)
    page.fill("#id_note", "An earlier version named the wrong outlet.")
    page.click("button[value=correct]")
    page.wait_for_load_state()
    page.goto(live_server.url + story.get_absolute_url())
    assert "An earlier version named the wrong outlet." in page.locator(".correction").first.inner_text()
    page.goto(live_server.url + "/corrections/")
    assert "An earlier version named the wrong outlet." in page.inner_text("body")


def test_an_editor_withdraws_a_story_and_its_address_is_gone(live_server, page, desk_day):
    story = desk_day["published"]
    _log_in(page, live_server)
    _desk(page, live_server, story)
    page.fill("#id_note", "The source retracted its report.")
    page.click("button[value=withdraw]")
    page.wait_for_load_state()
    assert page.goto(live_server.url + story.get_absolute_url()).status == 410
