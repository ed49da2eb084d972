"""The record of an outcome: one line of `infolitico write --format json`, as eval/article.schema.json has it.

The desk decides; this module only says what was decided in the documented shape, for `write`,
`infolitico events` and the renderers.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from infolitico.pipeline.dates import dateline, iso_eastern
from infolitico.pipeline.desk import Outcome
from infolitico.pipeline.entities import section_slug
from infolitico.pipeline.events import Decision, Image, ledger_rows
from infolitico.pipeline.illustrate import CAPTION, GENERATED_CREDIT, alt_text

AUTHOR = "Infolitico Newsroom"
BYLINE = f"By {AUTHOR}"


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
        "status": str(outcome.status),
        "reason": outcome.reason,
        "subject": (
            {"name": event.subject.name, "slug": event.subject.slug, "kind": event.subject.kind}
            if event.subject
            else None
        ),
        "participants": [p.name for p in event.participants],
        # The section's slug is the address the site serves it at ("U.S." is /us/).
        "section": {"name": event.section, "slug": section_slug(event.section)} if event.section else None,
    }
    draft = outcome.draft
    if draft is None:
        return line
    credit = image.credit if image else GENERATED_CREDIT
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
                "alt": alt_text(event),
                "caption": f"{CAPTION} {credit}",
                "credit": credit,
            },
            "ledger": ledger_rows(draft.ledger),
            "checks": {
                "passed": outcome.status is Decision.WRITTEN and not outcome.violations,
                "violations": [str(v) for v in outcome.violations],
            },
        }
    )
    return line
