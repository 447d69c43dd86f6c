"""Zone active hours in local time: midnight crossing, designation dates, DST nights (2025)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from calendars.errors import HoursError
from calendars.hours import active_intervals, is_active, parse_active_hours
from calendars.intervals import COPENHAGEN

NIGHTLY = parse_active_hours([{"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                               "start": "00:00", "end": "05:00"}])


def _utc(*a: int) -> datetime:
    return datetime(*a, tzinfo=UTC)


def test_spring_forward_night_is_four_hours() -> None:
    got = active_intervals(NIGHTLY, _utc(2025, 3, 29, 12), _utc(2025, 3, 30, 12))
    assert got == [(_utc(2025, 3, 29, 23), _utc(2025, 3, 30, 3))]  # 00:00 CET → 05:00 CEST


def test_fall_back_night_is_six_hours() -> None:
    got = active_intervals(NIGHTLY, _utc(2025, 10, 25, 12), _utc(2025, 10, 26, 12))
    assert got == [(_utc(2025, 10, 25, 22), _utc(2025, 10, 26, 4))]  # 00:00 CEST → 05:00 CET
    assert got[0][1] - got[0][0] == timedelta(hours=6)


def test_window_crossing_midnight_belongs_to_its_start_day() -> None:
    weekend = parse_active_hours([{"days": ["fri", "sat"], "start": "22:00", "end": "05:00"}])
    got = active_intervals(weekend, _utc(2025, 6, 2), _utc(2025, 6, 9))  # Mon 2 June – Mon 9 June
    local = [(s.astimezone(COPENHAGEN).strftime("%a %H:%M"), e.astimezone(COPENHAGEN).strftime("%a %H:%M"))
             for s, e in got]
    assert local == [("Fri 22:00", "Sat 05:00"), ("Sat 22:00", "Sun 05:00")]


def test_designation_period_is_inclusive_local_dates() -> None:
    got = active_intervals(NIGHTLY, _utc(2026, 5, 29), _utc(2026, 6, 3), valid_until=date(2026, 5, 31))
    assert [s.astimezone(COPENHAGEN).date() for s, _ in got] == [date(2026, 5, 29), date(2026, 5, 30),
                                                                  date(2026, 5, 31)]
    assert not is_active(NIGHTLY, datetime(2026, 6, 1, 1, 0, tzinfo=COPENHAGEN), valid_until=date(2026, 5, 31))
    assert is_active(NIGHTLY, datetime(2026, 5, 31, 4, 59, tzinfo=COPENHAGEN), valid_until=date(2026, 5, 31))


def test_half_open_end() -> None:
    assert not is_active(NIGHTLY, datetime(2025, 6, 5, 5, 0, tzinfo=COPENHAGEN))
    assert is_active(NIGHTLY, datetime(2025, 6, 5, 0, 0, tzinfo=COPENHAGEN))


def test_empty_schedule_means_always_while_designated() -> None:
    always = parse_active_hours([])
    got = active_intervals(always, _utc(2025, 7, 1), _utc(2025, 7, 10), date(2025, 7, 3), date(2025, 7, 4))
    assert got == [(datetime(2025, 7, 3, tzinfo=COPENHAGEN).astimezone(UTC),
                    datetime(2025, 7, 5, tzinfo=COPENHAGEN).astimezone(UTC))]


def test_exception_date_replaces_the_weekly_windows() -> None:
    nye = parse_active_hours(NIGHTLY_JSON := [{"days": ["wed"], "start": "00:00", "end": "05:00"}],
                             {"2025-12-31": [{"days": ["wed"], "start": "18:00", "end": "24:00"}]})
    assert NIGHTLY_JSON
    assert is_active(nye, datetime(2025, 12, 31, 20, 0, tzinfo=COPENHAGEN))
    assert not is_active(nye, datetime(2025, 12, 31, 1, 0, tzinfo=COPENHAGEN))
    assert is_active(nye, datetime(2025, 12, 24, 1, 0, tzinfo=COPENHAGEN))


@pytest.mark.parametrize("bad", [
    [{"days": ["mon"], "start": "05:00", "end": "05:00"}],
    [{"days": [], "start": "01:00", "end": "05:00"}],
    [{"days": ["mon"], "start": "1:00", "end": "05:00"}],
    [{"days": ["mon"], "start": "24:00", "end": "05:00"}],
    "daily",
])
def test_bad_schedules_are_refused(bad: object) -> None:
    with pytest.raises(HoursError):
        parse_active_hours(bad)
