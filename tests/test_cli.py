"""The `infolitico` command as a user runs it, in a fresh folder, as separate processes."""

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.conftest import REFERENCE_TITLE, rss

BIN = Path(sys.executable).with_name("infolitico")


def infolitico(*args, cwd, env=None, input=None, timeout=240):
    clean = {k: v for k, v in os.environ.items()
             if k not in ("INFOLITICO_CONFIG", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    return subprocess.run([str(BIN), *args], cwd=cwd, env={**clean, **(env or {})}, input=input,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory):
    """A newsroom made by `infolitico init` and run once on its sample feeds."""
    root = tmp_path_factory.mktemp("cli") / "newsroom"
    made = infolitico("init", str(root), cwd=root.parent)
    assert made.returncode == 0, made.stderr
    ran = infolitico("run", cwd=root)
    assert ran.returncode == 0, ran.stderr
    return root, ran


def test_init_then_run_publishes_the_sample_feeds(newsroom):
    root, ran = newsroom
    assert (root / "infolitico.toml").is_file() and (root / "infolitico.sqlite3").is_file()
    summary = ran.stdout.strip().splitlines()[-1]
    assert " published" in summary and "0 published" not in summary
    assert "declined" in summary and "0 declined" not in summary
    assert ran.stderr == "" or "failed" not in ran.stderr


def test_a_second_run_does_nothing_again(newsroom):
    root, _ = newsroom
    again = infolitico("run", cwd=root)
    assert again.returncode == 0
    assert again.stdout.startswith("0 new items, 0 events, 0 written")
    assert " 0 published" in again.stdout


def test_init_twice_keeps_the_existing_configuration(newsroom):
    root, _ = newsroom
    before = (root / "infolitico.toml").read_text()
    again = infolitico("init", str(root), cwd=root)
    assert again.returncode == 0 and "already exists" in again.stdout
    assert (root / "infolitico.toml").read_text() == before


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_with_the_reference_article(newsroom):
    root, _ = newsroom
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if k != "INFOLITICO_CONFIG"}
    server = subprocess.Popen([str(BIN), "serve", "--port", str(port), "--workers", "1"],
                              cwd=root, env=clean, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT)
    try:
        # The server says when its socket listens; one that dies first ends its output instead.
        said = b""
        for line in server.stdout:
            said += line
            if b"Listening at:" in line:
                break
        else:
            pytest.fail(f"the server never listened: {said.decode(errors='replace')[-2000:]}")
        home = httpx.get(f"http://127.0.0.1:{port}/", timeout=30)
        assert home.status_code == 200
        assert "Harris" in home.text
        link = next(part.split('"')[1] for part in home.text.split("href=")
                    if part.startswith('"/politics/20') and "harris" in part.split('"')[1])
        article = httpx.get(f"http://127.0.0.1:{port}{link}", timeout=5)
        assert article.status_code == 200
        # The sample feeds carry the reference event from three outlets: one story, whose image
        # is described by its earliest item's title, and whose sources box lists all three.
        assert "Contextual editorial image for source event: Scoop: Harris quietly reaches out" \
            in article.text
        assert all(outlet in article.text for outlet in ("Modern Ghana", "Yahoo News", "Axios"))
        css = httpx.get(f"http://127.0.0.1:{port}/static/site/site.css", timeout=5)
        assert css.status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_commands_outside_a_newsroom_say_what_to_do(tmp_path):
    result = infolitico("run", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("error: no infolitico.toml here")
    assert len(result.stderr.strip().splitlines()) == 1


def test_ingest_rejects_what_is_neither_a_url_nor_a_file(newsroom):
    root, _ = newsroom
    result = infolitico("ingest", "htp://example.org/rss", cwd=root)
    assert result.returncode == 2
    assert result.stderr.strip() == "error: 'htp://example.org/rss' is not an http(s) URL or a file"


def test_ingest_takes_a_file_and_the_next_run_writes_it_up(newsroom, tmp_path):
    root, _ = newsroom
    feed = tmp_path / "extra.xml"
    feed.write_bytes(rss(("x", "Gretchen Whitmer signs road funding bill - MLive")))
    ingested = infolitico("ingest", str(feed), cwd=root)
    assert ingested.returncode == 0, ingested.stderr
    assert ingested.stdout.startswith("1 new items from 1 feeds")
    ran = infolitico("run", cwd=root)
    assert ran.stdout.startswith("0 new items, 1 events")


def test_a_broken_config_is_one_line_not_a_traceback(tmp_path):
    (tmp_path / "infolitico.toml").write_text('[[feeds]]\nurl = "htp://example.org/rss"\n')
    result = infolitico("run", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: infolitico.toml, feeds[0].url: 'htp://example.org/rss' is not an http(s) URL"
    )


def test_write_prints_one_json_line_per_title(tmp_path):
    result = infolitico("write", "--format", "json", "--no-images", "--at",
                        "2026-07-02T12:06:00Z", REFERENCE_TITLE,
                        "Earthquake in Myanmar kills more than 1,000 people - BBC", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["source"]["title"] == REFERENCE_TITLE
    assert first["status"] == "written" and first["dateline"] == "July 2, 2026 at 8:06 AM ET"
    assert first["image"]["path"] is None
    assert second["status"] == "declined" and second["reason"]


def test_write_with_titles_and_input_is_a_usage_error(tmp_path):
    (tmp_path / "t.txt").write_text("x\n")
    result = infolitico("write", "--input", str(tmp_path / "t.txt"), "a title", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.startswith("error: ")


def test_worker_on_sqlite_says_it_needs_postgresql_in_one_line(newsroom):
    root, _ = newsroom
    result = infolitico("worker", cwd=root)
    assert result.returncode == 2
    assert result.stderr.startswith("error: `infolitico worker` needs PostgreSQL")
    assert "`infolitico run` runs the whole flow inline" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_run_enqueue_on_sqlite_is_a_usage_error(newsroom):
    root, _ = newsroom
    result = infolitico("run", "--enqueue", cwd=root)
    assert result.returncode == 2
    assert result.stderr.startswith("error: --enqueue: the job queue needs PostgreSQL")


def test_status_on_sqlite_shows_feeds_and_articles_but_no_queue(newsroom):
    root, _ = newsroom
    result = infolitico("status", cwd=root)
    assert result.returncode == 0, result.stderr
    assert " items, ok" in result.stdout and " published" in result.stdout
    assert "queue:" not in result.stdout and "workers:" not in result.stdout


def test_the_llm_writer_without_a_server_is_one_line(tmp_path):
    result = infolitico("write", "--writer", "llm", "--no-images", REFERENCE_TITLE, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1


def test_export_writes_the_site_and_a_second_export_writes_nothing(newsroom, tmp_path):
    root, _ = newsroom
    out = tmp_path / "site"
    first = infolitico("export", str(out), cwd=root)
    assert first.returncode == 0, first.stderr
    assert (out / "index.html").is_file() and (out / "rss.xml").is_file()
    again = infolitico("export", str(out), cwd=root)
    assert again.returncode == 0 and again.stdout.startswith("0 files written")


def _record_old_migrations(root, names):
    """Make the copy's database look as if an older Infolitico had applied these newsroom migrations."""
    with sqlite3.connect(root / "infolitico.sqlite3") as db:
        db.execute("DELETE FROM django_migrations WHERE app = 'newsroom'")
        db.executemany("INSERT INTO django_migrations (app, name, applied) VALUES ('newsroom', ?, '')",
                       [(name,) for name in names])
        return db.execute("SELECT count(*) FROM newsroom_article").fetchone()[0]


OLD_MIGRATIONS = ["0001_initial", "0002_feed_outlet", "0003_feed_warnings", "0004_desk"]


def test_a_database_migrated_by_the_old_history_opens_without_migrating_again(newsroom, tmp_path):
    root = shutil.copytree(newsroom[0], tmp_path / "copy")
    articles = _record_old_migrations(root, OLD_MIGRATIONS)
    again = infolitico("init", str(root), cwd=root)
    assert again.returncode == 0, again.stderr
    with sqlite3.connect(root / "infolitico.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM newsroom_article").fetchone()[0] == articles > 0


def test_a_database_stopped_part_way_through_the_old_history_is_refused_in_one_line(newsroom, tmp_path):
    root = shutil.copytree(newsroom[0], tmp_path / "copy")
    _record_old_migrations(root, OLD_MIGRATIONS[:3])
    refused = infolitico("run", cwd=root)
    assert refused.returncode == 2
    assert refused.stderr.startswith("error: the database stopped part-way through newsroom migrations")
    assert "(applied up to 0003_feed_warnings)" in refused.stderr and len(refused.stderr.splitlines()) == 1
