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

import lemminflect
from rapidfuzz import fuzz

from .events import Entity, Event

WINDOW = timedelta(hours=48)
THRESHOLD = 1.9  # the score two events need to be judged one (see `score`)
CANDIDATES = 8  # stories fully judged per new item: keeps the cost per item constant
BUCKET = 64  # stories remembered per blocking key: a hot name cannot make the cost quadratic
MEMBERS = 6  # members of a story an item is compared with: its first and its latest ones

# Act kinds that say little about what happened ("makes", "goes"): compatible with anything, weakly.
GENERIC_KINDS = {"action", None}
# Kinds a reader would take for the same act told in other words ("meets" / "calls" / "visits").
FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"visit", "meeting", "outreach"}),
    frozenset({"legislation", "decision", "legal"}),
    frozenset({"deal", "investment"}),
    frozenset({"win", "record"}),
    frozenset({"pricing", "decision"}),
    frozenset({"announcement", "launch"}),
    frozenset({"announcement", "statement"}),
    frozenset({"appointment", "hiring"}),
)
# Light verbs take their meaning from the noun after them: "hold talks", "make a trip", "grant clemency".
LIGHT_VERBS = {
    "hold", "make", "take", "give", "grant", "have", "go", "pay", "land", "stage", "issue", "launch",
}
NOUN_KINDS = {
    "talks": "meeting", "meeting": "meeting", "summit": "meeting", "call": "outreach",
    "trip": "visit", "visit": "visit", "tour": "visit", "clemency": "decision", "pardon": "decision",
    "victory": "win", "win": "win", "title": "win", "offer": "deal", "bid": "deal", "deal": "deal",
    "law": "legislation", "bill": "legislation", "decree": "legislation", "ruling": "legal",
    "statement": "statement", "speech": "statement", "announcement": "announcement",
}

# A headline thesaurus: outlets tell one act with different verbs ("travels to", "lands in").
# A verb may carry several senses ("sign" a law or a deal); two acts agree when a sense is shared.
VERB_SENSES: dict[str, tuple[str, ...]] = {}
for _sense, _verbs in {
    "travel": "visit arrive land travel fly head tour jet touch",
    "meet": "meet talk host welcome receive sit_down_with shake",
    "contact": "call phone contact reach_out_to ring court",
    "approve": "pass approve clear ok okay adopt enact sign greenlight",
    "annul": "strike_down invalidate overturn void vacate rule_against rule",
    "uphold": "uphold affirm rule",
    "rule": "rule",
    "delay": "delay postpone push_back slip pause defer",
    "appoint": "name appoint tap pick choose select nominate install",
    "announce": "announce unveil reveal declare detail set",
    "launch": "launch release debut roll_out ship introduce unveil",
    "cut": "cut slash trim lower reduce lay_off axe shed let_go",
    "raise": "raise hike lift up boost increase",
    "win": "win take claim clinch triumph capture beat top down edge defeat retain defend",
    "fine": "fine penalize penalise hit punish",
    "pardon": "pardon grant commute",
    "recall": "recall call_back",
    "hold": "hold keep leave stand_pat maintain",
    "invest": "invest commit pledge pour spend",
    "criticize": "slam rip blast criticize criticise attack",
    "warn": "warn threaten caution",
    "urge": "urge call demand",
    "deal": "sign ink strike seal agree secure",
    "request": "ask request seek petition",
    "propose": "introduce file unveil propose",
    "extend": "extend renew re-up",
    "reject": "reject rule_out dismiss refuse",
    "lead": "lead top head",
    "say": "say tell insist vow promise add warn threaten",
    "hear": "hear take_up review",
    "restrict": "impose sanction decree ban block restrict",
    "donate": "donate give",
    "report": "post report beat hit top",
}.items():
    for _verb in _verbs.split():
        _verb = _verb.replace("_", " ")
        VERB_SENSES[_verb] = (*VERB_SENSES.get(_verb, ()), _sense)
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


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text.lower().replace("’", "'")


def _name_tokens(e: Entity) -> set[str]:
    words = set()
    for spelling in (e.name, e.surname or "", *e.aliases):
        words.update(w for w in re.findall(r"[a-z0-9]+", _fold(spelling)) if len(w) > 2)
    return words - STOPWORDS


@lru_cache(maxsize=65536)
def _spelling_pattern(e: Entity) -> re.Pattern[str]:
    """Any spelling of the entity's name in a folded claim, longest first, with a possessive."""
    found = {e.name, *e.aliases}
    if e.surname:
        found.add(e.surname)
    spellings = sorted({_fold(s).removeprefix("the ") for s in found if len(s) > 1}, key=len, reverse=True)
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


@lru_cache(maxsize=4096)
def _verb_lemma(word: str) -> str:
    found = lemminflect.getLemma(word, upos="VERB")
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


def _other_office(e: Entity | None, role: frozenset[str]) -> bool:
    return bool(e is not None and e.known and e.kind == "person" and role and _office_words(e))


def features(event: Event) -> Features:
    """The features of an event that `score` compares."""
    claim = _fold(event.source.claim)
    entities = [e for e in (event.subject, *event.participants) if e is not None]
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
    head = verb.split(" ")[0] if verb else ""
    if head in LIGHT_VERBS and kind in NOUN_KINDS.values() and lemma == kind:
        head = ""
    senses = frozenset(VERB_SENSES.get(verb) or VERB_SENSES.get(" ".join(verb.split()[:2]))
                       or VERB_SENSES.get(head, ()))
    after = _fold(act.rest) if act else ""
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
    for p in event.participants:
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
        words=words, amounts=amounts, labels=labels, role=role,
    )


def _matches(e: Entity, keys: frozenset[str], names: frozenset[str] = frozenset()) -> bool:
    if "e:" + e.slug in keys:
        return True
    if e.known:
        return False
    mine = _name_tokens(e)
    return bool(mine & {k[2:] for k in keys if k.startswith("n:")} or mine & names)


def _swapped(x: Features, y: Features) -> bool:
    if x.subject is None or not _matches(x.subject, y.participant_keys, y.participant_names):
        return False
    # Unless x names someone else as the other party: "Romano backs Brennan" / "Brennan backs Quinn".
    return (y.subject is None or not x.participant_keys
            or _matches(y.subject, x.participant_keys, x.participant_names))


def subject_relation(a: Features, b: Features) -> str:
    """How two events' subjects relate: "same", "swapped" (each names the other), "unknown" or "different"."""
    if a.subject is not None and b.subject is not None and (
        _matches(a.subject, b.subject_keys) or _matches(b.subject, a.subject_keys)
    ):
        return "same"
    # "California governor approves…" / "Newsom signs…": an office the knowledge base says one holds.
    if _holds_office(a.subject, b.role) or _holds_office(b.subject, a.role):
        return "same"
    if _other_office(a.subject, b.role) or _other_office(b.subject, a.role):
        return "different"  # "Texas governor" is not Newsom, the governor of California
    # One outlet's subject is another's participant: "Trump meets Xi" / "Xi and Trump shake hands".
    if _swapped(a, b) or _swapped(b, a):
        return "swapped"
    if a.subject is None or b.subject is None:
        return "unknown"
    if a.subject.known and b.subject.known:
        return "different"
    if a.subject.kind == "person" and b.subject.kind == "person" and not (a.role or b.role):
        return "different"  # two named people, one uncatalogued: "Judge" is not Ohtani
    return "unknown"


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
        self._latest: datetime | None = None

    def add(self, item: Item) -> str:
        """Put an item into the story of its event, or open a new story; return the story's id."""
        item = Item(item.key, item.event, _utc(item.published))
        feats = features(item.event)
        self._prune(item.published)
        best, best_score = None, self.threshold
        for story in self._candidates(feats, item.published):
            sample = story._sample()
            # A figure that contradicts any member rules the story out, whatever the others say.
            if any(numbers_conflict(feats, f) for f in sample):
                continue
            s = max(score(feats, f) for f in sample)
            if s >= best_score:
                best, best_score = story, s
        if best is None:
            best = Story(id=item.key)
            self.stories[best.id] = best
            self._active.append(best.id)
        best._add(item, feats)
        for key in feats.keys:
            bucket = self._index[key]
            if not bucket or bucket[-1] != best.id:
                bucket.append(best.id)
        return best.id

    def _candidates(self, feats: Features, at: datetime) -> list[Story]:
        votes: dict[str, float] = defaultdict(float)
        for key in feats.keys:
            bucket = self._index.get(key)
            if not bucket:
                continue
            # Names count more than words; a word shared by many stories counts for little.
            weight = (2.0 if key[0] in "en" else 1.0) / (1 + len(bucket) / 16)
            for sid in set(bucket):
                votes[sid] += weight
        ranked = heapq.nlargest(4 * self.candidates, votes, key=votes.__getitem__)
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
