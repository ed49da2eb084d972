"""Publication times as the house shows them: US Eastern, 12-hour clock."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

EASTERN = ZoneInfo("America/New_York")


def eastern(dt: datetime) -> datetime:
    """The same instant in America/New_York; a naive datetime is taken to be UTC."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(EASTERN)


def dateline(dt: datetime) -> str:
    """The dateline under the byline: "July 2, 2026 at 8:06 AM ET"."""
    et = eastern(dt)
    hour = et.hour % 12 or 12
    half = "AM" if et.hour < 12 else "PM"
    return f"{et:%B} {et.day}, {et.year} at {hour}:{et.minute:02d} {half} ET"


def iso_eastern(dt: datetime) -> str:
    """ISO 8601 with the Eastern offset, to the second: "2026-07-02T08:06:00-04:00"."""
    return eastern(dt).replace(microsecond=0).isoformat()
