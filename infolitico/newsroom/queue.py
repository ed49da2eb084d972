"""The job queue the flow runs on with PostgreSQL: a thin front, so nothing else imports Procrastinate.

On SQLite there is no queue: `available()` says so, and `infolitico run` runs the flow inline.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from infolitico.config import Config
from infolitico.newsroom import stages

STAGES = ("fetch", "understand", "write", "illustrate", "publish")
QUEUES = (*STAGES, "dispatch")  # dispatch: the every-minute dispatcher and the stalled-job retry
SWEEP = 1000  # rows per stage the dispatcher re-queues per tick: bounded, so a tick stays short

NEEDS_POSTGRES = (
    "the job queue needs PostgreSQL (set DATABASE_URL=postgres://… or [database] url); "
    "on SQLite, `infolitico run` runs the whole flow inline"
)


class QueueUnavailable(Exception):
    """The newsroom's database is not PostgreSQL, so it has no job queue."""


def available() -> bool:
    """Whether this newsroom has a job queue (its database is PostgreSQL)."""
    from django.conf import settings

    return bool(getattr(settings, "POSTGRES", False))


def _tasks():
    if not available():
        raise QueueUnavailable(NEEDS_POSTGRES)
    from infolitico.newsroom import tasks

    return tasks


def enqueue(stage: str, row_id: int) -> bool:
    """Queue one stage of the flow for one row; False when that job is already waiting."""
    if stage not in STAGES:
        raise ValueError(f"no stage {stage!r}; stages: {', '.join(STAGES)}")
    return _tasks().defer(stage, row_id)


def dispatch(config: Config, now: datetime | None = None) -> Counter:
    """Queue a fetch of every due feed, and a job for stored work that has none; counts queued jobs."""
    _tasks()
    stages.sync_feeds(config)
    queued: Counter = Counter()
    for feed_id in stages.due_feeds(now):
        queued["fetch"] += enqueue("fetch", feed_id)
    # The sweep: work whose job was lost (a crash between a commit and its next enqueue, a job
    # that failed for good) is queued again; the queueing locks skip what is already waiting.
    for stage, ids in stages.pending(limit=SWEEP).items():
        for row_id in ids:
            queued[stage] += enqueue(stage, row_id)
    return queued


def run_worker(*, concurrency: int = 1, queues: list[str] | None = None,
               name: str | None = None) -> None:
    """Work the queues (all, or the ones named) until stopped."""
    _tasks().run_worker(concurrency=concurrency, queues=queues, name=name)


def stats() -> dict:
    """Queue depth, failed jobs and live workers, for `infolitico status`."""
    return _tasks().stats()
