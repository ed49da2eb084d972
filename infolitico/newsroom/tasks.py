"""The flow's stages as queue tasks, for `infolitico worker` on PostgreSQL.

The only module that imports Procrastinate; its Django app loads it (settings.py installs that app
on PostgreSQL alone). One task runs every stage of `flow.STAGES` on one row by id, through the
stage's idempotent function, and queues the next stage for what that produced, so delivery at
least once publishes once.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from procrastinate import RetryDecision
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob, ProcrastinateWorker
from procrastinate.exceptions import AlreadyEnqueued
from procrastinate.retry import BaseRetryStrategy

from infolitico.errors import Busy
from infolitico.newsroom import flow, knowledge, queue
from infolitico.pipeline.writers import get_writer

# A worker that sends no heartbeat for this long is taken for dead and its jobs are run again.
STALLED_AFTER = max(1.0, float(os.environ.get("INFOLITICO_STALLED_AFTER", "30")))
HEARTBEAT = STALLED_AFTER / 3
KB_SECONDS = 60  # how long a worker reuses the knowledge base before reading editors' changes


class Retry(BaseRetryStrategy):
    """Busy rows again in a second; other failures a few times, waiting longer each time."""

    def get_retry_decision(self, *, exception, job):
        if isinstance(exception, Busy):
            return RetryDecision(retry_in={"seconds": 1}) if job.attempts < 120 else None
        if job.attempts < 5:
            return RetryDecision(retry_in={"seconds": 2 ** job.attempts})
        return None  # failed: `infolitico status` shows it, and the dispatcher's sweep retries


RETRY = Retry()
# The dispatcher and the stalled-job retry never wait behind the flow's stages.
SYSTEM = 10


def _config():
    return settings.NEWSROOM


_cache: dict = {}
_cache_lock = threading.Lock()


def _kb():
    with _cache_lock:
        kb, at = _cache.get("kb", (None, 0.0))
        if kb is None or time.monotonic() - at > KB_SECONDS:
            kb = knowledge.knowledge_base()
            _cache["kb"] = (kb, time.monotonic())
        return kb


def _writer():
    with _cache_lock:
        if "writer" not in _cache:
            _cache["writer"] = get_writer(_config().writer, _config().llm)
        return _cache["writer"]


# One task runs every stage: which stage, and on which row, are its arguments, and each stage has
# its own queue (so `--queues` can dedicate a machine) and priority (later stages first, so each
# event goes on to publication instead of waiting behind every item's understanding).
@app.task(name="infolitico.stage", retry=RETRY)
def run_stage(stage: str, row_id: int) -> None:
    """One stage's work on one row; queues the next stage for what it hands on."""
    flow.work(_config(), stage, row_id, load_kb=_kb, load_writer=_writer)


def defer(stage: str, row_id: int, *, priority: int = 0, exclusive: bool = False) -> bool:
    """Queue one stage's job for one row; False when that job is already waiting."""
    options = {"queue": stage, "priority": priority, "queueing_lock": f"{stage}:{row_id}"}
    if exclusive:
        options["lock"] = f"{stage}-running:{row_id}"  # one at a time for the row, on any machine
    try:
        # A savepoint: through Django's connection, a refused duplicate must not abort the
        # caller's transaction.
        with transaction.atomic():
            run_stage.configure(**options).defer(stage=stage, row_id=row_id)
    except AlreadyEnqueued:
        return False
    return True


# Every worker defers these, but Procrastinate makes one job per tick; the queueing lock keeps a
# late tick from piling up behind a slow one, and the lock runs dispatchers one at a time.
@app.periodic(cron="* * * * *", periodic_id="dispatch")
@app.task(name="infolitico.dispatch", queue=queue.DISPATCH, queueing_lock="dispatch",
          lock="dispatch", priority=SYSTEM)
def dispatch(timestamp: int) -> None:
    """Every minute: queue an ingest of each due feed, and any stored work that has no job."""
    flow.dispatch(_config())


_EVERY = max(1, min(59, int(HEARTBEAT)))


@app.periodic(cron=f"* * * * * */{_EVERY}", periodic_id="stalled")
@app.task(name="infolitico.retry_stalled", queue=queue.DISPATCH, queueing_lock="retry_stalled",
          pass_context=True, priority=SYSTEM)
async def retry_stalled(context, timestamp: int) -> None:
    """Run again the jobs of workers that stopped sending heartbeats (killed, or cut off)."""
    manager = context.app.job_manager
    for job in await manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_AFTER):
        try:
            await manager.retry_job(job)
        except Exception:  # another worker's sweep got there first
            continue
    await manager.prune_stalled_workers(STALLED_AFTER)


def run_worker(*, concurrency: int, queues: list[str] | None, name: str | None) -> None:
    """Work the queues until SIGINT or SIGTERM, which let the jobs in hand finish."""
    # The Django connector has no LISTEN/NOTIFY; a worker gets its own psycopg pool instead.
    with app.replace_connector(app.connector.get_worker_connector()):
        app.run_worker(
            queues=queues,
            concurrency=concurrency,
            name=name or f"{socket.gethostname()}:{os.getpid()}",
            delete_jobs="successful",  # done jobs leave the table; failures stay to be seen
            update_heartbeat_interval=HEARTBEAT,
            stalled_worker_timeout=STALLED_AFTER,
        )


def stats() -> dict:
    """Queue depth per queue, failures, and the workers alive (those with a recent heartbeat)."""
    rows = ProcrastinateJob.objects.values("queue_name", "status").annotate(n=Count("id"))
    depth: dict[str, dict[str, int]] = {}
    for row in rows:
        depth.setdefault(row["queue_name"], {})[row["status"]] = row["n"]
    alive_since = timezone.now() - timedelta(seconds=STALLED_AFTER)
    workers = ProcrastinateWorker.objects.filter(last_heartbeat__gte=alive_since)
    failed = ProcrastinateJob.objects.filter(status="failed").order_by("-id")
    return {
        "queues": depth,
        "workers": workers.count(),
        "heartbeat": workers.aggregate(last=Max("last_heartbeat"))["last"],
        "failed": [f"{j.task_name}({', '.join(f'{k}={v}' for k, v in j.args.items())})"
                   for j in failed[:5]],
    }
