"""Take a feed title apart: who carried it, who reported it, what it claims."""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from pathlib import Path

from .events import Source

OUTLETS_PATH = Path(__file__).resolve().parent.parent / "data" / "outlets.json"

# Separators aggregators put between a headline and its publisher; spaced, so that
# hyphenated names ("Al-Monitor", "France-Presse") are never split.
_SUFFIX = re.compile(r"\s+(?:-|\||—|–|::)\s+(?P<pub>[^|—–]+?)\s*$")

# Labels an outlet hangs on a title that are not publishers ("| Editorial", "– video").
LABELS = {
    "editorial", "opinion", "analysis", "live", "video", "photos", "explainer", "review",
    "podcast", "letters", "obituary", "watch", "listen", "comment", "interview", "exclusive",
}

# Words that mark a speaker as nobody in particular: "sources say", "officials said".
_ANON_HEADS = {
    "source", "sources", "official", "officials", "report", "reports", "media", "experts",
    "analysts", "people", "aides", "insiders", "documents", "filing", "filings", "data",
    "survey", "poll", "study", "witnesses", "spokesperson", "spokesman", "spokeswoman",
    "diplomats", "lawyers", "allies", "advisers", "advisors", "person", "insider", "memo",
    "researchers", "scientists", "economists", "observers", "critics", "residents", "police",
    "authorities", "agency", "ministry", "statement", "leaks", "records", "lawmakers",
}
_ANON_PHRASES = re.compile(r"\b(familiar with|close to|briefed on|with knowledge)\b", re.I)

# Words that make an uncatalogued name look like a news outlet ("The Kansas City Star").
_OUTLETISH = re.compile(
    r"\b(News|Times|Post|Journal|Press|Herald|Tribune|Gazette|Chronicle|Telegraph|Guardian|"
    r"Observer|Insider|Magazine|Radio|TV|Today|Daily|Weekly|Star|Sun|Globe|Mail|Express|"
    r"Standard|Review|Wire|Report|Reporter|Bulletin|Courier|Dispatch|Register|Sentinel|"
    r"Examiner|Inquirer|Enquirer|Monitor|Network|Agency|Broadcasting)\b"
)

_REPORT_VERBS = (
    r"reports|reported|reporting|report|says|said|say|projects|projected|confirms|confirmed|"
    r"finds|found|writes|wrote|learns|learned|reveals|revealed|claims|claimed|"
    r"tells|told|estimates|predicts|shows|suggest|suggests|warns|warned|cautions|adds|"
    r"understands|can reveal"
)
_TRAILING_CREDIT = re.compile(
    rf"(?:,|\s[-–—]|:)\s*(?P<who>[^,;:]+?)\s+(?P<verb>{_REPORT_VERBS})\s*$", re.I
)
_INVERTED_CREDIT = re.compile(
    r"(?:,\s*|(?<=['’\"”])\s+)(?P<verb>says|said|warns|insists|claims)\s+"
    r"(?P<who>(?:the\s+)?(?:[A-Z0-9][\w.&'’-]*)(?:\s+(?:[A-Z0-9][\w.&'’-]*|of|the|and)){0,5})\s*$"
)
_SPEAKER_TAIL = re.compile(
    r":\s+(?P<who>(?:a |an |the )?(?:[a-z][\w'’-]*\s){0,3}?"
    r"(?:lawyers?|attorneys?|officials?|sources?|filings?|documents?|police|experts?|analysts?|"
    r"report|reports|poll|survey|study|data|aides?|spokesperson|spokesman|spokeswoman))\s*$"
)
_ACCORDING = re.compile(r",?\s*\b(?:according to|per|via)\s+(?P<who>[^,;]+?)\s*$", re.I)
_LEADING_CREDIT = re.compile(
    r"^(?P<who>[A-Z][\w.&'’/-]*(?:\s+[A-Z][\w.&'’/-]*){0,4})\s+"
    r"(?P<verb>reports|reported|projects|projected|says|learns|learned|reveals|revealed)"
    r"(?:\s+that)?[:,]?\s+(?P<claim>.+)$"
)
_CREDIT_PREFIX = re.compile(r"^(?P<who>[A-Z][\w.&'’ /-]{1,40}?)\s*(?:reports)?:\s+(?P<claim>.+)$")
_CONNECTORS = {"of", "the", "and", "&", "de", "for", "on", "in", "la", "le", "el", "du", "des"}
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}$", re.I)


@lru_cache(maxsize=4)
def load_outlets(path: str | None = None) -> dict[str, str]:
    """Outlet spellings (lower-cased) mapped to canonical names, from outlets.json."""
    data = json.loads(Path(path or OUTLETS_PATH).read_text(encoding="utf-8"))
    table: dict[str, str] = {}
    for row in data["outlets"]:
        for spelling in (row["name"], *row.get("aliases", ())):
            table.setdefault(_key(spelling), row["name"])
    return table


@lru_cache(maxsize=4)
def outlet_sections(path: str | None = None) -> dict[str, str]:
    """Canonical outlet names mapped to the section they mostly cover, where one is known."""
    data = json.loads(Path(path or OUTLETS_PATH).read_text(encoding="utf-8"))
    return {row["name"]: row["section"] for row in data["outlets"] if row.get("section")}


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("’", "'")).strip().lower()


def known_outlet(name: str, table: dict[str, str] | None = None) -> str | None:
    """The canonical name of an outlet spelled `name`, or None when it is not catalogued."""
    table = table if table is not None else load_outlets()
    key = _key(name)
    if key in table:
        return table[key]
    if key.startswith("the ") and key[4:] in table:
        return table[key[4:]]
    return table.get("the " + key)


def expand_outlet(name: str) -> str:
    """An outlet's canonical name ("WSJ" -> "The Wall Street Journal"); unknown names unchanged."""
    return known_outlet(name) or name.strip()


def _is_anonymous(who: str) -> bool:
    words = re.findall(r"[\w.'’-]+", who)
    if not words:
        return False
    if _ANON_PHRASES.search(who):
        return True
    if words[0].lower() in {"a", "an", "the", "some", "two", "three", "several", "many"}:
        return words[-1].lower() in _ANON_HEADS or len(words) > 1 and words[1][0].islower()
    return words[-1].lower() in _ANON_HEADS and not _OUTLETISH.search(who)


def _looks_like_outlet(who: str) -> bool:
    if known_outlet(who):
        return True
    words = who.split()
    if not 1 <= len(words) <= 6 or not who[0].isupper():
        return False
    capitalised = all(w[0].isupper() or w[0].isdigit() or w.lower() in _CONNECTORS for w in words)
    return capitalised and bool(_OUTLETISH.search(who))


def _looks_like_publisher(pub: str) -> bool:
    pub = pub.strip()
    if not pub or pub.endswith(("?", "!", ".", ",")) and not _DOMAIN.match(pub):
        return False
    if known_outlet(pub):
        return True
    if _DOMAIN.match(pub):
        return True
    words = pub.split()
    if len(words) > 6 or not pub[0].isupper() or pub.lower() in LABELS:
        return False
    if _is_anonymous(pub):
        return False
    for w in words:
        w = w.strip("()[]'\"")
        if not w:
            continue
        if not (w[0].isupper() or w[0].isdigit() or w.lower() in _CONNECTORS or "." in w):
            return False
    return not words[0][0].isdigit()


def split_publisher(title: str, publisher: str | None = None) -> tuple[str, str | None, str | None]:
    """Split "Headline - Publisher" into (headline, publisher, label); the feed's publisher wins."""
    rest = re.sub(r"\s+", " ", title).strip()
    label = None
    m = _SUFFIX.search(rest)
    if m and m.start() > 0:
        tail = m.group("pub").strip()
        head = rest[: m.start()].strip()
        if tail.lower() in LABELS:
            return head, publisher.strip() if publisher else None, tail
        matches_given = publisher and (
            _key(tail) == _key(publisher)
            or expand_outlet(tail) == expand_outlet(publisher)
            or _key(publisher) in _key(tail)
        )
        if len(head.split()) >= 2 and (matches_given or _looks_like_publisher(tail)):
            return head, (publisher.strip() if publisher else tail), label
    return rest, (publisher.strip() if publisher else None), label


def split_credit(claim: str) -> tuple[str, str | None, str | None]:
    """Take the credit off a claim: (claim, reporting outlet or None, anonymous attribution or None)."""
    claim = claim.strip()
    # "…, Axios reports" and "…, according to officials": an outlet is the reporter; anyone else
    # unnamed is an attribution, kept in the words the headline used.
    for pattern in (_TRAILING_CREDIT, _ACCORDING):
        m = pattern.search(claim)
        if not m or len(claim[: m.start()].split()) < 2:
            continue
        who = m.group("who").strip()
        body = claim[: m.start()].strip(" ,;:-–—")
        if _looks_like_outlet(who):
            return body, expand_outlet(who), None
        if pattern is _TRAILING_CREDIT and _is_anonymous(who):
            return body, None, f"{who} {m.group('verb')}"
        if pattern is _ACCORDING and (_is_anonymous(who) or who[0].islower()):
            return body, None, claim[m.start() :].strip(" ,")
    # Reuters-style "… - sources", "… - U.S. official": an attribution after a dash.
    m = re.search(r"\s[-–—]\s+(?P<who>[^-–—]+)$", claim)
    if m and _is_anonymous(m.group("who")) and len(m.group("who").split()) <= 5:
        return claim[: m.start()].strip(), None, m.group("who").strip()
    # "…, says No 10", "… says Downing Street": the speaker after the verb, as the British press
    # puts it; an outlet there is the reporter, anyone else an attribution kept as said.
    m = _INVERTED_CREDIT.search(claim)
    if m and len(claim[: m.start()].split()) >= 2:
        who = m.group("who").strip()
        body = claim[: m.start()].strip(" ,;:-–—")
        if _looks_like_outlet(who):
            return body, expand_outlet(who), None
        return body, None, f"{m.group('verb')} {who}"
    # "… : lawyer", "…: filings": a colon and a bare speaker at the end.
    m = _SPEAKER_TAIL.search(claim)
    if m and len(claim[: m.start()].split()) >= 3:
        return claim[: m.start()].strip(), None, m.group("who").strip()
    m = _LEADING_CREDIT.match(claim)
    if m and _looks_like_outlet(m.group("who")):
        return m.group("claim").strip(), expand_outlet(m.group("who")), None
    m = _CREDIT_PREFIX.match(claim)
    if m and known_outlet(m.group("who")):
        return m.group("claim").strip(), expand_outlet(m.group("who")), None
    return claim, None, None


_SCRIPT = re.compile(r"<(script|style)\b.*?(?:</\1\s*>|$)", re.I | re.S)
_TAG = re.compile(r"</?[A-Za-z!][^<>]*>?")


def clean_title(title: str) -> str:
    """A title as plain text: HTML tags and script content dropped, entities decoded, spaces collapsed."""
    if "<" in title or "&" in title:
        title = html.unescape(_TAG.sub(" ", _SCRIPT.sub(" ", title)))
    return re.sub(r"\s+", " ", title).strip()


def parse_headline(title: str, publisher: str | None = None) -> Source:
    """Read a feed title into a Source: claim, publisher, reporting outlet and attribution."""
    head, pub, _label = split_publisher(title, publisher)
    claim, reporter, attribution = split_credit(head)
    return Source(
        title=title,
        claim=claim,
        publisher=pub,
        reporter=reporter or pub,
        attribution=attribution,
    )
