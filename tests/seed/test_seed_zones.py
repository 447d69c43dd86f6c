"""The zones: contract fields, active hours, links to events, and the Distortion/nightlife clash."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from shapely.geometry import shape

from calendars.hours import active_intervals, parse_active_hours
from calendars.intervals import overlap
from calendars.recurrence import occurrences
from geo.footprint import footprint_metric

TZ = ZoneInfo("Europe/Copenhagen")
KINDS = {"nightlife", "sub", "watch", "prevention", "security_perimeter", "exclusion",
         "local_police_area", "restricted_airspace", "other"}
REQUIRED = {"seed_key", "name", "kind", "valid_from", "valid_until", "active_hours",
            "active_hours_exceptions", "event_ref", "source", "notes", "proxy"}


def _dates(props: dict[str, Any]) -> tuple[date | None, date | None]:
    return tuple(date.fromisoformat(props[k]) if props[k] else None  # type: ignore[return-value]
                 for k in ("valid_from", "valid_until"))


def _hours(props: dict[str, Any]):  # noqa: ANN202
    return parse_active_hours(props["active_hours"], props["active_hours_exceptions"])


def test_every_zone_has_the_contract_fields(zones: list[dict[str, Any]]) -> None:
    for feat in zones:
        props = feat["properties"]
        assert REQUIRED <= props.keys(), props["seed_key"]
        assert props["kind"] in KINDS
        assert props["name"].strip() and props["source"].strip() and props["notes"].strip()
        start, end = _dates(props)
        if start and end:
            assert start <= end, props["seed_key"]
        _hours(props)  # raises HoursError when a window is malformed


def test_four_nightlife_zones_active_00_to_05_with_assumed_designation(zones: list[dict[str, Any]]) -> None:
    night = [f["properties"] for f in zones
             if f["properties"]["kind"] == "nightlife" and f["properties"]["event_ref"] is None]
    assert sorted(p["name"] for p in night) == [
        "Nattelivszone Gothersgade", "Nattelivszone Kødbyen", "Nattelivszone Vesterbrogade",
        "Nattelivszone Vestergade"]
    for props in night:
        assert props["active_hours"] == [{"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                                          "start": "00:00", "end": "05:00"}]
        assert _dates(props) == (date(2024, 6, 1), date(2026, 5, 31))
        assert "assumed" in props["notes"]


def test_nightlife_hours_follow_dst(zones_by_key: dict[str, dict[str, Any]]) -> None:
    props = zones_by_key["nightlife-gothersgade"]["properties"]
    hours, (vf, vu) = _hours(props), _dates(props)

    def length_on(day: date) -> timedelta:
        start = datetime.combine(day, datetime.min.time(), TZ)
        spans = active_intervals(hours, start, start + timedelta(hours=12), vf, vu, TZ)
        return sum((e - s for s, e in spans), timedelta())

    assert length_on(date(2025, 3, 30)) == timedelta(hours=4)
    assert length_on(date(2025, 10, 26)) == timedelta(hours=6)
    assert length_on(date(2026, 6, 1)) == timedelta(0)  # designation over


def test_sub_and_watch_lists(zones: list[dict[str, Any]]) -> None:
    def names(kind: str) -> set[str]:
        return {f["properties"]["name"].split(": ", 1)[1] for f in zones if f["properties"]["kind"] == kind}

    assert names("sub") == {"Mjølnerparken (incl. Hothers Plads)", "Remisevænget/Hørgården",
                            "Holmbladsgade/Støberigården"}
    assert names("watch") == {"Tingbjerg-Husum Nord", "Blågården", "Folehaven", "Lundtoftegade",
                              "Aldersrogade", "Bispeparken"}
    for feat in zones:
        if feat["properties"]["kind"] in {"sub", "watch"}:
            assert feat["properties"]["active_hours"] == []  # always active


def test_every_event_ref_resolves(zones: list[dict[str, Any]],
                                  events_by_key: dict[str, dict[str, Any]]) -> None:
    linked = [f["properties"] for f in zones if f["properties"]["event_ref"] is not None]
    assert len(linked) >= 7
    for props in linked:
        assert props["event_ref"] in events_by_key, props["seed_key"]


def test_security_perimeters_cover_their_meeting_only_on_its_dates(
    zones: list[dict[str, Any]], events_by_key: dict[str, dict[str, Any]]
) -> None:
    perims = [f for f in zones if f["properties"]["kind"] == "security_perimeter"]
    assert len(perims) >= 4
    for feat in perims:
        props = feat["properties"]
        event = events_by_key[props["event_ref"]]
        ep = event["properties"]
        assert ep["classification"] == "restricted"
        start = datetime.fromisoformat(ep["starts_at"]).astimezone(TZ).date()
        end = datetime.fromisoformat(ep["ends_at"]).astimezone(TZ).date()
        assert _dates(props) == (start, end)
        assert shape(feat["geometry"]).contains(shape(event["geometry"]))


@pytest.mark.parametrize("zone_key", ["nightlife-vesterbrogade", "nightlife-kodbyen"])
def test_distortion_vesterbro_clashes_with_nightlife_zone_after_midnight(
    zones_by_key: dict[str, dict[str, Any]], events_by_key: dict[str, dict[str, Any]], zone_key: str
) -> None:
    event = events_by_key["distortion-vesterbro-2025"]
    ep, zone = event["properties"], zones_by_key[zone_key]
    foot = footprint_metric(shape(event["geometry"]), ep["buffer_m"])
    assert foot.intersection(footprint_metric(shape(zone["geometry"]), 0)).area > 10_000
    (occ,) = occurrences(datetime.fromisoformat(ep["starts_at"]), datetime.fromisoformat(ep["ends_at"]))
    vf, vu = _dates(zone["properties"])
    active = active_intervals(_hours(zone["properties"]), occ[0], occ[1], vf, vu, TZ)
    clash = [o for a in active if (o := overlap(a, occ))]
    assert [(s.astimezone(TZ).strftime("%d %H:%M"), e.astimezone(TZ).strftime("%d %H:%M"))
            for s, e in clash] == [("06 00:00", "06 02:00")]


def test_distortion_festival_zones_follow_their_party(
    zones: list[dict[str, Any]], events_by_key: dict[str, dict[str, Any]]
) -> None:
    fest = [f["properties"] for f in zones if f["properties"]["seed_key"].startswith("festival-")]
    assert {p["event_ref"] for p in fest} == {"distortion-norrebro-2025", "distortion-vesterbro-2025"}
    for props in fest:
        ep = events_by_key[props["event_ref"]]["properties"]
        assert _dates(props)[0] == datetime.fromisoformat(ep["starts_at"]).astimezone(TZ).date()
