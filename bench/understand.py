"""Headlines understood per second on one core, next to spaCy's own parse rate on the same titles.

Run: .venv/bin/python bench/understand.py [--n 2000]

Titles: the dev set plus the sample feeds bundled in infolitico/data/feeds, repeated to about
--n. Rates are per CPU second of this process (pinned to one core, BLAS threads at 1), so a busy
machine changes them less than wall-clock would. Nothing here asserts a time; it prints figures
for a person to compare.
"""

from __future__ import annotations

import os

# One core: BLAS and OpenMP threads are pinned before numpy is imported (through spaCy).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from infolitico.pipeline.entities import KnowledgeBase  # noqa: E402
from infolitico.pipeline.feeds import parse_feed  # noqa: E402
from infolitico.pipeline.understand import load_nlp, understand, understand_many  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "eval" / "dev-events.tsv"
FEEDS = ROOT / "infolitico" / "data" / "feeds"


def titles(n: int, dev: Path = DEV) -> list[str]:
    """Dev-set titles and bundled feed titles, repeated to about n."""
    base: list[str] = []
    if dev.exists():
        base += [line.split("\t")[0] for line in dev.read_text(encoding="utf-8").splitlines()[1:] if line]
    for path in sorted(FEEDS.iterdir()):
        if path.suffix in (".xml", ".atom", ".json", ".rss"):
            base += [item.title for item in parse_feed(path.read_bytes()).items if item.title]
    if not base:
        raise SystemExit("no titles found")
    return (base * (n // len(base) + 1))[:n], len(base)


def rate(fn, items: list[str]) -> float:
    """Items per CPU second of this process: other work on a shared machine does not count."""
    start = time.process_time()
    fn(items)
    return len(items) / (time.process_time() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="titles to run (default 2000)")
    parser.add_argument("--dev", type=Path, default=DEV, help="the dev-events.tsv to take titles from")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    items, distinct = titles(args.n, args.dev)
    kb = KnowledgeBase.load()
    full = load_nlp(())  # every pipe the model ships: spaCy's own figure
    used = load_nlp()
    # Warm up: model load, lexicon tables and the KB pattern are not what is being measured.
    understand_many(items[:50], kb)
    list(full.pipe(items[:50]))

    spacy_full = rate(lambda xs: list(full.pipe(xs)), items)
    spacy_used = rate(lambda xs: list(used.pipe(xs)), items)
    one_by_one = rate(lambda xs: [understand(t, kb) for t in xs], items)
    batched = rate(lambda xs: understand_many(xs, kb), items)
    print(f"titles: {len(items)} ({distinct} distinct), one core, model pipes: {', '.join(full.pipe_names)}")
    print(f"spaCy nlp.pipe, full pipeline:           {spacy_full:8.0f} titles/s")
    pipes = ", ".join(used.pipe_names)
    print(f"spaCy nlp.pipe, pipes understand uses:   {spacy_used:8.0f} titles/s  ({pipes})")
    print(f"understand(), one title at a time:       {one_by_one:8.0f} headlines/s")
    print(f"understand_many(), batched:              {batched:8.0f} headlines/s")
    print(f"ratio understand_many / spaCy full pipe: {batched / spacy_full:8.2f}")
    print(f"ratio understand_many / spaCy used pipes:{batched / spacy_used:8.2f}")
    print(f"goal 300 headlines/s: {'met' if batched >= 300 else 'not met'}")


if __name__ == "__main__":
    main()
