"""`infolitico events` and the `--outlet` options, as a user runs them, as separate processes."""

import json

import pytest

from tests.conftest import rss
from tests.test_cli import infolitico

OWN_TITLE = "Kathy Hochul signs road funding bill"


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory):
    """A newsroom on its sample feeds and a one-off file whose outlet was named by hand."""
    root = tmp_path_factory.mktemp("events") / "newsroom"
    assert infolitico("init", str(root), cwd=root.parent).returncode == 0
    one_off = root / "one-off.xml"
    one_off.write_bytes(rss(("x", OWN_TITLE)))
    ingested = infolitico("ingest", str(one_off), "--outlet", "Reuters", cwd=root)
    assert ingested.returncode == 0, ingested.stderr
    ran = infolitico("run", cwd=root)
    assert ran.returncode == 0, ran.stderr
    return root


def events(root, *args):
    result = infolitico("events", "--format", "json", *args, cwd=root)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def stored_items(root) -> int:
    status = infolitico("status", cwd=root).stdout
    return int(next(line for line in status.splitlines() if " items; " in line).split()[0])


def test_events_json_lists_every_ingested_item_with_a_decision(newsroom):
    listed = events(newsroom)

    assert sum(len(r["sources"]) for r in listed) == stored_items(newsroom)
    for record in listed:
        assert {"source", "status", "reason", "subject", "participants", "section"} <= set(record)
        assert record["status"] in ("written", "declined", "held")
        assert record["source"]["title"] in [s["title"] for s in record["sources"]]
        assert record["status"] == "written" or record["reason"]
        assert all(set(s) >= {"title", "publisher", "feed", "link"} for s in record["sources"])


def test_events_status_lists_only_that_decision(newsroom):
    everything = events(newsroom)
    for status in ("written", "declined"):
        chosen = events(newsroom, "--status", status)
        assert chosen and {r["status"] for r in chosen} == {status}
        assert len(chosen) == sum(r["status"] == status for r in everything)


def test_an_item_from_a_file_ingested_with_an_outlet_is_credited_to_it(newsroom):
    record = next(r for r in events(newsroom) if r["source"]["title"] == OWN_TITLE)
    assert record["source"]["publisher"] == "Reuters"
    assert record["sources"][0]["outlet"] == "Reuters"


def test_status_shows_each_feeds_outlet(newsroom):
    status = infolitico("status", cwd=newsroom).stdout
    assert "one-off.xml): 1 items, ok; outlet: Reuters" in status


def test_events_as_text_show_the_decision_and_the_sources(newsroom):
    result = infolitico("events", "--status", "declined", cwd=newsroom)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("[declined] ")
    assert "  reason: " in result.stdout and "  source: " in result.stdout


def test_events_since_a_wrong_date_is_one_line(newsroom):
    result = infolitico("events", "--since", "last week", cwd=newsroom)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: --since 'last week': give a date (2026-07-01) or an ISO 8601 time"
    )


def test_write_with_an_outlet_credits_a_title_that_names_no_publisher(tmp_path):
    result = infolitico("write", "--format", "json", "--no-images", "--outlet", "BBC News",
                        OWN_TITLE, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["source"]["publisher"] == "BBC News"
    assert record["source"]["reporter"] == "BBC News"
    assert record["status"] == "written" and "BBC News" in " ".join(record["body"])
