"""Reading feeds: RSS, Atom and JSON Feed into plain, sanitised items."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

import infolitico
from infolitico.pipeline.feeds import FeedError, FeedItem, canonical_link, parse_feed

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "feeds"
SAMPLE_FEEDS = Path(infolitico.__file__).resolve().parent / "data" / "feeds"
REFERENCE_TITLE = (
    "Kamala Harris reached out to Mamdani and pro-Palestinian activists, Axios reports - Modern Ghana"
)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def parse_fixture(name: str, **kwargs) -> object:
    return parse_feed(fixture(name), **kwargs)


def titles(feed) -> list[str]:
    return [item.title for item in feed.items]


# -- text ----------------------------------------------------------------------------------


def test_html_in_titles_is_stored_as_plain_text():
    feed = parse_fixture("rss-html-titles.xml")
    assert titles(feed) == [
        "Senate passes farm bill & sends it to the House",
        "Café owners welcome the mayor’s new permit rules",
    ]


def test_the_feed_title_has_its_entities_decoded():
    assert parse_fixture("rss-html-titles.xml").title == "Capitol & Main – Latest"


def test_summaries_lose_markup_and_scripts_but_keep_words_apart():
    first, second = parse_fixture("rss-html-titles.xml").items
    assert first.summary == "The vote was 72–27. It goes to the House next."
    assert second.summary == "Owners said the rules were simpler."


def test_items_without_a_title_are_skipped_with_a_warning():
    feed = parse_fixture("rss-html-titles.xml")
    assert len(feed.items) == 2
    assert feed.warnings == [
        "item 3 skipped: it has no title",
        "item 4 skipped: it has no title",
    ]


def test_an_atom_text_title_is_not_read_as_html_yet_keeps_no_tag_like_words():
    # Entities are decoded once (type="text"); what then looks like a tag is the source's markup.
    tolls = parse_fixture("atom.xml").items[1]
    assert tolls.title == "Tolls stay the same & fares fall"


# -- formats -------------------------------------------------------------------------------


def test_an_atom_feed_gives_publisher_from_its_source_and_dates_in_utc():
    feed = parse_fixture("atom.xml")
    assert feed.format == "atom10"
    assert feed.title == "Harbour"  # "&amp;lt;Wire&amp;gt;" as HTML is a tag-like word, dropped
    terminal = feed.items[0]
    assert terminal.title == "Port authority opens a new ferry terminal - Harbour Wire"
    assert terminal.publisher == "Coastal Daily"
    assert terminal.summary == "The terminal has four berths."
    assert terminal.published == datetime(2026, 7, 2, 6, 15, tzinfo=UTC)
    assert terminal.guid == "tag:harbour-wire.example,2026:ferry-terminal"


def test_relative_links_are_resolved_against_the_feeds_home_page():
    terminal = parse_fixture("atom.xml").items[0]
    assert terminal.link == "https://harbour-wire.example/2026/07/ferry-terminal"


def test_an_entry_with_only_an_updated_date_uses_it_as_published():
    tolls = parse_fixture("atom.xml").items[1]
    assert tolls.published == datetime(2026, 7, 1, 17, 45, tzinfo=UTC)
    assert tolls.publisher is None


def test_a_json_feed_is_read_without_feedparser():
    feed = parse_fixture("feed.json", url="https://market-lines.example/feed.json")
    assert feed.format == "json11"
    assert feed.title == "Market Lines"
    bakery, credit_union, relative = feed.items
    assert bakery.title == "Regional bakery opens its tenth shop & hires 40 - Market Lines"
    assert bakery.summary == "The bakery opened in Riverside."
    assert bakery.publisher == "Riverside Ledger"
    assert bakery.published == datetime(2026, 7, 1, 13, 30, tzinfo=UTC)
    assert credit_union.guid == "2"
    assert credit_union.link == "https://other.example/story?utm_source=jsonfeed"
    assert credit_union.summary == "Plain text summary."
    assert credit_union.published == datetime(2026, 7, 1, 12, tzinfo=UTC)
    assert relative.link == "https://market-lines.example/2026/07/02/relative"
    assert relative.published is None
    assert feed.warnings == ["item 3 skipped: it has no title"]


def test_json_that_is_not_a_json_feed_is_not_a_feed():
    with pytest.raises(FeedError, match="not a JSON Feed"):
        parse_fixture("not-a-json-feed.json")


def test_malformed_json_is_not_a_feed_and_the_reason_gives_the_line():
    with pytest.raises(FeedError, match=r"invalid JSON at line 2"):
        parse_feed(b'{"version": "https://jsonfeed.org/version/1.1",\n "items": [,]}')


def test_a_json_feed_with_items_that_are_not_objects_keeps_the_good_ones():
    body = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1",
            "title": "Mixed",
            "items": ["oops", {"id": "a", "title": "County opens a cooling centre"}],
        }
    ).encode()
    feed = parse_feed(body)
    assert titles(feed) == ["County opens a cooling centre"]
    assert feed.format == "json1"
    assert feed.warnings == ["item 1 skipped: it is not a JSON object"]


# -- not feeds -----------------------------------------------------------------------------


def test_an_html_page_is_not_a_feed():
    with pytest.raises(FeedError) as caught:
        parse_fixture("page.html")
    assert caught.value.reason == "not a feed: the document is an HTML page"


def test_an_html_page_is_not_a_feed_even_when_served_as_xml():
    with pytest.raises(FeedError, match="HTML page"):
        parse_feed(fixture("page.html"), content_type="application/rss+xml")


def test_an_xhtml_doctype_in_front_of_an_rss_root_does_not_make_it_a_page():
    body = (
        b'<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        b'"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">'
        b"<rss version='2.0'><channel><title>Real</title>"
        b"<item><title>Zoo welcomes a new elephant</title></item></channel></rss>"
    )
    assert titles(parse_feed(body)) == ["Zoo welcomes a new elephant"]


@pytest.mark.parametrize("body", [b"", b"   \n\t  "])
def test_an_empty_body_is_not_a_feed(body):
    with pytest.raises(FeedError, match="empty body"):
        parse_feed(body)


def test_xml_too_broken_to_read_any_item_is_not_a_feed_and_says_where():
    with pytest.raises(FeedError) as caught:
        parse_fixture("broken.xml")
    assert caught.value.reason.startswith("not a feed: XML error at line ")
    assert "\n" not in caught.value.reason


def test_an_ill_formed_feed_that_still_yields_items_is_accepted_with_a_warning():
    feed = parse_fixture("bozo-with-items.xml")
    assert titles(feed) == ["Library extends weekend hours"]
    assert len(feed.warnings) == 1
    assert feed.warnings[0].startswith("the feed is ill-formed (XML error at line 7")


def test_xml_that_is_no_kind_of_feed_is_not_a_feed():
    with pytest.raises(FeedError, match="no RSS, Atom or JSON Feed"):
        parse_feed(b"<?xml version='1.0'?><inventory><part>bolt</part></inventory>")


def test_a_body_that_names_a_file_is_parsed_not_opened():
    with pytest.raises(FeedError):
        parse_feed(str(FIXTURES / "google-news.xml").encode())


def test_a_well_formed_feed_with_no_items_is_empty_not_an_error():
    feed = parse_feed(b"<rss version='2.0'><channel><title>Quiet</title></channel></rss>")
    assert feed.title == "Quiet"
    assert feed.items == []
    assert feed.warnings == ["the feed has no items"]


@pytest.mark.parametrize(
    "body",
    [
        # Character references beyond Unicode once crashed feedparser's loose parser.
        b"<rss version='2.0'><channel><title>a &#1114112; b &#xD800;</title>"
        b"<item><title>Bridge reopens &#x110000;</title></item></channel></rss",
        # A textInput inside an item once raised KeyError.
        b"<rss version='2.0'><channel><item><title>Pier reopens</title>"
        b"<textInput><name>q</name><link>https://x.example/</link></textInput>"
        b"</item></channel></rss>",
        # Backslashes in a DOCTYPE entity once broke feedparser's entity substitution.
        b'<!DOCTYPE rss [<!ENTITY dir "D:\\\\news\\1">]><rss version="2.0"><channel>'
        b"<item><title>Archive opens</title><guid>&dir;</guid></item></channel></rss>",
    ],
)
def test_inputs_that_crash_feedparser_raise_nothing_but_feed_error(body):
    try:
        feed = parse_feed(body)
    except FeedError:
        return
    assert len(feed.items) == 1


# -- encodings -----------------------------------------------------------------------------


def test_a_latin1_encoding_declared_in_the_prolog_is_honoured():
    feed = parse_fixture("latin1.xml")
    assert feed.title == "Le Journal de Montréal-Nord"
    item = feed.items[0]
    assert item.title == "La mairie inaugure un café-théâtre à l'été"
    assert item.summary == "Entrée libre, dit-on à l'hôtel de ville."
    assert item.published == datetime(2026, 7, 1, 8, 0, tzinfo=UTC)


def test_windows_1252_smart_quotes_are_decoded():
    item = parse_fixture("windows1252.xml").items[0]
    assert item.title == "Council’s “open streets” plan wins approval – again"


def test_a_charset_in_the_content_type_overrides_the_prolog():
    body = fixture("latin1.xml").replace(b"ISO-8859-1", b"us-ascii")
    feed = parse_feed(body, content_type="text/xml; charset=iso-8859-1")
    assert feed.items[0].title == "La mairie inaugure un café-théâtre à l'été"


def test_a_utf16_feed_with_a_byte_order_mark_is_read():
    text = fixture("no-dates.xml").decode("utf-8").replace('encoding="utf-8"', 'encoding="utf-16"')
    feed = parse_feed(text.encode("utf-16"))
    assert titles(feed) == ["Parks department plants 500 trees", "Transit agency adds night buses"]


# -- dates ---------------------------------------------------------------------------------


def test_items_without_a_readable_date_have_none_for_published():
    feed = parse_fixture("no-dates.xml")
    assert [item.published for item in feed.items] == [None, None]


def test_published_dates_are_aware_and_in_utc():
    item = parse_fixture("rss-html-titles.xml").items[0]
    assert item.published == datetime(2026, 7, 1, 18, 0, tzinfo=UTC)
    assert item.published.utcoffset().total_seconds() == 0


# -- publishers and identity ---------------------------------------------------------------


def test_a_google_news_source_element_gives_the_publisher():
    feed = parse_fixture("google-news.xml")
    assert [item.publisher for item in feed.items] == ["Lakeside Times", "Lakeside Times"]
    first = feed.items[0]
    assert first.title == "Governor signs transit funding bill, Metro Desk reports - Lakeside Times"
    assert first.publisher_url == "https://lakeside-times.example"
    assert first.published == datetime(2026, 7, 2, 11, 30, tzinfo=UTC)


def test_an_item_without_a_source_element_has_no_publisher():
    assert parse_fixture("no-dates.xml").items[0].publisher is None


def test_tracking_parameters_do_not_change_an_items_identity():
    mural = parse_fixture("google-news.xml").items[1]
    clean = FeedItem(title=mural.title, link="https://lakeside-times.example/arts/mural?page=2")
    assert mural.identity("link") == clean.identity("link")
    assert mural.identity() == clean.identity()
    assert mural.identity_text() == "link:https://lakeside-times.example/arts/mural?page=2"


def test_google_news_article_links_lose_their_oc_parameter():
    link = "https://news.google.com/rss/articles/CBMiSampleArticleIdForTests?oc=5"
    assert canonical_link(link) == "https://news.google.com/rss/articles/CBMiSampleArticleIdForTests"


def test_canonical_links_ignore_fragments_host_case_default_ports_and_parameter_order():
    assert canonical_link("HTTPS://WWW.Example.com:443/a?b=2&a=1&utm_medium=x#top") == (
        "https://example.com/a?a=1&b=2"
    )


def test_the_auto_identity_prefers_the_guid_then_the_link_then_the_title():
    with_guid = FeedItem(title="A", link="https://a.example/1", guid="g-1")
    with_link = FeedItem(title="A", link="https://a.example/1?utm_source=x")
    bare = FeedItem(title="A", publisher="Ledger")
    assert with_guid.identity_text() == "guid:g-1"
    assert with_link.identity_text() == "link:https://a.example/1"
    assert bare.identity_text() == "title:a\nledger"
    assert with_guid.identity("guid") == with_guid.identity("auto")


def test_the_title_identity_ignores_case_punctuation_and_spacing_but_not_the_publisher():
    a = FeedItem(title="Mayor opens  the new library!", publisher="Ledger", guid="1")
    b = FeedItem(title="mayor opens the new library", publisher="Ledger", guid="2")
    c = FeedItem(title="Mayor opens the new library", publisher="Courier", guid="3")
    assert a.identity("title") == b.identity("title")
    assert a.identity("title") != c.identity("title")
    assert a.identity("guid") != b.identity("guid")


def test_an_identity_is_a_fixed_length_hash_that_fits_a_64_character_column():
    item = FeedItem(title="A", guid="x" * 5000)
    for policy in ("auto", "guid", "link", "title"):
        key = item.identity(policy)
        assert len(key) == 64 and int(key, 16) >= 0


def test_an_unknown_identity_policy_is_refused():
    with pytest.raises(ValueError, match="unknown identity policy"):
        FeedItem(title="A").identity("colour")


def test_a_repeated_item_with_the_same_guid_is_kept_once():
    feed = parse_fixture("duplicate-guids.xml")
    assert titles(feed).count("School board hires a new superintendent") == 1
    assert any("repeats guid 'eg-100'" in warning for warning in feed.warnings)


def test_a_guid_shared_by_different_items_is_dropped_so_their_links_tell_them_apart():
    feed = parse_fixture("duplicate-guids.xml")
    pool, market = feed.items[1:]
    assert pool.guid is None and market.guid is None
    assert pool.identity() != market.identity()
    assert any("shared by different items" in warning for warning in feed.warnings)


def test_feed_items_are_immutable():
    item = FeedItem(title="A")
    with pytest.raises(AttributeError):
        item.title = "B"  # type: ignore[misc]


# -- the sample feeds the newsroom ships ---------------------------------------------------


def sample_items() -> list[FeedItem]:
    items: list[FeedItem] = []
    for path in sorted(SAMPLE_FEEDS.iterdir()):
        if path.suffix in (".xml", ".atom", ".json"):
            feed = parse_feed(path.read_bytes())
            assert feed.warnings == [], path.name
            items.extend(feed.items)
    return items


def test_the_sample_feeds_come_in_rss_atom_and_json_feed_form():
    formats = {
        parse_feed(p.read_bytes()).format
        for p in SAMPLE_FEEDS.iterdir()
        if p.suffix in (".xml", ".atom", ".json")
    }
    assert {"rss20", "atom10", "json11"} <= formats


def test_the_sample_feeds_hold_at_least_48_distinct_dated_items():
    items = sample_items()
    assert len(items) >= 48
    assert len({item.identity() for item in items}) == len(items)
    start, end = datetime(2026, 7, 1, tzinfo=UTC), datetime(2026, 7, 3, tzinfo=UTC)
    for item in items:
        assert item.link and item.link.startswith("https://")
        assert item.published is not None and start <= item.published < end, item.title
        assert item.summary, item.title
        assert " - " in item.title, item.title


def test_the_sample_feeds_include_the_reference_event_verbatim():
    matches = [item for item in sample_items() if item.title == REFERENCE_TITLE]
    assert len(matches) == 1
    reference = matches[0]
    assert reference.publisher == "Modern Ghana"
    assert reference.published == datetime(2026, 7, 2, 11, 30, tzinfo=UTC)


def test_the_sample_feeds_carry_the_reference_event_from_other_publishers_too():
    harris = [
        item
        for item in sample_items()
        if "Harris" in item.title and "pro-Palestinian activists" in item.title
    ]
    assert {item.publisher for item in harris} == {"Modern Ghana", "Yahoo News", "Axios"}


def test_the_sample_feeds_cover_all_seven_sections_worth_of_content():
    text = " ".join(item.title for item in sample_items())
    # One unmistakable subject per section: Politics, U.S., World, Business,
    # Technology, Culture, Sports.
    for marker in ("Harris", "Whitmer", "Macron", "Costco", "NASA", "Smithsonian", "Wimbledon"):
        assert marker in text


def test_the_sample_feeds_include_explainers_that_are_not_events():
    explainers = [
        item.title for item in sample_items() if item.title.startswith(("What to know", "Why ", "How "))
    ]
    assert len(explainers) >= 3
