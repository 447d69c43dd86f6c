"""Many stored events → engine records at once (the cold path: a whole calendar from database rows).

Per-row Python work is what makes a cold scan slow, so everything that can be is done per column: WKB
parsed in one call, one EPSG:25832 transform and one vectorised buffer for all footprints, times parsed
by numpy, occurrence rows of non-recurring events filled from integer columns. The rows are ones the
registry validated when it stored them, so the per-record checks of EventRecord.__init__ are not repeated;
`tests/conflicts/test_bulk_records.py` holds the two paths to the same records.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from app.conflicts.records import ROUTE_TYPES, ROW_WORDS, EventRecord, metric_and_footprints

MISSING_TIME = np.iinfo(np.int64).min
# The columns a caller passes (any order of rows, one list per column); the rest take EventRecord's defaults.
COLUMNS = ("id", "title", "kind", "status", "classification", "geometry", "buffer_m", "starts_at", "ends_at",
           "setup_starts_at", "teardown_ends_at", "timezone", "rrule", "exdates", "officers_required",
           "municipalities")
_EMPTY: tuple[Any, ...] = (None, "[]", [], ())
_ROUTE_IDS = {shapely.GeometryType[name.upper()].value for name in ROUTE_TYPES}


def utc_column(values: Sequence[Any]) -> tuple[list[datetime | None], np.ndarray]:
    """Stored times (SQLite: naive UTC text; PostgreSQL: aware datetimes; None where unset) as aware UTC
    datetimes and as integer UTC seconds (MISSING_TIME where unset)."""
    if isinstance(next((v for v in values if v is not None), None), datetime):  # one driver: one kind
        aware = [None if v is None else (v.replace(tzinfo=UTC) if v.tzinfo is None else v.astimezone(UTC))
                 for v in values]
        secs = np.array([MISSING_TIME if v is None else int(v.timestamp()) for v in aware], dtype=np.int64)
        return aware, secs
    stamps = np.array(values, dtype="datetime64[us]")  # None → NaT
    unset = np.isnat(stamps)
    micros = stamps.astype(np.int64)
    secs = np.where(unset, MISSING_TIME, micros // 1_000_000)
    if unset.all():
        return [None] * len(values), secs
    if (micros[~unset] % 1_000_000 == 0).all():  # whole seconds (the usual case): the cheapest conversion
        stamp = datetime.fromtimestamp
        return [None if v == MISSING_TIME else stamp(v, UTC) for v in secs.tolist()], secs
    return [None if v is None else v.replace(tzinfo=UTC) for v in stamps.astype(object).tolist()], secs


def _json_list(value: Any) -> list[Any]:
    if value is None or value == "[]":
        return []
    return json.loads(value) if isinstance(value, str | bytes) else list(value)


def stored_event_records(columns: Mapping[str, Sequence[Any]],
                         known: Sequence[BaseGeometry | None] | None = None) -> list[EventRecord]:
    """EventRecords for stored rows given as columns (see COLUMNS; `geometry` as WKB bytes in EPSG:4326),
    with footprint, route line and — for events without a recurrence rule — occurrence rows filled in.
    Recurring events expand their rule on first use, as any record does. `known`: footprints already
    built for some rows (None for the others), e.g. from a cache."""
    n = len(columns["id"])
    wkb = np.fromiter((bytes(v) for v in columns["geometry"]), dtype=object, count=n)
    geoms = shapely.from_wkb(wkb)
    footprints = np.fromiter(known if known is not None else [None] * n, dtype=object, count=n)
    metric = np.full(n, None, dtype=object)
    todo = np.flatnonzero(shapely.is_missing(footprints))
    if len(todo):
        buffers = columns["buffer_m"]
        metric[todo], footprints[todo] = metric_and_footprints(geoms[todo], [buffers[i] for i in todo.tolist()])
    routes = np.isin(shapely.get_type_id(geoms), list(_ROUTE_IDS)).tolist()
    starts, s = utc_column(columns["starts_at"])
    ends, e = utc_column(columns["ends_at"])
    setups, xs = utc_column(columns["setup_starts_at"])
    teardowns, xe = utc_column(columns["teardown_ends_at"])
    xs = np.where(xs == MISSING_TIME, s, np.minimum(xs, s))
    xe = np.where(xe == MISSING_TIME, e, np.maximum(xe, e))
    spans = list(zip(s.tolist(), e.tolist(), xs.tolist(), xe.tolist(), strict=True))
    out = []
    new, put = object.__new__, object.__setattr__
    geoms_l, footprints_l, metric_l = geoms.tolist(), footprints.tolist(), metric.tolist()
    # Index rows (records.index_row) of single occurrences, all packed in one go and sliced per record.
    officers_col = np.array([o or 0 for o in columns["officers_required"]], dtype=np.int64)
    head = np.column_stack([np.array([st == "cancelled" for st in columns["status"]], dtype=np.int64),
                            np.array(routes, dtype=np.int64), officers_col, np.ones(n, dtype=np.int64)])
    packed = np.hstack([head, shapely.bounds(footprints).reshape(-1, 4).view(np.int64),
                        np.column_stack([s, e, xs, xe])]).astype(np.int64).tobytes()
    width = 8 * ROW_WORDS
    for i, (ident, title, kind, status, cls, buffer_m, tz, rrule, exdates, officers, towns) in enumerate(zip(
            columns["id"], columns["title"], columns["kind"], columns["status"], columns["classification"],
            columns["buffer_m"], columns["timezone"], columns["rrule"], columns["exdates"],
            columns["officers_required"], columns["municipalities"], strict=True)):
        record = new(EventRecord)
        state = {"id": ident, "title": title, "geometry": geoms_l[i], "starts_at": starts[i], "ends_at": ends[i],
                 "kind": kind or "other", "status": status or "planned", "classification": cls or "public",
                 "buffer_m": buffer_m, "setup_starts_at": setups[i], "teardown_ends_at": teardowns[i],
                 "timezone": tz or "Europe/Copenhagen", "rrule": rrule or None,
                 "exdates": () if exdates in _EMPTY else tuple(map(datetime.fromisoformat, _json_list(exdates))),
                 "officers_required": officers or 0,
                 "municipalities": () if towns in _EMPTY else tuple(_json_list(towns)),
                 "footprint": footprints_l[i], "is_route": routes[i]}
        if routes[i] and metric_l[i] is not None:
            state["_metric"] = metric_l[i]
        if not rrule:
            span = spans[i]
            state["spans"] = (span,)
            state["_packed"] = packed[i * width:(i + 1) * width]
        put(record, "__dict__", state)
        out.append(record)
    return out
