"""Recurrence keeps local wall-clock times across DST changes; bad rules are refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from calendars.errors import RecurrenceError
from calendars.intervals import COPENHAGEN
from calendars.recurrence import occurrences


def _cph(*a: int) -> datetime:
    return datetime(*a, tzinfo=COPENHAGEN)


def test_daily_series_across_spring_forward_keeps_wall_clock() -> None:
    occ = occurrences(_cph(2025, 3, 29, 22), _cph(2025, 3, 30, 3), "FREQ=DAILY;COUNT=3")
    local = [(s.astimezone(COPENHAGEN).strftime("%d %H:%M"), e.astimezone(COPENHAGEN).strftime("%d %H:%M"))
             for s, e in occ]
    assert local == [("29 22:00", "30 03:00"), ("30 22:00", "31 03:00"), ("31 22:00", "01 03:00")]
    assert occ[0][1] - occ[0][0] == timedelta(hours=4)  # the night the clocks go forward
    assert occ[1][1] - occ[1][0] == timedelta(hours=5)


def test_weekly_series_across_fall_back() -> None:
    occ = occurrences(_cph(2025, 10, 19, 12), _cph(2025, 10, 19, 14), "FREQ=WEEKLY;COUNT=2")
    assert [s.hour for s, _ in occ] == [10, 11]  # 12:00 CEST = 10Z, then 12:00 CET = 11Z


def test_exdate_removes_one_occurrence() -> None:
    occ = occurrences(_cph(2025, 8, 25, 17), _cph(2025, 8, 25, 21), "FREQ=DAILY;COUNT=5",
                      [_cph(2025, 8, 27, 17)])
    assert [s.astimezone(COPENHAGEN).day for s, _ in occ] == [25, 26, 28, 29]


def test_window_selects_overlapping_occurrences_half_open() -> None:
    occ = occurrences(_cph(2025, 8, 25, 17), _cph(2025, 8, 25, 21), "FREQ=DAILY;COUNT=5",
                      window=(_cph(2025, 8, 26, 21), _cph(2025, 8, 27, 17, 1)))
    assert [s.astimezone(COPENHAGEN).day for s, _ in occ] == [27]


def test_single_event_is_one_occurrence_in_utc() -> None:
    assert occurrences(_cph(2025, 5, 1, 10), _cph(2025, 5, 1, 18)) == [
        (datetime(2025, 5, 1, 8, tzinfo=UTC), datetime(2025, 5, 1, 16, tzinfo=UTC))]


@pytest.mark.parametrize(("rule", "words"), [
    ("FREQ=DAILY", "never ends"), ("FREQ=WEEKLY;COUNT=x", "does not parse"),
    ("FREQ=HOURLY;COUNT=5000", "more than"), ("FREQ=YEARLY;UNTIL=20400101T000000Z", "horizon"),
    ("FREQ=DAILY;COUNT=2\nRRULE:FREQ=DAILY", "single line"),
])
def test_bad_rules(rule: str, words: str) -> None:
    with pytest.raises(RecurrenceError, match=words):
        occurrences(_cph(2025, 1, 1, 10), _cph(2025, 1, 1, 11), rule)
