"""The plain data that flows between the stages of the pipeline."""

from __future__ import annotations

import hashlib
import math
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Literal

EntityKind = Literal["person", "organisation", "institution", "team", "group", "place"]
FactOrigin = Literal["source", "kb"]

WORDS_PER_MINUTE = 238


@dataclass(frozen=True)
class Descriptor:
    """A fact the knowledge base holds about an entity, true as of a date ("former vice president")."""

    text: str
    as_of: str | None = None  # ISO date
    label: str | None = None  # "role", "party" or "context": lets a writer pick the right one
    source: str | None = None  # where a person can check it: "Wikipedia: Kamala Harris"
    durable: bool = False  # stays true once true ("former vice president"); else it goes stale


@dataclass(frozen=True)
class Entity:
    """A person, organisation, institution, team, group or place the newsroom can write about."""

    name: str  # canonical: "Kamala Harris"
    slug: str
    kind: EntityKind
    aliases: tuple[str, ...] = ()
    descriptors: tuple[Descriptor, ...] = ()
    section: str | None = None  # the section the entity usually belongs to
    surname: str | None = None  # later references: "Harris"; institutions keep "the Senate"
    known: bool = True  # False when the entity was read off the title, not found in the knowledge base
    pronoun: str | None = None  # "she", "he", "they"; None: writers use the surname, never a guess


@dataclass(frozen=True)
class Act:
    """What the subject did, with the word forms a writer needs."""

    text: str  # as the claim says it: "reached out to"
    lemma: str  # "reach out to"
    past: str  # "reached out to"
    participle: str  # "reached out to"
    gerund: str  # "reaching out to"
    noun: str | None  # "outreach"
    kind: str  # outreach, announcement, launch, legislation, decision, ...
    rest: str = ""  # the claim after the verb phrase: "Mamdani and pro-Palestinian activists"
    # How the claim holds the act: "done" (it happened), "plan" ("to open", "will unveil"),
    # "negative" ("won't run"), "refusal" ("declines to"), "conjecture" ("could double"),
    # "passive" ("was named"), "progressive" ("is hosting").
    mode: str = "done"
    verb: str = ""  # the act lexicon's lemma for the verb that names the act: "open" in "plans to open"


class Ruling(StrEnum):
    """What the understanding rules for an event: cover it, decline it, or hold it for an editor."""

    COVER = "cover"
    DECLINE = "decline"
    HOLD = "hold"


class Decision(StrEnum):
    """What the desk made of an event, in the words `write --format json` documents."""

    WRITTEN = "written"
    DECLINED = "declined"
    HELD = "held"


@dataclass(frozen=True)
class Verdict:
    """Whether the newsroom covers an event; when not, the reason a person can read."""

    status: Ruling = Ruling.COVER
    reason: str | None = None

    def __post_init__(self) -> None:
        # Given as a word ("hold") or a Ruling alike; a word that is no ruling is refused here.
        object.__setattr__(self, "status", Ruling(self.status))

    @property
    def cover(self) -> bool:
        return self.status is Ruling.COVER


@dataclass(frozen=True)
class Source:
    """A source event's title taken apart: who carried it, who reported it, what it claims."""

    title: str  # exactly as received
    claim: str  # the title without publisher and attribution
    publisher: str | None = None  # " - Modern Ghana"
    reporter: str | None = None  # "Axios"; the publisher when nobody else is credited
    attribution: str | None = None  # "sources say", kept as said
    link: str | None = None
    summary: str | None = None  # the feed's summary of the item, when it gave one: read, never quoted


@dataclass(frozen=True)
class Event:
    """One thing that happened, as a source reported it."""

    source: Source
    subject: Entity | None
    act: Act | None
    participants: tuple[Entity, ...] = ()
    section: str = "U.S."
    verdict: Verdict = field(default_factory=Verdict)
    # Names that set the act's scene ("heads to Chorley, Lancashire") or complete a noun ("a bid to
    # Congress"): in the story, but no party to the act. The clusterer reads them too.
    settings: tuple[Entity, ...] = ()

    @property
    def id(self) -> str:
        """A stable id for the event, used to choose phrasings deterministically."""
        return hashlib.sha256(self.source.title.encode("utf-8")).hexdigest()[:16]

    @property
    def topic(self) -> Entity | None:
        """The page an article about this event belongs to: its subject's."""
        return self.subject

    def to_dict(self) -> dict:
        """A JSON-safe form, the inverse of `Event.from_dict`."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Event:
        """Rebuild an Event stored with `to_dict`."""

        def entity(d: dict | None) -> Entity | None:
            if d is None:
                return None
            d = dict(d)
            d["aliases"] = tuple(d.get("aliases", ()))
            d["descriptors"] = tuple(Descriptor(**x) for x in d.get("descriptors", ()))
            return Entity(**d)

        return cls(
            source=Source(**data["source"]),
            subject=entity(data.get("subject")),
            act=Act(**data["act"]) if data.get("act") else None,
            participants=tuple(entity(p) for p in data.get("participants", ())),
            settings=tuple(entity(p) for p in data.get("settings", ())),
            section=data.get("section", "U.S."),
            verdict=Verdict(**data.get("verdict", {})),
        )


@dataclass(frozen=True)
class Fact:
    """One fact an article states, in one sentence, and where it came from."""

    sentence: int  # 0-based over headline, dek and body sentences, in that order
    fact: str
    origin: FactOrigin
    as_of: str | None = None

    def to_row(self) -> dict:
        """The ledger row stored and printed for this fact (eval/article.schema.json's "ledger")."""
        return {"sentence": self.sentence, "fact": self.fact, "from": self.origin, "as_of": self.as_of}

    @classmethod
    def from_row(cls, row: dict) -> Fact:
        """The fact of a ledger row made by `to_row`."""
        return cls(row["sentence"], row["fact"], row["from"], row.get("as_of"))


def ledger_rows(ledger: tuple[Fact, ...] | list[Fact]) -> list[dict]:
    """A draft's fact ledger as the rows stored with an article and printed in its JSON."""
    return [fact.to_row() for fact in ledger]


@dataclass(frozen=True)
class Draft:
    """An article as a writer produced it, before the checks."""

    headline: str
    dek: str
    body: tuple[str, ...]
    ledger: tuple[Fact, ...] = ()
    writer: str = "template"
    notes: tuple[str, ...] = ()  # what happened on the way: a repair, a fallback, and why
    # A model writer's accounting (model, tokens, cost, latency, attempts); a dict is not hashable.
    usage: dict | None = field(default=None, compare=False, hash=False)

    @property
    def words(self) -> int:
        return sum(len(p.split()) for p in self.body)

    @property
    def read_minutes(self) -> int:
        return read_minutes(self.words)


@dataclass(frozen=True)
class Violation:
    """A rule a Draft breaks, in words an editor can act on."""

    rule: str  # "grounding", "voice", "structure", "taste"
    message: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


@dataclass(frozen=True)
class Image:
    """An editorial image for an event, with the words that go with it."""

    path: str | None  # the 1200x675 JPEG; None when images are not rendered
    alt: str
    caption: str
    credit: str
    licence: str = "All rights reserved"
    width: int = 1200
    height: int = 675
    files: dict[str, str] = field(default_factory=dict)  # "1200.webp", "16x9.jpg", "1x1.jpg" ... -> path


def read_minutes(words: int) -> int:
    """Reading time in minutes, as the house shows it: ceil(words / 238), at least 1."""
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
