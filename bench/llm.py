"""Articles per minute and cost per article from the LLM writer against a loopback model server.

Run: .venv/bin/python bench/llm.py [--delay 0.05] [--capacity 16] [--levels 1 8 16 32] [--per-worker 12]

The server (tests/llm_server.py, in its own process so that it does not share the writer's GIL)
answers every request after a fixed delay and works on at most `capacity` requests at once, as a
GPU server's batch does; the rest queue. The writer runs at each concurrency level on a thread pool
(one client, its semaphore set to the level), so throughput grows with concurrency until the
server's capacity, then flattens. Every answer is parsed, its ledger built and checked, as in
production; cost uses a made-up price of $0.15 / $0.60 per million tokens in / out.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from infolitico.pipeline.writers.llm import LLMSettings, LLMWriter  # noqa: E402
from infolitico.pipeline.writers.prompt import EXEMPLAR_ARTICLE  # noqa: E402
from tests.llm_server import ChatServer, Reply  # noqa: E402
from tests.pipeline.writing import reference_event  # noqa: E402

MODEL = "bench-model"
PRICES = {MODEL: {"input": 0.15, "output": 0.60}}


def serve(delay: float, capacity: int, urls, stop) -> None:
    """The model server, in a child process until `stop` is set."""
    with ChatServer(default=Reply(EXEMPLAR_ARTICLE), delay=delay, capacity=capacity) as server:
        urls.put(server.url)
        stop.wait()


def stats(url: str, reset: bool = False) -> dict:
    with urllib.request.urlopen(f"{url}/stats{'?reset=1' if reset else ''}", timeout=5) as answer:
        return json.load(answer)


def run(url: str, level: int, count: int) -> dict:
    """Write `count` articles at concurrency `level`; the numbers for one row."""
    settings = LLMSettings.from_dict(
        {"base_url": url, "model": MODEL, "concurrency": level, "prices": PRICES}, environ={}
    )
    writer = LLMWriter(settings)
    writer.write_many([reference_event()] * level, None, concurrency=level)  # warm the connections
    stats(url, reset=True)
    cpu, start = time.process_time(), time.perf_counter()
    drafts = writer.write_many([reference_event()] * count, None, concurrency=level)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    failed = [d for d in drafts if isinstance(d, Exception) or d.writer != "llm"]
    usages = [d.usage for d in drafts if not isinstance(d, Exception) and d.usage]
    return {
        "level": level,
        "articles": count,
        "failed": len(failed),
        "seconds": elapsed,
        "per_minute": count / elapsed * 60,
        "cost": statistics.mean(u["cost_usd"] for u in usages),
        "latency": statistics.median(u["latency_s"] for u in usages),
        "cpu_ms": cpu / count * 1000,
        "peak": stats(url)["peak"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=0.05, help="seconds the server takes per answer")
    parser.add_argument("--capacity", type=int, default=16, help="requests the server works on at once")
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 8, 16, 32])
    parser.add_argument("--per-worker", type=int, default=12, help="articles per concurrent worker")
    args = parser.parse_args()
    ceiling = args.capacity / args.delay * 60
    print(
        f"server: {args.delay * 1000:.0f} ms per answer, {args.capacity} at once "
        f"(ceiling {ceiling:,.0f} articles/min)"
    )
    print(
        f"{'concurrency':>11} {'articles':>8} {'seconds':>8} {'art/min':>8} {'x c=1':>6} "
        f"{'median s':>8} {'peak':>5} {'cpu ms':>6} {'$/article':>10} {'failed':>6}"
    )
    urls, stop = multiprocessing.Queue(), multiprocessing.Event()
    child = multiprocessing.Process(target=serve, args=(args.delay, args.capacity, urls, stop), daemon=True)
    child.start()
    try:
        url = urls.get(timeout=30)
        base = None
        for level in args.levels:
            row = run(url, level, max(20, level * args.per_worker))
            base = base or row["per_minute"]
            print(
                f"{row['level']:>11} {row['articles']:>8} {row['seconds']:>8.2f} {row['per_minute']:>8,.0f} "
                f"{row['per_minute'] / base:>6.1f} {row['latency']:>8.3f} {row['peak']:>5} "
                f"{row['cpu_ms']:>6.1f} {row['cost']:>10.6f} {row['failed']:>6}"
            )
    finally:
        stop.set()
        child.join(5)


if __name__ == "__main__":
    main()
