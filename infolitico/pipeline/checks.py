"""The checks every draft passes before publication: grounding, voice, structure and taste."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from infolitico.pipeline.events import Draft, Entity, Event, Violation

PARAGRAPHS = (5, 7)
WORDS = (350, 550)
SENTENCES_PER_PARAGRAPH = (2, 4)
HEADLINE_WORDS = (7, 14)
DEK_WORDS = (18, 40)

# Abbreviations that end in a full stop without ending the sentence.
ABBREVIATIONS = {
    "gov",
    "sen",
    "rep",
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "jr",
    "sr",
    "gen",
    "lt",
    "col",
    "sgt",
    "capt",
    "adm",
    "prof",
    "inc",
    "corp",
    "co",
    "ltd",
    "vs",
    "no",
    "mt",
    "ft",
    "rev",
    "gov’t",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "ave",
    "pres",
    "supt",
    "det",
    "cmdr",
    "messrs",
    "approx",
    "est",
    "dept",
    "univ",
}
_BOUNDARY = re.compile(r"[.!?]+[”’\"')\]]*\s+(?=[“‘\"'(\[]?[A-Z0-9$])")
_WORD = re.compile(r"[A-Za-z][A-Za-z.'’-]*")
_NUMBER = re.compile(r"\d[\d,.]*")
# A quotation: double quotes, or a single quote opened after a space (an apostrophe never is).
_QUOTE = re.compile(r"“([^”]{2,})”|(?<![\w’])‘([^’]{2,}?)’(?!\w)")
_SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself|yourselves|you’re|you've|you’ve)\b", re.I)
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\U00002600-\U000027bf\U0001f900-\U0001f9ff\U00002b00-\U00002bff\ufe0f\u200d]"
)
_REPORTING_VERBS = (
    "reported",
    "reports",
    "said",
    "says",
    "wrote",
    "writes",
    "described",
    "detailed",
    "revealed",
    "disclosed",
    "confirmed",
)
# Words a headline may leave in lower case (particles of names, brand spellings).
_HEADLINE_LOWER = {"de", "da", "van", "von", "bin", "iPhone", "iPad", "eBay", "x"}


def _is_abbreviation(token: str) -> bool:
    bare = token.rstrip(".").lstrip("“‘\"'(")
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]?", token.lstrip("“‘\"'(")):
        return True  # "U.S.", "D.C.", an initial such as "J."
    return bare.lower() in ABBREVIATIONS


def split_sentences(text: str) -> list[str]:
    """Sentences of `text`; "U.S.", "Gov." and initials do not end one."""
    return list(_split(text))


@lru_cache(maxsize=8192)
def _split(text: str) -> tuple[str, ...]:
    # The writer and the checks split the same paragraphs many times over; the answer never changes.
    sentences = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        before = text[start : m.start() + 1].split()
        last = before[-1] if before else ""
        if text[m.start()] == "." and _is_abbreviation(last):
            continue
        sentences.append(text[start : m.end()].strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return tuple(sentences)


def draft_sentences(draft: Draft) -> list[str]:
    """The sentences a ledger indexes: headline, dek, then each body sentence in order."""
    return [draft.headline, draft.dek] + [s for p in draft.body for s in split_sentences(p)]


def _tokens(text: str) -> set[str]:
    found = set()
    for t in _WORD.findall(text.replace("'", "’")):
        t = t.rstrip(".’")
        found.add(t)
        found.add(t.replace("’s", ""))
    return found


def _proper_nouns(text: str) -> list[str]:
    """Capitalised words that do not open a sentence: the names an article puts forward."""
    out = []
    for sentence in split_sentences(text):
        for t in _WORD.findall(sentence.replace("'", "’"))[1:]:
            t = t.rstrip(".’").replace("’s", "")
            if t and t[0].isupper() and t != "I":
                out.append(t)
    return out


def _entities(event: Event) -> list[Entity]:
    return [e for e in (event.subject, *event.participants) if e is not None]


def _kb_texts(event: Event) -> set[str]:
    """Everything the knowledge base vouches for about this event, as words."""
    texts = {event.source.reporter or "", event.source.publisher or ""}
    for e in _entities(event):
        texts |= {e.name, e.surname or "", *e.aliases}
        texts |= {d.text for d in e.descriptors}
    return {t for t in texts if t}


def typographic_plain(text: str) -> str:
    """Quotes and apostrophes folded to straight ones, so two spellings of a quote compare equal."""
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


def _grounding(draft: Draft, event: Event, kb: Any) -> list[Violation]:
    out = []
    title = event.source.title.replace("'", "’")
    kb_facts = [f.fact for f in draft.ledger if f.origin == "kb"]
    allowed = _tokens(title) | _tokens(" ".join(kb_facts))
    allowed |= _tokens(
        " ".join(filter(None, [event.subject.name if event.subject else "", event.source.reporter or ""]))
    )
    title_low = title.lower()
    article = " ".join([draft.dek, *draft.body])
    for name in dict.fromkeys(_proper_nouns(article)):
        if name not in allowed and name.lower() not in title_low:
            out.append(Violation("grounding", f"“{name}” is neither in the source nor in the knowledge base"))
    facts = " ".join([title, *kb_facts])
    for number in dict.fromkeys(_NUMBER.findall(" ".join([draft.headline, article]))):
        number = number.rstrip(".,")
        if number and number not in facts:
            out.append(Violation("grounding", f"the number {number} is not in the source"))
    # A quotation is a fact about what someone said: only the source's own quoted words may appear.
    quotes = [m.group(1) or m.group(2) for m in _QUOTE.finditer(" ".join([draft.headline, article]))]
    for quoted in dict.fromkeys(quotes):
        if typographic_plain(quoted).lower() not in typographic_plain(title).lower():
            out.append(Violation("grounding", f"the quotation “{quoted}” is not in the source"))
    sentences = draft_sentences(draft)
    vouched = {t.lower() for t in _kb_texts(event)}
    for fact in draft.ledger:
        if not 0 <= fact.sentence < len(sentences):
            out.append(
                Violation(
                    "grounding",
                    f"ledger fact “{fact.fact}” points at sentence {fact.sentence}, which does not exist",
                )
            )
        if fact.origin not in ("source", "kb"):
            out.append(Violation("grounding", f"ledger fact “{fact.fact}” has no origin"))
        elif fact.origin == "kb" and fact.fact.lower() not in vouched and not _kb_knows(kb, fact):
            out.append(
                Violation(
                    "grounding",
                    f"ledger fact “{fact.fact}” is marked as knowledge-base but the knowledge base lacks it",
                )
            )
        elif fact.origin == "source":
            stray = [t for t in _proper_nouns("X " + fact.fact) if t not in _tokens(title)]
            if stray:
                out.append(
                    Violation(
                        "grounding",
                        f"ledger fact “{fact.fact}” is marked as source but is not in the source title",
                    )
                )
    return out


def _kb_knows(kb: Any, fact) -> bool:
    """Whether a knowledge base, if one is given, resolves the fact (an outlet or an entity)."""
    if kb is None:
        return False
    for probe in ("resolve", "outlet"):
        method = getattr(kb, probe, None)
        try:
            found = method(fact.fact) if method else None
        except (KeyError, ValueError, LookupError):
            found = None
        if found and (not isinstance(found, str) or found.lower() == fact.fact.lower()):
            return True
    return False


def _voice(draft: Draft, event: Event) -> list[Violation]:
    out = []
    text = " ".join([draft.headline, draft.dek, *draft.body])
    claim = event.source.claim.replace("'", "’")
    if "!" in text:
        out.append(Violation("voice", "an exclamation mark; the house never uses one"))
    if _SECOND_PERSON.search(text.replace("'", "’").replace(claim, "")):
        out.append(Violation("voice", "second person (“you”); the house never addresses the reader"))
    if _EMOJI.search(text):
        out.append(Violation("voice", "an emoji"))
    if re.search(r"\bin conclusion\b", text, re.I):
        out.append(Violation("voice", "“In conclusion”"))
    if "?" in draft.headline:
        out.append(Violation("voice", "a question in the headline"))
    if '"' in text or re.search(r"(?<!\w)'|'(?!\w)|\w'\w", text):
        out.append(Violation("voice", "straight quotes or apostrophes; use typographic ones"))
    reporter = (event.source.reporter or event.source.publisher or "").replace("'", "’")
    # A reporter spelt in lower case ("thecoast.ca") may be capitalised at the start of the dek.
    if reporter and not draft.dek.lower().startswith(reporter.lower()):
        out.append(Violation("voice", f"the dek does not open with the reporter, {reporter}"))
    elif reporter:
        after = draft.dek[len(reporter) :].split()
        if not after or after[0].strip(",") not in _REPORTING_VERBS:
            out.append(Violation("voice", "the dek does not open with a reporting verb"))
    body = " ".join(draft.body)
    if reporter and reporter.lower() not in body.lower():
        out.append(Violation("voice", f"the body does not credit the reporter, {reporter}"))
    publisher = event.source.publisher
    if publisher and publisher != reporter and publisher not in event.source.claim and publisher in body:
        out.append(
            Violation("voice", f"the body names the publisher, {publisher}; it belongs in the sources box")
        )
    return out


def _headline_case_ok(headline: str) -> bool:
    for word in headline.split():
        core = word.lstrip("‘“'\"(")
        if core and core[0].isalpha() and not core[0].isupper() and core not in _HEADLINE_LOWER:
            return False
    return True


def _plain(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


def _structure(draft: Draft, event: Event) -> list[Violation]:
    out = []
    n = len(draft.body)
    if not PARAGRAPHS[0] <= n <= PARAGRAPHS[1]:
        out.append(Violation("structure", f"{n} paragraphs; the house writes 5 to 7"))
    if not WORDS[0] <= draft.words <= WORDS[1]:
        out.append(Violation("structure", f"{draft.words} words; the house writes 350 to 550"))
    for i, paragraph in enumerate(draft.body, 1):
        count = len(split_sentences(paragraph))
        if not SENTENCES_PER_PARAGRAPH[0] <= count <= SENTENCES_PER_PARAGRAPH[1]:
            out.append(Violation("structure", f"paragraph {i} has {count} sentences; 2 to 4"))
    words = draft.headline.split()
    if not HEADLINE_WORDS[0] <= len(words) <= HEADLINE_WORDS[1]:
        out.append(Violation("structure", f"headline has {len(words)} words; 7 to 14"))
    if not _headline_case_ok(draft.headline):
        out.append(Violation("structure", "headline is not Every Word Capitalised"))
    if "!" in draft.headline or "?" in draft.headline:
        out.append(Violation("structure", "headline ends in ? or !"))
    dek_words = len(draft.dek.split())
    if not DEK_WORDS[0] <= dek_words <= DEK_WORDS[1]:
        out.append(Violation("structure", f"dek has {dek_words} words; 18 to 40"))
    if len(split_sentences(draft.dek)) != 1:
        out.append(Violation("structure", "the dek is not one sentence"))
    if event.subject and draft.body and _plain(event.subject.name) not in _plain(draft.body[0]):
        out.append(Violation("structure", f"the lede does not name {event.subject.name} in full"))
    return out


def _taste(event: Event) -> list[Violation]:
    if event.verdict.cover:
        return []
    why = event.verdict.reason or "no reason given"
    return [Violation("taste", f"written for an event the desk did not clear ({why})")]


def check(draft: Draft, event: Event, kb: Any = None) -> list[Violation]:
    """Every rule the draft breaks; an empty list means it may be published."""
    return [
        *_taste(event),
        *_grounding(draft, event, kb),
        *_voice(draft, event),
        *_structure(draft, event),
    ]
