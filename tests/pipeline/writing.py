"""Small hand-built events for the writer, checks and desk tests."""

from __future__ import annotations

from infolitico.pipeline.events import Act, Descriptor, Entity, Event, Source, Verdict
from infolitico.pipeline.inflect import getLemma

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


# Headlines of many shapes for the variety measure: subjects of every kind, acts of many kinds.
_SUBJECTS = (
    "Kamala Harris",
    "Senate",
    "Apple",
    "Golden State Warriors",
    "Taylor Swift",
    "Nvidia",
    "Elon Musk",
    "Nancy Pelosi",
    "Gavin Newsom",
    "Federal Reserve",
    "Amazon",
    "Serena Williams",
    "Volta",
    "Toyota",
    "New York City Council",
    "Microsoft",
    "Democrats",
    "Seven Ohio startups",
    "Emmanuel Macron",
    "Halifax Regional Municipality",
)
_ACTS = (
    "passes stopgap funding bill to avert government shutdown",
    "opens new office in Halifax",
    "launches program for AI startups",
    "unveils thinner laptop in September",
    "signs three-year deal",
    "names new chief operating officer",
    "hires 200 engineers for cloud unit",
    "wins state grant",
    "approves contract extension for transit workers",
    "meets with union leaders in Detroit",
    "visits Kyiv",
    "donates $50,000 to local food bank",
    "hosts fundraiser for children’s hospital",
    "breaks attendance record at home opener",
    "cuts prices on electric models",
    "reaches out to rural voters",
    "endorses school board candidate",
    "to open factory in Ohio next year",
    "plans to expand bike lanes",
    "releases new app for renters",
    "creates $2 million fund for founders",
    "settles lawsuit over data practices",
    "raises $10 million in seed funding",
)
_OUTLETS = ("Reuters", "Axios", "CBC", "BetaKit", "The Verge", "ESPN", "Bloomberg", "NPR")


def variety_titles(count: int = 230) -> list[str]:
    """`count` distinct titles made by pairing subjects with acts, each credited to an outlet."""
    out = []
    for i in range(count):
        subject = _SUBJECTS[i % len(_SUBJECTS)]
        act = _ACTS[(i * 7 + i // len(_SUBJECTS)) % len(_ACTS)]
        if subject in ("Democrats", "Seven Ohio startups", "Golden State Warriors") and not act.startswith(
            "to "
        ):
            verb, rest = act.split(" ", 1)
            act = f"{getLemma(verb, upos='VERB')[0]} {rest}"  # a plural subject takes the plural verb
        out.append(f"{subject} {act} - {_OUTLETS[i % len(_OUTLETS)]}")
    return list(dict.fromkeys(out))
