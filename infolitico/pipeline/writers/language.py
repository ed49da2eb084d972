"""Small English helpers the writers share: articles, possessives, quotes, title case, headlinese."""

from __future__ import annotations

import re
from functools import lru_cache

# One lemminflect cache for the whole project (template.py imports these names from here).
from infolitico.pipeline.inflect import getAllLemmas, getInflection, getLemma

# Letters whose names start with a vowel sound, for initialisms read letter by letter ("an NBC crew").
_VOWEL_SOUND_LETTERS = set("AEFHILMNORSX")
# Words spelt with a vowel that start with a consonant sound, and the reverse.
_CONSONANT_SOUND = ("uni", "use", "usu", "eu", "one", "once", "ewe", "ubiq", "uran", "ute")
_VOWEL_SOUND = ("hour", "honest", "honor", "honour", "heir")


_SPOKEN_ACRONYM = re.compile(r"(?:[B-DF-HJ-NP-TV-Z]?[AEIOU])+[B-DF-HJ-NP-TV-Z]?")


def indefinite(word: str) -> str:
    """The indefinite article that goes before `word`: "a" or "an"."""
    w = word.lstrip("‘“'\"(").replace("’", "'")
    if not w:
        return "a"
    if w[0].isdigit():
        # Numbers read aloud: 8, 11, 18, 80 and 800 start with a vowel sound.
        digits = re.match(r"\d+", w).group(0)
        return "an" if digits[0] == "8" or digits in ("11", "18") else "a"
    core = re.split(r"[-\s]", w)[0]
    # "FIFA", "NATO" are said as words ("a FIFA official"); "FBI", "NAACP" letter by letter ("an FBI").
    spoken = len(core) >= 4 and _SPOKEN_ACRONYM.fullmatch(core)
    if len(core) > 1 and core.isupper() and not spoken:
        return "an" if core[0] in _VOWEL_SOUND_LETTERS else "a"
    low = w.lower()
    if low.startswith(_VOWEL_SOUND):
        return "an"
    if low.startswith(_CONSONANT_SOUND):
        return "a"
    return "an" if low[0] in "aeiou" else "a"


def possessive(name: str, plural: bool = False) -> str:
    """The house possessive with a typographic apostrophe: "Harris’", "Volta’s", "the activists’"."""
    # A plural, and (AP style) a name that ends in s ("Reuters’", "Volta Labs’"), take the apostrophe alone.
    if name.endswith("s") and (plural or name.split()[-1][:1].isupper()):
        return name + "’"
    return name + "’s"


@lru_cache(maxsize=8192)
def typographic(text: str) -> str:
    """Straight quotes and apostrophes turned into typographic ones."""
    text = re.sub(r"(?<=\w)'(?=\w)", "’", text)
    text = re.sub(r"(^|[\s(\[—–-])'", r"\1‘", text)
    text = text.replace("'", "’")
    text = re.sub(r'(^|[\s(\[—–-])"', r"\1“", text)
    return text.replace('"', "”")


# A lower-case "m" or "b" is millions only after a currency sign: "100m sprint" is a distance.
_SHORT_SCALE = re.compile(
    r"(?<![\w.,])([$£€]\d[\d,]*(?:\.\d+)?\s?(?=m\b|bn?\b)|\d[\d,]*(?:\.\d+)?\s?(?=M\b|B\b))(M|m|B|bn|b)\b(?!['’])"
)
_COUNT_HYPHEN = re.compile(r"(?<![\w$£€.,-])([1-9])-(?=[a-z])")


def in_prose(text: str) -> str:
    """Headline shorthand as prose says it: "$2.25M" -> "$2.25 million", "1-year" -> "one-year"."""
    text = _SHORT_SCALE.sub(lambda m: f"{m.group(1)} {'million' if m.group(2) in 'Mm' else 'billion'}", text)
    text = _COUNT_HYPHEN.sub(lambda m: f"{COUNT_WORDS[int(m.group(1)) - 1]}-", text)
    if text.isdigit() and 1 <= int(text) <= 9:
        return COUNT_WORDS[int(text) - 1]  # a count under ten, standing alone: "five"
    return text


def capitalise(text: str) -> str:
    """`text` with its first letter upper-cased and the rest untouched."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
    return text


def _title_word(word: str) -> str:
    if word[:1].isdigit():
        # "50th" keeps its case; a count's unit is a word like any other ("On 1-Year Contract").
        head, dash, tail = word.partition("-")
        return f"{head}-{capitalise(tail)}" if dash and tail[:1].isalpha() else word
    # "iPhone" and "eBay" keep their brand spelling; every hyphen part is capitalised ("Pro-Palestinian").
    if "-" not in word and len(word) > 1 and word[0].islower() and any(c.isupper() for c in word[1:]):
        return word
    return "-".join(capitalise(part) for part in word.split("-"))


def title_case(text: str) -> str:
    """Every Word Capitalised, as the house headlines are."""
    return " ".join(_title_word(w) for w in text.split())


# Words that end a noun phrase in headlinese: prepositions, conjunctions, relative words.
BOUNDARY = {
    "to",
    "in",
    "at",
    "on",
    "for",
    "after",
    "amid",
    "during",
    "as",
    "with",
    "from",
    "over",
    "ahead",
    "before",
    "into",
    "against",
    "than",
    "by",
    "across",
    "under",
    "of",
    "that",
    "which",
    "who",
    "and",
    "or",
    "but",
    "while",
    "despite",
    "about",
    "following",
    "near",
    "since",
    "until",
    "without",
    "via",
    "toward",
    "towards",
    "behind",
    "beyond",
    "between",
    "through",
    "within",
    "inside",
    "outside",
    "beside",
    "around",
    "among",
    "alongside",
    "onto",
    "upon",
    "like",
    "per",
    "throughout",
    "off",
    "past",
}
# Words that count what follows them ("five startups", "dozens of").
COUNT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozens",
               "hundreds", "thousands", "millions", "billions")  # fmt: skip
_DETERMINERS = {
    "a",
    "an",
    "the",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "your",
    "this",
    "that",
    "these",
    "those",
    "some",
    "any",
    "no",
    "every",
    "each",
    "all",
    "both",
    "several",
    "many",
    "more",
    "most",
    "few",
    "much",
    "another",
    "other",
    "such",
    "own",
    "it",
    "them",
    "him",
    "us",
    "me",
    "what",
    "how",
    "why",
    "whether",
    "if",
    "himself",
    "herself",
    "itself",
    "themselves",
    "new-look",
} | set(COUNT_WORDS)
_SUPERLATIVE = {
    "first",
    "only",
    "last",
    "largest",
    "biggest",
    "second",
    "third",
    "latest",
    "next",
    "top",
    "highest",
    "lowest",
    "best",
    "worst",
    "same",
    "final",
}
_ADVERBS = {
    "twice",
    "once",
    "again",
    "back",
    "out",
    "up",
    "down",
    "off",
    "away",
    "steady",
    "together",
    "home",
    "ahead",
    "forward",
    "here",
    "there",
    "now",
    "today",
    "tonight",
    "yesterday",
    "tomorrow",
    "still",
    "also",
    "quietly",
    "publicly",
    "formally",
    "officially",
    "not",
    "never",
    "abroad",
    "late",
    "early",
    "open",
    "shut",
    "unchanged",
    "higher",
    "lower",
}
_MASS = {
    "gold",
    "silver",
    "bronze",
    "funding",
    "money",
    "calm",
    "migration",
    "support",
    "help",
    "power",
    "time",
    "history",
    "control",
    "access",
    "aid",
    "approval",
    "immunity",
    "talks",
    "news",
    "advice",
    "information",
    "research",
    "evidence",
    "work",
    "weather",
    "legislation",
    "water",
    "energy",
    "oil",
    "data",
    "software",
    "music",
    "progress",
    "pressure",
    "peace",
    "praise",
    "criticism",
    "backing",
    "attention",
    "interest",
    "revenue",
    "growth",
    "inflation",
    "debt",
    "coverage",
    "citizenship",
    "leadership",
    "ownership",
    "training",
    "testimony",
    "justice",
    "health",
    "care",
    "security",
    "safety",
    "action",
    "relief",
    "charge",
    "credit",
    "trade",
    "business",
    "court",
    "ground",
    "place",
    "part",
    "shape",
    "hands",
    "notice",
    "steps",
    "stock",
    "cash",
    "capital",
    "production",
    "service",
    "independence",
    "permission",
    "refuge",
    "asylum",
    "custody",
    "parole",
    "bail",
    "fire",
    "ties",
    "sides",
    "victory",
    "patience",
    "confidence",
    "momentum",
    "steam",
    "faith",
    "hope",
    "trust",
    "weight",
    "sight",
    "track",
    "touch",
    "heart",
    "courage",
    "respect",
    "credibility",
    "traction",
    "speed",
    "value",
    "intelligence",
    "technology",
    "climate",
    "immigration",
    "healthcare",
    "education",
    "crime",
    "defence",
    "defense",
    "tax",
    "infrastructure",
    "unemployment",
    "employment",
    "manufacturing",
    "agriculture",
    "cybersecurity",
    "privacy",
    "abortion",
    "violence",
    "poverty",
    "hunger",
    "transport",
    "transportation",
    "broadband",
    "space",
    "science",
    "medicine",
    "equality",
    "diversity",
    "freedom",
    "democracy",
    "policing",
    "spending",
    "re-election",
    "reelection",
    "investment",
    "innovation",
    "entrepreneurship",
    "sport",
    "football",
    "soccer",
    "basketball",
    "baseball",
    "tennis",
    "golf",
    "art",
    "culture",
    "fashion",
    "food",
    "housing",
    "welfare",
    "insurance",
    "wildlife",
    "conservation",
}
# -ing words that modify a noun ("funding bill") rather than start a clause ("bill requiring ...").
_ING_MODIFIERS = {
    "funding",
    "spending",
    "housing",
    "training",
    "building",
    "parking",
    "banking",
    "clothing",
    "advertising",
    "marketing",
    "shipping",
    "streaming",
    "gaming",
    "voting",
    "polling",
    "hearing",
    "meeting",
    "opening",
    "closing",
    "ending",
    "wedding",
    "morning",
    "evening",
    "king",
    "string",
    "ceiling",
    "swing",
    "landing",
    "pricing",
    "lending",
    "mining",
    "fishing",
    "nursing",
    "offering",
    "spring",
    "thing",
    "wing",
    "ring",
    "viewing",
    "listening",
    "sing",
    "recording",
    "reporting",
    "record-breaking",
    "breaking",
    "cooling",
    "heating",
    "manufacturing",
    "computing",
    "processing",
}


# Time expressions that follow a noun phrase in headlinese ("in Washington next week").
_TIME_WORDS = {
    "next",
    "last",
    "this",
    "later",
    "earlier",
    "today",
    "tonight",
    "tomorrow",
    "yesterday",
    "early",
    "late",
    "soon",
    "again",
}


def _is_boundary(word: str, position: int) -> bool:
    low = word.lower().strip(",")
    if low in BOUNDARY:
        return True
    if position > 0 and low in _TIME_WORDS:
        return True
    if word.endswith(","):
        return False
    return position > 0 and low.endswith("ing") and len(low) > 4 and low not in _ING_MODIFIERS


def _is_plural(word: str) -> bool:
    low = word.lower().strip(",.’'")
    return low.endswith("s") and not low.endswith(("ss", "us", "is", "ics", "news"))


def is_plural_phrase(phrase: str) -> bool:
    """Whether a noun phrase takes a plural verb: its head, before any preposition, is plural."""
    words = phrase.split()
    cut = next((i for i, w in enumerate(words) if i > 0 and w.lower() in BOUNDARY), len(words))
    return bool(words[:cut]) and _is_plural(words[cut - 1])


def _noun_phrase_end(words: list[str], start: int) -> int:
    """Index one past the last word of the noun phrase that starts at `start`."""
    i = start
    while i < len(words):
        w = words[i]
        if i > start and _is_boundary(w, i - start):
            return i
        i += 1
        if w.endswith(","):
            return i
    return i


# Single nouns that take "the" after a preposition ("of the season", "for the year").
_TIME_NOUNS = {
    "season",
    "year",
    "week",
    "month",
    "day",
    "night",
    "game",
    "match",
    "race",
    "tournament",
    "campaign",
    "decade",
    "century",
    "quarter",
    "weekend",
    "summer",
    "winter",
    "spring",
    "autumn",
    "fall",
    "morning",
    "evening",
    "afternoon",
}

# Capitalised names that take "the" in prose ("at the White House", "in the U.S.").
_THE_NAMES = {
    "U.S.",
    "US",
    "U.K.",
    "UK",
    "EU",
    "E.U.",
    "UN",
    "U.N.",
    "Kremlin",
    "Pentagon",
    "Vatican",
    "Netherlands",
    "Philippines",
    "Bahamas",
    "Caribbean",
    "Arctic",
    "Antarctic",
    "Hague",
    "Middle East",
    "West Bank",
    "Gaza Strip",
}
_THE_HEADS = {
    "Tour",
    "Cohort",
    "Outpost",
    "Centre",
    "Center",
    "Festival",
    "Summit",
    "Conference",
    "Series",
    "League",
    "Championship",
    "Awards",
    "Foundation",
    "Institute",
    "Institution",
    "Fund",
    "Museum",
    "Party",
    "House",
    "Court",
    "Department",
    "Ministry",
    "Office",
    "Senate",
    "Congress",
    "Parliament",
    "Commission",
    "Council",
    "Committee",
    "Bank",
    "Assembly",
    "Agency",
    "Administration",
    "Treasury",
    "Palace",
    "Reserve",
    "Union",
    "Nations",
    "Cup",
    "Open",
    "Olympics",
    "Games",
    "Oscars",
    "Grammys",
    "Emmys",
    "Academy",
}
# Offices named after "for" or "as" go without an article ("run for mayor", "as pontiff").
_ROLE_HEADS = {
    "mayor",
    "president",
    "governor",
    "senator",
    "chair",
    "speaker",
    "minister",
    "chancellor",
    "pontiff",
    "leader",
    "nominee",
    "captain",
    "coach",
    "office",
    "re-election",
    "reelection",
    "congress",
}
# Adjectives that introduce something not yet known to the reader, so they take "a", not "the".
_INDEFINITE_ADJECTIVES = {
    "long",
    "lengthy",
    "brief",
    "short",
    "heated",
    "tense",
    "rare",
    "surprise",
    "major",
    "new",
    "fresh",
    "narrow",
    "landslide",
    "sweeping",
    "possible",
    "potential",
}
_MODALS = {"will", "would", "can", "could", "should", "must", "may", "might", "won’t", "won't"}
_CLAUSE_WORDS = {
    "will",
    "would",
    "can",
    "could",
    "should",
    "must",
    "may",
    "might",
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "won’t",
    "won't",
    "did",
    "does",
    "do",
}


def _going_to(words: list[str], start: int) -> bool:
    """ "by going to youth event": where one is going is one of its kind ("a youth event")."""
    if start < 2 or words[start - 1].lower() != "to":
        return False
    verb = words[start - 2].lower()
    return verb.endswith("ing") and "VERB" in getAllLemmas(verb)


def _owner_word(word: str) -> bool:
    """A capitalised name used as a modifier ("Obamacare", "Halifax"), not an initialism ("AI", "NATO")."""
    return word[:1].isupper() and word[1:].islower() and word.isalpha() and not getAllLemmas(word.lower())


def _article_for(words: list[str], start: int, end: int, *, direct: bool) -> str | None:
    """The article a headlinese noun phrase needs in running prose, if any."""
    np = words[start:end]
    # "with a thinner design", "amid a pact row": what a preposition introduces is new to the reader.
    preposition = words[start - 1].lower() if start > 0 else ""
    if not np:
        return None
    if any(w.lower() in _CLAUSE_WORDS for w in np):
        return None  # a reported clause ("Tesla will unveil ..."), not a noun phrase
    bare = [w.strip(",") for w in np]
    if " ".join(bare) in _THE_NAMES or (len(bare) == 1 and bare[0] in _THE_NAMES):
        return "the"
    if (
        all(w[:1].isupper() for w in bare)
        and bare[-1] in _THE_HEADS
        and not direct
        and not reads_bare(" ".join(bare))
    ):
        return "the"
    if bare[-1].lower() in _ROLE_HEADS and not direct and (len(bare) == 1 or preposition in ("for", "as")):
        return None  # "run for mayor", "as president"; "to a new office" is a place
    if len(bare) == 1 and preposition and is_team_name(bare[0]):
        return "the"  # "returning to the Islanders": a team's plural name takes "the"
    if len(bare) == 1 and preposition and bare[0] in _THE_NOUNS:
        return "the"  # "funding from the province": the one body the story means
    first = np[0].strip("‘“")
    head = np[-1].rstrip(",")
    # "teens interested in", "players based abroad": a participle after the noun leaves the noun the head.
    k = next(
        (
            i
            for i, w in enumerate(bare)
            if i > 0
            and w.endswith("ed")
            and w.islower()
            and (i + 1 == len(bare) or bare[i + 1].lower() in BOUNDARY)
        ),
        0,
    )
    if k:
        head = bare[k - 1]
    low = first.lower()
    if low.endswith(("’s", "'s", "s’")) and first[:1].isupper():
        return None  # "Everton’s unbeaten start": the possessive is the determiner
    if low in BOUNDARY:
        return None  # a prepositional phrase ("gains on ..."), not an object
    if re.fullmatch(r"\d+(st|nd|rd|th)", low):
        return "the"  # "the 50th home run"
    if re.fullmatch(r"\d+-[a-z]+", low) and len(bare) > 1 and not _is_plural(head) and head.islower():
        return indefinite(first)  # "on a 1-year contract": a count that modifies one thing
    said = next((w for w in reversed(bare) if w[:1] not in "‘“'\""), head)  # a quoted tail is no head
    amount = re.fullmatch(r"([$£€])?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?[mbk]?", low)
    if (
        amount
        and len(bare) > (1 if amount.group(1) else 2)
        and said.isalpha()
        and said.islower()
        and not _is_plural(said)
        and said not in ("million", "billion", "trillion", "thousand", "percent")
    ):
        # "a $25,000 investment", "selling a 20,000 sq ft Grade II-listed home": a measure of one thing
        return indefinite(first)
    if (
        direct
        and len(bare) > 1
        and all(w[:1].isupper() for w in bare)
        and bare[-1] in NAMED_PLACES
        and not reads_bare(" ".join(bare))
    ):
        return "the"  # "leaving the Maritime Centre", "joined the Volta Cohort"
    if not first or not first[0].isalpha() or low in _DETERMINERS or low in _ADVERBS:
        return None
    if (
        first[0].islower()
        and low.endswith("ing")
        and low not in _ING_MODIFIERS
        and "VERB" in getAllLemmas(low)
    ):
        return None  # a gerund ("from attending school") takes no article
    if low in _SUPERLATIVE:
        return "the"
    if (
        not direct
        and first[:1].islower()
        and (low in _INDEFINITE_ADJECTIVES or preposition in ("with", "amid", "for")
             or _going_to(words, start))
        and not _is_plural(head)
        and head.lower() not in _MASS
        and head.lower() not in _TIME_NOUNS
    ):
        return indefinite(first)  # "after a long debate", "for a new defense secretary"
    if direct and end + 1 < len(words) and words[end].lower() == "to" and "list" in [
        w.lower().strip(",.") for w in words[end : end + 6]
    ]:
        return "the"  # "adds the Pacific leatherback to its endangered list": a species, not one animal
    if (
        end < len(words)
        and words[end].lower() == "of"
        and end + 1 < len(words)
        and words[end + 1].lower() == "the"
    ):
        return "the"  # "album of the year": an award title
    if first[0].isupper() and head[0].isupper():
        return None  # a proper name: "Trump", "White House" is left as the source put it
    if head[0].isupper():
        return "the"  # "thinner iPhone Air"
    if _is_plural(head) or head.lower() in _MASS or head.lower() in _ADVERBS:
        return None
    if not head[0].isalpha():
        return None
    if direct and len(bare) > 1 and _owner_word(bare[0]) and all(w.islower() for w in bare[1:]):
        return "the"  # "tweak Obamacare bill", "open Halifax office": the one the name picks out
    if direct:
        return indefinite(np[0])
    return "the" if len(np) > 1 or head.lower() in _TIME_NOUNS else None


# Singular nouns that, after a preposition, mean the one body the story is about ("from province").
_THE_NOUNS = {"province", "state", "government", "city", "country", "region", "capital", "club", "team",
              "league", "company", "ministry", "council", "legislature", "board"}


# Heads of a named place or programme that reads with "the" even as a direct object.
NAMED_PLACES = {"Centre", "Center", "Cohort", "Outpost", "District", "Hub", "Campus", "Building", "Tower"}


def is_team_name(word: str) -> bool:
    """Whether a capitalised word is a plural name of people, a team or party ("Islanders")."""
    # "Islanders", "Lakers", "Democrats": a capitalised plural of people; place names such as
    # "Athens", "Texas" or "Wales" never end this way.
    return (
        word[:1].isupper()
        and word[1:].islower()
        and word.endswith(("ers", "ans", "ors", "ees", "ats", "ants", "ets", "ins"))
    )


def articled(rest: str, *, transitive: bool = True) -> str:
    """Headlinese made into prose: articles before bare singular nouns ("passed a stopgap bill")."""
    words = rest.split()
    if not words:
        return rest
    out: list[str] = []
    i = 0
    if transitive and words[0].lower() not in BOUNDARY:
        end = _noun_phrase_end(words, 0)
        clause = next((k for k in range(end) if words[k].lower() in _CLAUSE_WORDS), None)
        if clause is not None:
            # "said Democrats will block funding bill": the reported clause's subject stays bare,
            # and its verb's object is articled below like any other.
            end = clause
        else:
            art = _article_for(words, 0, end, direct=True)
            if art:
                out.append(art)
        out.extend(words[:end])
        i = end
    while i < len(words):
        w = words[i]
        out.append(w)
        i += 1
        low = w.lower()
        if i >= len(words):
            break
        if low in _MODALS and is_base_verb(words[i]) and i + 1 < len(words):
            # "will block funding bill" -> "will block a funding bill".
            out.append(words[i])
            i = _take_noun_phrase(words, i + 1, out, direct=True)
            continue
        if low == "to" and i < len(words) and words[i].islower() and words[i].lower() not in _DETERMINERS:
            verb = words[i]
            if is_base_verb(verb) and i + 2 < len(words) and is_base_verb(words[i + 1]) and (
                words[i + 2].lower() in BOUNDARY
            ):
                out.append(verb)  # "to further focus on": the first word modifies the verb after it
                i += 1
                continue
            if is_base_verb(verb):
                # "to avert government shutdown": the infinitive's object is a direct object.
                out.append(verb)
                i = _take_noun_phrase(words, i + 1, out, direct=True)
                continue
            # "a challenge to birthright citizenship order": otherwise "to" is a preposition.
            i = _take_noun_phrase(words, i, out, direct=False)
            continue
        if low == "to" and words[i][:1].isupper():
            i = _take_noun_phrase(words, i, out, direct=False)  # "to U.S.", "to Islanders"
            continue
        if low in BOUNDARY - {"to", "that", "which", "who", "and", "or", "but", "as", "than"}:
            i = _take_noun_phrase(words, i, out, direct=False)
    # "to Chorley, Lancashire for the summit": a place's county is set off by commas on both sides.
    out = re.sub(
        r"\b(to|in|at|from) ([A-Z][\w.]+), ([A-Z][\w.]+) (for|to|on|after|as|with|amid|over|before)\b",
        r"\1 \2, \3, \4",
        " ".join(out),
    ).split()
    # "to U.S., Australia": headlinese lists two places with a comma where prose says "and".
    return re.sub(r"\b(the (?:U\.S\.|U\.K\.|EU|UN)), ([A-Z][a-z]+)\b(?!,)", r"\1 and \2", " ".join(out))


def _take_noun_phrase(words: list[str], start: int, out: list[str], *, direct: bool) -> int:
    # Copies the noun phrase at `start` into `out`, with the article prose needs; returns its end.
    end = _noun_phrase_end(words, start)
    art = _article_for(words, start, end, direct=direct)
    if art:
        out.append(art)
    out.extend(words[start:end])
    return end


def past_tense(verb: str) -> str:
    """The simple past of a verb given in any form ("signals" -> "signaled")."""
    lemmas = getLemma(verb.lower(), upos="VERB")
    lemma = lemmas[0] if lemmas else verb.lower()
    forms = getInflection(lemma, tag="VBD")
    return forms[0] if forms else verb


def is_present_verb(word: str) -> bool:
    """Whether `word` reads as a headline's present-tense verb ("signals", "vows")."""
    low = word.lower()
    if word != low or not low.endswith("s") or low.endswith("ss") or len(low) < 4:
        return False
    if "VERB" not in getAllLemmas(low):
        return False
    lemmas = getLemma(low, upos="VERB")
    return bool(lemmas) and lemmas[0] != low


def is_base_verb(word: str) -> bool:
    """Whether `word` is a verb in its base form ("avert", "discuss"), as after "to"."""
    return "VERB" in getAllLemmas(word) and getLemma(word, upos="VERB")[0] == word


def is_noun_phrase(phrase: str) -> bool:
    """Whether a claim's object reads as a noun phrase rather than an adverb ("twice")."""
    words = phrase.split()
    if not words:
        return False
    return not (len(words) == 1 and words[0].lower() in _ADVERBS) and words[0].lower() not in (_ADVERBS)


# Institutions whose bare name is already the prose form ("a bid to Congress", never "the Congress").
_BARE_NAMES = {"Congress", "Parliament", "Downing Street", "Whitehall", "Westminster", "NATO", "Hamas"}


def reads_bare(name: str) -> bool:
    """Whether an institution's name goes without "the" in prose ("Congress", "NATO")."""
    return name in _BARE_NAMES


def takes_the(name: str) -> bool:
    """Whether a capitalised name reads with "the" in prose ("the Eras Tour", "the White House")."""
    words = name.split()
    if (
        len(words) > 2
        and words[1] == "of"
        and words[0] in _THE_HEADS | {"Government", "University", "Province"}
    ):
        return True  # "the Government of Canada", "the Bank of England"
    return bool(words) and (name in _THE_NAMES or (len(words) > 1 and words[-1] in _THE_HEADS))


# Short words a Title Case headline may leave in lower case ("Secretary of State", "Win at Home").
_TITLE_SMALL = {
    "a",
    "an",
    "the",
    "of",
    "and",
    "or",
    "but",
    "to",
    "in",
    "on",
    "at",
    "for",
    "by",
    "as",
    "vs",
    "via",
}


def is_title_case(text: str) -> bool:
    """Whether a headline is set in Title Case ("Taliban Prohibit Girls From Attending School")."""
    words = [w.strip("‘“'\"(,:") for w in text.split()[1:]]
    words = [w for w in words if w[:1].isalpha() and w.lower() not in _TITLE_SMALL]
    return len(words) >= 3 and all(w[0].isupper() for w in words)


def _is_common(word: str) -> bool:
    low = word.lower()
    return bool(getAllLemmas(low)) or low in BOUNDARY or low in _DETERMINERS


# Heads that make the capitalised words before them a proper name ("Maritime Centre", "City Hall").
_NAME_HEADS = {
    "Centre",
    "Center",
    "Hall",
    "Park",
    "Square",
    "Street",
    "Avenue",
    "Bridge",
    "Tower",
    "Building",
    "Museum",
    "University",
    "College",
    "Hospital",
    "Airport",
    "Station",
    "Stadium",
    "Arena",
    "Library",
    "Gallery",
    "Theatre",
    "Theater",
    "Institute",
    "Foundation",
    "Council",
    "Committee",
    "Commission",
    "Authority",
    "Agency",
    "Association",
    "Society",
    "Club",
    "Cathedral",
    "Church",
    "Palace",
    "Harbour",
    "Harbor",
}


def _named_runs(text: str) -> list[str]:
    """Runs of capitalised words ending in a name's head: "Maritime Centre", "Halifax City Hall"."""
    words = text.split()
    out = []
    for i, w in enumerate(words):
        core = w.strip("‘“’”'\"(),:;.")
        if core in _NAME_HEADS and i > 0:
            j = i
            while j > 0 and words[j - 1].strip("‘“(")[:1].isupper() and words[j - 1].lower() not in BOUNDARY:
                j -= 1
            if j < i:
                out.append(" ".join(x.strip("‘“’”'\"(),:;.") for x in words[j : i + 1]))
    return out


def sentence_case(text: str, names: tuple[str, ...] | list[str] = ()) -> str:
    """A Title Case headline's words in prose case: common words lowered, names and acronyms kept."""
    protected: set[int] = set()
    names = [*names, *_named_runs(text)]
    low_text = text.lower()
    for name in names:
        if not name:
            continue
        for m in re.finditer(rf"(?<![\w-]){re.escape(name.lower())}(?![\w])", low_text):
            protected.update(range(m.start(), m.end()))
    out = []
    brand = False
    position = 0
    for word in text.split():
        start = text.index(word, position)
        position = start + len(word)
        if start in protected:
            out.append(word)
            brand = any(c.isupper() for c in word[1:]) and word.upper() != word
            continue
        core = word.strip("‘“’”'\"(),:;.")
        if "-" in core:
            # Each hyphen part on its own: "AI-Focused" -> "AI-focused".
            out.append("-".join(_case_part(part) for part in word.split("-")))
            brand = False
            continue
        bare = core.replace("’s", "")
        # "AI", "NHL": an acronym is a name, whatever a dictionary says of its letters.
        keep_word = not core[:1].isupper() or not _is_common(bare) or (len(bare) > 1 and bare.isupper())
        if keep_word and core[:1].isupper() and any(c.isupper() for c in core[1:]):
            brand = core.upper() != core  # "MacBook" carries its model name ("Pro") with it
        elif not keep_word and brand and core.lower() not in BOUNDARY:
            keep_word = True
        else:
            brand = False
        out.append(word if keep_word else word.lower())
    words = text.split()
    for i in range(len(out) - 1):
        # "Cape Breton", "Port Hawkesbury": a place name's head word stays with the name after it.
        if out[i] != words[i] and words[i].lower() in _PLACE_HEADS and out[i + 1][:1].isupper():
            out[i] = words[i]
    return " ".join(out)


_PLACE_HEADS = {"cape", "port", "fort", "mount", "lake", "saint", "san", "santa", "isle", "glen", "bay"}


def _case_part(part: str) -> str:
    core = part.strip("‘“’”'\"(),:;.")
    if not core[:1].isupper() or (len(core) > 1 and core.isupper()) or not _is_common(core):
        return part
    return part.lower()
