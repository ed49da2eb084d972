"""Many processes, one newsroom: every event published once, none lost, on SQLite and PostgreSQL.

The per-row stage functions are idempotent; concurrent `infolitico run`s share a SQLite newsroom;
on PostgreSQL, queue workers (one of them killed mid-flow) take 500 events to published pages.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.db import connection, transaction

from bench.workers import (
    BIN,
    create_database,
    drop_database,
    env_for,
    make_newsroom,
    start_workers,
    stop,
    titles,
    wait_until_done,
)
from infolitico.errors import Busy
from infolitico.newsroom import flow, knowledge, models, queue, stages
from tests.conftest import make_config, rss

NOW = datetime(2026, 7, 2, 12, 6, tzinfo=UTC)
SERVER = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = SERVER.startswith(("postgres://", "postgresql://"))
postgres_only = pytest.mark.skipif(not ON_POSTGRES, reason="needs DATABASE_URL=postgres://…")


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(rss(*((f"g{i}", t) for i, t in enumerate(titles(3)))))
    config = make_config(tmp_path, str(path))
    stages.sync_feeds(config)
    return config


def feed_id():
    return models.Feed.objects.get().pk


# ---------------------------------------------------------------------------------------------
# the per-row functions, on either database


def one(done: stages.Done) -> int | None:
    """The one id a stage's work on a row handed on, if any."""
    assert len(done.next) <= 1
    return done.next[0] if done.next else None


@pytest.mark.django_db
def test_each_stage_by_id_hands_on_the_next_id_and_is_idempotent(config):
    ctx = stages.Context(config, now=NOW)
    items = list(stages.ingest_feed(ctx, feed_id()).next)
    forced = stages.Context(config, now=NOW, force=True)
    assert len(items) == 3 and list(stages.ingest_feed(forced, feed_id()).next) == items

    event = one(stages.understand_item(ctx, items[0]))
    assert event is not None and one(stages.understand_item(ctx, items[0])) == event
    assert models.Event.objects.count() == 1

    article = one(stages.write_event(ctx, event))
    assert article is not None and one(stages.write_event(ctx, event)) == article
    assert models.Article.objects.count() == 1

    assert one(stages.illustrate_article(ctx, article)) == article
    assert one(stages.illustrate_article(ctx, article)) == article
    assert models.Image.objects.count() == 1

    assert stages.publish_article(ctx, article).counts.published == 1
    assert stages.publish_article(ctx, article).counts.published == 0
    assert one(stages.illustrate_article(ctx, article)) is None  # published: nothing left to do
    assert flow.pending(now=NOW) == {"ingest": [], "understand": items[1:], "write": [],
                                     "illustrate": [], "publish": []}


@pytest.mark.django_db
def test_a_draft_without_its_image_is_not_published(config):
    ctx = stages.Context(config, now=NOW)
    item = stages.ingest_feed(ctx, feed_id()).next[0]
    article = one(stages.write_event(ctx, one(stages.understand_item(ctx, item))))
    assert stages.publish_article(ctx, article).counts.published == 0
    assert flow.pending(now=NOW)["illustrate"] == [article]


def test_the_queue_front_says_it_needs_postgresql_on_sqlite(settings):
    settings.POSTGRES = False
    assert not queue.available()
    with pytest.raises(queue.QueueUnavailable, match="needs PostgreSQL"):
        flow.enqueue("ingest", 1)


# ---------------------------------------------------------------------------------------------
# PostgreSQL: the queue and row locks


@postgres_only
@pytest.mark.django_db
def test_two_dispatches_queue_each_job_once(config):
    from procrastinate.contrib.django.models import ProcrastinateJob

    first = flow.dispatch(config)
    second = flow.dispatch(config)
    assert first["ingest"] == 1 and second["ingest"] == 0  # the waiting ingest is not queued again
    assert ProcrastinateJob.objects.filter(queue_name="ingest").count() == 1

    stages.ingest_feed(stages.Context(config, now=NOW), feed_id())
    assert flow.dispatch(config)["understand"] == 3
    assert flow.dispatch(config)["understand"] == 0
    assert ProcrastinateJob.objects.filter(queue_name="understand").count() == 3


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_row_another_worker_holds_is_busy_not_written_twice(config):
    ctx = stages.Context(config, now=NOW, kb=knowledge.knowledge_base())
    event = one(stages.understand_item(ctx, stages.ingest_feed(ctx, feed_id()).next[0]))
    held, release = threading.Event(), threading.Event()

    def other_worker():
        with transaction.atomic():
            models.Event.objects.select_for_update().get(pk=event)
            held.set()
            release.wait(10)
        connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    held.wait(10)
    try:
        with pytest.raises(Busy):
            stages.write_event(ctx, event)
    finally:
        release.set()
        thread.join()
    assert one(stages.write_event(ctx, event)) is not None
    assert models.Article.objects.count() == 1


# ---------------------------------------------------------------------------------------------
# processes


def wait_for_jobs(db, condition, timeout: float, what: str) -> None:
    """Wait until `condition()` holds, woken by each change to the job table, not by a clock."""
    # A trigger tells this connection of every change to the jobs; a change between a check and
    # the wait is queued on the connection, so none is missed.
    db.execute("""
        CREATE OR REPLACE FUNCTION infolitico_test_jobs_changed() RETURNS trigger AS $$
        BEGIN PERFORM pg_notify('infolitico_test_jobs', ''); RETURN NULL; END $$ LANGUAGE plpgsql;
        CREATE OR REPLACE TRIGGER infolitico_test_jobs_changed AFTER INSERT OR UPDATE OR DELETE
        ON procrastinate_jobs FOR EACH STATEMENT EXECUTE FUNCTION infolitico_test_jobs_changed();
        LISTEN infolitico_test_jobs;
    """)
    deadline = time.monotonic() + timeout
    while not condition():
        left = deadline - time.monotonic()
        assert left > 0, what
        for _ in db.notifies(timeout=left, stop_after=1):
            pass


def run_both(config_path: Path, timeout: float = 300):
    env = env_for(config_path)
    procs = [subprocess.Popen([str(BIN), "run"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    return [(p, *p.communicate(timeout=timeout)) for p in procs]


def check_sqlite(root: Path, n: int):
    import sqlite3

    db = sqlite3.connect(root / "infolitico.sqlite3")
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    assert one("SELECT count(*) FROM newsroom_event") == n
    assert one("SELECT count(*) FROM newsroom_article WHERE status = 'published'") == n
    assert one("SELECT count(*) FROM newsroom_article") == n
    assert one("SELECT count(DISTINCT slug) FROM newsroom_article") == n
    assert one("SELECT count(*) FROM newsroom_image") == n
    for (path,) in db.execute("SELECT path FROM newsroom_image"):
        assert (root / "images" / path).is_file()


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite's own test: the SQLite pass runs it")
def test_two_runs_at_once_on_one_sqlite_newsroom_publish_each_event_once(tmp_path):
    n = 30
    config_path = make_newsroom(tmp_path / "newsroom", n)
    made = subprocess.run([str(BIN), "status"], env=env_for(config_path), capture_output=True,
                          text=True)
    assert made.returncode == 0, made.stderr

    results = run_both(config_path)

    for proc, _out, err in results:
        assert proc.returncode == 0, err
        assert "failed" not in err
    # Each article is published by exactly one of the two runs.
    published = [int(out.split(" published")[0].rsplit(", ", 1)[1]) for _, out, _ in results]
    assert sum(published) == n
    check_sqlite(config_path.parent, n)


PAGES = """
import os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "infolitico.settings"
django.setup()
from django.test import Client
from infolitico.newsroom.models import Article
client, bad = Client(), []
for article in Article.objects.filter(status="published").select_related("image", "section"):
    page = client.get(article.get_absolute_url())
    if page.status_code != 200 or article.image.alt not in page.content.decode():
        bad.append(article.slug)
print(len(bad), bad[:5])
"""


@postgres_only
def test_three_workers_one_killed_publish_500_events_exactly_once(tmp_path):
    n = 500
    name = f"infolitico_workers_{os.getpid()}"
    url = create_database(SERVER, name)
    config_path = make_newsroom(tmp_path / "newsroom", n, url)
    procs = []
    try:
        made = subprocess.run([str(BIN), "status"], env=env_for(config_path),
                              capture_output=True, text=True)
        assert made.returncode == 0, made.stderr
        # Heartbeats every second: a killed worker's jobs run again within seconds.
        procs = start_workers(config_path, 3, INFOLITICO_STALLED_AFTER="3")
        queued = subprocess.run([str(BIN), "run", "--enqueue"], env=env_for(config_path),
                                capture_output=True, text=True)
        # (The workers' own dispatcher may have queued the feed first: either is fine.)
        assert queued.returncode == 0 and queued.stdout.startswith("queued "), queued.stderr

        import psycopg

        with psycopg.connect(url.replace("postgres://", "postgresql://", 1),
                             autocommit=True) as db:
            one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
            # Mid-flow, with every worker in the middle of a job: kill one outright.
            wait_for_jobs(db, lambda: (
                one("SELECT count(*) FROM newsroom_article WHERE status = 'published'") >= 100
                and one("SELECT count(DISTINCT worker_id) FROM procrastinate_jobs "
                        "WHERE status = 'doing'") == 3), 300, "the workers never got going")
            procs[0].send_signal(signal.SIGKILL)
            procs[0].wait()

            wait_until_done(url, n, timeout=600, procs=procs[1:])

            assert one("SELECT count(*) FROM newsroom_sourceitem") == n
            assert one("SELECT count(*) FROM newsroom_sourceitem WHERE event_id IS NULL") == 0
            assert one("SELECT count(*) FROM newsroom_event") == n
            assert one("SELECT count(*) FROM newsroom_article") == n
            assert one("SELECT count(*) FROM newsroom_article WHERE status = 'published'") == n
            assert one("SELECT count(DISTINCT slug) FROM newsroom_article") == n
            assert one("SELECT count(*) FROM newsroom_image") == n
            assert one("SELECT count(*) FROM procrastinate_jobs WHERE status = 'failed'") == 0
            # The dead worker was found by its missing heartbeat (and its row pruned).
            assert one("SELECT count(*) FROM procrastinate_workers") == 2
            assert max(one("SELECT extract(epoch FROM now() - min(last_heartbeat)) "
                           "FROM procrastinate_workers"), 0) < 3
            root = config_path.parent
            for (path,) in db.execute("SELECT path FROM newsroom_image").fetchall():
                assert (root / "images" / path).is_file()

        pages = subprocess.run([sys.executable, "-c", PAGES], env=env_for(config_path),
                               capture_output=True, text=True, timeout=300)
        assert pages.stdout.strip() == "0 []", pages.stderr[-2000:]
        status = subprocess.run([str(BIN), "status"], env=env_for(config_path),
                                capture_output=True, text=True)
        assert "workers: 2 alive" in status.stdout and "0 failed" in status.stdout
    finally:
        stop(procs)
        drop_database(SERVER, name)
