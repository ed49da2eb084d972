"""Editorial images: the words that go with them, the files written, and how they are chosen."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import io
import json
import os
import sys
from pathlib import Path

import pytest
from PIL import Image as PILImage
from PIL import ImageChops, ImageFont, ImageStat

from infolitico.pipeline import illustrate as ill
from infolitico.pipeline.events import Act, Entity, Event, Source

HARRIS_TITLE = (
    "Kamala Harris reached out to Mamdani and pro-Palestinian activists, Axios reports - Modern Ghana"
)

EXPECTED_SIZES = {
    "1200.jpg": (1200, 675),
    "1200.webp": (1200, 675),
    "16x9.jpg": (1200, 675),
    "4x3.jpg": (960, 720),
    "1x1.jpg": (960, 960),
    "800.webp": (800, 450),
    "400.webp": (400, 225),
}


def person(name: str) -> Entity:
    return Entity(name=name, slug=name.lower().replace(" ", "-"), kind="person")


def act(past: str, kind: str, rest: str = "") -> Act:
    return Act(past, past, past, past, past, None, kind, rest)


def event(title: str, subject: str, kind: str, section: str, *others: str) -> Event:
    return Event(
        source=Source(title=title, claim=title),
        subject=person(subject),
        act=act("did", kind),
        participants=tuple(person(o) for o in others),
        section=section,
    )


HARRIS = Event(
    source=Source(title=HARRIS_TITLE, claim=HARRIS_TITLE, reporter="Axios"),
    subject=person("Kamala Harris"),
    act=act("reached out to", "outreach", "Mamdani and pro-Palestinian activists"),
    participants=(person("Zohran Mamdani"),),
    section="Politics",
)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> ill.Image:
    return ill.illustrate(HARRIS, tmp_path_factory.mktemp("images"))


def library_image(folder: Path, stem: str, colour: str, **sidecar) -> Path:
    path = folder / f"{stem}.jpg"
    PILImage.new("RGB", (1600, 1000), colour).save(path, quality=60)
    if sidecar:
        (folder / f"{stem}.json").write_text(json.dumps(sidecar), "utf-8")
    return path


def test_every_image_has_the_exact_alt_text(rendered, tmp_path):
    expected = "Contextual editorial image for source event: " + HARRIS_TITLE
    library = tmp_path / "library"
    library.mkdir()
    library_image(library, "harris", "navy", people=["Kamala Harris"], credit="Photo: Wire")
    assert rendered.alt == expected
    assert ill.illustrate(HARRIS, tmp_path, render=False).alt == expected
    assert ill.illustrate(HARRIS, tmp_path, library=library).alt == expected


def test_a_generated_image_is_credited_to_infolitico_in_its_caption(rendered):
    assert rendered.credit == "Illustration: Infolitico"
    assert rendered.caption == (
        "Contextual editorial image selected for the source event. Illustration: Infolitico"
    )


def test_every_output_is_written_at_its_size(rendered):
    assert rendered.path == rendered.files["1200.jpg"]
    assert (rendered.width, rendered.height) == (1200, 675)
    assert set(rendered.files) == set(EXPECTED_SIZES)
    for name, size in EXPECTED_SIZES.items():
        path = Path(rendered.files[name])
        assert path.is_absolute()
        with PILImage.open(path) as im:
            assert im.size == size, name


def test_webp_and_jpeg_are_both_written_under_the_event_id(rendered):
    for name, path in rendered.files.items():
        assert Path(path).parent.name == HARRIS.id
        with PILImage.open(path) as im:
            assert im.format == ("WEBP" if name.endswith(".webp") else "JPEG")


def test_the_same_event_renders_the_same_image(rendered, tmp_path):
    again = ill.illustrate(HARRIS, tmp_path)
    assert Path(again.path).read_bytes() == Path(rendered.path).read_bytes()


def test_different_events_look_different():
    # Same section, same act, same length of name: only the event itself tells them apart.
    one = event("Ann Lee called a senator - Wire", "Ann Lee", "outreach", "Politics")
    two = event("Bob Kay called a senator - Wire", "Bob Kay", "outreach", "Politics")
    a = ill.compose(ill.look_for(one), (1200, 675))
    b = ill.compose(ill.look_for(two), (1200, 675))
    difference = ImageStat.Stat(ImageChops.difference(a, b).convert("L")).mean[0]
    assert difference > 10


def test_the_act_chooses_the_motif_and_the_section_the_palette():
    assert ill.look_for(HARRIS).glyph == ill.GLYPHS["phone-volume"]
    trophy = event("Biles wins gold - NBC", "Simone Biles", "win", "Sports")
    assert ill.look_for(trophy).glyph == ill.GLYPHS["trophy"]
    assert ill.look_for(trophy).palette == ill.PALETTES["Sports"]
    unknown = event("Someone did a thing - X", "Someone", "something-new", "World")
    assert ill.look_for(unknown).glyph == ill.GLYPHS["earth-americas"]


def test_every_motif_is_a_fontawesome_glyph_the_font_can_draw():
    assert set(ill.MOTIFS.values()) | set(ill.SECTION_GLYPHS.values()) <= set(ill.GLYPHS)
    font = ill._icons(64)
    assert font is not None
    for name, codepoint in ill.GLYPHS.items():
        left, top, right, bottom = font.getbbox(chr(codepoint))
        assert right - left > 20 and bottom - top > 20, name


def test_the_deed_is_shown_only_when_it_reads_as_a_whole():
    def deed(past: str, rest: str) -> str:
        return ill._deed(Event(Source("t", "t"), person("A B"), act(past, "x", rest)))

    assert deed("reached out to", "Mamdani and pro-Palestinian activists") == "Reached out."
    assert deed("won", "gold in all-around final") == "Won gold in all-around final."
    assert deed("drew", "record crowd at a long and winding Denver rally") == ""


def test_a_long_name_is_wrapped_and_shrunk_to_fit_its_column():
    name = "Department of Housing and Urban Development Secretary Extraordinaire"
    font, lines, leading = ill.fit_name(name, 500, 330, 128, 40)
    assert " ".join(lines) == name
    assert leading * len(lines) <= 330
    assert all(font.getlength(line) <= 500 for line in lines)


def test_no_images_writes_no_files(tmp_path):
    image = ill.illustrate(HARRIS, tmp_path, render=False)
    assert image.path is None
    assert image.files == {}
    assert image.credit == "Illustration: Infolitico"
    assert list(tmp_path.iterdir()) == []


def test_a_library_image_showing_the_subject_wins(tmp_path):
    library = tmp_path / "library"
    library.mkdir()
    library_image(library, "a-mamdani", "green", people=["Zohran Mamdani"], credit="Photo: B")
    library_image(library, "b-phone", "gray", keywords=["outreach", "Politics"], credit="Photo: C")
    library_image(
        library,
        "c-harris",
        "navy",
        people=["Kamala Harris"],
        credit="Photo: Jane Doe / Wire",
        licence="Licensed for editorial use",
    )
    out = tmp_path / "out"
    image = ill.illustrate(HARRIS, out, library=library)
    assert image.credit == "Photo: Jane Doe / Wire"
    assert image.licence == "Licensed for editorial use"
    assert image.caption.endswith(". Photo: Jane Doe / Wire")
    for name, size in EXPECTED_SIZES.items():
        with PILImage.open(image.files[name]) as im:
            assert im.size == size
            # The navy photo, not the generated illustration.
            assert im.convert("RGB").getpixel((size[0] // 2, size[1] // 2))[2] > 100


def test_a_participant_is_the_next_best_thing_to_the_subject(tmp_path):
    library_image(tmp_path, "a-mamdani", "green", people=["Zohran Mamdani"], credit="Photo: B")
    library_image(tmp_path, "b-phone", "gray", keywords=["outreach", "Politics"], credit="C")
    assert ill.LibraryIllustrator(tmp_path).choose(HARRIS).credit == "Photo: B"


def test_a_library_with_nothing_that_fits_falls_back_to_the_generated_image(tmp_path):
    library = tmp_path / "library"
    library.mkdir()
    library_image(library, "other", "red", people=["Someone Else"], keywords=["Politics"], credit="Photo: D")
    assert ill.LibraryIllustrator(library).illustrate(HARRIS, tmp_path / "out") is None
    image = ill.illustrate(HARRIS, tmp_path / "out", library=library, render=False)
    assert image.credit == "Illustration: Infolitico"


def test_an_uncredited_library_image_is_never_used(tmp_path):
    library_image(tmp_path, "harris", "navy", people=["Kamala Harris"])
    assert ill.LibraryIllustrator(tmp_path).choose(HARRIS) is None


def test_embedded_xmp_names_the_people_and_the_credit(tmp_path):
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF'
        b' xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description'
        b' xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"'
        b' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="Photo: E">'
        b"<Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Kamala Harris</rdf:li></rdf:Bag>"
        b"</Iptc4xmpExt:PersonInImage></rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    PILImage.new("RGB", (1200, 675), "navy").save(tmp_path / "harris.jpg", xmp=xmp)
    chosen = ill.LibraryIllustrator(tmp_path).choose(HARRIS)
    assert chosen is not None and chosen.credit == "Photo: E"


def test_without_a_library_no_images_still_has_the_full_caption(tmp_path):
    image = ill.illustrate(HARRIS, tmp_path, library=tmp_path / "missing", render=False)
    assert image.caption == (
        "Contextual editorial image selected for the source event. Illustration: Infolitico"
    )


def test_source_serif_is_the_typeface_when_installed():
    font = ill._serif(80, 700)
    assert isinstance(font, ImageFont.FreeTypeFont)
    if ill._serif_files():
        assert font.getname()[0] == "Source Serif 4"


# Metadata: sidecar, IPTC and XMP ------------------------------------------------------------


def jpeg_with_iptc(path: Path, size: tuple[int, int], records: list[tuple[int, int, str]]) -> Path:
    """Write a JPEG carrying IPTC-IIM fields; Pillow reads IPTC but cannot write it.

    The fields go in by hand as one APP13 segment spliced in after SOI (FF D8):
    FF ED, a 2-byte big-endian length (counting itself), b"Photoshop 3.0\\0", then one
    Photoshop image resource: b"8BIM", id 0x0404 (IPTC-NAA), an empty Pascal name padded to
    even length (00 00), a 4-byte data length, and the data, padded to even length. The data
    is IIM datasets, each 1C, record number, dataset number, a 2-byte length and the value.
    """
    iim = b"".join(
        bytes((0x1C, rec, ds)) + len(v.encode()).to_bytes(2, "big") + v.encode() for rec, ds, v in records
    )
    resource = b"8BIM" + (0x0404).to_bytes(2, "big") + b"\0\0" + len(iim).to_bytes(4, "big") + iim
    resource += b"\0" * (len(resource) % 2)
    payload = b"Photoshop 3.0\0" + resource
    segment = b"\xff\xed" + (len(payload) + 2).to_bytes(2, "big") + payload
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "navy").save(buffer, "JPEG", quality=60)
    data = buffer.getvalue()
    path.write_bytes(data[:2] + segment + data[2:])
    return path


def test_embedded_iptc_gives_the_credit_caption_and_keywords(tmp_path):
    jpeg_with_iptc(
        tmp_path / "court.jpg",
        (1200, 675),
        [
            (2, 25, "legal"),
            (2, 25, "Politics"),
            (2, 120, "The court in session."),
            (2, 110, "Photo: F / Agency"),
            (2, 116, "Licensed for editorial use"),
        ],
    )
    (entry,) = ill.LibraryIllustrator(tmp_path).entries()
    assert entry.credit == "Photo: F / Agency"
    assert entry.caption == "The court in session."
    assert entry.licence == "Licensed for editorial use"
    assert set(entry.keywords) == {"legal", "Politics"}


def test_a_sidecar_gives_every_field_and_wins_over_embedded_metadata(tmp_path):
    jpeg_with_iptc(tmp_path / "harris.jpg", (1600, 1000), [(2, 110, "Photo: embedded"), (2, 25, "outreach")])
    (tmp_path / "harris.json").write_text(
        json.dumps(
            {
                "people": "Kamala Harris",
                "caption": "Harris in Detroit.",
                "credit": "Photo: Jane Doe / Wire",
                "license": "CC BY 4.0",
                "focus": [0.3, 2],
                "section": "Politics",
            }
        ),
        "utf-8",
    )
    (entry,) = ill.LibraryIllustrator(tmp_path).entries()
    assert entry.people == ("Kamala Harris",)
    assert entry.credit == "Photo: Jane Doe / Wire"
    assert entry.caption == "Harris in Detroit."
    assert entry.licence == "CC BY 4.0"
    assert entry.focus == (0.3, 1.0)
    # The sidecar says nothing of keywords, so the embedded ones stay, with the section added.
    assert entry.keywords == ("outreach", "Politics")


# Generated images: stable for an event, distinct between events ---------------------------


def dhash(im: PILImage.Image, side: int = 8) -> int:
    """Difference hash: one bit per neighbouring pair of a (side+1)x(side) grey thumbnail."""
    grey = im.convert("L").resize((side + 1, side), PILImage.Resampling.LANCZOS)
    px = grey.tobytes()
    bits = 0
    for row in range(side):
        for col in range(side):
            left, right = px[row * (side + 1) + col], px[row * (side + 1) + col + 1]
            bits = (bits << 1) | (left > right)
    return bits


def test_different_events_have_perceptual_hashes_far_apart(tmp_path):
    one = event("Simone Biles wins gold - NBC", "Simone Biles", "win", "Sports")
    two = event("Senate passes border bill - Reuters", "Senate", "legislation", "Politics")
    a, b = (ill.compose(ill.look_for(e), (1200, 675)) for e in (one, two))
    assert bin(dhash(a) ^ dhash(b)).count("1") > 16
    # A re-encode of the same picture stays close: the hash measures the picture, not the bytes.
    a_again = PILImage.open(io.BytesIO(_jpeg(a, quality=40)))
    assert bin(dhash(a) ^ dhash(a_again)).count("1") <= 4


@pytest.mark.parametrize("frame", ["disc", "ring", "block", "rays"])
def test_drawing_only_where_a_layer_reaches_looks_the_same_as_drawing_the_whole_canvas(frame, monkeypatch):
    # Every texture under this frame, at every crop's shape.
    cases = list(zip(("dots", "lines", "grid", "rings"), (*ill.CROPS.values(), (1200, 675)), strict=True))
    looks = [dataclasses.replace(ill.look_for(HARRIS), frame=frame, texture=texture) for texture, _ in cases]
    pictures = [ill.compose(look, size) for look, (_, size) in zip(looks, cases, strict=True)]
    whole = ill._Layer.__init__
    monkeypatch.setattr(ill._Layer, "__init__", lambda self, size, window=None: whole(self, size))
    # Shapes are drawn once and shared: forget them, so the full-canvas ones are drawn (and then
    # forgotten again, so no other test sees them).
    for cached in (ill._texture_ink, ill._frame_ink):
        cached.cache_clear()
        monkeypatch.setattr(ill, cached.__name__, functools.lru_cache(maxsize=None)(cached.__wrapped__))
    for picture, look, (_, size) in zip(pictures, looks, cases, strict=True):
        full = ill.compose(look, size)
        # Shapes drawn at shifted coordinates may round an edge pixel the other way, no more.
        assert ImageStat.Stat(ImageChops.difference(picture, full).convert("L")).mean[0] < 0.1
        assert dhash(picture) == dhash(full)


def test_the_jpegs_keep_full_colour_resolution_in_one_baseline_pass(rendered):
    from PIL import JpegImagePlugin

    for name in ("1200.jpg", "4x3.jpg", "1x1.jpg"):
        with PILImage.open(rendered.files[name]) as im:
            assert JpegImagePlugin.get_sampling(im) == 0  # 4:4:4
            assert not im.info.get("progressive")


def _jpeg(im: PILImage.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    im.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


# A library only gives what is safe to read ---------------------------------------------------


def test_a_corrupt_library_file_is_skipped_with_a_reason(tmp_path, caplog):
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 this is not a jpeg")
    (tmp_path / "broken.json").write_text(json.dumps({"people": ["Kamala Harris"], "credit": "X"}))
    library_image(tmp_path, "mamdani", "green", people=["Zohran Mamdani"], credit="Photo: B")
    with caplog.at_level("WARNING", logger="infolitico.pipeline.illustrate"):
        assert ill.LibraryIllustrator(tmp_path).choose(HARRIS).credit == "Photo: B"
    assert "skipped broken.jpg" in caplog.text


def test_a_library_file_claiming_huge_dimensions_is_never_decoded(tmp_path, caplog):
    buffer = io.BytesIO()
    PILImage.new("RGB", (16, 16), "navy").save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    # Baseline frame header: FF C0, length (2), precision (1), height (2), width (2).
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = (30000).to_bytes(2, "big") * 2
    (tmp_path / "bomb.jpg").write_bytes(bytes(data))
    (tmp_path / "bomb.json").write_text(json.dumps({"people": ["Kamala Harris"], "credit": "X"}))
    with caplog.at_level("WARNING", logger="infolitico.pipeline.illustrate"):
        assert ill.LibraryIllustrator(tmp_path).choose(HARRIS) is None
    assert "skipped bomb.jpg" in caplog.text


def test_a_library_file_over_the_byte_cap_is_skipped(tmp_path, caplog, monkeypatch):
    monkeypatch.setattr(ill, "MAX_BYTES", 1000)
    library_image(tmp_path, "harris", "navy", people=["Kamala Harris"], credit="Photo: A")
    with caplog.at_level("WARNING", logger="infolitico.pipeline.illustrate"):
        assert ill.LibraryIllustrator(tmp_path).choose(HARRIS) is None
    assert "skipped harris.jpg: file over 1000 bytes" in caplog.text


_opened: list[str] | None = None


def _record_opens(event_name: str, args: tuple) -> None:
    if _opened is not None and event_name == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        _opened.append(os.fsdecode(args[0]))


sys.addaudithook(_record_opens)  # audit hooks cannot be removed; it records only inside `opens`


@contextlib.contextmanager
def opens():
    """Every file path opened inside the block, from the interpreter's own audit events."""
    global _opened
    _opened = []
    try:
        yield _opened
    finally:
        _opened = None


def test_links_out_of_the_library_are_never_followed(tmp_path, caplog):
    outside, library = tmp_path / "outside", tmp_path / "library"
    outside.mkdir()
    library.mkdir()
    library_image(outside, "harris", "navy", people=["Kamala Harris"], credit="Photo: Outside")
    library_image(outside, "secret", "navy")
    (outside / "secret.json").write_text(json.dumps({"people": ["Kamala Harris"], "credit": "Photo: Out"}))
    # An image that is a link out, and a real image whose sidecar is a link out.
    (library / "harris.jpg").symlink_to(outside / "harris.jpg")
    library_image(library, "inside", "navy")
    (library / "inside.json").symlink_to(outside / "secret.json")
    # A link that stays inside is fine.
    library_image(library, "mamdani", "green", people=["Zohran Mamdani"], credit="Photo: B")
    (library / "zohran.jpg").symlink_to(library / "mamdani.jpg")
    with caplog.at_level("WARNING", logger="infolitico.pipeline.illustrate"), opens() as opened:
        shelf = ill.LibraryIllustrator(library)
        assert [e.credit for e in shelf.entries()] == ["Photo: B"]
        image = shelf.illustrate(HARRIS, tmp_path / "out")
    assert image is not None and image.credit == "Photo: B"
    assert opened, "the audit hook saw no opens"
    assert not [p for p in opened if Path(p).resolve().is_relative_to(outside)]
    assert "skipped harris.jpg: it leads outside the library" in caplog.text
    assert "ignored sidecar inside.json: it leads outside the library" in caplog.text
