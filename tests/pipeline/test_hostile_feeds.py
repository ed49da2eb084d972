"""Feeds built to hurt: each one is read in bounded work, or refused in one line; never a stall or a crash."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from infolitico.pipeline.deadline import parse_feed_within
from infolitico.pipeline.feeds import (
    MAX_ITEMS,
    TITLE_MAX_CHARS,
    FeedError,
    parse_feed,
)
from tests.conftest import rss

HOSTILE = Path(__file__).parent.parent / "fixtures" / "hostile"
ROOT = Path(__file__).parent.parent.parent

# Each grows a construct the old prolog regexes backtracked on (×10 per 6 bytes), to ~100 kB.
PROLOGS = {
    "doctype-brackets": b"<!DOCTYPE " + b"[]]" * 33_000,
    "doctype-brackets-closed": b"<!DOCTYPE " + b"[]]" * 33_000 + b"><rss/>",
    "doctypes": b"<!DOCTYPE " * 10_000,
    "open-subsets": b"<!DOCTYPE [" * 9_000,
    "subset-of-brackets": b"<!DOCTYPE x [" + b"[" * 100_000 + b"]>",
    "processing-instructions": b"<?" * 50_000,
    "comments": b"<!--" * 25_000,
    "mixed": (b"<?x?><!-- c --><!DOCTYPE [ ] " * 4_000),
}

SCRIPT = """
import sys
from infolitico.pipeline import feeds
for name in sys.argv[1:]:
    body = open(name, "rb").read()
    feeds._sniff(body)
    feeds._expand_doctype_entities(body)
    try:
        feeds.parse_feed(body)
    except feeds.FeedError:
        pass
print("read", len(sys.argv) - 1)
"""


def test_hostile_prologs_of_100_kb_are_read_without_backtracking(tmp_path):
    files = []
    for name, body in PROLOGS.items():
        assert len(body) >= 90_000
        (tmp_path / name).write_bytes(body)
        files.append(str(tmp_path / name))
    files.append(str(HOSTILE / "doctype-brackets.xml"))
    # In its own process, killed if it runs past a generous limit: a stall fails, it never hangs the suite.
    done = subprocess.run([sys.executable, "-c", SCRIPT, *files], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == f"read {len(files)}"


def test_a_doctype_with_an_internal_subset_still_lends_its_entities():
    body = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY who "the Senate">]>'
            b'<rss version="2.0"><channel><title>t</title>'
            b"<item><title>&who; passes a farm bill</title><guid>a</guid></item></channel></rss>")
    assert parse_feed(body).items[0].title == "the Senate passes a farm bill"


def test_a_feed_of_thousands_of_items_is_read_up_to_the_limit_and_says_so():
    feed = parse_feed(rss(*((f"g{i}", f"Governor signs bill {i}") for i in range(MAX_ITEMS + 500))))
    assert len(feed.items) == MAX_ITEMS
    assert f"items after the first {MAX_ITEMS} skipped: 500 left unread" in feed.warnings


def test_an_element_with_hundreds_of_attributes_is_refused_before_the_parser_sees_it():
    with pytest.raises(FeedError, match="an element with more than 100 attributes"):
        parse_feed((HOSTILE / "attributes.xml").read_bytes())


def test_elements_nested_too_deep_are_refused_before_the_parser_sees_it():
    body = rss(("a", "Senate passes farm bill")).replace(b"</channel>", b"<x>" * 500 + b"</channel>")
    with pytest.raises(FeedError, match="nested more than 64 deep"):
        parse_feed(body)


def test_a_huge_title_and_summary_are_cut_to_their_limits():
    body = rss(("a", "Senate passes farm bill " + "and more " * 100_000)).replace(
        b"<guid>", b"<description>" + b"<p>word</p> " * 40_000 + b"</description><guid>")
    item = parse_feed(body).items[0]
    assert len(item.title) <= TITLE_MAX_CHARS + 1 and item.title.startswith("Senate passes farm bill")
    assert len(item.summary) <= 1001


def test_markup_in_a_title_never_reaches_the_text_as_words():
    body = rss(("a", "Harris Reaches Out To &lt;img src=x onerror=alert(1)&gt; Activists"),
               ("b", "Budget &amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; passes"))
    titles = [i.title for i in parse_feed(body).items]
    assert titles == ["Harris Reaches Out To Activists", "Budget passes"]


def test_one_bad_json_feed_item_is_skipped_with_its_reason_and_the_rest_are_kept():
    feed = parse_feed((HOSTILE / "json-feed-bad-items.json").read_bytes())
    titles = [i.title for i in feed.items]
    # All 20 good items, and the odd ones that can still be read, with what could not be cut away.
    assert sum(t.startswith("Governor signs bill") for t in titles) == 20
    late = next(i for i in feed.items if i.guid == "late")
    assert late.published is None  # a date past the year 9999 in UTC is no date
    assert next(i for i in feed.items if i.link.endswith("/long-id")).guid == "9" * 5000
    surrogate = next(i for i in feed.items if i.guid == "surrogate")
    assert surrogate.title == "Lone \ufffd surrogate in a title - Reuters"
    for item in feed.items:
        for text in (item.title, item.link or "", item.guid or "", item.summary):
            text.encode("utf-8")  # storable: no lone surrogates anywhere
    assert any("no title" in w for w in feed.warnings)


def test_a_json_feed_whose_only_number_is_enormous_is_still_a_feed():
    doc = '{"version": "https://jsonfeed.org/version/1", "items": [{"id": %s, "title": "Fed holds rates"}]}'
    assert parse_feed((doc % ("1" * 5000)).encode()).items[0].title == "Fed holds rates"
    assert json.loads(doc % "12")["items"][0]["id"] == 12


# -- the parse deadline --------------------------------------------------------------------------


def test_a_parse_that_overruns_its_deadline_is_abandoned_in_one_line():
    with pytest.raises(FeedError, match="parsing took longer than 1 s and was abandoned"):
        parse_feed_within(b"<rss/>", seconds=1, parser="tests.pipeline.slow_parser:forever")
    # The next feed gets a fresh worker and is read as usual.
    assert parse_feed_within(rss(("a", "Fed holds rates")), seconds=30).items[0].title == "Fed holds rates"


def test_a_parser_crash_in_the_worker_is_one_feed_error():
    with pytest.raises(FeedError, match=r"the parser failed \(IndexError: list index out of range\)"):
        parse_feed_within(b"<rss/>", seconds=30, parser="tests.pipeline.slow_parser:explode")


def test_the_worker_gives_the_same_reading_and_reasons_as_parsing_here():
    body = (HOSTILE / "json-feed-bad-items.json").read_bytes()
    assert parse_feed_within(body, seconds=30) == parse_feed(body)
    with pytest.raises(FeedError, match="not a feed: the document is an HTML page"):
        parse_feed_within(b"<!doctype html><html><body>hi</body></html>", seconds=30)
