"""The act lexicon (infolitico/data/acts.toml) and the section vocabulary: one source every stage reads."""

import pytest

from infolitico.pipeline import cluster, lexicon
from infolitico.pipeline import illustrate as ill
from infolitico.pipeline.entities import KnowledgeBase
from infolitico.pipeline.understand import SECTIONS, acts, sections, understand
from infolitico.pipeline.writers import phrases as P

SMALL = """
catenative = ["agree"]
refusals = []
act = [
  { lemma = "sign", kind = "legislation", noun = "signing" },
  { lemma = "sign", kind = "hiring", objects = ["person"] },
]
[kinds.legislation]
family = "legislation"
motif = "file-signature"
[kinds.hiring]
family = "hiring"
motif = "user-plus"
[objects.person]
capitalised = true
"""


@pytest.fixture(scope="module")
def kb():
    return KnowledgeBase()


def _write(tmp_path, text, name="acts.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(path, loader=lexicon.load) -> str:
    with pytest.raises(lexicon.DataError) as caught:
        loader(path)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_every_kind_a_stage_uses_is_a_lexicon_kind_with_a_motif_a_family_and_a_known_section():
    lex = lexicon.load()
    used = set(acts.ACT_KINDS.values()) | {"action"}  # "action": the kind of a verb the lexicon lacks
    used |= set(cluster.NOUN_KINDS.values()) | set().union(*cluster.FAMILIES)
    used |= cluster.GENERIC_KINDS - {None}
    used |= set(P.KIND_FAMILY) | P.SPECIFIC_KINDS | set(sections._KIND_SECTIONS)
    assert used <= set(lexicon.kinds())
    for kind in lex.kinds.values():
        assert kind.motif == "section" or kind.motif in ill.GLYPHS, kind.name
        assert kind.family in P.FAMILIES, kind.name
        assert kind.section is None or kind.section in SECTIONS, kind.name
    assert set(lex.motif_words.values()) <= set(ill.GLYPHS)
    assert {s.family for s in lex.senses if s.family} <= set(P.FAMILIES)


def test_every_verb_the_clusterer_or_the_writer_knows_is_known_to_the_understanding():
    assert set(cluster.VERB_SENSES) <= set(acts.ACT_KINDS)
    assert set(P.VERB_FAMILY) | P.BROAD_VERBS <= set(acts.ACT_KINDS)
    assert set(acts.NOUNS) <= set(acts.ACT_KINDS)
    assert lexicon.load().light_verbs - {"have", "issue", "stage"} <= set(acts.ACT_KINDS)


def test_the_lexicon_answers_plain_questions_about_a_verb():
    assert lexicon.kind_of("reach out to") == "outreach"
    assert lexicon.noun_of("sign") == "signing"
    assert "travel" in lexicon.senses_of("land")
    assert lexicon.verb_family("ship") == "release" and lexicon.verb_family("woo") is None
    assert lexicon.family_of("deal") == "settlement"
    assert lexicon.motif_of("win") == "trophy"
    assert lexicon.is_win("announce") and not lexicon.is_win("say") and not lexicon.is_win("decline")
    assert lexicon.object_kind("sign", "Jimmy Butler") == "hiring"
    assert lexicon.object_kind("sign", "the bill") is None
    assert lexicon.kind_of("frobnicate") is None


def test_the_object_decides_the_sense_of_a_verb_that_has_several(kb):
    assert understand("Warriors sign Jimmy Butler - ESPN", kb).act.kind == "hiring"
    assert understand("Newsom signs the housing bill - AP", kb).act.kind == "legislation"
    assert understand("Netflix raises prices again - CNBC", kb).act.kind == "pricing"
    assert understand("Lawmakers raise concerns over the merger - Reuters", kb).act.kind == "statement"


def test_verbs_the_clusterer_knew_are_read_as_acts_by_the_understanding(kb):
    act = understand("Ford calls back 1.4 million cars for camera defect - Reuters", kb).act
    assert (act.lemma, act.kind) == ("call back", "decision")
    assert understand("Meta lays off 600 from its AI lab - The Verge", kb).act.lemma == "lay off"
    assert understand("Verstappen triumphs in Las Vegas - BBC Sport", kb).act.kind == "win"


def test_a_small_lexicon_file_loads(tmp_path):
    lex = lexicon.load(_write(tmp_path, SMALL))
    assert lex.main["sign"].noun == "signing"
    assert lex.object_kind("sign", "Aaron Rodgers") == "hiring"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda t: t.replace('kind = "hiring", objects', 'kind = "hirring", objects'),
         "act row 2 (sign): unknown kind 'hirring'"),
        (lambda t: t.replace('noun = "signing" }', 'noun = "signing", nuon = "x" }'),
         "act row 1 (sign): unknown key 'nuon'"),
        (lambda t: t.replace('motif = "user-plus"\n', ""), "[kinds.hiring] has no motif"),
        (lambda t: t.replace(', objects = ["person"] }', " }"),
         "act row 2 (sign): 'sign' is already in row 1"),
        (lambda t: t.replace('noun = "signing"', "noun = 3"), "act row 1 (sign): noun must be a str"),
        (lambda t: t.replace('["person"]', '["people"]'), "act row 2 (sign): unknown object class 'people'"),
        (lambda t: t.replace("capitalised = true", "pattern = '(unclosed'"),
         "[objects.person]: pattern is not a regular expression"),
        (lambda t: "verbs = []\n" + t, "unknown top-level key 'verbs'"),
        (lambda t: t.replace("act = [", "act = [[["), "not valid TOML"),
    ],
)
def test_a_broken_lexicon_file_is_refused_with_one_line_naming_the_row(tmp_path, change, expected):
    message = _error(_write(tmp_path, change(SMALL)))
    assert message.startswith("acts.toml: ")
    assert expected in message


def test_the_shipped_section_vocabulary_loads_and_points_the_act_kinds_at_known_sections():
    vocabulary = sections.load_vocabulary()
    assert set(vocabulary) == set(SECTIONS)
    assert "nasdaq" in vocabulary["Business"].strong
    assert vocabulary["U.S."].weight == 0.5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[Sport]\nwords = ["goal"]\n', "[Sport] is not a section"),
        ('[Sports]\nwords = ["Goal"]\n', "[Sports]: words must be lower-case words, not 'Goal'"),
        ('[Sports]\nwords = ["goal", "goal"]\n', "[Sports]: words lists 'goal' twice"),
        ('[Sports]\nwords = ["goal"]\nwieght = 2\n', "[Sports]: unknown key 'wieght'"),
        ('[Sports]\nwords = ["goal"]\nweight = "heavy"\n', "[Sports]: weight has the wrong type"),
        ("[Sports]\nwords = [\n", "not valid TOML"),
    ],
)
def test_a_broken_section_vocabulary_is_refused_with_one_line(tmp_path, text, expected):
    message = _error(_write(tmp_path, text, "sections.toml"), sections.load_vocabulary)
    assert message.startswith("sections.toml: ") and expected in message
