"""Property tests: whatever bytes, JSON Feed fields or titles arrive, the newsroom reads or refuses them.

The suite runs a few examples per target; INFOLITICO_HYPOTHESIS_EXAMPLES=10000 runs a thorough pass.
"""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infolitico.pipeline.entities import KnowledgeBase
from infolitico.pipeline.feeds import MAX_ITEMS, FeedError, FeedItem, parse_feed
from infolitico.pipeline.understand import understand

EXAMPLES = int(os.environ.get("INFOLITICO_HYPOTHESIS_EXAMPLES", "40"))
PROFILE = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 100,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# The pieces hostile feeds are made of: prolog constructs, entities, tags, brackets.
TOKENS = [b"<?xml version='1.0'?>", b"<!DOCTYPE ", b"<!DOCTYPE rss [", b"<!ENTITY e 'x'>", b"]>",
          b"[", b"]", b"]]", b"<?", b"?>", b"<!--", b"-->", b"&#x", b"&#", b"&e;", b"&amp;", b"&lt;",
          b"&#xD800;", b"&#1114112;", b"<rss version='2.0'>", b"<channel>", b"<item>", b"</item>",
          b"<title>", b"</title>", b"<link>", b"<guid>", b"<description>", b"<![CDATA[", b"]]>",
          b"<feed xmlns='http://www.w3.org/2005/Atom'>", b"<entry>", b"<img src=x onerror=1>",
          b"<script>", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"{", b"}", b'"', b"'", b">", b"<", b" ",
          b"<html>", b"<a ", b"=", b"x"]

feed_bytes = st.one_of(
    st.binary(max_size=3000),
    st.lists(st.sampled_from(TOKENS) | st.binary(max_size=8), max_size=300).map(b"".join),
)


def _storable(item: FeedItem) -> None:
    for text in (item.title, item.link, item.guid, item.summary, item.publisher, item.publisher_url):
        if text is not None:
            text.encode("utf-8")  # a database (and nh3, and spaCy) must take every string
    assert item.title.strip()


@PROFILE
@given(feed_bytes)
def test_any_bytes_are_read_as_a_feed_or_refused_with_a_reason(body):
    try:
        feed = parse_feed(body)
    except FeedError as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    assert len(feed.items) <= MAX_ITEMS
    for item in feed.items:
        _storable(item)


any_text = st.text(st.characters(exclude_categories=()), max_size=60)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | any_text
    | st.integers(min_value=10**20, max_value=10**60) | st.just("__BIG__"),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text, inner, max_size=3),
    max_leaves=8,
)
dates = st.one_of(json_values, st.datetimes().map(lambda d: d.isoformat()),
                  st.sampled_from(["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59",
                                   "Thu, 02 Jul 2026 11:30:00 GMT", "Fri, 31 Dec 9999 23:59:59 -2359"]))
json_items = st.fixed_dictionaries(
    {},
    optional={"id": json_values, "title": any_text | json_values, "url": any_text | json_values,
              "summary": any_text, "content_html": any_text, "content_text": any_text,
              "date_published": dates, "date_modified": dates, "_source": json_values},
)
ANCHOR = {"id": "anchor", "url": "https://news.example/anchor", "title": "Senate passes farm bill"}


@PROFILE
@given(st.lists(json_items, max_size=6))
def test_json_feed_items_of_any_shape_never_cost_the_feed_its_good_item(items):
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [*items, ANCHOR]}
    text = json.dumps(doc, default=str)
    text = text.replace('"__BIG__"', "9" * 5000)
    feed = parse_feed(text.encode("utf-8"))
    for item in feed.items:
        _storable(item)
    assert "Senate passes farm bill" in [i.title for i in feed.items if i.guid == "anchor"] or any(
        i.title == "Senate passes farm bill" for i in feed.items)


@pytest.fixture(scope="module")
def kb():
    return KnowledgeBase.load()


titles = st.one_of(
    any_text,
    st.lists(st.sampled_from(["and", "&", "with", ",", "-", "|", ":", "'s", "Harris", "Senate", "passes",
                              "bill", "Reuters", "says", "reports", "\uddc2", "<b>", "…", "U.S.", "the",
                              "alongside", "to", "of", "Axios", "2026", "$5", "—", '"']), max_size=12)
    .map(" ".join),
)


@PROFILE
@given(title=titles)
def test_any_title_is_read_into_a_verdict_with_a_reason_never_a_crash(kb, title):
    event = understand(title, kb)
    assert event.verdict.status in ("cover", "decline", "hold")
    if event.verdict.status != "cover":
        assert event.verdict.reason
