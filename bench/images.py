"""How fast the generated illustrations are made, beside how fast Pillow merely encodes one.

    .venv/bin/python bench/images.py [--rounds N]

Over thirty varied events (bench/sample_events.py) it prints:

- events/s for the full set of files per event (three crops drawn, seven files encoded and
  written) as `infolitico run` makes a batch of them: drawn ahead on worker processes
  (`illustrate.Drawings`), the files written by the parent,
- the same, one event at a time in one process (on the illustrator's thread pool), as a
  queue worker or a small batch makes them,
- images/s for the 1200x675 article JPEG alone (drawn and encoded),
- images/s for drawing the 1200x675 crop alone, with no encode,
- the peer: Pillow's own JPEG and WebP encode rate, at the house's settings, of an
  already-drawn 1200x675 image, the ceiling for any pipeline that writes these files,
- and, per event, Pillow encoding that event's own seven files (already drawn, one thread).

The gap between the last two lines and the first two is the drawing. The last line reads
`SUMMARY events_per_s=N encode_events_per_s=N` (the batch rate, and the encoder alone on the
same files), so runs can be compared.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import PIL
from PIL import Image as PILImage

from infolitico.pipeline import illustrate as ill

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_events import EVENTS  # noqa: E402

T = TypeVar("T")


def rate(work: Callable[[T], object], items: Sequence[T], rounds: int) -> float:
    """Items per second: each item's best time over `rounds`, summed (steadier on a busy machine)."""
    best = [float("inf")] * len(items)
    for _ in range(rounds):
        for k, item in enumerate(items):
            start = time.perf_counter()
            work(item)
            best[k] = min(best[k], time.perf_counter() - start)
    return len(items) / sum(best)


def batch_rate(events: Sequence[ill.Event], out: Path, rounds: int) -> tuple[float, int]:
    """Events per second through the worker processes, best round of one continuous batch; workers."""
    keyed = [((r, i), e) for r in range(rounds) for i, e in enumerate(events)]
    best = float("inf")
    # The first round also pays for starting the workers and filling their caches.
    with ill.Drawings(keyed, out_dir=out, min_batch=1) as drawings:
        workers = drawings.workers
        for r in range(rounds):
            start = time.perf_counter()
            for i, e in enumerate(events):
                ill.illustrate(e, out, drawn=drawings.take((r, i)))
            best = min(best, time.perf_counter() - start)
    return len(events) / best, workers


def cpu_rate(work: Callable[[T], object], items: Sequence[T]) -> float:
    """CPU seconds per item, all this process's threads, one pass."""
    start = time.process_time()
    for item in items:
        work(item)
    return (time.process_time() - start) / len(items)


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="repeats; each item's best is kept")
    args = parser.parse_args()

    looks = [ill.look_for(e) for e in EVENTS]
    ill.compose(looks[0], ill.MAIN_SIZE)  # load the fonts outside the timing

    with tempfile.TemporaryDirectory() as tmp:
        batch, workers = batch_rate(EVENTS, Path(tmp), max(2, args.rounds))
        illustrator = ill.GeneratedIllustrator()
        sets = rate(lambda e: illustrator.illustrate(e, Path(tmp)), EVENTS, args.rounds)
        one_cpu = cpu_rate(lambda e: illustrator.illustrate(e, Path(tmp)), EVENTS)

    def jpeg(im: PILImage.Image) -> None:
        ill._encode(im, "JPEG")

    def webp(im: PILImage.Image) -> None:
        ill._encode(im, "WEBP")

    article = rate(lambda look: jpeg(ill.compose(look, ill.MAIN_SIZE)), looks, args.rounds)
    drawn = rate(lambda look: ill.compose(look, ill.MAIN_SIZE), looks, args.rounds)
    # The peer: encoding only, of pictures already drawn, at the house's settings.
    pictures = [ill.compose(look, ill.MAIN_SIZE) for look in looks]
    enc_jpeg = rate(jpeg, pictures, args.rounds)
    enc_webp = rate(webp, pictures, args.rounds)
    both = 1 / (1 / enc_jpeg + 1 / enc_webp)
    # The encoder alone on each event's own files, as the house writes them (ill.FILES).
    drawn_sets = []
    for look in looks:
        crops = {key: ill.compose(look, size) for key, size in ill.CROPS.items()}
        drawn_sets.append([(ill._small(crops[key], width) if width else crops[key], fmt)
                           for key, fmt, width in ill.FILES.values()])

    def encode_set(files: list[tuple[PILImage.Image, str]]) -> None:
        for im, fmt in files:
            ill._encode(im, fmt)

    encode_sets = rate(encode_set, drawn_sets, args.rounds)

    print(
        f"images benchmark: {len(EVENTS)} events, best of {args.rounds} per item; "
        f"Python {platform.python_version()}, Pillow {PIL.__version__}, {os.cpu_count()} CPUs"
    )
    rows = [
        (f"full set per event, batch on {workers} worker processes", batch, "events/s"),
        ("full set per event, one at a time in one process", sets, "events/s"),
        ("1200x675 article JPEG alone (draw + encode)", article, "images/s"),
        ("1200x675 drawing alone (no encode)", drawn, "images/s"),
        ("peer: Pillow JPEG encode of a drawn 1200x675", enc_jpeg, "images/s"),
        ("peer: Pillow WebP encode of a drawn 1200x675", enc_webp, "images/s"),
        ("peer: Pillow JPEG + WebP encode, together", both, "images/s"),
        ("peer: Pillow encoding each event's 7 files alone", encode_sets, "events/s"),
    ]
    for label, value, unit in rows:
        print(f"  {label:<54} {value:8.1f} {unit}")
    share = (1 / drawn) / (1 / drawn + 1 / enc_jpeg)
    print(f"  drawing is {share:.0%} of the article JPEG's time, encoding {1 - share:.0%}")
    print(f"  the batch runs at {batch / encode_sets:.2f}x the encoder's own pace on one thread")
    # Wall-clock rates follow whatever else the machine runs; CPU time per event much less so.
    cores = os.cpu_count() or 1
    print(f"  CPU per event, one at a time (all threads): {one_cpu * 1000:.0f} ms; "
          f"{cores} idle cores would draw about {cores / one_cpu:.1f} events/s")
    print(f"SUMMARY events_per_s={batch:.1f} encode_events_per_s={encode_sets:.1f}")


if __name__ == "__main__":
    main()
