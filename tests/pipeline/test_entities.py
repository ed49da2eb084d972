"""The knowledge base: finding entities by name, alias, title or surname."""

import json
from datetime import UTC, date, datetime

import pytest

from infolitico.pipeline.entities import ENTITIES_PATH, KnowledgeBase, as_of, current_descriptors
from infolitico.pipeline.events import Descriptor, Entity, Event, Source

KB = KnowledgeBase()
ENTITIES_TEXT = ENTITIES_PATH.read_text(encoding="utf-8")


def test_surname_resolves_to_the_person():
    assert KB.resolve("Harris").name == "Kamala Harris"


def test_titles_before_a_name_are_ignored():
    assert KB.resolve("Gov. Wes Moore").name == "Wes Moore"
    assert KB.resolve("Former President Barack Obama").name == "Barack Obama"


def test_aliases_and_acronyms_resolve():
    assert KB.resolve("AOC").name == "Alexandria Ocasio-Cortez"
    assert KB.resolve("Fed").name == "Federal Reserve"


def test_institutions_keep_their_article_for_later_references():
    senate = KB.resolve("Senate")
    assert senate.name == "U.S. Senate"
    assert senate.surname == "the Senate"
    assert senate.kind == "institution"


def test_possessives_resolve_to_the_owner():
    assert KB.resolve("Mamdani's").name == "Zohran Mamdani"


def test_unknown_names_resolve_to_nothing():
    assert KB.resolve("Quentin Zebulon") is None


def test_every_descriptor_is_dated():
    for entity in KB:
        for d in entity.descriptors:
            assert d.as_of and len(d.as_of) == 10, (entity.name, d.text)


def test_groups_carry_context_as_a_dated_fact():
    group = KB.resolve("pro-Palestinian activists")
    assert group.kind == "group"
    assert any(d.label == "context" and d.as_of for d in group.descriptors)


def test_knowledge_base_is_large_and_slugs_are_unique():
    slugs = [e.slug for e in KB]
    assert len(slugs) >= 120
    assert len(set(slugs)) == len(slugs)


def test_mentions_find_names_left_to_right():
    found = KB.mentions("Harris called Mamdani and pro-Palestinian activists at the White House")
    assert [m.entity.name for m in found] == [
        "Kamala Harris", "Zohran Mamdani", "pro-Palestinian activists", "White House",
    ]


def test_a_name_inside_a_longer_word_is_not_a_mention():
    assert KB.mentions("Harrisonburg council backs new library") == []


def test_outlets_expand_to_their_full_names():
    assert KB.outlet("WSJ") == "The Wall Street Journal"
    assert KB.outlet("AP") == "Associated Press"
    assert KB.outlet("Some Local Blog") == "Some Local Blog"


def test_a_knowledge_base_can_be_loaded_from_another_file(tmp_path):
    path = tmp_path / "kb.json"
    path.write_text(json.dumps({"entities": [{
        "name": "Ada Quill", "kind": "person", "section": "Technology", "surname": "Quill",
        "aliases": ["Quill"], "descriptors": [{"text": "engineer", "as_of": "2026-01-01"}],
    }]}))
    kb = KnowledgeBase(path)
    assert len(kb) == 1
    assert kb.resolve("Quill").slug == "ada-quill"


def test_the_shipped_knowledge_base_is_loaded_once_and_shared():
    assert KnowledgeBase.load() is KnowledgeBase.load()
    assert KnowledgeBase.load().resolve("Harris").name == "Kamala Harris"


def test_every_descriptor_says_where_it_comes_from_and_whether_it_lasts():
    for entity in KB:
        for d in entity.descriptors:
            assert d.source and d.source.strip(), (entity.name, d.text)
            assert isinstance(d.durable, bool), (entity.name, d.text)


def test_former_offices_are_durable_and_current_offices_are_not():
    assert KB.resolve("Kamala Harris").descriptors[0].durable
    assert not KB.resolve("Wes Moore").descriptors[0].durable


def _person(*descriptors: Descriptor) -> Entity:
    return Entity("Ada Example", "ada-example", "person", descriptors=descriptors)


def test_a_descriptor_older_than_twelve_months_is_dropped_unless_durable():
    governor = Descriptor("governor of Maryland", "2023-01-18", "role", "Wikipedia: Wes Moore")
    former = Descriptor("former vice president", "2025-01-20", "role", "Wikipedia: Kamala Harris", True)
    fresh = Descriptor("Democrat", "2026-03-01", "party", "Wikipedia: Wes Moore")
    person = _person(governor, former, fresh)
    assert current_descriptors(person, date(2026, 7, 2)) == (former, fresh)
    assert current_descriptors(person, date(2024, 1, 10)) == (governor,)


def test_a_descriptor_dated_exactly_twelve_months_before_is_still_used():
    d = Descriptor("governor of Maryland", "2025-07-02")
    assert current_descriptors(_person(d), datetime(2026, 7, 2, 12, 6, tzinfo=UTC)) == (d,)
    assert current_descriptors(_person(d), date(2026, 7, 3)) == ()


def test_undated_descriptors_are_never_used_once_a_time_is_given():
    d = Descriptor("governor of Maryland")
    assert current_descriptors(_person(d), date(2026, 7, 2)) == ()
    assert current_descriptors(_person(d), None) == (d,)


def test_as_of_filters_the_subject_and_every_participant():
    old = Descriptor("mayor", "2020-01-01")
    event = Event(Source("t", "t"), _person(old), None, participants=(_person(old), KB.resolve("Fed")))
    cut = as_of(event, date(2026, 7, 2))
    assert cut.subject.descriptors == ()
    assert cut.participants[0].descriptors == ()
    assert cut.participants[1].descriptors == KB.resolve("Fed").descriptors  # durable context
    assert as_of(event, None) is event


def test_an_event_with_the_new_descriptor_fields_survives_a_round_trip():
    event = Event(Source("t", "t"), KB.resolve("Kamala Harris"), None)
    assert Event.from_dict(event.to_dict()) == event


def test_rows_give_the_shipped_entries_in_their_own_shape():
    shipped = json.loads(ENTITIES_TEXT)["entities"]
    assert KB.rows() == shipped


def test_a_knowledge_base_built_from_rows_reads_like_the_shipped_one():
    kb = KnowledgeBase.from_rows(KB.rows())
    assert kb.entities == KB.entities
    assert kb.resolve("Gov. Wes Moore").name == "Wes Moore"
    assert kb.resolve("Johnson") is None  # match_surname: false survives the round trip
    assert kb.rows() == KB.rows()


def test_rows_from_an_admin_need_only_a_name_and_a_kind():
    kb = KnowledgeBase.from_rows([{"name": "Ada Example", "kind": "person", "surname": "Example",
                                   "descriptors": [{"text": "inventor", "as_of": "2026-01-01"}]}])
    ada = kb.resolve("Example")
    assert ada.slug == "ada-example"
    assert ada.descriptors == (Descriptor("inventor", "2026-01-01"),)


@pytest.mark.parametrize(("row", "words"), [
    ({"kind": "person"}, "without a name"),
    ({"name": "Ada Example", "kind": "robot"}, "kind must be one of"),
    ({"name": "Ada Example", "kind": "person", "descriptors": [{"as_of": "2026-01-01"}]}, "text"),
])
def test_a_bad_row_is_refused_with_a_clear_message(row, words):
    with pytest.raises(ValueError, match=words):
        KnowledgeBase.from_rows([row])


def test_descriptive_references_resolve_to_the_institution():
    assert KB.resolve("justices").slug == "u-s-supreme-court"
    assert KB.resolve("the pontiff").slug == "pope-leo-xiv"
    found = [(m.text, m.entity.slug) for m in KB.mentions("US central bank stands pat")]
    assert found == [("US central bank", "federal-reserve")]  # the reference holds "US"


def test_a_name_wins_over_a_reference_and_ambiguous_ones_resolve_to_nothing():
    found = [m.entity.slug for m in KB.mentions("Supreme Court justices hear the case")]
    assert found[0] == "u-s-supreme-court"
    assert KB.resolve("lawmakers") is None  # Congress, a statehouse or a parliament
    assert KB.resolve("central bank") is None  # which one?


def test_references_survive_a_round_trip_and_bad_ones_are_refused():
    row = {"name": "Ada Bank", "kind": "institution", "references": ["Adaland central bank"]}
    kb = KnowledgeBase.from_rows([row])
    assert kb.resolve("Adaland central bank").name == "Ada Bank"
    assert kb.rows()[0]["references"] == ["Adaland central bank"]
    with pytest.raises(ValueError, match="references"):
        KnowledgeBase.from_rows([{**row, "references": "Adaland central bank"}])
