"""Generated images made fast: drawn ahead on worker processes, shapes drawn once, the same pictures."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import fcntl
import io
import logging
from pathlib import Path

import pytest
from PIL import Image as PILImage
from PIL import JpegImagePlugin

from infolitico.pipeline import illustrate as ill
from tests.pipeline.test_illustrate import HARRIS, event, library_image

EVENTS = [
    HARRIS,
    event("Simone Biles wins gold - NBC", "Simone Biles", "win", "Sports"),
    event("Senate passes border bill - Reuters", "Senate", "legislation", "Politics"),
    event("Apple unveils a thinner phone - TechCrunch", "Apple", "launch", "Technology"),
]


def files(image: ill.Image) -> dict[str, bytes]:
    return {name: Path(path).read_bytes() for name, path in image.files.items()}


def copies(n: int) -> list:
    """n distinct events, from the four above."""
    return [dataclasses.replace(e, source=dataclasses.replace(e.source, title=f"{e.source.title} ({k})"))
            for k in range(n // len(EVENTS)) for e in EVENTS]


def forget_shapes() -> None:
    for cached in (ill._texture_ink, ill._frame_ink, ill._glyph_mask, ill._tracked_mask, ill._length):
        cached.cache_clear()


def test_a_batch_drawn_on_worker_processes_writes_the_same_files_as_drawing_each_here(tmp_path):
    here = [ill.illustrate(e, tmp_path / "here") for e in EVENTS]
    with ill.Drawings(enumerate(EVENTS), out_dir=tmp_path / "ahead", workers=2, min_batch=1) as drawings:
        assert drawings.workers == 2
        ahead = [ill.illustrate(e, tmp_path / "ahead", drawn=drawings.take(k)) for k, e in enumerate(EVENTS)]
    for e, one, other in zip(EVENTS, here, ahead, strict=True):
        assert files(one) == files(other)
        assert Path(other.path).parent == (tmp_path / "ahead" / e.id).resolve()
    # What was drawn ahead waited in a scratch folder, and nothing of it is left once taken.
    assert sorted(p.name for p in (tmp_path / "ahead").iterdir()) == sorted(e.id for e in EVENTS)


def test_events_added_later_are_drawn_too_and_what_nobody_took_is_deleted(tmp_path):
    out = tmp_path / "out"
    with ill.Drawings(enumerate(EVENTS[:2]), out_dir=out, workers=2, min_batch=3) as drawings:
        assert drawings.workers == 0  # two are too few to start workers for
        drawings.add([(2, EVENTS[2]), (3, EVENTS[3])])
        assert drawings.workers == 2 and all(k in drawings for k in range(4))
        image = ill.illustrate(EVENTS[3], out, drawn=drawings.take(3))
        drawings.take(0).result()  # drawn, but never put in place
    assert files(image) == files(ill.illustrate(EVENTS[3], tmp_path / "here"))
    assert [p.name for p in out.iterdir()] == [EVENTS[3].id]


def test_a_small_batch_is_drawn_in_this_process(tmp_path):
    with ill.Drawings(enumerate(EVENTS[:2]), out_dir=tmp_path, workers=2) as drawings:
        assert drawings.workers == 0
        assert drawings.take(0) is None


def test_the_scratch_of_a_run_that_died_is_cleared_by_the_next(tmp_path):
    abandoned = tmp_path / f"{ill.SCRATCH_PREFIX}dead" / "7"
    abandoned.mkdir(parents=True)
    (abandoned.parent / ill.LOCK).touch()  # its run held the lock, and let go of it when it died
    (abandoned / "1200.jpg").write_bytes(b"half a picture")
    live = tmp_path / f"{ill.SCRATCH_PREFIX}live"
    live.mkdir()
    with open(live / ill.LOCK, "wb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another run, still drawing
        with ill.Drawings(enumerate(EVENTS), out_dir=tmp_path, workers=2, min_batch=99):
            pass  # even a run that draws nothing ahead clears what a dead one left
        assert not abandoned.parent.exists()
        assert live.exists()


def test_an_event_taken_before_the_workers_started_is_not_drawn_for_nobody(tmp_path):
    with ill.Drawings(enumerate(EVENTS[:2]), out_dir=tmp_path, workers=2, min_batch=3) as drawings:
        assert drawings.take(0) is None  # its taker draws it
        drawings.add([(2, EVENTS[2]), (3, EVENTS[3])])
        assert drawings.workers == 2
        assert 0 not in drawings and all(k in drawings for k in (1, 2, 3))


def test_no_more_drawings_are_handed_out_than_the_cap_and_the_rest_follow(tmp_path, monkeypatch):
    monkeypatch.setattr(ill, "AHEAD", 2)
    handed = []
    real = concurrent.futures.ProcessPoolExecutor.submit

    def submit(self, fn, *args, **kwargs):
        handed.append(args)
        return real(self, fn, *args, **kwargs)

    monkeypatch.setattr(concurrent.futures.ProcessPoolExecutor, "submit", submit)
    many = copies(8)
    out = tmp_path / "out"
    with ill.Drawings(enumerate(many), out_dir=out, workers=2, min_batch=1) as drawings:
        assert len(handed) == 2  # about 280 KB of files each, waiting in the scratch folder
        first = drawings.take(0)
        assert len(handed) == 3  # a place freed, the next one goes
        images = [ill.illustrate(e, out, drawn=first if k == 0 else drawings.take(k))
                  for k, e in enumerate(many)]
    assert len(handed) == len(many)
    assert all(files(image) for image in images)
    assert sorted(p.name for p in out.iterdir()) == sorted(e.id for e in many)


def test_an_event_taken_out_of_turn_is_drawn_by_its_taker_not_waited_for(tmp_path):
    many = copies(16)
    with ill.Drawings(enumerate(many), out_dir=tmp_path, workers=2, min_batch=1) as drawings:
        # The last one added is still queued behind fifteen others: its taker draws it now.
        assert drawings.take(len(many) - 1) is None
        assert len(many) - 1 not in drawings
        # The oldest, taken in its turn, is waited for: it is next anyway.
        assert drawings.take(0) is not None


def test_a_drawing_nobody_will_take_makes_room_for_the_next(tmp_path, monkeypatch):
    monkeypatch.setattr(ill, "AHEAD", 2)
    many = copies(8)
    with ill.Drawings(enumerate(many), out_dir=tmp_path, workers=2, min_batch=1) as drawings:
        drawings.discard(0)  # held by the desk, say: never illustrated
        drawings.discard(1)
        # The two places went to the next two, taken in their turn as before.
        assert [drawings.take(k) is not None for k in (2, 3)] == [True, True]
        assert 0 not in drawings and 1 not in drawings


def test_a_drawing_that_does_not_come_is_drawn_here_after_a_while(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(ill, "WAIT_S", 0.01)
    never: concurrent.futures.Future = concurrent.futures.Future()  # a worker that hangs
    with caplog.at_level(logging.WARNING, logger="infolitico.pipeline.illustrate"):
        image = ill.illustrate(HARRIS, tmp_path / "ahead", drawn=never)
    assert "TimeoutError" in caplog.text
    assert files(image) == files(ill.illustrate(HARRIS, tmp_path / "here"))


@pytest.mark.parametrize(("cpu_max", "cpus"), [("max 100000\n", 2), ("150000 100000\n", 2),
                                                ("50000 100000\n", 1), ("garbled\n", 2),
                                                ("250000 100000\n", 3)])
def test_a_cgroup_cpu_quota_caps_the_cpus_drawing_uses(tmp_path, monkeypatch, cpu_max, cpus):
    affinity = set(range(8)) if cpus == 3 else {0, 1}
    monkeypatch.setattr(ill.os, "sched_getaffinity", lambda pid: affinity, raising=False)
    (tmp_path / "cpu.max").write_text(cpu_max)
    monkeypatch.setattr(ill, "CPU_MAX", str(tmp_path / "cpu.max"))
    assert ill._cpus() == cpus


def test_an_event_that_changed_since_it_was_drawn_ahead_is_drawn_again(tmp_path):
    drawn: concurrent.futures.Future = concurrent.futures.Future()
    drawn.set_result(ill._draw_into(ill.look_for(EVENTS[1]), str(tmp_path / "scratch")))
    image = ill.illustrate(EVENTS[2], tmp_path / "ahead", drawn=drawn)
    assert files(image) == files(ill.illustrate(EVENTS[2], tmp_path / "here"))


def test_a_drawing_that_failed_ahead_is_drawn_here_with_a_warning(tmp_path, caplog):
    drawn: concurrent.futures.Future = concurrent.futures.Future()
    drawn.set_exception(concurrent.futures.process.BrokenProcessPool("a worker died"))
    with caplog.at_level(logging.WARNING, logger="infolitico.pipeline.illustrate"):
        image = ill.illustrate(HARRIS, tmp_path / "ahead", drawn=drawn)
    assert "a worker died" in caplog.text
    assert files(image) == files(ill.illustrate(HARRIS, tmp_path / "here"))


def test_events_a_library_image_fits_are_not_drawn_ahead(tmp_path):
    library_image(tmp_path, "harris", "navy", people=["Kamala Harris"], credit="Photo: Wire")
    with ill.Drawings(enumerate(EVENTS), out_dir=tmp_path / "out", library=tmp_path, workers=2,
                      min_batch=99) as drawings:
        assert [key for key in range(4) if key in drawings] == [1, 2, 3]


def test_events_whose_source_may_lend_a_preview_are_not_drawn_ahead(tmp_path):
    linked = dataclasses.replace(HARRIS, source=dataclasses.replace(HARRIS.source, link="https://x.example/a"))
    with ill.Drawings(enumerate([linked, *EVENTS[1:]]), out_dir=tmp_path, source_preview=True, workers=2,
                      min_batch=99) as drawings:
        assert [key for key in range(4) if key in drawings] == [1, 2, 3]


@pytest.mark.parametrize("frame", ["disc", "ring", "block", "rays"])
def test_shapes_drawn_once_and_shared_give_the_same_picture_as_drawn_afresh(frame):
    sizes = (*ill.CROPS.values(), (1200, 675))
    for texture, size in zip(("dots", "lines", "grid", "rings"), sizes, strict=True):
        look = dataclasses.replace(ill.look_for(HARRIS), frame=frame, texture=texture)
        forget_shapes()
        fresh = ill.compose(look, size)
        shared = ill.compose(look, size)
        assert fresh.tobytes() == shared.tobytes()


def test_every_jpeg_of_a_set_keeps_its_own_settings_beside_the_webp_saved_at_once():
    # Saving one picture twice at once once let the JPEG take the WebP's quality and 4:2:0.
    for e in EVENTS:
        crops = {key: ill.compose(ill.look_for(e), size) for key, size in ill.CROPS.items()}
        encoded = ill.encode_set(crops)
        assert encoded["1200.jpg"] == ill._encode(crops["16x9"], "JPEG")
        for name in ("1200.jpg", "4x3.jpg", "1x1.jpg"):
            with PILImage.open(io.BytesIO(encoded[name])) as im:
                assert JpegImagePlugin.get_sampling(im) == 0
