"""Each rule on hand-made plain objects: what fires, what does not, and what the conflict says."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from shapely.geometry import LineString, Point, box

from app.conflicts import ConflictIndex, ConflictInputError, EventRecord, ZoneRecord, check, scan
from calendars.hours import parse_active_hours

CPH = ZoneInfo("Europe/Copenhagen")
JUNE = (datetime(2025, 6, 1, tzinfo=CPH), datetime(2025, 7, 1, tzinfo=CPH))
YEAR = (datetime(2025, 1, 1, tzinfo=CPH), datetime(2026, 1, 1, tzinfo=CPH))
VESTERBRO = box(12.540, 55.668, 12.560, 55.676)
NIGHTLY = [{"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "05:00"}]


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=CPH)


HERE = Point(12.55, 55.672)


def event(ident: str, start: datetime, end: datetime, geometry=HERE, **kw) -> EventRecord:
    return EventRecord(id=ident, title=kw.pop("title", ident.capitalize()), geometry=geometry,
                       starts_at=start, ends_at=end, **kw)


def nightlife(**kw) -> ZoneRecord:
    return ZoneRecord(id="vbg", name="Vesterbrogade", geometry=VESTERBRO, kind="nightlife",
                      hours=parse_active_hours(NIGHTLY), **kw)


def rules_of(conflicts) -> list[tuple[str, tuple[str, ...]]]:
    return sorted((c.rule, tuple(sorted(p.id for p in c.parties))) for c in conflicts)


def test_the_example_sentence_in_both_languages():
    distortion = event("dist", local(2025, 6, 4, 20), local(2025, 6, 5, 2), title="Distortion")
    [c] = scan([distortion], JUNE, zones=[nightlife()])
    assert c.rule == "zone_active"
    assert c.message["en"] == "Distortion overlaps the Vesterbrogade nightlife zone on 5 June 00:00–02:00"
    assert c.message["da"] == "Distortion overlapper zonen Vesterbrogade (natteliv) den 5. juni 00:00–02:00"
    assert c.window == (datetime(2025, 6, 4, 22, tzinfo=UTC), datetime(2025, 6, 5, 0, tzinfo=UTC))
    assert c.window_local[0].isoformat() == "2025-06-05T00:00:00+02:00"
    assert c.overlap_area_m2 == pytest.approx(3.14 * 50 * 50, rel=0.03)
    body = c.to_dict()
    assert body["window"] == {"start": "2025-06-04T22:00:00Z", "end": "2025-06-05T00:00:00Z"}
    assert body["parties"][1] == {"type": "zone", "id": "vbg", "title": "Vesterbrogade", "kind": "nightlife"}


def test_touching_times_and_touching_areas_are_not_overlaps():
    first = event("first", local(2025, 6, 7, 10), local(2025, 6, 7, 14))
    follow_up = event("follow", local(2025, 6, 7, 14), local(2025, 6, 7, 18))
    west = event("west", local(2025, 6, 7, 10), local(2025, 6, 7, 18), geometry=box(12.50, 55.60, 12.51, 55.61))
    east = event("east", local(2025, 6, 7, 10), local(2025, 6, 7, 18), geometry=box(12.51, 55.60, 12.52, 55.61))
    assert scan([first, follow_up, west, east], JUNE) == []


def test_overlap_reports_window_and_shared_area():
    a = event("a", local(2025, 6, 7, 10), local(2025, 6, 7, 14), geometry=box(12.50, 55.60, 12.51, 55.61))
    b = event("b", local(2025, 6, 7, 12), local(2025, 6, 7, 18), geometry=box(12.505, 55.60, 12.515, 55.61))
    [c] = scan([a, b], JUNE)
    assert c.rule == "event_overlap" and c.severity == "high"
    assert c.window == (datetime(2025, 6, 7, 10, tzinfo=UTC), datetime(2025, 6, 7, 12, tzinfo=UTC))
    assert c.overlap_area_m2 == pytest.approx(b.footprint.intersection(a.footprint).area)
    assert 300_000 < c.overlap_area_m2 < 400_000  # 0.005° × 0.01° at 55.6° N ≈ 315 m × 1113 m


def test_cancelled_events_raise_nothing():
    a = event("a", local(2025, 6, 7, 10), local(2025, 6, 7, 14), officers_required=500)
    b = event("b", local(2025, 6, 7, 10), local(2025, 6, 7, 14), status="cancelled", officers_required=500)
    assert [c.key for c in scan([a, b], JUNE, capacity=400)] == [c.key for c in scan([a], JUNE, capacity=400)]
    assert check(b, ConflictIndex([a]), capacity=100) == []


def test_setup_overlap_only_when_main_windows_do_not_overlap():
    a = event("a", local(2025, 6, 7, 10), local(2025, 6, 7, 14), teardown_ends_at=local(2025, 6, 7, 17))
    b = event("b", local(2025, 6, 7, 16), local(2025, 6, 7, 20), setup_starts_at=local(2025, 6, 7, 13))
    [c] = scan([a, b], JUNE)
    assert c.rule == "setup_overlap" and c.severity == "medium"
    assert c.window == (datetime(2025, 6, 7, 11, tzinfo=UTC), datetime(2025, 6, 7, 15, tzinfo=UTC))
    late = event("b", local(2025, 6, 7, 12), local(2025, 6, 7, 20), setup_starts_at=local(2025, 6, 7, 9))
    assert rules_of(scan([a, late], JUNE)) == [("event_overlap", ("a", "b"))]


def test_crossing_routes_raise_route_crossing_only_with_the_point():
    one = event("one", local(2025, 6, 7, 10), local(2025, 6, 7, 14),
                geometry=LineString([(12.54, 55.670), (12.56, 55.674)]))
    two = event("two", local(2025, 6, 7, 12), local(2025, 6, 7, 16),
                geometry=LineString([(12.54, 55.674), (12.56, 55.670)]))
    [c] = scan([one, two], JUNE)
    assert c.rule == "route_crossing"
    [(lon, lat)] = c.crossings
    assert lon == pytest.approx(12.55, abs=1e-5) and lat == pytest.approx(55.672, abs=1e-5)
    assert c.to_dict()["crossings"][0]["type"] == "Point"
    assert "cross at 1 point" in c.message["en"]


def test_parallel_routes_within_the_buffer_report_the_distance():
    one = event("one", local(2025, 6, 7, 10), local(2025, 6, 7, 14),
                geometry=LineString([(12.54, 55.6700), (12.56, 55.6700)]))
    two = event("two", local(2025, 6, 7, 12), local(2025, 6, 7, 16),
                geometry=LineString([(12.54, 55.6702), (12.56, 55.6702)]))
    [c] = scan([one, two], JUNE)
    assert c.rule == "route_crossing"
    assert c.distance_m == pytest.approx(22.3, abs=1.0)  # 0.0002° of latitude; default buffers 15 m each
    assert "within 22 m" in c.message["en"]


@pytest.mark.parametrize(("night", "hours"), [(date(2025, 3, 30), 4), (date(2025, 10, 26), 6),
                                              (date(2025, 6, 5), 5)])
def test_zone_hours_are_wall_clock_on_dst_nights(night, hours):
    before = night - timedelta(days=1)
    allnight = event("party", local(before.year, before.month, before.day, 20),
                     local(night.year, night.month, night.day, 9))
    [c] = scan([allnight], YEAR, zones=[nightlife()])
    start, end = c.window
    assert end - start == timedelta(hours=hours)
    assert c.window_local[0].strftime("%H:%M") == "00:00" and c.window_local[1].strftime("%H:%M") == "05:00"


def test_zone_designation_period_and_own_event():
    party = event("party", local(2025, 6, 4, 20), local(2025, 6, 8, 2))
    assert len(scan([party], JUNE, zones=[nightlife()])) == 1
    c = scan([party], JUNE, zones=[nightlife(valid_from=date(2025, 6, 6), valid_until=date(2025, 6, 6))])
    assert [w[0].astimezone(CPH).date() for w in c[0].windows] == [date(2025, 6, 6)]
    assert scan([party], JUNE, zones=[nightlife(valid_from=date(2025, 6, 9))]) == []
    assert scan([party], JUNE, zones=[nightlife(event_id="party")]) == []


def test_multi_night_event_gets_one_zone_conflict_with_every_night():
    festival = event("fest", local(2025, 6, 4, 12), local(2025, 6, 8, 2))
    [c] = scan([festival], JUNE, zones=[nightlife()])
    assert len(c.windows) == 4
    assert c.message["en"].endswith("on 5 June 00:00–05:00 and 3 more time(s)")


def test_recurring_events_conflict_occurrence_by_occurrence():
    market = event("market", local(2025, 6, 7, 9), local(2025, 6, 7, 15), rrule="FREQ=WEEKLY;COUNT=4",
                   exdates=(local(2025, 6, 14, 9),))
    works = event("works", local(2025, 6, 1, 0), local(2025, 6, 30, 0))
    found = scan([market, works], JUNE)
    assert [c.window_local[0].date() for c in found] == [date(2025, 6, 7), date(2025, 6, 21), date(2025, 6, 28)]
    assert len({c.key for c in found}) == 3


def test_capacity_one_conflict_per_run_with_the_peak():
    a = event("a", local(2025, 6, 7, 10), local(2025, 6, 7, 14), officers_required=250,
              geometry=Point(12.50, 55.60))
    b = event("b", local(2025, 6, 7, 12), local(2025, 6, 7, 13), officers_required=200,
              geometry=Point(12.60, 55.70))
    c_ = event("c", local(2025, 6, 7, 13), local(2025, 6, 7, 16), officers_required=200,
               geometry=Point(12.65, 55.65))
    d = event("d", local(2025, 6, 7, 20), local(2025, 6, 7, 22), officers_required=450,
              geometry=Point(12.45, 55.65))
    found = scan([a, b, c_, d], JUNE, capacity=400)
    assert [c.rule for c in found] == ["capacity", "capacity"]
    first, second = found
    assert first.window_local[0].hour == 12 and first.window_local[1].hour == 14
    assert first.peak_officers == 450 and first.capacity == 400
    assert {p.id for p in first.parties} == {"a", "b", "c"}
    assert first.message["en"] == "Police capacity exceeded on 7 June 12:00–14:00: peak 450 of 400 officers (3 events)"
    assert second.peak_officers == 450 and {p.id for p in second.parties} == {"d"}
    assert scan([a, b, c_, d], JUNE, capacity=450) == []


def test_keys_are_stable_across_rebuilt_records_and_differ_per_occurrence():
    def world():
        return [event("a", local(2025, 6, 7, 10), local(2025, 6, 7, 14), rrule="FREQ=DAILY;COUNT=2"),
                event("b", local(2025, 6, 7, 12), local(2025, 6, 8, 18))]
    first, second = scan(world(), JUNE), scan(list(reversed(world())), JUNE)
    assert [c.key for c in first] == [c.key for c in second]
    assert len({c.key for c in first}) == 2


def test_check_ignores_the_stored_version_of_the_candidate():
    stored = event("a", local(2025, 6, 7, 10), local(2025, 6, 7, 14))
    other = event("b", local(2025, 6, 7, 16), local(2025, 6, 7, 18))
    index = ConflictIndex([stored, other])
    moved = event("a", local(2025, 6, 7, 15), local(2025, 6, 7, 17))
    assert rules_of(check(moved, index)) == [("event_overlap", ("a", "b"))]


def test_rule_filter():
    a = event("a", local(2025, 6, 4, 20), local(2025, 6, 5, 2))
    b = event("b", local(2025, 6, 4, 21), local(2025, 6, 5, 3))
    assert {c.rule for c in scan([a, b], JUNE, zones=[nightlife()])} == {"event_overlap", "zone_active"}
    assert {c.rule for c in scan([a, b], JUNE, zones=[nightlife()], rules=["zone_active"])} == {"zone_active"}
    with pytest.raises(ConflictInputError) as err:
        scan([a], JUNE, rules=["overlap"])
    assert err.value.where == "rule" and "unknown rule 'overlap'" in err.value.message


@pytest.mark.parametrize(("window", "where", "text"), [
    ((local(2025, 6, 2), local(2025, 6, 1)), "to", "after"),
    ((local(2025, 6, 1), local(2025, 6, 1)), "to", "after"),
    ((local(2025, 1, 1), local(2027, 1, 5)), "to", "capped at 731 days"),
    ((None, local(2025, 6, 1)), "from", "both"),
    ((datetime(2025, 6, 1), local(2025, 6, 2)), "from", "naive"),
])
def test_bad_windows_are_refused(window, where, text):
    with pytest.raises(ConflictInputError) as err:
        scan([], window)
    assert err.value.where == where and text in err.value.message


def test_bad_records_are_refused():
    with pytest.raises(ConflictInputError, match="after starts_at"):
        event("a", local(2025, 6, 7, 14), local(2025, 6, 7, 14))
    with pytest.raises(ConflictInputError, match="naive"):
        event("a", datetime(2025, 6, 7, 10), local(2025, 6, 7, 14))
    with pytest.raises(ConflictInputError, match="setup_starts_at"):
        event("a", local(2025, 6, 7, 10), local(2025, 6, 7, 14), setup_starts_at=local(2025, 6, 7, 11))


def test_setup_across_the_spring_dst_change_counts_real_hours():
    # Build-up from 01:00 CET to 04:00 CEST on 30 March is 2 real hours, not 3.
    show = event("show", local(2025, 3, 30, 4), local(2025, 3, 30, 10), setup_starts_at=local(2025, 3, 30, 1))
    before = event("before", local(2025, 3, 29, 20), local(2025, 3, 30, 1, 30))
    [c] = scan([show, before], YEAR)
    assert c.rule == "setup_overlap"
    assert c.window == (datetime(2025, 3, 30, 0, tzinfo=UTC), datetime(2025, 3, 30, 0, 30, tzinfo=UTC))


def test_lines_and_points_without_buffer_touching_a_venue_edge_are_not_overlaps():
    """Footprints without area (buffer 0): a route ending exactly at a venue's corner, or running along
    an edge, and a point on a corner only touch the venue; with a buffer they overlap it. (Corners, not
    mid-edge points: a WGS84 edge is curved in EPSG:25832, so a point on it in degrees is off it in metres.)"""
    venue = box(12.550, 55.670, 12.552, 55.671)
    start, end = local(2025, 6, 7, 10), local(2025, 6, 7, 14)
    ending = LineString([(12.545, 55.6695), (12.550, 55.670)])
    along = LineString([(12.550, 55.670), (12.550, 55.671), (12.549, 55.6715)])
    on_edge = Point(12.550, 55.671)
    v = event("venue", start, end, geometry=venue)
    for ident, geometry in (("ending", ending), ("along", along), ("dot", on_edge)):
        bare = event(ident, start, end, geometry=geometry, buffer_m=0.0)
        assert rules_of(scan([v, bare], JUNE)) == [], ident
        assert rules_of(check(bare, ConflictIndex([v]))) == [], ident
        buffered = event(ident, start, end, geometry=geometry, buffer_m=5.0)
        assert rules_of(scan([v, buffered], JUNE)) == [("event_overlap", tuple(sorted((ident, "venue"))))], ident
    crossing = event("crossing", start, end, geometry=LineString([(12.549, 55.6705), (12.551, 55.6705)]),
                     buffer_m=0.0)
    assert rules_of(scan([v, crossing], JUNE)) == [("event_overlap", ("crossing", "venue"))]


def test_many_neighbours_sharing_an_edge_are_not_overlaps_for_zones_and_checks():
    """Venues sharing an edge with a zone (or with a candidate) only touch it, however many there are (a
    zone or a check with many neighbours takes the bulk path). Edges are shared vertex for vertex: a
    WGS84 edge curves in EPSG:25832, so only identical vertices stay identical."""
    from shapely.geometry import Polygon

    ys = [55.670 + i * 0.0005 for i in range(11)]
    area = Polygon([(12.55, y) for y in ys] + [(12.56, 55.675), (12.56, 55.670)])
    start, end = local(2025, 6, 7, 10), local(2025, 6, 7, 14)
    touching = [event(f"west{i}", start, end, geometry=Polygon([(12.54, ys[i]), (12.55, ys[i]), (12.55, ys[i + 1]),
                                                               (12.54, ys[i + 1])])) for i in range(10)]
    inside = [event(f"in{i}", start, end, geometry=box(12.552 + i * 0.002, 55.671, 12.553 + i * 0.002, 55.672))
              for i in range(3)]
    zone = ZoneRecord(id="z", name="Zone", geometry=area, kind="watch")
    found = scan(touching + inside, JUNE, zones=[zone], rules=["zone_active"])
    assert sorted(p.id for c in found for p in c.parties if p.type == "event") == ["in0", "in1", "in2"]
    candidate = event("candidate", start, end, geometry=area)
    got = check(candidate, ConflictIndex(touching + inside), rules=["event_overlap"])
    assert sorted(p.id for c in got for p in c.parties if p.id != "candidate") == ["in0", "in1", "in2"]
