"""The checks: what keeps an ungrounded, off-voice or misshapen draft off the site."""

from dataclasses import replace

import pytest

from infolitico.pipeline.checks import check, split_sentences
from infolitico.pipeline.events import Fact, Verdict
from infolitico.pipeline.writers.template import TemplateWriter
from tests.pipeline.writing import reference_event, senate_event

WRITER = TemplateWriter()


def rules(violations) -> list[str]:
    return [v.rule for v in violations]


def clean():
    event = reference_event()
    return event, WRITER.write(event, None)


def with_body_sentence(draft, sentence: str):
    body = list(draft.body)
    body[1] = body[1] + " " + sentence
    return replace(draft, body=tuple(body))


def test_the_sentence_splitter_keeps_abbreviations_and_initials_whole():
    text = (
        "Gov. Wes Moore met U.S. officials in Washington, D.C. on Monday. "
        "J. D. Salinger did not attend. The Senate voted."
    )
    assert split_sentences(text) == [
        "Gov. Wes Moore met U.S. officials in Washington, D.C. on Monday.",
        "J. D. Salinger did not attend.",
        "The Senate voted.",
    ]


def test_a_clean_draft_has_no_violations():
    event, draft = clean()
    assert check(draft, event) == []


def test_an_invented_number_is_a_grounding_violation():
    event, draft = clean()
    violations = check(with_body_sentence(draft, "The call lasted 45 minutes."), event)
    assert "grounding" in rules(violations)
    assert any("45" in v.message for v in violations)


def test_an_invented_name_is_a_grounding_violation():
    event, draft = clean()
    violations = check(with_body_sentence(draft, "The idea came from Chuck Schumer."), event)
    assert any("Schumer" in v.message for v in violations if v.rule == "grounding")


def test_a_name_is_grounded_only_once_the_ledger_records_it_from_the_knowledge_base():
    event, draft = clean()
    draft = with_body_sentence(draft, "Mamdani, also known as Zohran Mamdani, was named.")
    assert any("Zohran" in v.message for v in check(draft, event))
    recorded = replace(draft, ledger=draft.ledger + (Fact(5, "Zohran Mamdani", "kb"),))
    assert not any("Zohran" in v.message for v in check(recorded, event))


def test_a_ledger_fact_claimed_from_the_knowledge_base_must_be_there():
    event, draft = clean()
    bogus = replace(draft, ledger=draft.ledger + (Fact(3, "Nobel laureate", "kb", "2026-01-01"),))
    assert any("Nobel laureate" in v.message for v in check(bogus, event))


def test_a_ledger_fact_pointing_past_the_last_sentence_is_caught():
    event, draft = clean()
    bogus = replace(draft, ledger=draft.ledger + (Fact(999, "Axios", "source"),))
    assert any("999" in v.message for v in check(bogus, event))


def test_an_exclamation_mark_breaks_the_voice():
    event, draft = clean()
    assert "voice" in rules(check(with_body_sentence(draft, "What a call it was!"), event))


def test_addressing_the_reader_breaks_the_voice():
    event, draft = clean()
    violations = check(with_body_sentence(draft, "You may remember the debate."), event)
    assert any("second person" in v.message for v in violations)


def test_an_emoji_and_in_conclusion_break_the_voice():
    event, draft = clean()
    violations = check(with_body_sentence(draft, "In conclusion, the call went well 🎉."), event)
    assert any("emoji" in v.message for v in violations)
    assert any("In conclusion" in v.message for v in violations)


def test_a_question_in_the_headline_breaks_the_voice():
    event, draft = clean()
    violations = check(
        replace(draft, headline="Did Harris Really Reach Out To Mamdani And Activists?"), event
    )
    assert any("question" in v.message for v in violations)


def test_a_dek_that_does_not_open_with_the_reporter_is_caught():
    event, draft = clean()
    violations = check(replace(draft, dek="Harris " + draft.dek), event)
    assert any("dek does not open with the reporter" in v.message for v in violations)


def test_naming_the_publisher_in_the_body_is_caught():
    event, draft = clean()
    violations = check(with_body_sentence(draft, "Modern Ghana carried the title."), event)
    assert any("publisher" in v.message for v in violations)


def test_too_few_paragraphs_is_a_structure_violation():
    event, draft = clean()
    violations = check(replace(draft, body=draft.body[:3]), event)
    assert any("3 paragraphs" in v.message for v in violations)
    assert any("words" in v.message for v in violations)


def test_a_one_sentence_paragraph_is_a_structure_violation():
    event, draft = clean()
    body = (draft.body[0], "Harris reached out.", *draft.body[1:])
    assert any("1 sentences" in v.message for v in check(replace(draft, body=body), event))


def test_a_short_or_lower_case_headline_is_a_structure_violation():
    event, draft = clean()
    messages = [v.message for v in check(replace(draft, headline="Harris reaches out"), event)]
    assert any("headline has 3 words" in m for m in messages)
    assert any("Every Word Capitalised" in m for m in messages)


def test_an_article_for_a_declined_event_is_a_taste_violation():
    event = senate_event(Verdict("decline", "reports deaths"))
    draft = WRITER.write(senate_event(), None)
    violations = check(draft, event)
    assert rules(violations) == ["taste"]
    assert "reports deaths" in violations[0].message


def test_a_planted_quote_is_a_grounding_violation():
    event, draft = clean()
    violations = check(with_body_sentence(draft, "Aides called it “a historic turn” in private."), event)
    assert any("quotation" in v.message for v in violations if v.rule == "grounding")


def test_a_quote_the_source_gave_is_grounded():
    event, draft = clean()
    title = event.source.title.replace("activists,", "activists, ‘listening tour’,")
    event = replace(event, source=replace(event.source, title=title))
    violations = check(with_body_sentence(draft, "The report called it a ‘listening tour’."), event)
    assert not any("quotation" in v.message for v in violations)


# -- truth: what the newsroom read, pronouns, headlines, spelling --------------------------------


def test_a_claim_about_what_the_unread_report_left_out_is_a_truth_violation():
    event, draft = clean()
    violations = check(
        with_body_sentence(draft, "The report did not describe a speech or a platform."), event
    )
    assert any("read only its headline" in v.message for v in violations if v.rule == "truth")


def test_saying_what_the_headline_did_not_give_is_allowed():
    event, draft = clean()
    violations = check(
        with_body_sentence(draft, "The headline gave no figure, and none is added here."), event
    )
    assert not any(v.rule == "truth" for v in violations)


def test_a_number_cut_short_is_not_grounded():
    event, draft = clean()
    title = event.source.title.replace("activists,", "activists for $25,000,")
    event = replace(event, source=replace(event.source, title=title))
    violations = check(with_body_sentence(draft, "The sum was $25."), event)
    assert any("the number 25 is not in the source" in v.message for v in violations)


def test_a_pronoun_the_knowledge_base_does_not_give_is_a_truth_violation():
    event = reference_event(pronoun=None)
    draft = WRITER.write(event, None)
    assert check(draft, event) == []
    violations = check(with_body_sentence(draft, "She made the call herself."), event)
    assert any("pronoun" in v.message for v in violations if v.rule == "truth")


def test_a_headline_that_carries_the_source_credit_or_stops_mid_phrase_is_caught():
    event, draft = clean()
    credited = check(
        replace(draft, headline="Harris Reaches Out To Mamdani And Activists Modern Ghana"), event
    )
    assert any("credit" in v.message for v in credited)
    cut = check(replace(draft, headline="Harris Reaches Out To Mamdani And Activists As Part"), event)
    assert any("mid-phrase" in v.message for v in cut)


def test_a_british_spelling_is_a_voice_violation_unless_a_name_spells_it_so():
    event, draft = clean()
    violations = check(with_body_sentence(draft, "The call centred on the activists."), event)
    assert any("British spelling “centred”; the house writes “centered”" in v.message for v in violations)
    title = event.source.title.replace("activists,", "activists at the Labour Centre,")
    named = replace(event, source=replace(event.source, title=title))
    assert not any(
        "British" in v.message for v in check(with_body_sentence(draft, "The Labour Centre."), named)
    )


def test_an_article_that_does_not_fit_its_noun_is_caught():
    event, draft = clean()
    violations = check(with_body_sentence(draft, "It was a outreach effort."), event)
    assert any("does not fit" in v.message for v in violations)


def test_the_house_rules_are_read_from_data_and_checked(tmp_path):
    from infolitico.pipeline.checks import HOUSE, VOICE_DATA, HouseDataError, load_house

    assert HOUSE.paragraphs == (4, 7) and HOUSE.words == (250, 550)
    (tmp_path / "house.toml").write_text(
        (VOICE_DATA / "house.toml").read_text().replace("[250, 550]", "[550]")
    )
    (tmp_path / "spelling.toml").write_text((VOICE_DATA / "spelling.toml").read_text())
    with pytest.raises(HouseDataError) as caught:
        load_house(tmp_path)
    assert "body.words must be [low, high]" in str(caught.value) and "\n" not in str(caught.value)
