"""One `infolitico run` at a time per newsroom: a second one waits for the first, and says so once."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

FILENAME = ".infolitico-run.lock"


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
