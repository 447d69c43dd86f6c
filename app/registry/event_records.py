"""Stored events → conflict-engine records: one narrowing query, converted per column (app.conflicts.bulk).

Only the columns the engine needs are read, without the ORM's per-row objects or the column types'
per-value conversions: times, geometry and JSON come raw from the driver and are converted per column.
SQLite and PostgreSQL give the same records.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from datetime import datetime, timedelta

from shapely.geometry.base import BaseGeometry
from sqlalchemy import ColumnElement, Connection, and_, or_, select, text
from sqlalchemy.orm import Session

from app.conflicts import EventRecord
from app.conflicts.bulk import COLUMNS, stored_event_records
from app.models import Event
from app.models.event import LONG_SPAN, LONG_SPAN_SQL

FootprintKey = tuple[str, int, float | None, int]
FootprintCache = MutableMapping[FootprintKey, BaseGeometry]


def footprint_key(ident: str, version: int, buffer_m: float | None, wkb: bytes) -> FootprintKey:
    """What a stored footprint depends on: the event's geometry (WKB) and buffer (with id and version)."""
    return ident, version, buffer_m, hash(bytes(wkb))


def spans_overlapping(dialect: str, start: datetime, end: datetime) -> ColumnElement[bool]:
    """Events whose whole span overlaps [start, end). Spans up to LONG_SPAN (nearly all) start after
    start - LONG_SPAN, which bounds the ix_events_span range; the longer ones come from ix_events_span_long,
    whose condition is repeated verbatim so that the planner matches it. A day of margin keeps SQLite's
    floating-point julianday difference from dropping a span of just over LONG_SPAN from both branches."""
    overlaps = and_(Event.span_end > start, Event.span_start < end)
    long_span = LONG_SPAN_SQL.get(dialect)
    if long_span is None:
        return overlaps
    return or_(and_(Event.span_start > start - LONG_SPAN - timedelta(days=1), overlaps),
               and_(text(long_span), overlaps))


def load_event_records(db: Session | Connection, start: datetime, end: datetime,
                       bbox: tuple[float, float, float, float] | None = None,
                       footprints: FootprintCache | None = None) -> list[EventRecord]:
    """Events (not cancelled, with a geometry) whose whole span overlaps [start, end); with `bbox` (WGS84
    lon/lat), only those whose box meets it — plus any that need officers (they count towards capacity
    wherever they are). With `footprints`, a cache (keys: footprint_key): footprints found there are
    reused, the others built (in one call) and added."""
    conn = db.connection() if isinstance(db, Session) else db
    # Read through the DBAPI cursor below: the columns' types convert nothing, values come as the driver
    # gives them (converted per column by stored_event_records).
    stmt = select(*(getattr(Event, name) for name in COLUMNS), Event.version).where(
        spans_overlapping(conn.dialect.name, start, end), Event.geometry.is_not(None), Event.status != "cancelled")
    if bbox is not None:
        near = and_(Event.min_lon <= bbox[2], Event.max_lon >= bbox[0], Event.min_lat <= bbox[3],
                    Event.max_lat >= bbox[1])
        stmt = stmt.where(or_(near, Event.officers_required > 0))
    rows = conn.execute(stmt).cursor.fetchall()  # the driver's plain tuples: no per-row Row objects
    columns = {name: [row[k] for row in rows] for k, name in enumerate(COLUMNS)}
    if footprints is None:
        return stored_event_records(columns)
    g, b = COLUMNS.index("geometry"), COLUMNS.index("buffer_m")
    keys = [footprint_key(row[0], row[-1], row[b], row[g]) for row in rows]
    records = stored_event_records(columns, [footprints.get(k) for k in keys])
    for key, record in zip(keys, records, strict=True):
        if record.footprint is not None:
            footprints.setdefault(key, record.footprint)
    return records
