"""The knowledge base: finding entities by name, alias, title or surname."""

import json

from infolitico.pipeline.entities import KnowledgeBase

KB = KnowledgeBase()


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
