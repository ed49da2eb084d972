"""Events per second through the whole flow: the inline runner, then 1 and 2 queue workers.

Run: .venv/bin/python bench/workers.py [--events N]
Starts its own throwaway PostgreSQL (scripts/with-postgres) unless DATABASE_URL is already a
postgres:// URL; each run gets a fresh database and newsroom. The events are N distinct coverable
titles (template writer, images rendered), all published at the end of each run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin" / "infolitico"

WHO = ["Gavin Newsom", "Gretchen Whitmer", "Josh Shapiro", "Wes Moore", "JB Pritzker", "Tim Walz",
       "Andy Beshear", "Kathy Hochul", "Ron DeSantis", "Greg Abbott"]
ACTS = ["signs bill to fund {n} new {thing}", "announces ${n} million plan for {thing}",
        "unveils {n}-point proposal on {thing}", "visits {place} to launch {thing} program in {n} towns"]
THINGS = ["rural clinics", "school libraries", "bridge repairs", "transit lines", "public parks",
          "water systems", "housing grants", "job training"]
PLACES = ["Springfield", "Riverside", "Fairview", "Greenville", "Madison"]
PUBLISHERS = ["Reuters", "Associated Press", "Politico", "The Hill", "NPR"]
# Further apart than the clustering window (48 h), so no two generated items are one event.
SPACING = timedelta(hours=49)


def titles(n: int) -> list[str]:
    """N distinct titles a newsroom covers: known governors, varied acts, numbers and places."""
    out = []
    for i in range(n):
        act = ACTS[(i // len(WHO)) % len(ACTS)].format(
            n=10 + i, thing=THINGS[i % len(THINGS)], place=PLACES[i % len(PLACES)])
        out.append(f"{WHO[i % len(WHO)]} {act} - {PUBLISHERS[i % len(PUBLISHERS)]}")
    return out


def feed(n: int, end: datetime | None = None) -> bytes:
    """An RSS feed of `titles(n)`, the last one published at `end` (default: now)."""
    end = end or datetime.now(UTC)
    items = "".join(
        f"<item><title>{escape(t)}</title><link>https://news.example/w/{i}</link>"
        f"<guid>w-{i}</guid><pubDate>{format_datetime(end - SPACING * (n - 1 - i))}</pubDate></item>"
        for i, t in enumerate(titles(n))
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Load'
            f"</title><link>https://news.example/</link><description>generated</description>"
            f"{items}</channel></rss>").encode()


def make_newsroom(root: Path, n: int, database_url: str = "") -> Path:
    """A newsroom folder reading a generated feed of n events; returns its infolitico.toml."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "load.xml").write_bytes(feed(n))
    path = root / "infolitico.toml"
    # The generated items are spaced further apart than the clustering window, weeks in all: the
    # old-news check ([fetch] max_age_days) is off, so every one of them is news.
    path.write_text(f'[[feeds]]\npath = "load.xml"\n\n[database]\nurl = "{database_url}"\n\n'
                    '[fetch]\nmax_age_days = 0\n', encoding="utf-8")
    return path


def with_database(url: str, name: str) -> str:
    """The same server's URL for another database."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def create_database(url: str, name: str) -> str:
    """Create (afresh) a database on the server of `url`; returns its URL."""
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return with_database(url, name)


def drop_database(url: str, name: str) -> None:
    """Drop a database made by `create_database`."""
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def env_for(config: Path, **extra: str) -> dict:
    """The environment of an `infolitico` process on that newsroom (its own [database] url)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "INFOLITICO_CONFIG")}
    return {**env, "INFOLITICO_CONFIG": str(config), **extra}


def settled(database_url: str) -> tuple[int, int, int]:
    """(articles published or declined, events, jobs waiting or running) in that database."""
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as conn:
        done = conn.execute("SELECT count(*) FROM newsroom_article "
                            "WHERE status IN ('published', 'declined', 'held')").fetchone()[0]
        events = conn.execute("SELECT count(*) FROM newsroom_event").fetchone()[0]
        jobs = conn.execute("SELECT count(*) FROM procrastinate_jobs WHERE status IN "
                            "('todo', 'doing') AND queue_name <> 'dispatch'").fetchone()[0]
    return done, events, jobs


def start_workers(config: Path, count: int, **extra: str) -> list[subprocess.Popen]:
    """Start `infolitico worker` processes (logs beside the newsroom) and wait until each works."""
    procs = []
    first = len(list(config.parent.glob("worker-*.log")))
    for i in range(first, first + count):
        # A file, not a pipe: a pipe nobody reads would stall a worker that logs a lot.
        log = open(config.parent / f"worker-{i}.log", "w")  # noqa: SIM115
        proc = subprocess.Popen([str(BIN), "worker"], env=env_for(config, **extra), stdout=log,
                                stderr=subprocess.STDOUT, text=True)
        proc.log = Path(log.name)
        procs.append(proc)
    deadline = time.monotonic() + 120
    for proc in procs:
        while not proc.log.read_text().startswith("worker on"):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"worker did not start: {proc.log.read_text()}")
            time.sleep(0.1)
    return procs


def stop(procs: list[subprocess.Popen]) -> None:
    """Stop workers as SIGTERM does in production: the jobs in hand finish first."""
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def wait_until_done(database_url: str, n: int, timeout: float, procs=()) -> None:
    """Wait until every one of n events has its final article and no flow job is left."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, events, jobs = settled(database_url)
        if done >= n and events >= n and jobs == 0:
            return
        for proc in procs:
            if proc.poll() is not None and proc.returncode not in (0, -9):
                raise RuntimeError(f"a worker exited with {proc.returncode}: {proc.log.read_text()}")
        time.sleep(0.5)
    raise TimeoutError(f"not done after {timeout:.0f} s: {settled(database_url)}")


def run_inline(server: str, n: int, work: Path) -> float:
    """Seconds `infolitico run` takes for all n events, on PostgreSQL."""
    url = create_database(server, "bench_inline")
    config = make_newsroom(work / "inline", n, url)
    subprocess.run([str(BIN), "status"], env=env_for(config), check=True, capture_output=True)
    started = time.monotonic()
    subprocess.run([str(BIN), "run"], env=env_for(config), check=True, capture_output=True)
    seconds = time.monotonic() - started
    drop_database(server, "bench_inline")
    return seconds


def run_workers(server: str, n: int, work: Path, workers: int) -> float:
    """Seconds `workers` queue workers take for all n events, from `run --enqueue` to the last publish."""
    name = f"bench_workers_{workers}"
    url = create_database(server, name)
    config = make_newsroom(work / name, n, url)
    subprocess.run([str(BIN), "status"], env=env_for(config), check=True, capture_output=True)
    procs = start_workers(config, workers)
    try:
        started = time.monotonic()
        subprocess.run([str(BIN), "run", "--enqueue"], env=env_for(config), check=True,
                       capture_output=True)
        wait_until_done(url, n, timeout=1800, procs=procs)
        seconds = time.monotonic() - started
    finally:
        stop(procs)
    drop_database(server, name)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200)
    args = parser.parse_args()
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith(("postgres://", "postgresql://")):
        # A throwaway cluster, removed when the benchmark ends.
        return subprocess.call([str(ROOT / "scripts" / "with-postgres"), sys.executable,
                                *sys.argv])
    n = args.events
    print(f"{n} events, template writer, images rendered, {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory(prefix="infolitico-bench-") as tmp:
        work = Path(tmp)
        rows = [("inline (infolitico run)", run_inline(server, n, work))]
        print(f"{rows[-1][0]:<28}{rows[-1][1]:7.1f} s {n / rows[-1][1]:7.1f} events/s", flush=True)
        for count in (1, 2):
            rows.append((f"{count} worker{'s' * (count > 1)}", run_workers(server, n, work, count)))
            print(f"{rows[-1][0]:<28}{rows[-1][1]:7.1f} s {n / rows[-1][1]:7.1f} events/s",
                  flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
