"""The phrasebook under infolitico/data/voice/: American spelling, readable frames, checked when loaded."""

import re
import tomllib

import pytest

from infolitico.pipeline import lexicon
from infolitico.pipeline.checks import HOUSE
from infolitico.pipeline.writers import phrases

VOICE = phrases.load()


def words_of(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]+", phrases.SLOT.sub(" ", text))}


def test_every_phrase_in_the_voice_data_is_spelled_the_american_way():
    british = {b for b, _ in HOUSE.british}
    found = {(w, t) for t in phrases.texts(VOICE) for w in words_of(t) if w in british}
    assert not found, sorted(found)[:5]


def test_the_spelling_list_covers_the_forms_readers_complained_of():
    british = dict(HOUSE.british)
    for word in ("rumour", "centred", "favour", "manoeuvre", "organisation", "signalling"):
        assert word in british


def test_every_family_the_act_lexicon_names_has_words_in_the_phrasebook():
    named = {k.family for k in lexicon.load().kinds.values()} | {
        s.family for s in lexicon.load().senses if s.family
    }
    assert named <= set(VOICE.families)


def test_every_move_has_a_frame_that_presupposes_nothing_about_the_event_kind():
    for move in ("lede_tail", "win_open", "scope_open", "kicker_open", "kicker_last", "dek", "headline"):
        done = [
            f for f in VOICE.moves[move] if "done" in f.when.modes and not f.when.kinds and not f.when.needs
        ]
        assert done, move


def test_a_frame_with_an_unknown_slot_is_a_one_line_error():
    data = [tomllib.loads((phrases.VOICE_PATH / n).read_text()) for n in ("families.toml", "moves.toml")]
    data[1]["win_open"] = ["A win for {nobody}."]
    with pytest.raises(phrases.VoiceDataError) as caught:
        phrases.parse(*data)
    assert str(caught.value) == "moves.toml: win_open[0]: unknown slot {nobody} in 'A win for {nobody}.'"


def test_a_frame_that_presupposes_an_unknown_kind_is_a_one_line_error():
    data = [tomllib.loads((phrases.VOICE_PATH / n).read_text()) for n in ("families.toml", "moves.toml")]
    data[1]["win_open"] = [{"text": "A win.", "kinds": ["coronation"]}]
    with pytest.raises(phrases.VoiceDataError, match="unknown kinds 'coronation'"):
        phrases.parse(*data)


def test_a_frame_is_used_only_where_what_it_presupposes_holds():
    frame = next(f for f in VOICE.families["signing"].why if "signed bill" in f.text)
    features = frozenset({"object"})
    assert frame.when.holds("done", "person", "Politics", "legislation", (), ("law",), features)
    assert not frame.when.holds("done", "person", "Sports", "deal", (), ("deal",), features)
    assert not frame.when.holds("plan", "person", "Politics", "legislation", (), ("law",), features)
