"""Reading a headline into an Event: subject, act, participants, section, verdict."""

import pytest

from infolitico.pipeline.entities import KnowledgeBase
from infolitico.pipeline.understand import SECTIONS, understand


@pytest.fixture(scope="module")
def kb():
    return KnowledgeBase()


def test_the_reference_event_is_read_in_full(kb):
    ev = understand(
        "Kamala Harris reached out to Mamdani and pro-Palestinian activists, Axios reports - Modern Ghana",
        kb,
    )
    assert ev.subject.name == "Kamala Harris"
    assert ev.source.reporter == "Axios"
    assert ev.source.publisher == "Modern Ghana"
    assert [p.name for p in ev.participants] == ["Zohran Mamdani", "pro-Palestinian activists"]
    assert ev.act.text == "reached out to"
    assert ev.act.lemma == "reach out to"
    assert ev.act.gerund == "reaching out to"
    assert ev.act.noun == "outreach"
    assert ev.act.kind == "outreach"
    assert ev.act.rest == "Mamdani and pro-Palestinian activists"
    assert ev.section == "Politics"
    assert ev.verdict.cover


def test_present_tense_headline_verbs_get_their_past(kb):
    ev = understand("Senate passes bill to expand veterans' care - Example Wire", kb)
    assert ev.subject.name == "U.S. Senate"
    assert ev.act.past == "passed"
    assert ev.act.kind == "legislation"


def test_an_infinitive_headline_is_a_plan(kb):
    ev = understand("Microsoft to open research lab in Nairobi", kb)
    assert ev.subject.name == "Microsoft"
    assert ev.act.lemma == "plan to open"
    assert ev.act.past == "planned to open"
    assert ev.act.kind == "launch"


def test_will_is_a_plan_too(kb):
    ev = understand("Taylor Swift will unveil a new music video on Friday", kb)
    assert ev.act.lemma == "plan to unveil"
    assert ev.act.gerund == "planning to unveil"


def test_wont_run_is_a_decision_not_to_run(kb):
    ev = understand("Gavin Newsom won't run for Senate, sources say", kb)
    assert ev.subject.name == "Gavin Newsom"
    assert ev.act.past == "decided not to run for"
    assert ev.act.noun == "decision not to run for"
    assert ev.source.attribution == "sources say"


def test_a_title_before_the_name_is_not_the_subject(kb):
    ev = understand("Gov. Josh Shapiro signs transit funding bill", kb)
    assert ev.subject.name == "Josh Shapiro"


def test_a_descriptor_before_the_name_is_not_the_subject(kb):
    ev = understand("iPhone maker Apple opens store in Mumbai", kb)
    assert ev.subject.name == "Apple"


def test_the_first_of_two_actors_is_the_subject(kb):
    ev = understand("Bernie Sanders and AOC hold rally in Phoenix", kb)
    assert ev.subject.name == "Bernie Sanders"
    assert "Alexandria Ocasio-Cortez" in [p.name for p in ev.participants]


def test_an_unknown_person_is_read_off_the_title(kb):
    ev = understand("Startup founder Priya Raman launches climate fund", kb)
    assert ev.subject.name == "Priya Raman"
    assert ev.subject.known is False
    assert ev.subject.kind == "person"


def test_an_unknown_company_keeps_its_whole_name(kb):
    ev = understand("Halifax-based Brightwave Labs unveils new app - BetaKit", kb)
    assert ev.subject.name == "Brightwave Labs"
    assert ev.subject.kind == "organisation"


def test_a_one_word_alias_inside_a_longer_name_is_not_that_entity(kb):
    ev = understand("Riverside Opera House announces new season", kb)
    assert ev.subject.name == "Riverside Opera House"
    assert ev.participants == ()


def test_a_quiet_adverb_stays_with_the_act(kb):
    ev = understand("Gretchen Whitmer quietly meets county leaders", kb)
    assert ev.act.text == "quietly meets"
    assert ev.act.past == "quietly met"


def test_catenative_verbs_take_the_kind_of_the_second_verb(kb):
    ev = understand("Supreme Court agrees to hear voting rights case", kb)
    assert ev.act.lemma == "agree to hear"
    assert ev.act.kind == "legal"


def test_passive_appointments_credit_the_appointee(kb):
    ev = understand("Maria Lopez named chief executive of Harbor Bank", kb)
    assert ev.subject.name == "Maria Lopez"
    assert ev.act.kind == "appointment"
    assert ev.act.past == "was named"


def test_price_changes_are_pricing(kb):
    assert understand("Netflix raises prices in Canada", kb).act.kind == "pricing"


def test_group_participants_are_found(kb):
    ev = understand("Kathy Hochul meets Republican lawmakers over budget", kb)
    assert "Republican lawmakers" in [p.name for p in ev.participants]


def test_section_comes_from_the_subject(kb):
    assert understand("Lionel Messi signs contract extension", kb).section == "Sports"
    assert understand("Emmanuel Macron visits Morocco", kb).section == "World"


def test_money_moves_a_tech_company_into_business(kb):
    assert understand("Nvidia to invest $5 billion in chip plant", kb).section == "Business"


def test_section_follows_vocabulary_for_unknown_subjects(kb):
    assert understand("Riverton Rovers beat Ashfield in cup final", kb).section == "Sports"
    assert understand("Indie singer Lola Vance releases debut album", kb).section == "Culture"


def test_section_follows_the_outlet_when_nothing_else_does(kb):
    assert understand("Brightwave unveils Halo - TechCrunch", kb).section == "Technology"


def test_only_offered_sections_are_chosen(kb):
    ev = understand("Lionel Messi scores twice", kb, sections=("News", "Sports"))
    assert ev.section == "Sports"
    assert "Sports" in SECTIONS


def test_a_tragedy_is_declined_on_the_event(kb):
    ev = understand("Storm kills 12 in coastal villages - BBC", kb)
    assert ev.verdict.status == "decline"
    assert ev.verdict.reason == "Declined: the event reports deaths."


def test_a_headline_without_a_named_actor_is_declined(kb):
    ev = understand("Holiday bookings surge after rules change", kb)
    assert ev.subject is None
    assert ev.verdict.status == "decline"
    assert "no actor" in ev.verdict.reason


def test_the_link_is_kept_on_the_source(kb):
    ev = understand("Apple opens store", kb, link="https://news.example/a")
    assert ev.source.link == "https://news.example/a"


def test_an_event_survives_a_round_trip(kb):
    ev = understand("Keir Starmer unveils housing plan - The Guardian", kb)
    assert type(ev).from_dict(ev.to_dict()) == ev


@pytest.mark.parametrize(("title", "subject", "lemma"), [
    # A role reference is the subject ("Justices" are the Supreme Court).
    ("Justices rule Trump lacked authority for sweeping tariffs", "u-s-supreme-court", "rule"),
    ("Senators approve short-term funding measure", "u-s-senate", "approve"),
    ("US central bank stands pat, CNBC reports", "federal-reserve", "stand pat"),
    # The head noun after a hyphenated modifier is the subject, and "-led" is no verb.
    ("Powell-led Fed keeps borrowing costs on hold", "federal-reserve", "keep"),
    # After a subject's name, a word that can be a verb or a noun is the verb.
    ("Netanyahu requests pardon from Israel's president", "benjamin-netanyahu", "request"),
    ("EU fines Apple €500 million over App Store rules", "european-union", "fine"),
    ("Los Angeles Lakers down Boston 112-104", "los-angeles-lakers", "down"),
    ("Xi and Trump shake hands at summit", "xi-jinping", "shake hands"),
    # ...but a plural noun that opens a compound stays a noun.
    ("Apple shares fall after earnings", "apple", "fall"),
])
def test_references_modifiers_and_verbs_after_a_name_are_read(kb, title, subject, lemma):
    event = understand(title, kb)
    assert event.subject is not None and event.subject.slug == subject
    assert event.act is not None and event.act.lemma == lemma


def test_a_role_before_a_name_is_not_the_verb(kb):
    event = understand("Yankees slugger Judge named American League MVP", kb)
    assert event.subject is not None and event.subject.name == "Judge"
    assert event.act is not None and event.act.lemma in ("name", "be named")
