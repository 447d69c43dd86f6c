"""The 2025 events: contract fields, aware and DST-correct times, recurrences, and the plan's dates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from calendars.recurrence import occurrences, parse_rrule

TZ = ZoneInfo("Europe/Copenhagen")
KINDS = {"concert", "festival", "parade", "sport", "demonstration", "state_visit", "meeting", "match",
         "election", "other"}
STATUSES = {"planned", "confirmed", "cancelled"}
CLASSES = {"public", "internal", "restricted"}
TIME_FIELDS = ("starts_at", "ends_at", "setup_starts_at", "teardown_ends_at")
REQUIRED = {"seed_key", "title", "kind", "status", "classification", "organiser", "starts_at", "ends_at",
            "setup_starts_at", "teardown_ends_at", "timezone", "rrule", "exdates", "buffer_m",
            "attendance", "officers_required", "hours_assumed", "notes", "geometry_source", "proxy",
            "schematic"}


def _t(props: dict[str, Any], field: str) -> datetime:
    return datetime.fromisoformat(props[field])


def _occ(props: dict[str, Any]) -> list[tuple[datetime, datetime]]:
    exdates = [datetime.fromisoformat(x) for x in props["exdates"]]
    return occurrences(_t(props, "starts_at"), _t(props, "ends_at"), props["rrule"], exdates, TZ)


def test_every_event_has_the_contract_fields(events: list[dict[str, Any]]) -> None:
    for feat in events:
        props = feat["properties"]
        assert feat["type"] == "Feature"
        assert REQUIRED <= props.keys(), props["seed_key"]
        assert props["kind"] in KINDS and props["status"] in STATUSES
        assert props["classification"] in CLASSES
        assert props["timezone"] == "Europe/Copenhagen"
        assert props["title"].strip() and props["organiser"].strip()
        assert isinstance(props["officers_required"], int) and props["officers_required"] > 0
        assert isinstance(props["attendance"], int) and props["attendance"] > 0
        assert props["buffer_m"] is None or props["buffer_m"] >= 0


def test_times_are_aware_and_in_order(events: list[dict[str, Any]]) -> None:
    for feat in events:
        props = feat["properties"]
        key = props["seed_key"]
        for field in TIME_FIELDS:
            if props[field] is not None:
                assert _t(props, field).utcoffset() is not None, (key, field)
        assert _t(props, "ends_at") > _t(props, "starts_at"), key
        if props["setup_starts_at"]:
            assert _t(props, "setup_starts_at") <= _t(props, "starts_at"), key
        if props["teardown_ends_at"]:
            last_end = max(e for _, e in _occ(props))
            assert _t(props, "teardown_ends_at") >= last_end, key


def test_offsets_match_copenhagen_at_that_local_time(events: list[dict[str, Any]]) -> None:
    for feat in events:
        props = feat["properties"]
        stamps = [props[f] for f in TIME_FIELDS if props[f]] + props["exdates"]
        for stamp in stamps:
            given = datetime.fromisoformat(stamp)
            expected = given.replace(tzinfo=None).replace(tzinfo=TZ).utcoffset()
            assert given.utcoffset() == expected, (props["seed_key"], stamp)


def test_dst_sides_of_2025_are_both_present(events_by_key: dict[str, dict[str, Any]]) -> None:
    def offset(key: str) -> str:
        return events_by_key[key]["properties"]["starts_at"][-6:]

    assert offset("kulturnatten-2025") == "+02:00"  # 10 October: CEST
    assert offset("fck-uecl-2025-10-23") == "+02:00"  # before 26 October
    assert offset("fck-uecl-2025-11-27") == "+01:00"  # after 26 October
    assert offset("kv25-election-2025") == "+01:00"


def test_every_rrule_parses_and_ends(events: list[dict[str, Any]]) -> None:
    recurring = [f["properties"] for f in events if f["properties"]["rrule"]]
    assert len(recurring) >= 5
    for props in recurring:
        rule = parse_rrule(props["rrule"], _t(props, "starts_at"), TZ)
        assert len(list(rule)) >= 2, props["seed_key"]


@pytest.mark.parametrize(("key", "first", "last", "count"), [
    ("dhl-stafet-2025", "2025-08-25", "2025-08-29", 5),
    ("copenhell-2025", "2025-06-18", "2025-06-21", 4),
    ("aiasound-2025", "2025-08-01", "2025-08-03", 3),
    ("ed-sheeran-2025", "2025-08-28", "2025-08-31", 4),
    ("distortion-final-2025", "2025-06-06", "2025-06-07", 2),
    ("cph-sprint-2025", "2025-06-21", "2025-06-22", 2),
])
def test_series_fall_on_the_plans_dates(events_by_key: dict[str, dict[str, Any]], key: str,
                                        first: str, last: str, count: int) -> None:
    occ = _occ(events_by_key[key]["properties"])
    days = [s.astimezone(TZ).date() for s, _ in occ]
    assert (len(days), days[0], days[-1]) == (count, date.fromisoformat(first), date.fromisoformat(last))


def _local_start(events_by_key: dict[str, dict[str, Any]], key: str) -> datetime:
    return _t(events_by_key[key]["properties"], "starts_at").astimezone(TZ)


@pytest.mark.parametrize(("key", "day", "weekday"), [
    ("first-may-2025", "2025-05-01", "Thu"),
    ("cph-marathon-2025", "2025-05-11", "Sun"),
    ("distortion-norrebro-2025", "2025-06-04", "Wed"),
    ("distortion-vesterbro-2025", "2025-06-05", "Thu"),
    ("royal-run-2025", "2025-06-09", "Mon"),
    ("oresund-half-2025", "2025-06-15", "Sun"),
    ("pride-parade-2025", "2025-08-16", "Sat"),
    ("ironman-2025", "2025-08-17", "Sun"),
    ("flag-day-2025", "2025-09-05", "Fri"),
    ("cph-half-2025", "2025-09-14", "Sun"),
    ("kulturnatten-2025", "2025-10-10", "Fri"),
    ("kv25-election-2025", "2025-11-18", "Tue"),
])
def test_single_day_events_on_the_plans_date(events_by_key: dict[str, dict[str, Any]], key: str,
                                             day: str, weekday: str) -> None:
    start = _local_start(events_by_key, key)
    assert start.date() == date.fromisoformat(day)
    assert start.strftime("%a") == weekday


def test_distortion_spans_4_to_8_june(events: list[dict[str, Any]]) -> None:
    parts = [f["properties"] for f in events if f["properties"]["seed_key"].startswith("distortion-")]
    assert len(parts) == 3
    spans = [o for p in parts for o in _occ(p)]
    assert min(s for s, _ in spans).astimezone(TZ).date() == date(2025, 6, 4)
    assert max(e for _, e in spans).astimezone(TZ).date() == date(2025, 6, 8)
    assert all(p["officers_required"] >= 100 for p in parts)


def test_pride_week_square_and_saturday_parade(events_by_key: dict[str, dict[str, Any]]) -> None:
    square = _occ(events_by_key["pride-square-2025"]["properties"])
    assert all(date(2025, 8, 9) <= s.astimezone(TZ).date() <= date(2025, 8, 17) for s, _ in square)
    assert square[-1][0].astimezone(TZ).date() == date(2025, 8, 16)


def test_conference_league_matches_are_autumn_thursdays_at_parken(events: list[dict[str, Any]]) -> None:
    matches = [f["properties"] for f in events if f["properties"]["kind"] == "match"]
    assert len(matches) >= 3
    for props in matches:
        start = _t(props, "starts_at").astimezone(TZ)
        assert start.strftime("%a") == "Thu" and date(2025, 9, 1) <= start.date() <= date(2025, 12, 31)
        assert props["geometry_source"] == "venues.geojson#Parken (stadium)"
        assert "assumed" in props["notes"]


def test_eu_presidency_meetings_are_restricted_july_to_december(events: list[dict[str, Any]]) -> None:
    eu = [f["properties"] for f in events if f["properties"]["seed_key"].startswith("eu-")]
    assert len(eu) >= 4
    for props in eu:
        assert props["classification"] == "restricted"
        assert props["kind"] in {"meeting", "state_visit"}
        start = _t(props, "starts_at").astimezone(TZ).date()
        assert date(2025, 7, 1) <= start <= date(2025, 12, 31)
    restricted = {f["properties"]["seed_key"] for f in events
                  if f["properties"]["classification"] == "restricted"}
    assert restricted == {p["seed_key"] for p in eu}


def test_assumed_hours_are_said_in_notes(events: list[dict[str, Any]]) -> None:
    for feat in events:
        props = feat["properties"]
        assert isinstance(props["hours_assumed"], bool)
        if props["hours_assumed"]:
            assert "assumed" in props["notes"], props["seed_key"]
    assert sum(f["properties"]["hours_assumed"] for f in events) >= len(events) - 2


def test_all_events_fall_in_2025(events: list[dict[str, Any]]) -> None:
    for feat in events:
        start = _t(feat["properties"], "starts_at").astimezone(TZ)
        assert start.year == 2025, feat["properties"]["seed_key"]
