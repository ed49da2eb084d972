"""A synthetic stream for the clusterer's tests: many look-alike events, each by a subject of its own.

Events are built directly (no spaCy), as `understand` would read the titles: uncatalogued names are
`known=False`, a bare surname reads as an uncatalogued organisation, an office ("Nevada governor") reads
as its place. Names are chosen to collide: full names that share a surname or a first name, companies
that share a word, officials told by name or by office. Acts, objects and figures repeat across events,
so only the subject keeps two events apart. An item's key starts with its subject's number.

Run as a script, it prints the clusters of a stream as JSON: `python cluster_stream.py N POOL HOURS`.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import UTC, datetime, timedelta

from infolitico.pipeline.cluster import Item, cluster
from infolitico.pipeline.events import Act, Descriptor, Entity, Event, Source

FIRST = ("Maria", "Jonas", "Imani", "Kathy", "Omar", "Lena", "Carlos", "Priya", "Tom", "Nadia", "Wei",
         "Sara", "Ivan", "Grace", "Mateo", "Fatima", "Lars", "Chloe", "Kofi", "Elena", "Raj", "Aiko",
         "Hugo", "Ines", "Yusuf", "Mei", "Pavel", "Zara", "Felix", "Amara")
# Surnames many subjects share: only ever told in full, as a reader could not tell them apart otherwise.
SHARED = ("Silva", "Petrov", "Okafor", "Tanaka", "Haddad", "Moreau", "Kowalski", "Nguyen", "Brennan",
          "Castillo", "Adeyemi", "Fischer", "Romano", "Sato", "Mendez", "Varga", "Holm", "Kaur", "Duarte",
          "Weiss", "Larsen", "Quinn", "Lindqvist", "Mbeki", "Ortiz")
SYLLABLES = ("ka", "lo", "mer", "tan", "vi", "so", "ren", "da", "mu", "li", "ber", "go", "sha", "ni", "ro",
             "pe", "tu", "zan")
COMPANY = ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Tyrell", "Cyberdyne", "Soylent",
           "Wonka", "Aperture", "Oscorp", "Monarch", "Nakatomi", "Gringotts", "Massive", "Dynamic", "Blue")
KIND = ("Labs", "Group", "Holdings", "Systems", "Media", "Energy", "Motors", "Bank")
STATES = ("Nevada", "Oregon", "Ohio", "Georgia", "Arizona", "Vermont", "Maine", "Utah", "Iowa", "Idaho",
          "Kansas", "Alaska", "Hawaii", "Montana", "Wyoming", "Delaware")
# (kind, (lemma, as told)…, objects): one act told with the verbs outlets swap for one another.
ACTS = (
    ("announcement", (("propose", "proposes"), ("unveil", "unveils"), ("introduce", "introduces")),
     ("new bridge repairs", "a job training push", "a housing plan", "a transit overhaul")),
    ("legislation", (("sign", "signs"), ("approve", "approves")), ("a water bill", "a budget", "a tax law")),
    ("investment", (("invest", "invests"), ("commit", "commits")), ("in a battery plant", "in a data hub")),
    ("launch", (("launch", "launches"), ("release", "releases")), ("a new app", "a chatbot", "a service")),
    ("appointment", (("name", "names"), ("appoint", "appoints")), ("a new chief", "a finance director")),
)
PUBLISHERS = ("Reuters", "AP News", "Axios", "Politico", "BBC", "CNN", "Bloomberg", "NPR", "CNBC")


def _slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def _uncatalogued(name: str, kind: str) -> Entity:
    surname = name.split()[-1] if kind == "person" else name
    return Entity(name=name, slug=_slug(name), kind=kind, surname=surname, known=False)  # type: ignore[arg-type]


class _Subject:
    """Who an event is about, and the ways a headline names them: (entity as read, words as told)."""

    def __init__(self, number: int, *told: tuple[Entity, str]):
        self.number, self.told = number, told

    def mention(self, rng: random.Random) -> tuple[Entity, str]:
        return rng.choice(self.told)


def _named(number: int, *entities: Entity) -> _Subject:
    return _Subject(number, *((e, e.name) for e in entities))


def subjects(count: int, rng: random.Random) -> list[_Subject]:
    """`count` different subjects whose names collide as much as real names do, and more."""
    found: list[_Subject] = []
    names = [f"{f} {s}" for f in FIRST for s in SHARED]
    rng.shuffle(names)
    unique = sorted({"".join(rng.choice(SYLLABLES) for _ in range(3)).title() for _ in range(count)})
    rng.shuffle(unique)
    companies = [f"{c} {k}" for c in COMPANY for k in KIND]
    rng.shuffle(companies)
    for n, state in enumerate(STATES):
        if n % 2:
            # An official the knowledge base knows, told by name or by office.
            person = f"{FIRST[n]} {unique.pop()}"
            full = Entity(name=person, slug=_slug(person), kind="person", surname=person.split()[-1],
                          descriptors=(Descriptor(f"governor of {state}", label="role"),))
            office = (_uncatalogued(state, "place"), f"{state} governor")
            found.append(_Subject(len(found), (full, full.name), office))
        else:
            # An office nobody in the knowledge base holds: never anyone else.
            found.append(_Subject(len(found), (_uncatalogued(state, "place"), f"{state} governor")))
    while len(found) < count:
        pick = rng.random()
        if pick < 0.55 and names:
            # Understanding reads some uncatalogued people as organisations ("Imani Petrov").
            kind = rng.choice(("person", "organisation"))
            found.append(_named(len(found), _uncatalogued(names.pop(), kind)))
        elif pick < 0.85 and unique:
            person = f"{rng.choice(FIRST)} {unique.pop()}"
            short = _uncatalogued(person.split()[-1], "organisation")
            found.append(_named(len(found), _uncatalogued(person, "person"), short))
        elif companies:
            found.append(_named(len(found), _uncatalogued(companies.pop(), "organisation")))
        elif not names and not unique:
            raise ValueError(f"no more than {len(found)} distinct subjects")
    return found


def stream(n: int, seed: int = 12, hours: float = 72.0, pool: int | None = None) -> list[Item]:
    """n items: events of one to four items, each by a subject no other event has.

    With `pool`, events draw their subjects from that many, so one subject has many look-alike events
    competing for each item: the order of the candidates, and how ties break, decide where it goes.
    """
    rng = random.Random(seed)
    who = subjects(pool or n // 2 + len(STATES), rng)
    if pool:
        who = [rng.choice(who) for _ in range(n)]
    start = datetime(2026, 3, 1, tzinfo=UTC)
    out: list[Item] = []
    for event_no, subject in enumerate(who):
        if len(out) >= n:
            break
        kind, verbs, objects = rng.choice(ACTS)
        obj = rng.choice(objects)
        figure = rng.choice(("", "", f" worth ${rng.choice((2, 5, 9))} billion"))
        at = start + timedelta(hours=hours * rng.random())
        for _ in range(min(rng.choice((1, 2, 2, 3, 4)), n - len(out))):
            lemma, told = rng.choice(verbs)
            entity, name = subject.mention(rng)
            rest = obj + (figure if rng.random() < 0.8 else "")
            claim = f"{name} {told} {rest}"
            publisher = rng.choice(PUBLISHERS)
            act = Act(told, lemma, told, told, told, None, kind, rest)
            event = Event(source=Source(title=f"{claim} - {publisher}", claim=claim, publisher=publisher),
                          subject=entity, act=act)
            out.append(Item(f"{subject.number}/{event_no}/{len(out)}", event,
                            at + timedelta(minutes=rng.randint(0, 240))))
    return out


def subject_of(key: str) -> str:
    """The subject an item of the stream is about, read off its key."""
    return key.split("/")[0]


if __name__ == "__main__":
    size, pool, hours = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    print(json.dumps(cluster(stream(size, pool=pool, hours=hours))))
