"""The knowledge base: people, organisations, institutions, teams and groups, with dated facts."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import fields, replace
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple, get_args

from .events import Descriptor, Entity, EntityKind, Event
from .headline import OUTLETS_PATH, expand_outlet, load_outlets

ENTITIES_PATH = Path(__file__).resolve().parent.parent / "data" / "entities.json"

# Titles a headline puts before a name; they never belong to the name itself.
HONORIFICS = (
    "former", "ex", "then", "u.s.", "us", "president-elect", "president", "vice president", "vp",
    "gov.", "governor", "sen.", "senator", "rep.", "representative", "congressman",
    "congresswoman", "prime minister", "pm", "secretary", "speaker", "mayor", "dr.", "mr.",
    "mrs.", "ms.", "sir", "dame", "chancellor", "judge", "justice", "attorney general",
    "defense secretary", "state secretary", "treasury secretary", "democratic", "republican",
    "gop", "labour", "minority leader", "majority leader", "leader", "ceo", "chief executive",
    "founder", "billionaire", "tech billionaire", "star", "singer", "rapper", "coach",
    "superstar", "legend", "lt. gov.", "lt.", "gen.", "adm.", "admiral",
)
# Offices a person holds at a body ("Volta CEO", "Former Emera CEO"): a name before one of these is
# the body's, and the phrase names the office, not its holder.
OFFICES = frozenset({
    "ceo", "cfo", "coo", "cto", "chair", "chairman", "chairwoman", "president", "chief", "founder",
    "director", "commissioner", "minister", "coach", "boss", "captain", "manager", "secretary", "head",
    "leader",
})  # fmt: skip
_HONORIFIC = re.compile(
    r"^(?:(?:" + "|".join(re.escape(h) for h in sorted(HONORIFICS, key=len, reverse=True))
    + r")(?:\s+|-))+",
    re.I,
)


class Mention(NamedTuple):
    """Where a knowledge-base entity is named inside a text."""

    start: int
    end: int
    text: str
    entity: Entity


def slugify(text: str) -> str:
    """The house's URL slug, for every page: ascii, lower case, hyphens ("U.S. Senate" -> "us-senate")."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    # A dot or an apostrophe inside a word does not part it: "U.S." is "us", "Ohio's" "ohios".
    text = re.sub(r"(?<=\w)[.'](?=\w|\s|$)", "", text)
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def section_slug(name: str) -> str:
    """The URL slug of a section ("U.S." -> "us"), as the site serves it."""
    return slugify(name) or "news"


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'")
    return re.sub(r"\s+", " ", text).strip().lower()


_DESCRIPTOR_FIELDS = {f.name for f in fields(Descriptor)}
_KINDS = set(get_args(EntityKind))


def _descriptor(d: dict | str, where: str) -> Descriptor:
    if isinstance(d, str):
        return Descriptor(d)
    if not isinstance(d, dict) or not str(d.get("text") or "").strip():
        raise ValueError(f"{where}: a descriptor needs a non-empty 'text'")
    # Unknown keys (an admin's notes) are ignored rather than refused.
    return Descriptor(**{k: v for k, v in d.items() if k in _DESCRIPTOR_FIELDS})


def _entity(row: dict) -> Entity:
    if not isinstance(row, dict) or not str(row.get("name") or "").strip():
        raise ValueError(f"knowledge-base row without a name: {row!r:.80}")
    name = row["name"].strip()
    kind = row.get("kind")
    if kind not in _KINDS:
        raise ValueError(f"{name}: kind must be one of {', '.join(sorted(_KINDS))}, not {kind!r}")
    return Entity(
        name=name,
        slug=row.get("slug") or slugify(name),
        kind=kind,
        aliases=tuple(row.get("aliases") or ()),
        descriptors=tuple(_descriptor(d, name) for d in row.get("descriptors") or ()),
        section=row.get("section"),
        surname=row.get("surname"),
        known=True,
    )


def _references(row: dict) -> tuple[str, ...]:
    refs = row.get("references") or ()
    if isinstance(refs, str) or not all(isinstance(r, str) and r.strip() for r in refs):
        raise ValueError(f"{row.get('name')}: references must be a list of non-empty strings")
    return tuple(r.strip() for r in refs)


def _row(entity: Entity, match_surname: bool, references: tuple[str, ...] = ()) -> dict:
    row = {
        "name": entity.name, "slug": entity.slug, "kind": entity.kind, "section": entity.section,
        "aliases": list(entity.aliases), "surname": entity.surname,
        "descriptors": [
            {"text": d.text, "as_of": d.as_of, "label": d.label, "source": d.source, "durable": d.durable}
            for d in entity.descriptors
        ],
    }
    if not match_surname:
        row["match_surname"] = False
    if references:
        row["references"] = list(references)
    return row


class KnowledgeBase:
    """The entities the newsroom knows, found by name, alias or surname."""

    def __init__(self, path: str | Path | None = None, outlets_path: str | Path | None = None,
                 *, rows: Iterable[dict] | None = None):
        if rows is None:
            data = json.loads(Path(path or ENTITIES_PATH).read_text(encoding="utf-8"))
            rows = data["entities"] if isinstance(data, dict) else data
        rows = list(rows)
        self.entities: tuple[Entity, ...] = tuple(_entity(r) for r in rows)
        self._match_surname = tuple(bool(r.get("match_surname", True)) for r in rows)
        self._references = tuple(_references(r) for r in rows)
        self._outlets_path = str(outlets_path or OUTLETS_PATH)
        self._by_slug = {e.slug: e for e in self.entities}
        self._index: dict[str, Entity] = {}
        # Names and aliases first, then surnames, so "Moore" never displaces an exact alias;
        # the first entity in the file wins a tie, which is why the file lists the best-known first.
        for e in self.entities:
            for spelling in (e.name, *e.aliases):
                self._add(spelling, e)
        surnames: dict[str, list[Entity]] = {}
        for e, match in zip(self.entities, self._match_surname, strict=True):
            if e.surname and match:
                surnames.setdefault(_key(e.surname), []).append(e)
        for key, owners in surnames.items():
            if len(owners) == 1:
                self._add(key, owners[0])
        self._pattern = self._compile()
        # References ("justices", "US central bank") are looked up apart, so that none displaces a name.
        self._by_reference: dict[str, Entity] = {}
        for e, refs in zip(self.entities, self._references, strict=True):
            for ref in refs:
                self._by_reference.setdefault(_key(ref).removeprefix("the "), e)
        body = "|".join(re.escape(k) for k in sorted(self._by_reference, key=len, reverse=True))
        self._reference_pattern = (
            re.compile(rf"(?<![\w-])(?:the\s+)?(?:{body})(?![\w-])", re.I) if body else None
        )

    @classmethod
    def load(cls, path: str | Path | None = None) -> KnowledgeBase:
        """The knowledge base in `path` (the shipped one by default), read once and shared."""
        return _load(str(path) if path else None)

    @classmethod
    def from_rows(cls, rows: Iterable[dict], outlets_path: str | Path | None = None) -> KnowledgeBase:
        """A knowledge base built from dicts shaped like entities.json entries (e.g. database rows)."""
        return cls(outlets_path=outlets_path, rows=rows)

    def rows(self) -> list[dict]:
        """The entries as dicts in the shape of entities.json, ready to store or to `from_rows`."""
        return [_row(e, m, r)
                for e, m, r in zip(self.entities, self._match_surname, self._references, strict=True)]

    def _add(self, spelling: str, entity: Entity) -> None:
        key = _key(spelling)
        if key.startswith("the ") and len(key) > 4:
            key = key[4:]
        if key:
            self._index.setdefault(key, entity)

    def _compile(self) -> re.Pattern[str]:
        parts = []
        for key, entity in sorted(self._index.items(), key=lambda kv: -len(kv[0])):
            spellings = {s for s in (entity.name, *entity.aliases, entity.surname or "")
                         if _key(s).removeprefix("the ") == key}
            for spelling in spellings or {key}:
                spelling = spelling.removeprefix("the ")
                if spelling[:1].islower():
                    # Groups are described in lower case ("pro-Palestinian activists").
                    parts.append((len(spelling), f"(?i:{re.escape(spelling)})"))
                else:
                    parts.append((len(spelling), re.escape(spelling)))
        parts.sort(key=lambda p: -p[0])
        body = "|".join(p[1] for p in parts)
        return re.compile(rf"(?<![\w-])(?:{body})(?![\w])")

    def __len__(self) -> int:
        return len(self.entities)

    def __iter__(self):
        return iter(self.entities)

    def get(self, slug: str) -> Entity | None:
        """The entity with this slug, if the knowledge base holds one."""
        return self._by_slug.get(slug)

    def resolve(self, text: str) -> Entity | None:
        """The entity a name refers to ("Gov. Wes Moore", "AOC", "Harris's"), or None."""
        key = _key(text).strip(" .,:;'\"‘’“”")
        key = re.sub(r"'s?$", "", key)
        for candidate in (key, _HONORIFIC.sub("", key)):
            candidate = candidate.strip()
            if candidate.startswith("the "):
                candidate = candidate[4:]
            if candidate in self._index:
                return self._index[candidate]
        return self._by_reference.get(key.removeprefix("the "))

    def mentions(self, text: str) -> list[Mention]:
        """Every knowledge-base entity named or referred to in `text`, left to right, longest name first."""
        found = [
            Mention(m.start(), m.end(), m.group(0), self._index[_key(m.group(0))])
            for m in self._pattern.finditer(text)
            if _key(m.group(0)) in self._index
        ]
        if self._reference_pattern is None:
            return found
        refs = []
        for m in self._reference_pattern.finditer(text):
            entity = self._by_reference.get(re.sub(r"^the\s+", "", _key(m.group(0))))
            if entity is None:
                continue
            # A reference holds the names inside it ("US" in "US central bank"); a name that only
            # overlaps it wins ("Supreme Court justices" names the court).
            inside = [n for n in found if m.start() <= n.start and n.end <= m.end()]
            if any(n.start < m.end() and m.start() < n.end for n in found if n not in inside):
                continue
            refs.append((Mention(m.start(), m.end(), m.group(0), entity), inside))
        if not refs:
            return found
        dropped = {id(n) for _, inside in refs for n in inside}
        kept = [n for n in found if id(n) not in dropped]
        return sorted(kept + [r for r, _ in refs], key=lambda x: x.start)

    def outlet(self, name: str) -> str:
        """An outlet's canonical name ("WSJ" -> "The Wall Street Journal"); unknown names unchanged."""
        table = load_outlets(self._outlets_path)
        key = _key(name)
        return table.get(key) or table.get(key.removeprefix("the ")) or expand_outlet(name)


@lru_cache(maxsize=4)
def _load(path: str | None) -> KnowledgeBase:
    return KnowledgeBase(path)


def _day(at: datetime | date) -> date:
    if isinstance(at, datetime):
        return (at.astimezone(UTC) if at.tzinfo else at).date()
    return at


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def current_descriptors(entity: Entity, at: datetime | date | None) -> tuple[Descriptor, ...]:
    """The entity's descriptors usable at `at`: dated, not after it, within twelve months unless durable."""
    if at is None:
        return entity.descriptors
    day, stale = _day(at), _year_before(_day(at))
    usable = []
    for d in entity.descriptors:
        try:
            since = date.fromisoformat(d.as_of[:10]) if d.as_of else None
        except ValueError:
            since = None
        # An undated fact cannot be shown to hold; a fact dated after the article was not yet known.
        if since is None or since > day:
            continue
        if d.durable or since >= stale:
            usable.append(d)
    return tuple(usable)


def as_of(event: Event, at: datetime | date | None) -> Event:
    """The event with every entity's descriptors cut to those usable at `at` (None: unchanged)."""
    if at is None:
        return event

    def cut(entity: Entity | None) -> Entity | None:
        if entity is None or not entity.descriptors:
            return entity
        return replace(entity, descriptors=current_descriptors(entity, at))

    return replace(event, subject=cut(event.subject), participants=tuple(cut(p) for p in event.participants))
