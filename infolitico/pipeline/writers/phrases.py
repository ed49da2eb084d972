"""The template writer's phrasebook, read from infolitico/data/voice/ and checked when loaded.

families.toml says how the house talks about each family of act (its noun, the talk it replaces,
why it counts); moves.toml holds the frames of each move of an article. Every frame declares what
it presupposes, and `Condition.holds` decides whether it is true of a plan.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from infolitico.pipeline import lexicon

VOICE_PATH = Path(__file__).resolve().parent.parent.parent / "data" / "voice"

MODES = ("done", "plan", "negative", "passive", "progressive")
SUBJECTS = ("person", "organisation", "institution", "team", "group", "place")
FEATURES = (
    "object",
    "participant",
    "people",
    "purpose",
    "aside",
    "setting",
    "time",
    "figure",
    "one_figure",
    "counted",
    "named",
    "reason",
    "whole",
    "made",
    "descriptor",
    "attribution",
    "plural",
    "singular",
    "known",
    "pronoun",
    "reaction",
    "gerund",
    "win",
    "outcome",
    "summary",
    "partners",
    "preface",
    "interim",
    "renamed",
    "shared",
    "numbered",
)
_CONDITION_KEYS = ("modes", "subjects", "sections", "kinds", "senses", "objects", "needs", "lacks")
SLOT = re.compile(r"\{(\w+)\}")
CHOICE = re.compile(r"\[([^\[\]]*\|[^\[\]]*)\]")


class VoiceDataError(ValueError):
    """A phrasebook file that does not say what the writer needs; the message is one line."""


@dataclass(frozen=True)
class Condition:
    """What a frame presupposes of the event; empty fields presuppose nothing."""

    modes: frozenset[str] = frozenset(MODES)
    subjects: frozenset[str] = frozenset()
    sections: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    senses: frozenset[str] = frozenset()
    objects: frozenset[str] = frozenset()
    needs: frozenset[str] = frozenset()
    lacks: frozenset[str] = frozenset()

    def holds(self, mode: str, subject: str, section: str, kind: str, senses, objects, features) -> bool:
        """Whether everything the frame presupposes is true of an event with these properties."""
        return (
            mode in self.modes
            and (not self.subjects or subject in self.subjects)
            and (not self.sections or section in self.sections)
            and (not self.kinds or kind in self.kinds)
            and (not self.senses or not self.senses.isdisjoint(senses))
            and (not self.objects or not self.objects.isdisjoint(objects))
            and self.needs <= features
            and self.lacks.isdisjoint(features)
        )


@dataclass(frozen=True)
class Frame:
    """One wording of a move: its text, the slots it fills and what it presupposes."""

    text: str
    when: Condition
    slots: frozenset[str]


@dataclass(frozen=True)
class Family:
    """How the house talks about one family of act."""

    name: str
    noun: str
    aliases: tuple[str, ...]
    when: Condition
    talk: tuple[Frame, ...]
    arena: tuple[Frame, ...]
    gain: tuple[Frame, ...]
    why: tuple[Frame, ...]


@dataclass(frozen=True)
class Voice:
    """The whole phrasebook, checked."""

    families: dict[str, Family]
    moves: dict[str, tuple[Frame, ...]]


def _fail(name: str, message: str):
    raise VoiceDataError(f"{name}: {message}")


def _frame(raw: Any, where: str, name: str, default_modes: tuple[str, ...], known_slots: set[str]) -> Frame:
    if isinstance(raw, str):
        raw = {"text": raw}
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str) or not raw["text"].strip():
        _fail(name, f"{where}: a frame is a string or a table with a text")
    for key in raw:
        if key != "text" and key not in _CONDITION_KEYS:
            _fail(name, f"{where}: unknown key {key!r}")
    text = raw["text"]
    if text.count("[") != text.count("]") or text.count("{") != text.count("}"):
        _fail(name, f"{where}: unbalanced brackets in {text!r}")
    slots = set(SLOT.findall(text))
    unknown = slots - known_slots
    if unknown:
        _fail(name, f"{where}: unknown slot {{{sorted(unknown)[0]}}} in {text!r}")
    fields: dict[str, frozenset[str]] = {}
    for key in _CONDITION_KEYS:
        value = raw.get(key)
        if value is None:
            continue
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            _fail(name, f"{where}: {key} must be a list of words, not {value!r}")
        fields[key] = frozenset(value)
    modes = fields.pop("modes", frozenset(default_modes))
    if "all" in modes:
        modes = frozenset(MODES)
    bad = {
        "modes": modes - set(MODES),
        "subjects": fields.get("subjects", frozenset()) - set(SUBJECTS),
        "needs": fields.get("needs", frozenset()) - set(FEATURES),
        "lacks": fields.get("lacks", frozenset()) - set(FEATURES),
        "kinds": fields.get("kinds", frozenset()) - set(lexicon.kinds()),
        "objects": fields.get("objects", frozenset()) - set(lexicon.load().objects),
    }
    for key, wrong in bad.items():
        if wrong:
            _fail(name, f"{where}: unknown {key} {sorted(wrong)[0]!r}")
    return Frame(text=text, when=Condition(modes=modes, **fields), slots=frozenset(slots))


# The slots a frame may name; template.py fills them (see the head of moves.toml).
SLOTS = {
    "full",
    "short_poss",
    "short",
    "Short",
    "desc",
    "they",
    "them",
    "their",
    "They",
    "is",
    "was",
    "has",
    "does",
    "s",
    "reporter",
    "Reporter",
    "reporter_poss",
    "attribution",
    "did",
    "did_core",
    "did_core_past",
    "kact",
    "act",
    "Act",
    "alias",
    "gerund",
    "Gerund",
    "obj",
    "thing",
    "Thing",
    "a_thing",
    "thing_head",
    "a_thing_head",
    "participle",
    "purpose",
    "aside",
    "setting",
    "time",
    "figure",
    "talk",
    "Talk",
    "talk_s",
    "talk_does",
    "Less",
    "arena",
    "gain",
    "P",
    "P_poss",
    "pdesc",
    "pclause",
    "pkind",
    "absurd",
    "it_or_one",
    "domain",
    "a_kind_that",
    "thing_hyphen",
}
HEADLINE_SLOTS = {
    "Short",
    "Verb",
    "Rest",
    "Talk",
    "Noun",
    "s",
    "Does",
    "Goes",
    "Gerund",
    "Actual",
    "Tail",
    "A_Participle",
    "Obj_title",
}
MOVES = (
    "lede_tail",
    "lede_fact",
    "win_open",
    "win_more",
    "win_close",
    "scope_open",
    "scope_lacks",
    "scope_close",
    "part_first",
    "part_more",
    "part_place",
    "part_thing",
    "part_desc",
    "part_clause",
    "part_silent",
    "part_thing_more",
    "part_adds",
    "act_object",
    "act_purpose",
    "act_setting",
    "act_figure",
    "act_stakes",
    "absurd_shell",
    "absurd",
    "kicker_open",
    "kicker_more",
    "kicker_last",
    "dek",
    "headline",
    "reading",
    "reading_more",
)


def parse(families: dict[str, Any], moves: dict[str, Any]) -> Voice:
    """A Voice from the two files' data, checked; a problem raises VoiceDataError naming the place."""
    fams: dict[str, Family] = {}
    for fname, spec in families.items():
        where = f"[{fname}]"
        if not isinstance(spec, dict):
            _fail("families.toml", f"{where} must be a table")
        extra = set(spec) - {"noun", "aliases", "talk", "arena", "gain", "why", "when"}
        if extra:
            _fail("families.toml", f"{where}: unknown key {sorted(extra)[0]!r}")
        if not isinstance(spec.get("noun"), str) or not spec["noun"]:
            _fail("families.toml", f"{where} has no noun")
        lists = {}
        for key in ("talk", "arena", "gain", "why"):
            raw = spec.get(key)
            if not isinstance(raw, list) or not raw:
                _fail("families.toml", f"{where} has no {key}")
            default = ("done",) if key == "why" else MODES
            lists[key] = tuple(
                _frame(r, f"{where}.{key}[{i}]", "families.toml", default, SLOTS) for i, r in enumerate(raw)
            )
            if key != "why" and not any(
                not f.when.subjects
                and not f.when.sections
                and not f.when.kinds
                and not f.when.objects
                and not f.when.needs
                for f in lists[key]
            ):
                _fail("families.toml", f"{where}.{key} needs one entry that presupposes nothing")
        aliases = spec.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
            _fail("families.toml", f"{where}: aliases must be a list of nouns")
        when = spec.get("when", {})
        if not isinstance(when, dict):
            _fail("families.toml", f"{where}: when must be a table")
        presupposed = _frame(
            {"text": fname, "modes": ["all"], **when}, f"{where}.when", "families.toml", MODES, SLOTS
        )
        fams[fname] = Family(
            fname,
            spec["noun"],
            tuple(aliases),
            presupposed.when,
            lists["talk"],
            lists["arena"],
            lists["gain"],
            lists["why"],
        )
    missing = {k.family for k in lexicon.load().kinds.values()} | {
        s.family for s in lexicon.load().senses if s.family
    }
    missing -= set(fams)
    if missing:
        _fail("families.toml", f"no family {sorted(missing)[0]!r}, which acts.toml names")
    out: dict[str, tuple[Frame, ...]] = {}
    for move in MOVES:
        raw = moves.get(move)
        if not isinstance(raw, list) or not raw:
            _fail("moves.toml", f"{move} must list its frames")
        slots = HEADLINE_SLOTS if move == "headline" else SLOTS
        out[move] = tuple(
            _frame(r, f"{move}[{i}]", "moves.toml", ("done",), slots) for i, r in enumerate(raw)
        )
    extra = set(moves) - set(MOVES)
    if extra:
        _fail("moves.toml", f"unknown move {sorted(extra)[0]!r}")
    return Voice(fams, out)


@lru_cache(maxsize=4)
def load(folder: Path | str | None = None) -> Voice:
    """The phrasebook in `folder` (default: the shipped infolitico/data/voice), read and checked once."""
    folder = Path(folder) if folder is not None else VOICE_PATH
    data = []
    for name in ("families.toml", "moves.toml"):
        try:
            data.append(tomllib.loads((folder / name).read_text(encoding="utf-8")))
        except tomllib.TOMLDecodeError as e:
            raise VoiceDataError(f"{name}: not valid TOML ({e})") from None
    return parse(*data)


def texts(voice: Voice) -> list[str]:
    """Every string the phrasebook can say, for the tests that read it (spelling, grammar)."""
    out = []
    for fam in voice.families.values():
        out += [fam.noun, *fam.aliases]
        out += [f.text for key in ("talk", "arena", "gain", "why") for f in getattr(fam, key)]
    out += [f.text for frames in voice.moves.values() for f in frames]
    return out


# The names the act lexicon's readers use (tests/pipeline/test_lexicon.py): which family talks about
# each kind and verb, the kinds precise enough to beat a broad verb, and the broad verbs.
_LEXICON = lexicon.load()
FAMILIES: dict[str, Family] = load().families
KIND_FAMILY: dict[str, str] = {k.name: k.family for k in _LEXICON.kinds.values()}
SPECIFIC_KINDS = {k.name for k in _LEXICON.kinds.values() if k.specific}
VERB_FAMILY: dict[str, str] = {s.lemma: s.family for s in _LEXICON.main.values() if s.family}
BROAD_VERBS = {s.lemma for s in _LEXICON.main.values() if s.broad}
