"""The house's taste: what is covered, declined or held, and why."""

from datetime import UTC, datetime, timedelta

import pytest

from infolitico.pipeline.events import Act, Entity, Event, Source
from infolitico.pipeline.headline import parse_headline
from infolitico.pipeline.taste import TasteDataError, judge, language_of, load_taste, old_news


def reading(title: str, subject: str, verb: str, lemma: str) -> Event:
    """An event as the understanding reads it: the title, its subject, and the act's verb in it."""
    rest = title.split(verb, 1)[1].strip()
    act = Act(text=verb, lemma=lemma, past=verb, participle=verb, gerund=verb, noun=None,
              kind="decision", rest=rest)
    who = Entity(name=subject, slug=subject.lower().replace(" ", "-"), kind="person")
    return Event(source=Source(title, title), subject=who, act=act)


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
    # "worst" is a form of "ill" to a lemmatiser, never an illness.
    assert judge("Voters call the plan the worst option on the table").cover


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
    assert judge("Tariffs deepen trade war between neighbours").cover
    assert judge("Exporters brace as trade war escalates").cover
    assert "war" in judge("Border war enters its third month").reason


def test_a_source_is_judged_by_its_claim_not_its_publisher():
    assert judge(parse_headline("Band announces reunion tour - Deadline")).cover


# ---------------------------------------------------------------------------------------------
# the widened rules: harm that falls on others, the subject's own loss, accidents and injuries


@pytest.mark.parametrize(("title", "what"), [
    ("Judge rejects bid to halt deportation of Ohio pastor", "a deportation, expulsion or crackdown"),
    ("Government expels 40 foreign aid workers", "a deportation, expulsion or crackdown"),
    ("Governor orders crackdown on street vendors", "a deportation, expulsion or crackdown"),
    ("School board bans transgender students from girls' teams", "a ban or penalty that falls on people"),
    ("City fines homeless people for sleeping in parks", "a ban or penalty that falls on people"),
    ("Airline bars passengers from carrying power banks", "a ban or penalty that falls on people"),
    ("Insurer denies surgery for retired teacher", "a denial of care or aid"),
    ("State cuts benefits for 9,000 disabled residents", "a denial of care or aid"),
    ("Clinic refuses treatment to uninsured patients", "a denial of care or aid"),
])
def test_harm_that_falls_on_others_is_declined(title, what):
    verdict = judge(title)
    assert verdict.status == "decline"
    assert verdict.reason == f"Declined: the event reports {what}."


@pytest.mark.parametrize(("title", "what"), [
    ("Celtic knocked out of Champions League by Bruges", "a loss or defeat"),
    ("Incumbent mayor defeated in runoff", "a loss or defeat"),
    ("Lakers lose to Nuggets in overtime", "a loss or defeat"),
    ("Challenger concedes Ohio governor's race", "a concession"),
    ("Labour leader concedes defeat in by-election", "a concession"),
    ("Airline chief apologizes for holiday meltdown", "an apology"),
    ("Broadcaster issues apology over offensive segment", "an apology"),
    ("Chelsea fined £8m over breach of spending rules", "a penalty"),
    ("Sprinter banned for four years after failed test", "a penalty"),
    ("Club docked 10 points for entering administration", "a penalty"),
])
def test_the_subjects_own_loss_concession_apology_or_penalty_is_declined(title, what):
    assert judge(title).reason == f"Declined: the event reports {what}."


@pytest.mark.parametrize("title", [
    "Train carrying lawmakers hits truck at rail crossing",
    "Bus overturns on mountain road",
    "Three hurt as car ploughs into bus shelter",
    "Quarterback suffers concussion in season opener",
    "Striker out for season with torn knee ligament",
])
def test_accidents_and_injuries_are_declined(title):
    assert judge(title).reason == "Declined: the event reports an accident or injury."


@pytest.mark.parametrize("title", [
    "Ministry deports 200 students",
    "Three migrants deported after raid",
    "Deportations rise under new policy",
    "Deporting families splits border towns",
])
def test_every_form_of_a_word_is_matched_by_its_lemma(title):
    assert judge(title).reason == "Declined: the event reports a deportation, expulsion or crackdown."


@pytest.mark.parametrize("title", [
    "Senate passes stopgap bill to avert shutdown",
    "Arsenal beat Chelsea 2-1",
    "Judge approves settlement",
    "Fed cuts rates to fight recession risk",
    "Nadal battles back to win Wimbledon",
    "Villa end Everton's unbeaten start",
    "Warriors trade for Jimmy Butler",
    "Judge rejects Trump bid to end lawsuit",
    "Macron names new prime minister after government collapse",
    "Schumer says Democrats will block funding bill",
    "Mayor vows to fight crime downtown",
    "Biden signs bill to combat opioid crisis",
    "Tariffs hit car makers",
    "Capybaras keep their chill while crashing a town council meeting",
])
def test_clean_wins_stay_covered(title):
    assert judge(title).cover, judge(title).reason


def test_a_win_over_a_loss_is_still_a_win():
    assert judge(reading("Rangers end losing streak with win over Devils", "Rangers", "end", "end")).cover
    assert judge(reading("Union wins concessions from carmaker", "Union", "wins", "win")).cover


def test_a_loss_in_the_act_itself_is_declined_whatever_the_verb():
    verdict = judge(reading("Celtic beaten by Bruges in Champions League", "Celtic", "beaten", "beat"))
    assert verdict.reason == "Declined: the event reports a loss or defeat."


def test_lifting_a_ban_on_people_is_covered():
    event = reading("Kingdom lifts ban on women driving", "Kingdom", "lifts", "lift")
    assert judge(event).cover


def test_a_ban_the_subject_only_questions_is_held_not_declined():
    event = reading("Senators question order to ban transgender troops", "Senators", "question",
                    "question")
    verdict = judge(event)
    assert verdict.status == "hold"
    assert verdict.reason == "Held for review: the event involves a ban or penalty that falls on people."


def test_sanctions_on_a_country_are_held_for_a_person_to_decide():
    verdict = judge("Treasury weighs broad sanctions on rival state")
    assert verdict.status == "hold"
    assert "a ban, sanction or fine" in verdict.reason


# ---------------------------------------------------------------------------------------------
# the feed's summary


def test_an_accident_the_summary_reports_of_the_subject_declines_the_event():
    event = reading("Dana Whitfield wins county council seat", "Dana Whitfield", "wins", "win")
    summary = "The count ran late. Whitfield was injured in a car crash on her way to the hall."
    verdict = judge(event, summary=summary)
    assert verdict.status == "decline"
    assert verdict.reason == "Declined: the feed's summary reports an accident or injury."


def test_harm_in_the_summary_about_someone_else_leaves_the_event_covered():
    event = reading("Dana Whitfield wins county council seat", "Dana Whitfield", "wins", "win")
    assert judge(event, summary="A storm killed three people elsewhere in the state.").cover


def test_the_summary_is_read_only_for_its_gravest_harms():
    # A past defeat in the background of a summary does not undo the act the title reports.
    event = reading("Dana Whitfield wins county council seat", "Dana Whitfield", "wins", "win")
    assert judge(event, summary="Whitfield lost the same seat in 2019 by 40 votes.").cover


# ---------------------------------------------------------------------------------------------
# language


@pytest.mark.parametrize(("title", "language"), [
    ("Se acerca el eclipse lunar con la mejor vista", "Spanish"),
    ("El Gobierno aprueba la reforma de las pensiones", "Spanish"),
    ("Le Sénat adopte le budget de la Sécurité sociale", "French"),
    ("Die Regierung beschließt neue Regeln für Mieter", "German"),
    ("Governo anuncia novo pacote para a indústria", "Portuguese"),
])
def test_a_title_in_another_language_is_declined_until_a_writer_exists(title, language):
    verdict = judge(title)
    assert verdict.status == "decline"
    assert verdict.reason == (f"Declined: the title is not in English (it reads as {language}); "
                              "there is no writer for it yet.")


@pytest.mark.parametrize("title", [
    "Lula meets Sánchez in São Paulo",
    "Ursula von der Leyen meets Le Pen in Paris",
    "Real Madrid edge Atlético de Madrid in La Liga thriller",
    "Los Angeles Lakers sign Luka Dončić",
    "Mayor of San José opens El Camino Real bridge",
])
def test_an_english_title_full_of_foreign_names_stays_english(title):
    assert language_of(title) == "english"
    assert judge(title).cover


# ---------------------------------------------------------------------------------------------
# old news


def test_an_item_older_than_the_limit_when_first_seen_is_old_news():
    seen = datetime(2026, 7, 2, 12, 0, tzinfo=UTC)
    verdict = old_news(datetime(2021, 9, 18, 8, 0, tzinfo=UTC), seen, 3)
    assert verdict.status == "decline"
    assert verdict.reason == ("Declined: old news — published September 18, 2021, "
                              "1,748 days before the newsroom first saw it.")


def test_fresh_items_undated_items_and_a_zero_limit_are_never_old_news():
    seen = datetime(2026, 7, 2, 12, 0, tzinfo=UTC)
    assert old_news(seen - timedelta(days=2, hours=23), seen, 3) is None
    assert old_news(None, seen, 3) is None
    assert old_news(datetime(2011, 1, 1, tzinfo=UTC), seen, 0) is None


# ---------------------------------------------------------------------------------------------
# the data


def test_the_shipped_taste_loads_with_every_category_it_reasons_with():
    taste = load_taste()
    reasons = {r.what for r in taste.harm}
    assert {"deaths", "an accident or injury", "a loss or defeat", "an apology",
            "a deportation, expulsion or crackdown", "a denial of care or aid"} <= reasons
    assert {r.what for r in taste.hold} >= {"layoffs", "war", "an arrest or criminal charges"}


@pytest.mark.parametrize(("text", "message"), [
    ('[[harm]]\nwhat = "deaths"\nlemma = ["die"]\n', "taste.toml, harm[0] (deaths): unknown key 'lemma'"),
    ('[[harm]]\nlemmas = ["die"]\n', "taste.toml, harm[0]: needs `what`"),
    ('[[hold]]\nwhat = "war"\npatterns = ["(war"]\n',
     "taste.toml, hold[0] (war).patterns: '(war' is not a regular expression"),
    ('[[hold]]\nwhat = "war"\n', "taste.toml, hold[0] (war): give lemmas, words, phrases or patterns"),
    ('[[harm]]\nwhat = "x"\nlemmas = "die"\n', "taste.toml, harm[0] (x).lemmas: must be a list"),
    ('[[harms]]\nwhat = "x"\n', "taste.toml: unknown table 'harms'"),
])
def test_a_broken_taste_file_is_one_line_naming_the_entry(tmp_path, text, message):
    path = tmp_path / "taste.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TasteDataError) as error:
        load_taste(path)
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)
