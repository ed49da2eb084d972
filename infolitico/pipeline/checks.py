"""The checks every draft passes before publication: grounding, truth, voice, structure and taste."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from infolitico.pipeline.events import Draft, Entity, Event, Violation

VOICE_DATA = Path(__file__).resolve().parent.parent / "data" / "voice"


class HouseDataError(ValueError):
    """A house-rules data file that does not say what its readers need; the message is one line."""


@dataclass(frozen=True)
class HouseRules:
    """The house limits and spelling, read by the checks, the template writer and the model's prompt."""

    paragraphs: tuple[int, int] = (4, 7)
    words: tuple[int, int] = (250, 550)
    sentences_per_paragraph: tuple[int, int] = (2, 4)
    headline_words: tuple[int, int] = (7, 14)
    dek_words: tuple[int, int] = (18, 40)
    writer_words: tuple[int, int] = (260, 520)  # where the template writer aims, inside `words`
    british: tuple[tuple[str, str], ...] = ()  # (British form, American form) the house never writes

    @property
    def american(self) -> dict[str, str]:
        """British form -> the American spelling the house writes instead."""
        return dict(self.british)


def _pair(where: str, value: Any) -> tuple[int, int]:
    ok = isinstance(value, list) and len(value) == 2 and all(type(v) is int and v > 0 for v in value)
    if not ok or value[0] > value[1]:
        raise HouseDataError(f"house.toml: {where} must be [low, high] whole numbers, not {value!r}")
    return value[0], value[1]


@lru_cache(maxsize=4)
def load_house(folder: Path | str = VOICE_DATA) -> HouseRules:
    """The house rules in `folder` (house.toml and spelling.toml), read and checked once."""
    folder = Path(folder)
    try:
        house = tomllib.loads((folder / "house.toml").read_text(encoding="utf-8"))
        spelling = tomllib.loads((folder / "spelling.toml").read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise HouseDataError(f"house rules: not valid TOML ({e})") from None
    body, writer = house.get("body", {}), house.get("writer", {})
    british = spelling.get("british")
    if not isinstance(british, dict) or not british:
        raise HouseDataError("spelling.toml: [british] must map each British form to its American one")
    for word, american in british.items():
        if not re.fullmatch(r"[a-z]+", word) or not isinstance(american, str) or not american:
            raise HouseDataError(f"spelling.toml: {word} = {american!r} is not a word and its American form")
    rules = HouseRules(
        paragraphs=_pair("body.paragraphs", body.get("paragraphs")),
        words=_pair("body.words", body.get("words")),
        sentences_per_paragraph=_pair("body.sentences_per_paragraph", body.get("sentences_per_paragraph")),
        headline_words=_pair("headline.words", house.get("headline", {}).get("words")),
        dek_words=_pair("dek.words", house.get("dek", {}).get("words")),
        writer_words=_pair("writer.words", writer.get("words")),
        british=tuple(sorted(british.items())),
    )
    low, high = rules.words
    if not low <= rules.writer_words[0] <= rules.writer_words[1] <= high:
        raise HouseDataError("house.toml: writer.words must lie inside body.words")
    return rules


HOUSE = load_house()
PARAGRAPHS = HOUSE.paragraphs
WORDS = HOUSE.words
SENTENCES_PER_PARAGRAPH = HOUSE.sentences_per_paragraph
HEADLINE_WORDS = HOUSE.headline_words
DEK_WORDS = HOUSE.dek_words
_LETTERS = re.compile(r"[A-Za-z]+")

# Abbreviations that end in a full stop without ending the sentence.
ABBREVIATIONS = {
    "gov", "sen", "rep", "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "lt", "col", "sgt", "capt",
    "adm", "prof", "inc", "corp", "co", "ltd", "vs", "no", "mt", "ft", "rev", "gov’t", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "ave", "pres", "supt",
    "det", "cmdr", "messrs", "approx", "est", "dept", "univ",
}  # fmt: skip
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


@lru_cache(maxsize=4096)
def _tokens(text: str) -> frozenset[str]:
    found = set()
    for t in _WORD.findall(text.replace("'", "’")):
        t = t.rstrip(".’")
        found.add(t)
        found.add(t.replace("’s", ""))
    return frozenset(found)


def _proper_nouns(text: str) -> list[str]:
    """Capitalised words that do not open a sentence: the names an article puts forward."""
    return list(_names_in(text))


@lru_cache(maxsize=8192)
def _names_in(text: str) -> tuple[str, ...]:
    # Ledger facts and titles repeat from draft to draft: their names are read once.
    out = []
    for sentence in split_sentences(text):
        for t in _WORD.findall(sentence.replace("'", "’"))[1:]:
            t = t.rstrip(".’").replace("’s", "")
            if t and t[0].isupper() and t != "I":
                out.append(t)
    return tuple(out)


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
    # The feed's summary was read too (VOICE.md): a name it gives is in the source.
    allowed |= _tokens(event.source.summary or "")
    title_low = title.lower()
    article = " ".join([draft.dek, *draft.body])
    for name in dict.fromkeys(_proper_nouns(article)):
        if name not in allowed and name.lower() not in title_low:
            out.append(Violation("grounding", f"“{name}” is neither in the source nor in the knowledge base"))
    # A number is kept whole: "$25" from "$25,000" is a number the source never gave.
    given = {n.rstrip(".,") for n in _NUMBER.findall(" ".join([title, *kb_facts]))}
    for number in dict.fromkeys(_NUMBER.findall(" ".join([draft.headline, article]))):
        number = number.rstrip(".,")
        if number and number not in given:
            out.append(Violation("grounding", f"the number {number} is not in the source"))
    # A quotation is a fact about what someone said: only the source's own quoted words may appear.
    quotes = [m.group(1) or m.group(2) for m in _QUOTE.finditer(" ".join([draft.headline, article]))]
    for quoted in dict.fromkeys(quotes):
        # American style closes a quotation after its sentence's comma or period: “…clear,” quotes “…clear”.
        words = quoted.rstrip(",.;:") if quoted[-1:] in ",.;:" else quoted
        if typographic_plain(words).lower() not in typographic_plain(title).lower():
            out.append(Violation("grounding", f"the quotation “{quoted}” is not in the source"))
    sentences = draft_sentences(draft)
    vouched = {t.lower() for t in _kb_texts(event)}
    title_tokens = _tokens(title)
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
            # "ENTREVESTOR: …" credits Entrevestor: a name in capitals is the same name.
            stray = [
                t
                for t in _proper_nouns("X " + fact.fact)
                if t not in title_tokens and t.upper() not in title_tokens
            ]
            if stray:
                out.append(
                    Violation(
                        "grounding",
                        f"ledger fact “{fact.fact}” is marked as source but is not in the source title",
                    )
                )
    return out


# A sentence about what the report said or left out: the newsroom read only its headline.
_REPORT_WORD = re.compile(r"\b(?:report|reports|article|story|piece|coverage|reporting|dispatch)\b", re.I)
_LEFT_OUT = re.compile(
    r"\b(?:did not|does not|didn’t|doesn’t|never|offered no|gave no|made no|came without|without|"
    r"left out|leaves out|no mention|omitted|nothing about|not part of)\b",
    re.I,
)
_READ = re.compile(r"\b(?:headline|title)s?\b", re.I)
_GENDERED = {
    "he": "he",
    "him": "he",
    "his": "he",
    "himself": "he",
    "she": "she",
    "her": "she",
    "hers": "she",
    "herself": "she",
}
_PRONOUN_WORD = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.I)
# Words a headline never ends on: the act was cut mid-phrase.
_DANGLING = {
    "to",
    "in",
    "at",
    "on",
    "for",
    "of",
    "as",
    "and",
    "or",
    "but",
    "the",
    "a",
    "an",
    "with",
    "from",
    "by",
    "into",
    "than",
    "that",
    "which",
    "who",
    "after",
    "before",
    "amid",
    "over",
    "about",
}
_DANGLING_PAIRS = re.compile(r"\b(?:as part|part of|such as|in order|according|ahead)$", re.I)
_ARTICLE_PAIR = re.compile(r"\b(a|an) ([A-Za-z0-9][\w’'.-]*)")


def _truth(draft: Draft, event: Event) -> list[Violation]:
    """What a reader would catch as false or broken: claims about an unread report, a guessed
    pronoun, a headline that carries its source's credit or stops mid-phrase, a/an before the wrong sound."""
    from infolitico.pipeline.writers.language import indefinite  # the writers' English, one helper

    out = []
    title = event.source.title.replace("'", "’")
    title_low = title.lower()
    for sentence in [draft.dek, *(s for p in draft.body for s in split_sentences(p))]:
        if _REPORT_WORD.search(sentence) and _LEFT_OUT.search(sentence) and not _READ.search(sentence):
            out.append(
                Violation(
                    "truth",
                    f"“{_clip(sentence)}” says what the report left out, "
                    "but the newsroom read only its headline",
                )
            )
            break
    known = {(e.pronoun or "").lower() for e in _entities(event)} & {"he", "she"}
    text = " ".join([draft.dek, *draft.body])
    claim_low = event.source.claim.lower()
    for m in _PRONOUN_WORD.finditer(text):
        pronoun = _GENDERED[m.group(1).lower()]
        if pronoun not in known and f" {m.group(1).lower()} " not in f" {claim_low} ":
            out.append(Violation("truth", f"the pronoun “{m.group(1)}” is not one the knowledge base gives"))
            break
    headline = draft.headline
    words = re.findall(r"[\w’'.-]+", headline)
    credit = [c for c in (event.source.reporter, event.source.publisher) if c]
    claim = event.source.claim.lower()
    for name in credit:
        if name.lower() in headline.lower() and name.lower() not in claim:
            out.append(Violation("truth", f"the headline carries the source’s credit, {name}"))
            break
    if words and (words[-1].lower() in _DANGLING or _DANGLING_PAIRS.search(headline.rstrip(" .,"))):
        out.append(Violation("truth", f"the headline stops mid-phrase, on “{words[-1]}”"))
    if words and words[-1].lower() in ("reports", "reported", "says") and words[-1].lower() not in claim:
        out.append(Violation("truth", "the headline ends on its source’s credit"))
    for m in _ARTICLE_PAIR.finditer(" ".join([headline, text])):
        art, word = m.group(1), m.group(2)
        if m.start() > 0 and m.string[m.start() - 1] not in " “‘(—":
            continue
        if art.lower() != indefinite(word) and m.group(0).lower() not in title_low:
            out.append(Violation("truth", f"“{m.group(0)}”: the article does not fit the word"))
            break
    for m in re.finditer(r"\b(\w+) \1\b", text, re.I):
        if m.group(0).lower() not in title_low and not m.group(1).isdigit():
            out.append(Violation("truth", f"a doubled word, “{m.group(0)}”"))
            break
    return out


def _clip(sentence: str, words: int = 12) -> str:
    parts = sentence.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _spelling(draft: Draft, event: Event) -> list[Violation]:
    """British forms the American house never writes, unless a name the source or the KB spells so."""
    out = []
    vouched = " ".join([event.source.title, *_kb_texts(event)]).lower()
    american = HOUSE.american
    text = " ".join([draft.headline, draft.dek, *draft.body])
    for word in dict.fromkeys(w for w in _LETTERS.findall(text) if w.lower() in american):
        if word.lower() not in vouched:
            out.append(
                Violation(
                    "voice", f"the British spelling “{word}”; the house writes “{american[word.lower()]}”"
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
    # … and "The Associated Press reported" opens with it too.
    dek = draft.dek[4:] if draft.dek.startswith("The ") and not reporter.startswith("The ") else draft.dek
    if reporter and not dek.lower().startswith(reporter.lower()):
        out.append(Violation("voice", f"the dek does not open with the reporter, {reporter}"))
    elif reporter:
        after = dek[len(reporter) :].split()
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


def _structure(draft: Draft, event: Event) -> list[Violation]:
    out = []
    n = len(draft.body)
    rules = HOUSE
    if not rules.paragraphs[0] <= n <= rules.paragraphs[1]:
        out.append(Violation("structure", f"{n} paragraphs; the house writes {_span(rules.paragraphs)}"))
    if not rules.words[0] <= draft.words <= rules.words[1]:
        out.append(Violation("structure", f"{draft.words} words; the house writes {_span(rules.words)}"))
    for i, paragraph in enumerate(draft.body, 1):
        count = len(split_sentences(paragraph))
        low, high = rules.sentences_per_paragraph
        if not low <= count <= high:
            out.append(Violation("structure", f"paragraph {i} has {count} sentences; {low} to {high}"))
    words = draft.headline.split()
    if not rules.headline_words[0] <= len(words) <= rules.headline_words[1]:
        out.append(Violation("structure", f"headline has {len(words)} words; {_span(rules.headline_words)}"))
    if not _headline_case_ok(draft.headline):
        out.append(Violation("structure", "headline is not Every Word Capitalised"))
    if "!" in draft.headline or "?" in draft.headline:
        out.append(Violation("structure", "headline ends in ? or !"))
    dek_words = len(draft.dek.split())
    if not rules.dek_words[0] <= dek_words <= rules.dek_words[1]:
        out.append(Violation("structure", f"dek has {dek_words} words; {_span(rules.dek_words)}"))
    if len(split_sentences(draft.dek)) != 1:
        out.append(Violation("structure", "the dek is not one sentence"))
    if event.subject and draft.body and (typographic_plain(event.subject.name)
                                         not in typographic_plain(draft.body[0])):
        out.append(Violation("structure", f"the lede does not name {event.subject.name} in full"))
    return out


def _span(pair: tuple[int, int]) -> str:
    return f"{pair[0]} to {pair[1]}"


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
        *_truth(draft, event),
        *_voice(draft, event),
        *_spelling(draft, event),
        *_structure(draft, event),
    ]
