"""The job queue the flow runs on with PostgreSQL: a thin front, so nothing else imports Procrastinate.

On SQLite there is no queue: `available()` says so, and `infolitico run` runs the flow inline.
Which jobs there are is `flow`'s business: a job is one stage's work on one row.
"""

from __future__ import annotations

from infolitico.errors import ConfigError

DISPATCH = "dispatch"  # the queue of the every-minute dispatcher and the stalled-job retry

NEEDS_POSTGRES = (
    "the job queue needs PostgreSQL (set DATABASE_URL=postgres://… or [database] url); "
    "on SQLite, `infolitico run` runs the whole flow inline"
)


class QueueUnavailable(ConfigError):
    """The newsroom's database is not PostgreSQL, so it has no job queue."""


def available() -> bool:
    """Whether this newsroom has a job queue (its database is PostgreSQL)."""
    from django.conf import settings

    return bool(getattr(settings, "POSTGRES", False))


def require() -> None:
    """Raise QueueUnavailable unless this newsroom has a job queue."""
    if not available():
        raise QueueUnavailable(NEEDS_POSTGRES)


def _tasks():
    require()
    from infolitico.newsroom import tasks

    return tasks


def defer(stage: str, row_id: int, *, priority: int = 0, exclusive: bool = False) -> bool:
    """Queue the job of one stage for one row on that stage's queue; False when it is already waiting."""
    return _tasks().defer(stage, row_id, priority=priority, exclusive=exclusive)


def run_worker(*, concurrency: int = 1, queues: list[str] | None = None,
               name: str | None = None) -> None:
    """Work the queues (all, or the ones named) until stopped."""
    _tasks().run_worker(concurrency=concurrency, queues=queues, name=name)


def stats() -> dict:
    """Queue depth, failed jobs and live workers, for `infolitico status`."""
    return _tasks().stats()
