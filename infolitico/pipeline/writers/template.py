"""The embedded writer: plan the article from its event, choose frames true of it, realise them.

Three steps, each a function over frozen values: `plan()` (plan.py) reads what the event offers;
`outline()` chooses, for every move of VOICE.md, frames whose presuppositions hold of the plan;
`realise()` fills them with the plan's words and fits the body to the house length. One seeded
chooser (`choose`) makes every choice, so the same event and variant read the same every time.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from infolitico.pipeline.checks import HOUSE, split_sentences
from infolitico.pipeline.events import Draft, Event, Fact
from infolitico.pipeline.writers import phrases
from infolitico.pipeline.writers.language import (
    BOUNDARY,
    capitalise,
    indefinite,
    is_base_verb,
    is_plural_phrase,
    is_present_verb,
    possessive,
    title_case,
    typographic,
)
from infolitico.pipeline.writers.phrases import CHOICE, SLOT, Frame, Voice
from infolitico.pipeline.writers.plan import Named, Plan, descriptor_phrase, is_thing, plan

__all__ = ["TemplateWriter", "choose", "descriptor_phrase", "is_thing", "outline", "plan", "realise"]


def choose(seed: str, slot: str, count: int) -> int:
    """The one seeded chooser: an index below `count`, fixed by the seed and the slot's name."""
    digest = hashlib.blake2b(f"{seed}|{slot}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % count


_KIND_NOUN = {
    "person": "a figure who",
    "organisation": "an organization that",
    "institution": "an institution that",
    "team": "a team that",
    "group": "a group that",
}  # a place is never "a place that treats …": such claims are about people and firms
_DOMAIN = {
    "Politics": "politics",
    "U.S.": "public life",
    "World": "diplomacy",
    "Business": "business",
    "Technology": "technology",
    "Sports": "sports",
    "Culture": "the arts",
}
_PKIND = {
    "person": "figure",
    "group": "group",
    "organisation": "organization",
    "institution": "institution",
    "team": "team",
    "place": "place",
    "thing": "thing",
}
# Act nouns that read without an article after "Into Actual" in a headline ("Actual Outreach").
_MASS_NOUNS = {"outreach", "talks", "contact", "support", "backing", "funding", "hosting"}


@dataclass(frozen=True)
class Sentence:
    """One chosen sentence of the body: its text and whether the move needs it."""

    text: str
    required: bool


@dataclass(frozen=True)
class Outline:
    """An article's chosen words before fitting: headline, dek and each paragraph's sentences."""

    headline: str
    dek: str
    paragraphs: tuple[tuple[Sentence, ...], ...]
    reading: tuple[str, ...] = ()  # an interpretive paragraph, used when the facts run short
    absurd: str = ""  # the story's one absurd sentence, made of the event's own words


# -- the slots a frame is filled from ---------------------------------------------------------


def act_noun(p: Plan, voice: Voice) -> str:
    """What the article calls the act: the lexicon's noun, else the noun of the family that holds."""
    fam = family_of(p, voice)
    own = voice.families.get(p.family)
    bare = p.act_noun.removeprefix("planned ")
    # A noun that belongs to a family whose presuppositions fail ("become" as a milestone) fails with it.
    borrowed = own is not None and fam is not own and bare in (own.noun, *own.aliases)
    if p.act_noun and not borrowed:
        return p.act_noun
    noun = fam.noun
    if p.mode == "plan":
        return "plan" if noun in ("plan", "proposal") else f"planned {noun}"
    return "decision" if p.mode == "negative" else noun


def family_of(p: Plan, voice: Voice) -> phrases.Family:
    """The plan's phrase family where its presuppositions hold (a meeting needs people), else "act"."""
    if p.mode == "negative":
        return voice.families["withdrawal"]  # every act a claim says will not happen is a decision
    fam = voice.families.get(p.family)
    if fam is None or not _fitting([phrases.Frame(fam.name, fam.when, frozenset())], p):
        return voice.families["act"]
    return fam


def _family_words(p: Plan, voice: Voice) -> dict[str, str]:
    fam = family_of(p, voice)
    out = {}
    for key in ("talk", "arena", "gain"):
        frames = _fitting(getattr(fam, key), p)
        # The entries that presuppose the most are the truest of this event: prefer them.
        best = max(_specificity(f) for f in frames)
        frames = [f for f in frames if _specificity(f) == best] + [
            f for f in frames if _specificity(f) < best
        ]
        top = [f for f in frames if _specificity(f) == best]
        pool = top if len(top) > 1 or not frames[len(top) :] else [*top, frames[len(top)]]
        out[key] = typographic(pool[choose(p.seed, key, len(pool))].text)
    return out


def _specificity(f: Frame) -> int:
    w = f.when
    return bool(w.subjects) + bool(w.sections) + bool(w.kinds) + bool(w.objects) + bool(w.senses)


def base_slots(p: Plan, voice: Voice) -> dict[str, str]:
    """Every slot's words for this plan; an empty value means the plan has no such fact."""
    s = p.subject
    fam = family_of(p, voice)
    words = _family_words(p, voice)
    talk_plural = is_plural_phrase(words["talk"])
    they = s.they
    # The closing restatement takes a pronoun only for a person whose pronoun is on file: "it" may be
    # a person, and "they" paragraphs after the startups were named refers to nobody.
    kact = f"{they if s.pronoun and s.kind == 'person' else s.short} {p.did_core}".strip()
    if p.partners and p.partners not in p.did_core:
        kact = f"{_with_partners(s.short, p)} {p.did_core}"  # "Volta and Dal launched …": both did it
    # Where a sentence names no subject ("the technique of unveiling its new space"), the subject's
    # own "its" is said by name (see _Pen.fill).
    named_gerund = re.sub(rf"\b{s.their} ", f"{possessive(s.short, s.plural)} ", p.gerund, count=1) \
        if s.their in ("its", "their") else p.gerund
    thing_noun = p.thing_head
    plural_thing = thing_noun.endswith("s") and not thing_noun.endswith(("ss", "us", "is", "news"))
    a_thing = "" if not thing_noun or plural_thing else f"{indefinite(thing_noun)} {thing_noun}"
    participle = ""
    if p.mode == "done" and p.thing and not p.prepositional:
        participle = typographic(p.event.act.participle).split()[-1] if p.event.act else ""
    values = {
        "full": s.full,
        "short": s.short,
        "Short": capitalise(s.short),
        "short_poss": possessive(s.short, s.plural),
        "desc": s.desc or s.short,
        "they": they,
        "them": s.them,
        "their": s.their,
        "They": capitalise(they),
        "is": "are" if s.plural else "is",
        "was": "were" if s.plural else "was",
        "has": "have" if s.plural else "has",
        "does": "do" if s.plural else "does",
        "s": "" if s.plural else "s",
        "reporter": p.reporter,
        "Reporter": capitalise(p.reporter),
        "reporter_poss": possessive(p.reporter),
        "attribution": p.attribution or "",
        "did": p.did,
        "did_core": p.did_core,
        "did_core_past": p.did_core if p.mode == "done" else "",
        "kact": kact,
        # A plan is only ever "the plan" again, never "the action" it has not yet been.
        "alias": "the plan" if p.mode == "plan"
        else f"the {fam.aliases[choose(p.seed, 'alias', len(fam.aliases))]}" if fam.aliases else "",
        "gerund": p.gerund,
        "Gerund": capitalise(p.gerund),
        "named_gerund": named_gerund,
        "obj": p.obj,
        "thing": p.thing,
        "Thing": capitalise(p.thing),
        "a_thing": a_thing,
        "thing_head": thing_noun if not plural_thing else "",
        "a_thing_head": a_thing,
        "participle": participle,
        "purpose": p.purpose,
        "aside": p.aside,
        "setting": p.setting,
        "time": p.time,
        "figure": p.figures[0] if p.figures else "",
        "talk": words["talk"],
        "Talk": capitalise(words["talk"]),
        "talk_s": "" if talk_plural else "s",
        "talk_does": "do" if talk_plural else "does",
        "Less": "Fewer" if talk_plural else "Less",
        "arena": words["arena"],
        "gain": words["gain"],
        "it_or_one": "it" if p.thing else "the idea",
        "thing_hyphen": "-".join(thing_noun.split()),
        "domain": _DOMAIN.get(p.section, "public life"),
        "a_kind_that": _KIND_NOUN.get(s.kind, ""),
        "absurd": "",
        "act": "x",
        "Act": "x",
        "act_noun": act_noun(p, voice),
        "family": fam.name,
    }
    return values


def _fitting(frames, p: Plan, slots: dict[str, str] | None = None) -> list[Frame]:
    """The frames whose presuppositions hold of the plan and whose slots all have words."""
    features = p.features
    out = []
    for f in frames:
        if not f.when.holds(p.mode, p.subject.kind, p.section, p.kind, p.senses, p.objects, features):
            continue
        if slots is not None and any(not slots.get(name) for name in f.slots):
            continue
        out.append(f)
    return out


# -- choosing and filling -----------------------------------------------------------------------


# After this many mentions of the act's object, one opening a sentence right after another is "It".
_THING_CAP = 2
_THING_SLOTS = {"thing", "Thing"}

# Families whose act brings its object into being, so the object can name the act ("the bill").
_MADE_BY_THE_ACT = {"launch", "release", "legislation", "signing"}

# Facts said once per article: a purpose restated in a second paragraph reads as padding.
_ONCE = {"purpose"}


@dataclass
class _Pen:
    """What one article has used so far: frames, act mentions, the absurd phrase (one per story)."""

    plan: Plan
    voice: Voice
    slots: dict[str, str]
    used: set[str] = field(default_factory=set)
    mentions: int = 0
    absurd_used: str = ""
    true: dict[str, list[Frame]] = field(default_factory=dict)
    stated: set[str] = field(default_factory=set)  # the once-only facts already said
    things: int = 0  # sentences so far that name the act's object

    def pick(self, move: str, extra: dict[str, str] | None = None, frames=None) -> str | None:
        """A frame of `move` true of the plan and not used yet in this article, filled; None if none fits."""
        slots = {**self.slots, **extra} if extra else self.slots
        true = self.true.get(move) if frames is None else None
        if true is None:
            # What holds of the plan does not change within an article: test each move's frames once.
            true = _fitting(frames if frames is not None else self.voice.moves[move], self.plan)
            if frames is None:
                self.true[move] = true
        pool = [f for f in true if all(slots.get(name) for name in f.slots)]
        if slots.get("P", "x")[:1].islower():
            # "pro-Palestinian activists" keeps its lower case: frames that open on the name go last.
            pool = [f for f in pool if not f.text.startswith(("{P}", "{P_poss}"))] or pool
        fresh = [f for f in pool if f.text not in self.used and not _ONCE & set(f.slots) & self.stated]
        if self.things >= _THING_CAP + 3:
            # The object has been named enough: frames that name it again give way where others fit.
            fresh = [f for f in fresh if not _THING_SLOTS & f.slots] or fresh
        if not fresh:
            return None
        frame = fresh[choose(self.plan.seed, move + str(len(self.used)), len(fresh))]
        self.used.add(frame.text)
        self.stated |= _ONCE & set(frame.slots)
        return self.fill(frame.text, slots, move)

    def fill(self, text: str, slots: dict[str, str], where: str) -> str:
        # Each [a|b] choice is made on its own, so one frame reads several ways across articles.
        def one(m: re.Match) -> str:
            options = m.group(1).split("|")
            return options[choose(self.plan.seed, f"{where}:{m.start()}:{m.group(1)}", len(options))]

        if "[" in text:
            text = CHOICE.sub(one, text)
        # A sentence that names the object itself calls the act by its noun, not by the object again.
        names_object = any(
            f"{{{n}}}" in text for n in ("thing", "Thing", "obj", "a_thing", "thing_head", "absurd", "gerund")
        ) or "{act} happened" in text.lower() or "{P" in text  # a participant is never inside its own gerund

        if not _SUBJECT_SLOTS & set(SLOT.findall(text)):
            named = slots.get("named_gerund", "")
            slots = {**slots, "gerund": named, "Gerund": capitalise(named)}

        # What happened, what came with no date or figure, what comes after it and what the headline
        # gave as a plan is the act itself, never its object ("No date came with the space").
        happened = "{act} happened" in text.lower() or bool(_BY_NOUN.search(text))

        def slot(m: re.Match) -> str:
            name = m.group(1)
            if name not in ("act", "Act"):
                return slots[name]
            # "the choice happened" misreads: what happened is called by the act's own noun.
            value = f"the {self.slots['act_noun']}" if happened else self.act_mention(names_object)
            return capitalise(value) if name == "Act" or m.start() == 0 else value

        text = SLOT.sub(slot, text)
        if self.plan.thing and self.plan.thing.split()[-1] in text.lower():
            self.things += 1
        if "  " in text or " ," in text or " ." in text:
            # An empty choice ("responded [to {act}|], and") leaves a space to close up.
            text = re.sub(r"\s+([,.;:])", r"\1", re.sub(r"\s{2,}", " ", text)).strip()
        return capitalise(text)

    def act_mention(self, names_object: bool = False) -> str:
        """The act named again: its noun, then the object, an alias, "this …" in turn."""
        p = self.plan
        self.mentions += 1
        name = self.slots["act_noun"]
        noun = f"the {name}"
        if names_object:
            return [noun, f"this {name}", self.slots["alias"] or noun][self.mentions % 3]
        # The object stands for the act only where the act made it ("the bill" passed, "the platform"
        # launched); elsewhere "the coach interrupted a vacancy" says what the appointment did, so the
        # act is named by its verb and object ("naming the growth coach").
        fam = self.slots.get("family", "")
        if p.thing and fam in _MADE_BY_THE_ACT and "made" in p.features and self.things < _THING_CAP + 2:
            cycle = [noun, p.thing, f"this {name}", self.slots["alias"] or noun, p.thing, f"this {name}"]
        elif p.thing and p.gerund and p.gerund.endswith(p.obj):
            # "naming the growth coach": the act's own verb with its object, definite once it is known
            doing = f"{p.gerund[: -len(p.obj)].strip()} {p.thing}"
            cycle = [noun, doing, f"this {name}", self.slots["alias"] or noun, doing, f"this {name}"]
        elif p.gerund and p.mode == "done":
            # With no object to stand for it, the act's own verb names it now and then ("launching …").
            cycle = [noun, p.gerund, f"this {name}", self.slots["alias"] or noun]
        else:
            cycle = [noun, noun, f"this {name}", self.slots["alias"] or noun]
        return cycle[(self.mentions - 1) % len(cycle)]


def _with_partners(name: str, p: Plan) -> str:
    """The subject with those who share the act: "Volta and Dal" launched; "Tribe, with Volta," is set to."""
    if not p.partners or p.did.endswith(f" with {p.partners}"):
        return name  # "Tribe is set to collaborate with Volta": the act already names them
    # A verb that agrees ("is set to") stays with the subject alone, so the partners go in commas.
    agrees = p.did.split()[:1] in (["is"], ["has"], ["was"], ["does"])
    return f"{name}, with {p.partners}," if agrees else f"{name} and {p.partners}"


def _lede(pen: _Pen) -> list[Sentence]:
    p = pen.plan
    tail = pen.pick("lede_tail") or ""
    tail = tail[0].lower() + tail[1:] if tail else tail
    cite = f", citing {p.attribution}" if p.attribution else ""
    first = f"{capitalise(_with_partners(p.subject.full, p))} {p.did}, {p.reporter} reported{cite}" + (
        f", {tail}." if tail else "."
    )
    out = [Sentence(first, True)]
    for required in (True, False):
        s = pen.pick("lede_fact")
        if s:
            out.append(Sentence(s, required))
    return out


def _win(pen: _Pen) -> list[Sentence]:
    p = pen.plan
    fam = family_of(p, pen.voice)
    out = [Sentence(pen.pick("win_open") or "", True)]
    why = pen.pick("why", frames=fam.why) or pen.pick("win_more")
    if why:
        out.append(Sentence(why, True))
    for move in ("win_more", "win_close"):
        s = pen.pick(move)
        if s:
            out.append(Sentence(s, False))
    return [s for s in out if s.text]


def _scope(pen: _Pen) -> list[Sentence]:
    out = [Sentence(pen.pick("scope_open") or "", True)]
    lacks = pen.pick("scope_lacks")
    if lacks:
        out.append(Sentence(lacks, True))
    more = pen.pick("scope_lacks")
    if more:
        out.append(Sentence(more, False))
    close = pen.pick("scope_close")
    if close:
        out.append(Sentence(close, not lacks))
    return [s for s in out if s.text]


def _participant(pen: _Pen, who: Named, index: int, others: list[Named]) -> list[Sentence]:
    extra = {
        "P": who.full,
        "P_poss": possessive(who.full, who.plural),
        "pkind": _PKIND.get(who.kind, "party"),
        "pdesc": who.desc or "",
        "pclause": who.clause or "",
    }
    if who.kind == "thing":
        first = "part_thing"
    elif who.kind == "place":
        first = "part_place"
    else:
        first = "part_first" if index == 0 else "part_more"
    out = [Sentence(pen.pick(first, extra) or pen.pick("part_first", extra) or "", True)]
    described = False
    if who.clause:
        s = pen.pick("part_clause", extra)
        if s:
            out.append(Sentence(s, True))
            described = True
    elif who.desc:
        s = pen.pick("part_desc", extra)
        if s:
            out.append(Sentence(s, True))
            described = True
    if who.kind == "thing":
        s = pen.pick("part_thing_more", extra)
    elif who.kind != "place":
        s = pen.pick("part_silent", extra)
    else:
        s = None
    if s:
        out.append(Sentence(s, not described))
    if others:
        names = [o.full for o in others]
        listed = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
        out.append(
            Sentence(
                f"The headline also named {listed}, which widened {pen.act_mention()} further still.", True
            )
        )
    if who.kind not in ("place", "thing"):
        s = pen.pick("part_adds", extra)
        if s:
            out.append(Sentence(s, False))
    if not pen.absurd_used:
        s = _absurd(pen)
        if s:
            out.append(Sentence(s, True))
    if sum(1 for s in out if s.text) < 2:
        s = pen.pick("act_stakes")
        if s:
            out.append(Sentence(s, True))
    return _four([s for s in out if s.text])


def _act(pen: _Pen, second: bool) -> list[Sentence]:
    out: list[Sentence] = []
    moves = (
        ("act_stakes", "act_stakes", "act_stakes")
        if second
        else ("act_object", "act_purpose", "act_setting", "act_figure")
    )
    for move in moves:
        if move == "act_object" and _names_its_act(pen.plan, pen.voice):
            continue  # "The object of the investment was plain: investment" says nothing
        s = pen.pick(move)
        if s:
            out.append(Sentence(s, len(out) < 2))
    if not second and not pen.absurd_used:
        s = _absurd(pen)
        if s:
            out.append(Sentence(s, True))
    while sum(1 for s in out if s.required) < 2:
        s = pen.pick("act_stakes")
        if not s:
            break
        out.append(Sentence(s, True))
    if not second:
        s = pen.pick("act_stakes")
        if s:
            out.append(Sentence(s, False))
    return _four(out)


def _names_its_act(p: Plan, voice: Voice) -> bool:
    """Whether the act's object is the act's own noun ("receives investment")."""
    if p.obj.split()[:1] in (["its"], ["their"]):
        return True  # "The object of the event was plain: its first pitch event": whose "its"?
    head = (p.obj.split() or [""])[-1].lower()
    fam = family_of(p, voice)
    return bool(head) and head in (p.act_noun, act_noun(p, voice), fam.noun, *fam.aliases)


def _four(sentences: list[Sentence]) -> list[Sentence]:
    """At most four sentences: every required one first, then optional ones, in reading order."""
    room = 4 - sum(1 for s in sentences if s.required)
    kept = []
    for s in sentences:
        if s.required or room > 0:
            kept.append(s)
            room -= 0 if s.required else 1
    return kept[:4]


_BY_NOUN = re.compile(
    r"\bno (?:date|figure)\b[^.]*\{act\}|\{act\}[^.]*\bno (?:date|figure)\b|\bafter \{act\}"
    r"|\{act\} as (?:a plan|a refusal|current news)", re.I
)
# Slots that name the subject: a sentence with none of them says the subject's "its" by name.
_SUBJECT_SLOTS = {"full", "short", "Short", "short_poss", "desc", "they", "They", "them", "their", "kact",
                  "did"}
_EVENT_SLOTS = {"gerund", "thing", "thing_head", "a_thing_head", "participle", "obj", "thing_hyphen"}


def _absurd(pen: _Pen) -> str | None:
    # Made of the event's own words where a frame can take them; a finished line only where none can.
    own = [f for f in pen.voice.moves["absurd"] if f.slots & _EVENT_SLOTS]
    phrase = pen.pick("absurd", frames=own) or pen.pick("absurd")
    if not phrase:
        return None
    phrase = phrase[0].lower() + phrase[1:]
    shell = pen.pick("absurd_shell", {"absurd": phrase})
    if shell:
        pen.absurd_used = shell
    return shell


def _kicker(pen: _Pen) -> list[Sentence]:
    out = [Sentence(pen.pick("kicker_open") or "", True)]
    more = pen.pick("kicker_more")
    if more:
        out.append(Sentence(more, False))
    out.append(Sentence(pen.pick("kicker_last") or f"The record is short: {pen.slots['kact']}.", True))
    return [s for s in out if s.text]


# -- headline and dek ---------------------------------------------------------------------------


def _cuts(words: list[str], least: int) -> list[int]:
    """Where the claim's rest may end in a headline: its end, or before a phrase that starts a new one."""
    cuts = [len(words)]
    for i in range(1, len(words)):
        # "Confirms Russia Probe, Says Moscow Backed Trump" loses its comma in a headline and would run
        # two clauses together, so the headline stops before the second verb.
        if words[i - 1].endswith(",") and (is_present_verb(words[i]) or is_base_verb(words[i].lower())):
            words = words[:i]
            cuts = [i]
            break
    for i in range(len(words) - 1, 0, -1):
        low = words[i].lower().strip(",")
        if i < least:
            break
        if (
            words[i - 1].endswith(",")
            or low in BOUNDARY - {"and", "or", "but"}
            or low in {"next", "later", "this", "tonight", "today"}
        ):
            cuts.append(i)
    good = []
    for cut in sorted(set(cuts), reverse=True):
        kept = words[:cut]
        while kept and kept[-1].lower().strip(",") in BOUNDARY | {"a", "an", "the"}:
            kept = kept[:-1]
        if len(kept) >= min(least, len(words)) and kept:
            good.append(len(kept))
    return list(dict.fromkeys(good)) or [len(words)]


def _name_comma(m: re.Match[str]) -> str:
    # A comma between two names stays; any other comma of the claim goes.
    return m.group(0) if m.group(1)[:1].isupper() and m.group(2)[:1].isupper() else m.group(1)


def _repeats_the_verb(shape: str, verb: str) -> bool:
    """Whether a headline shape's own words say the act's verb again ("Moves Past … And Moves To")."""
    own = {w[:4].lower() for w in SLOT.sub(" ", shape).split() if len(w) > 3}
    return bool(own & {w[:4].lower() for w in verb.split() if len(w) > 3})


def headline(p: Plan, voice: Voice, slots: dict[str, str]) -> str:
    """7 to 14 words, Every Word Capitalised, the subject first, the act whole and its verb agreeing."""
    low, high = HOUSE.headline_words
    short = p.subject.short[4:] if p.subject.short.lower().startswith("the ") else p.subject.short
    if p.partners:
        short = f"{short} and {p.partners}"  # whoever shares the act shares the headline, and its verb
    together = p.subject.plural or bool(p.partners)
    rest_words = [w for w in p.raw_rest.split()]
    obj_len = len(p.obj.split()) - (1 if p.obj.split()[:1] and p.obj.split()[0] in ("a", "an", "the") else 0)
    least = max(1, obj_len) if p.obj else min(len(rest_words), 2)
    noun = slots["act_noun"]
    tail = ""
    if p.prepositional and p.mode == "done":
        tail = f"{p.lemma.split()[-1]} {p.raw_rest}"
    obj_words = p.obj.split()
    if obj_words and obj_words[0] in ("a", "an", "the"):
        obj_words = obj_words[1:]
    participle = slots.get("participle") or ""
    gerund = typographic(p.event.act.gerund).split() if p.event.act else []
    values = {
        "Short": short,
        "s": "" if together else "s",
        "Talk": slots["talk"],
        "Noun": noun,
        "Does": "Do" if together else "Does",
        "Goes": "Go" if together else "Goes",
        "Gerund": " ".join(gerund) if p.mode == "done" and gerund and gerund[0].endswith("ing") else "",
        "Actual": "Actual" if noun in _MASS_NOUNS else f"{indefinite('actual')} Actual",
        "Tail": tail if noun in _MASS_NOUNS | {"visit", "trip", "meeting", "call", "return"} else "",
        "A_Participle": f"{indefinite(participle)} {participle}" if participle else "",
        "Obj_title": " ".join(obj_words),
        "Verb": p.headline_verb,
    }
    frames = _fitting(voice.moves["headline"], p)
    start = choose(p.seed, "headline", len(frames)) if frames else 0
    order = frames[start:] + frames[:start]
    for cut in _cuts(rest_words, least):
        # The claim's own commas go (a headline runs its words together); a shape's own stay, and so
        # do those between two names ("U.S., Australia", "Chorley, Lancashire"), which are the words.
        rest = re.sub(r"\b(\S+),(?=\s+(\S))", _name_comma, " ".join(rest_words[:cut]).rstrip(","))
        for frame in order:
            if _repeats_the_verb(frame.text, p.headline_verb):
                continue  # "Is Leaving …, Leaving Commentary Behind"
            needed = [n for n in frame.slots if n != "Rest"]
            if any(not values.get(n) for n in needed) or ("{Rest}" in frame.text and not rest and cut):
                continue
            text = frame.text.format(**values, Rest=rest)
            text = title_case(typographic(text))
            text = re.sub(r"\s+([,;:])", r"\1", re.sub(r"\s+", " ", text)).strip(" ,")
            n = len(text.split())
            if low <= n <= high:
                return text
    words = f"{short} {p.headline_verb}".split() + rest_words
    while len(words) > high or (len(words) > low and words[-1].lower() in BOUNDARY):
        words.pop()
    return title_case(typographic(" ".join(words).rstrip(",")))


def dek(p: Plan, pen: _Pen) -> str:
    """One sentence that opens with the outlet and a reporting verb and ends on what the act gave."""
    low, high = HOUSE.dek_words
    text = pen.pick("dek") or f"{capitalise(p.reporter)} reported that {p.subject.short} {p.did}."
    s = p.subject
    if p.partners:
        text = text.replace(f" {s.short} ", f" {_with_partners(s.short, p)} ", 1)
    if not s.full.startswith("the ") and s.short.startswith("the ") and s.full.endswith(s.short[4:]):
        # "four Nova Scotia bakeries" are first named in the dek, so without "the".
        text = text.replace(f" {s.short} ", f" {s.full} ", 1)
    if len(text.split()) > high:
        text = text.replace(p.did, p.did_core, 1)
    if len(text.split()) > high:
        text = f"{capitalise(p.reporter)} reported that {p.subject.short} {p.did_core}."
    if len(text.split()) < low:
        text = text.rstrip(".") + f", in {pen.slots['arena']}."
    return text


# -- the three steps ------------------------------------------------------------------------------


def outline(p: Plan, voice: Voice | None = None) -> Outline:
    """The article's frames, chosen for the plan: headline, dek, and each move's sentences."""
    voice = voice or phrases.load()
    slots = base_slots(p, voice)
    pen = _Pen(p, voice, slots)
    paragraphs = [_lede(pen), _win(pen), _scope(pen)]
    people = list(p.participants) if p.mode != "negative" else []
    room = min(3, len(people))
    for index, who in enumerate(people[:room]):
        others = people[3:] if index == 2 else []
        paragraphs.append(_participant(pen, who, index, others))
    if room < 2:
        paragraphs.append(_act(pen, second=False))
    paragraphs.append(_kicker(pen))
    reading = tuple(x for x in (pen.pick("reading"), pen.pick("reading_more")) if x)
    return Outline(
        headline(p, voice, slots),
        dek(p, pen),
        tuple(tuple(x) for x in paragraphs),
        reading if len(reading) == 2 else (),
        pen.absurd_used,
    )


def _stems(text: str) -> set[str]:
    # A word's first five letters stand for its forms ("launch", "launched", "launching").
    return {w[:5] for w in re.findall(r"[a-z][a-z’'-]{3,}", text.lower())}


def _own_words(p: Plan) -> set[str]:
    """The claim's content words, the subject's and the outlet's names left out."""
    # The object's head is left out too: it is named often enough (see _vary_things).
    names = " ".join([p.subject.entity.name, p.subject.short, p.reporter, p.thing_head])
    return _stems(p.event.source.claim) - _stems(names) - _COMMON_STEMS


def _mentions(sentence: str, own: set[str]) -> bool:
    return bool(_stems(sentence) & own)


_COMMON_STEMS = {"with", "from", "into", "over", "after", "about", "their", "this", "that", "than", "will"}


def _fit(p: Plan, paragraphs: tuple[tuple[Sentence, ...], ...]) -> list[list[str]]:
    """The required sentences, and optional ones in turn until the body reaches the plan's length."""
    low, high = p.words
    facts = len(p.participants) + sum(
        bool(x) for x in (p.purpose, p.setting, p.figures, p.subject.desc, p.thing)
    )
    target = min(high, low + 6 * facts + choose(p.seed, "length", 12))
    keep = [[s.required for s in para] for para in paragraphs]
    own = _own_words(p)

    def total() -> int:
        return sum(
            len(s.text.split())
            for para, k in zip(paragraphs, keep, strict=True)
            for s, on in zip(para, k, strict=True)
            if on
        )

    # Optional sentences about this event's own words come before the ones that fit any event.
    optional = sorted(
        (
            (i, j)
            for j in range(4)
            for i, para in enumerate(paragraphs)
            if j < len(para) and not para[j].required
        ),
        key=lambda ij: (not _mentions(paragraphs[ij[0]][ij[1]].text, own), ij[1]),
    )
    for i, j in optional:
        if total() >= target:
            break
        if sum(keep[i]) < 4:
            keep[i][j] = True
    for i, j in reversed(optional):
        if total() <= high:
            break
        if keep[i][j] and sum(keep[i]) > 2:
            keep[i][j] = False
    # A paragraph holds two to four sentences: a short one takes back its own optional sentences,
    # and when it has none it joins a neighbour that has room.
    for i, para in enumerate(paragraphs):
        for j in range(len(para)):
            if sum(keep[i]) < 2 and not keep[i][j]:
                keep[i][j] = True
    texts = [
        [s.text for s, on in zip(para, k, strict=True) if on]
        for para, k in zip(paragraphs, keep, strict=True)
    ]
    texts = [t for t in texts if t]
    i = 0
    while i < len(texts):
        if len(texts[i]) < 2 and len(texts) > 4:
            before = i > 0 and len(texts[i - 1]) + len(texts[i]) <= 4
            if before:
                texts[i - 1] += texts.pop(i)
                continue
            if i + 1 < len(texts) and len(texts[i + 1]) + len(texts[i]) <= 4:
                texts[i + 1] = texts[i] + texts[i + 1]
                texts.pop(i)
                continue
        i += 1
    return texts


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


def _ledger(p: Plan) -> _Ledger:
    title = p.event.source.title.lower()
    claim = p.event.source.claim

    def origin(text: str) -> str:
        return "source" if text and text.lower() in title else "kb"

    lg = _Ledger()
    s = p.subject
    lg.add(s.full, s.entity.name, origin(s.entity.name))
    bare = s.short[4:] if s.short.lower().startswith("the ") else s.short
    if bare.lower() in s.entity.name.lower():
        lg.add(bare, s.entity.name, origin(s.entity.name))
    else:
        lg.add(bare, bare, origin(bare))  # "the ECB", "the Fed"
    if s.desc and s.desc_fact:
        lg.add(s.desc, s.desc_fact.text, "kb", s.desc_fact.as_of)
    if s.clause and s.clause_fact:
        lg.add(s.clause, s.clause_fact.text, "kb", s.clause_fact.as_of)
    lg.add(p.reporter, p.outlet, origin(p.outlet))
    for clause in (p.did, p.did_core, p.rest, p.raw_rest, p.obj, p.purpose, p.setting):
        if len(clause.split()) >= 2 or clause == p.rest:
            lg.add(clause, claim, "source")
    if p.attribution:
        lg.add(p.attribution, p.event.source.attribution or p.attribution, "source")
    for who in p.participants:
        lg.add(who.full, who.full if origin(who.full) == "source" else who.entity.name, origin(who.full))
        if who.desc and who.desc_fact:
            lg.add(who.desc, who.desc_fact.text, "kb", who.desc_fact.as_of)
        if who.clause and who.clause_fact:
            lg.add(who.clause, who.clause_fact.text, "kb", who.clause_fact.as_of)
    for figure in p.figures:
        lg.add(figure, claim, "source")
    return lg


def _vary_things(p: Plan, body: list[str]) -> list[str]:
    """The object named whole once, then by its head, and past a few mentions as "it" where it can be.

    "the mental health platform" nine times reads as a stuck key: the second mention is "the platform",
    and past a few mentions a sentence that opens on it right after one that named it opens on "It".
    """
    if not p.thing:
        return body
    words = p.thing.split()
    # Only a three-word name drops its modifiers: "the vice president" is never "the president".
    short = f"the {words[-1]}" if len(p.thing_head.split()) >= 3 else p.thing
    either = re.compile(r"\b(?:" + re.escape(p.thing) + "|" + re.escape(short) + r")\b", re.I)
    seen = 0
    out = []
    for para in body:
        sentences = split_sentences(para)
        previous_named = False
        done = []
        for sentence in sentences:
            named = False

            def one(m: re.Match, previous_named: bool = previous_named) -> str:
                nonlocal seen, named
                seen += 1
                first_here, named = not named, True
                if seen == 1:
                    return m.group(0)
                if seen > _THING_CAP and previous_named and first_here and m.start() == 0:
                    return "It"
                return capitalise(short) if m.group(0)[:1].isupper() else short

            done.append(either.sub(one, sentence))
            previous_named = named
        out.append(" ".join(done))
    return out


def realise(p: Plan, chosen: Outline, writer: str = "template") -> Draft:
    """The Draft: the outline fitted to the house length, and the ledger of every fact it states."""
    fitted = [para for para in _fit(p, chosen.paragraphs) if para]
    short = sum(len(s.split()) for para in fitted for s in para) < p.words[0]
    if short and chosen.reading and len(fitted) < HOUSE.paragraphs[1]:
        # A plan with few facts gets one paragraph of interpretation, labeled as such, before the kicker.
        fitted.insert(len(fitted) - 1, list(chosen.reading))
    body = _vary_things(p, [" ".join(para) for para in fitted])
    lg = _ledger(p)
    ledger: list[Fact] = []
    sentences = [chosen.headline, chosen.dek] + [s for para in body for s in split_sentences(para)]
    for index, sentence in enumerate(sentences):
        ledger.extend(lg.facts_in(index, sentence))
    return Draft(
        headline=chosen.headline, dek=chosen.dek, body=tuple(body), ledger=tuple(ledger), writer=writer
    )


class TemplateWriter:
    """The embedded default writer: the house voice from the phrasebook, no model, no network."""

    name = "template"

    def write(self, event: Event, kb: Any = None, variant: int = 0) -> Draft:
        """Write the event as a Draft; each `variant` picks other phrasings of the same facts."""
        p = plan(event, kb, variant, HOUSE.writer_words)
        return realise(p, outline(p), self.name)
