"""The cold scan for bench/conflicts.py: from database rows (load, parse WKB, project, buffer, scan).

Rows go into a fresh, migrated SQLite database (outside the timing); the timing covers one SELECT of the
columns the engine needs, vectorised WKB parsing and footprints, records, index and scan.
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from sqlalchemy import insert

from app.conflicts import ConflictIndex, EventRecord, ZoneRecord, scan
from app.conflicts.records import footprints_metric
from app.db import Database
from app.migrate import upgrade
from app.models import Event
from app.registry.event_records import load_event_records
from calendars.recurrence import occurrences
from geo.crs import to_metric, to_wgs84


def _row(r: dict[str, Any], now: datetime) -> dict[str, Any]:
    geom = r["geometry"]
    lon0, lat0, lon1, lat1 = geom.bounds
    return {"id": r["id"], "title": r["title"], "kind": "other", "status": "planned", "classification": "public",
            "geometry": geom, "buffer_m": r["buffer_m"], "starts_at": r["starts_at"], "ends_at": r["ends_at"],
            "setup_starts_at": r["setup_starts_at"], "teardown_ends_at": r["teardown_ends_at"],
            "timezone": "Europe/Copenhagen", "rrule": r["rrule"], "exdates": [],
            "officers_required": r["officers_required"], "municipalities": [], "municipality_codes": "",
            "span_start": r["setup_starts_at"] or r["starts_at"],
            "span_end": _span_end(r),
            "min_lon": lon0, "min_lat": lat0, "max_lon": lon1, "max_lat": lat1, "version": 1, "sequence": 0,
            "created_at": now, "updated_at": now}


def stored_rows(rows: list[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """Table rows for generated events, each with the bbox of its footprint (geometry + buffer) in WGS84,
    as the registry stores it (app.registry.placement.place), not that of the bare geometry."""
    geoms = np.array([r["geometry"] for r in rows], dtype=object)
    bounds = shapely.bounds(to_wgs84(footprints_metric(geoms, [r["buffer_m"] for r in rows])))
    out = [_row(r, now) for r in rows]
    for row, (x0, y0, x1, y1) in zip(out, bounds.tolist(), strict=True):
        row.update(min_lon=x0, min_lat=y0, max_lon=x1, max_lat=y1)
    return out


def _span_end(r: dict[str, Any]) -> datetime:
    last = occurrences(r["starts_at"], r["ends_at"], r["rrule"])[-1][1] if r["rrule"] else r["ends_at"]
    return max(last, r["teardown_ends_at"] or last)


def load_records(db: Database, window: tuple[datetime, datetime]) -> list[EventRecord]:
    """Rows → records as the service loads them for a scan: one query, converted per column."""
    with db.engine.connect() as conn:
        return load_event_records(conn, *window)


def cold_scan(rows: list[dict[str, Any]], zones: list[ZoneRecord], window: tuple[datetime, datetime],
              capacity: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        upgrade(db.engine)
        now = datetime.now(UTC)
        with db.engine.begin() as conn:
            for i in range(0, len(rows), 5000):
                conn.execute(insert(Event), stored_rows(rows[i:i + 5000], now))
        # Zones as held in memory (a few dozen); footprints rebuilt like the events'.
        fresh = [ZoneRecord(id=z.id, name=z.name, geometry=z.geometry, kind=z.kind, hours=z.hours,
                            footprint=to_metric(z.geometry)) for z in zones]
        t0 = time.perf_counter()
        recs = load_records(db, window)
        t1 = time.perf_counter()
        found = scan(ConflictIndex(recs, fresh), window, capacity=capacity)
        t2 = time.perf_counter()
        db.engine.dispose()
    return {"cold_scan_s": t2 - t0, "cold_load_parse_project_buffer_s": t1 - t0, "cold_index_scan_s": t2 - t1,
            "cold_conflicts": len(found)}
