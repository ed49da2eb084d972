"""The section an event belongs in, weighed from its subject, its vocabulary, its act and its outlet."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import lexicon
from ..events import Act, Entity
from ..headline import known_outlet, outlet_sections
from ..lexicon import DataError, read_toml

SECTIONS: tuple[str, ...] = ("Politics", "U.S.", "World", "Business", "Technology", "Culture", "Sports")

SECTIONS_PATH = Path(__file__).resolve().parent.parent.parent / "data" / "sections.toml"


@dataclass(frozen=True)
class Vocabulary:
    """The words that point at one section, and how much each counts."""

    section: str
    words: tuple[str, ...]
    weight: float = 1.0
    strong: tuple[str, ...] = ()
    strong_weight: float = 0.0
    domestic: tuple[str, ...] = ()  # words that keep a story of this section at home (Politics: U.S.)


_FIELDS = {"words": list, "weight": (int, float), "strong": list, "strong_weight": (int, float),
           "domestic": list}


def parse_vocabulary(data: dict[str, Any], name: str = "sections.toml") -> dict[str, Vocabulary]:
    """Each section's vocabulary from sections.toml's data, checked; a problem raises DataError naming it."""

    def fail(message: str):
        raise DataError(f"{name}: {message}")

    found = {}
    for sec, spec in data.items():
        if sec not in SECTIONS:
            fail(f"[{sec}] is not a section (sections: {', '.join(SECTIONS)})")
        if not isinstance(spec, dict):
            fail(f"[{sec}] must be a table")
        for key, value in spec.items():
            if key not in _FIELDS:
                fail(f"[{sec}]: unknown key {key!r}")
            if not isinstance(value, _FIELDS[key]) or isinstance(value, bool):
                fail(f"[{sec}]: {key} has the wrong type: {value!r}")
        for key in ("words", "strong", "domestic"):
            words = spec.get(key, [])
            bad = [w for w in words if not isinstance(w, str) or not w.strip() or w != w.lower()]
            if bad:
                fail(f"[{sec}]: {key} must be lower-case words, not {bad[0]!r}")
            twice = sorted({w for w in words if words.count(w) > 1})
            if twice:
                fail(f"[{sec}]: {key} lists {twice[0]!r} twice")
        if not spec.get("words"):
            fail(f"[{sec}] has no words")
        if spec.get("strong") and "strong_weight" not in spec:
            fail(f"[{sec}]: strong words need a strong_weight")
        found[sec] = Vocabulary(sec, tuple(spec["words"]), float(spec.get("weight", 1.0)),
                                tuple(spec.get("strong", ())), float(spec.get("strong_weight", 0.0)),
                                tuple(spec.get("domestic", ())))
    return found


@lru_cache(maxsize=4)
def load_vocabulary(path: Path | str | None = None) -> dict[str, Vocabulary]:
    """The section vocabulary in `path` (default: the shipped sections.toml), read and checked once."""
    path = Path(path) if path is not None else SECTIONS_PATH
    return parse_vocabulary(read_toml(path), path.name)


def _alternation(words: tuple[str, ...]) -> str:
    """A regex alternation of words, longest first, so that "white house" wins over "house"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_VOCABULARY = load_vocabulary()
SECTION_WORDS: dict[str, tuple[str, ...]] = {sec: v.words for sec, v in _VOCABULARY.items()}
# A word counts at the head of a hyphenated compound too: "AI-focused" is about AI.
_SECTION_PATTERNS = {
    sec: re.compile(r"(?<![\w-])(?:" + _alternation(v.words) + r")(?!\w)")
    for sec, v in _VOCABULARY.items()
}
_DOMESTIC = {
    sec: re.compile(r"(?<![\w-])(?:" + _alternation(v.domestic) + r")(?!\w)")
    for sec, v in _VOCABULARY.items() if v.domestic
}
_SECTION_WEIGHT = {sec: v.weight for sec, v in _VOCABULARY.items() if v.weight != 1.0}
# Strong words are matched at word boundaries, so "stock-market" counts as "stock".
_STRONG = {
    sec: (re.compile(r"\b(" + _alternation(v.strong) + r")\b"), v.strong_weight)
    for sec, v in _VOCABULARY.items() if v.strong
}
_MONEY = re.compile(
    r"[$€£¥]\s?\d[\d,.]*\s*(?:billion|trillion|million|bn|m|b|tn)?|\b\d[\d,.]*\s*(?:billion|trillion)\b", re.I
)
# The section an act's kind points at (the act lexicon's [kinds] section and weight).
_KIND_SECTIONS = {k.name: (k.section, k.weight) for k in lexicon.load().kinds.values() if k.section}


def section_for(claim: str, subject: Entity | None, participants: tuple[Entity, ...],
                act: Act | None, publisher: str | None, reporter: str | None,
                sections: tuple[str, ...] = SECTIONS, summary: str | None = None) -> str:
    """The section an event belongs in: the subject's, the claim's vocabulary and the outlet's, weighed."""
    score = dict.fromkeys(sections, 0.0)

    def add(sec: str | None, w: float) -> None:
        if sec in score:
            score[sec] += w

    if subject is not None:
        add(subject.section, 2.5 if subject.known else 0.0)
    for p in participants:
        add(p.section, 0.5 if p.known else 0.0)
    low = claim.lower().replace("’", "'")
    for sec, pattern in _SECTION_PATTERNS.items():
        add(sec, len(set(pattern.findall(low))) * _SECTION_WEIGHT.get(sec, 1.0))
    for sec, (pattern, weight) in _STRONG.items():
        add(sec, weight * len(set(pattern.findall(low))))
    if summary:
        # A feed's summary is a weak hint: it often carries boilerplate and related links.
        more = summary.lower()[:600]
        for sec, pattern in _SECTION_PATTERNS.items():
            add(sec, 0.25 * len(set(pattern.findall(more))) * _SECTION_WEIGHT.get(sec, 1.0))
    if _MONEY.search(claim):
        # Money moves a company's story into Business; a politician's budget stays where it is.
        corporate = subject is None or subject.kind == "organisation"
        add("Business", 2.0 if corporate else 0.5)
    if act is not None and act.kind in _KIND_SECTIONS:
        add(*_KIND_SECTIONS[act.kind])
    table = outlet_sections()
    for name, w in ((publisher, 1.0), (reporter if reporter != publisher else None, 0.75)):
        if name:
            add(table.get(known_outlet(name) or name), w)
    best = max(score.values())
    if best <= 0:
        # Nothing in the words: a company's story is business, anything else home news.
        if subject is not None and subject.kind == "organisation" and "Business" in score:
            return "Business"
        return "U.S." if "U.S." in sections else sections[0]
    order = list(sections)
    if subject is not None and subject.section in score:
        order.remove(subject.section)
        order.insert(0, subject.section)
    found = next(s for s in order if score[s] == best)
    home = _DOMESTIC.get(found)
    if home is not None and score.get("World", 0) > 0 and not home.search(low) and not (
            subject is not None and subject.known and subject.section == found):
        return "World"  # "Finland's prime minister concedes election": another country's politics
    return found

