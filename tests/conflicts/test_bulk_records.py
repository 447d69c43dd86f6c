"""The cold path's bulk records (app.conflicts.bulk) equal records built one by one, field by field, and
the engine gives the same answer on both."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import shapely
from shapely.geometry import LineString, Point, Polygon

from app.conflicts import EventRecord, scan
from app.conflicts.bulk import COLUMNS, stored_event_records, utc_column

CPH = ZoneInfo("Europe/Copenhagen")
T0 = datetime(2025, 6, 5, 18, 0, tzinfo=CPH)
SQUARE = Polygon([(12.560, 55.670), (12.566, 55.670), (12.566, 55.674), (12.560, 55.674)])
ROUTE = LineString([(12.555, 55.668), (12.570, 55.676), (12.580, 55.672)])
SPOT = Point(12.563, 55.672)


def _records() -> list[EventRecord]:
    return [
        EventRecord(id="a", title="Venue", geometry=SQUARE, starts_at=T0, ends_at=T0 + timedelta(hours=5),
                    setup_starts_at=T0 - timedelta(hours=3), teardown_ends_at=T0 + timedelta(hours=7),
                    kind="concert", classification="restricted", officers_required=40, municipalities=("0101",)),
        EventRecord(id="b", title="Parade", geometry=ROUTE, starts_at=T0 + timedelta(hours=1, microseconds=250),
                    ends_at=T0 + timedelta(hours=3), buffer_m=25.0, kind="parade"),
        EventRecord(id="c", title="Weekly market", geometry=SPOT, starts_at=T0 - timedelta(days=7),
                    ends_at=T0 - timedelta(days=7) + timedelta(hours=10), rrule="FREQ=WEEKLY;COUNT=4",
                    exdates=(T0 - timedelta(days=7) + timedelta(weeks=2),), status="confirmed"),
        EventRecord(id="d", title="Across the night of the DST change", geometry=SQUARE,
                    starts_at=datetime(2025, 10, 25, 23, 0, tzinfo=CPH),
                    ends_at=datetime(2025, 10, 26, 4, 0, tzinfo=CPH)),
    ]


def _columns(records: list[EventRecord], *, as_text: bool) -> dict[str, list]:
    """The rows as a driver returns them: SQLite gives naive UTC text and JSON text, PostgreSQL gives aware
    datetimes and decoded JSON."""
    def when(value: datetime | None) -> object:
        if value is None:
            return None
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds") if as_text else utc

    cols: dict[str, list] = {name: [] for name in COLUMNS}
    for e in records:
        exdates = [d.isoformat() for d in e.exdates]
        row = {"id": e.id, "title": e.title, "kind": e.kind, "status": e.status,
               "classification": e.classification, "geometry": shapely.to_wkb(e.geometry), "buffer_m": e.buffer_m,
               "starts_at": when(e.starts_at), "ends_at": when(e.ends_at),
               "setup_starts_at": when(e.setup_starts_at), "teardown_ends_at": when(e.teardown_ends_at),
               "timezone": e.timezone, "rrule": e.rrule,
               "exdates": json.dumps(exdates) if as_text else exdates, "officers_required": e.officers_required,
               "municipalities": json.dumps(list(e.municipalities)) if as_text else list(e.municipalities)}
        for name in COLUMNS:
            cols[name].append(row[name])
    return cols


def _same(bulk: EventRecord, one: EventRecord) -> None:
    for name in ("id", "title", "kind", "status", "classification", "buffer_m", "timezone", "rrule",
                 "officers_required", "municipalities"):
        assert getattr(bulk, name) == getattr(one, name), name
    for name in ("starts_at", "ends_at", "setup_starts_at", "teardown_ends_at"):
        b, o = getattr(bulk, name), getattr(one, name)
        assert (b is None) == (o is None), name
        if b is not None:
            assert b == o and b.utcoffset() == timedelta(0), name
    assert [d.timestamp() for d in bulk.exdates] == [d.timestamp() for d in one.exdates]
    assert bulk.geometry.equals_exact(one.geometry, 0)
    assert bulk.footprint is not None and one.footprint is not None
    assert bulk.footprint.equals_exact(one.footprint, 1e-6)
    assert bulk.spans == one.spans and bulk.index_row == one.index_row
    assert bulk.is_route == one.is_route and bulk.party == one.party
    if one.is_route:
        assert bulk.metric.equals_exact(one.metric, 1e-6)


def test_bulk_records_equal_records_built_one_by_one_from_text_and_from_datetimes() -> None:
    ones = _records()
    for as_text in (True, False):
        bulk = stored_event_records(_columns(ones, as_text=as_text))
        assert len(bulk) == len(ones)
        for b, o in zip(bulk, ones, strict=True):
            _same(b, o)


def test_the_engine_answers_the_same_on_bulk_records() -> None:
    ones = _records()
    bulk = stored_event_records(_columns(ones, as_text=True))
    window = (T0 - timedelta(days=30), T0 + timedelta(days=30))
    found_one = {(c.key, c.rule) for c in scan(ones, window, capacity=10)}
    found_bulk = {(c.key, c.rule) for c in scan(bulk, window, capacity=10)}
    assert found_one == found_bulk
    assert {"event_overlap", "capacity"} <= {rule for _, rule in found_one}
    assert len(found_one) >= 3


def test_utc_column_keeps_microseconds_and_unset_values() -> None:
    aware, secs = utc_column(["2025-06-05 16:00:00.000250", None, "2025-06-05 16:00:01.000000"])
    assert aware[0] == datetime(2025, 6, 5, 16, 0, 0, 250, tzinfo=UTC)
    assert aware[1] is None and aware[2] == datetime(2025, 6, 5, 16, 0, 1, tzinfo=UTC)
    assert secs[0] == int(aware[0].timestamp()) and secs[2] == secs[0] + 1
    assert utc_column([None, None])[0] == [None, None]
