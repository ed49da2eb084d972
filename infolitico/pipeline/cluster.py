"""One story per event: group source items that report the same event, across feeds and publishers."""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property, lru_cache

from rapidfuzz import fuzz

from . import lexicon
from .events import Entity, Event
from .inflect import getLemma

WINDOW = timedelta(hours=48)
THRESHOLD = 1.9  # the score two events need to be judged one (see `score`)
CANDIDATES = 8  # stories fully judged per new item: keeps the cost per item constant
BUCKET = 64  # stories remembered per blocking key: a hot name cannot make the cost quadratic
MEMBERS = 6  # members of a story an item is compared with: its first and its latest ones

# What the clusterer knows of acts comes from the act lexicon (infolitico/data/acts.toml).
_LEXICON = lexicon.load()
# Act kinds that say little about what happened ("makes", "goes"): compatible with anything, weakly.
GENERIC_KINDS = {*(k.name for k in _LEXICON.kinds.values() if k.generic), None}
# Kinds a reader would take for the same act told in other words ("meets" / "calls" / "visits"):
# the kinds that share a group in the lexicon.
FAMILIES: tuple[frozenset[str], ...] = tuple(
    frozenset(k.name for k in _LEXICON.kinds.values() if group in k.groups)
    for group in dict.fromkeys(g for k in _LEXICON.kinds.values() for g in k.groups)
)
# Light verbs take their meaning from the noun after them: "hold talks", "make a trip", "grant clemency".
LIGHT_VERBS = _LEXICON.light_verbs
NOUN_KINDS = _LEXICON.noun_kinds
# A headline thesaurus: outlets tell one act with different verbs ("travels to", "lands in").
# A verb may carry several senses ("sign" a law or a deal); two acts agree when a sense is shared.
VERB_SENSES: dict[str, tuple[str, ...]] = {s.lemma: s.senses for s in _LEXICON.main.values() if s.senses}
# Nouns outlets swap for one another; each is read as the first of its group.
_SYNONYMS = (
    "jobs roles workers staff employees positions", "forecast outlook guidance", "tariffs duties levies",
    "pardon clemency", "funding spending stopgap", "rates borrowing", "fine penalty fined",
    "moon lunar", "landing touchdown", "bill legislation measure law act statute rules",
    "ban bar barring stop", "stock stocks shares equities", "lawmakers congressional", "pill tablet",
    "price prices cost", "deal contract agreement", "title crown trophy", "talks summit", "tour dates",
    "documentary docuseries", "hurricane storm", "vehicles cars trucks", "glitch defect",
    "commissioner chief", "visit trip", "sanctions sanctioning", "ai artificial",
)
SYNONYM = {w: g.split()[0] for g in _SYNONYMS for w in g.split()}

# An honour is won, whatever verb tells it: "wins MVP", "named MVP", "awarded the prize".
_HONOUR = re.compile(
    r"\b(mvp|award|prize|trophy|medal|honou?r|player of the|rookie of the|coach of the|manager of the|"
    r"hall of fame|cy young|heisman|ballon d'or|golden (?:boot|ball|globe)|of the year)\b"
)
# Winning approval is the other side of approving: "wins green light" / "FDA approves".
_APPROVAL = re.compile(r"^(?:\w+\s+){0,2}(approval|green light|go-ahead|nod|clearance|sign-off|backing)\b")
_WINS_APPROVAL = {"win", "get", "receive", "secure", "gain", "earn", "land", "clinch", "obtain"}
# "confirms" a nominee is an appointment; "confirms" a report is not.
_NOMINEE = re.compile(
    r"\b(pick|nominee|nomination|appointee|choice|commissioner|secretary|judge|chief|head)\b"
)

STOPWORDS = {
    "a", "an", "the", "to", "of", "in", "on", "at", "for", "with", "by", "from", "as", "and", "or",
    "but", "is", "are", "was", "were", "be", "been", "has", "have", "had", "its", "his", "her",
    "their", "this", "that", "it", "he", "she", "they", "will", "would", "after", "over", "into",
    "than", "up", "out", "off", "about", "new", "more", "again", "s", "amid", "says", "say",
}
WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "hundred": 100,
}
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9,
          "billion": 1e9, "t": 1e12, "tn": 1e12, "trillion": 1e12}
_NUMBER = re.compile(
    r"(?<![\w.-])[$€£]?(\d[\d,]*(?:\.\d+)?)(?:st|nd|rd|th)?"
    r"(?:-(\d+)(?![\w-]))?"
    r"(?:\s?(%|percent|k|m|mn|b|bn|t|tn|thousand|million|billion|trillion)\b)?(?![\w-])",
    re.I,
)
_WORD = re.compile(r"[a-z0-9][a-z0-9_'’-]*")
_TO_VERB = re.compile(r"(?:[\w$%.,-]+\s+){0,2}?to\s+([a-z]+)\b")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text.lower().replace("’", "'")


def _name_tokens(e: Entity) -> set[str]:
    words = set()
    for spelling in (e.name, e.surname or "", *e.aliases):
        words.update(w for w in re.findall(r"[a-z0-9]+", _fold(spelling)) if len(w) > 2)
    return words - STOPWORDS


def _words(name: str) -> tuple[str, ...]:
    return tuple(w for w in re.findall(r"[a-z0-9]+", _fold(name)) if w != "the")


@lru_cache(maxsize=65536)
def _tellings(e: Entity) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """An entity's full name, and every way a headline may tell it (name, aliases, surname), as words."""
    told = dict.fromkeys(_words(s) for s in (e.name, *e.aliases, e.surname or "") if s)
    return _words(e.name), tuple(t for t in told if t)


def _tells(short: tuple[str, ...], long: tuple[str, ...], person: bool) -> bool:
    """Whether `short` is a shorter telling of `long`: "Silva" of "Maria Silva", "Acme" of "Acme Labs"."""
    n = len(short)
    if not n or n >= len(long):
        return False
    # A person is told by surname, never by first name: "Maria" is many people; a company by either end.
    return short == long[-n:] or (not person and short == long[:n])


def same_entity(a: Entity, b: Entity) -> bool:
    """Whether two subjects are one entity: one catalogue entry, or a name and a shorter telling of it.

    Two full names that differ are two entities, whatever they share: "Maria Silva" is not "Jonas Silva".
    """
    if a.slug == b.slug:
        return True
    if a.known and b.known:
        return False
    person = a.kind == "person" or b.kind == "person"
    for x, y in ((a, b), (b, a)):
        name, _ = _tellings(x)
        full, told = _tellings(y)
        # x's name is one of y's tellings, or a shorter one ("Silva" of "Maria Silva");
        # or y's full name is a shorter telling of x's ("Nvidia" of "Chipmaker Nvidia"). A surname of y
        # never stands for y inside a longer name of x: "Jonas Hochul" is not Kathy Hochul.
        if any(name == t or _tells(name, t, person) for t in told) or _tells(full, name, person):
            return True
    return False


@lru_cache(maxsize=65536)
def _spelling_pattern(e: Entity) -> re.Pattern[str]:
    """Any spelling of the entity's name in a folded claim, longest first, with a possessive."""
    found = {e.name, *e.aliases}
    if e.surname:
        found.add(e.surname)
    folded = {_fold(s).removeprefix("the ") for s in found if len(s) > 1}
    spellings = sorted(folded, key=lambda s: (-len(s), s))
    body = "|".join(re.escape(s) for s in spellings if s)
    return re.compile(rf"(?<![\w-])(?:{body})(?:'s?)?(?![\w-])")


def numbers(text: str) -> tuple[frozenset[float], frozenset[str]]:
    """The amounts and the years or scores a text states: ({57e9, 14000.0}, {"2028", "112-104"})."""
    amounts: set[float] = set()
    labels: set[str] = set()
    for m in _NUMBER.finditer(text):
        whole, second, unit = m.group(1).replace(",", ""), m.group(2), (m.group(3) or "").lower()
        if second:
            labels.add(f"{whole}-{second}")  # a score or a vote: "112-104", "52-47"
        elif not unit and len(whole) == 4 and 1900 <= int(float(whole)) <= 2100:
            labels.add(whole)  # a year: compared with years only, never with counts
        else:
            value = float(whole) * _SCALE.get(unit, 1.0)
            amounts.add(-value if unit in ("%", "percent") else value)  # a percentage is no count
    for w in re.findall(r"[a-z]+", text.lower()):
        if w in WORD_NUMBERS:
            amounts.add(float(WORD_NUMBERS[w]))
    return frozenset(amounts), frozenset(labels)


def _close(x: float, y: float) -> bool:
    # Outlets round: "$15 billion" and "$15.2 billion" are one figure, "$10 billion" and "$15 billion" two.
    return x == y or (x * y > 0 and abs(x - y) <= 0.05 * max(abs(x), abs(y)))


@dataclass(frozen=True)
class Features:
    """What the judge compares, read once per event."""

    subject: Entity | None
    subject_keys: frozenset[str]
    participant_keys: frozenset[str]
    participant_names: frozenset[str]
    people: frozenset[str]  # the keys of participants who are people
    kind: str | None
    lemma: str
    senses: frozenset[str]
    text: str  # the claim with names replaced by their canonical slugs, stopwords dropped
    words: frozenset[str]  # content words (not names) of the claim
    amounts: frozenset[float]
    labels: frozenset[str]
    role: frozenset[str] = frozenset()  # "california governor": who an unnamed subject is, by office
    participants: tuple[Entity, ...] = ()
    directed: frozenset[str] = frozenset()  # the senses its own verb gives, told by the one who acts

    @cached_property
    def keys(self) -> frozenset[str]:
        """Blocking keys: entity slugs and name words, and content words, for the candidate index."""
        keys = self.subject_keys | self.participant_keys | frozenset("w:" + w for w in self.words)
        # An office meets its holder: "California governor" and Newsom share "r:california governor".
        offices = [self.role] if self.role else []
        if self.subject is not None and self.subject.known:
            offices += _office_words(self.subject)
        return keys | frozenset("r:" + " ".join(sorted(o)) for o in offices if o)


def _entity_keys(e: Entity) -> set[str]:
    keys = {"e:" + e.slug}
    if not e.known:
        # An uncatalogued name ("Changpeng Zhao", "Chipmaker Nvidia") is matched by its words.
        keys |= {"n:" + w for w in _name_tokens(e)}
    elif e.surname:
        keys.add("n:" + _fold(e.surname).removeprefix("the "))
    return keys


def _verb_lemma(word: str) -> str:
    found = getLemma(word, "VERB")
    return found[0] if found else word


_ROLE_STOP = STOPWORDS | {"former", "ex", "then", "acting", "interim", "outgoing", "incoming"}
# Nouns that make a phrase an office: "California governor", "Fed chair", "Tesla CEO".
OFFICES = {
    "governor", "gov", "mayor", "president", "senator", "sen", "prime", "minister", "chancellor", "premier",
    "ceo", "chief", "chair", "chairman", "chairwoman", "speaker", "secretary", "king", "queen", "pope",
    "pontiff", "coach", "manager", "commissioner", "leader", "attorney", "general", "director", "head",
}


def _role_words(event: Event, entities: list[Entity]) -> frozenset[str]:
    """The content words of a subject told by office ("California governor"), names spelled in full."""
    claim = event.source.claim
    cut = claim.find(event.act.text) if event.act and event.act.text else -1
    phrase = _fold(claim[:cut] if cut > 0 else claim)
    for e in entities:
        if e is not event.subject:
            phrase = _spelling_pattern(e).sub(" " + _fold(e.name) + " ", phrase)
    words = [w for w in re.findall(r"[a-z0-9]+", phrase) if w not in _ROLE_STOP]
    # Only a short phrase with an office noun is an office; a longer one describes something else.
    return frozenset(words) if 2 <= len(words) <= 4 and OFFICES & set(words) else frozenset()


@lru_cache(maxsize=16384)
def _office_words(e: Entity) -> tuple[frozenset[str], ...]:
    """The word sets of an entity's role descriptors ("governor of California"), former roles left out."""
    found = []
    for d in e.descriptors:
        text = _fold(d.text)
        if d.label == "role" and not re.match(r"(former|ex|then)\b", text):
            found.append(frozenset(w for w in re.findall(r"[a-z0-9]+", text) if w not in _ROLE_STOP))
    return tuple(found)


def _holds_office(e: Entity | None, role: frozenset[str]) -> bool:
    return bool(e is not None and e.known and role and any(role == words for words in _office_words(e)))


def features(event: Event) -> Features:
    """The features of an event that `score` compares."""
    claim = _fold(event.source.claim)
    entities = [e for e in (event.subject, *event.participants, *event.settings) if e is not None]
    for e in entities:
        claim = _spelling_pattern(e).sub(" " + e.slug.replace("-", "_") + " ", claim)
    tokens = [t.strip("'") for t in _WORD.findall(claim)]
    tokens = [SYNONYM.get(t, t) for t in tokens if t and t not in STOPWORDS]
    names = {e.slug.replace("-", "_") for e in entities}
    words = frozenset(t[:6] for t in tokens if t not in names and not t[0].isdigit())
    act = event.act
    kind, lemma = (act.kind, act.lemma) if act else (None, "")
    lemma = lemma.removeprefix("plan to ").removeprefix("decide not to ")
    if act and lemma.split(" ")[0] in LIGHT_VERBS:
        rest = [w for w in _WORD.findall(_fold(act.rest)) if w not in STOPWORDS][:2]
        noun = next((NOUN_KINDS[w] for w in rest if w in NOUN_KINDS), None)
        if noun:
            kind, lemma = noun, noun
    # "agrees to hear" is a hearing, not an agreement: the verb after a catenative one names the act.
    verb = lemma.split(" to ", 1)[1] if re.match(r"^\w+ to \w", lemma) else lemma
    if act and verb in _LEXICON.catenative:
        # Also when a tally or an adverb stands between: "votes 52-47 to install" is an appointment.
        m = _TO_VERB.match(_fold(act.rest))
        if m and _verb_lemma(m.group(1)) in VERB_SENSES:
            verb = _verb_lemma(m.group(1))
    head = verb.split(" ")[0] if verb else ""
    if head in LIGHT_VERBS and kind in NOUN_KINDS.values() and lemma == kind:
        head = ""
    senses = frozenset(VERB_SENSES.get(verb) or VERB_SENSES.get(" ".join(verb.split()[:2]))
                       or VERB_SENSES.get(head, ()))
    after = _fold(act.rest) if act else ""
    # "Apple hit with a penalty", "fined by": the subject is on the receiving side of its own verb.
    active = bool(act) and not act.lemma.startswith("be ") and not re.match(r"(?:with|by)\b", after)
    directed = senses if active else frozenset()
    if act and act.lemma.startswith("be ") and not senses:
        # A passive tells the act by its participle: "Apple fined by the Commission" is a fine.
        senses = frozenset(VERB_SENSES.get(_verb_lemma(act.lemma[3:].split(" ")[0]), ()))
    if act and act.lemma.startswith("be ") and "appoint" in senses:
        senses |= {"win"}  # "named MVP", "picked player of the year": an honour received
    if "appoint" in senses and _HONOUR.search(after):
        senses |= {"win"}  # "Ohtani named NL MVP" is the MVP award however the verb reads
    if head in _WINS_APPROVAL and _APPROVAL.search(after):
        senses = frozenset({"approve"})
    if head == "sign" and re.match(r"(?:an? |the )?(?:executive )?(?:decree|order)\b", after):
        senses |= frozenset(VERB_SENSES["decree"])  # "signs decree sanctioning" is decreeing
    if head == "confirm" and _NOMINEE.search(after):
        senses = frozenset({"appoint"})
    if act and head == "hold" and re.match(r"\W*talks\b", _fold(act.rest)):
        senses = frozenset({"meet"})
    subject_keys = frozenset(_entity_keys(event.subject)) if event.subject else frozenset()
    part_keys: set[str] = set()
    for p in (*event.participants, *event.settings):
        part_keys |= _entity_keys(p)
    # Surnames and uncatalogued names' words; never a first name, which many people share.
    part_names = {k[2:] for k in part_keys if k.startswith("n:")}
    amounts, labels = numbers(event.source.claim)
    # Only a subject that is not a name can be an office: "California governor", not "Judge".
    unnamed = event.subject is None or not event.subject.known and event.subject.kind != "person"
    role = _role_words(event, entities) if unnamed else frozenset()
    return Features(
        subject=event.subject, subject_keys=subject_keys, participant_keys=frozenset(part_keys),
        participant_names=frozenset(part_names),
        people=frozenset(k for p in event.participants if p.kind == "person" for k in _entity_keys(p)),
        kind=kind, lemma=lemma, senses=senses, text=" ".join(tokens),
        words=words, amounts=amounts, labels=labels, role=role, participants=event.participants,
        directed=directed,
    )


def _among(e: Entity | None, others: tuple[Entity, ...]) -> bool:
    return e is not None and any(same_entity(e, o) for o in others)


# Senses whose two sides do one act: "Trump meets Xi" is "Xi meets Trump"; "Gogoda names Shavitan" is not
# "Shavitan names Gogoda".
RECIPROCAL = frozenset({"meet", "contact", "deal"})


def _swapped(x: Features, y: Features) -> bool:
    if not _among(x.subject, y.participants):
        return False
    shared = x.directed & y.directed
    if shared and not shared & RECIPROCAL and _among(y.subject, x.participants):
        return False  # each does the same one-way act to the other: two acts
    # Unless x names someone else as the other party: "Romano backs Brennan" / "Brennan backs Quinn".
    return y.subject is None or not x.participants or _among(y.subject, x.participants)


def _one_subject(a: Features, b: Features) -> bool:
    if a.subject is None or b.subject is None:
        return False
    if a.role and b.role and a.role != b.role:
        return False  # "Nevada governor" is not Nevada's mayor
    if same_entity(a.subject, b.subject):
        return True
    # The office exception: "California governor approves…" is Newsom only because the knowledge base
    # says Newsom is California's governor; nobody else is, named or not.
    return _holds_office(a.subject, b.role) or _holds_office(b.subject, a.role)


def subject_relation(a: Features, b: Features) -> str:
    """How two events' subjects relate: "same", "swapped" (each names the other), "unknown" or "different"."""
    if _one_subject(a, b):
        return "same"
    # One outlet's subject is another's participant: "Trump meets Xi" / "Xi and Trump shake hands".
    if _swapped(a, b) or _swapped(b, a):
        return "swapped"
    if a.subject is None or b.subject is None:
        return "unknown"
    # Two subjects that are not one entity are two events: "Imani Petrov proposes…" is not Hochul.
    return "different"


def contradicts(a: Features, b: Features) -> bool:
    """True when two events name different subjects and neither is a party to the other's act.

    A story holds one subject: an item that contradicts any member is not of it, whoever else it matches
    (a bare "Silva" may match both "Maria Silva" and "Jonas Silva"; the story holds only one of them).
    """
    if a.subject is None or b.subject is None or _one_subject(a, b):
        return False
    return not (_among(a.subject, b.participants) or _among(b.subject, a.participants))


def act_relation(a: Features, b: Features) -> float:
    """How compatible two acts are, 0 to 1: same verb or sense, same kind, a related kind, a vague one."""
    if a.lemma and a.lemma == b.lemma:
        return 1.0
    if a.senses & b.senses:
        return 0.8
    if a.senses and b.senses:
        return 0.0  # both verbs are known and mean different things
    if a.kind in GENERIC_KINDS or b.kind in GENERIC_KINDS:
        return 0.25
    if a.kind == b.kind:
        return 0.6
    if any(a.kind in f and b.kind in f for f in FAMILIES):
        return 0.4
    return 0.0


def numbers_conflict(a: Features, b: Features) -> bool:
    """True when both events state figures of one sort and none of them agree ($10 billion vs $15 billion)."""
    if a.amounts and b.amounts and not any(_close(x, y) for x in a.amounts for y in b.amounts):
        return True
    return bool(a.labels and b.labels and not a.labels & b.labels)


def _numbers_agree(a: Features, b: Features) -> float:
    # A shared uncommon figure ("$57 billion", "112-104") is strong evidence; a shared "two" or year is weak.
    shared = [x for x in a.amounts if any(_close(x, y) for y in b.amounts)]
    if any(abs(x) > 12 for x in shared) or any("-" in label for label in a.labels & b.labels):
        return 0.7
    return 0.2 if shared or a.labels & b.labels else 0.0


def score(a: Features, b: Features) -> float:
    """How likely two events are one, on a scale where `THRESHOLD` is the line; -1 when they cannot be."""
    subject = subject_relation(a, b)
    if subject == "different" or numbers_conflict(a, b):
        return -1.0
    total = {"same": 1.0, "swapped": 0.7, "unknown": 0.3}[subject]
    total += act_relation(a, b)
    total += fuzz.token_set_ratio(a.text, b.text) / 100
    pa, pb = a.participant_keys - b.subject_keys, b.participant_keys - a.subject_keys
    if pa and pb:
        if pa & pb or a.participant_names & b.participant_names:
            total += 0.3
        elif a.people - b.subject_keys and b.people - a.subject_keys:
            # A different person on the other side is another event: Trump meeting Xi, pardoning Zhao.
            total -= 1.0
        else:
            total -= 0.3  # institutions are often context ("White House confirms", "EU" / "Commission")
    total += _numbers_agree(a, b)
    return total


def same_event(a: Event, b: Event) -> bool:
    """Whether two source events report the same event (time aside: that is the clusterer's window)."""
    return score(features(a), features(b)) >= THRESHOLD


def _fit(feats: Features, members: Iterable[Features], subjects: Iterable[Features]) -> float | None:
    # A figure that contradicts any member rules the story out, whatever the others say; so does a
    # subject that is none of the story's own. Otherwise the best-matching member speaks for the story.
    members = list(members)
    if any(numbers_conflict(feats, f) for f in members) or any(contradicts(feats, f) for f in subjects):
        return None
    return max((score(feats, f) for f in members), default=None)


def same_story(event: Event, members: Iterable[Event]) -> bool:
    """Whether an event belongs to a story told by `members`: one of them reports it, none contradicts it."""
    told = [features(m) for m in members]
    found = _fit(features(event), told, told)
    return found is not None and found >= THRESHOLD


@dataclass(frozen=True)
class Item:
    """A source item to cluster: its key (a SourceItem id), what it says and when it was published."""

    key: str
    event: Event
    published: datetime


@dataclass
class Story:
    """One event and every item that reports it; the earliest item sets its time."""

    id: str  # the key of the first item added, stable as items arrive
    items: list[Item] = field(default_factory=list)
    start: datetime | None = None  # the earliest item's time
    end: datetime | None = None  # the latest item's time
    _features: list[Features] = field(default_factory=list, repr=False)
    _subjects: dict[tuple[str, frozenset[str]], Features] = field(default_factory=dict, repr=False)

    @property
    def keys(self) -> list[str]:
        return [i.key for i in self.items]

    @property
    def event(self) -> Event:
        """The event as its earliest item tells it."""
        return min(self.items, key=lambda i: i.published).event

    def _add(self, item: Item, feats: Features) -> None:
        self.items.append(item)
        self._features.append(feats)
        if feats.subject is not None:
            self._subjects.setdefault((feats.subject.slug, feats.role), feats)
        if self.start is None or item.published < self.start:
            self.start = item.published
        if self.end is None or item.published > self.end:
            self.end = item.published

    def _sample(self) -> list[Features]:
        f = self._features
        return f if len(f) <= MEMBERS else f[: MEMBERS // 2] + f[-(MEMBERS // 2) :]


def _utc(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


class Clusterer:
    """Incremental clustering: `add` each item, get its story's id; cost per item stays constant."""

    def __init__(self, *, window: timedelta = WINDOW, threshold: float = THRESHOLD,
                 candidates: int = CANDIDATES, bucket: int = BUCKET):
        self.window = window
        self.threshold = threshold
        self.candidates = candidates
        self.bucket = bucket
        self.stories: dict[str, Story] = {}
        self._index: dict[str, deque[str]] = defaultdict(lambda: deque(maxlen=self.bucket))
        self._active: deque[str] = deque()  # story ids in the order they opened, for pruning
        self._closed: set[str] = set()
        self._opened: dict[str, int] = {}  # story id -> its rank in opening order: ties break on it
        self._latest: datetime | None = None

    def add(self, item: Item) -> str:
        """Put an item into the story of its event, or open a new story; return the story's id."""
        item = Item(item.key, item.event, _utc(item.published))
        feats = features(item.event)
        self._prune(item.published)
        best, best_score = None, self.threshold
        for story in self._candidates(feats, item.published):
            s = _fit(feats, story._sample(), story._subjects.values())
            if s is None:
                continue
            # On a tie the story opened last takes the item: the one most likely still going on.
            if s > best_score or (s == best_score and (best is None or self._later(story, best))):
                best, best_score = story, s
        if best is None:
            best = Story(id=item.key)
            self.stories[best.id] = best
            self._opened[best.id] = len(self._opened)
            self._active.append(best.id)
        best._add(item, feats)
        for key in feats.keys:
            bucket = self._index[key]
            if not bucket or bucket[-1] != best.id:
                bucket.append(best.id)
        return best.id

    def _candidates(self, feats: Features, at: datetime) -> list[Story]:
        votes: dict[str, float] = defaultdict(float)
        # Keys in a fixed order and ties broken by opening order, the newer story first (the one most
        # likely still going on): a set's order, which PYTHONHASHSEED decides, must never choose the
        # story, not even through the rounding of a sum.
        for key in sorted(feats.keys):
            bucket = self._index.get(key)
            if not bucket:
                continue
            # Names count more than words; a word shared by many stories counts for little.
            weight = (2.0 if key[0] in "en" else 1.0) / (1 + len(bucket) / 16)
            for sid in dict.fromkeys(bucket):
                votes[sid] += weight
        opened = self._opened
        ranked = heapq.nlargest(4 * self.candidates, votes, key=lambda sid: (votes[sid], opened[sid]))
        found = []
        for sid in ranked:
            if sid in self._closed:
                continue
            story = self.stories[sid]
            # The whole story, this item included, must fit in one window from its earliest item.
            if max(at, story.end) - min(at, story.start) <= self.window:
                found.append(story)
                if len(found) >= self.candidates:
                    break
        return found

    def _later(self, story: Story, than: Story) -> bool:
        return self._opened[story.id] > self._opened[than.id]

    def _prune(self, at: datetime) -> None:
        # Stories that opened more than two windows before the newest item can take no more items;
        # two, so that items arriving a little out of order still find theirs.
        if self._latest is None or at > self._latest:
            self._latest = at
        horizon = self._latest - 2 * self.window
        while self._active and self.stories[self._active[0]].start < horizon:
            self._closed.add(self._active.popleft())

    def clusters(self) -> list[list[str]]:
        """Every story's item keys, stories in the order they opened."""
        return [s.keys for s in self.stories.values()]


def cluster(items: Iterable[Item], *, window: timedelta = WINDOW) -> list[list[str]]:
    """Group items into events (lists of item keys), earliest first, within `window` of each event's start."""
    c = Clusterer(window=window)
    for item in sorted(items, key=lambda i: (_utc(i.published), i.key)):
        c.add(item)
    return c.clusters()
