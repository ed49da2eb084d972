"""Names in a headline: proper-noun runs, the entity each names, the subject and the participants."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from ..entities import HONORIFICS, OFFICES, Entity, Mention, slugify
from ..headline import known_outlet
from ..lexicon import DataError
from .model import PREPOSITIONS, Tok

# A number or quantity that opens a noun phrase makes it a counted group: "Six startups".
_COUNTED = re.compile(
    r"^(?:(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a dozen|"
    r"dozens of|hundreds of|thousands of|scores of)\s+)(?:[\w'’-]+\s+){0,5}?[a-z][\w-]*s$", re.I)


def is_counted_group(text: str) -> bool:
    """Whether a noun phrase is a counted plural group ("Five Atlantic startups")."""
    return bool(_COUNTED.match(text.strip()))

ROLE_WORDS = {h.rstrip(".") for h in HONORIFICS} | {
    "democrat", "republican", "democratic", "gop", "independent", "labour", "tory",
    "ceo", "cfo", "coo", "cto", "chief", "chair", "chairman", "chairwoman", "president",
    "minister", "head", "boss", "owner", "founder", "director", "commissioner", "coach",
    "manager", "captain", "star", "striker", "quarterback", "forward", "guard", "pitcher",
    "reporter", "anchor", "host", "nominee", "candidate", "hopeful", "spokesperson", "aide",
    "adviser", "advisor", "ambassador", "envoy", "mp", "sen", "gov", "rep", "sir", "dame", "dr",
    "ex", "former", "slugger", "ace", "outfielder", "shortstop", "catcher", "goalkeeper", "keeper",
    "midfielder", "defender", "winger", "linebacker", "receiver", "rookie", "veteran", "skipper",
    "playmaker", "batter", "centre", "center", "point guard", "tight end", "running back",
    # Praise a sports headline puts before a name ("Superb Odegaard free-kick") is not the name.
    "superb", "brilliant", "stunning", "sublime", "inspired", "clinical", "magnificent", "dazzling",
}
CONNECTORS = {"of", "de", "da", "van", "von", "der", "la", "le", "du", "bin", "al", "&", "and"}
_GROUP = re.compile(
    r"(?<![\w-])((?:pro|anti)-[A-Z][\w-]*|Republican|Democratic|GOP|Progressive|Conservative|"
    r"Palestinian|Israeli|Ukrainian|Russian|Chinese|Iranian|Black|Latino|Muslim|Jewish|"
    r"Catholic|Evangelical|Arab|Asian|American|British|European|Canadian|Mexican|"
    r"[a-z]+-leaning|progressive|conservative|moderate|young|union|climate|student|"
    r"environmental|civil rights)\s+(activists|lawmakers|protesters|voters|leaders|officials|"
    r"senators|governors|students|workers|donors|unions|allies|organizers|organisers|"
    r"delegates|legislators|members|moderates|progressives|conservatives|farmers|"
    r"investors|groups|demonstrators|campaigners|advocates|critics|hardliners|astronauts|"
    r"scientists|researchers|diplomats|fans|players|athletes|doctors|nurses|teachers|parents|"
    r"residents|citizens|billionaires|executives|negotiators|envoys|ministers|mayors|"
    r"judges|justices|prosecutors|regulators|officers|pilots|artists|musicians|veterans)(?![\w-])"
)
_ORG_SUFFIX = re.compile(
    r"\b(Inc|Corp|Corporation|Co|Group|Labs?|Ltd|LLC|PLC|Bank|Motors|Airlines|Airways|"
    r"Technologies|Systems|Holdings|Partners|Capital|Ventures|Media|Studios|Foundation|"
    r"Association|Union|Network|Pharma|Energy|Entertainment|Games|AI|Robotics)\.?$"
)
_INSTITUTION = re.compile(
    r"\b(Court|Senate|House|Ministry|Department|Agency|Commission|Council|Parliament|Congress|"
    r"Police|Army|Navy|Government|Administration|University|College|School|Institute|"
    r"Assembly|Bureau|Office|Service|Board|Authority|Committee|Legislature|Cabinet|Kremlin|"
    r"Pentagon|Academy|Museum|Hospital|Centre|Center|City Hall|Church)\b"
)
_TEAM = re.compile(
    r"\b(FC|United|City|Rovers|Athletic|Warriors|Lakers|Celtics|Knicks|Yankees|Dodgers|"
    r"Giants|Jets|Eagles|Chiefs|Cowboys|Patriots|Packers|Bears|Lions|Rams|Saints|Heat|Bulls|"
    r"Nets|Sox|Cubs|Mets|Fever|Sky|Liberty|Aces|Sparks|Wings|Storm|Mercury|Dream|Sun|Valkyries|"
    r"Rangers|Kings|Sharks|Bruins|Penguins|Capitals|Canadiens|Maple Leafs|Oilers|Flames|"
    r"Villa|Hotspur|Wanderers|Albion|Saints|Real|Inter|Juventus|Milan|Bayern|Dortmund)\b"
)


def _guess_kind(name: str, ent: str) -> str:
    """What sort of thing an uncatalogued name is, from its words and spaCy's entity label."""
    if _INSTITUTION.search(name):
        return "institution"
    if _ORG_SUFFIX.search(name):
        return "organisation"
    if _TEAM.search(name) and ent != "PERSON":
        return "team"
    if ent == "PERSON":
        return "person"
    if ent in ("GPE", "LOC", "FAC"):
        return "place"
    if ent == "NORP":
        return "group"
    if ent == "ORG":
        return "organisation"
    words = name.split()
    if 2 <= len(words) <= 3 and all(w[:1].isupper() and w[1:].islower() for w in words):
        return "person"
    return "organisation"


def _unknown(name: str, ent: str, section: str | None = None) -> Entity:
    """An Entity for a name the knowledge base does not know."""
    name = re.sub(r"['’]s?$", "", name).strip(" ,:;'\"‘’“”")
    kind = _guess_kind(name, ent)
    words = name.split()
    surname = words[-1] if kind == "person" and len(words) > 1 else name
    return Entity(name=name, slug=slugify(name), kind=kind, section=section, surname=surname, known=False)


def name_runs(toks: list[Tok], lo: int, hi: int) -> list[tuple[int, int]]:
    """Proper-noun runs in toks[lo:hi], role words peeled off the front, as (start, end)."""
    runs, i = [], lo
    while i < hi:
        if not toks[i].proper:
            i += 1
            continue
        j = i
        while j < hi and (toks[j].proper or (toks[j].low in CONNECTORS and j + 1 < hi and toks[j + 1].proper
                                             and toks[j].low != "and")
                          or toks[j].text == "-" and j + 1 < hi and toks[j + 1].proper):
            j += 1
        runs.append((i, j))
        i = j
    return runs


def _name_in(toks: list[Tok], s: int, e: int, claim: str) -> tuple[int, int]:
    """Trim a run to the name: drop titles and roles before it ("Apple CEO Tim Cook" -> "Tim Cook")."""
    k = s
    for x in range(s, e - 1):
        if toks[x].low.rstrip(".") in ROLE_WORDS or toks[x].low in ("'s",):
            k = x + 1
    while e > k and toks[e - 1].low in ("'s", "'", "-"):
        e -= 1
    return k, e


def _entity_at(toks, s, e, claim, mentions, kb) -> Entity:
    """The entity a proper-noun run toks[s:e] names: a KB mention, a KB name, or an unknown one."""
    a, b = toks[s].start, toks[e - 1].end
    inside = [m for m in mentions if m.start >= a and m.end <= b]
    ending = [m for m in inside if m.end == b or claim[m.end : b].strip() in ("'s", "’s")]
    k, e2 = _name_in(toks, s, e, claim)
    if ending:
        m = ending[-1]
        # A one-word alias at the tail of a longer name is part of that name:
        # "Navigate Startup House" is not the House, "Michigan Senate" is not the U.S. Senate.
        head = [x for x in range(k, e2) if toks[x].end <= m.start and toks[x].low not in CONNECTORS]
        if " " in m.text or not head or any(
            mm.start <= toks[head[-1]].start < mm.end for mm in mentions
        ):
            return m.entity
    if e2 > k:
        a2, b2 = toks[k].start, toks[e2 - 1].end
        found = kb.resolve(claim[a2:b2])
        if found:
            return found
        if (
            toks[e2 - 1].low.rstrip(".") in OFFICES
            and e2 - k >= 2
            and not any(m.entity.kind == "person" for m in inside)
        ):
            # "Former Emera CEO": an office at a named body, held by someone the headline leaves unnamed.
            first = s - 1 if s > 0 and toks[s - 1].low in ("former", "ex", "interim", "acting") else s
            words = claim[toks[first].start : b2].split()
            desc = " ".join([words[0].lower() if words[0].lower() in ROLE_WORDS else words[0], *words[1:]])
            return Entity(name=desc, slug=slugify(desc), kind="person", surname=desc, known=False)
        ents = {toks[x].ent for x in range(k, e2)} - {""}
        ent = next(iter(ents), "")
        if k > 0 and toks[k - 1].low.rstrip(".") in ROLE_WORDS and ent not in ("ORG", "GPE"):
            ent = "PERSON"
        return _unknown(claim[a2:b2], ent)
    if inside:
        return inside[-1].entity
    return _unknown(claim[a:b], toks[s].ent)


# Nouns that, after a name, make the phrase someone or something of that name's, not the name
# itself: "Nike executive", "Qld schools", "Waterhouse family business".
_RELATIONAL = {
    "executive": "person", "official": "person", "spokesman": "person", "spokeswoman": "person",
    "spokesperson": "person", "employee": "person", "worker": "person", "lawyer": "person",
    "insider": "person", "business": "organisation", "officials": "group", "workers": "group",
    "employees": "group", "fans": "group", "schools": "group", "students": "group", "staff": "group",
    "residents": "group", "parents": "group", "lawyers": "group", "executives": "group",
    # a named craft is the craft: "Lucy spacecraft embarks" is the Lucy spacecraft, not someone Lucy
    "spacecraft": "organisation", "probe": "organisation", "rover": "organisation",
    "satellite": "organisation", "telescope": "organisation", "rocket": "organisation",
}  # fmt: skip


def _described(toks: list[Tok], s: int, e: int, end: int, claim: str) -> Entity | None:
    """The actor when a name only qualifies the noun after it: "Nike executive reveals …"."""
    tail = toks[e:end]
    if not tail or not all(t.text.isalpha() and t.text.islower() and t.low not in PREPOSITIONS for t in tail):
        return None
    kind = _RELATIONAL.get(tail[-1].low)
    if kind is None:
        return None
    name = claim[toks[s].start : tail[-1].end]
    return Entity(name=name, slug=slugify(name), kind=kind, surname=name, known=False)


def _place_modifier(toks: list[Tok], s: int, e: int, end: int, mentions: list[Mention]) -> bool:
    """Whether a name only qualifies a common noun: "Pembrokeshire hotel", "Chinese spy balloon"."""
    tail = toks[e:end]
    if not tail or any(m.start <= toks[s].start < m.end for m in mentions):
        return False
    ents = {toks[x].ent for x in range(s, e)} - {""}
    # "Pembrokeshire hotel", and "Halloween fun": a place or a day names the noun's kind, not an actor.
    if not ents or not ents <= {"GPE", "NORP", "LOC", "DATE", "EVENT"}:
        return False
    # The head that follows is ordinary lower-case words, not a role before a name or a possessive.
    return all(t.text.isalpha() and t.text.islower() and t.low not in PREPOSITIONS
               and t.low.rstrip(".") not in ROLE_WORDS for t in tail)


CAPITALS_PATH = Path(__file__).resolve().parent.parent.parent / "data" / "capitals.toml"


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """Capital -> the government a headline means by it, from capitals.toml."""
    with CAPITALS_PATH.open("rb") as f:
        table = tomllib.load(f).get("governments", {})
    if not all(isinstance(k, str) and isinstance(v, str) and v for k, v in table.items()):
        raise DataError(f"{CAPITALS_PATH.name}: [governments] maps a capital to a government's name")
    return table


def _government(found: Entity, kb) -> Entity:
    """The government a capital stands for when it is the one acting ("Ottawa puts $8.5 million")."""
    name = _capitals().get(found.name)
    if name is None or found.known and found.kind != "place":
        return found
    return kb.resolve(name) or Entity(name=name, slug=slugify(name), kind="institution",
                                      surname=name, known=False)


def subject_of(toks, lo, hi, claim, mentions, kb) -> tuple[Entity | None, list[tuple[int, int]]]:
    """The actor of the act in toks[lo:hi]: the first conjunct's head name."""
    if hi <= lo:
        return None, []
    # "Boosted by $6.8 million in funding, Volta unveils …": a leading participial clause is not
    # the subject; the subject follows its comma.
    if toks[lo].tag in ("VBN", "VBG") and any(t.text == "," for t in toks[lo:hi]):
        lo = max(i for i in range(lo, hi) if toks[i].text == ",") + 1
        if hi <= lo:
            return None, []
    text = claim[toks[lo].start : toks[hi - 1].end]
    # "Six early-stage Atlantic Canadian startups": a counted group is the actor, whole and plural.
    if is_counted_group(text) and not any(t.low in ("and", "&", ",") for t in toks[lo:hi]):
        return _unknown(text, "NORP"), []
    # "Mane scores …": a lone word the tagger reads as a proper noun right before the verb is a name,
    # even when it is also an English word.
    if hi - lo == 1 and toks[lo].tag == "NNP" and toks[lo].text[:1].isupper() and not toks[lo].proper:
        toks[lo].proper = True
        # A lone name that is also an English word, placed by no recogniser, is most often a
        # surname ("Mane", "Judge"): never an "it".
        toks[lo].ent = toks[lo].ent or "PERSON"
    cut = [x for x in range(lo, hi) if toks[x].low in ("and", "&", ",", "with", "alongside")]
    conj_end = cut[0] if cut else hi
    conj_start = lo
    if conj_end == lo:
        conj_start, conj_end = lo + 1, (cut[1] if len(cut) > 1 else hi)
    if conj_start >= conj_end:
        return None, []  # a title of one conjunction ("and", "&", "with") names no actor
    runs = [r for r in name_runs(toks, conj_start, conj_end)
            if r[0] == conj_start or toks[r[0] - 1].low not in PREPOSITIONS]
    others = [r for r in name_runs(toks, conj_end, hi)]
    a, b = toks[conj_start].start, toks[conj_end - 1].end
    group = _GROUP.search(claim, a, b)
    last_end = toks[runs[-1][1] - 1].end if runs else None
    # "Three Chinese astronauts": the group is the actor, not the adjective inside it.
    if group and (last_end is None or group.start() < last_end <= group.end()) and not any(
        m.start <= group.start() < m.end and m.end >= group.end() for m in mentions
    ):
        return _unknown(group.group(0), "NORP"), others
    if runs:
        s, e = runs[-1]
        # "Volta Cohort Backs …": in a title-case headline the capitalised nouns between a name and
        # its verb belong to the name (a sentence-case "Volta Cohort backs" reads the same).
        if e < conj_end and runs[-1] == runs[0] and all(
            toks[x].text[:1].isupper() and toks[x].tag in ("NN", "NNS", "NNP", "NNPS")
            and toks[x].low not in ROLE_WORDS for x in range(e, conj_end)
        ):
            e = conj_end
        # "Beyoncé's Cowboy Carter tour": a known owner is a better actor than an unknown thing.
        owner = [m for m in mentions if a <= m.start and m.end <= toks[s].start
                 and claim[m.end : m.end + 2] in ("'s", "’s", "' ", "’ ")
                 and m.entity.kind in ("person", "organisation", "team")]
        described = _described(toks, s, e, conj_end, claim)
        if described is not None:
            return described, others
        if _place_modifier(toks, s, e, conj_end, mentions):
            return (owner[-1].entity if owner else None), others
        found = _entity_at(toks, s, e, claim, mentions, kb)
        if not found.known and owner and found.kind != "person":
            return owner[-1].entity, others
        return _government(found, kb), others
    groups = [m for m in mentions if m.start >= a and m.end <= b]
    if groups:
        return groups[-1].entity, others
    return None, others


# Prepositions that give a name as a place ("heads to Chorley, Lancashire"), and those that make a
# name the complement of a common noun ("a bid to Congress", "answers on the order").
_SETTING = {"in", "at", "near", "outside", "inside", "across", "throughout", "around"}
_COMPLEMENT = {"to", "for", "on", "about", "over", "into", "toward", "towards"}


def _token_at(toks: list[Tok], start: int) -> int | None:
    return next((i for i, t in enumerate(toks) if t.start == start), None)


def _setting(toks: list[Tok], i: int | None, person: bool) -> bool:
    """Whether the name at token i is where the act happened or what a noun is about, not a party to it.

    "heads to Chorley, Lancashire for a summit", "meets Zelensky at the Vatican", "launches his bid
    to Congress": a name after a place preposition, after a preposition that hangs off a common
    noun ("bid to", "answers on"), or after a comma that follows a place, takes no part in the act.
    """
    if i is None or i == 0:
        return False
    before = toks[i - 1]
    if before.text == "," and i > 1 and not person:
        j = i - 2
        while j > 0 and toks[j - 1].proper:
            j -= 1
        # "Chorley, Lancashire": a town, then its county, after a place preposition or "heads to".
        if toks[i - 2].ent in ("GPE", "LOC", "FAC") or j > 0 and toks[j - 1].low in _SETTING | {"to"}:
            return True
    return (before.low in _COMPLEMENT and i > 1 and toks[i - 2].tag in ("NN", "NNS")
            and not toks[i - 2].proper)


def participants_of(toks, claim, subject, mentions, kb, extra_runs, reporter
                    ) -> tuple[tuple[Entity, ...], tuple[Entity, ...]]:
    """Everyone else the claim names, in order, as (participants, settings): KB names, groups, and
    other people's and bodies' names; the settings are names the act happened at or around."""
    seen = {subject.slug} if subject else set()
    skip = {(reporter or "").lower()}
    found: list[tuple[int, Entity]] = []
    settings: list[Entity] = []

    def add(pos: int, e: Entity) -> None:
        if e.slug in seen or e.name.lower() in skip or e.kind == "place":
            return
        seen.add(e.slug)
        found.append((pos, e))

    covered = [(m.start, m.end) for m in mentions]
    if subject is not None and not subject.known and subject.name in claim:
        # An alias inside the subject's own name ("Navigate Startup House") is not a participant.
        at = claim.index(subject.name)
        covered.append((at, at + len(subject.name)))
        mentions = [m for m in mentions if not (at <= m.start < at + len(subject.name))]
    for m in mentions:
        if _setting(toks, _token_at(toks, m.start), m.entity.kind == "person"):
            settings.append(m.entity)
        else:
            add(m.start, m.entity)
    for g in _GROUP.finditer(claim):
        if not any(s <= g.start() < e for s, e in covered):
            add(g.start(), _unknown(g.group(0), "NORP"))
            covered.append((g.start(), g.end()))
    for s, e in extra_runs:
        a, b = toks[s].start, toks[e - 1].end
        if any(cs <= a < ce for cs, ce in covered):
            continue
        ents = {toks[x].ent for x in range(s, e)} - {""}
        ent = next(iter(ents), "")
        k, e2 = _name_in(toks, s, e, claim)
        name = claim[toks[k].start : toks[e2 - 1].end] if e2 > k else ""
        # A lone adjective of nationality or party ("Democratic primary") names nobody.
        if len(name) <= 3 and name.isupper() and not kb.resolve(name) and not known_outlet(name):
            continue  # "NYC", "LA": places that spaCy takes for organisations
        if _setting(toks, s, ent == "PERSON"):
            if name and ent in ("PERSON", "ORG", "GPE", "LOC", "FAC"):
                settings.append(kb.resolve(name) or _unknown(name, ent))
            covered.append((a, b))
            continue
        if name and (ent in ("PERSON", "ORG") or ent == "NORP" and name.endswith("s")):
            add(a, kb.resolve(name) or _unknown(name, ent))
        covered.append((a, b))
    return tuple(e for _, e in sorted(found, key=lambda p: p[0])), tuple(settings)

