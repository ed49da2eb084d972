"""Where one `infolitico run` spends its time, stage by stage, over N generated events.

    .venv/bin/python bench/stages.py [--events 1000]

A throwaway SQLite newsroom under /tmp reads a generated feed of N distinct, coverable events
(bench/workers.py); one `infolitico run` ingests, understands, writes, illustrates and publishes
them under cProfile. It prints each stage's seconds and share of the run, then
`SUMMARY events=N run_s=N worst_stage=NAME worst_share=N`. The illustrator draws on worker
processes from the moment understanding finds an event the desk will write: what they draw while
the run understands and writes counts in no stage, and what the illustrate stage still waits for
counts in it (as does anything its own functions do in this process).
"""

from __future__ import annotations

import argparse
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workers import BIN, env_for, make_newsroom  # noqa: E402

# Each stage's own functions in newsroom/stages.py: its work on one row, and any batch read ahead.
STAGES = {
    "ingest": ("ingest_feed",),
    "understand": ("read_ahead", "understand_item"),
    "write": ("write_event",),
    "illustrate": ("draw_understood", "draw_ahead", "illustrate_article"),
    "publish": ("publish_article",),
}
OWNER = {function: stage for stage, functions in STAGES.items() for function in functions}


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="infolitico-stages-") as tmp:
        config = make_newsroom(Path(tmp) / "newsroom", args.events)
        profile = Path(tmp) / "run.prof"
        start = time.perf_counter()
        ran = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(profile), str(BIN), "run"],
                             env=env_for(config), cwd=config.parent, capture_output=True, text=True)
        wall = time.perf_counter() - start
        if ran.returncode != 0:
            sys.exit(f"error: infolitico run failed: {ran.stderr.strip().splitlines()[-1:]}")
        stats = pstats.Stats(str(profile)).stats  # type: ignore[attr-defined]
    seconds: dict[str, float] = {}
    for (filename, _, name), (_, _, _, cumulative, _) in stats.items():
        if name in OWNER and filename.endswith(os.path.join("newsroom", "stages.py")):
            seconds[OWNER[name]] = seconds.get(OWNER[name], 0.0) + cumulative
    total = sum(seconds.values())
    print(f"stages benchmark: {args.events} events, one `infolitico run` in {wall:.1f} s, "
          f"{os.cpu_count()} CPUs")
    print(f"  run: {(ran.stdout.strip().splitlines() or [''])[-1]}")
    for name in STAGES:
        s = seconds.get(name, 0.0)
        print(f"  {name:<20} {s:8.1f} s  {s / total if total else 0:6.1%}")
    worst = max(STAGES, key=lambda n: seconds.get(n, 0.0))
    share = seconds.get(worst, 0.0) / total if total else 0.0
    print(f"SUMMARY events={args.events} run_s={wall:.1f} worst_stage={worst} worst_share={share:.2f}")


if __name__ == "__main__":
    main()
