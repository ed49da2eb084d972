"""Time clustering 10,000 and 100,000 synthetic items and show that the cost per item stays flat.

Run: .venv/bin/python bench/cluster.py [sizes...]

Events are built directly from templates (no spaCy), so this measures clustering, not parsing.
Items arrive at a steady rate (about 1,500 an hour, a busy aggregator), so a larger run covers
a longer stretch of time, as a real newsroom's stream does.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from infolitico.pipeline.cluster import Item, cluster
from infolitico.pipeline.events import Act, Entity, Event, Source

PER_HOUR = 1500
PUBLISHERS = ("Reuters", "AP News", "Axios", "Politico", "BBC", "CNN", "Bloomberg", "The Verge", "ESPN",
              "Variety", "The Guardian", "NPR", "CNBC", "Al Jazeera", "The Hill", "Yahoo News")
FIRST = ("Maria", "John", "Aiko", "Omar", "Lena", "Carlos", "Priya", "Tom", "Nadia", "Wei", "Sara", "Ivan",
         "Grace", "Mateo", "Fatima", "Lars", "Chloe", "Kofi", "Elena", "Raj")
LAST = ("Okafor", "Lindqvist", "Tanaka", "Haddad", "Moreau", "Silva", "Kowalski", "Nguyen", "Brennan",
        "Castillo", "Petrov", "Adeyemi", "Fischer", "Romano", "Sato", "Mendez", "O'Neill", "Varga", "Holm",
        "Kaur", "Duarte", "Weiss", "Mbeki", "Larsen", "Quinn")
ORGS = ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell", "Cyberdyne",
        "Soylent", "Wonka", "Aperture", "Oscorp", "Gringotts", "Monarch", "Nakatomi", "Pied Piper")
# (kind, verbs as (lemma, past), objects): the wordings outlets use for one act.
ACTS = (
    ("outreach", (("call", "calls"), ("phone", "phones"), ("contact", "contacts")), ("allies", "donors")),
    ("announcement", (("announce", "announces"), ("unveil", "unveils")), ("plan", "tour", "programme")),
    ("legislation", (("introduce", "introduces"), ("sign", "signs")), ("bill", "law", "measure")),
    ("meeting", (("meet", "meets"), ("host", "hosts")), ("delegation", "envoy")),
    ("investment", (("invest", "invests"), ("commit", "commits")), ("fund", "hub", "plant")),
    ("launch", (("launch", "launches"), ("release", "releases")), ("model", "app", "service")),
    ("win", (("win", "wins"), ("clinch", "clinches")), ("title", "award", "final")),
    ("appointment", (("name", "names"), ("appoint", "appoints")), ("chief", "director")),
)


SYLLABLES = ("ka", "lo", "mer", "tan", "vi", "so", "ren", "da", "mu", "li", "ber", "go", "sha", "ni", "ro")


def _entity(name: str, kind: str) -> Entity:
    surname = name.split()[-1] if kind == "person" else name
    return Entity(name=name, slug=name.lower().replace(" ", "-").replace("'", ""), kind=kind,  # type: ignore[arg-type]
                  surname=surname)


def _people(n: int, rng: random.Random) -> list[Entity]:
    # Invented surnames, so that a large pool holds few people who share one.
    last = sorted({"".join(rng.choice(SYLLABLES) for _ in range(3)).title() for _ in range(n)} | set(LAST))
    names = sorted({f"{rng.choice(FIRST)} {s}" for s in last})
    orgs = [f"{o} {s}" for o in ORGS for s in ("Corp", "Labs", "Group", "Holdings", "Systems", "Media")]
    pool = [_entity(x, "person") for x in names] + [_entity(x, "organisation") for x in orgs]
    rng.shuffle(pool)
    return pool[:n]


def items(n: int, seed: int = 7) -> list[Item]:
    """n synthetic items: events of one to five items each, worded differently by each publisher."""
    rng = random.Random(seed)
    who = _people(3000, rng)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    span = timedelta(hours=n / PER_HOUR)
    out: list[Item] = []
    event_no = 0
    while len(out) < n:
        event_no += 1
        subject = rng.choice(who)
        other = rng.choice(who)
        kind, verbs, objects = rng.choice(ACTS)
        obj = rng.choice(objects)
        amount = rng.choice((None, f"${rng.randint(2, 90)} billion", f"{rng.randint(2, 50) * 100:,} jobs"))
        at = start + span * rng.random()
        for _ in range(min(rng.choice((1, 1, 2, 2, 3, 4, 5)), n - len(out))):
            lemma, past = rng.choice(verbs)
            surname = subject.surname if rng.random() < 0.5 else subject.name
            rest = f"{other.name} {obj}" + (f" worth {amount}" if amount and rng.random() < 0.7 else "")
            claim = f"{surname} {past} {rest}"
            publisher = rng.choice(PUBLISHERS)
            act = Act(past, lemma, past, past, past, None, kind, rest)
            event = Event(source=Source(title=f"{claim} - {publisher}", claim=claim, publisher=publisher),
                          subject=subject, act=act, participants=(other,))
            published = at + timedelta(minutes=rng.randint(0, 600))
            out.append(Item(f"{event_no}-{len(out)}", event, published))
    return out


def pairwise(stories: list[list[str]]) -> tuple[float, float]:
    """Pairwise precision and recall against the generator's events (the key's prefix)."""
    def pairs(counts) -> int:
        return sum(c * (c - 1) // 2 for c in counts)

    together = pairs(len(s) for s in stories)
    both = pairs(c for s in stories for c in Counter(k.split("-")[0] for k in s).values())
    truth = pairs(Counter(k.split("-")[0] for s in stories for k in s).values())
    return both / (together or 1), both / (truth or 1)


def main(sizes: list[int]) -> None:
    per_item = {}
    for n in sizes:
        data = items(n)
        t0 = time.perf_counter()
        stories = cluster(data)
        took = time.perf_counter() - t0
        per_item[n] = took / n
        precision, recall = pairwise(stories)
        print(f"{n:>8,} items  {took:7.2f} s  {n / took:9,.0f} items/s  {len(stories):>7,} stories  "
              f"{1e6 * took / n:6.1f} µs/item  pairwise precision {precision:.3f} recall {recall:.3f}")
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        ratio = per_item[large] / per_item[small]
        print(f"time per item, {large:,} vs {small:,}: {ratio:.2f}x "
              f"(1.0 is linear; all-pairs would be {large / small:.0f}x)")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000])
