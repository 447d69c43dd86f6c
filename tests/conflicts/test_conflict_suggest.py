"""Alternatives: nearest free windows of the same length, venue shifts, and impossible requests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from shapely.geometry import LineString, Point

from app.conflicts import ConflictIndex, ConflictInputError, check, suggest
from tests.conflicts.test_conflict_rules import JUNE, event, local, nightlife


def test_nearest_free_windows_ranked_by_distance():
    busy = event("busy", local(2025, 6, 7, 12), local(2025, 6, 7, 16))
    later = event("later", local(2025, 6, 7, 18), local(2025, 6, 7, 20))
    index = ConflictIndex([busy, later], [nightlife()])
    asked = event("new", local(2025, 6, 7, 13), local(2025, 6, 7, 15))
    result = suggest(asked, index, (local(2025, 6, 7, 8), local(2025, 6, 8, 8)))
    starts = [w["start"].astimezone(local(2025, 1, 1).tzinfo).strftime("%H:%M") for w in result["windows"]]
    # 10:00–12:00 before and 16:00–18:00 between the two (touching both) are equally near: earlier first;
    # then 20:00–22:00; the nightlife zone (00:00–05:00) blocks the night, so next is 05:00 on 8 June.
    assert starts == ["10:00", "16:00", "20:00", "05:00"]  # one per free stretch
    assert [w["offset_minutes"] for w in result["windows"][:3]] == [-180.0, 180.0, 420.0]
    for w in result["windows"]:
        assert w["end"] - w["start"] == timedelta(hours=2)
        moved = event("new", w["start"], w["end"])
        assert check(moved, index) == []


def test_asked_time_already_free_comes_first():
    index = ConflictIndex([event("busy", local(2025, 6, 7, 12), local(2025, 6, 7, 16))])
    asked = event("new", local(2025, 6, 7, 17), local(2025, 6, 7, 18))
    result = suggest(asked, index, JUNE, limit=1)
    assert result["windows"] == [{"start": datetime(2025, 6, 7, 15, tzinfo=UTC),
                                  "end": datetime(2025, 6, 7, 16, tzinfo=UTC), "offset_minutes": 0.0}]


def test_venue_shift_that_helps():
    busy = event("busy", local(2025, 6, 7, 12), local(2025, 6, 7, 16), geometry=Point(12.55, 55.672))
    asked = event("new", local(2025, 6, 7, 13), local(2025, 6, 7, 15), geometry=Point(12.5505, 55.672))
    result = suggest(asked, ConflictIndex([busy]), JUNE, shift_m=200)
    shifts = {s["direction"]: s for s in result["venue_shifts"]}
    assert shifts["E"]["clear"] and shifts["E"]["helps"] and shifts["E"]["conflicts"] == 0
    assert shifts["E"]["geometry"]["coordinates"][0] > 12.5505
    assert all(s["clear"] for s in result["venue_shifts"])  # 200 m clears 100 m of footprints either way


@pytest.mark.parametrize(("search", "kw", "where", "text"), [
    ((local(2025, 6, 7, 13), local(2025, 6, 7, 14)), {}, "to", "shorter than the event"),
    ((local(2025, 6, 8), local(2025, 6, 7)), {}, "to", "after"),
    ((local(2025, 1, 1), local(2026, 6, 1)), {}, "to", "capped at 366 days"),
    (JUNE, {"shift_m": -5}, "shift_m", "between"),
])
def test_impossible_requests(search, kw, where, text):
    asked = event("new", local(2025, 6, 7, 13), local(2025, 6, 7, 15))
    with pytest.raises(ConflictInputError) as err:
        suggest(asked, ConflictIndex([]), search, **kw)
    assert err.value.where == where and text in err.value.message


def test_routes_cannot_shift_and_recurring_cannot_be_suggested():
    route = event("r", local(2025, 6, 7, 13), local(2025, 6, 7, 15), geometry=LineString([(12.5, 55.6), (12.6, 55.7)]))
    with pytest.raises(ConflictInputError, match="not routes"):
        suggest(route, ConflictIndex([]), JUNE, shift_m=100)
    weekly = event("w", local(2025, 6, 7, 13), local(2025, 6, 7, 15), rrule="FREQ=WEEKLY;COUNT=3")
    with pytest.raises(ConflictInputError, match="one-off"):
        suggest(weekly, ConflictIndex([]), JUNE)
