"""The embedded writer: VOICE.md's moves realised from a phrase book, every fact from the event or KB."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from infolitico.pipeline.checks import split_sentences
from infolitico.pipeline.events import Act, Draft, Entity, Event, Fact
from infolitico.pipeline.writers import phrases as P
from infolitico.pipeline.writers.language import (
    BOUNDARY,
    articled,
    capitalise,
    getAllLemmas,
    getInflection,
    indefinite,
    is_base_verb,
    is_noun_phrase,
    is_present_verb,
    is_title_case,
    past_tense,
    possessive,
    sentence_case,
    takes_the,
    title_case,
    typographic,
)

_PREPOSITIONS = {"to", "for", "with", "on", "at", "into", "from", "about", "against", "over"}
_NEGATIONS = (
    "won't",
    "won’t",
    "will not",
    "doesn't",
    "doesn’t",
    "does not",
    "not",
    "never",
    "isn't",
    "isn’t",
    "is not",
    "can't",
    "can’t",
    "cannot",
    "refuses to",
    "declines to",
)
_FUTURES = (
    "to",
    "will",
    "plan to",
    "decide not to",
    "decided not to",
    "set to",
    "plans to",
    "is set to",
    "is to",
    "expected to",
    "poised to",
    "aims to",
    "prepares to",
    "is preparing to",
    "plan to",
    "are set to",
    "are to",
)
_SUBORDINATORS = {"as", "while", "when", "after", "before", "because", "since", "until"}
_ROMAN = re.compile(r"^[IVXLC]+$")
_SUFFIXES = {"jr.", "jr", "sr.", "sr", "ii", "iii", "iv"}
_PRONOUNS = {"she": ("she", "her", "her"), "he": ("he", "him", "his"), "they": ("they", "them", "their")}
_WORD_RANGE = (350, 550)


def _seed_pick(seed: str, slot: str, options: tuple[str, ...] | list[str]) -> str:
    """One option, chosen by the event and variant so that the same event reads the same."""
    digest = hashlib.sha256(f"{seed}|{slot}".encode()).digest()
    return options[int.from_bytes(digest[:4], "big") % len(options)]


def _words(text: str) -> int:
    return len(text.split())


def _with_the(np: str) -> str:
    """A descriptor as a noun phrase that can follow a verb: "former vice president" -> "the …"."""
    first = np.split()[0] if np.split() else ""
    if first.lower() in {"a", "an", "the", "one", "his", "her", "its", "their"} or first.endswith(
        ("’s", "'s", "’")
    ):
        return np
    return "the " + np


_AUXILIARIES = {"has", "have", "had", "is", "are", "was", "were", "will", "would", "can"}
_PARTICIPLES = {"owned", "founded", "based", "known", "born", "led", "run", "backed", "named"}


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


def descriptor_phrase(entity: Entity):
    """The descriptor that can stand beside a name ("the former vice president"): a role first."""
    usable = [d for d in entity.descriptors if d.text.strip() and not _is_verb_phrase(d.text)]
    usable = [d for d in usable if d.label != "party"] or []
    roles = [d for d in usable if d.label == "role"]
    return (roles or usable or [None])[0]


def descriptor_clause(entity: Entity):
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


@dataclass
class _Ledger:
    """The facts the article may state, each with the words that state it."""

    surfaces: list[tuple[str, str, str, str | None]] = field(default_factory=list)

    def add(self, surface: str, fact: str, origin: str, as_of: str | None = None) -> None:
        if surface and surface.strip():
            self.surfaces.append((surface.strip(), fact, origin, as_of))

    def facts_in(self, index: int, sentence: str) -> list[Fact]:
        """Every registered fact whose words appear in `sentence`, once each."""
        low = sentence.lower()
        seen: set[str] = set()
        out = []
        for surface, fact, origin, as_of in self.surfaces:
            if fact in seen or surface.lower() not in low:
                continue
            seen.add(fact)
            out.append(Fact(index, fact, origin, as_of if origin == "kb" else None))  # type: ignore[arg-type]
        return out


class _Story:
    """Everything the templates need to know about one event, worded."""

    def __init__(self, event: Event, variant: int, kb: Any = None):
        if event.subject is None or event.act is None:
            raise ValueError("the event has no subject or no act to write about")
        self.event = event
        self.kb = kb
        self.seed = f"{event.id}:{variant}"
        self.source = event.source
        self.subject: Entity = event.subject
        self.act: Act = event.act
        self.title = event.source.title
        self.claim = typographic(event.source.claim)
        self.ledger = _Ledger()
        reporter = event.source.reporter or event.source.publisher
        self.reporter = typographic(reporter) if reporter else None
        if not self.reporter:
            raise ValueError("the source credits no reporting outlet, and the body must name one")
        self.used_absurd = False
        self.used: set[str] = set()
        self._names()
        self._act()
        self.family = P.FAMILIES[self._family_name()]
        if self.family is P.FAMILIES["act"]:
            noun = _seed_pick(event.id, "fallback-noun", P.FALLBACK_NOUNS)
            talk = _seed_pick(event.id, "fallback-talk", P.FALLBACK_TALK)
            self.family = dataclasses.replace(self.family, noun=noun, talk=talk)
        if self.mode == "future" and "plan" not in self.family.noun:
            self.family = dataclasses.replace(self.family, noun=f"planned {self.family.noun}")
        self._register()

    # -- choosing ---------------------------------------------------------------------------
    def pick(self, slot: str, options, reuse: bool = False) -> str:
        """An option for `slot`; one already used in this article is skipped unless `reuse`."""
        if self.mode == "future":
            # A planned act has not happened: wordings that say it did would invent a fact.
            options = [o for o in options if not _says_it_happened(o)] or options
        if self.no_pronoun:
            # Without a known pronoun, wordings that lean on one would repeat the surname.
            options = [o for o in options if "{their}" not in o and "{them}" not in o] or options
        choice = _seed_pick(self.seed, slot, options)
        if (reuse and not choice) or choice not in self.used:
            self.used.add(choice)
            return choice
        start = list(options).index(choice)
        for step in range(1, len(options)):
            candidate = options[(start + step) % len(options)]
            if candidate not in self.used:
                self.used.add(candidate)
                return candidate
        return choice

    # -- the subject ------------------------------------------------------------------------
    def _names(self) -> None:
        s = self.subject
        self.no_pronoun = False
        name = typographic(s.name)
        surname = typographic(s.surname) if s.surname else None
        # Letter-by-letter initialisms take "the" ("the FBI"); spoken acronyms do not ("NASA").
        spoken = re.fullmatch(r"[A-Z]{4,}", name) is not None and re.search("[AEIOU]", name)
        if surname:
            has_the = surname.lower().startswith("the ")
        else:
            has_the = s.kind in ("institution", "team") and not spoken
        self.full = f"the {name}" if has_the and not name.lower().startswith("the ") else name
        if surname:
            short = surname
        elif s.kind == "person":
            parts = [w for w in name.split() if w.lower() not in _SUFFIXES]
            short = name if not parts or _ROMAN.match(parts[-1]) else parts[-1]
        elif has_the and name.startswith(("U.S. ", "US ")):
            short = "the " + name.split(" ", 1)[1]
        else:
            short = self.full
        if has_the and not short.lower().startswith("the "):
            short = "the " + short
        bare = short[4:] if short.lower().startswith("the ") else short
        if "." in bare and bare not in self.title and bare not in self.full:
            # A dotted short form ("the U.N.") the title never used reads as a new name; keep the full one.
            short = self.full
        self.short = short
        self.plural = s.kind == "group" or (s.kind == "team" and name.endswith("s"))
        head = (self.act.text.split() or [""])[0]
        # "Capybaras keep their chill": an unknown name with a headline's plural verb is plural.
        plural_verb = (
            not s.known
            and (s.kind != "person" or len(name.split()) == 1)
            and name.endswith("s")
            and head.islower()
            and head not in _FUTURES
            and is_base_verb(head)
        )
        self.plural = self.plural or plural_verb
        if s.kind == "person":
            pronoun = (s.pronoun or "").lower()
            # An unknown pronoun is never guessed: the surname stands in for it.
            self.they, self.them, self.their = _PRONOUNS.get(pronoun, (short, short, possessive(short)))
            self.plural = pronoun == "they" or plural_verb
            self.no_pronoun = pronoun not in _PRONOUNS
        elif self.plural:
            self.they, self.them, self.their = _PRONOUNS["they"]
        else:
            self.they, self.them, self.their = "it", "it", "its"
        self.is_ = "are" if self.plural else "is"
        self.was = "were" if self.plural else "was"
        desc = descriptor_phrase(s)
        self.descriptor = desc
        self.desc = _with_the(typographic(desc.text)) if desc else short

    # -- the act ----------------------------------------------------------------------------
    def _act(self) -> None:
        act = self.act
        text = typographic(act.text).strip()
        low_claim = self.claim.lower()
        before = low_claim[: low_claim.find(text.lower())] if text.lower() in low_claim else ""
        lead = " ".join(before.split()[-2:])
        low = text.lower()
        if low.startswith(_NEGATIONS) or lead.endswith(_NEGATIONS):
            self.mode = "negative"
        elif (
            low.startswith(tuple(f + " " for f in _FUTURES))
            or lead.endswith((" to", " will"))
            or lead in ("to", "will")
        ):
            self.mode = "future"
        else:
            self.mode = "past"
        lemma = typographic(act.lemma).strip()
        for prefix in sorted((*_NEGATIONS, *_FUTURES), key=len, reverse=True):
            if lemma.lower().startswith(prefix + " "):
                lemma = lemma[len(prefix) + 1 :]
        self.lemma = lemma
        past = typographic(act.past).strip()
        if past.lower() == text.lower() and is_present_verb(past.split()[0]):
            past = " ".join([past_tense(past.split()[0]), *past.split()[1:]])
        # "Trump open to talks": a singular subject with a bare adjective is headlinese for "is open",
        # not the verb "opened".
        self.copula = (
            self.mode == "past"
            and not self.plural
            and text.islower()
            and len(text.split()) == 1
            and text == lemma.lower()
            and "ADJ" in getAllLemmas(text)
        )
        if self.copula:
            past = f"{self.was} {text}"
        self.past = past
        self.verb_text = text
        rest = typographic(act.rest).strip()
        if not rest and text.lower() in low_claim:
            rest = self.claim[low_claim.find(text.lower()) + len(text) :].strip()
        # A title of two sentences ("… visit. But this time …"): the act is in the first.
        rest = split_sentences(rest)[0] if rest else rest
        if is_title_case(self.claim):
            # "Prohibit Girls From Attending Secondary School": capitals that only mark a headline.
            rest = sentence_case(rest, self._names_in_claim())
        self.raw_rest = rest
        last = self.past.split()[-1].lower() if self.past.split() else ""
        self.prepositional = last in _PREPOSITIONS
        self.rest = self._prose_rest(rest)

    def _names_in_claim(self) -> list[str]:
        """Every name the source or the knowledge base vouches for, which keeps its capitals."""
        names: list[str] = []
        for e in (self.subject, *self.event.participants):
            names += [e.name, *e.aliases, e.surname or ""]
        if self.kb is not None and hasattr(self.kb, "mentions"):
            names += [m.text for m in self.kb.mentions(self.claim)]
        return [n for n in names if n]

    def _prose_rest(self, rest: str) -> str:
        """The claim's object in prose: articles restored, a second headline verb in the past."""
        words = rest.split()
        for i, w in enumerate(words[:-1]):
            # "holds rates steady, signals two cuts": the second verb follows the first's tense.
            if w.endswith(",") and is_present_verb(words[i + 1]) and self.mode == "past":
                words[i] = w[:-1]
                words[i + 1] = "and " + past_tense(words[i + 1])
        if self.mode == "past":
            # "as conflict deepens": a clause inside a reported past act moves into the past too.
            for i, w in enumerate(words[:-1]):
                if w.lower() in _SUBORDINATORS:
                    for j in range(i + 1, min(i + 5, len(words))):
                        if is_present_verb(words[j].rstrip(",")):
                            tail = "," if words[j].endswith(",") else ""
                            words[j] = past_tense(words[j].rstrip(",")) + tail
                            break
        rest = " ".join(words)
        if self.prepositional and rest and not self.lemma.lower().startswith("run for"):
            # "run for Senate" is an idiom that keeps its bare office.
            # "passed by House": the noun after the act's own preposition needs its article too.
            prep = self.past.split()[-1]
            return articled(f"{prep} {rest}", transitive=False)[len(prep) + 1 :]
        return articled(rest, transitive=not self.prepositional)

    def _family_name(self) -> str:
        kind = (self.act.kind or "").lower()
        lemma = self.lemma.lower()
        if self.mode == "negative":
            return "withdrawal"
        if self.copula:
            return "statement"  # "open to talks" is a stated position, not a launch
        if lemma.startswith("reach out"):
            return "outreach"
        head = (self.raw_rest.split() or [""])[0].lower()
        if head in P.PLAN_WORDS or " ".join(self.raw_rest.split()[:2]).lower().split()[-1:] == ["plan"]:
            return "plan"
        verb = self._verb_family(lemma, precise_only=True)
        if verb:
            return verb
        if kind in P.SPECIFIC_KINDS and kind in P.KIND_FAMILY:
            return P.KIND_FAMILY[kind]
        verb = self._verb_family(lemma, precise_only=False)
        if verb:
            return verb
        if kind in P.KIND_FAMILY and P.KIND_FAMILY[kind] != "act":
            return P.KIND_FAMILY[kind]
        return "act"

    def _verb_family(self, lemma: str, precise_only: bool) -> str | None:
        words = [w for w in lemma.split() if not w.endswith("ly")]
        lemma = " ".join(words)
        for verb in sorted(P.VERB_FAMILY, key=len, reverse=True):
            if lemma == verb or lemma.startswith(verb + " "):
                if precise_only and verb in P.BROAD_VERBS:
                    return None
                return P.VERB_FAMILY[verb]
        return None

    # -- clauses ----------------------------------------------------------------------------
    def object_phrase(self) -> str:
        """The first noun phrase of the claim's object, in prose ("a stopgap funding bill")."""
        words = self.rest.split()
        if words and words[0].lower() in BOUNDARY:
            return ""  # "for a new defense secretary" is a prepositional phrase, not an object
        out = []
        for i, w in enumerate(words):
            low = w.lower()
            if i > 0 and low != "of" and (low in BOUNDARY or low in ("next", "later", "this")):
                break
            if low == "of" and i + 4 < len(words) and len(out) > 3:
                break
            out.append(w.rstrip(","))
            if w.endswith(",") or len(out) >= 8:
                break
        while out and out[-1].lower() in BOUNDARY | {"a", "an", "the"}:
            out.pop()
        return " ".join(out)

    def did(self) -> str:
        """The act as a finite clause after the subject, in the mode the claim reports."""
        if self.mode == "future":
            return f"{self.is_} set to {self.lemma} {self.rest}".strip()
        if self.mode == "negative":
            return f"will not {self.lemma} {self.rest}".strip()
        return f"{self.past} {self.rest}".strip()

    def did_core(self) -> str:
        """The act restated short and plain, for the kicker: "reached out", "passed a bill"."""
        verb = self.past if self.mode == "past" else self.lemma
        obj = self.object_phrase()
        verb_words = verb.split()
        if self.prepositional and (not obj or self.family is P.FAMILIES["outreach"]):
            # "she reached out": the house kicker drops the people, who were named above.
            verb, obj = " ".join(verb_words[:-1]) or verb, ""
        elif self.prepositional:
            obj = f"{verb_words[-1]} {obj}"
            verb = " ".join(verb_words[:-1]) or verb
        head = self.lemma.split()[0] if self.lemma.split() else ""
        clause = set(obj.lower().split()) & {"will", "would", "is", "are", "won’t", "can"}
        if head in ("say", "claim", "argue", "insist", "predict") and (clause or obj[:1].isupper()):
            obj = "so"  # "she said so": the reported clause was given in full above
        elif self.family is P.FAMILIES["statement"] and clause:
            obj = "as much"
        core = f"{verb} {obj}".strip()
        if self.mode == "future":
            return f"{self.is_} set to {core}"
        if self.mode == "negative":
            return f"will not {core}"
        return core

    def kact(self) -> str:
        return f"{self.they} {self.did_core()}"

    def happened(self) -> tuple[str, str]:
        return {
            "past": ("happened", "took place"),
            "future": ("was planned", "is planned"),
            "negative": ("was decided", "was decided"),
        }[self.mode]

    def attribution_words(self) -> str | None:
        """Who the anonymous attribution names: "sources say" -> "sources"."""
        attribution = self.source.attribution
        if not attribution:
            return None
        words = [w for w in attribution.split() if w.lower() not in ("say", "says", "said")]
        return " ".join(words) or None

    # -- the ledger -------------------------------------------------------------------------
    def _origin(self, text: str) -> str:
        return "source" if text and text.lower() in self.title.lower() else "kb"

    def _register(self) -> None:
        s = self.subject
        lg = self.ledger
        lg.add(self.full, s.name, self._origin(s.name))
        bare_short = self.short[4:] if self.short.lower().startswith("the ") else self.short
        if bare_short.lower() in s.name.lower():
            lg.add(bare_short, s.name, self._origin(s.name))
        else:
            lg.add(bare_short, bare_short, self._origin(bare_short))  # "the ECB", "the Fed"
        if self.descriptor:
            lg.add(self.desc, self.descriptor.text, "kb", self.descriptor.as_of)
        lg.add(self.reporter, self.reporter, self._origin(self.reporter))
        for clause in (self.did(), self.did_core(), self.rest, self.raw_rest, self.object_phrase()):
            if len(clause.split()) >= 2 or clause == self.rest:
                lg.add(clause, self.source.claim, "source")
        attribution = self.attribution_words()
        if attribution:
            lg.add(attribution, self.source.attribution or attribution, "source")
        for p in self.participants():
            shown = self.participant_name(p)
            lg.add(shown, shown if self._origin(shown) == "source" else p.name, self._origin(shown))
            d = descriptor_phrase(p)
            if d:
                lg.add(_with_the(typographic(d.text)), d.text, "kb", d.as_of)
            c = descriptor_clause(p)
            if c:
                lg.add(c[1], c[0].text, "kb", c[0].as_of)
        for token in re.findall(r"\$?\d[\d,.]*", self.source.claim):
            lg.add(token.rstrip(".,"), self.source.claim, "source")

    # -- participants -----------------------------------------------------------------------
    def participants(self) -> list[Entity]:
        seen = {self.subject.slug}
        out = []
        for p in self.event.participants:
            if p.slug not in seen:
                seen.add(p.slug)
                out.append(p)
        return out

    def participant_name(self, p: Entity) -> str:
        """A participant as the source named it, so that first mentions match the claim."""
        low = self.claim.lower()
        for spelling in (p.name, *p.aliases, p.surname or ""):
            if spelling and spelling.lower() in low:
                start = low.find(spelling.lower())
                return self._with_article(p, self.claim[start : start + len(spelling)])
        return self._with_article(p, typographic(p.name))

    @staticmethod
    def _with_article(p: Entity, name: str) -> str:
        """Institutions and teams keep their article in prose: "the White House"."""
        if (p.kind in ("institution", "team") or takes_the(name)) and not name.lower().startswith("the "):
            return "the " + name
        return name

    # -- slots ------------------------------------------------------------------------------
    def slots(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        """The template placeholders' values; they depend only on the event, so they are made once."""
        base = self.__dict__.get("_slots")
        if base is None:
            base = self._slots = self._make_slots()
        return {**base, **extra} if extra else base

    def _make_slots(self) -> dict[str, str]:
        f = self.family
        unclaimed = [
            u
            for u in f.unclaimed
            if not set(u.lower().split()) & set(self.claim.lower().split()) - {"a", "an", "the", "of"}
        ]
        while len(unclaimed) < 2:
            unclaimed.append(("a broader agenda", "reactions from elsewhere")[len(unclaimed)])
        first = int(hashlib.sha256(self.seed.encode()).hexdigest(), 16) % len(unclaimed)
        not1 = unclaimed[first]
        not2 = unclaimed[(first + 1) % len(unclaimed)]
        happened, happened_short = self.happened()
        attribution = self.attribution_words()
        # "outreach" takes no article; the house says "an outreach effort".
        a_noun = "an outreach effort" if f.noun == "outreach" else f"{indefinite(f.noun)} {f.noun}"
        values = {
            "full": self.full,
            "short": self.short,
            "they": self.they,
            "them": self.them,
            "their": self.their,
            "has": "have" if self.plural else "has",
            "desc": self.desc,
            "reporter": self.reporter,
            "Reporter": capitalise(self.reporter),
            "reporter_poss": possessive(self.reporter),
            "Reporter_poss": capitalise(possessive(self.reporter)),
            "noun": f.noun,
            "a_noun": a_noun,
            "A_noun": capitalise(a_noun),
            "talk": f.talk,
            "Talk": capitalise(f.talk),
            "arena": f.arena,
            "gain": f.gain,
            "plain": f.plain,
            "Plain": capitalise(f.plain),
            "big": f.big,
            "not1": not1,
            "not2": not2,
            "happened": happened,
            "happened_short": happened_short,
            "kact": self.kact(),
            "did": self.did(),
            "attribution": attribution or "",
            "cite": f", citing {attribution}," if attribution else "",
            "obj": self.object_phrase(),
        }
        return values

    def fill(self, template: str, extra: dict[str, str] | None = None) -> str:
        text = template.format(**self.slots(extra))
        return capitalise(text)


def _says_it_happened(template: str) -> bool:
    bare = re.sub(r"\{[^}]*\}", "", template).lower()
    return any(marker in bare for marker in P.PAST_ONLY)


def _absurd_sentence(story: _Story, slot: str) -> str:
    story.used_absurd = True
    frames = P.ABSURD_PLANNED if story.mode == "future" else P.ABSURD
    return story.fill(
        story.pick(slot + ":frame", frames),
        {"absurd": story.pick(slot + ":absurd", story.family.absurd)},
    )


def _opened(story: _Story, slot: str, options, extra: dict[str, str] | None = None) -> str:
    """A generic sentence, sometimes given an opener, so that articles in a row differ."""
    template = story.pick(slot, options)
    sentence = story.fill(template, extra)
    opener = story.pick(slot + ":opener", P.OPENERS, reuse=True)
    # An opener would stack on an opening phrase, or lower-case a name the sentence starts with.
    if not opener or template.startswith("{") or "," in " ".join(sentence.split()[:6]):
        return sentence
    return opener + sentence[0].lower() + sentence[1:]


Paragraph = list[tuple[str, bool]]  # (sentence, required)


def _lede(story: _Story) -> Paragraph:
    tail = story.fill(story.pick("lede:tail", P.LEDE_TAIL))
    tail = tail[0].lower() + tail[1:]
    attribution = story.attribution_words()
    cite = f", citing {attribution}" if attribution else ""
    first = f"{capitalise(story.full)} {story.did()}, {story.reporter} reported{cite}, {tail}."
    return [
        (first, True),
        (story.fill(story.pick("lede:2", P.LEDE_SECOND)), True),
        (_opened(story, "lede:3", P.LEDE_THIRD), False),
    ]


def _win(story: _Story) -> Paragraph:
    why = [story.fill(w) for w in story.family.why]
    second = story.pick("win:2", why)
    return [
        (story.fill(story.pick("win:1", P.WIN_FIRST)), True),
        (second, True),
        (story.fill(story.pick("win:g", P.WIN_SECOND)), False),
        (_opened(story, "win:3", P.WIN_THIRD), False),
    ]


def _scope(story: _Story) -> Paragraph:
    has_numbers = bool(re.search(r"\d", story.source.claim))
    numbers = P.SCOPE_NUMBERS if has_numbers else P.SCOPE_NO_NUMBERS
    para: Paragraph = [(story.fill(story.pick("scope:1", P.SCOPE_FIRST)), True)]
    if story.attribution_words():
        para.append((story.fill(story.pick("scope:attr", P.SCOPE_ATTRIBUTION)), True))
    else:
        para.append((story.fill(story.pick("scope:2", P.SCOPE_SECOND)), True))
    para.append((_opened(story, "scope:n", numbers), False))
    para.append((_opened(story, "scope:3", P.SCOPE_THIRD), False))
    return para


# Last words that make a name an occasion or an object rather than someone who could answer.
_THING_HEADS = {
    "Tour",
    "Festival",
    "Summit",
    "Series",
    "Cup",
    "Open",
    "Olympics",
    "Games",
    "Oscars",
    "Grammys",
    "Emmys",
    "Awards",
    "Championship",
    "Conference",
    "Launch",
    "Mission",
    "Program",
    "Programme",
    "Project",
    "Act",
    "Bill",
    "Plan",
    "Prize",
    "Trophy",
    "Expo",
    "Show",
    "Finale",
    "Final",
    "Week",
}


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


def _participant(story: _Story, p: Entity, index: int, others: list[Entity]) -> Paragraph:
    name = story.participant_name(p)
    plural = p.kind == "group" or name.endswith("s") and p.kind in ("team", "group")
    extra = {
        "P": name,
        "P_poss": possessive(name, plural),
        "pkind": {
            "person": "figure",
            "group": "group",
            "organisation": "organisation",
            "institution": "institution",
            "team": "team",
            "place": "place",
        }[p.kind],
    }
    slot = f"p{index}"
    thing = is_thing(p, story.claim)
    if thing:
        first = story.pick(slot + ":1", P.PARTICIPANT_FIRST_THING)
    elif p.kind == "place":
        first = story.pick(slot + ":1", P.PARTICIPANT_FIRST_PLACE)
    elif index == 0:
        first = story.pick(slot + ":1", P.PARTICIPANT_FIRST)
    else:
        first = story.pick(slot + ":1", P.PARTICIPANT_MORE)
    para: Paragraph = [(story.fill(first, extra), True)]
    d = descriptor_phrase(p)
    clause = descriptor_clause(p)
    if clause:
        # Context the knowledge base holds ("have pressed Democratic leaders …") says the most.
        extra["pclause"] = clause[1]
        para.append((story.fill(story.pick(slot + ":c", P.PARTICIPANT_CONTEXT), extra), True))
    elif d:
        extra["pdesc"] = _with_the(typographic(d.text))
        para.append((story.fill(story.pick(slot + ":d", P.PARTICIPANT_DESCRIBED), extra), True))
    d = d or (clause[0] if clause else None)
    if thing:
        para.append((story.fill(story.pick("p:thing", P.PARTICIPANT_THING_MORE), extra), not d))
    elif p.kind != "place":
        para.append((story.fill(story.pick("p:silent", P.PARTICIPANT_SILENT), extra), not d))
    if others:
        names = [story.participant_name(o) for o in others]
        listed = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
        para.append(
            (f"The report also named {listed}, which widened the {story.family.noun} further still.", True)
        )
    if p.kind != "place" and not thing:
        para.append((_opened(story, "p:adds", P.PARTICIPANT_ADDS, extra), False))
    if not story.used_absurd:
        para.append((_absurd_sentence(story, slot), True))
    if len(para) < 2:
        para.append((story.fill(story.pick(slot + ":g", P.ACT_GENERIC), extra), True))
    # Keep every required sentence and the first optional ones, four at most, in reading order.
    room = 4 - sum(1 for _, required in para if required)
    kept = []
    for sentence, required in para:
        if required or room > 0:
            kept.append((sentence, required))
            room -= 0 if required else 1
    return kept[:4]


_PURPOSE = re.compile(r"\bto ([a-z]+)( .+?)(?=$|,| in | at | after | amid | during )")
_SETTING = re.compile(r"\b((?:in|at|during|amid|from) .+?)(?=$|,| to | after )")


def _act_paragraphs(story: _Story, count: int) -> list[Paragraph]:
    """One or two paragraphs on the act itself: its object, setting and stakes as reported."""
    rest = story.rest
    obj = story.object_phrase()
    first: Paragraph = []
    if (
        obj
        and story.mode != "negative"
        and is_noun_phrase(obj)
        and not any(story.participant_name(p).lower() in obj.lower() for p in story.participants())
        and (obj != rest.strip() or len(obj.split()) >= 2)
    ):
        first.append((story.fill(story.pick("act:obj", P.ACT_OBJECT)), True))
    after = rest[len(obj) :] if obj else rest
    purpose = _PURPOSE.search(after)
    setting = _SETTING.search(after)
    if purpose and is_base_verb(purpose.group(1)) and not story.prepositional:
        first.append(
            (
                story.fill(
                    story.pick("act:purpose", P.ACT_PURPOSE),
                    {"purpose": "to " + purpose.group(1) + purpose.group(2)},
                ),
                True,
            )
        )
    if setting:
        first.append(
            (
                story.fill(story.pick("act:setting", P.ACT_SETTING), {"setting": setting.group(1)}),
                len(first) < 2,
            )
        )

    def generic(n: int) -> str:
        return story.fill(story.pick(f"act:g{n}", P.ACT_GENERIC))

    while len(first) < 2:
        first.append((generic(len(first)), True))
    if not story.used_absurd:
        first.append((_absurd_sentence(story, "act"), True))
    if len(first) < 4 and count == 1:
        first.append((generic(5), False))
    paragraphs = [first[:4]]
    if count > 1:
        paragraphs.append([(generic(6), True), (generic(7), True), (generic(8), False), (generic(9), False)])
    return paragraphs


def _reading(story: _Story) -> list[str]:
    """An optional paragraph of interpretation, phrased as interpretation, for short drafts."""
    return [story.fill(story.pick("read:1", P.READING)), story.fill(story.pick("read:2", P.READING_MORE))]


def _noun_aliases(story: _Story) -> tuple[list[str], str | None]:
    """Other noun phrases for the act, in the order an article cycles them, and its gerund phrase."""
    noun = story.family.noun
    if story.mode == "future":
        return ["the plan", f"this {noun}", "the intended step"], None
    base = P.NOUN_ALIASES.get(noun, ("the move", "the step"))
    aliases = [a for a in base if a != f"the {noun}"]
    aliases.insert(1, f"this {noun}")
    spare = [a for a in ("the step", "the act", "the move") if a not in aliases and a != f"the {noun}"]
    aliases += spare[:1]
    obj = story.object_phrase()
    gerund = typographic(story.act.gerund).strip()
    if (
        story.mode == "past"
        and gerund
        and not story.prepositional
        and obj
        and len(obj.split()) <= 4
        and gerund.split()[0].endswith("ing")
    ):
        # The act's own gerund ("announcing a new album") is the plainest way to name it again.
        return aliases, f"{gerund} {obj}"
    return aliases, None


_KEEP_NOUN = 2  # mentions of "the {noun}" left as they are before the article varies them


def _vary_noun(story: _Story, body: list[list[str]]) -> list[list[str]]:
    """After its first mentions, the act's noun alternates with other references to the act."""
    noun = story.family.noun
    pattern = re.compile(rf"\b([Tt])he {re.escape(noun)}(?![\w-])(’s| itself| story| stories)?")
    aliases, gerund = _noun_aliases(story)
    count = 0
    since_gerund = 99

    def swap(m: re.Match) -> str:
        nonlocal count, since_gerund
        if m.group(2) in (" story", " stories"):
            return m.group(0)
        count += 1
        since_gerund += 1
        if count <= _KEEP_NOUN:
            return m.group(0)
        as_subject = m.start() == 0 or m.string[: m.start()].endswith(("that ", "; ", ", and "))
        # The gerund carries the object, so it never stands where the object is about to be named.
        states_object = gerund and gerund.split(" ", 1)[-1].lower() in m.string.lower()
        if gerund and as_subject and not m.group(2) and since_gerund > 3 and not states_object:
            # A gerund phrase reads well only as a subject, and takes neither "’s" nor "itself".
            since_gerund = 0
            choice = gerund
        else:
            choice = aliases[(count - _KEEP_NOUN - 1) % len(aliases)]
        if m.group(1) == "T" or m.start() == 0:
            choice = capitalise(choice)
        return choice + (m.group(2) or "")

    return [[pattern.sub(swap, sentence) for sentence in para] for para in body]


def _kicker(story: _Story) -> Paragraph:
    return [
        (story.fill(story.pick("kick:1", P.KICKER_FIRST)), True),
        (story.fill(story.pick("kick:2", P.KICKER_SECOND)), False),
        (_opened(story, "kick:m", P.KICKER_MIDDLE), False),
        (story.fill(story.pick("kick:3", P.KICKER_LAST)), True),
    ]


def _fit(story: _Story, paragraphs: list[Paragraph]) -> list[list[str]]:
    """Keep the required sentences and add optional ones until the body is long enough."""
    low, high = _WORD_RANGE
    target = low + 40 + int(hashlib.sha256((story.seed + "len").encode()).hexdigest(), 16) % 120
    keep = [[required for _, required in para] for para in paragraphs]

    def total() -> int:
        return sum(
            _words(s)
            for para, k in zip(paragraphs, keep, strict=True)
            for (s, _), on in zip(para, k, strict=True)
            if on
        )

    optional = [
        (i, j) for j in range(4) for i, para in enumerate(paragraphs) if j < len(para) and not para[j][1]
    ]
    for i, j in optional:
        if total() >= target:
            break
        if sum(keep[i]) < 4:
            keep[i][j] = True
    for i, j in reversed(optional):
        if total() <= high - 10:
            break
        if keep[i][j] and sum(keep[i]) > 2:
            keep[i][j] = False
    body = []
    for para, k in zip(paragraphs, keep, strict=True):
        body.append([s for (s, _), on in zip(para, k, strict=True) if on])
    return body


def _headline_cuts(words: list[str]) -> list[int]:
    """Where a claim's rest may be cut for a headline: before a preposition or after a comma."""
    cuts = [len(words)]
    second_verb = []
    for i in range(len(words) - 1, 0, -1):
        low = words[i].lower()
        if words[i - 1].endswith(",") and is_present_verb(words[i]):
            # "Confirms Russia Probe, Says Moscow Backed Trump" loses its comma in a headline and
            # would run two clauses together, so the headline stops before the second verb.
            second_verb.append(i)
        if low in BOUNDARY or low in {"next", "later", "this"} or words[i - 1].endswith(","):
            cuts.append(i)
    if second_verb:
        return sorted(c for c in set(cuts) if c <= min(second_verb))[::-1]
    return sorted(set(cuts), reverse=True)


def _headline(story: _Story) -> str:
    """7 to 14 words, Every Word Capitalised, the subject first, talk turned into the act."""
    f = story.family
    short = story.short[4:] if story.short.lower().startswith("the ") else story.short
    lemma_words = [
        w for w in (story.lemma.split() or story.verb_text.split()) if not w.endswith("ly")
    ] or story.lemma.split()
    if story.mode == "future":
        verb = f"Plan{'' if story.plural else 's'} To {' '.join(lemma_words)}"
    elif story.mode == "negative":
        verb = f"Won’t {' '.join(lemma_words)}"
    elif story.copula:
        verb = f"Is {story.verb_text}"
    else:
        forms = getInflection(lemma_words[0], tag="VBP" if story.plural else "VBZ")
        verb = " ".join([forms[0] if forms else lemma_words[0], *lemma_words[1:]])
    rest_words = story.raw_rest.split()
    noun = f.noun if f.noun != "move" else "action"
    actual = "Actual" if noun == "outreach" else f"{indefinite('actual').title()} Actual"
    templates = list(P.HEADLINE)
    start = int(hashlib.sha256((story.seed + "headline").encode()).hexdigest(), 16) % len(templates)
    order = templates[start:] + templates[:start]
    for cut in _headline_cuts(rest_words):
        rest = " ".join(rest_words[:cut]).rstrip(",")
        for template in order:
            if "{Tail}" in template and (not story.prepositional or story.mode != "past"):
                continue
            tail = f"{story.past.split()[-1]} {rest}" if story.prepositional else ""
            text = template.format(
                Short=short,
                s="" if story.plural else "s",
                Talk=f.talk,
                Noun=noun,
                Verb=verb,
                Rest=rest,
                Tail=tail,
            ).replace("Into Actual", f"Into {actual}")
            text = title_case(typographic(re.sub(r",(?=\s)", "", text)))
            if 7 <= len(text.split()) <= 14:
                return text
    words = f"{short} {verb}".split() + rest_words
    while len(words) > 14 or (len(words) > 7 and words[-1].lower() in BOUNDARY):
        words.pop()
    return title_case(typographic(" ".join(words).rstrip(",")))


def _dek(story: _Story) -> str:
    template = story.pick("dek", P.DEK)
    dek = story.fill(template)
    if _words(dek) > 40:
        dek = story.fill(template, {"did": story.did_core()})
    if _words(dek) > 40:
        dek = story.fill("{Reporter} reported{cite} that {short} {did}.", {"did": story.did_core()})
    return dek


class TemplateWriter:
    """The embedded default writer: the house voice from templates, no model, no network."""

    name = "template"

    def write(self, event: Event, kb: Any = None, variant: int = 0) -> Draft:
        """Write the event as a Draft; each `variant` picks other phrasings of the same facts."""
        story = _Story(event, variant, kb)
        headline = _headline(story)
        dek = _dek(story)
        paragraphs = [_lede(story), _win(story), _scope(story)]
        # An act that did not happen has no counterparts; its paragraphs are about the decision.
        participants = story.participants() if story.mode != "negative" else []
        room = 3 if len(participants) >= 3 else len(participants)
        for index, p in enumerate(participants[:room]):
            others = participants[3:] if index == 2 else []
            paragraphs.append(_participant(story, p, index, others))
        if room < 2:
            paragraphs.extend(_act_paragraphs(story, 2 - room))
        reading = _reading(story)
        paragraphs.append(_kicker(story))
        body = _fit(story, paragraphs)
        if sum(_words(x) for para in body for x in para) < _WORD_RANGE[0] + 30 and len(body) < 7:
            # A short draft gets the interpretive paragraph before the kicker, labelled as such.
            body.insert(len(body) - 1, reading)
        body = _vary_noun(story, body)
        ledger: list[Fact] = []
        # Indexed the way check() splits them, so the ledger and the checks agree on sentence numbers.
        paragraphs_text = [" ".join(para) for para in body]
        sentences = [headline, dek] + [s for p in paragraphs_text for s in split_sentences(p)]
        for index, sentence in enumerate(sentences):
            ledger.extend(story.ledger.facts_in(index, sentence))
        return Draft(
            headline=headline,
            dek=dek,
            body=tuple(paragraphs_text),
            ledger=tuple(ledger),
            writer=self.name,
        )
