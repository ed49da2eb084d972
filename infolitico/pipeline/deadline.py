"""Parse a feed in a worker process under a wall-clock deadline, so no feed can stall the newsroom.

The fetch has a deadline of its own; parsing needs one too, because a parser can be made to work
for minutes on a few hundred bytes. A warm worker process (started once, reused) parses each
body; one that overruns is killed, the feed recorded as failed, and a fresh worker is started for
the next feed. The worker also has a memory ceiling, and it leaves when its parent does.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from typing import Any

from infolitico.pipeline.feeds import FeedError, ParsedFeed, parse_feed

MEMORY_LIMIT = 2 * 1024**3  # bytes of address space for the worker: a parse past this fails alone

_lock = threading.Lock()
_worker: _Worker | None = None


PARSER = "infolitico.pipeline.feeds:parse_feed"


def parse_feed_within(
    body: bytes, *, seconds: float, url: str | None = None, content_type: str | None = None,
    parser: str = PARSER,
) -> ParsedFeed:
    """`parse_feed` (or the `parser` named "module:function"), abandoned after `seconds` with a FeedError."""
    global _worker
    with _lock:  # one parse at a time per process: it is CPU work under one GIL anyway
        for attempt in (1, 2):
            if _worker is None or not _worker.alive():
                _worker = _Worker()
            try:
                _worker.send((parser, body, url, content_type))
                break
            except (BrokenPipeError, ConnectionError, EOFError, OSError):
                _worker.stop()
                _worker = None
                if attempt == 2:
                    raise FeedError("not read: the parser process could not be started") from None
        worker = _worker
        if not worker.conn.poll(seconds):
            worker.stop()
            _worker = None
            raise FeedError(f"not read: parsing took longer than {seconds:g} s and was abandoned")
        try:
            kind, value = worker.conn.recv()
        except (EOFError, OSError):
            worker.stop()
            _worker = None
            raise FeedError("not read: the parser stopped on this feed (out of memory?)") from None
    if kind == "ok":
        return value
    if kind == "feed":
        raise FeedError(value)
    raise FeedError(f"not a feed: the parser failed ({value})")


def stop_worker() -> None:
    """Stop the warm worker, if any (it is started again when next needed)."""
    global _worker
    with _lock:
        if _worker is not None:
            _worker.stop()
            _worker = None


class _Worker:
    def __init__(self) -> None:
        # A fresh interpreter, not a fork: the parent may hold database connections and threads,
        # and its main module is no business of the worker's.
        to_child, from_parent = os.pipe()
        to_parent, from_child = os.pipe()
        self.process = subprocess.Popen(
            [sys.executable, "-m", __name__, str(to_child), str(from_child)],
            pass_fds=(to_child, from_child), stdin=subprocess.DEVNULL,
        )
        os.close(to_child)
        os.close(from_child)
        self.out = Connection(from_parent, readable=False)
        self.conn = Connection(to_parent, writable=False)

    def send(self, message: Any) -> None:
        self.out.send(message)

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(5)
        self.out.close()
        self.conn.close()


def _serve(conn: Connection, out: Connection, parent: int) -> None:
    """The worker's loop: parse what arrives, answer ("ok" | "feed" | "error", value)."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ImportError, ValueError, OSError):
        pass
    threading.Thread(target=_leave_with, args=(parent,), daemon=True).start()
    while True:
        try:
            parser, body, url, content_type = conn.recv()
        except (EOFError, OSError):
            return
        try:
            parse = parse_feed if parser == PARSER else _named(parser)
            answer: tuple[str, Any] = ("ok", parse(body, url=url, content_type=content_type))
        except FeedError as exc:
            answer = ("feed", exc.reason)
        except Exception as exc:  # anything the parser throws is this feed's problem
            answer = ("error", f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}")
        try:
            out.send(answer)
        except (BrokenPipeError, OSError):
            return


def _named(name: str):
    import importlib

    module, _, function = name.partition(":")
    return getattr(importlib.import_module(module), function)


def _leave_with(parent: int) -> None:
    # A parent killed outright (SIGKILL) never says goodbye: the worker must notice by itself.
    import time

    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


if __name__ == "__main__":
    _serve(Connection(int(sys.argv[1]), writable=False), Connection(int(sys.argv[2]), readable=False),
           os.getppid())
