"""The newsroom's locks, all in one place.

- `one_run`: one `infolitico run` at a time per newsroom, a file lock; a second run waits for the
  first, and says so once.
- `migrating`: one schema migration at a time across machines (a PostgreSQL session lock).
- `serialize`: one process at a time in a step, for the rest of the transaction (a PostgreSQL
  transaction lock; on SQLite the database's one write lock does this already).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from django.db import connection

FILENAME = ".infolitico-run.lock"

# Keys of the PostgreSQL advisory locks; each names one thing done one process at a time.
ADVISORY = {"migrate": 7_301_000, "understand": 7_301_001}


@contextmanager
def one_run(root: Path, say: Callable[[str], None]) -> Iterator[None]:
    """Hold the newsroom's run lock for the block; if another run holds it, `say` so and wait."""
    path = root / FILENAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"another run is in progress {_holder(fd)}; waiting for it to finish")
            # The kernel releases the lock when its holder exits, however it exits (even SIGKILL).
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {datetime.now().astimezone().isoformat()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)


def _holder(fd: int) -> str:
    try:
        pid, started = os.pread(fd, 200, 0).decode().split()
        return f"since {datetime.fromisoformat(started).strftime('%H:%M')} (pid {int(pid)})"
    except (ValueError, OSError):
        return "(its start was not recorded yet)"


@contextmanager
def migrating() -> Iterator[None]:
    """Hold the schema lock for the block, on PostgreSQL: many machines may start at once."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [ADVISORY["migrate"]])
        try:
            yield
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY["migrate"]])


def serialize(name: str) -> None:
    """Run the rest of this transaction's step `name` one process at a time (PostgreSQL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY[name]])
