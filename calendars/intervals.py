"""Half-open [start, end) intervals of aware datetimes."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

COPENHAGEN = ZoneInfo("Europe/Copenhagen")

Interval = tuple[datetime, datetime]


def overlap(a: Interval, b: Interval) -> Interval | None:
    """The overlap of two half-open intervals, or None; touching is not overlapping."""
    start, end = max(a[0], b[0]), min(a[1], b[1])
    return (start, end) if start < end else None


def merge(intervals: list[Interval]) -> list[Interval]:
    """Sorted union of intervals; touching intervals are joined."""
    out: list[Interval] = []
    for s, e in sorted(intervals):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def utc(dt: datetime) -> datetime:
    """The same instant in UTC; naive datetimes are refused (times are explicit here)."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("naive datetime: a time zone offset is required")
    return dt.astimezone(UTC)
