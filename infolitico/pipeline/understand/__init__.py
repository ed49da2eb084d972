"""Read a headline into an Event: who did what, to whom, in which section, and whether to cover it.

The package splits the reading by concern: `model` (spaCy and tokens), `names` (who), `acts`
(what was done), `sections` (where it belongs); this module runs them in order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..entities import KnowledgeBase, Mention
from ..events import Entity, Event, Source, Verdict
from ..feeds import scrub, without_markup
from ..headline import clean_title, known_outlet, parse_headline
from ..taste import judge, screen_title
from . import acts, model, names
from .credit import credit, spoken
from .model import load_nlp
from .sections import SECTIONS, section_for

__all__ = ["SECTIONS", "load_nlp", "section_for", "understand", "understand_many"]


@dataclass
class _Reading:
    """A title read as far as it goes without spaCy: the source, its claim and KB names in it."""

    src: Source
    mentions: list[Mention]
    declined: Verdict | None = None


def _read(title: str, kb: KnowledgeBase, publisher: str | None, link: str | None) -> _Reading:
    """A title screened, cleaned, split into publisher, reporter and claim, its KB names found."""
    if isinstance(title, str):
        title = scrub(title)  # a lone surrogate ('\uddc2') cannot be encoded for the parser
    problem = screen_title(title)
    if problem is not None:
        text = title if isinstance(title, str) else ""
        return _Reading(Source(text, "", publisher, publisher, None, link), [], problem)
    # A tag left in a title (escaped, then decoded) is the source's markup, never words to publish.
    text = without_markup(clean_title(title))
    if not text:
        return _Reading(Source(title, "", publisher, publisher, None, link), [],
                        Verdict("decline", "Declined: the title holds only HTML markup, no words."))
    src = parse_headline(text, publisher)
    claim = src.claim
    # source.title stays exactly as received; only the reading works on the cleaned text.
    src = Source(title, claim, src.publisher, src.reporter, src.attribution, link)
    if not claim.strip(" -–—|:.,;'\"") or known_outlet(claim.strip(" -–—|:")) and len(claim.split()) <= 6:
        return _Reading(src, [], Verdict("decline", "Declined: the title names only a publisher, no event."))
    return _Reading(src, kb.mentions(claim.replace("’", "'")))


def _finish(reading: _Reading, doc, kb: KnowledgeBase, summary: str | None,
            sections: tuple[str, ...]) -> Event:
    """The Event of a reading and its spaCy doc: verb, subject, act, participants, section, verdict."""
    src = reading.src
    if summary and summary.strip():
        src = replace(src, summary=summary.strip())
    if reading.declined is not None:
        return Event(source=src, subject=None, act=None, section=sections[0] if "U.S." not in sections
                     else "U.S.", verdict=reading.declined)
    claim, mentions = src.claim, reading.mentions
    toks = model.tokens(claim, mentions, doc)
    off = model.strip_kicker(claim)
    lo = next((i for i, t in enumerate(toks) if t.start >= off), 0)
    if off and lo < len(toks) and not any(m.start == toks[lo].start for m in mentions):
        toks[lo].proper = model.opens_with_name(toks, lo, toks[lo].text)
    mention_ix = {i for i, t in enumerate(toks) for m in mentions if m.start <= t.start < m.end}
    v = next((i for i in range(lo + 1, len(toks)) if acts.verb_at(toks, i, mention_ix)), None)
    if v is None:
        v = next((i for i in range(lo + 1, len(toks)) if acts.loose_verb_at(toks, i, mention_ix)), None)
    subject, act, extra = None, None, []
    if v is not None:
        adverb = v
        while adverb - 1 > lo and toks[adverb - 1].low.endswith("ly") and toks[adverb - 1].pos == "ADV":
            adverb -= 1
        subject, extra = names.subject_of(toks, lo, adverb, claim, mentions, kb)
        v = adverb = acts.stronger_verb(toks, v, mention_ix)
        while adverb - 1 > lo and toks[adverb - 1].low.endswith("ly") and toks[adverb - 1].pos == "ADV":
            adverb -= 1
        act = acts.object_first(claim, toks, lo, v, acts.make_act(claim, toks, acts.phrase(toks, v), adverb))
        extra = extra + names.name_runs(toks, v + 1, len(toks))
    else:
        subject, extra = names.subject_of(toks, lo, len(toks), claim, mentions, kb)
    participants, settings = names.participants_of(toks, claim, subject, mentions, kb, extra, src.reporter)
    if act is not None and act.kind == "visit" and participants and any(
            act.rest.startswith(n) for n in (participants[0].name, *participants[0].aliases) if n):
        # "heads to Dayton": where a visit goes is its setting, not a party to it.
        participants, settings = participants[1:], (participants[0], *settings)
    section = section_for(claim, subject, participants, act, src.publisher, src.reporter, sections, summary)
    if subject is not None and not subject.known and subject.section is None:
        subject = Entity(subject.name, subject.slug, subject.kind, subject.aliases, subject.descriptors,
                         section, subject.surname, known=False)
    event = Event(source=src, subject=subject, act=act, participants=participants, section=section,
                  settings=settings)
    verdict = judge(event, summary=summary)
    said = spoken(src)
    if said is not None:
        # Taste still has the first word ("…, police say" of a death); otherwise it is a quotation.
        tasteful = judge(src, summary=summary)
        verdict = tasteful if not tasteful.cover else said
    elif verdict.cover:
        verdict = credit(event, doc, kb) or verdict
    return Event(source=src, subject=subject, act=act, participants=participants, section=section,
                 settings=settings, verdict=verdict)


def understand(
    title: str,
    kb: KnowledgeBase,
    *,
    publisher: str | None = None,
    summary: str | None = None,
    link: str | None = None,
    sections: tuple[str, ...] = SECTIONS,
) -> Event:
    """Read a feed title into an Event: claim, subject, act, participants, section and verdict."""
    reading = _read(title, kb, publisher, link)
    doc = None
    if reading.declined is None:
        doc = load_nlp()(model.text_to_parse(reading.src.claim, reading.mentions)[0])
    return _finish(reading, doc, kb, summary, sections)


def understand_many(
    titles: Iterable[str | object],
    kb: KnowledgeBase,
    *,
    sections: tuple[str, ...] = SECTIONS,
    batch_size: int = 256,
) -> list[Event]:
    """`understand` over many titles (strings, or feed items with a title), parsed by spaCy in batches."""
    readings, summaries = [], []
    for item in titles:
        if isinstance(item, str) or item is None:
            title, publisher, summary, link = item, None, None, None
        else:
            title = getattr(item, "title", "")
            publisher, summary = getattr(item, "publisher", None), getattr(item, "summary", None)
            link = getattr(item, "link", None)
        readings.append(_read(title, kb, publisher, link))
        summaries.append(summary or None)
    todo = [r for r in readings if r.declined is None]
    # nlp.pipe batches the tagger and recogniser: most of the time a headline costs.
    texts = (model.text_to_parse(r.src.claim, r.mentions)[0] for r in todo)
    docs = dict(zip(map(id, todo), load_nlp().pipe(texts, batch_size=batch_size), strict=True))
    return [_finish(r, docs.get(id(r)), kb, s, sections) for r, s in zip(readings, summaries, strict=True)]
