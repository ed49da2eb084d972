"""The act lexicon: what every stage knows about verbs, read once from infolitico/data/acts.toml, checked."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

ACTS_PATH = Path(__file__).resolve().parent.parent / "data" / "acts.toml"


class DataError(ValueError):
    """A data file under infolitico/data/ that does not say what its readers need; the message is one line."""


@dataclass(frozen=True)
class Sense:
    """One row of the lexicon: a lemma in one sense."""

    lemma: str
    kind: str
    noun: str | None = None
    win: bool = True
    objects: tuple[str, ...] = ()
    senses: tuple[str, ...] = ()
    family: str | None = None
    broad: bool = False


@dataclass(frozen=True)
class Kind:
    """A kind of act and what each stage makes of it."""

    name: str
    family: str
    motif: str
    groups: tuple[str, ...] = ()
    specific: bool = False
    section: str | None = None
    weight: float = 0.0
    objects: tuple[tuple[str, str], ...] = ()  # (object class, the kind it makes), tried in order
    passive: str | None = None
    passive_noun: str | None = None
    win: bool = True
    generic: bool = False


@dataclass(frozen=True)
class ObjectClass:
    """What an act's object must be for a sense to apply."""

    name: str
    pattern: re.Pattern[str] | None = None
    unless: re.Pattern[str] | None = None
    capitalised: bool = False

    def matches(self, obj: str) -> bool:
        """Whether an act's object (the claim after its verb, as written) is of this class."""
        low = obj.lower()
        if self.capitalised and not obj[:1].isupper():
            return False
        if self.pattern is not None and not self.pattern.search(low):
            return False
        return not (self.unless is not None and self.unless.search(low))


@dataclass(frozen=True)
class Lexicon:
    """The whole lexicon, checked; the module functions below read the shipped one."""

    senses: tuple[Sense, ...]
    kinds: dict[str, Kind]
    objects: dict[str, ObjectClass]
    catenative: frozenset[str]
    refusals: frozenset[str]
    passive_prone: frozenset[str]
    light_verbs: frozenset[str]
    noun_kinds: dict[str, str]
    makers: frozenset[str]
    motif_words: dict[str, str]
    main: dict[str, Sense] = field(init=False, repr=False)  # lemma -> its sense without objects
    by_object: dict[str, tuple[Sense, ...]] = field(init=False, repr=False)  # lemma -> object senses

    def __post_init__(self) -> None:
        main: dict[str, Sense] = {}
        by_object: dict[str, list[Sense]] = {}
        for s in self.senses:
            if s.objects:
                by_object.setdefault(s.lemma, []).append(s)
            else:
                main[s.lemma] = s
        object.__setattr__(self, "main", main)
        object.__setattr__(self, "by_object", {k: tuple(v) for k, v in by_object.items()})

    def object_sense(self, lemma: str, obj: str) -> Sense | None:
        """The lemma's first object sense whose classes its object matches, if any."""
        for s in self.by_object.get(lemma, ()):
            if any(self.objects[c].matches(obj) for c in s.objects):
                return s
        return None

    def object_kind(self, lemma: str, obj: str) -> str | None:
        """The kind of the lemma's object sense for this object, if any."""
        s = self.object_sense(lemma, obj)
        return s.kind if s else None


_TOP = {"catenative", "refusals", "passive_prone", "light_verbs", "act", "kinds", "objects", "noun_kinds",
        "motif_words", "makers"}
_ROW = {"lemma": str, "kind": str, "noun": str, "win": bool, "objects": list, "senses": list, "family": str,
        "broad": bool}
_OBJECT_ROW = {"lemma", "kind", "objects", "win", "family"}
_KIND = {"family": str, "motif": str, "groups": list, "specific": bool, "section": str,
         "weight": (int, float), "objects": dict, "passive": str, "passive_noun": str, "win": bool,
         "generic": bool}
_CLASS = {"pattern": str, "unless": str, "capitalised": bool}
_LEMMA = re.compile(r"[a-z][a-z'-]*(?: [a-z][a-z'-]*)*")


def _typed(where: str, data: dict, schema: dict, fail) -> None:
    for key, value in data.items():
        if key not in schema:
            fail(f"{where}: unknown key {key!r}")
        want = schema[key]
        # TOML's true is a Python int too: a weight of true is a mistake, not 1.
        if not isinstance(value, want) or isinstance(value, bool) and want is not bool:
            name = want.__name__ if isinstance(want, type) else " or ".join(t.__name__ for t in want)
            fail(f"{where}: {key} must be a {name}, not {value!r}")
        if isinstance(value, list) and not all(isinstance(x, str) and x for x in value):
            fail(f"{where}: {key} must be a list of words, not {value!r}")


def _words(data: dict, key: str, fail) -> frozenset[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(x, str) and _LEMMA.fullmatch(x) for x in value):
        fail(f"{key} must be a list of lower-case words, not {value!r}")
    return frozenset(value)


def parse(data: dict[str, Any], name: str = "acts.toml") -> Lexicon:
    """A Lexicon from acts.toml's data, checked; a problem raises DataError naming the row."""

    def fail(message: str):
        raise DataError(f"{name}: {message}")

    for key in data:
        if key not in _TOP:
            fail(f"unknown top-level key {key!r}")
    objects: dict[str, ObjectClass] = {}
    for cls, spec in data.get("objects", {}).items():
        where = f"[objects.{cls}]"
        if not isinstance(spec, dict):
            fail(f"{where} must be a table")
        _typed(where, spec, _CLASS, fail)
        if not spec:
            fail(f"{where} says nothing an object must be")
        compiled = {}
        for key in ("pattern", "unless"):
            if key in spec:
                try:
                    compiled[key] = re.compile(spec[key])
                except re.error as e:
                    fail(f"{where}: {key} is not a regular expression ({e})")
        objects[cls] = ObjectClass(cls, compiled.get("pattern"), compiled.get("unless"),
                                   spec.get("capitalised", False))
    raw_kinds = data.get("kinds", {})
    if not isinstance(raw_kinds, dict) or not raw_kinds:
        fail("[kinds] must list the kinds of act")
    for kind, spec in raw_kinds.items():
        if not isinstance(spec, dict):
            fail(f"[kinds.{kind}] must be a table")
    kinds: dict[str, Kind] = {}
    for kind, spec in raw_kinds.items():
        where = f"[kinds.{kind}]"
        _typed(where, spec, _KIND, fail)
        for key in ("family", "motif"):
            if not spec.get(key):
                fail(f"{where} has no {key}")
        if "weight" in spec and "section" not in spec:
            fail(f"{where}: a weight needs a section")
        for cls, becomes in spec.get("objects", {}).items():
            if cls not in objects:
                fail(f"{where}: unknown object class {cls!r}")
            if becomes not in raw_kinds:
                fail(f"{where}: objects.{cls} names unknown kind {becomes!r}")
        if spec.get("passive") is not None and spec["passive"] not in raw_kinds:
            fail(f"{where}: passive names unknown kind {spec['passive']!r}")
        kinds[kind] = Kind(
            name=kind, family=spec["family"], motif=spec["motif"], groups=tuple(spec.get("groups", ())),
            specific=spec.get("specific", False), section=spec.get("section"),
            weight=float(spec.get("weight", 1.0 if "section" in spec else 0.0)),
            objects=tuple(spec.get("objects", {}).items()), passive=spec.get("passive"),
            passive_noun=spec.get("passive_noun"), win=spec.get("win", True),
            generic=spec.get("generic", False),
        )
    rows = data.get("act", [])
    if not isinstance(rows, list) or not rows:
        fail("act must be a list of rows")
    senses: list[Sense] = []
    seen: dict[tuple[str, frozenset[str]], int] = {}
    for number, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            fail(f"act row {number} must be a table")
        where = f"act row {number} ({row.get('lemma', '?')})"
        _typed(where, row, _ROW, fail)
        lemma, kind = row.get("lemma"), row.get("kind")
        if not lemma or not _LEMMA.fullmatch(lemma):
            fail(f"{where}: lemma must be lower-case words, not {lemma!r}")
        if kind not in kinds:
            fail(f"{where}: unknown kind {kind!r}")
        objs = tuple(row.get("objects", ()))
        for cls in objs:
            if cls not in objects:
                fail(f"{where}: unknown object class {cls!r}")
        if objs and set(row) - _OBJECT_ROW:
            extra = ", ".join(sorted(set(row) - _OBJECT_ROW))
            fail(f"{where}: a sense with objects carries only lemma, kind, objects and win, not {extra}")
        key = (lemma, frozenset(objs))
        if key in seen:
            fail(f"{where}: {lemma!r} is already in row {seen[key]} with the same objects")
        seen[key] = number
        senses.append(Sense(
            lemma=lemma, kind=kind, noun=row.get("noun"), win=row.get("win", kinds[kind].win), objects=objs,
            senses=tuple(row.get("senses", ())), family=row.get("family"), broad=row.get("broad", False),
        ))
    known = {s.lemma for s in senses if not s.objects}
    catenative = _words(data, "catenative", fail)
    refusals = _words(data, "refusals", fail)
    if refusals - catenative:
        fail(f"refusals must be catenative verbs: {', '.join(sorted(refusals - catenative))}")
    if refusals - known:
        fail(f"refusals must be lemmas of act rows: {', '.join(sorted(refusals - known))}")
    noun_kinds = data.get("noun_kinds", {})
    for noun, kind in noun_kinds.items():
        if kind not in kinds:
            fail(f"[noun_kinds] {noun} names unknown kind {kind!r}")
    motif_words = data.get("motif_words", {})
    for word, motif in motif_words.items():
        if word in kinds:
            fail(f"[motif_words] {word} is a kind: its motif belongs in [kinds.{word}]")
        if not isinstance(motif, str) or not motif:
            fail(f"[motif_words] {word} must name a glyph")
    return Lexicon(
        senses=tuple(senses), kinds=kinds, objects=objects, catenative=catenative, refusals=refusals,
        passive_prone=_words(data, "passive_prone", fail), light_verbs=_words(data, "light_verbs", fail),
        noun_kinds=dict(noun_kinds), motif_words=dict(motif_words), makers=_words(data, "makers", fail),
    )


@lru_cache(maxsize=4)
def load(path: Path | str | None = None) -> Lexicon:
    """The lexicon in `path` (default: the shipped acts.toml), read and checked once."""
    path = Path(path) if path is not None else ACTS_PATH
    return parse(read_toml(path), path.name)


def read_toml(path: Path) -> dict[str, Any]:
    """A data file's tables; a file that is not TOML raises DataError naming it, in one line."""
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise DataError(f"{path.name}: not valid TOML ({e})") from None


# -- lookups in the shipped lexicon -----------------------------------------------------------


def kinds() -> tuple[str, ...]:
    """Every kind of act, in the file's order."""
    return tuple(load().kinds)


def lemmas() -> tuple[str, ...]:
    """Every lemma the lexicon knows in a sense of its own (not only with some object), in order."""
    return tuple(load().main)


def _sense(lemma: str) -> Sense:
    # A verb the lexicon does not know reads as a sense with nothing set.
    return load().main.get(lemma) or _UNKNOWN


_UNKNOWN = Sense(lemma="", kind="")


def kind_of(lemma: str) -> str | None:
    """The kind of act a lemma names, whatever its object; None for a verb the lexicon does not know."""
    return _sense(lemma).kind or None


def noun_of(lemma: str) -> str | None:
    """The act noun a writer uses for a lemma ("sign" -> "signing"), if the lexicon has one."""
    return _sense(lemma).noun


def senses_of(lemma: str) -> tuple[str, ...]:
    """The clusterer's senses of a lemma: () when it has none."""
    return _sense(lemma).senses


def verb_family(lemma: str) -> str | None:
    """The writer's phrase family a lemma decides by itself, or None when its kind decides."""
    return _sense(lemma).family


def family_of(kind: str) -> str | None:
    """The writer's phrase family for a kind of act."""
    k = load().kinds.get(kind)
    return k.family if k else None


def motif_of(kind: str) -> str | None:
    """The glyph that illustrates a kind of act ("section": the act's words or the section decide)."""
    k = load().kinds.get(kind)
    return k.motif if k else None


def is_win(lemma: str) -> bool:
    """Whether doing what the lemma says can be the literal win (a statement or a refusal cannot)."""
    s = load().main.get(lemma)
    return s.win if s else True


def object_kind(lemma: str, obj: str) -> str | None:
    """The kind a lemma takes with this object ("signs Jimmy Butler": hiring), or None for its usual one."""
    return load().object_kind(lemma, obj)
