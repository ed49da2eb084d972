"""The knowledge base: people, organisations, institutions, teams and groups, with dated facts."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .events import Descriptor, Entity
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
    """A URL-safe slug: ascii, lower case, hyphens."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'")
    return re.sub(r"\s+", " ", text).strip().lower()


def _entity(row: dict) -> Entity:
    return Entity(
        name=row["name"],
        slug=row.get("slug") or slugify(row["name"]),
        kind=row["kind"],
        aliases=tuple(row.get("aliases", ())),
        descriptors=tuple(
            Descriptor(d["text"], d.get("as_of"), d.get("label")) for d in row.get("descriptors", ())
        ),
        section=row.get("section"),
        surname=row.get("surname"),
        known=True,
    )


class KnowledgeBase:
    """The entities the newsroom knows, found by name, alias or surname."""

    def __init__(self, path: str | Path | None = None, outlets_path: str | Path | None = None):
        data = json.loads(Path(path or ENTITIES_PATH).read_text(encoding="utf-8"))
        rows = data["entities"] if isinstance(data, dict) else data
        self.entities: tuple[Entity, ...] = tuple(_entity(r) for r in rows)
        self._outlets_path = str(outlets_path or OUTLETS_PATH)
        self._by_slug = {e.slug: e for e in self.entities}
        self._index: dict[str, Entity] = {}
        # Names and aliases first, then surnames, so "Moore" never displaces an exact alias;
        # the first entity in the file wins a tie, which is why the file lists the best-known first.
        for e in self.entities:
            for spelling in (e.name, *e.aliases):
                self._add(spelling, e)
        surnames: dict[str, list[Entity]] = {}
        for e, row in zip(self.entities, rows, strict=True):
            if e.surname and row.get("match_surname", True):
                surnames.setdefault(_key(e.surname), []).append(e)
        for key, owners in surnames.items():
            if len(owners) == 1:
                self._add(key, owners[0])
        self._pattern = self._compile()

    @classmethod
    def load(cls, path: str | Path | None = None) -> KnowledgeBase:
        """The knowledge base in `path` (the shipped one by default), read once and shared."""
        return _load(str(path) if path else None)

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
        return None

    def mentions(self, text: str) -> list[Mention]:
        """Every knowledge-base entity named in `text`, left to right, longest name first."""
        return [
            Mention(m.start(), m.end(), m.group(0), self._index[_key(m.group(0))])
            for m in self._pattern.finditer(text)
            if _key(m.group(0)) in self._index
        ]

    def outlet(self, name: str) -> str:
        """An outlet's canonical name ("WSJ" -> "The Wall Street Journal"); unknown names unchanged."""
        table = load_outlets(self._outlets_path)
        key = _key(name)
        return table.get(key) or table.get(key.removeprefix("the ")) or expand_outlet(name)


@lru_cache(maxsize=4)
def _load(path: str | None) -> KnowledgeBase:
    return KnowledgeBase(path)
