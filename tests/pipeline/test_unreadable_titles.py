"""Titles the understanding cannot read are declined or held with a reason, never a crash."""

import pytest

from infolitico.pipeline.entities import KnowledgeBase
from infolitico.pipeline.understand import understand


@pytest.fixture(scope="module")
def kb():
    return KnowledgeBase.load()


@pytest.mark.parametrize("title", ["and", "&", "with", ",", "alongside", "and - Reuters", "\uddc2",
                                   "Senate \ud800 passes bill", "&amp;"])
def test_a_title_of_one_conjunction_or_a_lone_surrogate_gets_a_verdict_with_a_reason(kb, title):
    event = understand(title, kb)
    assert event.verdict.status in ("hold", "decline", "cover")
    if event.verdict.status != "cover":
        assert event.verdict.reason
    event.source.title.encode("utf-8")


def test_markup_in_a_title_given_directly_is_not_read_as_words(kb):
    event = understand("Kamala Harris reached out to &lt;Img Src=x Onerror=alert(1)&gt; Mamdani - Axios", kb)
    assert "<" not in event.source.claim and "Onerror" not in event.source.claim
    assert event.source.claim == "Kamala Harris reached out to Mamdani"
