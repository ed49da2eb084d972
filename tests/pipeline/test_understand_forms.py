"""Each headline form, credit form, alias, act form and taste decision the understanding must read."""

import pytest

from infolitico.pipeline.entities import KnowledgeBase
from infolitico.pipeline.headline import parse_headline
from infolitico.pipeline.understand import understand, understand_many


@pytest.fixture(scope="module")
def kb():
    return KnowledgeBase.load()


@pytest.mark.parametrize(("title", "publisher"), [
    ("Apple unveils new iPhone - Reuters", "Reuters"),
    ("Apple unveils new iPhone | TechCrunch", "TechCrunch"),
    ("Apple unveils new iPhone — The Verge", "The Verge"),
    ("Albanese announces housing plan - ABC News (Australia)", "ABC News (Australia)"),
    ("Modi meets Putin - The Times of India", "The Times of India"),
    ("Netanyahu visits Washington - Al Jazeera English", "Al Jazeera English"),
    ("Macron names new prime minister - Agence France-Presse", "Agence France-Presse"),
])
def test_every_publisher_suffix_form_is_split_off_whole(title, publisher):
    src = parse_headline(title)
    assert src.publisher == publisher
    assert src.reporter == publisher
    assert publisher not in src.claim


def test_a_feed_source_element_names_the_publisher_when_the_title_does_not():
    src = parse_headline("Fed holds rates steady", publisher="Bloomberg")
    assert (src.claim, src.publisher, src.reporter) == ("Fed holds rates steady", "Bloomberg", "Bloomberg")


@pytest.mark.parametrize(("title", "reporter"), [
    ("Trump weighs new tariffs, Axios reports - Yahoo News", "Axios"),
    ("Trump weighs new tariffs, Politico reported - Yahoo News", "Politico"),
    ("Musk leaves DOGE, according to Reuters - Yahoo News", "Reuters"),
    ("Fed holds rates steady, WSJ reports - Yahoo News", "The Wall Street Journal"),
    ("Mamdani wins primary, AP projects - Yahoo News", "Associated Press"),
])
def test_an_outlet_credited_in_the_title_is_the_reporter(title, reporter):
    src = parse_headline(title)
    assert src.reporter == reporter
    assert src.publisher == "Yahoo News"
    assert src.attribution is None
    assert "," not in src.claim


@pytest.mark.parametrize(("title", "attribution"), [
    ("Trump to fire Powell, sources say - Reuters", "sources say"),
    ("Biden to pardon son, officials say - Reuters", "officials say"),
    ("Apple plans foldable iPhone, report says - Reuters", "report says"),
])
def test_anonymous_attribution_is_kept_and_the_publisher_reports(title, attribution):
    src = parse_headline(title)
    assert src.attribution == attribution
    assert src.reporter == "Reuters"
    assert attribution not in src.claim


@pytest.mark.parametrize(("title", "name"), [
    ("Harris reaches out to union leaders", "Kamala Harris"),
    ("Gov. Wes Moore signs budget", "Wes Moore"),
    ("AOC endorses Mamdani", "Alexandria Ocasio-Cortez"),
    ("Fed holds rates steady", "Federal Reserve"),
    ("Senate passes stopgap bill", "U.S. Senate"),
])
def test_aliases_resolve_to_the_canonical_subject(kb, title, name):
    assert understand(title, kb).subject.name == name


def test_reached_out_to_has_its_gerund_and_noun(kb):
    act = understand("Kamala Harris reached out to Mamdani", kb).act
    assert (act.lemma, act.past, act.gerund, act.noun, act.kind) == (
        "reach out to", "reached out to", "reaching out to", "outreach", "outreach")


def test_reaching_out_to_is_read_as_the_same_act(kb):
    act = understand("Kamala Harris is reaching out to Mamdani", kb).act
    assert act.lemma == "reach out to"
    assert act.noun == "outreach"


def test_passes_becomes_passed(kb):
    act = understand("Senate passes stopgap bill", kb).act
    assert (act.past, act.kind) == ("passed", "legislation")


def test_to_unveil_becomes_plans_to_unveil(kb):
    act = understand("Apple to unveil new iPhone", kb).act
    assert (act.lemma, act.past) == ("plan to unveil", "planned to unveil")


def test_will_unveil_is_a_plan_to_unveil(kb):
    act = understand("Apple will unveil new iPhone", kb).act
    assert act.lemma == "plan to unveil"


@pytest.mark.parametrize(("title", "status", "words"), [
    ("Amazon lays off 14,000 corporate workers", "hold", "layoffs"),
    ("Gov. Wes Moore signs gun bill after school shooting", "hold", "in the shadow of"),
    ("Three dead as storm hits coast", "decline", "deaths"),
    ("Earthquake strikes off Japan coast", "decline", "disaster"),
    ("Measles outbreak spreads in Texas", "decline", "outbreak"),
    ("Two stabbed outside nightclub", "decline", "violent crime"),
    ("What to know about the new tariffs", "decline", "explainer"),
    ("Will the Fed cut rates in June?", "decline", "question"),
    ("Live updates: Senate votes on budget", "decline", "live blog"),
    ("Fact check: Trump's claim about tariffs", "decline", "fact check"),
    ("Obituary: Jane Goodall, primatologist", "decline", "deaths"),
    ("Rain expected across the region this weekend", "decline", "no actor"),
    ("'Dachshund disco is a children's party for your dog'", "decline", "quotation"),
    ("German elections: How Angela Merkel changed her country", "decline", "explainer"),
])
def test_taste_decisions_come_with_a_readable_reason(kb, title, status, words):
    verdict = understand(title, kb).verdict
    assert verdict.status == status
    assert words in verdict.reason


def test_batched_understanding_matches_one_at_a_time(kb):
    titles = ["Senate passes stopgap bill - Reuters", "Apple to unveil new iPhone | TechCrunch", ""]
    assert understand_many(titles, kb) == [understand(t, kb) for t in titles]


def test_a_place_that_only_qualifies_a_common_noun_is_not_the_actor(kb):
    event = understand("Suspected Chinese spy balloon was able to transmit information back to Beijing", kb)
    assert event.subject is None
    assert event.verdict.status == "decline"


def test_a_known_owner_is_the_actor_of_a_thing_qualified_by_a_place(kb):
    event = understand("Trump's Russian imbroglio prompts Republican rethink on surveillance law", kb)
    assert event.subject.name == "Donald Trump"


def test_a_purpose_clause_is_not_read_as_a_plan(kb):
    act = understand("Halloween advent calendars for kids to count down to Oct. 31", kb).act
    assert act is None or not act.lemma.startswith("plan to")


def test_batched_understanding_reads_feed_items_with_their_publisher(kb):
    from infolitico.pipeline.feeds import FeedItem

    item = FeedItem(title="Fed holds rates steady", publisher="Bloomberg", link="https://news.example/fed")
    event = understand_many([item], kb)[0]
    assert (event.source.publisher, event.source.link) == ("Bloomberg", "https://news.example/fed")
    assert event.subject.name == "Federal Reserve"


def test_a_broad_first_verb_yields_to_the_specific_act_after_the_comma(kb):
    event = understand("Volta drops interim label, officially appoints Matt Cooper as CEO - BetaKit", kb)
    assert event.act.kind == "appointment" and event.act.rest.startswith("Matt Cooper")
    # A specific first verb keeps the act, whatever follows it.
    event = understand("Senate passes stopgap bill, sends it to the president - Reuters", kb)
    assert event.act.kind == "legislation"


@pytest.mark.parametrize(("title", "actor", "kind"), [
    ("Nike executive reveals decades-old secret - CNN", "Nike executive", "person"),
    ("Waterhouse family business launches court action over zoning - SMH", "Waterhouse family business",
     "organisation"),
    ("Apple workers vote to unionize - Reuters", "Apple workers", "group"),
    ("Former Emera CEO named among Volta's new board members - Huddle.Today", "former Emera CEO", "person"),
    ("Lucy spacecraft embarks on 12-year mission - LA Times", "Lucy spacecraft", "organisation"),
])
def test_a_name_that_only_qualifies_a_person_or_body_is_not_the_actor(kb, title, actor, kind):
    event = understand(title, kb)
    assert (event.subject.name, event.subject.kind) == (actor, kind)


@pytest.mark.parametrize("title", [
    "Everybody's Talking About Jamie: Sheffield welcomes home coming-of-age story - BBC News",
    "Labour welcomes the ruling - BBC News",
    "Dominic Perrottet announces wife is pregnant with couple's seventh child - SMH",
])
def test_welcoming_a_work_or_announcing_a_clause_is_a_statement_not_a_deed(kb, title):
    assert understand(title, kb).verdict.status == "decline"


def test_a_holiday_that_only_names_the_fun_is_no_actor(kb):
    title = "Fun With Kids: Halloween fun with the Minions, book to help parents - Straits Times"
    event = understand(title, kb)
    assert event.verdict.status != "cover"
