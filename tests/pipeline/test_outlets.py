"""Who publishes a feed: its outlet, read off the feed's own title and links."""

import json
from pathlib import Path

import pytest

from infolitico.pipeline.feeds import parse_feed
from infolitico.pipeline.outlets import (
    CatalogueError,
    feed_identity,
    feed_outlet,
    load_catalogue,
    named_outlet,
    outlet_of_link,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "feeds"


@pytest.mark.parametrize(("title", "link", "outlet"), [
    ("BBC News - Home", "https://www.bbc.co.uk/news/", "BBC News"),
    ("NYT > Top Stories", "https://www.nytimes.com", "The New York Times"),
    ("Reuters: Top News", "http://www.reuters.com", "Reuters"),
    ("WSJ.com: World News", "http://online.wsj.com/page/2_0006.html", "The Wall Street Journal"),
    ("FOX News", "http://www.foxnews.com/", "Fox News"),
    ("BBC Sport", "https://www.bbc.co.uk/sport/football/teams/liverpool", "BBC Sport"),
    ("World news | The Guardian", "https://www.theguardian.com/world", "The Guardian"),
])
def test_a_feed_title_decorated_with_its_section_names_its_outlet(title, link, outlet):
    assert feed_outlet(title, link) == outlet


def test_a_feed_titled_only_top_stories_is_known_by_its_host():
    assert feed_outlet("Top Stories", "https://www.abc.net.au/news/feed/51120/rss.xml") == \
        "ABC News (Australia)"


def test_a_feed_whose_title_names_no_outlet_is_known_by_its_link():
    assert feed_outlet("NPR Topics: News", "https://www.npr.org/templates/story/story.php") == "NPR"


def test_a_mirror_of_an_outlet_is_known_by_the_host_its_items_link_to():
    links = [f"https://apnews.com/article/story-{n}" for n in range(3)]
    assert feed_outlet("AP Top News (unofficial)", "https://someone.github.io/ap-top.xml",
                       links) == "Associated Press"


def test_a_feed_without_a_title_is_known_by_the_host_its_items_share():
    parsed = parse_feed((FIXTURES / "site-pages.xml").read_bytes())
    assert parsed.title == ""
    assert feed_outlet(parsed.title, parsed.link, [i.link for i in parsed.items]) == "CNN"


def test_items_linking_to_many_outlets_name_none():
    links = ["https://www.cnn.com/a", "https://www.reuters.com/b", "https://www.npr.org/c"]
    assert feed_outlet("", None, links) is None


def test_an_outlet_home_feed_fixture_is_bbc_news_not_the_bbc():
    parsed = parse_feed((FIXTURES / "outlet-home.xml").read_bytes())
    assert feed_outlet(parsed.title, parsed.link, [i.link for i in parsed.items]) == "BBC News"


def test_a_link_path_tells_bbc_sport_from_bbc_news():
    assert outlet_of_link("https://www.bbc.co.uk/sport/football/12345") == "BBC Sport"
    assert outlet_of_link("https://www.bbc.co.uk/news/uk-12345") == "BBC News"
    assert outlet_of_link("https://www.bbc.co.uk/iplayer") == "BBC"
    assert outlet_of_link("https://notbbc.co.uk/news/x") is None


def test_an_aggregator_lends_no_outlet_even_when_its_title_names_one():
    found = feed_identity("Reuters - Google News", "https://news.google.com/rss/search?q=Reuters")
    assert found.outlet == "Google News" and found.aggregator
    assert found.credited is None
    assert feed_outlet("Yahoo News - Latest News & Headlines", "https://news.yahoo.com/") is None


def test_a_name_that_names_an_outlet_overrides_what_the_feed_says():
    assert feed_outlet("Top Stories", "https://example.org/", name="The Guardian") == \
        "The Guardian"
    assert feed_outlet("BBC News - Home", "https://www.bbc.co.uk/news/", name="Guardian") == \
        "The Guardian"


def test_a_name_that_is_only_a_label_keeps_the_feed_outlet():
    assert feed_outlet("BBC News - Home", "https://www.bbc.co.uk/news/",
                       name="Morning headlines") == "BBC News"


def test_a_named_aggregator_feed_still_lends_no_outlet():
    assert feed_outlet("Senate - Google News", "https://news.google.com/rss",
                       name="Google News: Senate") is None


def test_an_uncatalogued_name_is_the_outlet_of_a_feed_that_says_nothing_of_itself():
    assert feed_outlet("Latest", "https://reflector.example/feed", name="Kansas Reflector") == \
        "Kansas Reflector"
    assert feed_outlet("Latest", "https://reflector.example/feed") is None


def test_an_outlet_a_person_names_is_spelled_as_the_catalogue_spells_it_or_kept_as_given():
    assert named_outlet("WSJ").outlet == "The Wall Street Journal"
    assert named_outlet("Kansas Reflector").outlet == "Kansas Reflector"
    assert named_outlet("Google News").credited is None


def test_a_mistake_in_outlets_json_is_one_line_naming_the_row(tmp_path):
    path = tmp_path / "outlets.json"
    path.write_text(json.dumps({"outlets": [
        {"name": "One", "domains": ["one.example"]},
        {"name": "Two", "domains": ["https://two.example/"]},
    ]}))
    with pytest.raises(CatalogueError) as error:
        load_catalogue(str(path))
    assert str(error.value) == (
        "outlets.json, outlets[1].domains[0]: 'https://two.example/' is not a host "
        '("bbc.co.uk") or a host and path ("bbc.co.uk/sport")'
    )


def test_the_shipped_catalogue_loads_and_gives_each_domain_one_outlet():
    catalogue = load_catalogue()
    hosts = [(host, path) for host, path, _ in catalogue.domains]
    assert len(hosts) == len(set(hosts))
    assert {"Google News", "Yahoo News", "Bing News"} <= catalogue.aggregators
