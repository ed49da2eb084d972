"""lemminflect, remembered: the one cache of lemmas and inflections every stage shares."""

from __future__ import annotations

from functools import lru_cache

import lemminflect

# lemminflect deep-copies its tables on every call, and headlines and articles repeat the same few
# words: remember answers, once for the whole process.


@lru_cache(maxsize=16384)
def getAllLemmas(word: str) -> dict[str, tuple[str, ...]]:  # noqa: N802 - lemminflect's name
    """lemminflect.getAllLemmas, remembered."""
    return lemminflect.getAllLemmas(word)


@lru_cache(maxsize=16384)
def getInflection(lemma: str, tag: str) -> tuple[str, ...]:  # noqa: N802 - lemminflect's name
    """lemminflect.getInflection, remembered (a tuple, possibly empty)."""
    return tuple(lemminflect.getInflection(lemma, tag=tag) or ())


@lru_cache(maxsize=16384)
def getLemma(word: str, upos: str) -> tuple[str, ...]:  # noqa: N802 - lemminflect's name
    """lemminflect.getLemma, remembered (a tuple, possibly empty)."""
    return tuple(lemminflect.getLemma(word, upos=upos) or ())
