"""Small hand-built events for the writer, checks and desk tests."""

from __future__ import annotations

from infolitico.pipeline.events import Act, Descriptor, Entity, Event, Source, Verdict

REFERENCE_TITLE = (
    "Kamala Harris reached out to Mamdani and pro-Palestinian activists, Axios reports - Modern Ghana"
)


def person(name: str, surname: str, pronoun: str | None = None, *descriptors: str) -> Entity:
    """A person as the knowledge base would hold them."""
    slug = name.lower().replace(" ", "-")
    facts = tuple(Descriptor(d, "2026-07-01") for d in descriptors)
    return Entity(name, slug, "person", descriptors=facts, surname=surname, pronoun=pronoun)


def reference_event(pronoun: str | None = "she") -> Event:
    """The event behind the reference page."""
    harris = person("Kamala Harris", "Harris", pronoun, "former vice president")
    mamdani = person("Zohran Mamdani", "Mamdani")
    activists = Entity("pro-Palestinian activists", "pro-palestinian-activists", "group")
    claim = "Kamala Harris reached out to Mamdani and pro-Palestinian activists"
    act = Act(
        "reached out to",
        "reach out to",
        "reached out to",
        "reached out to",
        "reaching out to",
        "outreach",
        "outreach",
        "Mamdani and pro-Palestinian activists",
    )
    source = Source(REFERENCE_TITLE, claim, "Modern Ghana", "Axios")
    return Event(source, harris, act, (mamdani, activists), "Politics")


def senate_event(verdict: Verdict | None = None) -> Event:
    """An institution passing a bill, with no other participant."""
    senate = Entity(
        "U.S. Senate",
        "us-senate",
        "institution",
        surname="the Senate",
        descriptors=(Descriptor("upper chamber of Congress", "2026-01-03"),),
    )
    title = "Senate passes stopgap funding bill to avert government shutdown - Reuters"
    claim = "Senate passes stopgap funding bill to avert government shutdown"
    act = Act(
        "passes",
        "pass",
        "passed",
        "passed",
        "passing",
        "passage",
        "legislation",
        "stopgap funding bill to avert government shutdown",
    )
    return Event(
        Source(title, claim, "Reuters", "Reuters"), senate, act, (), "Politics", verdict or Verdict()
    )


def simple_event(
    title: str,
    claim: str,
    subject: Entity,
    act: Act,
    reporter: str,
    publisher: str | None = None,
    participants: tuple[Entity, ...] = (),
    attribution: str | None = None,
) -> Event:
    """Any other event, built in one call."""
    source = Source(title, claim, publisher or reporter, reporter, attribution)
    return Event(source, subject, act, participants, "Politics")


def verb(text: str, lemma: str, past: str, gerund: str, kind: str, rest: str, noun: str | None = None) -> Act:
    """An Act from its forms."""
    return Act(text, lemma, past, past, gerund, noun, kind, rest)
