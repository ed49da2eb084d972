"""Taking a feed title apart: publisher, reporting outlet, attribution, claim."""

from infolitico.pipeline.headline import expand_outlet, parse_headline


def test_publisher_after_a_dash_is_split_off():
    src = parse_headline("Governor signs water bill into law - Springfield Courier")
    assert src.claim == "Governor signs water bill into law"
    assert src.publisher == "Springfield Courier"
    assert src.reporter == "Springfield Courier"


def test_publisher_with_parentheses_is_kept_whole():
    src = parse_headline("Prime minister opens new rail line - ABC News (Australia)")
    assert src.publisher == "ABC News (Australia)"


def test_publisher_starting_with_the_is_kept_whole():
    src = parse_headline("Cricket board names new captain | The Times of India")
    assert src.publisher == "The Times of India"
    assert src.claim == "Cricket board names new captain"


def test_hyphenated_publisher_is_not_split():
    src = parse_headline("Minister visits Gulf allies — Al-Monitor")
    assert src.publisher == "Al-Monitor"


def test_em_dash_clause_inside_a_headline_is_not_a_publisher():
    title = "A whale surfaces beside a ferry — and passengers film it"
    src = parse_headline(title)
    assert src.publisher is None
    assert src.claim == title


def test_feed_source_element_wins_over_the_suffix():
    src = parse_headline("Startup opens office downtown - example.com", publisher="Example News")
    assert src.publisher == "Example News"
    assert src.claim == "Startup opens office downtown"


def test_feed_source_element_is_used_when_the_title_has_no_suffix():
    src = parse_headline("Startup opens office downtown", publisher="Example News")
    assert src.publisher == "Example News"
    assert src.reporter == "Example News"


def test_outlet_credited_in_the_title_is_the_reporter():
    src = parse_headline("Senator weighs run for governor, Axios reports - Yahoo News")
    assert src.reporter == "Axios"
    assert src.publisher == "Yahoo News"
    assert src.claim == "Senator weighs run for governor"


def test_past_tense_credit_is_read_too():
    src = parse_headline("Mayor quietly met union leaders, Politico reported")
    assert src.reporter == "Politico"
    assert src.claim == "Mayor quietly met union leaders"


def test_abbreviated_outlet_is_expanded():
    src = parse_headline("Retailer trims prices on staples, WSJ reports - MarketWatch")
    assert src.reporter == "The Wall Street Journal"


def test_ap_projection_credits_the_associated_press():
    src = parse_headline("Challenger wins state senate primary, AP projects")
    assert src.reporter == "Associated Press"
    assert src.claim == "Challenger wins state senate primary"


def test_local_paper_gets_its_article():
    assert parse_headline("Governor hosts budget talks, Detroit News reports").reporter == "The Detroit News"


def test_according_to_an_outlet_credits_it():
    src = parse_headline("Carmaker to build battery plant, according to Reuters - The Hindu")
    assert src.reporter == "Reuters"
    assert src.claim == "Carmaker to build battery plant"


def test_anonymous_sources_are_kept_as_attribution():
    src = parse_headline("Senator won't seek re-election, sources say - NBC News")
    assert src.attribution == "sources say"
    assert src.reporter == "NBC News"
    assert src.claim == "Senator won't seek re-election"


def test_officials_and_reports_are_attribution_not_reporters():
    assert parse_headline("Leaders to meet next week, officials say").attribution == "officials say"
    assert parse_headline("Club to sell stadium, report says").attribution == "report says"


def test_a_dash_attribution_is_not_a_publisher():
    src = parse_headline("Minister plans to skip summit - sources")
    assert src.publisher is None
    assert src.attribution == "sources"


def test_a_person_speaking_stays_in_the_claim():
    src = parse_headline("Budget deal is close, Schumer says")
    assert src.claim == "Budget deal is close, Schumer says"
    assert src.attribution is None


def test_label_suffixes_are_not_publishers():
    src = parse_headline("Smoke rises over the harbour – video")
    assert src.publisher is None
    assert src.claim == "Smoke rises over the harbour"


def test_title_is_kept_exactly_as_received():
    title = "Band  announces tour - Variety"
    assert parse_headline(title).title == title


def test_unknown_outlets_are_left_as_written():
    assert expand_outlet("The Riverside Ledger") == "The Riverside Ledger"
