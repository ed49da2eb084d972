"""SIGKILL at any point of a run, several times, then one clean run: nothing lost, nothing twice.

On SQLite, `infolitico run` is killed in each stage in turn (ingest, understand, write,
illustrate, publish) at a random moment; on PostgreSQL (the `scripts/with-postgres` pass), queue
workers are killed the same way. The end state must match an uninterrupted run's, and the
database's own integrity check must be clean.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from bench.workers import (
    BIN,
    create_database,
    drop_database,
    env_for,
    make_newsroom,
    start_workers,
    stop,
    wait_until_done,
)

N = 16
SERVER = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = SERVER.startswith(("postgres://", "postgresql://"))

# What each stage leaves behind, counted while it works.
COUNTS = {
    "ingest": "SELECT count(*) FROM newsroom_sourceitem",
    "understand": "SELECT count(*) FROM newsroom_event",
    "write": "SELECT count(*) FROM newsroom_article",
    "illustrate": "SELECT count(*) FROM newsroom_image",
    "publish": "SELECT count(*) FROM newsroom_article WHERE status = 'published'",
}
OUTCOME = ("SELECT i.guid, e.verdict, a.status, a.headline, a.slug, img.path FROM newsroom_sourceitem i"
           " JOIN newsroom_event e ON e.id = i.event_id LEFT JOIN newsroom_article a ON a.event_id = e.id"
           " LEFT JOIN newsroom_image img ON img.article_id = a.id ORDER BY i.guid")


def _count(db: Path, sql: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:  # not made yet, or the schema is being migrated
        return -1


def _kill_in(stage: str, config: Path, rng: random.Random) -> str:
    """Start a run and SIGKILL it once `stage` has done some of its work; what happened, in words."""
    db = config.parent / "infolitico.sqlite3"
    before = _count(db, COUNTS[stage])
    run = subprocess.Popen([str(BIN), "run"], env=env_for(config), stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while run.poll() is None and _count(db, COUNTS[stage]) <= before:
        assert time.monotonic() < deadline, f"{stage} never started"
        time.sleep(0.02)
    time.sleep(rng.uniform(0, 0.15))  # somewhere inside the stage, not always at its first row
    if run.poll() is not None:
        return f"{stage}: the run finished first"
    run.send_signal(signal.SIGKILL)
    run.wait()
    return f"{stage}: killed"


def _integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite's own test: the SQLite pass runs it")
def test_runs_killed_in_every_stage_then_one_clean_run_lose_nothing_and_publish_nothing_twice(tmp_path):
    rng = random.Random(17)
    killed = make_newsroom(tmp_path / "killed", N)
    reference = make_newsroom(tmp_path / "reference", N)
    # Every process reads the same feed file, so the two newsrooms see the same items.
    (reference.parent / "load.xml").write_bytes((killed.parent / "load.xml").read_bytes())
    assert subprocess.run([str(BIN), "run"], env=env_for(reference), capture_output=True).returncode == 0

    happened = [_kill_in(stage, killed, rng) for stage in COUNTS]
    happened += [_kill_in(rng.choice(list(COUNTS)[1:]), killed, rng) for _ in range(2)]
    clean = subprocess.run([str(BIN), "run"], env=env_for(killed), capture_output=True, text=True)

    assert clean.returncode == 0, clean.stderr
    assert "Traceback" not in clean.stderr, clean.stderr
    assert sum("killed" in h for h in happened) >= 4, happened
    db, ref = killed.parent / "infolitico.sqlite3", reference.parent / "infolitico.sqlite3"
    assert _integrity(db) == "ok"
    with sqlite3.connect(db) as got, sqlite3.connect(ref) as want:
        outcome = got.execute(OUTCOME).fetchall()
        assert [row[:4] for row in outcome] == [row[:4] for row in want.execute(OUTCOME).fetchall()]
        assert len(outcome) == N  # every item, once, with its event and its one article
        one = lambda sql: got.execute(sql).fetchone()[0]  # noqa: E731
        assert one("SELECT count(*) FROM newsroom_article WHERE status = 'draft'") == 0
        assert one("SELECT count(*) FROM newsroom_article") == one("SELECT count(*) FROM newsroom_event")
        published = one("SELECT count(*) FROM newsroom_article WHERE status = 'published'")
        # Each published article is in the search index exactly once (publishing announces it).
        assert one("SELECT count(*) FROM site_search") == published
        assert one("SELECT count(DISTINCT rowid) FROM site_search") == published
    for (path,) in sqlite3.connect(db).execute("SELECT path FROM newsroom_image"):
        assert (killed.parent / "images" / path).is_file()
    # What the killed runs were drawing ahead is gone once a run has been through.
    assert not list((killed.parent / "images").glob(".drawing-*"))


@pytest.mark.skipif(not ON_POSTGRES, reason="needs DATABASE_URL=postgres://…")
def test_workers_killed_at_random_points_then_one_clean_worker_lose_nothing(tmp_path):
    import psycopg

    rng = random.Random(23)
    name = f"infolitico_kills_{os.getpid()}"
    url = create_database(SERVER, name)
    config = make_newsroom(tmp_path / "newsroom", N, url)
    procs = []
    try:
        assert subprocess.run([str(BIN), "status"], env=env_for(config), capture_output=True).returncode == 0
        with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as db:
            one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
            subprocess.run([str(BIN), "run", "--enqueue"], env=env_for(config), capture_output=True)
            for stage in ("understand", "write", "illustrate", "publish"):
                procs = start_workers(config, 1, INFOLITICO_STALLED_AFTER="2")
                before = one(COUNTS[stage])
                deadline = time.monotonic() + 120
                while one(COUNTS[stage]) <= before and one(COUNTS["publish"]) < N:
                    assert time.monotonic() < deadline, f"{stage} never started"
                    time.sleep(0.02)
                time.sleep(rng.uniform(0, 0.15))
                procs[0].send_signal(signal.SIGKILL)
                procs[0].wait()
            procs = start_workers(config, 1, INFOLITICO_STALLED_AFTER="2")
            subprocess.run([str(BIN), "run", "--enqueue"], env=env_for(config), capture_output=True)
            wait_until_done(url, N, timeout=300, procs=procs)
            assert one("SELECT count(*) FROM newsroom_sourceitem WHERE event_id IS NULL") == 0
            assert one("SELECT count(*) FROM newsroom_sourceitem") == N
            assert one("SELECT count(*) FROM newsroom_event") == N
            assert one("SELECT count(*) FROM newsroom_article") == N
            assert one("SELECT count(*) FROM newsroom_article WHERE status = 'draft'") == 0
            assert one("SELECT count(DISTINCT slug) FROM newsroom_article WHERE slug IS NOT NULL") == one(
                "SELECT count(*) FROM newsroom_article WHERE slug IS NOT NULL")
            assert one("SELECT count(*) FROM procrastinate_jobs WHERE status = 'failed'") == 0
            # PostgreSQL's own check of the tables' indexes would need amcheck; the constraints hold:
            assert one("SELECT count(*) FROM (SELECT event_id FROM newsroom_article GROUP BY event_id "
                       "HAVING count(*) > 1) twice") == 0
    finally:
        stop(procs)
        drop_database(SERVER, name)
