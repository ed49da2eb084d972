"""Whether the reading is sure enough to credit the subject with the act: precision first.

Taste (`taste.judge`) asks whether an event may be covered; this asks whether the title was read
well enough to say the subject did the act. What it is unsure of is held for an editor, what it is
sure is not an act (a statement, a refusal, a guess) is declined. It reads the act lexicon's `win`
flags and spaCy's parse of the title, so that a description in the verb's slot ("open to talks") or
a participle hanging off a noun ("letters revealed in a memoir") is never taken for something done.
"""

from __future__ import annotations

import re

from .. import lexicon
from ..entities import KnowledgeBase
from ..events import Event, Source, Verdict
from ..inflect import getAllLemmas
from .acts import PLAN_WORDS
from .names import is_counted_group

# One's own plans, said plainly, are a decision even in the negative: "won't run", "will not seek".
_OWN_PLANS = {"run", "run for", "seek", "stand", "attend", "return", "retire"}
# Saying what is going to happen is an announcement: "says Apple will open …", "tells fans to expect".
_SAYS_FUTURE = re.compile(r"\b(?:will|shall|plans? to|intends? to|aims? to|is set to|are set to|"
                          r"is going to|are going to)\s+\w+", re.I)
# A light verb whose object is talk: "sends a warning", "issues a statement", "joins the debate".
_TALK_OBJECT = re.compile(r"^(?:a |an |the |its |his |her |their )?(?:[\w'’-]+ ){0,3}?"
                          r"(?:warnings?|messages?|signals?|statements?|threats?|ultimatums?|pleas?|"
                          r"appeals?|debate|conversation|chorus|calls?|criticism|fray|credit|blame|"
                          r"a view|view|look)\b", re.I)
_TALK_VERBS = {"send", "issue", "give", "deliver", "make", "join", "take", "offer", "lend", "voice"}
_SAYING = {"say", "tell", "announce", "confirm"}
# What "become" and the light verbs need after them to be an act: an office, a first, money.
_OFFICE = re.compile(
    r"\b(?:ceo|coo|cfo|cto|chief|chair|chairman|chairwoman|president|director|head|leader|captain|"
    r"coach|manager|member|minister|secretary|commissioner|ambassador|editor|laureate|champion|"
    r"nominee|partner|dean|governor|mayor|speaker|owner)\b", re.I)
_FIRST = re.compile(r"\b(?:first|record|milestone|all-time|largest|biggest|youngest|oldest|only)\b", re.I)
_MONEY = re.compile(r"[$€£¥]\s?\d|\b\d[\d,.]*\s*(?:million|billion|m|bn)\b|\b(?:funding|grants?|investment|"
                    r"loans?|backing)\b", re.I)
_RECEIVING = {"get", "receive", "win", "land", "secure", "earn"}
# "reveals why", "explains how": an explainer framed as an act.
_EXPLAINER = re.compile(r"\b(?:reveals?|explains?|shows?|asks?|details?)\s+(?:why|how|what|who|whether)\b",
                        re.I)
# Kinds whose verbs take an object: a bare past form of one, with a preposition after it, is a
# headline passive ("Ruritania Barred From …").
_TRANSITIVE = {"decision", "legal", "legislation", "announcement", "launch", "deal", "hiring",
               "endorsement", "pricing"}
_BARE_PASSIVE_NEXT = {"from", "over", "by", "for", "in", "at", "after", "amid", "as", "on"}


def spoken(source: Source) -> Verdict | None:
    """A decline when the title is someone's judgement with the speaker named after it ("…, says No 10")."""
    said = source.attribution or ""
    verb, _, who = said.partition(" ")
    if verb in ("says", "said", "warns", "insists", "claims") and who[:1].isupper():
        return Verdict("decline", f"Declined: the headline reports what {who} said, not an act.")
    return None


def credit(event: Event, doc, kb: KnowledgeBase) -> Verdict | None:
    """A decline or hold when the title does not show the subject doing a creditable act, else None."""
    act = event.act
    if act is None:
        return None
    claim = event.source.claim
    if act.mode == "conjecture":
        return Verdict("decline", f"Declined: the headline says what {_first_word(act.text)} happen, "
                                  "not what was done.")
    if act.mode == "refusal":
        return Verdict("decline", "Declined: the headline reports a refusal, not an act done.")
    if act.mode == "negative" and act.verb not in _OWN_PLANS:
        return Verdict("decline", "Declined: the headline reports something not done.")
    if _EXPLAINER.search(claim):
        return Verdict("decline", "Declined: the headline is an explainer, not an event.")
    verb_token, first = _verb_tokens(doc, claim, act.text)
    problem = _shape(event, doc, verb_token, first, kb)
    if problem is not None:
        return problem
    return _sense(event)


def _first_word(text: str) -> str:
    return text.split()[0].lower() if text.split() else "it"


def _verb_tokens(doc, claim: str, act_text: str):
    """The parse's token for the act's verb, and for the act's first word (an adverb or modal)."""
    if doc is None:
        return None, None
    at = claim.find(act_text)
    if at < 0:
        return None, None
    first = next((t for t in doc if t.idx == at), None)
    verb = next((t for t in doc if t.idx >= at and t.tag_.startswith(("VB", "MD", "TO"))), None)
    return verb, first


def _shape(event: Event, doc, verb, first, kb: KnowledgeBase) -> Verdict | None:
    """Holds for titles whose grammar leaves the subject doing nothing: passives and descriptions."""
    act, subject, claim = event.act, event.subject, event.source.claim
    # "The four astronauts NASA picked …" was read object first (`acts.object_first`): not a clause.
    object_first = doc is not None and len(doc) > 0 and act.rest.lower().startswith(doc[0].lower_ + " ")
    if first is not None and first.pos_ == "ADJ" and "ADJ" in getAllLemmas(first.lower_):
        return Verdict("hold", f"Held for review: '{first.text}' reads as a description, not a verb.")
    if first is not None and first.i > 0:
        before = doc[first.i - 1]
        while before.i > 0 and before.tag_ == "RB":
            before = doc[before.i - 1]
        common = before.tag_ == "NNS" and before.text[:1].islower() or (
            before.tag_ in ("NNS", "NNPS") and bool(getAllLemmas(before.lower_).get("NOUN")))
        named = subject is not None and before.text in subject.name or kb.resolve(before.text) is not None
        phrase = re.split(r",|\band\b|&|:", claim[: before.idx + len(before.text)])[-1]
        if common and not named and not is_counted_group(phrase):
            return Verdict("hold", f"Held for review: '{before.text}' describes people or things; "
                                   "the title names no actor.")
        # "Afghanistan's economic meltdown leaves …": the owner is not the one acting.
        owner = next((t for t in doc[: first.i] if t.tag_ == "POS"), None)
        thing = ""
        if owner is not None:
            thing = doc[owner.i + 1 : first.i].text.strip(" '\"‘’“”")
        if owner is not None and subject is not None and before.text not in subject.name \
                and act.kind not in ("record", "win") and thing:
            return Verdict("hold", f"Held for review: the one acting is {subject.name}'s {thing}, "
                                   f"not {subject.name}.")
    # "The four astronauts NASA picked for …": a noun phrase with a clause in it, not a claim.
    root = next((t for t in doc if t.dep_ == "ROOT"), None) if doc is not None else None
    if verb is not None and verb.dep_ == "relcl" and verb.tag_ != "VBG" and root is not None \
            and not object_first and root.pos_ in ("NOUN", "PROPN") and root.i < verb.i:
        return Verdict("hold", f"Held for review: the title is a noun phrase ('{root.text} … "
                               f"{verb.text}'), not a report of an act.")
    # "The three engineers Northwind hired for …": a name inside a clause that describes a noun.
    if act.mode in ("passive", "done") and verb is not None and verb.tag_ in ("VBN", "VBD") \
            and not object_first and first is not None and doc[0].tag_ == "DT" \
            and any(t.tag_ in ("NN", "NNS") and t.text[:1].islower() for t in doc[: first.i]) \
            and any(t.tag_ == "NNP" for t in doc[: first.i]):
        return Verdict("hold", "Held for review: the title is a noun phrase with a clause in it, "
                               "not a report of an act.")
    # "fortunate to draw", "lucky to escape": how it went, said of something already done or not.
    if act.mode == "plan" and first is not None and first.lower_ == "to" and first.i > 0 \
            and doc[first.i - 1].lower_ not in PLAN_WORDS \
            and (doc[first.i - 1].pos_ == "ADJ" or set(getAllLemmas(doc[first.i - 1].lower_)) == {"ADJ"}):
        return Verdict("hold", f"Held for review: '{doc[first.i - 1].text} {act.text}' says how it went, "
                               "not what was done.")
    # "America's Cup hosting venue decision delayed": the word read as the verb modifies a noun,
    # and the parse finds the title's real verb later on.
    if verb is not None and verb.dep_ in ("amod", "compound") and any(
            t.dep_ == "ROOT" and t.tag_.startswith("VB") and t.i > verb.i for t in doc):
        root = next(t for t in doc if t.dep_ == "ROOT" and t.tag_.startswith("VB"))
        return Verdict("hold", f"Held for review: '{verb.text}' modifies a noun; the title's verb is "
                               f"'{root.text}', and the subject's part in it is unclear.")
    if act.mode == "passive":
        if act.kind in ("appointment", "election", "win"):
            return None
        return Verdict("hold", "Held for review: the subject is on the receiving end of the act (a passive).")
    if verb is None or verb.lower_ in PLAN_WORDS or verb.tag_ not in ("VBN", "VBD"):
        return None
    if act.kind in ("appointment", "election", "win"):
        return None
    nxt = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
    # "hotel slated for …", "conversation revealed in …": a participle modifying a noun, no main verb.
    reduced = verb.dep_ == "acl" and verb.head.dep_ == "ROOT" and verb.head.pos_ in ("NOUN", "PROPN")
    bare = (nxt is None or nxt.lower_ in _BARE_PASSIVE_NEXT) and act.kind in _TRANSITIVE
    if (reduced or bare) and not object_first:
        return Verdict("hold", "Held for review: the subject is on the receiving end of the act (a passive).")
    return None


def _sense(event: Event) -> Verdict | None:
    """Whether the act's verb, in this sense, is one the house credits as a win."""
    act = event.act
    verb, rest = act.verb, act.rest
    if verb in _SAYING and _SAYS_FUTURE.search(rest):
        return None  # "says Tesla will unveil …": an announcement of what is to come
    if verb in _TALK_VERBS and _TALK_OBJECT.match(rest):
        return Verdict("decline", f"Declined: '{act.text} {rest.split()[0]}' is talk, not an act.")
    if verb == "offer" and not _MONEY.search(rest):
        return Verdict("hold", f"Held for review: '{act.text}' offers nothing the title pins down.")
    if verb in _RECEIVING and _MONEY.search(rest):
        return None  # "gets $2.25M from the province": funding received
    if verb == "become":
        if _OFFICE.search(rest) or _FIRST.search(rest):
            return None
        return Verdict("hold", f"Held for review: '{act.text}' names no office or first: no act to credit.")
    if verb == "leave" and rest[:1].isupper():
        return None  # leaving a named place or company is a move; "leaves one more piece" is not
    if verb == "leave":
        return Verdict("hold", f"Held for review: '{act.text}' is not a move the title pins down.")
    known = lexicon.load()
    # The sense the object chose ("press Hegseth for answers" is outreach), else the verb's own.
    chosen = (x for x in known.by_object.get(verb, ()) if x.kind == act.kind)
    sense = next(chosen, None) or known.main.get(verb)
    if sense is None and verb not in known.by_object and act.mode != "passive":
        return Verdict("hold", f"Held for review: '{act.text}' is not an act the newsroom's lexicon knows.")
    if act.kind == "statement" or sense is not None and not sense.win:
        if act.kind == "statement" or (sense is not None and sense.kind == "statement"):
            return Verdict("decline", "Declined: the headline reports a statement, not an act.")
        return Verdict("hold", f"Held for review: '{act.text}' is not an act the house credits as a win.")
    if re.search(r"\b(?:says|said|say)\b", event.source.claim, re.I):
        return Verdict("decline", "Declined: the headline reports what someone said.")
    return None
