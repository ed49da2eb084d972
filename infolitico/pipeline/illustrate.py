"""Editorial images for events: a licensed library first, then (when configured) the source
page's own preview image, a generated illustration otherwise.

Every image is written as the same set of files under ``out_dir/<event.id>/``:

    1200.jpg   1200x675   the article's image (``Image.path``)
    1200.webp  1200x675   the same, as WebP
    16x9.jpg   1200x675   crops for structured data (schema.org ImageObject); 16x9 is 1200.jpg
    4x3.jpg    960x720
    1x1.jpg    960x960
    800.webp   800x450    srcset sizes
    400.webp   400x225

A library is a folder of licensed images, each with a sidecar JSON of the same stem::

    {"people": ["Kamala Harris"], "keywords": ["outreach", "Politics"],
     "caption": "...", "credit": "Photo: Jane Doe / Agency", "licence": "...", "focus": [0.5, 0.3]}

IPTC and XMP fields embedded in the file fill whatever the sidecar leaves out.

A source preview is the image the source page names for link previews (``og:image`` and the
like), fetched by ``preview.py`` under its address, size and time rules, credited to the
publisher ("Image: Modern Ghana"). It is off unless asked for.
"""

from __future__ import annotations

import colorsys
import concurrent.futures
import contextlib
import fcntl
import functools
import io
import itertools
import json
import logging
import math
import multiprocessing
import multiprocessing.connection
import multiprocessing.context
import os
import random
import re
import shutil
import tempfile
import threading
import time
import unicodedata
import weakref
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol
from urllib.parse import urlsplit

import httpx
from PIL import Image as PILImage
from PIL import ImageChops, ImageDraw, ImageFont, ImageOps, IptcImagePlugin

from infolitico.pipeline import lexicon
from infolitico.pipeline.events import Entity, Event, Image
from infolitico.pipeline.preview import (
    MAX_PAGE_BYTES,
    AddressPolicy,
    PreviewRefused,
    Resolver,
    SourcePreview,
    fetch_source_preview,
    public_address,
)

log = logging.getLogger(__name__)

ALT_PREFIX = "Contextual editorial image for source event: "
CAPTION = "Contextual editorial image selected for the source event."
GENERATED_CREDIT = "Illustration: Infolitico"

MAIN_SIZE = (1200, 675)
# The 16:9 crop is the article's own image, link previews' and Discover's (which wants 1200px
# wide). The others serve only structured data, whose floor is 50,000 pixels: at 960px they are
# ten times that and sharp on any card a result page shows (a library or preview photo is cut to
# the same sizes), and the set is about 15% cheaper to draw than at 1200px.
CROPS = {"16x9": (1200, 675), "4x3": (960, 720), "1x1": (960, 960)}
SRCSET_WIDTHS = (800, 400)

JPEG_QUALITY = 86
WEBP_QUALITY = 82

RGB = tuple[int, int, int]


class Illustrator(Protocol):
    """Chooses or makes an editorial image for an event; None means nothing fits."""

    name: str

    def illustrate(self, event: Event, out_dir: Path) -> Image | None: ...


def alt_text(event: Event) -> str:
    """The alt text the house uses: the source title exactly as received."""
    return ALT_PREFIX + event.source.title


def describe(event: Event, credit: str, licence: str = "All rights reserved") -> Image:
    """An Image with the house's alt text and caption and no files (for ``--no-images``)."""
    return Image(
        path=None,
        alt=alt_text(event),
        caption=f"{CAPTION} {credit}",
        credit=credit,
        licence=licence,
        width=MAIN_SIZE[0],
        height=MAIN_SIZE[1],
    )


def illustrate(
    event: Event,
    out_dir: Path,
    *,
    library: Path | None = None,
    render: bool = True,
    source_preview: bool = False,
    preview_options: Mapping[str, Any] | None = None,
    drawn: concurrent.futures.Future | None = None,
) -> Image:
    """The event's image: a fitting library image, else the source's preview if asked for, else generated.

    `drawn` is the generated image drawn ahead for this event (`Drawings.take`), used if it comes to that.
    """
    if not render:
        # Still choose, so a --no-images run credits what a full run would show; but never fetch,
        # so a source preview (known only by fetching it) is credited as the generated stand-in.
        entry = LibraryIllustrator(library).choose(event) if library is not None else None
        if entry is not None:
            return describe(event, entry.credit, entry.licence)
        return describe(event, GENERATED_CREDIT)
    chain: list[Illustrator] = []
    if library is not None:
        chain.append(LibraryIllustrator(library))
    if source_preview and event.source.link:
        chain.append(SourcePreviewIllustrator(**(preview_options or {})))
    for illustrator in chain:
        found = illustrator.illustrate(event, out_dir)
        if found is not None:
            return found
    return GeneratedIllustrator(drawn).illustrate(event, out_dir)


# --------------------------------------------------------------------------------------------
# Writing the set of files


# Pillow lets go of the GIL while it resizes, pastes and encodes: crops and files are made on a
# small shared pool, so one event's work keeps every core busy. A task never waits on the pool.
_POOL_SIZE = 4  # at most, and no more threads than the CPUs this process may use
_POOL: concurrent.futures.ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> concurrent.futures.ThreadPoolExecutor:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = concurrent.futures.ThreadPoolExecutor(min(_POOL_SIZE, _cpus()),
                                                          thread_name_prefix="illustrate")
        return _POOL


def _all(calls: Mapping[str, Any]) -> dict[str, Any]:
    """Run the zero-argument calls on the pool; their results by key, the first error raised."""
    futures = {key: _pool().submit(call) for key, call in calls.items()}
    return {key: future.result() for key, future in futures.items()}


def _small(main: PILImage.Image, width: int) -> PILImage.Image:
    # An area average (the box filter) is all a reduction of flat colour and type needs: side by
    # side no reader tells it from Lanczos, at half the time; a whole-number ratio is a plain reduce.
    size = (width, round(width * MAIN_SIZE[1] / MAIN_SIZE[0]))
    factor = main.width // width
    if factor * width == main.width and factor * size[1] == main.height:
        return main.reduce(factor)
    return main.resize(size, PILImage.Resampling.BOX)


Crop = PILImage.Image | concurrent.futures.Future


def _crop(crop: Crop) -> PILImage.Image:
    # A crop still being drawn was queued before any file that waits for it, so it is never
    # stuck behind its own waiters: the pool takes its tasks first in, first out.
    return crop.result() if isinstance(crop, concurrent.futures.Future) else crop


# The set's files, each from a crop (at a width, for the srcset sizes); 16x9.jpg is 1200.jpg.
FILES: dict[str, tuple[str, str, int | None]] = {
    "1200.jpg": ("16x9", "JPEG", None),
    "1200.webp": ("16x9", "WEBP", None),
    "4x3.jpg": ("4x3", "JPEG", None),
    "1x1.jpg": ("1x1", "JPEG", None),
    **{f"{w}.webp": ("16x9", "WEBP", w) for w in SRCSET_WIDTHS},
}


def encode_set(crops: Mapping[str, Crop]) -> dict[str, bytes]:
    """Encode the crops (drawn, or being drawn on the pool) and their smaller sizes: file name -> bytes."""

    def encode(key: str, fmt: str, width: int | None) -> bytes:
        im = _crop(crops[key])
        # Pillow keeps a save's options on the image object while it saves: two files saved at
        # once from one picture could take each other's (a 1200.jpg at WebP's quality, 4:2:0),
        # so every save gets a picture of its own.
        return _encode(_small(im, width) if width else im.copy(), fmt)

    return _all({name: functools.partial(encode, *how) for name, how in FILES.items()})


def _encode(im: PILImage.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        # Full-resolution colour (4:4:4) keeps red type on navy from bleeding; progressive
        # encoding tripled the time for no saving at this size. No optimized Huffman tables:
        # they cost three times the encode for 9% of the bytes, and readers download the WebP
        # (the srcset); the JPEG is the fallback and what link previews and structured data take.
        im.save(out, fmt, quality=JPEG_QUALITY, subsampling=0)
    else:
        # Method 2 is twice as fast as the default 4 and the files come out the same size.
        im.save(out, fmt, quality=WEBP_QUALITY, method=2)
    return out.getvalue()


def write_set(event: Event, out_dir: Path, encoded: Mapping[str, bytes]) -> dict[str, str]:
    """Write an encoded set of files under ``out_dir/<event.id>/``; file name -> absolute path."""
    return _write_files((Path(out_dir) / event.id).resolve(), encoded)


def _write_files(folder: Path, encoded: Mapping[str, bytes]) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        _write(folder / name, encoded[name])
    return _set_paths(folder)


def _set_paths(folder: Path) -> dict[str, str]:
    """File name -> path of a set written in `folder`."""
    files = {name: str(folder / name) for name in FILES}
    # 16:9 is the main image itself; one file on disk, two names for whoever asks.
    files["16x9.jpg"] = files["1200.jpg"]
    return files


def _write(path: Path, data: bytes) -> str:
    """Write atomically, so a reader or a second worker never sees half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return str(path)


def _write_photo(
    event: Event, out_dir: Path, im: PILImage.Image, focus: tuple[float, float], credit: str, licence: str
) -> Image:
    """Crop a photo around its focus to the house's set of files; the Image that credits it."""
    crops = {
        key: ImageOps.fit(im, size, PILImage.Resampling.LANCZOS, centering=focus)
        for key, size in CROPS.items()
    }
    files = write_set(event, out_dir, encode_set(crops))
    return _with_files(describe(event, credit, licence), files)


def _open_photo(source: Path | IO[bytes], formats: Sequence[str]) -> PILImage.Image:
    """Decode a photo upright in RGB, refusing (ValueError) one past the pixel cap before decoding it."""
    with PILImage.open(source, formats=formats) as raw:
        # Pillow has read only the header so far: a bomb is stopped here, before any decode.
        if raw.width * raw.height > MAX_PIXELS:
            raise ValueError(f"{raw.width}x{raw.height} is over {MAX_PIXELS} pixels")
        return ImageOps.exif_transpose(raw).convert("RGB")


# --------------------------------------------------------------------------------------------
# Generated illustrations

_FA_WEBFONTS = Path("static/fontawesomefree/webfonts")

# FontAwesome Free 6 solid glyphs (font files under SIL OFL 1.1), codepoints read from the
# package's metadata/icons.json. Only the ones the motifs below use.
GLYPHS: dict[str, int] = {
    "phone-volume": 0xF2A0,
    "gavel": 0xF0E3,
    "scale-balanced": 0xF24E,
    "check-to-slot": 0xF772,
    "microphone": 0xF130,
    "microphone-lines": 0xF3C9,
    "chart-column": 0xE0E3,
    "chart-line": 0xF201,
    "arrow-trend-up": 0xE098,
    "money-bill-trend-up": 0xE529,
    "trophy": 0xF091,
    "medal": 0xF5A2,
    "rocket": 0xF135,
    "handshake": 0xF2B5,
    "plane-departure": 0xF5B0,
    "file-signature": 0xF573,
    "file-contract": 0xF56C,
    "pen-nib": 0xF5AD,
    "bullhorn": 0xF0A1,
    "landmark": 0xF66F,
    "landmark-flag": 0xE51C,
    "flag-usa": 0xF74D,
    "earth-americas": 0xF57D,
    "briefcase": 0xF0B1,
    "microchip": 0xF2DB,
    "masks-theater": 0xF630,
    "ban": 0xF05E,
    "stamp": 0xF5BF,
    "user-tie": 0xF508,
    "coins": 0xF51E,
    "tag": 0xF02B,
    "compact-disc": 0xF51F,
    "right-left": 0xF362,
    "dove": 0xF4BA,
    "people-group": 0xE533,
    "comment-dots": 0xF4AD,
    "mug-hot": 0xF7B6,
    "calendar-check": 0xF274,
    "user-plus": 0xF234,
    "church": 0xF51D,
    "ranking-star": 0xE561,
    "thumbs-up": 0xF164,
    "magnifying-glass": 0xF002,
    "futbol": 0xF1E3,
}

# Act.kind (or the act's noun or lemma) -> glyph, from the act lexicon (infolitico/data/acts.toml):
# each kind's motif, and the words beside the kinds that point at one. A kind whose motif is
# "section" has no glyph of its own: the act's words decide, else the section's glyph.
_LEXICON = lexicon.load()
MOTIFS: dict[str, str] = {
    **{k.name: k.motif for k in _LEXICON.kinds.values() if k.motif != "section"},
    **_LEXICON.motif_words,
}

SECTION_GLYPHS = {
    "Politics": "landmark-flag",
    "U.S.": "flag-usa",
    "World": "earth-americas",
    "Business": "briefcase",
    "Technology": "microchip",
    "Culture": "masks-theater",
    "Sports": "medal",
}


@dataclass(frozen=True)
class Palette:
    """The colours of one section: a dark ground, its shadow, two accents, a light ink and paper."""

    ground: str
    deep: str
    accent: str
    second: str
    ink: str = "#F7F2E8"
    paper: str = "#F3EDE2"


PALETTES = {
    "Politics": Palette("#15233F", "#0A1326", "#E63946", "#8FB8DE"),
    "U.S.": Palette("#20394A", "#10212C", "#FE7F2D", "#A7C4A0"),
    "World": Palette("#0D4B62", "#062F3F", "#F6C445", "#7FCFB0"),
    "Business": Palette("#123D30", "#08241B", "#D9AE3A", "#9CC5A1"),
    "Technology": Palette("#191640", "#0B0923", "#2DE1C2", "#9C8CF0"),
    "Culture": Palette("#4A1942", "#2B0D26", "#FF8C61", "#F4C7D3"),
    "Sports": Palette("#9A1C1F", "#5E0E10", "#FFD23F", "#F5E3C3"),
}
DEFAULT_PALETTE = Palette("#2B2D42", "#17182A", "#EF476F", "#A9B4C6")


@dataclass(frozen=True)
class Look:
    """The choices that make one event's illustration its own, shared by all its crops."""

    palette: Palette
    light: bool  # paper ground with dark type, instead of a dark ground
    motif_right: bool
    frame: str  # disc, ring, block, rays
    texture: str  # dots, lines, grid, rings
    tilt: float
    swap: bool  # accent and second colour trade places
    glyph: int
    name: str
    deed: str  # the act in a few words, set in italics under the name
    section: str


class GeneratedIllustrator:
    """Renders an editorial illustration from the event's section, act and subject."""

    name = "generated"

    def __init__(self, drawn: concurrent.futures.Future | None = None) -> None:
        # `drawn`: this event's files, being drawn ahead on a worker process (see `Drawings`).
        self.drawn = drawn

    def illustrate(self, event: Event, out_dir: Path) -> Image:
        """Render the event's illustration and write its set of files."""
        look = look_for(event)
        folder = (Path(out_dir) / event.id).resolve()
        files = self._drawn_ahead(look, folder)
        if files is None:
            files = _write_files(folder, draw(look))
        return _with_files(describe(event, GENERATED_CREDIT), files)

    def _drawn_ahead(self, look: Look, folder: Path) -> dict[str, str] | None:
        """The files drawn ahead for this look, moved into `folder`; None when they must be drawn here."""
        if self.drawn is None:
            return None
        try:
            try:
                drawn_look, drawn = self.drawn.result(timeout=WAIT_S)
            except concurrent.futures.TimeoutError:
                self.drawn.cancel()
                raise TimeoutError(f"not drawn within {WAIT_S} s") from None
            # Drawn from the event as it was when it was handed over: an event changed since is redrawn.
            if drawn_look != look:
                return None
            folder.mkdir(parents=True, exist_ok=True)
            for name in FILES:
                os.replace(drawn[name], folder / name)  # whole files, put in place at once
        except Exception as exc:  # a worker that died or was stopped: this process draws it itself
            log.warning("illustrate: drawing ahead failed (%s: %s); drawing here", type(exc).__name__, exc)
            return None
        return _set_paths(folder)


def draw(look: Look) -> dict[str, bytes]:
    """Draw an illustration's three crops and encode its set of files: file name -> bytes (no I/O)."""
    # Each file is encoded as soon as its crop is drawn, while the next crop is drawing.
    crops = {key: _pool().submit(compose, look, size) for key, size in CROPS.items()}
    return encode_set(crops)


def _draw_into(look: Look, folder: str) -> tuple[Look, dict[str, str]]:
    """A worker's job: draw the look and write its files into `folder`; the look and the files' paths."""
    encoded = draw(look)
    Path(folder).mkdir()  # never the scratch folder itself: once it is deleted, the job just fails
    return look, _write_files(Path(folder), encoded)


# Starting the workers costs about what drawing a dozen illustrations does: fewer are drawn here.
MIN_BATCH = 12
# Drawings handed to the workers and not yet taken, at most: about 570 MB of files waiting in the
# scratch folder (the images they become take as much). A longer backlog waits its turn, handed
# on as drawings are taken. The cap is well above what a run draws before its illustrate stage
# starts taking: reached earlier, it leaves the workers idle through the write stage.
AHEAD = 2048
# How long a taker waits for a drawing already being made before it draws the event itself.
WAIT_S = 120
SCRATCH_PREFIX = ".drawing-"
CPU_MAX = "/sys/fs/cgroup/cpu.max"
LOCK = ".lock"


class Drawings:
    """Generated illustrations drawn ahead on worker processes, for whoever writes them out later.

    Drawing holds the GIL, so threads cannot share it out over the cores; processes can. Events
    are added as soon as they are known (`add`): the workers draw while the rest of the run reads
    and writes, at a lower priority, so they take only a core nobody else wants. Each drawing's
    files wait in a scratch folder under the images folder until taken (`take`, then `illustrate`
    moves them into place); `close` stops the workers and deletes what nobody took. Used as a
    context manager, it closes on the way out.
    """

    def __init__(
        self,
        events: Iterable[tuple[Any, Event]] = (),
        *,
        out_dir: Path,
        library: Path | None = None,
        source_preview: bool = False,
        workers: int | None = None,
        min_batch: int | None = None,
    ) -> None:
        self._out_dir = Path(out_dir).resolve()
        self._chooser = LibraryIllustrator(library) if library is not None else None
        self._source_preview = source_preview
        self._wanted = workers or _cpus()
        self._min_batch = MIN_BATCH if min_batch is None else min_batch
        self._waiting: dict[Any, Look] = {}  # added before there were enough to start the workers
        self._futures: dict[Any, concurrent.futures.Future] = {}
        self._submitted = 0
        self._lock: IO | None = None  # held while this scratch folder is in use
        self._executor: concurrent.futures.ProcessPoolExecutor | None = None
        self._scratch: Path | None = None
        self._finalizer: weakref.finalize | None = None
        self._closed = False
        self.workers = 0
        clear_abandoned(self._out_dir)
        self.add(events)

    def __contains__(self, key: Any) -> bool:
        """Whether this event is being drawn ahead (or waits to be)."""
        return key in self._futures or key in self._waiting

    def add(self, events: Iterable[tuple[Any, Event]]) -> None:
        """Draw these (key, event) pairs ahead, but those a library image or the source will picture."""
        if self._closed or self._wanted < 2:
            return  # one core: everything is drawn in this process, in its turn
        for key, event in events:
            if key in self:
                continue
            if (self._source_preview and event.source.link) or (
                    self._chooser is not None and self._chooser.choose(event) is not None):
                continue  # these end with another picture: nothing to draw
            self._waiting[key] = look_for(event)
        if self._executor is None and len(self._waiting) >= self._min_batch:
            self._start()
        self._submit()

    def _submit(self) -> None:
        # In the order they were added, as long as there is room in the scratch folder.
        while self._executor is not None and self._waiting and len(self._futures) < AHEAD:
            key = next(iter(self._waiting))
            look = self._waiting.pop(key)
            self._submitted += 1
            try:
                folder = str(self._scratch / str(self._submitted))
                self._futures[key] = self._executor.submit(_draw_into, look, folder)
            except (RuntimeError, concurrent.futures.BrokenExecutor) as exc:
                log.warning("illustrate: worker processes stopped (%s); drawing in this one", exc)
                self.close()

    def _start(self) -> None:
        try:
            self._out_dir.mkdir(parents=True, exist_ok=True)
            self._scratch = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=self._out_dir))
            # Held for as long as the drawings live; the kernel lets go of it when this process dies,
            # however it dies, and that is how the next run knows the folder is abandoned.
            self._lock = open(self._scratch / LOCK, "wb")  # noqa: SIM115
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            self._executor = concurrent.futures.ProcessPoolExecutor(
                self._wanted, mp_context=_context(), initializer=_worker_started)
        except (OSError, ValueError, ImportError) as exc:
            log.warning("illustrate: no worker processes (%s); drawing in this one", exc)
            self.close()
            return
        self.workers = self._wanted
        # Dropped half-way (an interrupted run), the workers stop after the drawing in hand.
        self._finalizer = weakref.finalize(self, _abandon, self._executor, self._scratch)

    def take(self, key: Any) -> concurrent.futures.Future | None:
        """The drawing of this event, done or on its way; None when the taker must draw it."""
        self._waiting.pop(key, None)  # not handed to the workers yet: drawn by the taker
        in_turn = key == next(iter(self._futures), None)  # the oldest handed out and not taken
        future = self._futures.pop(key, None)
        if future is not None and not in_turn and future.cancel():
            # Taken out of turn while still queued: drawn by the taker, at its own priority,
            # rather than waited for behind the queue on a low-priority worker.
            future = None
        self._submit()
        return future

    def discard(self, key: Any) -> None:
        """Nobody will take this event's drawing: stop it if it has not started, and free its place."""
        self._waiting.pop(key, None)
        future = self._futures.pop(key, None)
        if future is not None:
            future.cancel()  # one already drawn stays in the scratch folder until `close`
        self._submit()

    def close(self) -> None:
        """Stop the workers (the drawing in hand finishes, the queue is dropped); delete what nobody took."""
        self._closed = True
        self._waiting.clear()
        futures, self._futures = self._futures, {}
        for future in futures.values():
            future.cancel()
        executor, scratch = self._executor, self._scratch
        self._executor = self._scratch = None
        if self._finalizer is not None:
            self._finalizer.detach()
            self._finalizer = None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def __enter__(self) -> Drawings:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _abandon(executor: concurrent.futures.ProcessPoolExecutor, scratch: Path) -> None:
    executor.shutdown(wait=False, cancel_futures=True)
    shutil.rmtree(scratch, ignore_errors=True)


def clear_abandoned(out_dir: Path) -> None:
    """Delete the scratch folders of runs that died before closing their drawings (see `Drawings`)."""
    for folder in out_dir.glob(f"{SCRATCH_PREFIX}*"):
        try:
            with open(folder / LOCK, "rb") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a live run holds it: OSError
        except FileNotFoundError:
            # A folder a run is just making has no lock yet; one a minute old never will.
            with contextlib.suppress(OSError):
                if time.time() - folder.stat().st_mtime > 60:
                    shutil.rmtree(folder, ignore_errors=True)
            continue
        except OSError:
            continue
        shutil.rmtree(folder, ignore_errors=True)


def _worker_started() -> None:
    # Drawing ahead must never slow the run it draws for: the workers yield the core to it.
    with contextlib.suppress(OSError):
        os.nice(19)
    # A worker holds both ends of the queue it waits on, so it never sees its parent die (a run
    # killed half-way): it watches the parent itself, and goes when the parent has gone.
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), daemon=True).start()


def _exit_with(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(0)


def _cpus() -> int:
    """The CPUs this process may use: those it may run on, fewer under a container's CPU quota
    (cgroup v2, as `docker run --cpus` sets it; quotas of parent cgroups are not read)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
    # A container limited to N CPUs (`--cpus`) still sees every core of its host.
    try:
        quota, period = Path(CPU_MAX).read_text().split()[:2]
        if quota != "max":
            cpus = min(cpus, max(1, math.ceil(int(quota) / int(period))))
    except (OSError, ValueError):
        pass  # no cgroup v2 limit to read: the affinity it is
    return cpus


def _context() -> multiprocessing.context.BaseContext:
    # Never fork: the parent holds database connections and threads a forked child would share.
    # A fork server starts clean once, with this module loaded, and forks each worker from that.
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")


def _with_files(image: Image, files: dict[str, str]) -> Image:
    return Image(
        path=files["1200.jpg"],
        alt=image.alt,
        caption=image.caption,
        credit=image.credit,
        licence=image.licence,
        width=MAIN_SIZE[0],
        height=MAIN_SIZE[1],
        files=files,
    )


def look_for(event: Event) -> Look:
    """Decide an event's look, deterministically from its id."""
    rng = random.Random(int(event.id, 16))
    palette = PALETTES.get(event.section, DEFAULT_PALETTE)
    act = event.act
    glyph = None
    if act is not None:
        words = [act.kind, act.noun or "", act.lemma.split(" ")[0] if act.lemma else ""]
        glyph = next((MOTIFS[w.lower()] for w in words if w and w.lower() in MOTIFS), None)
    glyph = glyph or SECTION_GLYPHS.get(event.section, "landmark")
    if event.subject is not None:
        name = event.subject.name
    elif event.participants:
        name = event.participants[0].name
    else:
        name = event.section
    return Look(
        palette=palette,
        light=rng.random() < 0.3,
        motif_right=rng.random() < 0.65,
        frame=rng.choice(("disc", "disc", "ring", "block", "rays")),
        texture=rng.choice(("dots", "lines", "grid", "rings")),
        tilt=rng.uniform(-9.0, 9.0),
        swap=rng.random() < 0.3,
        glyph=GLYPHS[glyph],
        name=name,
        deed=_deed(event),
        section=event.section,
    )


DEED_CHARS = 30
_TRAILING = {"to", "with", "for", "on", "at", "into", "from", "of", "by", "about", "as", "in"}
_PARTICLES = {"out", "up", "down", "back", "off", "over", "away", "through", "forward", "ahead"}


def _deed(event: Event) -> str:
    """The act in the source's words ("Won gold in all-around final."), or "".

    A bare transitive verb ("Drew.", "Named.") reads as a fragment, so the line appears only
    when the whole act fits, or when the verb stands on its own ("Reached out.").
    """
    act = event.act
    if act is None or not act.past.strip():
        return ""
    whole = f"{act.past.strip()} {act.rest.strip()}".strip()
    if act.rest.strip() and len(whole) <= DEED_CHARS:
        text = whole
    else:
        words = act.past.split()
        while words and words[-1].lower() in _TRAILING:
            words.pop()
        # A particle ("out", "down", "back") makes the verb complete without its object.
        if len(words) < 2 or words[-1].lower() not in _PARTICLES:
            return ""
        text = " ".join(words)
    text = text.rstrip(".,;:")
    return text[0].upper() + text[1:] + "."


# Colour helpers -----------------------------------------------------------------------------


def _rgb(hex_colour: str) -> RGB:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _luminance(c: RGB) -> float:
    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in c)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: RGB, b: RGB) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _first_legible(ground: RGB, candidates: Iterable[RGB], minimum: float = 3.0) -> RGB:
    candidates = list(candidates)
    for c in candidates:
        if _contrast(c, ground) >= minimum:
            return c
    return max(candidates, key=lambda c: _contrast(c, ground))


def _shade(c: RGB, factor: float) -> RGB:
    hue, light, sat = colorsys.rgb_to_hls(*(v / 255 for v in c))
    r, g, b = colorsys.hls_to_rgb(hue, max(0.0, min(1.0, light * factor)), sat)
    return round(r * 255), round(g * 255), round(b * 255)


# Fonts --------------------------------------------------------------------------------------

_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def _package_root(module: str) -> Path | None:
    try:
        mod = __import__(module)
    except ImportError:
        return None
    return Path(mod.__file__).resolve().parent


@functools.lru_cache(maxsize=1)
def _serif_files() -> dict[str, Path]:
    root = _package_root("fontpkg_source_serif_4")
    if root is None:
        return {}
    try:
        meta = json.loads((root / "metadata.json").read_text("utf-8"))
        files = {f["style"]: root / f["path"] for f in meta.get("files", [])}
    except (OSError, ValueError, KeyError, TypeError):
        files = {}
    return {style: p for style, p in files.items() if p.exists()}


@functools.lru_cache(maxsize=64)
def _serif(size: int, weight: int, italic: bool = False) -> ImageFont.FreeTypeFont:
    """Source Serif 4 at a weight, or DejaVu Serif when the package is missing."""
    path = _serif_files().get("italic" if italic else "normal")
    if path is not None:
        font = ImageFont.truetype(str(path), size)
        # Axes in the file's order: weight, then optical size (display cut for big type).
        with contextlib.suppress(OSError, ValueError):
            font.set_variation_by_axes([weight, 60 if size >= 40 else 20])
        return font
    style = ("Bold" if weight >= 600 else "") + ("Italic" if italic else "")
    name = f"DejaVuSerif-{style}.ttf" if style else "DejaVuSerif.ttf"
    try:
        return ImageFont.truetype(str(_DEJAVU / name), size)
    except OSError:
        return ImageFont.load_default(size)


@functools.lru_cache(maxsize=32)
def _icons(size: int) -> ImageFont.FreeTypeFont | None:
    root = _package_root("fontawesomefree")
    if root is None:
        return None
    path = root / _FA_WEBFONTS / "fa-solid-900.ttf"
    try:
        return ImageFont.truetype(str(path), size)
    except OSError:
        return None


# Typesetting --------------------------------------------------------------------------------


def _width(font: ImageFont.FreeTypeFont, text: str, tracking: float = 0.0) -> float:
    return _length(font, text) + tracking * max(0, len(text) - 1)


# Fitting a name measures the same lines at the same sizes for every crop of it, and a subject
# covered often is fitted again and again.
@functools.lru_cache(maxsize=4096)
def _length(font: ImageFont.FreeTypeFont, text: str) -> float:
    return font.getlength(text)


def _balanced_lines(
    words: Sequence[str], font: ImageFont.FreeTypeFont, lines: int
) -> tuple[list[str], float]:
    """Split words into `lines` lines with the narrowest widest line (names are short)."""
    if lines == 1 or len(words) < lines:
        text = " ".join(words)
        return [text], _width(font, text)
    best: tuple[list[str], float] | None = None
    for cuts in itertools.combinations(range(1, len(words)), lines - 1):
        bounds = (0, *cuts, len(words))
        parts = [" ".join(words[a:b]) for a, b in itertools.pairwise(bounds)]
        widest = max(_width(font, p) for p in parts)
        if best is None or widest < best[1]:
            best = (parts, widest)
    assert best is not None
    return best


def fit_name(
    name: str, box_w: int, box_h: int, largest: int, smallest: int
) -> tuple[ImageFont.FreeTypeFont, list[str], int]:
    """The biggest size and line breaks at which a name fits the box; truncated if it never does."""
    words = name.split() or [name]
    # Two big lines read better than three bigger ones; more lines only when a name needs them.
    for max_lines, floor in ((2, max(smallest, round(largest * 0.62))), (3, smallest), (4, smallest)):
        size = largest
        while size >= floor:
            font = _serif(size, 700)
            leading = size
            for n in range(1, min(max_lines, len(words)) + 1):
                if leading * n > box_h:
                    break  # more lines only stand taller
                parts, widest = _balanced_lines(words, font, n)
                if widest <= box_w:
                    return font, parts, leading
            size -= 6 if size > 80 else 3
    font = _serif(smallest, 700)
    n = max(1, min(4, box_h // smallest, len(words)))
    parts, _ = _balanced_lines(words, font, n)
    return font, [_truncate(p, font, box_w) for p in parts], smallest


def fit_line(
    text: str, box_w: int, largest: int, smallest: int, italic: bool = True
) -> ImageFont.FreeTypeFont | None:
    """The biggest italic size at which one line fits, or None when it would need cutting."""
    size = largest
    while size >= smallest:
        font = _serif(size, 500, italic=italic)
        if _width(font, text) <= box_w:
            return font
        size -= 2
    return None


def _truncate(text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    if _width(font, text) <= width:
        return text
    while text and _width(font, text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _draw_tracked(
    canvas: PILImage.Image,
    xy: tuple[float, float],
    text: str,
    font: ImageFont.FreeTypeFont,
    fill: RGB,
    tracking: float,
) -> float:
    """Draw letter-spaced capitals; return the width used."""
    x, y = xy
    ox, oy = math.floor(x), math.floor(y)
    # The same label at the same size and sub-pixel offset recurs on every event of a section and
    # crop, the house mark on all of them: each is set once, then painted like any mask.
    (dx, dy), mask, used = _tracked_mask(text, font, tracking, x - ox, y - oy)
    canvas.paste(fill, (ox + dx, oy + dy, ox + dx + mask.width, oy + dy + mask.height), mask)
    return used


@functools.lru_cache(maxsize=64)
def _tracked_mask(
    text: str, font: ImageFont.FreeTypeFont, tracking: float, fx: float, fy: float
) -> tuple[tuple[int, int], PILImage.Image, float]:
    """Letter-spaced text as a mask, drawn from the sub-pixel offset (fx, fy); its offset and width."""
    pad = font.size
    x = pad + fx
    advances = []
    for ch in text:
        advances.append(x)
        x += font.getlength(ch) + tracking
    used = x - tracking - (pad + fx)
    mask = PILImage.new("L", (math.ceil(x) + pad, 2 * pad + math.ceil(font.size * 1.5)), 0)
    draw = ImageDraw.Draw(mask)
    for ch, cx in zip(text, advances, strict=True):
        draw.text((cx, pad + fy), ch, font=font, fill=255)
    box = mask.getbbox() or (0, 0, 1, 1)
    return (box[0] - pad, box[1] - pad), mask.crop(box), used


# Composition --------------------------------------------------------------------------------

SS = 2  # geometric layers are drawn at twice the size and reduced, for smooth edges


def compose(look: Look, size: tuple[int, int]) -> PILImage.Image:
    """Draw one crop of an event's illustration."""
    w, h = size
    pal = look.palette
    ground_dark, deep, ink = _rgb(pal.ground), _rgb(pal.deep), _rgb(pal.ink)
    accent, second = _rgb(pal.accent), _rgb(pal.second)
    if look.swap:
        accent, second = second, accent
    ground = _rgb(pal.paper) if look.light else ground_dark

    # Grounds repeat across events (a palette, a side, a size): their one row is drawn once.
    canvas = _ground(look.light, look.motif_right, size, ground, deep)
    wide = w / h >= 1.25
    unit = min(w, h)
    margin = round(w * 0.06)

    # Where the motif sits, how big it is, and how far its frame reaches.
    if wide:
        glyph_size = round(min(h * 0.50, w * 0.28))
        reach = glyph_size * (0.86 if look.frame == "block" else 0.82)
        cx = w - margin * 0.4 - reach if look.motif_right else margin * 0.4 + reach
        cy = h * 0.52
    else:
        glyph_size = round(unit * 0.30)
        reach = glyph_size * 0.82
        # Off-centre reads as movement on open ground; on a full-width colour block it reads as a slip.
        cx = w * 0.5 if look.frame == "block" else w * (0.62 if look.motif_right else 0.38)
        cy = margin * 1.9 + reach
    frame_colour = accent if look.frame != "rays" else (second if not look.light else accent)

    _texture(canvas, look, (cx, cy), glyph_size, second if not look.light else ground_dark)
    _frame(canvas, look, (cx, cy), glyph_size, frame_colour)
    on_frame = frame_colour if look.frame in ("disc", "block") else ground
    glyph_colour = _first_legible(on_frame, (ink, ground_dark, deep), 3.0)
    if look.frame in ("disc", "block") and glyph_colour == ink and look.light:
        glyph_colour = ground_dark
    shadow = deep if not look.light else accent
    if look.frame in ("disc", "block"):
        # On a colour field the shadow is that colour, darker: a near-black or same-colour shadow
        # read as a thick outline or vanished.
        shadow = _shade(frame_colour, 0.72)
    _glyph(canvas, look, (cx, cy), glyph_size, glyph_colour, shadow)

    # Type: section label, the name, the deed, the house mark.
    draw = ImageDraw.Draw(canvas)
    name_colour = ground_dark if look.light else ink
    # In a stacked crop the colour block runs under the label, so the label reads against it.
    label_ground = frame_colour if (not wide and look.frame == "block") else ground
    label_colour = _first_legible(label_ground, (accent, second, name_colour, deep), 3.0)
    deed_colour = _first_legible(ground, (second, accent, name_colour), 3.0)

    gutter = w * 0.035
    if wide:
        if look.motif_right:
            col_x0, col_x1 = margin, round(cx - reach - gutter)
        else:
            col_x0, col_x1 = round(cx + reach + gutter), w - margin
    else:
        col_x0, col_x1 = margin, w - margin
    col_w = col_x1 - col_x0

    label_size = max(30, round(unit * 0.054))
    label_font = _serif(label_size, 700)
    ty = margin * 0.85
    bar_w = round(label_size * 1.1)
    draw.rectangle(
        (col_x0, ty + label_size * 0.36, col_x0 + bar_w, ty + label_size * 0.36 + label_size // 6),
        fill=label_colour,
    )
    _draw_tracked(
        canvas,
        (col_x0 + bar_w + label_size * 0.5, ty - label_size * 0.12),
        look.section.upper(),
        label_font,
        label_colour,
        label_size * 0.16,
    )

    mark_size = max(26, round(unit * 0.042))
    mark_font = _serif(mark_size, 800)
    mark_y = h - margin * 0.85 - mark_size
    mark_tracking = mark_size * 0.28
    mark_w = _width(mark_font, "INFOLITICO", mark_tracking)
    rule_y = mark_y - mark_size * 0.55
    draw.line((col_x0, rule_y, col_x0 + min(col_w, mark_w * 1.6), rule_y), fill=name_colour, width=2)
    _draw_tracked(
        canvas, (col_x0, mark_y - mark_size * 0.15), "INFOLITICO", mark_font, name_colour, mark_tracking
    )

    # The name and the deed share the room between the label and the mark.
    top = ty + label_size * 1.6
    bottom = rule_y - mark_size * 0.9
    if not wide:
        top = max(top, cy + reach + gutter)
    largest = round(unit * (0.19 if wide else 0.12))
    smallest = max(40, round(unit * 0.05))
    deed_font = None
    if look.deed:
        deed_font = fit_line(look.deed, col_w, max(36, round(unit * 0.066)), 32)
    for attempt in (deed_font, None):
        deed_h = attempt.size * 1.5 if attempt is not None else 0
        font, lines, leading = fit_name(look.name, col_w, int(bottom - top - deed_h), largest, smallest)
        # The name matters more than the deed: give up the deed before the name turns small.
        if attempt is None or font.size >= largest * 0.5:
            deed_font = attempt
            break
    block_h = leading * len(lines) + deed_h
    # Sit the block a little below the optical centre, as a poster's title does.
    y = top + (bottom - top - block_h) * (0.62 if wide else 0.5)
    ascent_fix = font.getbbox("H")[1]
    for line in lines:
        draw.text((col_x0, y - ascent_fix * 0.9), line, font=font, fill=name_colour)
        y += leading
    if deed_font is not None:
        draw.text((col_x0, y + deed_font.size * 0.25), look.deed, font=deed_font, fill=deed_colour)
    return canvas


def _ground(light: bool, motif_right: bool, size: tuple[int, int], ground: RGB, deep: RGB) -> PILImage.Image:
    """A flat field with a soft fall of light, from the motif's side towards the type (a new image)."""
    # The light falls sideways, so every row is the same: one row is drawn, then repeated.
    return _ground_row(light, motif_right, size[0], ground, deep).resize(size, PILImage.Resampling.NEAREST)


@functools.lru_cache(maxsize=512)
def _ground_row(light: bool, motif_right: bool, width: int, ground: RGB, deep: RGB) -> PILImage.Image:
    base = PILImage.new("RGB", (width, 1), ground)
    shadow = _shade(ground, 0.9) if light else deep
    ramp = PILImage.linear_gradient("L").rotate(90 if motif_right else -90)
    ramp = ramp.resize((width, 1), PILImage.Resampling.BILINEAR)
    ramp = ramp.point(lambda v: int(v * (0.55 if light else 0.75)))
    base.paste(shadow, (0, 0, width, 1), ramp)
    return base


class _Layer:
    """A supersampled mask over the part of the canvas a shape can reach, drawn in canvas x SS units.

    A layer covering only its window costs what the shape covers, not the whole crop; the window
    starts on a whole canvas pixel, so the reduction sees the same blocks as a full-canvas mask.
    """

    def __init__(self, size: tuple[int, int], window: tuple[float, float, float, float] | None = None):
        w, h = size
        x0, y0, x1, y1 = window if window is not None else (0, 0, w, h)
        x0, y0 = max(0, math.floor(x0)), max(0, math.floor(y0))
        x1, y1 = max(x0, min(w, math.ceil(x1))), max(y0, min(h, math.ceil(y1)))
        self.box = (x0, y0, x1, y1)
        self.dx, self.dy = x0 * SS, y0 * SS
        self.mask = PILImage.new("L", ((x1 - x0) * SS, (y1 - y0) * SS), 0)
        self.draw = ImageDraw.Draw(self.mask)

    def shift(self, xy: Sequence[float]) -> tuple[float, ...]:
        """Canvas x SS coordinates (x0, y0, x1, y1) as the mask's own."""
        x0, y0, x1, y1 = xy
        return (x0 - self.dx, y0 - self.dy, x1 - self.dx, y1 - self.dy)

    def empty(self) -> bool:
        return self.box[0] == self.box[2] or self.box[1] == self.box[3]


def _window(size: tuple[int, int], centre: tuple[float, float], reach: float) -> tuple[int, int, int, int]:
    """The square that `_fade` lights around the motif: beyond it a faded layer shows nothing."""
    side = max(2, round(2 * reach))
    x0, y0 = round(centre[0] - side / 2), round(centre[1] - side / 2)
    return (x0, y0, x0 + side, y0 + side)


# A finished mask: where it goes on the canvas, and itself; None where a layer leaves no ink.
Ink = tuple[tuple[int, int, int, int], PILImage.Image] | None


def _ink(layer: _Layer, opacity: float, fade: PILImage.Image | None = None) -> Ink:
    """Reduce a layer to the canvas's pixels, faded and at its opacity, cut to where it has ink."""
    if layer.empty():
        return None
    small = layer.mask.reduce(SS)
    if opacity < 1:
        small = small.point(lambda v: int(v * opacity))
    if fade is not None:
        small = ImageChops.multiply(small, fade.crop(layer.box))
    # Blend only where the mask has ink: most layers cover a fraction of the canvas.
    box = small.getbbox()
    if box is None:
        return None
    ox, oy = layer.box[:2]
    return (box[0] + ox, box[1] + oy, box[2] + ox, box[3] + oy), small.crop(box)


def _paint(canvas: PILImage.Image, ink: Ink, colour: RGB) -> None:
    if ink is not None:
        canvas.paste(colour, *ink)


@functools.lru_cache(maxsize=128)
def _fade(size: tuple[int, int], centre: tuple[float, float], reach: float) -> PILImage.Image:
    """Full strength at the motif, nothing at `reach`: pattern stays off the type's ground.

    A fade depends only on the crop, the motif's side and its frame, so a few dozen serve every
    event: it is made once and shared (callers only read it).
    """
    fade = PILImage.new("L", size, 0)
    side = max(2, round(2 * reach))
    # radial_gradient is 0 at its centre and 255 at half its width; invert, then ease the edge.
    spot = ImageOps.invert(PILImage.radial_gradient("L")).point(lambda v: v * v // 255)
    spot = spot.resize((side, side), PILImage.Resampling.BILINEAR)
    fade.paste(spot, (round(centre[0] - side / 2), round(centre[1] - side / 2)))
    return fade


def _texture(
    canvas: PILImage.Image, look: Look, centre: tuple[float, float], glyph: int, colour: RGB
) -> None:
    """A print texture around the motif: halftone, hatching, graph paper or ripples."""
    if look.frame == "block":
        # A second pattern beside a flat colour block read as a stray strip; the block is enough.
        return
    _paint(canvas, _texture_ink(canvas.size, look.texture, centre, glyph), colour)


# A texture's shape depends only on the crop, the motif's place and size and the pattern, never on
# the event's colours or words: two dozen masks serve every event, drawn once (callers only read).
@functools.lru_cache(maxsize=48)
def _texture_ink(size: tuple[int, int], texture: str, centre: tuple[float, float], glyph: int) -> Ink:
    w, h = size
    cx, cy = centre[0] * SS, centre[1] * SS
    # The pattern fades out around the motif: only the fade's square is drawn.
    fade_reach = glyph * 1.35
    layer = _Layer(size, _window(size, centre, fade_reach))
    if layer.empty():
        return None
    d = layer.draw
    W, H = w * SS, h * SS
    left, top = layer.dx, layer.dy
    right, bottom = layer.box[2] * SS, layer.box[3] * SS
    if texture == "dots":
        step = 26 * SS
        reach = W * 0.62
        for gy in range(0, H + step, step):
            if gy + step < top or gy - step > bottom:
                continue
            for gx in range(0, W + step, step):
                x = gx + (step / 2 if (gy // step) % 2 else 0)
                if x + step < left or x - step > right:
                    continue
                dist = math.hypot(x - cx, gy - cy)
                r = step * 0.42 * max(0.0, 1 - dist / reach)
                if r > 0.8 * SS:
                    d.ellipse(layer.shift((x - r, gy - r, x + r, gy + r)), fill=255)
        opacity = 0.30
    elif texture == "lines":
        gap = 22 * SS
        half = W * 0.30
        x0 = cx - half
        for k in range(-H // gap - 2, int(2 * half // gap) + 2):
            x = x0 + k * gap
            d.line(layer.shift((x, H, x + H, 0)), fill=255, width=3 * SS)
        opacity = 0.22
    elif texture == "grid":
        gap = 40 * SS
        for x in range(0, W, gap):
            d.line(layer.shift((x, 0, x, H)), fill=255, width=SS)
        for y in range(0, H, gap):
            d.line(layer.shift((0, y, W, y)), fill=255, width=SS)
        opacity = 0.14
    else:  # rings
        gap = 34 * SS
        r = glyph * SS * 0.7
        # Rings wider than the window's farthest corner show nothing in it.
        farthest = max(math.hypot(x - cx, y - cy) for x in (left, right) for y in (top, bottom))
        while r < max(W, H) * 0.75 and r - 3 * SS <= farthest:
            d.ellipse(layer.shift((cx - r, cy - r, cx + r, cy + r)), outline=255, width=3 * SS)
            r += gap
        opacity = 0.18
    return _ink(layer, opacity, _fade(size, centre, fade_reach))


def _frame(canvas: PILImage.Image, look: Look, centre: tuple[float, float], glyph: int, colour: RGB) -> None:
    """The shape the motif stands on: a disc, a ring, a colour block or a burst of rays."""
    if look.frame == "rays":
        _paint(canvas, _rays_ink(canvas.size, look.light, centre, glyph, look.tilt), colour)
    else:
        _paint(canvas, _frame_ink(canvas.size, look.frame, look.motif_right, centre, glyph), colour)


# Like a texture, a disc, a ring or a block is the same shape for every event with the same crop
# and motif place: drawn once. Rays lean with each event's tilt, so they are drawn every time.
@functools.lru_cache(maxsize=48)
def _frame_ink(
    size: tuple[int, int], frame: str, motif_right: bool, centre: tuple[float, float], glyph: int
) -> Ink:
    w, h = size
    cx, cy = centre[0] * SS, centre[1] * SS
    r = glyph * SS * 0.82
    # Each layer covers only the box its shape can reach (one pixel over, for the antialiasing).
    disc = ((cx - r) / SS - 1, (cy - r) / SS - 1, (cx + r) / SS + 1, (cy + r) / SS + 1)
    if frame == "disc":
        layer = _Layer(size, disc)
        layer.draw.ellipse(layer.shift((cx - r, cy - r, cx + r, cy + r)), fill=255)
    elif frame == "ring":
        layer = _Layer(size, disc)
        layer.draw.ellipse(layer.shift((cx - r, cy - r, cx + r, cy + r)), outline=255,
                           width=int(glyph * SS * 0.07))
    else:  # block
        if w / h >= 1.25:
            edge = cx - r * 1.05 if motif_right else cx + r * 1.05
            box = (edge, 0, w * SS, h * SS) if motif_right else (0, 0, edge, h * SS)
        else:
            box = (0, 0, w * SS, cy + r * 0.95)
        layer = _Layer(size, (box[0] / SS - 1, box[1] / SS - 1, box[2] / SS + 1, box[3] / SS + 1))
        layer.draw.rectangle(layer.shift(box), fill=255)
    return _ink(layer, 1.0)


def _rays_ink(
    size: tuple[int, int], light: bool, centre: tuple[float, float], glyph: int, tilt: float
) -> Ink:
    w, h = size
    cx, cy = centre[0] * SS, centre[1] * SS
    r = glyph * SS * 0.82
    fade_reach = glyph * 1.7
    layer = _Layer(size, _window(size, centre, fade_reach))
    if layer.empty():
        return None
    # Each ray is a wedge reaching far past the window, so inside it the wedge is a triangle:
    # a polygon costs the rows it covers, where a pie slice of that radius cost its whole square.
    far = max(w, h) * SS * 1.5
    for k in range(0, 24, 2):
        a0, a1 = math.radians(k * 15 + tilt), math.radians((k + 1) * 15 + tilt)
        points = [(cx, cy), (cx + far * math.cos(a0), cy + far * math.sin(a0)),
                  (cx + far * math.cos(a1), cy + far * math.sin(a1))]
        layer.draw.polygon([(x - layer.dx, y - layer.dy) for x, y in points], fill=255)
    layer.draw.ellipse(layer.shift((cx - r * 0.95, cy - r * 0.95, cx + r * 0.95, cy + r * 0.95)), fill=0)
    # Rays in the quiet second colour, fading out: in the accent they muddied the ground.
    opacity = 0.16 if not light else 0.30
    return _ink(layer, opacity, _fade(size, centre, fade_reach))


def _glyph(
    canvas: PILImage.Image,
    look: Look,
    centre: tuple[float, float],
    size: int,
    colour: RGB,
    shadow: RGB,
) -> None:
    """The act's motif, tilted, with an offset shadow like a two-colour print."""
    mask = _glyph_mask(look.glyph, size)
    if mask is None:
        return
    # A slight lean, different per event, keeps the motif from reading as an interface icon.
    # Bilinear: at a few degrees and full size its edges match bicubic's, at half the time.
    mask = mask.rotate(look.tilt, resample=PILImage.Resampling.BILINEAR, expand=True)
    px = round(centre[0] - mask.width / 2)
    py = round(centre[1] - mask.height / 2)
    offset = max(6, size // 22)
    x0, y0, x1, y1 = mask.getbbox() or (0, 0, 0, 0)
    mask = mask.crop((x0, y0, x1, y1))
    px, py = px + x0, py + y0
    sx, sy = px + offset, py + offset
    canvas.paste(shadow, (sx, sy, sx + mask.width, sy + mask.height), mask)
    canvas.paste(colour, (px, py, px + mask.width, py + mask.height), mask)


@functools.lru_cache(maxsize=256)
def _glyph_mask(glyph: int, size: int) -> PILImage.Image | None:
    """The motif upright, padded for its tilt (shared: callers only read it)."""
    font = _icons(size)
    if font is None:
        return None
    ch = chr(glyph)
    x0, y0, x1, y1 = font.getbbox(ch)
    # Wide glyphs (a plane, a handshake) touched the disc's edge: keep every glyph's corners,
    # whatever its tilt, inside the frame with a margin.
    room = size * 0.82 * 0.80
    half_diagonal = math.hypot(x1 - x0, y1 - y0) / 2
    if half_diagonal > room:
        font = _icons(max(8, int(size * room / half_diagonal)))
        if font is None:
            return None
        x0, y0, x1, y1 = font.getbbox(ch)
    # Room for the filter's reach only: rotating with expand makes room for the tilt, and
    # every pixel of padding is one more rotated.
    pad = 2
    mask = PILImage.new("L", (x1 - x0 + 2 * pad, y1 - y0 + 2 * pad), 0)
    ImageDraw.Draw(mask).text((pad - x0, pad - y0), ch, font=font, fill=255)
    return mask


# --------------------------------------------------------------------------------------------
# The library

# Scores: the subject shown outweighs everything; a participant next; the act and the section
# only break ties between pictures of the right people, or lift a generic picture that names
# both (a courtroom photo tagged "legal" and "Politics" alone stays below the bar).
SUBJECT_SCORE = 100
SUBJECT_FIRST_BONUS = 10
PARTICIPANT_SCORE = 30
ACT_SCORE = 12
SECTION_SCORE = 5
THRESHOLD = 30

LIBRARY_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff"}
# A library image must fill the article image without being enlarged.
MIN_WIDTH, MIN_HEIGHT = MAIN_SIZE
# Bigger than any camera's frame: a file past these is a mistake or an attack, never decoded.
MAX_BYTES = 60 * 1024 * 1024
MAX_PIXELS = 80_000_000
MAX_SIDECAR_BYTES = 64 * 1024
LIBRARY_FORMATS = ("JPEG", "PNG", "WEBP", "TIFF")


@dataclass(frozen=True)
class LibraryEntry:
    """One licensed image and what it shows, from its sidecar and embedded metadata."""

    path: Path
    people: tuple[str, ...]
    keywords: tuple[str, ...]
    caption: str
    credit: str
    licence: str
    focus: tuple[float, float] = (0.5, 0.4)


class LibraryIllustrator:
    """Chooses the best-fitting licensed image from a folder, or None below the threshold."""

    name = "library"

    def __init__(self, folder: Path, threshold: int = THRESHOLD) -> None:
        self.folder = Path(folder)
        self.threshold = threshold

    def entries(self) -> tuple[LibraryEntry, ...]:
        """The usable images in the folder (credited, big enough), read once per change."""
        if not self.folder.is_dir():
            return ()
        root = self.folder.resolve()
        stamp = []
        for p in sorted(root.iterdir()):
            # Stat only: whether a link leads out is decided (and logged, once) when cataloguing.
            with contextlib.suppress(OSError):
                stamp.append((p.name, p.lstat().st_mtime_ns, p.stat().st_mtime_ns))
        return _catalogue(str(root), tuple(stamp))

    def score(self, event: Event, entry: LibraryEntry) -> int:
        """How well an image fits an event: subject, then participants, act, section."""
        people = [_norm(p) for p in entry.people]
        keywords = {_norm(k) for k in entry.keywords}
        total = 0
        if event.subject is not None:
            names = _names(event.subject)
            hits = [i for i, p in enumerate(people) if p in names]
            if hits:
                total += SUBJECT_SCORE + (SUBJECT_FIRST_BONUS if hits[0] == 0 else 0)
        for participant in event.participants[:3]:
            if _names(participant) & set(people):
                total += PARTICIPANT_SCORE
        if event.act is not None:
            words = {_norm(w) for w in (event.act.kind, event.act.noun or "", event.act.lemma)}
            if words & keywords:
                total += ACT_SCORE
        if _norm(event.section) in keywords:
            total += SECTION_SCORE
        return total

    def choose(self, event: Event) -> LibraryEntry | None:
        """The best-scoring image at or above the threshold; ties shared out by event id."""
        scored = [(self.score(event, e), e) for e in self.entries()]
        scored = [(s, e) for s, e in scored if s >= self.threshold]
        if not scored:
            return None
        best = max(s for s, _ in scored)
        tied = sorted((e for s, e in scored if s == best), key=lambda e: e.path.name)
        # A subject covered often should not wear the same photo every day.
        return tied[int(event.id, 16) % len(tied)]

    def illustrate(self, event: Event, out_dir: Path) -> Image | None:
        """Crop the chosen image to the house's set of files, or None when nothing fits."""
        entry = self.choose(event)
        if entry is None:
            return None
        try:
            im = _open_photo(entry.path, LIBRARY_FORMATS)
        except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError) as exc:
            # Catalogued when whole, broken since (a half-copied file): the generated image stands in.
            log.warning("library: skipped %s: %s", entry.path.name, exc)
            return None
        return _write_photo(event, out_dir, im, entry.focus, entry.credit, entry.licence)


# --------------------------------------------------------------------------------------------
# The source page's preview image

PREVIEW_TIMEOUT = 10.0  # seconds for the page and its image together
PREVIEW_MAX_BYTES = 10 * 1024 * 1024
PREVIEW_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
# Smaller than the library's minimum: link previews are usually 1200x630, a touch short of 675,
# and a slight enlargement of the source's own picture still beats a generated stand-in.
PREVIEW_MIN_SIZE = (800, 420)
PREVIEW_FOCUS = (0.5, 0.4)
PREVIEW_LICENCE = "Preview image of the source page"


def preview_credit(event: Event, page_url: str | None = None) -> str:
    """The credit for a source preview: its publisher, else the host of the page it came from."""
    if event.source.publisher:
        return f"Image: {event.source.publisher}"
    host = urlsplit(page_url or event.source.link or "").hostname or "the source page"
    return f"Image: {host.removeprefix('www.')}"


class SourcePreviewIllustrator:
    """Uses the preview image the source page names, fetched safely; None (logged) when refused."""

    name = "source-preview"

    def __init__(
        self,
        *,
        timeout: float = PREVIEW_TIMEOUT,
        max_bytes: int = PREVIEW_MAX_BYTES,
        max_page_bytes: int = MAX_PAGE_BYTES,
        resolver: Resolver | None = None,
        allow: AddressPolicy = public_address,
        transport: httpx.BaseTransport | None = None,
        found: SourcePreview | None = None,
    ) -> None:
        # `found`: the preview already fetched by the caller (outside its transaction).
        self.found = found
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_page_bytes = max_page_bytes
        self.resolver = resolver
        self.allow = allow
        self.transport = transport

    def illustrate(self, event: Event, out_dir: Path) -> Image | None:
        """Fetch the source page's preview image and write the house's set of files from it."""
        link = event.source.link
        if not link:
            return None
        try:
            found = self.found or fetch_source_preview(
                link,
                timeout=self.timeout,
                max_bytes=self.max_bytes,
                max_page_bytes=self.max_page_bytes,
                resolver=self.resolver,
                allow=self.allow,
                transport=self.transport,
            )
            # fetch_source_preview has checked the magic bytes; only now does Pillow see them.
            im = _open_photo(io.BytesIO(found.data), PREVIEW_FORMATS)
        except PreviewRefused as exc:
            log.warning("source-preview: skipped %s: %s", link, exc)
            return None
        except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError) as exc:
            log.warning("source-preview: skipped %s: unreadable image: %s", link, exc)
            return None
        except Exception:
            # An optional picture must never cost the article; the generated image stands in.
            log.exception("source-preview: failed for %s", link)
            return None
        if im.width < PREVIEW_MIN_SIZE[0] or im.height < PREVIEW_MIN_SIZE[1]:
            log.warning(
                "source-preview: skipped %s: %dx%d is smaller than %dx%d", link, *im.size, *PREVIEW_MIN_SIZE
            )
            return None
        credit = preview_credit(event, found.page_url)
        return _write_photo(event, out_dir, im, PREVIEW_FOCUS, credit, PREVIEW_LICENCE)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^0-9a-z]+", " ", text).strip()


def _names(entity: Entity) -> set[str]:
    # Surnames alone are left out: "Harris" would match every Harris in the library.
    return {_norm(n) for n in (entity.name, entity.slug, *entity.aliases) if n}


def _inside(root: Path, path: Path) -> Path | None:
    """The real path of `path` when it lies under `root`; None when it (or a link in it) leads out."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return real if real.is_relative_to(root) else None


@functools.lru_cache(maxsize=8)
def _catalogue(folder: str, stamp: tuple) -> tuple[LibraryEntry, ...]:
    root = Path(folder)
    entries = []
    for name, *_ in stamp:
        path = root / name
        if path.suffix.lower() not in LIBRARY_SUFFIXES or not path.is_file():
            continue
        entry = _read_entry(path, root)
        if entry is not None:
            entries.append(entry)
    return tuple(entries)


def _read_entry(path: Path, root: Path | None = None) -> LibraryEntry | None:
    """Sidecar first, embedded IPTC/XMP for the gaps; None (logged) if unreadable, uncredited or too small."""
    root = (root or path.parent).resolve()
    real = _inside(root, path)
    if real is None:
        log.warning("library: skipped %s: it leads outside the library", path.name)
        return None
    sidecar: dict = {}
    side = path.with_suffix(".json")
    if side.exists() or side.is_symlink():
        side_real = _inside(root, side)
        try:
            if side_real is None:
                raise ValueError("it leads outside the library")
            if side_real.stat().st_size > MAX_SIDECAR_BYTES:
                raise ValueError(f"over {MAX_SIDECAR_BYTES} bytes")
            loaded = json.loads(side_real.read_text("utf-8"))
            sidecar = loaded if isinstance(loaded, dict) else {}
        except (OSError, ValueError) as exc:
            log.warning("library: ignored sidecar %s: %s", side.name, exc)
            sidecar = {}
    try:
        if real.stat().st_size > MAX_BYTES:
            raise ValueError(f"file over {MAX_BYTES} bytes")
        # Pillow reads only the header here; the pixel cap below stops a bomb before any decode.
        with PILImage.open(real, formats=LIBRARY_FORMATS) as im:
            size = im.size
            if size[0] * size[1] > MAX_PIXELS:
                raise ValueError(f"{size[0]}x{size[1]} is over {MAX_PIXELS} pixels")
            embedded = _embedded(im)
    except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError) as exc:
        log.warning("library: skipped %s: %s", path.name, exc)
        return None
    if size[0] < MIN_WIDTH or size[1] < MIN_HEIGHT:
        log.info("library: skipped %s: %dx%d is smaller than %dx%d", path.name, *size, *MAIN_SIZE)
        return None

    def listed(key: str) -> tuple[str, ...]:
        value = sidecar.get(key)
        if isinstance(value, str):
            value = [value]
        if not value:
            value = embedded.get(key, [])
        return tuple(str(v) for v in value if str(v).strip())

    def said(*keys: str) -> str:
        for key in keys:
            value = sidecar.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
        for key in keys:
            value = embedded.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
        return ""

    credit = said("credit")
    if not credit:
        # An image nobody can be credited for is not one the newsroom may publish.
        log.info("library: skipped %s: no credit in its sidecar or metadata", path.name)
        return None
    keywords = listed("keywords")
    sections = sidecar.get("sections") or sidecar.get("section") or ()
    if isinstance(sections, str):
        sections = (sections,)
    focus = sidecar.get("focus")
    try:
        fx, fy = (min(1.0, max(0.0, float(v))) for v in focus)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        fx, fy = 0.5, 0.4
    return LibraryEntry(
        path=real,
        people=listed("people"),
        keywords=(*keywords, *(str(s) for s in sections)),
        caption=said("caption"),
        credit=credit,
        licence=said("licence", "license") or "All rights reserved",
        focus=(fx, fy),
    )


_IPTC = {
    (2, 25): "keywords",
    (2, 120): "caption",
    (2, 110): "credit",
    (2, 80): "byline",
    (2, 116): "licence",
}

_XMP_LISTS = {"subject": "keywords", "PersonInImage": "people"}
_XMP_TEXTS = {
    "description": "caption",
    "Credit": "credit",
    "creator": "byline",
    "rights": "licence",
    "UsageTerms": "licence",
}


def _embedded(im: PILImage.Image) -> dict:
    """What IPTC and XMP say about an image, where Pillow hands them over without work."""
    found: dict = {}
    try:
        iptc = IptcImagePlugin.getiptcinfo(im) or {}
    except (OSError, SyntaxError, ValueError, TypeError):
        iptc = {}
    for key, field in _IPTC.items():
        value = iptc.get(key)
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        texts = [v.decode("utf-8", "replace").strip() for v in values if isinstance(v, bytes)]
        found[field] = texts if field == "keywords" else (texts[0] if texts else "")
    xmp = im.info.get("xmp") or im.info.get("XML:com.adobe.xmp")
    if xmp:
        for field, value in _read_xmp(xmp).items():
            found.setdefault(field, value)
    if not found.get("credit") and found.get("byline"):
        found["credit"] = found["byline"]
    return found


def _read_xmp(xmp: bytes | str) -> dict:
    try:
        root = ET.fromstring(xmp.encode("utf-8") if isinstance(xmp, str) else xmp.strip(b"\x00"))
    except ET.ParseError:
        return {}
    out: dict = {}
    for el in root.iter():
        local = el.tag.rsplit("}", 1)[-1]
        for attr, value in el.attrib.items():
            attr_local = attr.rsplit("}", 1)[-1]
            if attr_local in _XMP_TEXTS and value.strip():
                out.setdefault(_XMP_TEXTS[attr_local], value.strip())
        items = [li.text.strip() for li in el.iter() if li.tag.endswith("}li") and li.text]
        if local in _XMP_LISTS and items:
            out.setdefault(_XMP_LISTS[local], items)
        elif local in _XMP_TEXTS:
            text = items[0] if items else (el.text or "").strip()
            if text:
                out.setdefault(_XMP_TEXTS[local], text)
    return out
