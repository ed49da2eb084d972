"""Cover, decline or hold: the house's taste rules, with a reason a person can read.

The knowledge is data: `data/taste.toml` (what is declined, held or not an event, by lemma) and
`data/languages.toml` (function words that tell an English headline from another language's).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from .events import Entity, Event, Source, Verdict
from .inflect import getAllLemmas

DATA = Path(__file__).resolve().parent.parent / "data"
TASTE_PATH = DATA / "taste.toml"
LANGUAGES_PATH = DATA / "languages.toml"


class TasteDataError(ValueError):
    """A taste or language data file that cannot be used; the message names the file and the entry."""


# ---------------------------------------------------------------------------------------------
# the rules, as data


@dataclass(frozen=True)
class Rule:
    """One entry of taste.toml: what it reports, and the words, phrases or patterns that say so."""

    what: str
    lemmas: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()
    patterns: tuple[re.Pattern[str], ...] = ()
    near: frozenset[str] = frozenset()
    before: frozenset[str] = frozenset()
    after: frozenset[str] = frozenset()
    within: int = 3
    not_after: frozenset[str] = frozenset()
    unless_act: frozenset[str] = frozenset()
    as_act: bool = False
    summary: bool = False
    whole_title: bool = False
    # Derived, for speed: the words a match can start with, and the phrases by their first word.
    starts: frozenset[str] = field(default=frozenset(), compare=False)
    by_first: dict = field(default_factory=dict, compare=False, hash=False)
    wild: tuple[tuple[str, ...], ...] = field(default=(), compare=False)

    def __post_init__(self):
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in self.phrases:
            if phrase[0] not in ("*", "#"):
                by_first.setdefault(phrase[0], []).append(phrase)
        object.__setattr__(self, "by_first", {k: tuple(v) for k, v in by_first.items()})
        object.__setattr__(self, "wild", tuple(p for p in self.phrases if p[0] in ("*", "#")))
        object.__setattr__(self, "starts", self.lemmas | self.words | frozenset(by_first))


@dataclass(frozen=True)
class Taste:
    """The house's taste: harm (declined), hold (a person decides) and not-events, each in order."""

    harm: tuple[Rule, ...]
    hold: tuple[Rule, ...]
    not_events: tuple[Rule, ...]


_WORD_LISTS = ("lemmas", "words", "near", "before", "after", "not_after", "unless_act")
_FLAGS = ("as_act", "summary", "whole_title")
_KEYS = {"what", "phrases", "patterns", "within", *_FLAGS, *_WORD_LISTS}
_TABLES = {"harm": "harm", "hold": "hold", "not_event": "not_events"}


def _strings(value: object, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise TasteDataError(f"{where}: must be a list of non-empty strings")
    return [v.strip().lower() for v in value]


def _rule(raw: object, where: str) -> Rule:
    if not isinstance(raw, dict):
        raise TasteDataError(f"{where}: must be a table")
    what = raw.get("what")
    if not isinstance(what, str) or not what.strip():
        raise TasteDataError(f"{where}: needs `what`, the reason a person reads")
    where = f"{where} ({what})"
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise TasteDataError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})")
    lists = {key: frozenset(_strings(raw.get(key, []), f"{where}.{key}")) for key in _WORD_LISTS}
    phrases = tuple(tuple(p.split()) for p in _strings(raw.get("phrases", []), f"{where}.phrases"))
    patterns, sources = [], raw.get("patterns", [])
    if not isinstance(sources, list) or not all(isinstance(p, str) for p in sources):
        raise TasteDataError(f"{where}.patterns: must be a list of regular expressions")
    for pattern in sources:
        try:
            patterns.append(re.compile(pattern))
        except re.error as exc:
            raise TasteDataError(f"{where}.patterns: {pattern!r} is not a regular expression: "
                                 f"{exc}") from None
    if not (lists["lemmas"] or lists["words"] or phrases or patterns):
        raise TasteDataError(f"{where}: give lemmas, words, phrases or patterns")
    within = raw.get("within", 3)
    if isinstance(within, bool) or not isinstance(within, int) or within < 1:
        raise TasteDataError(f"{where}.within: must be a whole number of words, 1 or more")
    flags = {}
    for key in _FLAGS:
        if not isinstance(raw.get(key, False), bool):
            raise TasteDataError(f"{where}.{key}: must be true or false")
        flags[key] = raw.get(key, False)
    return Rule(what=what.strip(), phrases=phrases, patterns=tuple(patterns), within=within,
                **lists, **flags)


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TasteDataError(f"{path.name}: cannot be read: {exc}") from None


@lru_cache(maxsize=4)
def load_taste(path: str | Path | None = None) -> Taste:
    """The taste rules of a data file (by default the shipped `data/taste.toml`), validated."""
    path = Path(path) if path else TASTE_PATH
    data = _read(path)
    unknown = sorted(set(data) - set(_TABLES))
    if unknown:
        raise TasteDataError(f"{path.name}: unknown table {unknown[0]!r} (known: harm, hold, not_event)")
    tables = {}
    for key, name in _TABLES.items():
        entries = data.get(key, [])
        if not isinstance(entries, list):
            raise TasteDataError(f"{path.name}, {key}: must be an array of tables ([[{key}]])")
        tables[name] = tuple(_rule(raw, f"{path.name}, {key}[{i}]") for i, raw in enumerate(entries))
    return Taste(**tables)


# ---------------------------------------------------------------------------------------------
# matching by lemma


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    lemmas: frozenset[str]
    number: bool


# Numbers keep their currency and separators ("$2.25m", "14,000"); words keep inner hyphens, so
# "record-breaking" is never "breaking" and "ceasefire" never "fire".
_TOKEN = re.compile(r"[$£€]?\d[\w,.%]*|[^\W\d_][\w'-]*")


@lru_cache(maxsize=16384)
def _lemmas(word: str) -> frozenset[str]:
    found = {word}
    for forms in getAllLemmas(word).values():
        found.update(f.lower() for f in forms)
    return frozenset(found)


@lru_cache(maxsize=1024)
def _tokens(low: str) -> tuple[tuple[_Token, ...], frozenset[str]]:
    """The text's tokens, and every form and lemma among them (a rule that shares none is skipped)."""
    out, seen = [], set()
    for m in _TOKEN.finditer(low):
        text = m.group().rstrip("'.,")
        text = text[:-2] if text.endswith("'s") else text
        if text:
            tok = _Token(text, m.start(), _lemmas(text), any(c.isdigit() for c in text))
            out.append(tok)
            seen.update(tok.lemmas)
    return tuple(out), frozenset(seen)


def _is(item: str, tok: _Token) -> bool:
    if item == "*":
        return True
    if item == "#":
        return tok.number
    return item == tok.text or item in tok.lemmas


def _lengths(rule: Rule, toks: tuple[_Token, ...], i: int):
    """The lengths of the rule's words and phrases that match at token i."""
    tok = toks[i]
    if tok.text in rule.words or tok.lemmas & rule.lemmas:
        yield 1
    firsts = tok.lemmas & rule.by_first.keys()
    phrases = [p for first in firsts for p in rule.by_first[first]] if firsts else []
    for phrase in (*phrases, *rule.wild):
        if i + len(phrase) <= len(toks) and all(_is(p, toks[i + k]) for k, p in enumerate(phrase)):
            yield len(phrase)


def _any(lemmas: frozenset[str], toks) -> bool:
    return any(t.lemmas & lemmas or t.text in lemmas for t in toks)


def _fits(rule: Rule, toks: tuple[_Token, ...], i: int, j: int) -> bool:
    before, after = toks[max(0, i - rule.within):i], toks[j:j + rule.within]
    if rule.not_after and i > 0 and _any(rule.not_after, [toks[i - 1]]):
        return False
    if rule.near and not _any(rule.near, before + after):
        return False
    if rule.before and not _any(rule.before, before):
        return False
    return not (rule.after and not _any(rule.after, after))


@dataclass(frozen=True)
class _Act:
    """The subject's act as the rules see it: its lemma's words, and where its verb sits in the text."""

    words: frozenset[str] = frozenset()
    span: tuple[int, int] = (0, 0)


def _act(event: Event | None, low: str) -> _Act:
    if event is None or event.act is None:
        return _Act()
    verb = _normal(event.act.text)
    at = low.find(verb)
    return _Act(frozenset(event.act.lemma.lower().split()),
                (at, at + len(verb)) if at >= 0 and verb else (0, 0))


def _at(rule: Rule, low: str, toks: tuple[_Token, ...], act: _Act) -> int | None:
    """Where in `low` the rule first matches, else None."""
    # An `unless_act` act is the subject's win over someone: the loss it names is the other
    # side's ("Rangers end losing streak"), unless the act itself is the loss ("Celtic beaten").
    excused = bool(rule.unless_act & act.words)

    def counts(at: int) -> bool:
        return not excused or act.span[0] <= at < act.span[1]

    starts = [m.start() for p in rule.patterns for m in [p.search(low)] if m and counts(m.start())]
    for i in range(len(toks)):
        if not (rule.wild or toks[i].lemmas & rule.starts):
            continue
        if counts(toks[i].start) and any(_fits(rule, toks, i, i + n) for n in _lengths(rule, toks, i)):
            starts.append(toks[i].start)
            break
    return min(starts) if starts else None


def _find(rules: tuple[Rule, ...], low: str, act: _Act = _Act()) -> tuple[Rule, int] | None:
    toks, seen = _tokens(low)
    for rule in rules:
        if not (rule.patterns or rule.wild or rule.starts & seen):
            continue
        at = _at(rule, low, toks, act)
        if at is not None:
            return rule, at
    return None


def _normal(text: str) -> str:
    return text.lower().replace("’", "'").replace("‘", "'")


# ---------------------------------------------------------------------------------------------
# the feed's summary: weaker evidence, so only its gravest categories, and only about the subject


_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _names(entity: Entity) -> frozenset[str]:
    english = _language_data().english
    words = set()
    for name in (entity.name, entity.surname or "", *entity.aliases):
        words.update(w for w in re.findall(r"[^\W\d_][\w'-]*", _normal(name))
                     if len(w) > 2 and w not in english)
    return frozenset(words)


def _summary_finds(summary: str | None, event: Event | None) -> str | None:
    """What harm the feed's summary reports of the event's subject, else None."""
    if not summary or event is None or event.subject is None:
        return None
    names = _names(event.subject)
    rules = tuple(r for r in load_taste().harm if r.summary)
    for sentence in _SENTENCE.split(summary):
        low = _normal(sentence)
        if names & set(re.findall(r"[^\W\d_][\w'-]*", low)):
            found = _find(rules, low)
            if found:
                return found[0].what
    return None


# ---------------------------------------------------------------------------------------------
# language


@dataclass(frozen=True)
class _Languages:
    english: frozenset[str]
    others: tuple[tuple[str, frozenset[str]], ...]
    particles: frozenset[str]
    min_words: int


@lru_cache(maxsize=4)
def _language_data(path: str | Path | None = None) -> _Languages:
    path = Path(path) if path else LANGUAGES_PATH
    data = _read(path)
    min_words = data.pop("min_words", 2)
    if isinstance(min_words, bool) or not isinstance(min_words, int) or min_words < 1:
        raise TasteDataError(f"{path.name}, min_words: must be a whole number, 1 or more")
    particles = frozenset(_strings(data.pop("name_particles", []), f"{path.name}, name_particles"))
    languages = {}
    for name, table in data.items():
        if not isinstance(table, dict) or set(table) != {"words"}:
            raise TasteDataError(f"{path.name}, {name}: must be a table with one key, words")
        languages[name] = frozenset(_strings(table["words"], f"{path.name}, {name}.words"))
    if "english" not in languages or len(languages) < 2:
        raise TasteDataError(f"{path.name}: needs [english] and at least one other language")
    english = languages.pop("english")
    return _Languages(english, tuple(languages.items()), particles, min_words)


_EDGE = "\"'“”‘’«»¿¡:;,.!?()[]|-–—"


def language_of(title: str) -> str:
    """The language a headline reads as: "english", or the other language whose function words it uses."""
    data = _language_data()
    words = [w.strip(_EDGE) for w in title.split()]
    words = [w for w in words if any(c.isalpha() for c in w)]
    shouting = title.upper() == title
    lower = [shouting or w == w.lower() for w in words]
    english = sum(w.lower() in data.english for w in words)
    counted = []
    for i, w in enumerate(words):
        if i and not lower[i]:
            continue  # names are capitalised: "Los Angeles", "São Paulo", "La Liga"
        if i and w.lower() in data.particles and _between_names(words, lower, i, data.particles):
            continue  # "Ursula von der Leyen", "Lula da Silva"
        counted.append(w.lower())
    best, score = "english", 0
    for name, vocabulary in data.others:
        n = sum(w in vocabulary for w in counted)
        if n > score:
            best, score = name, n
    return best if score >= data.min_words and score > english else "english"


def _between_names(words: list[str], lower: list[bool], i: int, particles: frozenset[str]) -> bool:
    lo = hi = i
    while lo > 0 and lower[lo - 1] and words[lo - 1].lower() in particles:
        lo -= 1
    while hi + 1 < len(words) and lower[hi + 1] and words[hi + 1].lower() in particles:
        hi += 1
    return lo > 0 and not lower[lo - 1] and hi + 1 < len(words) and not lower[hi + 1]


# ---------------------------------------------------------------------------------------------
# screening and judging


def _text(event_or_parts: Event | Source | str) -> tuple[str, str]:
    if isinstance(event_or_parts, Event):
        src = event_or_parts.source
        return src.claim or src.title, src.title
    if isinstance(event_or_parts, Source):
        return event_or_parts.claim or event_or_parts.title, event_or_parts.title
    return str(event_or_parts), str(event_or_parts)


# Words that set an act against a tragedy: "signs gun bill after school shooting".
_IN_THE_SHADOW = re.compile(
    r"\b(?:after|amid|following|in the wake of|in response to|in memory of|to honou?r|"
    r"tributes? to|honou?rs?|since|over)\b"
)


def _in_the_shadow(event: Event, low: str, at: int) -> bool:
    """Whether the harm is only the backdrop of a named actor's act, in a clause after the verb."""
    act = event.act
    if act is None or event.subject is None:
        return False
    verb = low.find(_normal(act.text))
    marker = _IN_THE_SHADOW.search(low, verb + len(act.text) if verb >= 0 else len(low), at)
    return verb >= 0 and marker is not None


# Longer than any headline an outlet writes: a body or a scrape gone wrong, never parsed.
MAX_TITLE_CHARS = 500


def _non_latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    # Latin, Latin-1, Latin Extended A/B and Extended Additional; everything else is another script.
    other = sum(not (ord(c) <= 0x24F or 0x1E00 <= ord(c) <= 0x1EFF) for c in letters)
    return other / len(letters)


def screen_title(title: object) -> Verdict | None:
    """A verdict for a title that cannot be read as an English headline at all, else None."""
    if not isinstance(title, str) or not title.strip():
        return Verdict("decline", "Declined: the title is empty.")
    if len(title) > MAX_TITLE_CHARS:
        return Verdict("decline", f"Declined: the title is {len(title):,} characters long, "
                                  f"too long to be a headline (at most {MAX_TITLE_CHARS}).")
    if _non_latin_share(title) > 0.3:
        return Verdict("hold", "Held for review: the headline is not in English "
                               "(it is written in another script).")
    return None


def judge(event_or_parts: Event | Source | str, *, summary: str | None = None) -> Verdict:
    """Cover, decline or hold an event (or a Source, or a bare title), with the reason.

    `summary` is the feed's summary of the item: its deaths, disasters and accidents decline the
    event too, where the sentence that reports them names the event's subject.
    """
    claim, title = _text(event_or_parts)
    event = event_or_parts if isinstance(event_or_parts, Event) else None
    language = language_of(claim)
    if language != "english":
        return Verdict("decline", f"Declined: the title is not in English (it reads as "
                                  f"{language.title()}); there is no writer for it yet.")
    taste = load_taste()
    low, whole = _normal(claim), _normal(title)
    # "German elections: How Angela Merkel changed her country": a label, then an explainer.
    after_label = re.sub(r"^[^:]{1,40}:\s+", "", low, count=1)
    titled = tuple(r for r in taste.not_events if r.whole_title)
    found = (_find(taste.not_events, low) or _find(titled, whole)
             or (after_label != low and _find(taste.not_events, after_label)))
    if found:
        return Verdict("decline", f"Declined: the headline is {found[0].what}, not an event.")
    if "?" in claim:
        return Verdict("decline", "Declined: the headline is a question, not an event.")
    rest = _normal(event.act.rest) if event is not None and event.act is not None else ""
    text = low if rest in low else f"{low} {rest}"
    act = _act(event, text)
    found = _find(taste.harm, text, act)
    if found:
        rule, at = found
        if event is not None and _in_the_shadow(event, text, at):
            return Verdict("hold", f"Held for review: the act is taken in the shadow of {rule.what}.")
        if rule.as_act and act.span != (0, 0) and not act.span[0] <= at < act.span[1]:
            # A ban the subject only asks about ("press Hegseth on the order to ban ...").
            return Verdict("hold", f"Held for review: the event involves {rule.what}.")
        return Verdict("decline", f"Declined: the event reports {rule.what}.")
    what = _summary_finds(summary, event)
    if what:
        return Verdict("decline", f"Declined: the feed's summary reports {what}.")
    found = _find(taste.hold, text, act)
    if found:
        return Verdict("hold", f"Held for review: the event involves {found[0].what}.")
    if event is not None and event.act is None:
        return Verdict("hold", "Held for review: the headline names no act to credit.")
    if event is not None and event.subject is None:
        return Verdict("decline", "Declined: the headline names no actor to credit with the act.")
    return Verdict("cover")


def old_news(published: datetime | None, seen: datetime | None, max_age_days: int) -> Verdict | None:
    """A decline for an item dated more than `max_age_days` before it was first seen; 0 never declines."""
    if not max_age_days or published is None or seen is None:
        return None
    published = published if published.tzinfo else published.replace(tzinfo=UTC)
    seen = seen if seen.tzinfo else seen.replace(tzinfo=UTC)
    age = seen - published
    if age.total_seconds() <= max_age_days * 86_400:
        return None
    day, days = published.astimezone(UTC).date(), age.days
    return Verdict("decline", f"Declined: old news — published {day:%B} {day.day}, {day.year}, "
                              f"{days:,} day{'s' if days != 1 else ''} before the newsroom first saw it.")
