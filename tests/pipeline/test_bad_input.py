"""Titles that are not headlines get a clear verdict and a reason, never an exception."""

import pytest

from infolitico.pipeline.entities import KnowledgeBase
from infolitico.pipeline.understand import understand


@pytest.fixture(scope="module")
def kb():
    return KnowledgeBase.load()


@pytest.mark.parametrize("title", ["", "   \t  ", "\n"])
def test_an_empty_title_is_declined_as_empty(kb, title):
    event = understand(title, kb)
    assert event.verdict.status == "decline"
    assert "empty" in event.verdict.reason
    assert event.subject is None and event.act is None


def test_a_title_of_two_thousand_characters_is_declined_without_parsing(kb):
    event = understand("Senate passes bill " * 106, kb)
    assert event.verdict.status == "decline"
    assert "too long" in event.verdict.reason


@pytest.mark.parametrize("title", [
    "Путин провёл совещание с членами Совбеза",
    "习近平会见美国总统特朗普",
    "ترامب يلتقي نتنياهو في البيت الأبيض",
])
def test_a_title_in_another_script_is_held(kb, title):
    event = understand(title, kb)
    assert event.verdict.status == "hold"
    assert "not in English" in event.verdict.reason


def test_html_in_a_title_is_read_as_text_and_the_title_kept_as_received(kb):
    title = "<b>Senate</b> passes &quot;stopgap&quot; bill - Reuters"
    event = understand(title, kb)
    assert event.source.title == title
    assert event.source.claim == 'Senate passes "stopgap" bill'
    assert event.subject.name == "U.S. Senate"


def test_a_title_of_only_markup_is_declined(kb):
    event = understand("<script>alert(1)</script>", kb)
    assert event.verdict.status == "decline"
    assert "HTML" in event.verdict.reason


@pytest.mark.parametrize("title", [" - Reuters", "Reuters", "The Wall Street Journal"])
def test_a_title_that_is_only_a_publisher_is_declined(kb, title):
    event = understand(title, kb)
    assert event.verdict.status == "decline"
    assert "only a publisher" in event.verdict.reason
