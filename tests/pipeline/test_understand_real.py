"""Readings of real-world headline shapes: precision first, so what the reading is unsure of is held.

The headlines are written for these tests in the shapes real outlets use; none is copied from a feed.
"""

import pytest

from infolitico.pipeline.entities import KnowledgeBase
from infolitico.pipeline.understand import understand


@pytest.fixture(scope="module")
def kb():
    return KnowledgeBase()


def read(title, kb, publisher="Example Wire"):
    return understand(title, kb, publisher=publisher)


# -- what was said is not what was done


def test_a_speaker_at_the_end_is_not_the_subject_of_what_they_judged(kb):
    ev = read("Prime minister's victory 'a clear mandate', says Downing Street", kb)
    assert ev.verdict.status == "decline"
    assert "said" in ev.verdict.reason or "statement" in ev.verdict.reason


def test_a_plain_statement_is_declined_as_a_statement(kb):
    ev = read("Governor Ana Ruiz criticizes utility over rate increase", kb)
    assert ev.verdict.status == "decline"
    assert "statement" in ev.verdict.reason


def test_saying_what_ones_own_side_will_do_is_an_announcement(kb):
    ev = read("Tim Cook says Apple will open a research campus in Texas", kb)
    assert ev.verdict.cover
    assert ev.subject.name == "Tim Cook"


# -- negation, refusal and conjecture are never credited as the act


def test_declining_to_do_something_is_not_doing_it(kb):
    ev = read("Senate hopeful Dana Cole declines to condemn rally remarks", kb)
    assert ev.verdict.status == "decline"
    assert "refusal" in ev.verdict.reason


def test_what_could_happen_is_not_what_happened(kb):
    ev = read("Acme could double its output next year, analysts say", kb)
    assert ev.verdict.status == "decline"
    assert "could" in ev.verdict.reason


def test_a_decision_not_to_run_is_still_a_decision(kb):
    ev = read("Gavin Newsom won't run for Senate, sources say", kb)
    assert ev.verdict.cover
    assert ev.act.past == "decided not to run for"


# -- light verbs are read through to what was got or became


def test_getting_money_is_funding(kb):
    ev = read("Harbor Labs gets $3.5M from state to expand its lab", kb)
    assert ev.verdict.cover
    assert ev.subject.name == "Harbor Labs"


def test_becoming_an_officer_is_an_appointment(kb):
    ev = read("Dana Whitfield becomes Northwind COO", kb)
    assert ev.verdict.cover
    assert ev.subject.name == "Dana Whitfield"


def test_becoming_something_vague_is_not_an_act(kb):
    ev = read("Tulsa becoming a quiet giant of the drone economy", kb)
    assert not ev.verdict.cover


def test_wanting_something_is_not_an_act(kb):
    ev = read("Maya Ortiz wants a bigger stage for her league", kb)
    assert not ev.verdict.cover


# -- passives and descriptions: the subject did nothing


def test_a_bare_past_participle_before_a_preposition_is_a_passive(kb):
    ev = read("Ruritania Barred From Regional Trade Bloc Over Unpaid Dues", kb)
    assert not ev.verdict.cover


def test_a_participle_hanging_off_a_noun_leaves_no_act(kb):
    ev = read("Senator's lost letters to her sister revealed in new memoir", kb)
    assert not ev.verdict.cover


def test_an_adjective_in_the_verb_slot_is_not_an_act(kb):
    ev = read("Mayor Lee open to talks with transit union", kb)
    assert ev.verdict.status == "hold"


def test_a_description_of_things_names_no_actor(kb):
    ev = read("Boston food trucks begin to serve late-night customers", kb)
    assert not ev.verdict.cover


def test_an_explainer_framed_as_a_reveal_is_declined(kb):
    ev = read("Columnist reveals why the mayor skipped the budget vote", kb)
    assert ev.verdict.status == "decline"


# -- subjects


def test_a_counted_group_stays_whole_and_plural(kb):
    ev = read("Seven early-stage Ohio startups join Northwind accelerator", kb)
    assert ev.verdict.cover
    assert ev.subject.name == "Seven early-stage Ohio startups"


def test_a_leading_participial_clause_is_not_the_subject(kb):
    ev = read("Backed by $2 million in grants, Northwind opens a new robotics lab", kb)
    assert ev.subject.name == "Northwind"
    assert ev.act.lemma == "open"


def test_a_headline_progressive_after_an_adverb_is_the_act(kb):
    ev = read("Northwind Quietly Leaving Harborview Tower", kb)
    assert ev.act is not None
    assert ev.act.lemma.endswith("leave")


# -- sections


def test_an_ai_program_is_technology(kb):
    ev = read("Northwind launches AI-focused training program", kb)
    assert ev.section == "Technology"


def test_a_startup_accelerator_is_business(kb):
    ev = read("Northwind accelerator names five startups to its spring cohort", kb)
    assert ev.section == "Business"


def test_a_foreign_election_is_world_news(kb):
    ev = read("Norway's prime minister wins second term in election", kb)
    assert ev.section == "World"


def test_an_owner_is_not_credited_with_what_its_thing_did(kb):
    ev = read("Ruritania's economic slump leaves farmers scrambling for credit", kb)
    assert ev.verdict.status == "hold"
    assert "Ruritania" in ev.verdict.reason


def test_a_word_that_modifies_a_noun_is_not_the_verb(kb):
    ev = read("Ruritania's Cup hosting venue decision delayed", kb)
    assert not ev.verdict.cover


def test_sending_a_warning_is_talk(kb):
    ev = read("Northwind sends a stern warning to rival bidders", kb)
    assert ev.verdict.status == "decline"
    assert "talk" in ev.verdict.reason


def test_a_verb_the_lexicon_does_not_know_is_held_not_guessed(kb):
    ev = read("Northwind frobnicates its regional depots", kb)
    assert ev.verdict.status == "hold"


def test_a_speaker_after_a_colon_is_an_attribution(kb):
    ev = read("Northwind misled regulators for years: court filings", kb)
    assert ev.source.attribution == "court filings"
    assert ev.source.claim == "Northwind misled regulators for years"


# -- names


def test_an_institution_named_with_of_stays_whole(kb):
    ev = read("Library of Congress names new poet laureate", kb)
    assert ev.subject.name == "Library of Congress"
    assert ev.verdict.cover


def test_a_capital_acting_is_its_government(kb):
    ev = read("Ottawa commits $40 million to quantum research", kb)
    assert ev.subject.name == "Government of Canada"


def test_a_capital_as_a_destination_stays_a_place(kb):
    ev = read("Justin Trudeau returns to Ottawa after summit", kb)
    assert ev.subject.name == "Justin Trudeau"
    assert "Government of Canada" not in [p.name for p in ev.participants]


def test_a_partys_plural_stays_plural(kb):
    ev = read("Democrats unveil housing plan to cut rents", kb)
    assert ev.subject.name == "Democrats"
    assert ev.subject.kind == "group"


def test_a_single_name_before_a_scoring_verb_is_the_scorer(kb):
    ev = read("Mane scores twice as Liverpool go top", kb)
    assert ev.subject.name == "Mane"
    assert ev.verdict.cover


def test_a_vote_to_do_something_is_the_vote(kb):
    ev = read("UN General Assembly votes to admit Palestine as observer", kb)
    assert ev.verdict.cover
    assert ev.act.kind == "decision"


def test_a_title_that_names_the_object_first_credits_the_name_before_the_verb(kb):
    ev = read("The three engineers Northwind hired for its moon rover", kb)
    assert ev.verdict.cover
    assert ev.subject.name == "Northwind"
    assert ev.act.mode == "done"
    assert ev.act.past == "hired"
    assert ev.act.rest == "the three engineers for its moon rover"


def test_a_noun_phrase_with_a_clause_in_it_is_not_a_claim(kb):
    ev = read("The quiet habits Dana Whitfield kept through a long career", kb)
    assert ev.verdict.status == "hold"


def test_lucky_to_do_something_is_not_a_plan(kb):
    ev = read("Shot-shy Northwind United fortunate to draw with Harbor City", kb)
    assert not ev.verdict.cover


def test_set_to_is_still_a_plan(kb):
    ev = read("Northwind set to open its first store in Ohio", kb)
    assert ev.verdict.cover
    assert ev.act.mode == "plan"


def test_a_town_and_its_county_are_where_the_act_went_not_parties_to_it(kb):
    ev = read("Senator Ana Ruiz heads to Dayton, Montgomery for jobs summit", kb)
    assert [p.name for p in ev.participants] == []
    assert "Montgomery" in [s.name for s in ev.settings]


def test_the_body_a_bid_is_aimed_at_is_no_participant(kb):
    ev = read("Dana Cole launches her bid to Congress", kb)
    assert "U.S. Congress" not in [p.name for p in ev.participants]


def test_a_headline_progressive_is_not_written_as_done(kb):
    ev = read("Northwind hosting coding workshop for teens", kb)
    assert ev.act.mode == "progressive"


def test_pressing_a_named_official_for_answers_is_an_act_put_to_someone(kb):
    ev = read("Senate Democrats press Hale for answers on the rail strike", kb)
    assert ev.act.kind == "outreach"
    assert ev.verdict.cover


def test_troops_are_war_when_they_move_not_when_they_are_named(kb):
    assert not read("Ruritania masses troops on the border", kb).verdict.cover
    assert not read("Ruritania to deploy 2,000 troops to the border", kb).verdict.cover
