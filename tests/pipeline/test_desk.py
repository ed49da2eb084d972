"""The desk: written, declined or held, and the JSON line each becomes."""

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from infolitico.errors import CannotWrite
from infolitico.pipeline.desk import Outcome, desk, will_write
from infolitico.pipeline.events import Descriptor, Draft, Image, Verdict
from infolitico.pipeline.record import to_json
from infolitico.pipeline.writers import get_writer
from tests.pipeline.writing import REFERENCE_TITLE, reference_event, senate_event

AT = datetime(2026, 7, 2, 12, 6, tzinfo=UTC)
SCHEMA = Path("/work/shared/eval/article.schema.json")


class ShoutingWriter:
    """A writer whose every draft breaks the voice."""

    name = "shouting"

    def write(self, event, kb, variant=0):
        return Draft("Harris Reaches Out!", "Axios reported it!", ("Wow!",) * 6)


def test_a_clean_event_is_written_by_the_first_variant_that_passes():
    outcome = desk(reference_event(), None, get_writer("template"))
    assert outcome.status == "written"
    assert outcome.reason is None and outcome.violations == ()


def test_a_declined_event_is_never_written_and_keeps_its_reason():
    event = senate_event(Verdict("decline", "Declined: the event reports deaths."))
    outcome = desk(event, None, get_writer("template"))
    assert (outcome.status, outcome.reason, outcome.draft) == (
        "declined",
        "Declined: the event reports deaths.",
        None,
    )


def test_an_event_the_taste_stage_holds_goes_to_an_editor():
    outcome = desk(
        senate_event(Verdict("hold", "Borderline: a security incident.")), None, get_writer("template")
    )
    assert outcome.status == "held" and "security" in outcome.reason


@pytest.mark.parametrize("event", [
    reference_event(),
    senate_event(Verdict("decline", "Declined: the event reports deaths.")),
    senate_event(Verdict("hold", "Borderline: a security incident.")),
    replace(reference_event(), subject=None),
    replace(reference_event(), source=replace(reference_event().source, reporter=None, publisher=None)),
], ids=["covered", "declined", "held by taste", "no subject", "no outlet"])
def test_what_the_desk_will_write_is_known_before_writing(event):
    # The illustrator starts drawing on this word: it must agree with what the desk then does.
    assert will_write(event) == (desk(event, None, get_writer("template")).status == "written")


def test_a_draft_failing_every_variant_is_held_with_readable_violations():
    outcome = desk(reference_event(), None, ShoutingWriter(), variants=2)
    assert outcome.status == "held"
    assert outcome.reason.startswith("Every variant failed the checks")
    assert "exclamation mark" in outcome.reason
    assert outcome.violations


def test_an_event_without_an_act_is_held():
    outcome = desk(replace(senate_event(), act=None), None, get_writer("template"))
    assert outcome.status == "held" and "no literal win" in outcome.reason


def test_the_json_line_has_the_full_anatomy_of_the_reference_page():
    line = to_json(desk(reference_event(), None, get_writer("template")), published=AT, image=None)
    assert line["source"] == {
        "title": REFERENCE_TITLE,
        "publisher": "Modern Ghana",
        "reporter": "Axios",
        "attribution": None,
        "claim": "Kamala Harris reached out to Mamdani and pro-Palestinian activists",
    }
    assert line["status"] == "written" and line["reason"] is None
    assert line["subject"] == {"name": "Kamala Harris", "slug": "kamala-harris", "kind": "person"}
    assert line["participants"] == ["Zohran Mamdani", "pro-Palestinian activists"]
    assert line["section"] == {"name": "Politics", "slug": "politics"}
    assert line["byline"] == "By Infolitico Newsroom"
    assert line["dateline"] == "July 2, 2026 at 8:06 AM ET"
    assert line["published"] == "2026-07-02T08:06:00-04:00"
    assert line["words"] == sum(len(p.split()) for p in line["body"])
    assert line["read_minutes"] == 2
    assert line["image"]["alt"] == "Contextual editorial image for source event: " + REFERENCE_TITLE
    assert line["image"]["caption"] == (
        "Contextual editorial image selected for the source event. Illustration: Infolitico"
    )
    assert line["checks"] == {"passed": True, "violations": []}
    assert {"sentence", "fact", "from", "as_of"} <= set(line["ledger"][0])
    json.dumps(line)


def test_the_image_caption_credits_the_image_origin():
    image = Image("/tmp/x.jpg", "alt", "caption", "Photo: Library of Congress")
    line = to_json(desk(reference_event(), None, get_writer("template")), published=AT, image=image)
    assert line["image"]["path"] == "/tmp/x.jpg"
    assert line["image"]["caption"].endswith("source event. Photo: Library of Congress")


def test_a_declined_line_carries_no_article():
    event = senate_event(Verdict("decline", "Declined: the event reports deaths."))
    line = to_json(
        Outcome(event, "declined", "Declined: the event reports deaths."), published=AT, image=None
    )
    assert line["status"] == "declined" and "headline" not in line and "body" not in line


def test_the_json_line_satisfies_the_schema_required_fields_and_enums():
    schema = json.loads(SCHEMA.read_text())
    line = to_json(desk(senate_event(), None, get_writer("template")), published=AT, image=None)
    assert set(schema["required"]) <= set(line)
    assert line["status"] in schema["properties"]["status"]["enum"]
    assert all(f["from"] in ("source", "kb") for f in line["ledger"])


def test_a_stale_descriptor_is_not_used_when_the_desk_writes_as_of_a_date():
    event = reference_event()
    stale = Descriptor("state attorney general", "2024-03-01", "role")
    subject = replace(event.subject, descriptors=(stale,))
    event = replace(event, subject=subject)
    written = desk(event, None, get_writer("template"), at=AT)
    assert written.status == "written"
    text = " ".join([written.draft.dek, *written.draft.body])
    assert "attorney general" not in text
    assert all(f.fact != "state attorney general" for f in written.draft.ledger)
    # Without a date the desk writes what the event carries, stale or not.
    undated = desk(event, None, get_writer("template"))
    assert "attorney general" in " ".join([undated.draft.dek, *undated.draft.body])


def test_a_durable_descriptor_outlives_the_year():
    event = reference_event()
    durable = Descriptor("former vice president", "2024-03-01", "role", durable=True)
    event = replace(event, subject=replace(event.subject, descriptors=(durable,)))
    written = desk(event, None, get_writer("template"), at=AT)
    assert "former vice president" in " ".join([written.draft.dek, *written.draft.body])


class BuggyWriter:
    """A writer with a bug of its own: not a refusal, a mistake in its code."""

    name = "buggy"

    def write(self, event, kb=None, variant=0):
        "abc".index("z")


class RefusingWriter:
    """A writer that gives up on an event on purpose, as the errors tree says."""

    name = "refusing"

    def write(self, event, kb=None, variant=0):
        raise CannotWrite("the source gives no figure to report")


def test_a_bug_in_a_writer_fails_loudly_and_is_never_a_held_story():
    with pytest.raises(ValueError, match="substring not found"):
        desk(reference_event(), None, BuggyWriter())


def test_a_writer_refusing_an_event_on_purpose_holds_it_with_the_writers_words():
    outcome = desk(reference_event(), None, RefusingWriter())
    assert outcome.status == "held"
    assert outcome.reason == "The refusing writer could not write it: the source gives no figure to report."


def test_a_title_crediting_no_outlet_is_held_with_the_reason_before_any_writer_runs():
    event = reference_event()
    event = replace(event, source=replace(event.source, publisher=None, reporter=None))
    outcome = desk(event, None, BuggyWriter())
    assert outcome.status == "held" and "credits no reporting outlet" in outcome.reason
