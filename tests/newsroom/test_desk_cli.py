"""`infolitico desk`: the desk's actions from a terminal, with the admin's checks and audit rows."""

import json

import pytest

from tests.conftest import REFERENCE_TITLE, rss
from tests.test_cli import infolitico

PASSWORD = {"DJANGO_SUPERUSER_PASSWORD": "a sturdy desk password"}


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory):
    """A newsroom that holds every written story for review, with one editor account."""
    root = tmp_path_factory.mktemp("desk") / "newsroom"
    root.mkdir()
    (root / "feed.xml").write_bytes(rss(
        ("ref", REFERENCE_TITLE),
        ("apple", "Apple unveils thinner iPhone Air at September event - BBC"),
        ("senate", "Senate passes stopgap funding bill - Reuters"),
        ("death", "Gavin Newsom mourns the death of a former aide - AP")))
    (root / "infolitico.toml").write_text(
        '[[feeds]]\npath = "feed.xml"\n\n[fetch]\nmax_age_days = 0\n\n[desk]\npublish = "review"\n')
    ran = infolitico("run", cwd=root)
    assert ran.returncode == 0, ran.stderr
    made = infolitico("createuser", "ed", cwd=root, env=PASSWORD)
    assert made.returncode == 0, made.stderr
    return root


def listed(root, *args):
    result = infolitico("desk", "list", "--format", "json", *args, cwd=root)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_desk_list_shows_the_held_queue_as_json(newsroom):
    held = listed(newsroom, "--status", "held")
    assert len(held) == 3
    for story in held:
        assert {"id", "status", "headline", "reason", "url"} <= set(story)
        assert story["status"] == "held" and story["headline"] and story["reason"]
        assert story["url"] is None
    assert listed(newsroom, "--status", "declined")


def test_approve_reject_correct_and_withdraw_from_the_terminal_leave_a_log(newsroom, tmp_path):
    first, second, third = (s["id"] for s in listed(newsroom, "--status", "held"))
    approved = infolitico("desk", "--as", "ed", "approve", str(first), cwd=newsroom)
    assert approved.returncode == 0, approved.stderr
    assert "is published at http" in approved.stdout
    rejected = infolitico("desk", "--as", "ed", "reject", str(second), "--note", "Not for us.",
                          cwd=newsroom)
    assert rejected.returncode == 0, rejected.stderr
    body = tmp_path / "body.txt"
    body.write_text("Kamala Harris reached out to Mamdani and pro-Palestinian activists, "
                    "Axios reported.\n\nThe outreach was the news.\n")
    corrected = infolitico("desk", "--as", "ed", "correct", str(first), "--note",
                           "An earlier version overstated the outreach.", "--body-file",
                           str(body), "--override", cwd=newsroom)
    assert corrected.returncode == 0, corrected.stderr
    withdrawn = infolitico("desk", "--as", "ed", "withdraw", str(first), "--note", "Retracted.",
                           cwd=newsroom)
    assert withdrawn.returncode == 0, withdrawn.stderr
    statuses = {s["id"]: s["status"] for s in listed(newsroom)}
    assert (statuses[first], statuses[second], statuses[third]) == ("withdrawn", "declined", "held")
    log = infolitico("desk", "log", cwd=newsroom).stdout.splitlines()
    assert [line.split()[2] for line in log[:4]] == ["withdraw", "correct", "reject", "approve"]
    assert "(override)" in log[1] and all(" ed " in line for line in log[:4])


def test_a_desk_mistake_is_one_line(newsroom):
    wrong_state = infolitico("desk", "withdraw", "999999", "--note", "x", cwd=newsroom)
    assert wrong_state.returncode == 2
    assert wrong_state.stderr.strip() == "error: no story with id 999999"
    stranger = infolitico("desk", "--as", "nobody", "approve", "1", cwd=newsroom)
    assert stranger.returncode == 2 and "--as nobody" in stranger.stderr
    no_note = infolitico("desk", "reject", "1", "--note", " ", cwd=newsroom)
    assert no_note.returncode == 2 and "needs a note" in no_note.stderr
