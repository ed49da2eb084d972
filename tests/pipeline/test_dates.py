"""Datelines in US Eastern time, as the house prints them."""

from datetime import UTC, datetime

from infolitico.pipeline.dates import dateline, eastern, iso_eastern


def test_a_summer_morning_prints_without_a_leading_zero_on_the_hour():
    assert dateline(datetime(2026, 7, 2, 12, 6, tzinfo=UTC)) == "July 2, 2026 at 8:06 AM ET"


def test_a_winter_time_uses_the_standard_offset():
    at = datetime(2026, 1, 15, 17, 30, tzinfo=UTC)
    assert dateline(at) == "January 15, 2026 at 12:30 PM ET"
    assert iso_eastern(at) == "2026-01-15T12:30:00-05:00"


def test_the_iso_form_carries_the_daylight_offset_and_drops_microseconds():
    at = datetime(2026, 7, 2, 12, 6, 0, 123456, tzinfo=UTC)
    assert iso_eastern(at) == "2026-07-02T08:06:00-04:00"


def test_midnight_eastern_is_twelve_am_on_the_eastern_date():
    at = datetime(2026, 7, 3, 4, 0, tzinfo=UTC)
    assert dateline(at) == "July 3, 2026 at 12:00 AM ET"
    assert eastern(datetime(2026, 7, 3, 3, 59, tzinfo=UTC)).day == 2


def test_a_naive_time_is_read_as_utc():
    assert dateline(datetime(2026, 7, 2, 12, 6)) == "July 2, 2026 at 8:06 AM ET"
