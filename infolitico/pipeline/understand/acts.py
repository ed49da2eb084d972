"""The act: the verb of a headline found, its phrase read, and the Act built with its kind and noun."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import lexicon
from ..events import Act
from ..inflect import getAllLemmas, getInflection, getLemma
from .model import MODALS, NOT_BEFORE_VERB, Tok
from .names import ROLE_WORDS

# The act lexicon (infolitico/data/acts.toml), as the reading looks it up word by word.
_LEXICON = lexicon.load()
ACT_KINDS: dict[str, str] = {s.lemma: s.kind for s in _LEXICON.main.values()}
NOUNS: dict[str, str] = {s.lemma: s.noun for s in _LEXICON.main.values() if s.noun}
CATENATIVE = _LEXICON.catenative
REFUSALS = _LEXICON.refusals
PASSIVE_PRONE = _LEXICON.passive_prone

COPULAS = {"is", "are", "was", "were", "be", "'s", "has", "have", "had"}
# Modals that make the act a guess about the future, never a thing done: "could double".
CONJECTURE = {"could", "might", "may", "would", "should", "must"}
NEGATIONS = {"not", "n't", "never"}
PLAN_WORDS = {"set", "expected", "poised", "slated", "due", "likely", "ready", "about", "going"}
PARTICLES = {"out", "up", "down", "off", "back", "in", "over", "away", "on", "through", "ahead"}
# Plural nouns that open a compound after a name ("Apple shares fall"), never its verb.
COMPOUND_NOUNS = {
    "shares", "stocks", "sales", "talks", "profits", "earnings", "prices", "forces", "troops", "fans",
    "workers", "rates", "exports", "imports", "bonds", "funds", "files", "leaks", "plans", "results",
    "costs", "bills", "orders", "votes", "polls", "hopes", "fears", "ties", "moves", "cuts", "deals",
}


@lru_cache(maxsize=1)
def _finite_forms() -> dict[str, tuple[str, str]]:
    """Third-person and past forms of every lexicon verb -> (lemma, tag)."""
    forms: dict[str, tuple[str, str]] = {}
    for lemma in ACT_KINDS:
        head = lemma.split()[0]
        for tag in ("VBZ", "VBD"):
            for form in getInflection(head, tag) or ():
                forms.setdefault(form.lower(), (head, tag))
    return forms


def _lemma(word: str) -> str:
    """A verb's lemma, lexicon forms first ("wo" -> "will", "axes" -> "axe")."""
    low = word.lower().replace("’", "'")
    if low in ("wo", "won't", "will"):
        return "will"
    if low in ACT_KINDS or low in CATENATIVE:
        return low
    forms = _finite_forms()
    if low in forms:
        return forms[low][0]
    found = getLemma(low, upos="VERB")
    return found[0] if found else low


def _inflect(lemma: str, tag: str) -> str:
    """A lemma inflected for a Penn tag on its head word ("reach out to", VBD -> "reached out to")."""
    head, _, tail = lemma.partition(" ")
    if head == "be":
        form = {"VBD": "was", "VBN": "been", "VBG": "being", "VBZ": "is"}.get(tag, "be")
    else:
        got = getInflection(head, tag)
        form = got[0] if got else head
    return f"{form} {tail}".strip()



def verb_at(toks: list[Tok], i: int, mention_ix: set[int]) -> bool:
    """Whether token i is the headline's verb: finite, modal, "to" + verb, or a lexicon verb after a name."""
    t = toks[i]
    if i in mention_ix or not t.low[:1].isalpha() or t.proper:
        return False
    if _hyphenated(toks, i):
        return False  # "Powell-led Fed", "Saudi-backed fund": a modifier of the noun after it
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if t.low in ROLE_WORDS and nxt is not None and nxt.proper:
        return False  # "Yankees slugger Judge": a role before a name
    prev = toks[i - 1].low if i > 0 else ""
    if t.low in MODALS and i + 1 < len(toks):
        return True
    if _verb_after_name(toks, i):
        return True
    if t.low == "to" and i + 1 < len(toks):
        nxt = toks[i + 1]
        if i > 1 and toks[i - 2].low == "for":
            return False  # "calendars for kids to count down": a purpose, not a plan
        return not nxt.proper and (nxt.tag == "VB" or nxt.low in ACT_KINDS and nxt.pos in ("VERB", "AUX"))
    if prev in NOT_BEFORE_VERB and prev != "and":
        return False
    if prev == "," and t.tag == "VBG" and not (i > 2 and toks[i - 2].low.isdigit()):
        return False
    forms = _finite_forms()
    spacy_finite = t.tag in ("VBZ", "VBD", "VBP") and t.pos in ("VERB", "AUX")
    if t.low in COPULAS and i + 1 < len(toks):
        return True
    if t.low in forms and forms[t.low][1] == "VBZ":
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        # "Trade talks resume": a plural noun followed by the real verb.
        return not (nxt and not nxt.proper and nxt.tag in ("VBZ", "VBP", "VBD") and nxt.pos == "VERB"
                    and t.pos == "NOUN")
    if t.low in forms and forms[t.low][1] == "VBD":
        return True
    if spacy_finite:
        # The tagger reads headlinese loosely ("Volta startup hub"): a word English never uses as
        # a verb is not the verb, whatever its tag.
        return bool(getAllLemmas(t.low).get("VERB")) or t.low in MODALS
    if t.tag == "VBP" or t.low in ACT_KINDS:
        # Plural subjects take the bare form: "Warriors trade for", "Democrats raise".
        plural = toks[i - 1].text.endswith("s") or any(x.low in ("and", "&", ",") for x in toks[:i])
        # "Arsenal sign Declan Rice": British headlines give a team's name a plural verb.
        named_object = nxt is not None and (nxt.proper or nxt.low in ("a", "an", "the", "their"))
        team = (toks[i - 1].proper or i - 1 in mention_ix) and named_object and t.low in ACT_KINDS
        return (toks[i - 1].proper and plural) or toks[i - 1].tag in ("NNS", "NNPS") or team
    # "Zdeno Chara, 44, returning to ...": an age in apposition still ends the noun phrase.
    after_age = prev == "," and i > 2 and toks[i - 2].low.isdigit() and toks[i - 3].low == ","
    # "Volta Permanently Leaving …": headlinese drops the "is" before a progressive, adverb or not.
    k = i - 1
    while k > 0 and toks[k].tag == "RB" and toks[k].low.endswith("ly"):
        k -= 1
    named = toks[k].proper or toks[k].tag.startswith("NN")
    return t.tag == "VBG" and (named or after_age) and _lemma(t.low) in ACT_KINDS


def _hyphenated(toks: list[Tok], i: int) -> bool:
    """Whether a word is the tail of a hyphenated compound: "led" in "Powell-led"."""
    return i > 1 and toks[i - 1].text in ("-", "–") and toks[i - 1].end == toks[i].start \
        and toks[i - 2].end == toks[i - 1].start


def _verb_after_name(toks: list[Tok], i: int) -> bool:
    """A word spaCy took for a noun that a headline uses as the verb after its subject's name.

    "EU fines Apple", "Netanyahu requests pardon", "Lakers down Celtics", "Xi and Trump shake
    hands": right after a name, a third-person form of a lexicon verb is the act.
    """
    t, prev = toks[i], toks[i - 1]
    if not prev.proper or prev.low in ("'s",) or t.low in COMPOUND_NOUNS or not t.low.isalpha():
        return False
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if nxt is not None and not nxt.proper and nxt.tag in ("VBZ", "VBD") and nxt.pos == "VERB":
        return False  # "Apple recalls rise": the next word is the finite verb
    lemma = _lemma(t.low)
    if lemma not in ACT_KINDS and lemma not in _phrasal():
        return False
    # A word the lexicon knows only in a phrase needs the phrase: "shake hands", not "shake".
    if lemma not in ACT_KINDS and not any(
        [x.low for x in toks[i + 1 : i + len(p)]] == list(p[1:]) for p in _phrasal()[lemma]
    ):
        return False
    plural = prev.text.endswith("s") or any(x.low in ("and", "&") for x in toks[:i])
    if t.low == lemma:
        # A bare form needs a plural subject ("Lakers down Boston") and a name or object after it.
        return plural and nxt is not None and (nxt.proper or lemma in _phrasal())
    return t.low in getInflection(lemma, "VBZ") and nxt is not None and (
        nxt.proper or nxt.tag in ("NN", "NNS", "VBP", "VB", "CD", "$", "JJ", "DT")
    )


def loose_verb_at(toks: list[Tok], i: int, mention_ix: set[int]) -> bool:
    """A second look when spaCy found no verb: an English verb form right after a noun phrase."""
    t, prev = toks[i], toks[i - 1]
    if i in mention_ix or t.proper or not t.low.isalpha() or prev.low in NOT_BEFORE_VERB:
        return False
    if not (prev.proper or prev.tag.startswith("NN")):
        return False
    all_lemmas = getAllLemmas(t.low)
    lemmas = all_lemmas.get("VERB", ())
    if not lemmas:
        return False
    lemma = lemmas[0]
    # Words that are also nouns ("toys", "pact") are too risky without spaCy's word for it,
    # unless a name stands right before a third-person form: "Biden Pardons Son".
    if "NOUN" in all_lemmas and t.pos != "VERB" and not (
        prev.proper and t.low in (getInflection(lemma, "VBZ") or ())
    ):
        return False
    return t.low in (lemma, *(getInflection(lemma, "VBZ") or ()), *(getInflection(lemma, "VBD") or ()))


@dataclass
class _Phrase:
    """A verb phrase as found: its tokens, lemma and mode."""

    start: int  # token index where the act's text starts
    end: int  # token index after the act's text
    lemma: str
    mode: str  # "plain", "plan", "negative", "passive", "progressive"
    tag: str  # the tag of the word as written: VBZ, VBD, VB ...


@lru_cache(maxsize=1)
def _phrasal() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Multi-word lexicon entries by their first word: "reach" -> (("reach", "out", "to"), ...)."""
    table: dict[str, list[tuple[str, ...]]] = {}
    for entry in ACT_KINDS:
        parts = tuple(entry.split())
        if len(parts) > 1:
            table.setdefault(parts[0], []).append(parts)
    return {k: tuple(v) for k, v in table.items()}


def _particles(toks: list[Tok], j: int, lemma: str) -> tuple[int, str]:
    """Extend a verb at j with particles and prepositions its lexicon entry names."""
    best_end, best = j + 1, lemma
    for parts in _phrasal().get(lemma, ()):
        words = [t.low for t in toks[j + 1 : j + len(parts)]]
        if words == list(parts[1:]) and j + len(parts) > best_end:
            best_end, best = j + len(parts), " ".join(parts)
    if best_end == j + 1 and j + 1 < len(toks) and toks[j + 1].low in PARTICLES and toks[j + 1].tag == "RP":
        return j + 2, f"{lemma} {toks[j + 1].low}"
    return best_end, best


def phrase(toks: list[Tok], v: int) -> _Phrase:
    """The verb phrase starting at token v: modal, catenative and phrasal forms resolved."""
    t = toks[v]
    mode, j = "plain", v
    tag = t.tag if t.tag.startswith("VB") else "VBZ"
    if t.low == "to":
        mode, j = "plan", v + 1
    elif t.low in MODALS:
        j = v + 1
        if j < len(toks) and toks[j].low in NEGATIONS:
            mode, j = "negative", j + 1
        else:
            mode = "conjecture" if t.low in CONJECTURE else "plan"
    elif t.low in COPULAS:
        nxt = toks[v + 1] if v + 1 < len(toks) else None
        if nxt and nxt.low in NEGATIONS:
            v2 = v + 2
            if v2 < len(toks) and toks[v2].low == "running":
                return _Phrase(v, v2 + 1, "run", "negative", "VBZ")
        if nxt and nxt.low in PLAN_WORDS and v + 2 < len(toks) and toks[v + 2].low == "to":
            mode, j = "plan", v + 3
        elif nxt and nxt.tag == "VBG":
            mode, j = "progressive", v + 1
        elif nxt and nxt.tag in ("VBN", "VBD"):
            lemma = _lemma(nxt.low)
            end, lemma = _particles(toks, v + 1, lemma)
            return _Phrase(v, end, lemma, "passive", "VBN")
        else:
            return _Phrase(v, v + 1, "be", "plain", tag)
    if j >= len(toks):
        return _Phrase(v, len(toks), _lemma(t.low), "plain", tag)
    word = toks[j]
    lemma = _lemma(word.low)
    if mode == "plain" and word.low in NEGATIONS:
        mode = "negative"
    # "Northwind set to open …", "Apple poised to unveil …": headlinese drops the "is" of a plan.
    if (mode == "plain" and word.low in PLAN_WORDS and j + 2 < len(toks) and toks[j + 1].low == "to"
            and not toks[j + 2].proper):
        end, lemma = _particles(toks, j + 2, _lemma(toks[j + 2].low))
        return _Phrase(v, end, lemma, "plan", "VB")
    by_agent = j + 1 < len(toks) and toks[j + 1].low == "by" and word.low.endswith(("ed", "en", "wn"))
    if mode == "plain" and word.tag in ("VBN", "VBD") and by_agent:
        return _Phrase(v, j + 1, lemma, "passive", "VBN")
    if (mode == "plain" and word.tag in ("VBN", "VBD") and lemma in PASSIVE_PRONE
            and j + 1 < len(toks) and not toks[j + 1].proper
            and word.low.endswith(("ed", "en", "wn")) and not _takes_object(toks, j)):
        end, lemma = _particles(toks, j, lemma)
        return _Phrase(v, end, lemma, "passive", "VBN")
    if mode == "plain" and word.tag == "VBG":
        mode = "progressive"  # "Volta hosting a workshop": headlinese drops the "is"
    end, lemma = _particles(toks, j, lemma)
    # "agrees to hear", "plans to skip": the second verb carries the act.
    if lemma in CATENATIVE and end + 1 < len(toks) and toks[end].low == "to":
        second = toks[end + 1]
        if second.tag == "VB" or _lemma(second.low) in ACT_KINDS:
            end2, lemma2 = _particles(toks, end + 1, _lemma(second.low))
            if lemma in REFUSALS and mode == "plain":
                mode = "refusal"
            return _Phrase(v, end2, f"{lemma} to {lemma2}", mode, tag)
    return _Phrase(v, end, lemma, mode, tag if mode == "plain" else "VB")


def _takes_object(toks: list[Tok], j: int) -> bool:
    """Whether a past-tense verb reads as active: "Macron named a new prime minister"."""
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    return bool(nxt and nxt.low in ("new", "the", "a", "an", "his", "her", "its", "their"))


# Verbs that tell news; with a whole clause for object ("reveals wife is pregnant") they report a
# statement, whatever their kind with a noun for object ("announces a partnership").
_TELLING = {"announce", "reveal", "confirm", "disclose", "share"}
_CLAUSE = re.compile(r"^(?:[\w’'-]+ ){1,4}(?:is|are|was|were|will|has|have|had)\b", re.I)


def _act_kind(lemma: str, rest: str, mode: str) -> str:
    """The kind of act a verb phrase names, its object (`rest`) and voice considered, from the lexicon."""
    parts = lemma.split(" to ")
    main = parts[-1] if len(parts) > 1 and parts[0] in CATENATIVE else lemma
    if parts[0] in REFUSALS:
        return ACT_KINDS[parts[0]]  # declining to testify is a decision, not testimony
    if parts[0] == "vote" and len(parts) > 1:
        return ACT_KINDS["vote"]  # a vote to admit, to extend or to reject is the vote itself
    head = main.split()[0]
    if head in _TELLING and _CLAUSE.match(rest):
        return "statement"  # "announces wife is pregnant": news told, a statement rather than a deed
    kind = ACT_KINDS.get(main) or ACT_KINDS.get(head) or "action"
    # A sense of the verb that its object decides: "lands in Lebanon" is an arrival, "lands a deal" not.
    for word in dict.fromkeys((main, head)):
        found = _LEXICON.object_kind(word, rest)
        if found:
            return found
    # An object that makes any act of the kind another: "approves the bill" is legislation.
    info = _LEXICON.kinds[kind]
    for cls, becomes in info.objects:
        if _LEXICON.objects[cls].matches(rest):
            return becomes
    if mode == "passive" and info.passive:
        return info.passive
    return kind


def _noun(lemma: str, mode: str, kind: str) -> str | None:
    """The act noun a writer uses for the phrase ("plan to visit", "appointment", "signing")."""
    if mode == "plan":
        return f"plan to {lemma}"
    if mode == "negative":
        return f"decision not to {lemma}"
    if mode == "passive":
        return _LEXICON.kinds[kind].passive_noun or NOUNS.get(lemma)
    parts = lemma.split(" to ")
    if len(parts) > 1 and parts[0] in CATENATIVE:
        return NOUNS.get(parts[1]) or NOUNS.get(parts[1].split()[0])
    return NOUNS.get(lemma) or NOUNS.get(lemma.split()[0])


def _main_verb(lemma: str) -> str:
    """The verb that names the act: the second one after a catenative ("agree to hear" -> "hear")."""
    first, sep, second = lemma.partition(" to ")
    if first == "vote":
        return first  # the vote is the act, whatever it was a vote to do
    return second if sep and first in CATENATIVE else lemma


# The phrase's modes as an Act names them.
_MODES = {"plain": "done"}


def stronger_verb(toks: list[Tok], v: int, mention_ix: set[int]) -> int:
    """The verb that names the act: a broad first verb yields to a specific one after a comma.

    "Volta drops interim label, officially appoints Matt Cooper as CEO" is an appointment; the
    dropped label is how the headline leads up to it.
    """
    first = _LEXICON.main.get(_lemma(toks[v].text))
    if first is None or not first.broad:
        return v
    for j in range(v + 1, len(toks)):
        if toks[j - 1].text != "," and not (j > 1 and toks[j - 2].text == "," and toks[j - 1].pos == "ADV"):
            continue
        row = _LEXICON.main.get(_lemma(toks[j].text))
        if row is not None and not row.broad and row.win and verb_at(toks, j, mention_ix):
            return j
    return v


def make_act(claim: str, toks: list[Tok], ph: _Phrase, adverb_start: int) -> Act:
    """The Act a verb phrase tells: its text, word forms, noun, kind and the rest of the claim."""
    start = toks[adverb_start].start
    text = claim[start : toks[ph.end - 1].end]
    rest = claim[toks[ph.end - 1].end :].strip(" ,:;-–—")
    adverbs = claim[start : toks[ph.start].start].strip()
    # "Volta Permanently Leaving …": a title-case adverb is an ordinary word in prose.
    prefix = "".join(f"{w.lower() if w.endswith('ly') else w} " for w in adverbs.split())
    lemma = ph.lemma
    if ph.mode in ("plan", "conjecture"):
        forms = (f"plan to {lemma}", f"planned to {lemma}", f"planned to {lemma}", f"planning to {lemma}")
    elif ph.mode == "negative":
        forms = (f"decide not to {lemma}", f"decided not to {lemma}", f"decided not to {lemma}",
                 f"deciding not to {lemma}")
    elif ph.mode == "passive":
        part = _inflect(lemma, "VBN")
        forms = (f"be {part}", f"was {part}", f"been {part}", f"being {part}")
    else:
        forms = (lemma, _inflect(lemma, "VBD"), _inflect(lemma, "VBN"), _inflect(lemma, "VBG"))
    kind = _act_kind(lemma, rest, ph.mode)
    return Act(
        text=text,
        lemma=prefix + forms[0],
        past=prefix + forms[1],
        participle=prefix + forms[2],
        gerund=prefix + forms[3],
        noun=_noun(lemma, ph.mode, kind),
        kind=kind,
        rest=rest,
        mode=_MODES.get(ph.mode, ph.mode),
        verb=_main_verb(lemma),
    )



_DETERMINERS = {"the", "these", "those"}


def object_first(claim: str, toks: list[Tok], lo: int, v: int, act: Act) -> Act:
    """The act of a title that puts its object first: "The four astronauts NASA picked for …".

    Headlines name what was picked, hired or chosen and then who did it, as a noun with a clause;
    the name before the verb did the act, and the noun in front is its object. Any other title
    keeps the act as read.
    """
    if toks[lo].low not in _DETERMINERS or toks[v].tag not in ("VBD", "VBN") or act.mode not in (
            "done", "passive"):
        return act
    k = next((i for i in range(lo + 1, v) if toks[i].proper), None)
    described = toks[lo + 1 : k]
    if k is None or not described or not all(t.text[:1].islower() or t.text[:1].isdigit() for t in described):
        return act
    if toks[k - 1].tag not in ("NNS", "NN") or not all(t.proper for t in toks[k:v]):
        return act
    lemma = _lemma(toks[v].low)
    if lemma not in ACT_KINDS:
        return act
    thing = claim[toks[lo].start : toks[k].start].strip()
    thing = thing[:1].lower() + thing[1:]
    rest = f"{thing} {act.rest}".strip()
    kind = _act_kind(lemma, rest, "plain")
    return Act(text=toks[v].text, lemma=lemma, past=_inflect(lemma, "VBD"),
               participle=_inflect(lemma, "VBN"), gerund=_inflect(lemma, "VBG"),
               noun=_noun(lemma, "plain", kind), kind=kind, rest=rest, mode="done", verb=_main_verb(lemma))
