"""How fast the generated illustrations are made, beside how fast Pillow merely encodes one.

    .venv/bin/python bench/images.py [--rounds N]

Over thirty varied events (bench/sample_events.py) it prints:

- events/s for the full set of files per event (three crops drawn, seven files encoded and
  written), as the newsroom makes them: on the illustrator's thread pool,
- images/s for the 1200x675 article JPEG alone (drawn and encoded),
- images/s for drawing the 1200x675 crop alone, with no encode,
- the peer: Pillow's own JPEG and WebP encode rate, at the house's settings, of an
  already-drawn 1200x675 image, the ceiling for any pipeline that writes these files,
- and, per event, Pillow encoding that event's own seven files (already drawn, one thread).

The gap between the last two lines and the first two is the drawing. The last line reads
`SUMMARY events_per_s=N encode_events_per_s=N`, so runs can be compared.
"""

from __future__ import annotations

import argparse
import io
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


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="repeats; each item's best is kept")
    args = parser.parse_args()

    looks = [ill.look_for(e) for e in EVENTS]
    ill.compose(looks[0], ill.MAIN_SIZE)  # load the fonts outside the timing

    with tempfile.TemporaryDirectory() as tmp:
        illustrator = ill.GeneratedIllustrator()
        sets = rate(lambda e: illustrator.illustrate(e, Path(tmp)), EVENTS, args.rounds)

    def jpeg(im: PILImage.Image, optimize: bool = True) -> None:
        im.save(io.BytesIO(), "JPEG", quality=ill.JPEG_QUALITY, optimize=optimize, subsampling=0)

    def webp(im: PILImage.Image) -> None:
        im.save(io.BytesIO(), "WEBP", quality=ill.WEBP_QUALITY, method=2)

    article = rate(lambda look: jpeg(ill.compose(look, ill.MAIN_SIZE)), looks, args.rounds)
    drawn = rate(lambda look: ill.compose(look, ill.MAIN_SIZE), looks, args.rounds)
    # The peer: encoding only, of pictures already drawn, at the house's settings.
    pictures = [ill.compose(look, ill.MAIN_SIZE) for look in looks]
    enc_jpeg = rate(jpeg, pictures, args.rounds)
    enc_webp = rate(webp, pictures, args.rounds)
    both = 1 / (1 / enc_jpeg + 1 / enc_webp)
    # The encoder alone on each event's own files: three JPEG crops, the three WebP sizes.
    drawn_sets = [{key: ill.compose(look, size) for key, size in ill.CROPS.items()} for look in looks]
    for crops in drawn_sets:
        crops["small"] = [ill._small(crops["16x9"], w) for w in ill.SRCSET_WIDTHS]

    def encode_set(crops: dict) -> None:
        # As the house writes them: only the article's own JPEG has optimized tables.
        for key in ill.CROPS:
            jpeg(crops[key], optimize=key == "16x9")
        for im in (crops["16x9"], *crops["small"]):
            webp(im)

    encode_sets = rate(encode_set, drawn_sets, args.rounds)

    print(
        f"images benchmark: {len(EVENTS)} events, best of {args.rounds} per item; "
        f"Python {platform.python_version()}, Pillow {PIL.__version__}, {os.cpu_count()} CPUs, one process"
    )
    rows = [
        ("full set per event (3 crops drawn, 7 files written)", sets, "events/s"),
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
    print(f"SUMMARY events_per_s={sets:.1f} encode_events_per_s={encode_sets:.1f}")


if __name__ == "__main__":
    main()
