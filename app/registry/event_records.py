"""Stored events → conflict-engine records in one query and in bulk (see app.conflicts.bulk).

Only the columns the engine needs are read, without the ORM's per-row objects or the column types'
per-value conversions: times, geometry and JSON come raw from the driver and are converted per column.
SQLite and PostgreSQL give the same records.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, LargeBinary, String, and_, or_, select, type_coerce
from sqlalchemy.orm import Session

from app.conflicts import EventRecord
from app.conflicts.bulk import COLUMNS, stored_event_records
from app.models import Event

_RAW = {"geometry": LargeBinary(), "starts_at": String(), "ends_at": String(), "setup_starts_at": String(),
        "teardown_ends_at": String(), "exdates": String(), "municipalities": String()}


def load_event_records(db: Session | Connection, start: datetime, end: datetime,
                       bbox: tuple[float, float, float, float] | None = None) -> list[EventRecord]:
    """Events (not cancelled, with a geometry) whose whole span overlaps [start, end); with `bbox` (WGS84
    lon/lat), only those whose box meets it — plus any that need officers (they count towards capacity
    wherever they are)."""
    cols = [type_coerce(getattr(Event, name), _RAW[name]) if name in _RAW else getattr(Event, name)
            for name in COLUMNS]
    stmt = select(*cols).where(Event.span_end > start, Event.span_start < end, Event.geometry.is_not(None),
                               Event.status != "cancelled")
    if bbox is not None:
        near = and_(Event.min_lon <= bbox[2], Event.max_lon >= bbox[0], Event.min_lat <= bbox[3],
                    Event.max_lat >= bbox[1])
        stmt = stmt.where(or_(near, Event.officers_required > 0))
    conn = db.connection() if isinstance(db, Session) else db
    rows = conn.execute(stmt).cursor.fetchall()  # the driver's plain tuples: no per-row Row objects
    return stored_event_records({name: [row[k] for row in rows] for k, name in enumerate(COLUMNS)})


