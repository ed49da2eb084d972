"""Cover, decline or hold: the house's taste rules, with a reason a person can read."""

from __future__ import annotations

import re

from .events import Event, Source, Verdict

# (what the headline reports, pattern). Order matters: the first match gives the reason.
# Patterns are matched on lower-cased text with word boundaries, so "ceasefire" never
# reads as "fire" and "record-breaking" never as "breaking".
HARM: tuple[tuple[str, str], ...] = (
    ("deaths", r"dies|died|dead|deaths?|death toll|toll rises|kill(?:s|ed|ing)?|killer|"
     r"fatal(?:ly|ity|ities)?|"
     r"deadly|slain|murder(?:s|ed)?|funeral|mourn(?:s|ed|ing)?|obituary|passed away|"
     r"suicide|bodies|body found|remains found|execut(?:ed|ion|ions)|died|perish(?:ed|es)?"),
    ("a disaster", r"earthquakes?|quakes?|hurricanes?|wildfires?|bushfires?|floods?|flooding|"
     r"tornado(?:es)?|tsunami|cyclones?|typhoons?|landslides?|mudslides?|eruption|erupts|"
     r"avalanche|drought|famine|heat ?wave|blizzard|tropical storm|storm surge|"
     r"crash(?:es|ed)?|derail(?:s|ed|ment)|explosion|explodes|shipwreck|"
     r"(?:bomb|cafe|gas|car|factory|mine|suicide) blast|blast (?:at|in|near|kills|hits|rocks)|"
     r"capsiz(?:es|ed)|evacuat(?:e|es|ed|ion|ions)|disaster|catastroph(?:e|ic)|"
     r"fires?(?= (?:rage|spread|burn|destroy|force|threat))|blaze|inferno"),
    ("an outbreak of disease", r"outbreaks?|epidemic|pandemic|covid(?:-19)?|coronavirus|"
     r"measles|ebola|cholera|bird flu|h5n1|mpox|infections?|cases surge|virus spreads?|"
     r"quarantine|contagion|plague"),
    ("violent crime", r"shootings?|shot dead|shot and killed|(?:was|were|being|fatally|gets) shot|shot by|"
     r"shooter|gunman|gunmen|gunfire|stabb(?:ing|ed|ings)|"
     r"assault(?:ed|s)?|rape[ds]?|kidnap(?:ped|ping|s)?|abduct(?:ed|ion)|hostages?|"
     r"arson|carjack(?:ing|ed)|robbery|homicide|manslaughter|massacre|lynch(?:ed|ing)"),
    ("an attack", r"attacks? (?:on|in|at|near|kills|killed|leaves)|"
     r"(?:terror|arson|knife|gun|drone|missile|cyber) attacks?|"
     r"attacked by|under attack|attackers?|bomb(?:s|ing|ings|ed)?|terror(?:ist|ism)?|"
     r"air ?strikes?|missile strikes?|drone strikes?|strikes on|shelling|invasion|invades|"
     r"war crimes?|genocide|atrocit(?:y|ies)|militants?|insurgents?|ambush(?:ed)?|"
     r"explosives?|landmines?|casualties|wounded|injur(?:ed|ies|y|es)"),
    ("abuse", r"abuse[ds]?|abusive|harass(?:ment|ed)|molest(?:ed|ation)?|grooming|"
     r"trafficking|trafficked|exploitation|torture[ds]?|neglect(?:ed)?|bullying|"
     r"sexual misconduct|domestic violence"),
    ("illness", r"illness|ill|sick|hospitali[sz]ed|cancer|tumou?r|"
     r"diagnos(?:ed|is)|surgery|stroke|heart attack|dementia|alzheimer'?s|overdoses?|"
     r"disease|seizure|coma|life support|in critical condition|diagnosed"),
    ("harm to people", r"victims?|(?:goes|gone|went|reported|still) missing|refugees? flee|displaced|"
     r"missing (?:person|people|child|children|girl|boy|man|woman|hiker|teen|student|migrants|"
     r"toddler|baby|wife|husband|fianc[ée]e?|partner|mother|father|mom|dad|son|daughter|sister|"
     r"brother|family|sailors?|climbers?|swimmers?|divers?|fishermen|tourists?)|"
     r"starv(?:e|ing|ation)|"
     r"homeless(?:ness)?|poison(?:ed|ing)|drown(?:s|ed|ing)?|trapped|rescued|"
     r"stranded|threatens? to kill|death threats?|persecut(?:ed|ion)|evict(?:ed|ion|ions)"),
)

# Borderline: layoffs, people in trouble with the law or at war. A person decides.
HOLD: tuple[tuple[str, str], ...] = (
    ("layoffs", r"lay(?:s|ing)? off|laid off|layoffs?|job cuts|cut(?:s|ting)? [\d,]+ jobs|"
     r"cuts? jobs|slash(?:es)? jobs|redundanc(?:y|ies)|furlough(?:s|ed)?|shed(?:s|ding)? jobs|"
     r"eliminat(?:e|es|ing) [\d,]+ (?:jobs|positions|roles)|plant closures?|closes? plant"),
    ("an arrest or criminal charges", r"arrest(?:s|ed)?|detain(?:s|ed)?|charged|indict(?:ed|ment)|"
     r"convict(?:ed|ion)|sentenced|jailed|prison|pleads? guilty|accused of|custody|manhunt|"
     r"fugitive|deport(?:s|ed|ation|ations)"),
    ("war", r"(?<!trade )(?<!price )(?<!culture )(?<!bidding )(?<!talent )(?<!format )war|"
     r"wartime|troops|strikes? on|front line|military operation|armed conflict"),
    ("someone losing a job", r"fire[sd]|sack(?:s|ed)|ous(?:ts|ted)|resign(?:s|ed)? amid|"
     r"forced out|steps down amid"),
    ("a scandal or allegation", r"scandal|allegations?|alleged(?:ly)?|misconduct|fraud|"
     r"bribery|corruption|probe into"),
)

# Titles that are not events: the house writes about acts, not about explainers or blogs.
NOT_EVENTS: tuple[tuple[str, str], ...] = (
    ("a live blog", r"\blive(?: updates| blog| coverage)?\s*[:|]|\blive updates\b|"
     r"\blive\s*$|[-–—|]\s*live\b|\bas it happened\b"),
    ("opinion", r"^(?:opinion|op-ed|editorial|comment|column|letters?|analysis|perspective|"
     r"the .{1,40} view on)\b|\|\s*(?:editorial|opinion)\b|\bopinion\s*\|"),
    ("a fact check", r"^(?:fact focus|fact check|fact-check|factbox|reality check)\b|\bfact check\b|"
     r"\bfalse(?:ly)? claims?\b|\bhoax\b|\bmisleading claims?\b"),
    ("an explainer", r"^(?:what to know|what we know|what you need to know|here's|here is|"
     r"how|why|who is|who are|what is|what are|what's|when is|where is|explainer|"
     r"a look at|inside|the big problem|things we learned|everything we know|"
     r"a visual guide|visual guide|in pictures|week in pictures|photos|watch|video|"
     r"quiz|podcast|review|celebrity birthdays|\d+ (?:things|reasons|ways))\b|"
     r"[-–—|]\s*(?:video|photos|podcast|explainer|quiz)\s*$|\bexplained\b|"
     r"\band other (?:\w+ ){0,2}(?:questions|developments|news|stories|headlines)\b|"
     r"\bhere'?s what\b|\bwhat it would take\b|^meet the\b"),
    ("a quotation", r"^['\"].*['\"]\s*$"),
)


def _text(event_or_parts: Event | Source | str) -> tuple[str, str]:
    if isinstance(event_or_parts, Event):
        src = event_or_parts.source
        return src.claim or src.title, src.title
    if isinstance(event_or_parts, Source):
        return event_or_parts.claim or event_or_parts.title, event_or_parts.title
    return str(event_or_parts), str(event_or_parts)


def _find(table: tuple[tuple[str, str], ...], text: str) -> tuple[str, int] | None:
    for what, pattern in table:
        m = re.search(rf"(?<![\w-])(?:{pattern})(?![\w-])", text)
        if m:
            return what, m.start()
    return None


def _match(table: tuple[tuple[str, str], ...], text: str) -> str | None:
    found = _find(table, text)
    return found[0] if found else None


# Words that set an act against a tragedy: "signs gun bill after school shooting".
_IN_THE_SHADOW = re.compile(
    r"\b(?:after|amid|following|in the wake of|in response to|in memory of|to honou?r|"
    r"tributes? to|honou?rs?|since|over)\b"
)


def _in_the_shadow(event: Event, low: str, at: int) -> bool:
    """Whether the harm is only the backdrop of a named actor's act, in a clause after the verb."""
    act = event.act
    if act is None or event.subject is None:
        return False
    verb = low.find(act.text.lower().replace("’", "'"))
    marker = _IN_THE_SHADOW.search(low, verb + len(act.text) if verb >= 0 else len(low), at)
    return verb >= 0 and marker is not None


_ENGLISH = {"the", "a", "an", "of", "to", "in", "for", "on", "with", "and", "at", "by", "is", "as",
            "from", "after", "over", "says", "its", "his", "her", "their", "new"}
_FOREIGN = {"el", "la", "los", "las", "con", "en", "y", "del", "por", "para", "una", "le", "les",
            "des", "du", "et", "pour", "avec", "une", "der", "die", "das", "und", "mit", "für",
            "ist", "il", "di", "che", "per", "um", "uma", "com", "não", "se", "que", "casi"}


def _not_english(text: str) -> bool:
    words = re.findall(r"[^\W\d_]+", text)
    foreign = sum(w in _FOREIGN for w in words)
    return foreign >= 2 and foreign > sum(w in _ENGLISH for w in words)


# Longer than any headline an outlet writes: a body or a scrape gone wrong, never parsed.
MAX_TITLE_CHARS = 500


def _non_latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    # Latin, Latin-1, Latin Extended A/B and Extended Additional; everything else is another script.
    other = sum(not (ord(c) <= 0x24F or 0x1E00 <= ord(c) <= 0x1EFF) for c in letters)
    return other / len(letters)


def screen_title(title: object) -> Verdict | None:
    """A verdict for a title that cannot be read as an English headline at all, else None."""
    if not isinstance(title, str) or not title.strip():
        return Verdict("decline", "Declined: the title is empty.")
    if len(title) > MAX_TITLE_CHARS:
        return Verdict("decline", f"Declined: the title is {len(title):,} characters long, "
                                  f"too long to be a headline (at most {MAX_TITLE_CHARS}).")
    if _non_latin_share(title) > 0.3:
        return Verdict("hold", "Held for review: the headline is not in English "
                               "(it is written in another script).")
    return None


def judge(event_or_parts: Event | Source | str) -> Verdict:
    """Cover, decline or hold an event (or a Source, or a bare title), with the reason."""
    claim, title = _text(event_or_parts)
    low = claim.lower().replace("’", "'").replace("‘", "'")
    whole = title.lower().replace("’", "'")
    # "German elections: How Angela Merkel changed her country": a label, then an explainer.
    after_label = re.sub(r"^[^:]{1,40}:\s+", "", low, count=1)
    what = _match(NOT_EVENTS, low) or _match(NOT_EVENTS[:3], whole) or (
        after_label != low and _match(NOT_EVENTS, after_label))
    if what:
        return Verdict("decline", f"Declined: the headline is {what}, not an event.")
    if "?" in claim:
        return Verdict("decline", "Declined: the headline is a question, not an event.")
    if _not_english(low):
        return Verdict("hold", "Held for review: the headline is not in English.")
    found = _find(HARM, low)
    if found:
        what, at = found
        if isinstance(event_or_parts, Event) and _in_the_shadow(event_or_parts, low, at):
            return Verdict("hold", f"Held for review: the act is taken in the shadow of {what}.")
        return Verdict("decline", f"Declined: the event reports {what}.")
    what = _match(HOLD, low)
    if what:
        return Verdict("hold", f"Held for review: the event involves {what}.")
    if isinstance(event_or_parts, Event) and event_or_parts.act is None:
        return Verdict("hold", "Held for review: the headline names no act to credit.")
    if isinstance(event_or_parts, Event) and event_or_parts.subject is None:
        return Verdict("decline", "Declined: the headline names no actor to credit with the act.")
    return Verdict("cover")
