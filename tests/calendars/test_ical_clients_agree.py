"""Seven independent parsers (ical-check) read our feeds the same way, and as our own engine does."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from calendars.ical import CalendarEvent, read_calendar, write_calendar
from calendars.recurrence import occurrences
from tests.calendars.ical_checker import run_checker, summary
from tests.calendars.ical_samples import INFO, nightly, sample_events

pytestmark = pytest.mark.icalcheck
WINDOW = (datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))


def _z(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def expected_instances(events: list[CalendarEvent]) -> set[str]:
    """What calendars.recurrence (wall-clock semantics) says subscribers should see."""
    out = set()
    for ev in events:
        moved = {o.recurrence_id.astimezone(UTC): o for o in ev.overrides}
        for s, e in occurrences(ev.start, ev.end, ev.rrule, ev.exdates, ev.timezone):
            ov = moved.get(s)
            s2, e2, status = (ov.start, ov.end, ov.status or ev.status) if ov else (s, e, ev.status)
            if s2.astimezone(UTC) < WINDOW[1] and e2.astimezone(UTC) > WINDOW[0]:
                if ev.all_day:
                    tz = ZoneInfo(ev.timezone)
                    out.add(f"{ev.uid}|{s2.astimezone(tz).date()}|{e2.astimezone(tz).date()}|{status}")
                else:
                    out.add(f"{ev.uid}|{_z(s2)}|{_z(e2)}|{status}")
    return out


def test_sample_feed_passes_with_all_parsers_agreeing_with_our_engine():
    events = sample_events()
    expected = expected_instances(events)
    report = run_checker(write_calendar(events, INFO), expect=len(expected))
    assert report["passed"], summary(report)
    assert all(p["status"] == "ok" and p["agrees"] for p in report["parsers"]), summary(report)
    assert len(report["parsers"]) == 7
    assert set(report["reference"]["instances"]) == expected


def test_nightly_windows_across_both_dst_nights_agree_and_keep_wall_clock_ends():
    events = [nightly((2025, 3, 1), 300)]
    report = run_checker(write_calendar(events, INFO), expect=300)
    assert report["passed"], summary(report)
    instances = set(report["reference"]["instances"])
    uid = events[0].uid
    assert f"{uid}|2025-03-29T23:00:00Z|2025-03-30T03:00:00Z|CONFIRMED" in instances  # 00-05 CEST, 4 h
    assert f"{uid}|2025-10-25T22:00:00Z|2025-10-26T04:00:00Z|CONFIRMED" in instances  # 00-05 CET, 6 h
    assert instances == expected_instances(events)


def test_without_the_dst_overrides_the_parsers_disagree():
    """The control: strip the overrides we add and quirk 1 comes back (so the overrides matter)."""
    data = write_calendar([nightly((2025, 3, 27), 7)], INFO).decode()
    stripped = re.sub(r"BEGIN:VEVENT\r\n(?:(?!END:VEVENT).)*RECURRENCE-ID.*?END:VEVENT\r\n", "", data, flags=re.S)
    assert "RECURRENCE-ID" not in stripped
    report = run_checker(stripped.encode())
    assert not report["passed"]
    assert any(not p["agrees"] for p in report["parsers"])


def test_imported_then_exported_feed_still_passes():
    events = read_calendar(write_calendar(sample_events(), INFO)).events
    report = run_checker(write_calendar(events, INFO))
    assert report["passed"], summary(report)
