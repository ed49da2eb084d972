"""The desk: the one place that decides whether an event is written, declined or held."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from infolitico.errors import WriterError, WriterUnavailable
from infolitico.pipeline.checks import check
from infolitico.pipeline.entities import as_of
from infolitico.pipeline.events import Decision, Draft, Event, Ruling, Violation
from infolitico.pipeline.writers import Writer

# Modes of an act in which the subject did nothing yet, so there is no literal win to write.
NOT_DONE = ("refusal", "conjecture")


@dataclass(frozen=True)
class Outcome:
    """What the desk made of one event: its decision, the reason, and the draft if one was written."""

    event: Event
    status: Decision
    reason: str | None = None
    draft: Draft | None = None
    violations: tuple[Violation, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", Decision(self.status))


def unwritable(event: Event) -> str | None:
    """Why no writer can write this event (what the house needs is not in the source), or None."""
    if event.subject is None or event.act is None:
        return "No subject or act could be read from the title, so there is no literal win to write about."
    if not (event.source.reporter or event.source.publisher):
        return "the source credits no reporting outlet, and the body must name one"
    if event.act.mode in NOT_DONE:
        return f"the act is a {event.act.mode}, which is not a literal win"
    return None


def before_writing(event: Event, writer_name: str | None = None) -> Outcome | None:
    """What the desk decides from the event alone, before any writer is asked: declined, or held
    (the verdict says so, or no writer could write it); None when it goes to a writer."""
    verdict = event.verdict
    if verdict.status is Ruling.DECLINE:
        return Outcome(event, Decision.DECLINED,
                       verdict.reason or "Infolitico does not cover this event.")
    if verdict.status is Ruling.HOLD:
        return Outcome(event, Decision.HELD, verdict.reason or "An editor should decide on this event.")
    missing = unwritable(event)
    if missing is None:
        return None
    if event.subject is None or event.act is None:
        return Outcome(event, Decision.HELD, missing)
    writer = f"The {writer_name} writer" if writer_name else "No writer"
    return Outcome(event, Decision.HELD, f"{writer} could not write it: {missing}.")


def will_write(event: Event) -> bool:
    """Whether the desk will have this event written (see `before_writing`).

    The draft may still fail its checks and be held; everything else about the decision is known.
    """
    return before_writing(event) is None


def refused(error: BaseException) -> bool:
    """Whether a writer raised `error` on purpose, to give up on one event: never a bug of its own."""
    # Only the tree's writer errors: a ValueError of "abc".index("z"), or a broken data file, is a
    # bug that fails the row loudly, never a story held with the bug's message as its reason.
    # A writer that cannot write at all (WriterUnavailable) stops the stage instead: no story is held.
    return isinstance(error, WriterError) and not isinstance(error, WriterUnavailable)


def desk(event: Event, kb: Any, writer: Writer, variants: int = 4, *, at: datetime | None = None) -> Outcome:
    """Decline or hold what the verdict says; else publish the first variant that passes check()."""
    if at is not None:
        # Written as of `at`: knowledge-base descriptors that had gone stale by then are dropped.
        event = as_of(event, at)
    decided = before_writing(event, writer.name)
    if decided is not None:
        return decided
    first: tuple[Draft, list[Violation]] | None = None
    for variant in range(max(1, variants)):
        try:
            draft = writer.write(event, kb, variant=variant)
        except Exception as error:
            if not refused(error):
                raise  # a bug in the writer is a failure with its traceback, never a held story
            return Outcome(event, Decision.HELD, f"The {writer.name} writer could not write it: {error}.")
        violations = check(draft, event, kb)
        if not violations:
            return Outcome(event, Decision.WRITTEN, None, draft)
        if first is None:
            first = (draft, violations)
    assert first is not None
    draft, violations = first
    listed = "; ".join(str(v) for v in violations[:6])
    more = f" (and {len(violations) - 6} more)" if len(violations) > 6 else ""
    reason = f"Every variant failed the checks; the first broke: {listed}{more}."
    return Outcome(event, Decision.HELD, reason, draft, tuple(violations))
