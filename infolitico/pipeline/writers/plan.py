"""What an article can say about its event, worked out before any sentence is chosen.

`plan(event, kb)` reads the event once into frozen values: the subject's names and pronouns, the
act in the mode the claim holds it, its object, purpose, setting and figures, each participant,
and the knowledge base's facts. The frames (template.py) are chosen from what the plan offers,
and only where what they presuppose holds of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from infolitico.errors import CannotWrite
from infolitico.pipeline import lexicon
from infolitico.pipeline.checks import split_sentences
from infolitico.pipeline.entities import OFFICES
from infolitico.pipeline.events import Descriptor, Entity, Event
from infolitico.pipeline.writers.language import (
    BOUNDARY,
    COUNT_WORDS,
    NAMED_PLACES,
    articled,
    getAllLemmas,
    getInflection,
    getLemma,
    in_prose,
    indefinite,
    is_base_verb,
    is_noun_phrase,
    is_plural_phrase,
    is_present_verb,
    is_team_name,
    is_title_case,
    past_tense,
    possessive,
    reads_bare,
    sentence_case,
    takes_the,
    typographic,
)

_PREPOSITIONS = {"to", "for", "with", "on", "at", "into", "from", "about", "against", "over"}
_COUNT_WORDS = {
    "a", "an", "the", "his", "her", "its", "their", "two", "three", "four", "five", "six",
    "seven", "eight", "nine", "ten", "several", "many", "few", "more", "fewer",
}  # fmt: skip
_SUBORDINATORS = {"as", "while", "when", "after", "before", "because", "since", "until"}
# A subordinate clause whose subject is a name and whose verb is still present: "as Liverpool go …".
_PRESENT_CLAUSE = re.compile(
    r"(?:^|\s)(?:as|while|when|after|before|since|until) "
    r"((?:the )?[A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*)*) ([a-z]+)\b"
)
_ROMAN = re.compile(r"^[IVXLC]+$")
_SUFFIXES = {"jr.", "jr", "sr.", "sr", "ii", "iii", "iv"}
_PRONOUNS = {"she": ("she", "her", "her"), "he": ("he", "him", "his"), "they": ("they", "them", "their")}
_AUXILIARIES = {"has", "have", "had", "is", "are", "was", "were", "will", "would", "can"}
_PARTICIPLES = {"owned", "founded", "based", "known", "born", "led", "run", "backed", "named"}
_CONTRACTIONS = {
    "won’t": "will not",
    "won't": "will not",
    "doesn’t": "does not",
    "doesn't": "does not",
    "don’t": "do not",
    "don't": "do not",
    "isn’t": "is not",
    "isn't": "is not",
    "aren’t": "are not",
    "aren't": "are not",
    "can’t": "cannot",
    "can't": "cannot",
    "didn’t": "did not",
    "didn't": "did not",
    "wasn’t": "was not",
    "wasn't": "was not",
}
_PLAN_PREFIXES = ("plan to ", "planned to ", "planning to ", "decide not to ", "decided not to ",
                  "deciding not to ", "be ", "was ", "been ", "being ")  # fmt: skip
_PURPOSE = re.compile(r"\bto ([a-z]+)( .+?)(?=$|, | in | at | after | amid | during | as | with )")
_HANGS_OFF_A_NOUN = re.compile(r"\b(?:on|of|for|about|over|against|with|into|from|by)\s+\S+")
_SETTING = re.compile(
    r"\b((?:in|at) (?:the )?(?!(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)"
    r"[A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*)*)"
)
_TIME = re.compile(
    r"\b((?:next|this|last) (?:week|month|year|season|spring|summer|fall|autumn|winter|"
    r"weekend|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    r"(?:on|in|by) (?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)(?: \d{1,2})?(?:,? \d{4})?|tonight|today|tomorrow)\b"
)
# A figure as the claim gives it, whole: "$25,000", "$8.5 million", "0-0"; never the 7 of "G7".
_NUMBER = re.compile(
    r"(?<![A-Za-z\d])(?!\d+(?:st|nd|rd|th)\b)"  # "100th" is a rank, not a figure
    r"\$?\d[\d,.]*(?:[-–]\d+)?(?:\s?(?:million|billion|trillion|percent|%|M|B|bn|m|k)\b)?"
)
_REACTION = re.compile(
    r"\b(?:says?|said|welcomes?|responds?|reacts?|rejects?|accepts?|thanks?|criticizes?|"
    r"slams?|praises?|hits back|replies|vows?|warns?)\b",
    re.I,
)
# Words that open a description rather than a name ("Three Chinese astronauts", "former Emera CEO").
_NUMBER_WORDS = set(COUNT_WORDS[1:13]) | {"several", "many", "some", "new", "young", "top", "local", "former"}
# People among them: frames about a thing ("the win has a name: the …") never fit a person.
_HEADS_NOT_THINGS = OFFICES | {
    "it", "them", "him", "her", "us", "twice", "once", "again", "way", "secret", "mention", "officer",
    "official", "player", "striker", "astronaut", "astronauts", "executive", "member", "members",
    "speaker", "ambassador", "envoy", "pitcher", "quarterback", "goalkeeper", "nominee", "candidate",
}  # fmt: skip
# Verbs whose object is the one who does what a following infinitive says ("named Cooper to lead").
_OBJECT_CONTROL = {
    "ask", "urge", "tell", "invite", "name", "appoint", "select", "choose", "pick", "hire", "allow",
    "encourage", "push", "press", "force", "order", "announce", "recruit", "sign", "draft", "call",
}  # fmt: skip
# Kinds whose acts are outcomes (a result, a record, a finish), never intentions someone carried out.
_OUTCOME_KINDS = {"win", "election", "record", "completion"}
# Verbs that say what came to the subject rather than what it set out to do.
_RECEIVING = {"get", "receive", "become", "earn", "go", "land", "gain", "draw"}


# Verbs whose object needs its place said with it ("put $8.5 million behind 40 projects").
_PLACING = {"put", "place", "pour", "sink", "plow", "plough", "funnel", "steer"}


def _maker(lemma: str) -> bool:
    """Whether the verb brings its object into being ("passed", "set up"), adverbs aside."""
    words = [w for w in lemma.lower().split() if not w.endswith("ly")]
    makers = lexicon.load().makers
    return bool(words) and (" ".join(words[:2]) in makers or words[0] in makers)


def head_lemma(lemma: str) -> str:
    """The first word of a bare verb phrase, lower case: "reach out to" -> "reach"."""
    return (lemma.split() or [""])[0].lower()


def _names_a_participant(obj: str, event: Event) -> bool:
    """Whether the act's object names someone in the event (who would be the infinitive's doer)."""
    low = obj.lower()
    return any(
        n and n.lower() in low for p in event.participants for n in (p.name, *p.aliases, p.surname or "")
    )


@dataclass(frozen=True)
class Named:
    """A subject or participant as the article names it."""

    entity: Entity
    full: str  # first reference: "Kamala Harris", "the U.S. Senate"
    short: str  # later references: "Harris", "the Senate"
    kind: str  # person, organisation, institution, team, group, place, thing
    plural: bool
    they: str
    them: str
    their: str
    pronoun: bool  # whether a pronoun (from the knowledge base, or "it"/"they") stands for the name
    desc: str | None = None  # "the former vice president"
    desc_fact: Descriptor | None = None
    clause: str | None = None  # "who have pressed Democratic leaders over …"
    clause_fact: Descriptor | None = None


@dataclass(frozen=True)
class Plan:
    """Everything an article may say about one event, as facts and the words for them."""

    event: Event
    seed: str
    subject: Named
    participants: tuple[Named, ...]
    partners: str  # who shares the act, named before its verb: "Dal" of "Volta, Dal launch …"
    reporter: str  # the outlet as prose says it: "the Associated Press"
    outlet: str  # the outlet's name as the source gives it: "Associated Press"
    attribution: str | None  # "officials" from "officials say"
    mode: str  # done, plan, negative, passive, progressive
    kind: str  # the act's kind in the lexicon
    family: str  # the phrase family that talks about it
    senses: tuple[str, ...]
    objects: tuple[str, ...]  # the lexicon's object classes the act's object belongs to
    win: bool  # whether doing this can be the literal win
    lemma: str  # the bare verb phrase: "reach out to", "pass"
    did: str  # the act after the subject's name: "passed a stopgap funding bill to avert …"
    did_core: str  # the act restated short: "reached out", "passed the bill"
    rest: str  # the claim after the verb, in prose
    raw_rest: str  # the claim after the verb, as written (sentence case)
    headline_verb: str  # the verb in a headline's present tense: "Reaches Out To", "Plans To Open"
    gerund: str  # "passing a stopgap funding bill", or "" when the act has no gerund phrase
    act_noun: str  # "outreach", "vote", "planned unveiling"
    obj: str  # the act's object in prose: "a stopgap funding bill"
    thing: str  # the object's head with its article: "the bill", "" when there is none
    thing_head: str  # "bill"
    purpose: str  # "to avert a government shutdown"
    aside: str  # the source's own present-tense clause, kept whole: "as Liverpool go three points clear"
    setting: str  # "in Halifax"
    time: str  # "next week"
    figures: tuple[str, ...]  # numbers as the claim gives them: "$25,000"
    prepositional: bool  # the verb ends in a preposition: "reached out to"
    reaction: bool  # the claim itself reports someone's reaction
    section: str
    words: tuple[int, int]  # the length the plan's facts can carry, inside the house limits

    @cached_property
    def features(self) -> frozenset[str]:
        """What the plan offers, as the names frames presuppose: "object", "participant", "figure", …"""
        have = {
            "object": bool(self.thing),
            "participant": bool(self.participants),
            "purpose": bool(self.purpose),
            "aside": bool(self.aside),
            "setting": bool(self.setting),
            "time": bool(self.time),
            "figure": bool(self.figures),
            "one_figure": len(self.figures) == 1 and not _COUNTED.search(self.event.source.claim),
            "counted": bool(self.figures) or bool(_COUNTED.search(self.event.source.claim)),
            "named": bool(self.participants or self.event.participants or self.event.settings)
            or _names_another(self),
            # "recalls envoys over submarine deal": the headline says why, or what for.
            "reason": bool(self.purpose or _REASON.search(self.raw_rest)),
            # The headline said nothing beyond the subject doing this to its object: no clause before
            # the subject, none after the object.
            # The act brought its object into being or force ("passed the bill"), not merely touched it.
            "made": _maker(self.lemma),
            "whole": not self.aside
            and self.obj.strip(" ,") == self.rest.strip(" ,")
            and _opens_with_subject(self),
            "descriptor": bool(self.subject.desc),
            "attribution": bool(self.attribution),
            "plural": self.subject.plural,
            "singular": not self.subject.plural,
            "win": self.win,
            "known": self.subject.entity.known,
            "pronoun": self.subject.pronoun,
            "reaction": self.reaction,
            # The feed's summary was read too: what the headline left out may be there, so no frame
            # says the newsroom read nothing more, or that a fact was missing.
            "summary": _says_more(self.event.source),
            "partners": bool(self.partners),
            # "Boosted by $6.8 million …, Volta unveils": the headline opened on something else.
            "preface": not _opens_with_subject(self),
            # The article calls the subject otherwise than the title did ("Ottawa" is the government).
            "renamed": _bare(self.subject.short).lower() not in typographic(self.event.source.claim).lower(),
            # "Volta, eight tech startups receive …": others share the act the article credits to one.
            "shared": _shared(self),
            # Any number at all in the headline ("25-hour"), figure or not: never "no figure".
            "numbered": bool(re.search(r"\d", self.event.source.claim)),
            # "drops interim label": someone held the job already, so there was no vacancy to fill.
            "interim": bool(re.search(r"\binterim\b", self.event.source.claim, re.I)),
            "gerund": bool(self.gerund),
            "people": any(p.kind in ("person", "group") for p in self.participants),
            # A result, a record or something received was never an intention carried out.
            "outcome": self.mode == "passive"
            or self.kind in _OUTCOME_KINDS
            or head_lemma(self.lemma) in _RECEIVING
            or "win" in self.senses,
        }
        return frozenset(k for k, v in have.items() if v)


def _full_name_read(summary: str | None, surname: str) -> str | None:
    """The full name a feed's summary gives a person the title names by surname: "Rex Tillerson"."""
    if not summary or not re.search(rf"\b{re.escape(surname)}\b", summary):
        return None
    from infolitico.pipeline.understand.model import load_nlp  # parsed only when the name is there

    for ent in load_nlp()(summary[:600]).ents:
        words = ent.text.removesuffix("’s").removesuffix("'s").split()
        if ent.label_ == "PERSON" and len(words) == 2 and words[1] == surname and words[0].isalpha():
            return " ".join(words)
    return None


def _outdated_by(descriptor: str, summary: str | None) -> bool:
    """Whether the feed's summary gives the office a "former …" descriptor says was left: the
    story is from its time ("the US Speaker of the House" makes "former speaker" false there)."""
    office = descriptor.removeprefix("former ").strip()
    if office == descriptor or not summary:
        return False
    found = re.search(rf"(\w+\s+)?{re.escape(office)}\b", summary, re.I)
    return bool(found) and (found.group(1) or "").strip().lower() != "former"


def _shared(p: Plan) -> bool:
    """Whether the title names others beside the subject before its verb ("Volta, eight startups")."""
    claim, name = p.event.source.claim, p.subject.entity.name
    start = claim.find(name)
    verb = p.event.act.text.split()[0] if p.event.act and p.event.act.text else ""
    end = claim.find(f" {verb}", start + len(name)) if verb and start >= 0 else -1
    between = claim[start + len(name) : end] if end > start >= 0 else ""
    return bool(re.search(r",\s*\w|\band\b|&", between))


def _bare(name: str) -> str:
    """A name without its leading "the" ("the Senate" -> "Senate")."""
    return name[4:] if name.lower().startswith("the ") else name


def _says_more(source) -> bool:
    """Whether the feed's summary says something the title does not (not merely the title again)."""
    # Aggregators' summaries are often the title and the outlet's name once more.
    def words(text: str | None) -> set[str]:
        return set(re.findall(r"[\w’']+", (text or "").lower()))

    new = words(source.summary) - words(source.title) - words(source.publisher) - words(source.reporter)
    return len(new) >= 3


def _is_verb_phrase(text: str) -> bool:
    """Whether a knowledge-base descriptor is a verb phrase ("took control of …"), not a noun phrase."""
    words = text.split()
    if not words:
        return False
    first = words[0].lower()
    if first in _AUXILIARIES or first in _PARTICIPLES:
        return True
    lemmas = getAllLemmas(first)
    if "VERB" in lemmas and "NOUN" not in lemmas and "ADJ" not in lemmas:
        return True
    second = words[1].lower() if len(words) > 1 else ""
    return "VERB" in lemmas and first.endswith(("s", "ed")) and second in {"the", "a", "an"}


def with_the(np: str) -> str:
    """A descriptor as a noun phrase that can follow a verb: "former vice president" -> "the …"."""
    first = np.split()[0] if np.split() else ""
    if first.lower() in {"a", "an", "the", "one", "his", "her", "its", "their"} or first.endswith(
        ("’s", "'s", "’")
    ):
        return np
    return "the " + np


def descriptor_phrase(entity: Entity) -> Descriptor | None:
    """The descriptor that can stand beside a name ("former vice president"): a role first."""
    usable = [d for d in entity.descriptors if d.text.strip() and not _is_verb_phrase(d.text)]
    usable = [d for d in usable if d.label != "party"]
    roles = [d for d in usable if d.label == "role"]
    return (roles or usable or [None])[0]


def descriptor_clause(entity: Entity) -> tuple[Descriptor, str] | None:
    """A context descriptor that reads as a clause, with its relative pronoun: (descriptor, text)."""
    for d in entity.descriptors:
        if d.label == "party" or not _is_verb_phrase(d.text):
            continue
        text = typographic(d.text.strip())
        if text.split()[0].lower() in _PARTICIPLES:
            return d, text  # "owned by ByteDance" stands beside a name as it is
        who = "who" if entity.kind in ("person", "group", "team") else "which"
        return d, f"{who} {text}"
    return None


# Last words that make a name an occasion or an object rather than someone who could answer.
_THING_HEADS = {
    "Tour", "Festival", "Summit", "Series", "Cup", "Open", "Olympics", "Games", "Oscars", "Grammys",
    "Emmys", "Awards", "Championship", "Conference", "Launch", "Mission", "Program", "Project", "Act",
    "Bill", "Plan", "Prize", "Trophy", "Expo", "Show", "Finale", "Final", "Week", "Cohort",
}  # fmt: skip


def is_thing(p: Entity, claim: str) -> bool:
    """Whether a participant is a thing or an event ("the Eras Tour", "Cybertruck"), not a party."""
    if p.kind in ("place", "person") and p.known:
        return False
    words = p.name.split()
    if not words:
        return False
    if words[-1] in _THING_HEADS:
        return True
    if p.known or p.name[:1].islower():
        return False  # the knowledge base's organisations and groups are parties that can answer
    # A name used as a modifier ("Artemis launch", "Eras Tour finale") names a thing.
    at = claim.find(p.name)
    following = claim[at + len(p.name) :].split()[:1] if at >= 0 else []
    if (
        following
        and following[0][:1].islower()
        and following[0].lower() not in BOUNDARY
        and not is_present_verb(following[0])
    ):
        return True
    # One unknown capitalised word that the knowledge base does not hold is a product or a brand.
    return len(words) == 1 and p.kind not in ("group", "team", "institution")


_COMPANY_PLURALS = re.compile(
    r"\b(?:Comics|Airlines|Airways|Motors|Industries|Systems|Technologies|Holdings|Partners|Studios|"
    r"Games|Labs|Networks|Pictures|Records|News|Brands|Foods|Pharmaceuticals|Solutions)$"
)


def _subject(event: Event, act_text: str) -> Named:
    s = event.subject
    assert s is not None
    title = event.source.title
    name = typographic(s.name)
    surname = typographic(s.surname) if s.surname else None
    # Letter-by-letter initialisms take "the" ("the FBI"); spoken acronyms do not ("NASA").
    spoken = re.fullmatch(r"[A-Z]{4,}", name) is not None and re.search("[AEIOU]", name)
    has_the = (
        surname.lower().startswith("the ")
        if surname
        else (s.kind in ("institution", "team") and not spoken or takes_the(name))
    ) or (not s.known and " of " in name and takes_the(name))  # "the Government of Canada"
    has_the = has_the or not s.known and name.split()[-1] in NAMED_PLACES  # "the Volta Cohort"
    full = f"the {name}" if has_the and not name.lower().startswith("the ") else name
    first = name.split()[0] if name.split() else ""
    counted = first.lower() in _NUMBER_WORDS and not s.known and len(name.split()) > 1
    if (
        counted
        or s.kind == "group"
        and not s.known
        and len(name.split()) > 1
        and first[:1].isupper()
        and first[1:].islower()
    ):
        lemmas = getAllLemmas(first.lower())
        # "Apple workers" keeps its brand: only an adjective ("Young Democrats") is a description's word.
        if counted or "ADJ" in lemmas and "PROPN" not in lemmas:
            # "Three Chinese astronauts" is a description, not a name: mid-sentence it is lower case.
            name = first.lower() + name[len(first) :]
            full = name
    if name[:1].islower() and s.kind == "person":
        full = f"{indefinite(name)} {name}"  # "a former Emera CEO": an office, its holder unnamed
    # "Nike executive", "Waterhouse family business": a name that only qualifies a common noun.
    described = not s.known and len(name.split()) > 1 and name[:1].isupper() and name.split()[-1].islower()
    if described and s.kind == "person":
        full = f"{indefinite(name)} {name}"
    elif described and s.kind == "organisation":
        full = f"the {name}"
    given = _full_name_read(event.source.summary, name) if not s.known and len(name.split()) == 1 else None
    kind = s.kind
    if given:
        # "Tillerson plans …" over a summary naming "Rex Tillerson": the first reference is the full
        # name the newsroom read, and the one so named is a person.
        full, kind = given, "person" if s.kind in ("person", "organisation") else s.kind
    if surname:
        short = surname
    elif s.kind == "person" or given:
        parts = [w for w in name.split() if w.lower() not in _SUFFIXES]
        short = name if not parts or _ROMAN.match(parts[-1]) else parts[-1]
    elif has_the and name.startswith(("U.S. ", "US ")):
        short = "the " + name.split(" ", 1)[1]
    else:
        short = full
    if has_the and not short.lower().startswith("the "):
        short = "the " + short
    if name[:1].islower() and short.startswith(first) and first[:1].isupper():
        short = first.lower() + short[len(first) :]  # a surname on file is the same description
    if (name[:1].islower() or described) and short in (name, full):
        short = f"the {name}"  # "three Chinese astronauts" first, "the three Chinese astronauts" after
    bare = short[4:] if short.lower().startswith("the ") else short
    if "." in bare and bare not in title and bare not in full:
        short = full  # a dotted short form ("the U.N.") the title never used reads as a new name
    head = (act_text.split() or [""])[0]
    # "Capybaras keep their chill": an unknown name with a headline's plural verb is plural.
    plural_verb = (
        not s.known
        and (s.kind != "person" or len(name.split()) == 1)
        and name.endswith("s")
        and head.islower()
        and head not in ("to", "will")
        and not act_text.lower().startswith("set to ")  # "Labs set to open": headlinese for "is set to"
        and (is_base_verb(head) or head in ("are", "have", "were"))
        # "DC Comics ditch …" is a British plural for one company: American prose keeps it singular.
        and not (s.kind == "organisation" and _COMPANY_PLURALS.search(name))
    )
    plural = s.kind == "group" or (s.kind == "team" and name.endswith("s")) or plural_verb or counted
    pronoun = True
    if kind == "person":
        said = (s.pronoun or "").lower()
        # An unknown pronoun is never guessed: the surname stands in for it.
        they, them, their = _PRONOUNS.get(said, (short, short, possessive(short)))
        plural = said == "they" or plural_verb
        pronoun = said in _PRONOUNS
    elif plural:
        they, them, their = _PRONOUNS["they"]
    else:
        they, them, their = "it", "it", "its"
    desc = descriptor_phrase(s) if s.kind != "group" else None  # "Dems" are not every party member
    if desc and _outdated_by(desc.text, event.source.summary):
        desc = None
    clause = descriptor_clause(s)
    return Named(
        entity=s,
        full=full,
        short=short,
        kind=kind,
        plural=plural,
        they=they,
        them=them,
        their=their,
        pronoun=pronoun,
        desc=with_the(typographic(desc.text)) if desc else None,
        desc_fact=desc,
        clause=clause[1] if clause else None,
        clause_fact=clause[0] if clause else None,
    )


def _participant(p: Entity, claim: str) -> Named:
    low = claim.lower()
    shown = typographic(p.name)
    for spelling in (p.name, *p.aliases, p.surname or ""):
        if spelling and spelling.lower() in low:
            start = low.find(spelling.lower())
            shown = claim[start : start + len(spelling)]
            break
    takes = (
        p.kind == "institution"
        or (p.kind == "team" and shown.endswith("s"))
        or takes_the(shown)
        or is_team_name(shown)  # "the Islanders", whatever the recogniser called them
    )
    takes = takes and not reads_bare(shown)
    if takes and not shown.lower().startswith("the "):
        shown = "the " + shown  # institutions and teams keep their article in prose: "the White House"
    kind = "thing" if is_thing(p, claim) else p.kind
    plural = p.kind == "group" or (p.kind == "team" and shown.endswith("s"))
    if p.kind == "team" and not plural and shown.startswith("the ") and not takes_the(shown[4:]):
        shown = shown[4:]  # "Arsenal", "Villa": a club named in the singular takes no article
    d = descriptor_phrase(p)
    c = descriptor_clause(p)
    said = (p.pronoun or "").lower()
    if p.kind == "person":
        they, them, their = _PRONOUNS.get(said, (shown, shown, possessive(shown)))
    elif plural:
        they, them, their = _PRONOUNS["they"]
    else:
        they, them, their = "it", "it", "its"
    return Named(
        entity=p,
        full=shown,
        short=shown,
        kind=kind, plural=plural, they=they, them=them, their=their,  # fmt: skip
        pronoun=p.kind != "person" or said in _PRONOUNS,
        desc=with_the(typographic(d.text)) if d else None,
        desc_fact=d,
        clause=c[1] if c else None,
        clause_fact=c[0] if c else None,
    )


def _names_in_claim(event: Event, kb: Any, claim: str) -> list[str]:
    """Every name the source or the knowledge base vouches for, which keeps its capitals."""
    names: list[str] = []
    for e in (event.subject, *event.participants):
        if e is not None:
            names += [e.name, *e.aliases, e.surname or ""]
    if kb is not None and hasattr(kb, "mentions"):
        names += [m.text for m in kb.mentions(claim)]
    return [n for n in names if n]


def _mode(event: Event) -> str:
    act = event.act
    assert act is not None
    mode = getattr(act, "mode", "done") or "done"
    low = typographic(act.text).lower()
    if mode == "done":
        # An understanding that does not say the mode: the act's own words do.
        if low.startswith(("to ", "will ")) or act.lemma.startswith("plan to "):
            return "plan"
        if act.lemma.startswith("decide not to ") or low.startswith(tuple(_CONTRACTIONS)):
            return "negative"
    return mode


def _bare_lemma(lemma: str) -> str:
    lemma = typographic(lemma).strip()
    for prefix in _PLAN_PREFIXES:
        if lemma.lower().startswith(prefix):
            return lemma[len(prefix) :]
    return lemma


def _third_person(verb_words: list[str], plural: bool) -> list[str]:
    if not verb_words:
        return verb_words
    first = verb_words[0]
    if first.lower() in ("be", "is", "are"):
        return ["Are" if plural else "Is", *verb_words[1:]]
    forms = getInflection(first.lower(), tag="VBP" if plural else "VBZ")
    return [forms[0] if forms else first, *verb_words[1:]]


def _counts_or_determines(word: str) -> bool:
    low = word.lower().strip(",")
    return low[:1].isdigit() or low in _COUNT_WORDS


def _prose_rest(rest: str, mode: str, prepositional: bool, past: str, lemma: str) -> str:
    """The claim's object in prose: articles restored, a second headline verb in the past."""
    words = rest.split()
    for i, w in enumerate(words[:-1]):
        # "holds rates steady, signals two cuts": the second verb follows the first's tense, and so
        # does one after an adverb ("drops label, officially appoints Cooper").
        j = i + 2 if words[i + 1].endswith("ly") and i + 2 < len(words) else i + 1
        if w.endswith(",") and is_present_verb(words[j]) and mode == "done":
            words[i] = w[:-1]
            words[j] = past_tense(words[j])
            words[i + 1] = "and " + words[i + 1]
        elif w.endswith(",") and mode == "plan" and words[j].islower() and is_base_verb(words[j]):
            words[i] = w[:-1]  # "plans to skip NATO meeting, visit Russia": two plans, joined by "and"
            words[i + 1] = "and " + words[i + 1]
    if mode == "done":
        # "as conflict deepens": a clause inside a reported past act moves into the past too.
        for i, w in enumerate(words[:-1]):
            if w.lower() in _SUBORDINATORS:
                for j in range(i + 1, min(i + 5, len(words))):
                    if words[j - 1][:1].isupper() and is_base_verb(words[j].rstrip(",")):
                        break  # "as Liverpool go three points clear": the clause's verb is "go"
                    if _counts_or_determines(words[j - 1]):
                        continue  # "three points", "the votes": after a number, a noun, never a verb
                    if is_present_verb(words[j].rstrip(",")):
                        tail = "," if words[j].endswith(",") else ""
                        words[j] = past_tense(words[j].rstrip(",")) + tail
                        break
    rest = " ".join(words)
    if prepositional and rest and not lemma.lower().startswith("run for"):
        # "passed by House": the noun after the act's own preposition needs its article too.
        prep = past.split()[-1]
        return articled(f"{prep} {rest}", transitive=False)[len(prep) + 1 :]
    return articled(rest, transitive=not prepositional)


_OFFICE_ACRONYMS = re.compile(r"^((?:[A-Z][\w’'&.-]*\s)+)(CEO|COO|CFO|CTO|CMO|CIO)\b")


def _own_prose(prose: str, subject: Named) -> str:
    """The object said as prose says it of this subject: "its first pitch event", "five startups"."""
    # "holds first pitch event": the first of the subject's own, not the first ever held anywhere.
    if subject.pronoun or subject.kind != "person":
        prose = re.sub(r"^the (first|second|third|\d+(?:st|nd|rd|th)) ", rf"{subject.their} \1 ", prose)
    else:
        # "Mane scores 100th goal" is his own hundredth; with no pronoun on file, "a 100th goal".
        prose = re.sub(r"^the (\d+(?:st|nd|rd|th)) ", r"a \1 ", prose)
    # "helps Arsenal beat Burnley for second win of season": one more of a count, not the only one.
    prose = re.sub(r"\bfor the (second|third|fourth|fifth|\d+(?:st|nd|rd|th)) ", r"for a \1 ", prose)
    # "backs 5 startups": a count under ten is spelled out in prose, a figure with a unit is not.
    prose = re.sub(
        r"(?<![\w$£€.,-])([1-9])(?= [a-z]+s\b)", lambda m: COUNT_WORDS[int(m.group(1)) - 1], prose
    )
    prose = in_prose(prose)
    # "becomes Volta CEO": an office at a named body is that body's ("Volta’s CEO").
    return _OFFICE_ACRONYMS.sub(lambda m: f"{possessive(m.group(1).strip())} {m.group(2)}", prose)


# Nouns that are a part or a mention of something, and say nothing without their "of" phrase.
_OF_HEADS = {"mention", "mentions", "part", "piece", "share", "stake", "copy", "rest", "half", "bulk",
             "majority", "remains", "photos", "images", "footage"}  # fmt: skip


def _object_phrase(rest: str) -> str:
    """The first noun phrase of the claim's object, in prose ("a stopgap funding bill")."""
    words = rest.split()
    if not words or words[0].lower() in BOUNDARY:
        return ""  # "for a new defense secretary" is a prepositional phrase, not an object
    out = []
    for i, w in enumerate(words):
        low = w.lower()
        if (
            i > 0
            and low != "of"
            and (low in BOUNDARY or low in ("next", "later", "this", "tonight", "today"))
        ):
            break
        if low == "of" and (i + 4 < len(words) or len(out) > 3) and out[-1].lower() not in _OF_HEADS:
            break  # "a mention of ‘The American Way’": a noun that means nothing without its "of" keeps it
        out.append(w.rstrip(","))
        if w.endswith(",") or len(out) >= 8:
            break
    while out and out[-1].lower() in BOUNDARY | {"a", "an", "the"}:
        out.pop()
    return " ".join(out)


def _thing(obj: str) -> tuple[str, str]:
    """The object's head as a definite noun phrase ("the bill"), when it is a plain common noun."""
    words = obj.split()
    if not words or not is_noun_phrase(obj) or {"is", "are", "was", "were", "has", "have"} & set(words):
        return "", ""  # "wife is pregnant" is a clause, not a thing
    head = words[-1].strip("’”,.")
    low = head.lower()
    if any(w[:1].isdigit() or w[:1] == "$" for w in words) or low in (
        "million",
        "billion",
        "trillion",
        "percent",
    ):
        return "", ""  # "$8.5 million" is a figure, said whole, not a thing
    if (not head.isalpha() and "-" not in head) or head[:1].isupper() or low in _HEADS_NOT_THINGS:
        return "", ""
    if words[0][:1].isupper() and len(words) > 1 and words[0].lower() not in ("a", "an", "the"):
        return "", ""  # "Trump administration", "Tesla shares": a name's thing, said whole
    lemmas = getAllLemmas(low)
    if "NOUN" not in lemmas or ("VERB" in lemmas and low.endswith("ing") and len(words) == 1):
        return "", ""
    if (
        low.endswith("s")
        and not low.endswith(("ss", "us", "is"))
        and len(words) > 1
        and words[-2][:1].isdigit()
    ):
        return "", ""  # "five startups" is a count, not one thing
    # Two words ("pitch event", "funding bill") name the thing better than its head alone.
    pair = words[-2:] if len(words) >= 2 and words[-2].isalpha() and words[-2].islower() else [head]
    if pair[0].lower() in ("a", "an", "the", "new", "first", "its", "his", "her", "their", "own"):
        pair = [head]
    if "NOUN" not in getAllLemmas(pair[0].lower()) and len(pair) == 2:
        pair = [head]
    skip = ("a", "an", "the", "new", "first", "its", "his", "her", "their", "own")
    if (
        len(pair) == 2
        and len(words) >= 3
        and words[-3].isalpha()
        and words[-3].islower()
        and words[-3] not in skip
    ):
        pair = words[-3:]  # "mental health platform": the modifier's own modifier belongs to the name
    noun = " ".join(pair)
    if low.endswith("s") and not low.endswith(("ss", "us", "is", "news")):
        return "", ""  # "five new companies": frames say "the thing is", so a plural is left unnamed
    return f"the {noun}", noun


# "Zdeno Chara, 44, returning": a number set off by commas after a name is an age, not the act's;
# "1-year", "12-year" are part of a word, a length, not a figure to dwell on.
_AGE = re.compile(r"(?<=[A-Za-z]), \d{1,3},|\b\d+-[a-z]+")


def _figures(claim: str) -> tuple[str, ...]:
    ages = [range(m.start(), m.end()) for m in _AGE.finditer(claim)]
    return tuple(
        dict.fromkeys(
            m.group(0).strip().rstrip(".,")
            for m in _NUMBER.finditer(claim)
            if not any(m.start() in r for r in ages)
        )
    )


def plan(event: Event, kb: Any = None, variant: int = 0, words: tuple[int, int] = (260, 520)) -> Plan:
    """The article's plan: what the event offers to say, read once. ValueError when there is nothing."""
    if event.subject is None or event.act is None:
        raise CannotWrite("the event has no subject or no act to write about")
    act = event.act
    src = event.source
    reporter = src.reporter or src.publisher
    outlet = reporter
    if not reporter:
        raise CannotWrite("the source credits no reporting outlet, and the body must name one")
    claim = typographic(src.claim)
    text = typographic(act.text).strip()
    title_case = is_title_case(claim)
    if title_case:
        text = text.lower()  # "Volta Permanently Leaving": a verb phrase is never a name
    subject = _subject(event, text)
    mode = _mode(event)
    if mode in ("refusal", "conjecture"):
        raise CannotWrite(f"the act is a {mode}, which is not a literal win")
    lemma = _bare_lemma(act.lemma)
    past = typographic(act.past).strip()
    if title_case:
        lemma, past = lemma.lower(), past.lower()
    if mode in ("plan", "negative"):
        past = _bare_lemma(past)
        forms = getInflection(lemma.split()[0].lower(), tag="VBD") if lemma.split() else ()
        past = " ".join([forms[0] if forms else lemma.split()[0], *lemma.split()[1:]]) if lemma else past
    elif past.lower() == text.lower() and past.split() and is_present_verb(past.split()[0]):
        past = " ".join([past_tense(past.split()[0]), *past.split()[1:]])
    low_claim = claim.lower()
    # "Trump open to talks": a singular subject with a bare adjective is headlinese for "is open".
    copula = (
        mode == "done"
        and not subject.plural
        and text.islower()
        and len(text.split()) == 1
        and text == lemma.lower()
        and "ADJ" in getAllLemmas(text)
    )
    was = "were" if subject.plural else "was"
    is_ = "are" if subject.plural else "is"
    if copula:
        past = f"{was} {text}"
    rest = typographic(act.rest).strip()
    if not rest and text.lower() in low_claim:
        rest = claim[low_claim.find(text.lower()) + len(text) :].strip()
    rest = split_sentences(rest)[0] if rest else rest  # "… visit. But this time …": the act is in the first
    # "… her mayoral campaign — but a backer is missing": after a dash comes another story.
    rest = re.split(r"\s[—–]\s?", rest)[0]
    if is_title_case(claim):
        # "Prohibit Girls From Attending Secondary School": capitals that only mark a headline.
        rest = sentence_case(rest, _names_in_claim(event, kb, claim))
    else:
        # "… District to Support Startups and Scaleups": a title-case tail in a sentence-case headline
        # starts at an infinitive's capitalised verb, and is said in prose case from there.
        tail = re.search(r"\bto ([A-Z][a-z]+) (?:[A-Z]|and )", rest)
        if tail and is_base_verb(tail.group(1).lower()):
            # A name counts only where it was capitalised before the tail too ("Innovation District");
            # "Scaleups" capitalised only inside the tail is a headline's capital.
            names = [n for n in _names_in_claim(event, kb, claim) if n in rest[: tail.start()]]
            said = [
                w if any(w.strip(",") in n.split() for n in names) or w.isupper() else w.lower()
                for w in rest[tail.start() :].split()
            ]
            rest = rest[: tail.start()] + " ".join(said)
    rest = rest.rstrip(" .,;:")
    raw_rest = rest
    verb_words = (past if mode == "done" else lemma).split()
    prepositional = bool(verb_words) and verb_words[-1].lower() in _PREPOSITIONS
    prose = _prose_rest(rest, mode, prepositional, past if mode == "done" else lemma, lemma)
    prose = _own_prose(prose, subject)
    aside = ""
    if mode == "done":
        # "scored the 100th goal as Liverpool go three points clear": the source's clause keeps its
        # present tense, which clashes with a past-tense act, so it leaves the act and is quoted apart.
        m = _PRESENT_CLAUSE.search(prose)
        if m and (is_base_verb(m.group(2)) or is_present_verb(m.group(2))):
            aside = prose[m.start() :].strip()
            prose = prose[: m.start()].rstrip(" ,")
    low_text = text.lower()
    for short, long in _CONTRACTIONS.items():
        low_text = low_text.replace(short, long)
    # "is set to set up" says "set" twice: a plan whose own verb is "set" is said as a plan.
    set_to = (
        f"{is_} set to" if lemma.split()[:1] != ["set"] else ("plan to" if subject.plural else "plans to")
    )
    if mode == "plan":
        if low_text.startswith("to "):
            did = f"{set_to} {lemma} {prose}"
        elif low_text.startswith("will "):
            did = f"will {lemma} {prose}"
        elif low_text.startswith("set to "):
            did = f"{is_} {low_text} {prose}"  # "set to open": the headline dropped the verb
        else:
            did = f"{low_text} {prose}"
    elif mode == "negative":
        did = f"{low_text} {prose}" if not low_text.startswith("decide") else f"will not {lemma} {prose}"
    elif mode == "progressive":
        gerund_words = typographic(act.gerund).split()
        did = f"{is_} {' '.join(gerund_words)} {prose}" if gerund_words else f"{low_text} {prose}"
    elif mode == "passive":
        part = past.split()[-1] if past.split() else text
        did = f"{was} {_bare_lemma(typographic(act.participle)) or part} {prose}"
    else:
        did = f"{past} {prose}"
    did = re.sub(r"\s+", " ", did).strip()
    obj = _object_phrase(prose) if not prepositional else ""
    if mode in ("passive",) or copula:
        obj = ""
    thing, thing_head = _thing(obj) if obj else ("", "")
    after = prose[len(obj) :] if obj else prose
    # "… as Trump moves to promote overhaul": a clause of its own is another act, not this one's purpose.
    own = re.split(r"\b(?:as|while|when|after|before|because|since|amid|despite)\b", after)[0]
    purpose_m = _PURPOSE.search(own)
    purpose = ""
    # "… for answers on the Trump order to ban …": after a prepositional phrase, the infinitive
    # belongs to the noun before it (the order's aim), never to the subject's act.
    if purpose_m and _HANGS_OFF_A_NOUN.search(own[: purpose_m.start()]):
        purpose_m = None
    # "announces finalists to pitch for $25,000": the pitching is the finalists'. The infinitive is the
    # subject's purpose only when it follows a plain thing the act acted on, directly, and the verb is
    # not one whose object does what the infinitive says ("asks the board to reconsider").
    if purpose_m and obj:
        directly = not own[: purpose_m.start()].strip()
        thing_only = bool(_thing(obj)[0]) and not _names_a_participant(obj, event)
        if not directly or not thing_only or head_lemma(lemma) in _OBJECT_CONTROL:
            purpose_m = None
    if purpose_m and is_base_verb(purpose_m.group(1)) and not prepositional:
        purpose = "to " + purpose_m.group(1) + purpose_m.group(2)
    setting_m = _SETTING.search(own)
    setting = setting_m.group(1) if setting_m else ""
    time_m = _TIME.search(claim)
    when = time_m.group(1) if time_m else ""
    # The kicker's short restatement: "she reached out", "it passed the bill".
    core_verb = (past if mode == "done" else lemma).split()
    core_obj = obj
    if prepositional and (act.kind == "outreach" or not _object_phrase(prose)):
        core_verb = core_verb[:-1] or core_verb  # "she reached out": the people were named above
        core_obj = ""
    elif prepositional:
        core_obj = _object_phrase(prose)  # "they traded for Jimmy Butler"
    head = lemma.split()[0] if lemma.split() else ""
    clause_words = set(prose.lower().split()) & {"will", "would", "is", "are", "won’t", "can"}
    if head in ("say", "claim", "argue", "insist", "predict", "tell") and (
        clause_words or prose[:1].isupper()
    ):
        core_obj = "so"  # "she said so": the reported clause was given in full above
    if head_lemma(lemma) in _PLACING and obj and len(prose.split()) <= 10:
        core_obj = prose  # "it put $8.5 million behind 40 projects": "put" needs its where
    if len(core_obj.split()) > 6 and core_obj != prose:
        core_obj = thing or ""
    if not core_obj and setting and act.kind != "outreach":
        core_obj = setting  # "it is set to set up in Armoyan Centre"
    elif not core_obj and not prepositional and prose and len(prose.split()) <= 8 and act.kind != "outreach":
        core_obj = prose  # "it started up in a new space beside City Hall": the where is the act's
    core = " ".join([*core_verb, core_obj]).strip()
    base = " ".join([lemma, core_obj]).strip()
    if mode == "plan" and low_text.startswith("will "):
        core = f"will {base}"
    elif mode == "plan" and low_text.startswith("to "):
        core = f"{set_to} {base}"
    elif mode == "plan":
        core = f"{is_} set to {base}"
    elif mode == "negative":
        verb_only = lemma.split()[:-1] if prepositional else lemma.split()
        core = "will not " + " ".join(verb_only)
    elif mode == "progressive":
        core = did
    elif mode == "passive":
        core = did if len(did.split()) <= 8 else " ".join(did.split()[:2])
    elif copula:
        core = past
    partners = " and ".join(
        _participant(p, claim).full for p in _unique(event) if _before_verb(p, claim, text)
    )
    # The headline's verb: present tense agreeing with the subject and any partners ("Reaches Out
    # To", "Plan To Open", "Volta And Dal Launch").
    together = subject.plural or bool(partners)
    lemma_words = [w for w in lemma.split() if not w.endswith("ly")] or lemma.split()
    if mode == "plan":
        hverb = (
            " ".join(["Will", *lemma_words])
            if low_text.startswith("will ")
            else (f"Plan{'' if together else 's'} To {' '.join(lemma_words)}")
        )
    elif mode == "negative":
        hverb = f"Won’t {' '.join(lemma_words)}"
    elif mode == "progressive":
        hverb = f"{'Are' if together else 'Is'} {typographic(act.gerund)}"
    elif mode == "passive":
        hverb = f"{'Are' if together else 'Is'} {_bare_lemma(typographic(act.participle))}"
    elif copula:
        hverb = f"{'Are' if together else 'Is'} {text}"
    else:
        hverb = " ".join(_third_person(lemma_words, together))
    gerund = ""
    g = typographic(act.gerund).strip()
    if (
        mode == "done"
        and g
        and not prepositional
        and obj
        and len(obj.split()) <= 5
        and g.split()[0].endswith("ing")
    ):
        gerund = f"{g} {prose if head_lemma(lemma) in _PLACING and len(prose.split()) <= 10 else obj}"
    info = lexicon.load()
    verb = getattr(act, "verb", "") or head
    kind = act.kind if act.kind in info.kinds else "action"
    family = _family(lemma, kind, raw_rest, mode, copula)
    noun = _act_noun(act, lemma, kind, family, mode)
    attribution = None
    if src.attribution:
        attribution = (
            " ".join(w for w in src.attribution.split() if w.lower() not in ("say", "says", "said")) or None
        )
    objects = tuple(name for name, cls in info.objects.items() if raw_rest and cls.matches(raw_rest))
    # The one appointed is named in the act itself, never a counterpart with a paragraph of its own.
    appointing = act.kind in ("appointment", "hiring")
    participants = tuple(
        _participant(p, claim)
        for p in _unique(event)
        if _in_own_clause(p, claim, text) and _counterpart(p, claim, text) and not appointing
    )
    subject_words = subject.entity.name.lower()
    reaction = bool(_REACTION.search(claim.replace(subject_words, "")[len(text) :] if text else claim))
    sense = lexicon.senses_of(verb) or lexicon.senses_of(lemma)
    return Plan(
        event=event,
        seed=f"{event.id}:{variant}",
        subject=subject,
        participants=participants,
        partners=partners,
        reporter=_with_the(typographic(outlet)) if outlet else "",
        outlet=typographic(outlet) if outlet else "",
        attribution=attribution, mode=mode, kind=kind, family=family,  # fmt: skip
        senses=tuple(sense),
        objects=objects,
        win=lexicon.is_win(verb) and info.kinds[kind].win,
        lemma=lemma,
        # "Tribe, Volta to collaborate": an act with no object is done with the partners.
        did=f"{did} with {partners}" if partners and not core_obj and did == core else did,
        did_core=f"{core} with {partners}" if partners and not core_obj else core,
        rest=prose,
        raw_rest=raw_rest,
        headline_verb=hverb,
        gerund=gerund,
        act_noun=noun,
        obj=obj, thing=thing, thing_head=thing_head, purpose=purpose, aside=aside,  # fmt: skip
        setting=setting,
        time=when,
        # Only the act's own numbers: "Boosted by $6.8 million …, Volta unveils" left the figure's
        # clause out of the act, and a figure the article cannot explain is not one to dwell on.
        figures=tuple(in_prose(f) for f in _figures(f"{text} {raw_rest}")),
        prepositional=prepositional,
        reaction=reaction,
        section=event.section,
        words=words,
    )


_COUNTED = re.compile(
    r"\b(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|"
    r"thousands?|millions?|billions?)\b",
    re.I,
)
_REASON = re.compile(
    r"\b(?:over|after|amid|because|for|as|despite|following|in protest|in response|to [a-z]+)\b", re.I
)


def _opens_with_subject(p: Plan) -> bool:
    claim = p.event.source.claim.lower()
    names = [p.subject.entity.name, *p.subject.entity.aliases, p.subject.entity.surname or ""]
    return any(n and claim.startswith(n.lower()) for n in names)


# Outlets whose names read with "the" in running prose ("the Associated Press reported").
_THE_OUTLETS = {"Associated Press", "Daily Mail", "Los Angeles Times", "Washington Post", "Guardian",
                "Globe and Mail", "Wall Street Journal", "Daily Telegraph", "Telegraph", "Independent",
                "Times", "Sydney Morning Herald", "New Zealand Herald", "Straits Times", "Verge", "Hill",
                "Philippine Star", "Canadian Press", "Economist", "Atlantic", "Irish Times"}


def _with_the(outlet: str) -> str:
    return f"the {outlet}" if outlet in _THE_OUTLETS else outlet


def _names_another(p: Plan) -> bool:
    """Whether the claim has a capitalised word past its first that is not the subject's or the outlet's."""
    claim = p.event.source.claim
    if is_title_case(claim):
        return False  # every word is capitalised: the understanding's participants decide
    own = set(" ".join([p.subject.entity.name, p.subject.short, p.reporter]).split())
    words = [w.strip("‘“’”'\"(),:;.") for w in claim.split()[1:]]
    return any(w[:1].isupper() and w not in own and w.removesuffix("’s") not in own for w in words)




def _before_verb(p: Entity, claim: str, verb: str) -> bool:
    """Whether a participant is named with the subject, before the verb ("Tribe, Volta to collaborate")."""
    at = claim.lower().find(verb.lower())
    return at > 0 and any(n and 0 < claim.find(n) < at for n in (p.name, *p.aliases))


def _counterpart(p: Entity, claim: str, verb: str) -> bool:
    """Whether a participant is the act's other party, not a word that qualifies a noun.

    "defies FIFA vice president", "Atlantic Canada finalists", "becomes Volta CEO", "Everton's
    unbeaten start": a name before a noun, a role or a possessive only describes that noun, and a
    name before the verb ("Volta, Dal launch") shares the act rather than receiving it.
    """
    low = claim.lower()
    at = low.find(verb.lower())
    if at < 0 or p.name.split()[-1].lower() in OFFICES:
        return False  # "becomes Volta CEO": the office, not a party to the act
    for name in (p.name, *p.aliases, p.surname or ""):
        where = low.find(name.lower(), at + len(verb)) if name else -1
        if where < 0:
            continue
        after = claim[where + len(name) :]
        if after[:2] in ("’s", "'s"):
            return False
        follow = after.split()[0].strip("‘“’”'\"(),:;.") if after.split() else ""
        # After the name comes the end, a comma or a preposition; a noun, a role or (in a Title Case
        # headline) anything else makes the name a modifier.
        return not follow or after[:1] in ",:;" or follow.lower() in BOUNDARY
    return False


def _in_own_clause(p: Entity, claim: str, verb: str) -> bool:
    """Whether a participant belongs to the act, not to a clause of its own after it ("as Trump moves")."""
    low = claim.lower()
    at = low.find(verb.lower())
    names = [n.lower() for n in (p.name, *p.aliases, p.surname or "") if n]
    where = min((low.find(n, at) for n in names if low.find(n, at) >= 0), default=-1)
    if at < 0 or where < 0:
        return True
    between = low[at:where]
    return not re.search(r"\b(?:as|while|when|after|before|because|since|amid|despite)\b", between)


def _unique(event: Event) -> list[Entity]:
    seen = {event.subject.slug} if event.subject else set()
    out = []
    for p in event.participants:
        if p.slug not in seen:
            seen.add(p.slug)
            out.append(p)
    return out


def _family(lemma: str, kind: str, raw_rest: str, mode: str, copula: bool) -> str:
    """The phrase family that talks about the act: the verb's own, else its kind's (acts.toml)."""
    if mode == "negative":
        return "withdrawal"
    if copula:
        return "statement"  # "open to talks" is a stated position, not a launch
    words = [w for w in lemma.lower().split() if not w.endswith("ly")]
    first = (raw_rest.split() or [""])[0].lower()
    if first in ("plan", "plans", "proposal", "strategy", "blueprint", "framework", "roadmap", "budget"):
        return "plan"
    info = lexicon.load()
    # Its object made the act this kind ("launches court action"), or decides how it is talked
    # about ("sets up in the Armoyan Centre" is a launch to the clusterer, but a move's words).
    sense = info.object_sense(" ".join(words), raw_rest)
    if sense is not None and sense.kind == kind and kind in info.kinds:
        return sense.family or info.kinds[kind].family
    candidates = [" ".join(words[:n]) for n in range(len(words), 0, -1)]
    for verb in candidates:
        s = info.main.get(verb)
        if s and s.family and not s.broad:
            return s.family
    k = info.kinds.get(kind)
    if k and k.specific:
        return k.family
    for verb in candidates:
        s = info.main.get(verb)
        if s and s.family:
            return s.family
    return k.family if k else "act"


def _own_family(lemma: str) -> str | None:
    """The family the lemma's own sense is talked about in ("return" is a visit's)."""
    info = lexicon.load()
    sense = info.main.get(lemma)
    if sense is None:
        return None
    return sense.family or (info.kinds[sense.kind].family if sense.kind in info.kinds else None)


def _act_noun(act, lemma: str, kind: str, family: str, mode: str) -> str:
    """What the article calls the act: the lexicon's noun for the verb, else the family's."""

    # A phrasal verb's noun is its own ("set up" is not "set", a record): no falling back to its first word.
    noun = lexicon.noun_of(lemma) or (lexicon.noun_of(lemma) if " " in lemma else None)
    # Its object made the act another kind ("ends an unbeaten start" is a win, not a finish), unless
    # the two are talked about alike ("returns to Earth" ends a mission, and is still a return).
    other_kind = lexicon.object_kind(lemma, act.rest) == kind != lexicon.kind_of(lemma)
    if other_kind and family != _own_family(lemma):
        return ""
    words = lemma.split()
    if not noun and len(words) == 1 and act.noun and " " not in act.noun:
        noun = act.noun
    if noun and " " not in noun and is_plural_phrase(noun):
        # "this goals": the frames say "this {act}" and "the {act} was", so the noun is one act.
        noun = (getLemma(noun, upos="NOUN") or [noun])[0]
    if noun in ("win", "victory"):
        noun = "result"  # "the win for Villa is the win itself" says nothing twice
    if not noun:
        return ""  # the family's noun, chosen where its presuppositions are known (template.py)
    if mode == "plan":
        return "plan" if noun in ("plan", "proposal") else f"planned {noun}"
    if mode == "negative":
        return "decision"
    return noun
