"""Accounts at the desk: a secret key of the newsroom's own, real passwords, and throttled logins."""

import os
import stat

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from infolitico.secret_key import FILENAME
from tests.test_cli import infolitico

GOOD = "correct horse battery staple 42"


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    root = tmp_path_factory.mktemp("accounts") / "newsroom"
    made = infolitico("init", str(root), cwd=root.parent)
    assert made.returncode == 0, made.stderr
    return root


def test_init_writes_a_random_secret_key_only_its_owner_can_read(room, tmp_path):
    key = (room / FILENAME).read_text().strip()
    assert len(key) >= 50
    assert stat.S_IMODE(os.stat(room / FILENAME).st_mode) == 0o600
    other = tmp_path / "other"
    assert infolitico("init", str(other), cwd=tmp_path).returncode == 0
    assert (other / FILENAME).read_text().strip() != key


def test_the_newsroom_runs_on_its_own_key_or_the_environments(room):
    show = ["-c", "from django.conf import settings; import django; django.setup(); "
                  "print(settings.SECRET_KEY)"]
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items()
           if k not in ("INFOLITICO_SECRET_KEY", "DJANGO_SETTINGS_MODULE")}
    env.update(INFOLITICO_CONFIG=str(room / "infolitico.toml"), DJANGO_SETTINGS_MODULE="infolitico.settings")
    own = subprocess.run([sys.executable, *show], env=env, capture_output=True, text=True)
    assert own.stdout.strip() == (room / FILENAME).read_text().strip(), own.stderr
    given = subprocess.run([sys.executable, *show], env={**env, "INFOLITICO_SECRET_KEY": "k" * 60},
                           capture_output=True, text=True)
    assert given.stdout.strip() == "k" * 60


@pytest.mark.parametrize("password", ["a", "password123", "12345678901234", "shortpass"])
def test_a_weak_password_is_refused_by_the_validators(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_createuser_refuses_a_trivial_password_in_one_line_and_takes_a_good_one(room):
    weak = infolitico("createuser", "editor", cwd=room, env={"DJANGO_SUPERUSER_PASSWORD": "a"})
    assert weak.returncode == 2
    assert weak.stderr.startswith("error: password refused: This password is too short.")
    assert weak.stderr.count("\n") == 1 and "Traceback" not in weak.stderr
    good = infolitico("createuser", "editor", "--email", "e@example.org", cwd=room,
                      env={"DJANGO_SUPERUSER_PASSWORD": GOOD})
    assert good.returncode == 0, good.stderr
    again = infolitico("createuser", "editor", cwd=room, env={"DJANGO_SUPERUSER_PASSWORD": GOOD})
    assert again.returncode == 2 and "already exists" in again.stderr


def test_createuser_says_how_to_run_without_a_terminal(room):
    helped = infolitico("createuser", "--help", cwd=room)
    assert "DJANGO_SUPERUSER_PASSWORD" in helped.stdout


@pytest.mark.django_db
def test_repeated_wrong_logins_are_locked_out_even_for_the_right_password(client):
    get_user_model().objects.create_superuser("editor", "e@example.org", GOOD)
    answers = [client.post("/admin/login/", {"username": "editor", "password": f"wrong{i}"}).status_code
               for i in range(8)]
    assert answers[:4] == [200] * 4  # the form again, with its error
    assert answers[-1] == 429
    locked = client.post("/admin/login/", {"username": "editor", "password": GOOD})
    assert locked.status_code == 429 and "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_right_password_logs_in_and_clears_the_count(client):
    get_user_model().objects.create_superuser("editor", "e@example.org", GOOD)
    client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    logged = client.post("/admin/login/", {"username": "editor", "password": GOOD})
    assert logged.status_code == 302 and "_auth_user_id" in client.session
