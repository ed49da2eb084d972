"""Markdown and HTML renderings of a desk record: complete, escaped, and a notice when not written."""

from dataclasses import replace
from datetime import UTC, datetime

from infolitico.pipeline.desk import desk
from infolitico.pipeline.events import Image, Verdict
from infolitico.pipeline.record import to_json
from infolitico.pipeline.render import to_html, to_markdown
from infolitico.pipeline.writers import get_writer
from tests.pipeline.writing import reference_event

AT = datetime(2026, 7, 2, 12, 6, tzinfo=UTC)
HOSTILE = "</script><b>x"


def record(event=None, image=None) -> dict:
    event = event or reference_event()
    return to_json(desk(event, None, get_writer("template")), published=AT, image=image)


def image() -> Image:
    return Image("/media/harris.jpg", "alt", "caption", "Photo: Agency")


def test_html_is_one_article_with_headline_dek_meta_and_every_paragraph():
    line = record()
    html = to_html(line)
    assert html.startswith("<article>") and html.rstrip().endswith("</article>")
    assert f"<h1>{line['headline']}</h1>" in html
    assert '<p class="dek">' in html
    assert "By Infolitico Newsroom" in html and "July 2, 2026 at 8:06 AM ET" in html
    assert "2 min read" in html
    assert html.count("<p>") == len(line["body"])
    assert "<figure>" not in html  # no image was rendered


def test_html_has_a_figure_with_alt_text_and_caption_when_there_is_an_image():
    html = to_html(record(image=image()))
    assert '<img src="/media/harris.jpg" alt="Contextual editorial image for source event: ' in html
    assert "<figcaption>" in html and "Photo: Agency" in html


def test_html_escapes_a_hostile_title_everywhere():
    line = record(image=image())
    line["headline"] = HOSTILE
    line["body"] = [HOSTILE, *line["body"][1:]]
    line["image"]["alt"] = f'"{HOSTILE}'
    html = to_html(line)
    assert "<script" not in html and "</script>" not in html and "<b>" not in html
    assert "&lt;/script&gt;&lt;b&gt;x" in html
    assert 'alt="&quot;&lt;/script&gt;' in html


def test_a_declined_record_renders_as_a_short_notice_with_its_reason():
    event = reference_event()
    event = replace(
        event,
        source=replace(event.source, title=HOSTILE),
        verdict=Verdict("decline", "Infolitico does not cover deaths."),
    )
    line = record(event)
    html = to_html(line)
    assert "Declined" in html and "Infolitico does not cover deaths." in html
    assert "<b>x" not in html and "<h1>" not in html
    md = to_markdown(line)
    assert "Declined" in md and "Infolitico does not cover deaths." in md
    assert "\\<" in md  # markup characters in the title are escaped


def test_markdown_has_the_headline_dek_meta_and_paragraphs():
    line = record(image=image())
    md = to_markdown(line)
    assert md.startswith(f"# {line['headline']}\n")
    assert f"*{line['dek']}*" in md
    assert "2 min read" in md
    assert "![Contextual editorial image for source event: " in md
    for paragraph in line["body"]:
        assert paragraph.replace("*", "\\*") in md
