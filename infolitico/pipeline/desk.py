"""The desk: the one place that decides whether an event is written, declined or held."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from infolitico.pipeline.checks import check
from infolitico.pipeline.dates import dateline, iso_eastern
from infolitico.pipeline.entities import as_of
from infolitico.pipeline.events import Draft, Event, Image, Violation
from infolitico.pipeline.writers import Writer

BYLINE = "By Infolitico Newsroom"
ALT_PREFIX = "Contextual editorial image for source event: "
CAPTION = "Contextual editorial image selected for the source event."
DEFAULT_CREDIT = "Illustration: Infolitico"


@dataclass(frozen=True)
class Outcome:
    """What the desk made of one event: its status, the reason, and the draft if one was written."""

    event: Event
    status: Literal["written", "declined", "held"]
    reason: str | None = None
    draft: Draft | None = None
    violations: tuple[Violation, ...] = ()


def desk(event: Event, kb: Any, writer: Writer, variants: int = 4, *, at: datetime | None = None) -> Outcome:
    """Decline or hold what the verdict says; else publish the first variant that passes check()."""
    if at is not None:
        # Written as of `at`: knowledge-base descriptors that had gone stale by then are dropped.
        event = as_of(event, at)
    verdict = event.verdict
    if verdict.status == "decline":
        return Outcome(event, "declined", verdict.reason or "Infolitico does not cover this event.")
    if verdict.status == "hold":
        return Outcome(event, "held", verdict.reason or "An editor should decide on this event.")
    if event.subject is None or event.act is None:
        return Outcome(
            event,
            "held",
            "No subject or act could be read from the title, so there is no literal win to write about.",
        )
    first: tuple[Draft, list[Violation]] | None = None
    for variant in range(max(1, variants)):
        try:
            draft = writer.write(event, kb, variant=variant)
        except ValueError as error:
            return Outcome(event, "held", f"The {writer.name} writer could not write it: {error}.")
        violations = check(draft, event, kb)
        if not violations:
            return Outcome(event, "written", None, draft)
        if first is None:
            first = (draft, violations)
    assert first is not None
    draft, violations = first
    listed = "; ".join(str(v) for v in violations[:6])
    more = f" (and {len(violations) - 6} more)" if len(violations) > 6 else ""
    reason = f"Every variant failed the checks; the first broke: {listed}{more}."
    return Outcome(event, "held", reason, draft, tuple(violations))


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def to_json(outcome: Outcome, *, published: datetime, image: Image | None) -> dict:
    """One line of `infolitico write --format json`, as /work/shared/eval/article.schema.json has it."""
    event = outcome.event
    src = event.source
    line: dict[str, Any] = {
        "source": {
            "title": src.title,
            "publisher": src.publisher,
            "reporter": src.reporter,
            "attribution": src.attribution,
            "claim": src.claim,
        },
        "status": outcome.status,
        "reason": outcome.reason,
        "subject": (
            {"name": event.subject.name, "slug": event.subject.slug, "kind": event.subject.kind}
            if event.subject
            else None
        ),
        "participants": [p.name for p in event.participants],
        "section": {"name": event.section, "slug": _slug(event.section)} if event.section else None,
    }
    draft = outcome.draft
    if draft is None:
        return line
    credit = image.credit if image else DEFAULT_CREDIT
    line.update(
        {
            "headline": draft.headline,
            "dek": draft.dek,
            "body": list(draft.body),
            "byline": BYLINE,
            "published": iso_eastern(published),
            "dateline": dateline(published),
            "words": draft.words,
            "read_minutes": draft.read_minutes,
            "image": {
                "path": image.path if image else None,
                "alt": ALT_PREFIX + src.title,
                "caption": f"{CAPTION} {credit}",
                "credit": credit,
            },
            "ledger": [
                {"sentence": f.sentence, "fact": f.fact, "from": f.origin, "as_of": f.as_of}
                for f in draft.ledger
            ],
            "checks": {
                "passed": outcome.status == "written" and not outcome.violations,
                "violations": [str(v) for v in outcome.violations],
            },
        }
    )
    return line
