"""Hypothesis strategies for small random worlds around Vesterbro, including DST nights and recurrence."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import strategies as st
from shapely.geometry import LineString, Point, box

from app.conflicts.records import EventRecord, ZoneRecord
from calendars.hours import parse_active_hours

CPH = ZoneInfo("Europe/Copenhagen")
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

# A handful of places a few hundred metres apart, so that some meet and some do not.
PLACES = [
    Point(12.5500, 55.6720),
    Point(12.5508, 55.6722),
    Point(12.5600, 55.6700),
    box(12.5490, 55.6712, 12.5520, 55.6730),
    box(12.5520, 55.6712, 12.5550, 55.6730),  # touches the box before it: no spatial overlap
    box(12.5580, 55.6690, 12.5620, 55.6710),
    LineString([(12.5400, 55.6700), (12.5600, 55.6740)]),
    LineString([(12.5400, 55.6740), (12.5600, 55.6700)]),
    LineString([(12.5450, 55.6760), (12.5650, 55.6760)]),
]
ZONE_AREAS = [box(12.5450, 55.6690, 12.5560, 55.6750), box(12.5570, 55.6680, 12.5700, 55.6720)]

# Around the DST nights of 2025 and an ordinary week in June.
BASES = [datetime(2025, 3, 29, 12, tzinfo=CPH), datetime(2025, 10, 25, 12, tzinfo=CPH),
         datetime(2025, 6, 2, 12, tzinfo=CPH)]
WINDOW = (datetime(2025, 3, 1, tzinfo=CPH), datetime(2025, 11, 15, tzinfo=CPH))


def _later(dt: datetime, delta: timedelta) -> datetime:
    """`dt + delta` in real (UTC) time; aware arithmetic within one zone is wall-clock time, which across
    the spring gap can put a build-up after its start."""
    return (dt.astimezone(UTC) + delta).astimezone(CPH)


@st.composite
def events(draw: st.DrawFn, ident: str) -> EventRecord:
    base = draw(st.sampled_from(BASES))
    start = base + timedelta(minutes=30 * draw(st.integers(-24, 96)))
    length = timedelta(minutes=30 * draw(st.integers(1, 80)))
    lead = timedelta(minutes=30 * draw(st.integers(0, 8)))
    tail = timedelta(minutes=30 * draw(st.integers(0, 8)))
    rrule = draw(st.sampled_from([None, None, "FREQ=DAILY;COUNT=3", "FREQ=WEEKLY;COUNT=2",
                                  "FREQ=DAILY;INTERVAL=2;COUNT=3"]))
    exdates = ()
    if rrule and draw(st.booleans()):
        exdates = (start + timedelta(days=1 if "DAILY;COUNT" in rrule else 7),)
    return EventRecord(
        id=ident, title=f"Event {ident}", geometry=draw(st.sampled_from(PLACES)),
        starts_at=start, ends_at=_later(start, length),
        setup_starts_at=_later(start, -lead) if lead else None,
        teardown_ends_at=_later(start, length + tail) if tail else None,
        rrule=rrule, exdates=exdates, status=draw(st.sampled_from(["planned", "confirmed", "cancelled"])),
        officers_required=draw(st.sampled_from([0, 50, 150, 250])),
        buffer_m=draw(st.sampled_from([None, 0.0, 30.0])),
    )


@st.composite
def zones(draw: st.DrawFn, ident: str, event_ids: list[str]) -> ZoneRecord:
    windows = []
    for _ in range(draw(st.integers(0, 2))):
        start = draw(st.integers(0, 23))
        end = draw(st.integers(0, 24).filter(lambda h, s=start: h != s))
        days = draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=7, unique=True))
        windows.append({"days": days, "start": f"{start:02d}:00", "end": f"{end:02d}:00"})
    valid_from = draw(st.sampled_from([None, date(2025, 3, 30), date(2025, 6, 3)]))
    valid_until = draw(st.sampled_from([None, date(2025, 10, 26), date(2025, 12, 31)]))
    return ZoneRecord(id=ident, name=f"Zone {ident}", geometry=draw(st.sampled_from(ZONE_AREAS)),
                      kind=draw(st.sampled_from(["nightlife", "exclusion", "watch"])),
                      hours=parse_active_hours(windows), valid_from=valid_from, valid_until=valid_until,
                      event_id=draw(st.sampled_from([None, *event_ids])))


@st.composite
def worlds(draw: st.DrawFn) -> tuple[list[EventRecord], list[ZoneRecord]]:
    n = draw(st.integers(1, 7))
    evs = [draw(events(f"e{i}")) for i in range(n)]
    zs = [draw(zones(f"z{i}", [e.id for e in evs])) for i in range(draw(st.integers(0, 2)))]
    return evs, zs
