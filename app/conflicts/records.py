"""The engine's inputs: frozen event and zone records (WGS84 geometry, cached EPSG:25832 footprint).

Times are aware datetimes; internally the engine works in integer UTC seconds, cached per record, so a
record built once (as the service holds it) is scanned without re-parsing, re-projecting or re-expanding.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import repeat
from operator import attrgetter, is_
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from app.conflicts.errors import ConflictInputError
from app.conflicts.lazy import lazy
from app.conflicts.model import Party
from calendars.hours import ActiveHours, active_intervals, local_instant
from calendars.recurrence import occurrences
from geo.crs import to_metric
from geo.footprint import DEFAULT_BUFFER_M, footprint_metric

ROUTE_TYPES = ("LineString", "MultiLineString")

Span = tuple[int, int, int, int]  # occurrence start, end, extended start (setup), extended end (teardown)


def _aware(value: datetime | None, where: str) -> None:
    if value is not None and value.utcoffset() is None:  # None too when tzinfo is None
        raise ConflictInputError("naive datetime: a time zone offset is required", where)


@dataclass(frozen=True, eq=False)
class EventRecord:
    """One event as the engine sees it. `footprint` (EPSG:25832, geometry + buffer) is built when absent."""

    id: str
    title: str
    geometry: BaseGeometry
    starts_at: datetime
    ends_at: datetime
    kind: str = "other"
    status: str = "planned"
    classification: str = "public"
    buffer_m: float | None = None
    setup_starts_at: datetime | None = None
    teardown_ends_at: datetime | None = None
    timezone: str = "Europe/Copenhagen"
    rrule: str | None = None
    exdates: tuple[datetime, ...] = ()
    officers_required: int = 0
    municipalities: tuple[str, ...] = ()
    footprint: BaseGeometry | None = None

    def __post_init__(self) -> None:
        setup, teardown = self.setup_starts_at, self.teardown_ends_at
        _aware(self.starts_at, "starts_at")
        _aware(self.ends_at, "ends_at")
        if setup is not None:
            _aware(setup, "setup_starts_at")
        if teardown is not None:
            _aware(teardown, "teardown_ends_at")
        # Timestamps, not datetimes: two times in one zone compare by wall clock, wrong on the autumn night.
        start, end = self.starts_at.timestamp(), self.ends_at.timestamp()
        if end <= start:
            raise ConflictInputError("ends_at must be after starts_at", "ends_at")
        if setup is not None and setup.timestamp() > start:
            raise ConflictInputError("setup_starts_at must not be after starts_at", "setup_starts_at")
        if teardown is not None and teardown.timestamp() < end:
            raise ConflictInputError("teardown_ends_at must not be before ends_at", "teardown_ends_at")
        if self.footprint is None:
            object.__setattr__(self, "footprint", footprint_metric(self.geometry, self.buffer_m))

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @lazy
    def party(self) -> Party:
        return Party("event", self.id, self.title, self.kind, self.classification)

    @lazy
    def is_route(self) -> bool:
        return self.geometry.geom_type in ROUTE_TYPES


    @lazy
    def spans(self) -> tuple[Span, ...]:
        """Every occurrence as integer UTC seconds (start, end, extended start, extended end). Build-up and
        tear-down frame the series (as the registry stores them): before the first occurrence, after the last."""
        setup, teardown = self.setup_starts_at, self.teardown_ends_at
        if not self.rrule:  # the common case, kept cheap: a first scan fills this for every held record
            s, e = int(self.starts_at.timestamp()), int(self.ends_at.timestamp())
            xs = s if setup is None else min(s, int(setup.timestamp()))
            xe = e if teardown is None else max(e, int(teardown.timestamp()))
            return ((s, e, xs, xe),)
        occ = occurrences(self.starts_at, self.ends_at, self.rrule, self.exdates, ZoneInfo(self.timezone))
        out = [[int(s.timestamp()), int(e.timestamp())] * 2 for s, e in occ]
        if out and setup is not None:
            out[0][2] = min(out[0][0], int(setup.timestamp()))
        if out and teardown is not None:
            out[-1][3] = max(out[-1][1], int(teardown.timestamp()))
        return tuple((s, e, xs, xe) for s, e, xs, xe in out)

    # Derived values built in bulk for many records at once and kept on each (see _held): the class's None
    # until then. The unbuffered geometry in EPSG:25832, the packed index row, a route's packed legs, and a
    # point inside the footprint's interior.
    _metric: ClassVar[BaseGeometry | None] = None
    _packed: ClassVar[bytes | None] = None
    _legs: ClassVar[bytes | None] = None
    _point: ClassVar[BaseGeometry | None] = None

    @property
    def metric(self) -> BaseGeometry:
        """The unbuffered geometry in EPSG:25832 (for crossing points and distances)."""
        return metric_lines([self])[0]

    @property
    def index_row(self) -> bytes:
        """What the index reads of this record, packed in ROW_BYTES: cancelled (0/1), route (0/1), officers
        required, occurrence count (int64s), the footprint's bounds (min x, min y, max x, max y: float64s),
        the first occurrence's start, end, extended start, extended end (int64s; zeros if none). One
        fixed-size bytes object per record joins into one table for all (see ConflictIndex): far cheaper
        than reading several attributes, or asking GEOS for the bounds, of every record (each read of a
        scattered object is a cache miss). Further occurrences (recurring events) are read from `spans`."""
        return index_rows([self])[0]


ROW = struct.Struct("=4q4d4q")
ROW_WORDS = 12


def index_row(cancelled: bool, is_route: bool, officers: int, bounds: Sequence[float], spans: Sequence[Span]) -> bytes:
    return ROW.pack(cancelled, is_route, officers, len(spans), *bounds, *(spans[0] if spans else (0, 0, 0, 0)))


@dataclass(frozen=True, eq=False)
class ZoneRecord:
    """A zone: designated from `valid_from` to `valid_until` (inclusive local dates), active per `hours`."""

    id: str
    name: str
    geometry: BaseGeometry
    kind: str = "other"
    hours: ActiveHours = field(default_factory=ActiveHours)
    valid_from: date | None = None
    valid_until: date | None = None
    event_id: str | None = None
    timezone: str = "Europe/Copenhagen"
    classification: str = "public"
    footprint: BaseGeometry | None = None

    def __post_init__(self) -> None:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ConflictInputError("valid_until must not be before valid_from", "valid_until")
        if self.footprint is None:
            object.__setattr__(self, "footprint", footprint_metric(self.geometry, 0.0))

    @lazy
    def party(self) -> Party:
        return Party("zone", self.id, self.name, self.kind, self.classification)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @lazy
    def _pieces(self) -> list:
        return [0, 0, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)]  # lo, hi, starts, ends

    def active_pieces(self, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
        """The designated-and-active UTC pieces covering [lo, hi) (integer seconds; sorted, disjoint; pieces
        may reach beyond). Kept on the record, as its footprint is: zones change rarely, and a held record
        answers the next scan or check without re-expanding its weekly hours."""
        cache = self._pieces
        if cache[0] < cache[1] and cache[0] <= lo and hi <= cache[1]:
            return cache[2], cache[3]
        if cache[0] < cache[1]:
            lo, hi = min(lo, cache[0]), max(hi, cache[1])
        start, end = datetime.fromtimestamp(lo, UTC), datetime.fromtimestamp(hi, UTC)
        if self.hours.always and not self.hours.exceptions:  # one piece for the designation, not one a day
            if self.valid_from is not None:
                start = max(start, local_instant(self.valid_from, 0, self.tz))
            if self.valid_until is not None:
                end = min(end, local_instant(self.valid_until, 1440, self.tz))
            pieces = [(start, end)] if start < end else []
        else:
            pieces = active_intervals(self.hours, start, end, self.valid_from, self.valid_until, self.tz)
        cache[:] = [lo, hi, np.array([int(s.timestamp()) for s, _ in pieces], dtype=np.int64),
                    np.array([int(e.timestamp()) for _, e in pieces], dtype=np.int64)]
        return cache[2], cache[3]


def _held(records: Sequence[EventRecord], attr: str, build: Callable[[list[EventRecord]], Sequence[Any]]) -> list[Any]:
    """Each record's derived value `attr` (the class's None until built), built in one call for the records
    not holding theirs yet and kept on each, as a cached property keeps its value."""
    values = list(map(attrgetter(attr), records))
    if any(map(is_, values, repeat(None))):  # identity only: geometries' __eq__ is costly
        missing = [i for i, v in enumerate(values) if v is None]
        for i, value in zip(missing, build([records[i] for i in missing]), strict=True):
            values[i] = records[i].__dict__[attr] = value
    return values


def _objects(values: Sequence[Any]) -> np.ndarray:
    return np.fromiter(values, dtype=object, count=len(values))


def metric_lines(records: Sequence[EventRecord]) -> np.ndarray:
    """The records' unbuffered EPSG:25832 geometries (`EventRecord.metric`): one transform for all."""
    return _objects(_held(records, "_metric", lambda chosen: to_metric(_objects([e.geometry for e in chosen]))))


def route_legs(routes: Sequence[EventRecord]) -> list[bytes]:
    """For each route record, packed as float64s: whether its line lies inside its footprint's interior
    (1/0), then the box of each leg grown by its buffer (min x, min y, max x, max y; EPSG:25832).

    The footprint lies in the union of the grown leg boxes when it is the buffer of the line (as records
    build it; checked on its bounds), and then the line (buffer > 0) lies inside its interior. A route
    whose footprint is anything else gets no legs and no inside flag: the exact test alone decides."""
    return _held(routes, "_legs", _build_legs)


def _build_legs(chosen: list[EventRecord]) -> list[bytes]:
    lines = metric_lines(chosen)
    r = np.array([e.buffer_m for e in chosen], dtype=float)  # None → nan
    r = np.where(np.isnan(r), np.where(shapely.get_type_id(lines) == 1, DEFAULT_BUFFER_M["LineString"], 0.0), r)
    grown = r * (1 + 1e-9) + 1e-6
    lb = shapely.bounds(lines).reshape(-1, 4)
    fb = shapely.bounds(_objects([e.footprint for e in chosen])).reshape(-1, 4)
    ok = (fb[:, 0] >= lb[:, 0] - grown) & (fb[:, 1] >= lb[:, 1] - grown) & \
         (fb[:, 2] <= lb[:, 2] + grown) & (fb[:, 3] <= lb[:, 3] + grown)
    inside = ok & (r > 0) & (fb[:, 0] < lb[:, 0]) & (fb[:, 2] > lb[:, 2])
    xy, which = shapely.get_coordinates(lines, return_index=True)
    leg = np.flatnonzero((which[1:] == which[:-1]) & ok[which[:-1]])
    w = which[leg]
    x0, x1, y0, y1 = xy[leg, 0], xy[leg + 1, 0], xy[leg, 1], xy[leg + 1, 1]
    boxes = np.column_stack([np.minimum(x0, x1) - grown[w], np.minimum(y0, y1) - grown[w],
                             np.maximum(x0, x1) + grown[w], np.maximum(y0, y1) + grown[w]])
    bounds = np.searchsorted(w, np.arange(len(chosen) + 1))  # legs of route j: bounds[j]..bounds[j+1]-1
    return [np.concatenate([[float(inside[j])], boxes[bounds[j]:bounds[j + 1]].ravel()]).tobytes()
            for j in range(len(chosen))]


def index_rows(records: Sequence[EventRecord]) -> list[bytes]:
    """Each record's `index_row` (for those not holding theirs yet, the footprints' bounds asked of GEOS in
    one call)."""
    return _held(records, "_packed", _build_rows)


def _build_rows(chosen: list[EventRecord]) -> list[bytes]:
    bounds = shapely.bounds(_objects([e.footprint for e in chosen])).tolist()
    return [index_row(e.cancelled, e.is_route, e.officers_required, box, e.spans)
            for e, box in zip(chosen, bounds, strict=True)]


NO_POINT = shapely.Point()  # empty: meets nothing


def interior_points(records: Sequence[EventRecord]) -> np.ndarray:
    """A point in the interior of each record's footprint where the footprint has an area (else an empty
    point: a line's or a point's "interior" gives no such proof, see ConflictIndex.interiors_meet)."""
    return _objects(_held(records, "_point", _build_points))


def _build_points(chosen: list[EventRecord]) -> list[BaseGeometry]:
    footprints = _objects([e.footprint for e in chosen])
    areal = np.isin(shapely.get_type_id(footprints), (3, 6)) & (shapely.area(footprints) > 0)
    points = np.full(len(chosen), NO_POINT, dtype=object)
    points[areal] = shapely.point_on_surface(footprints[areal])
    return points.tolist()


def inside_lines(routes: Sequence[EventRecord]) -> np.ndarray:
    """Each route's line (EPSG:25832) where it lies inside its footprint's interior (see route_legs),
    else None."""
    packed = route_legs(routes)
    lines = metric_lines(routes)
    inside = np.array([p[:8] != ZERO for p in packed], dtype=bool) if packed else np.zeros(0, dtype=bool)
    lines[~inside] = None
    return lines


ZERO = struct.pack("=d", 0.0)


def footprints_metric(geoms_wgs84: np.ndarray, buffers: Sequence[float | None]) -> np.ndarray:
    """footprint_metric for many geometries at once: one EPSG:4326 → EPSG:25832 transform for all
    coordinates, then one vectorised buffer (same result as the scalar function, for bulk loads)."""
    return metric_and_footprints(geoms_wgs84, buffers)[1]


def metric_and_footprints(geoms_wgs84: np.ndarray, buffers: Sequence[float | None]) -> tuple[np.ndarray, np.ndarray]:
    """The geometries in EPSG:25832 (one transform for all coordinates) and their footprints (one
    vectorised buffer)."""
    metric = to_metric(geoms_wgs84)
    types = shapely.get_type_id(geoms_wgs84)
    names = {0: "Point", 1: "LineString", 3: "Polygon", 6: "MultiPolygon"}
    dist = np.array([b if b is not None else DEFAULT_BUFFER_M.get(names.get(int(t), ""), 0.0)
                     for b, t in zip(buffers, types, strict=True)], dtype=float)
    out = metric.copy()
    grow = dist > 0
    out[grow] = shapely.buffer(metric[grow], dist[grow], quad_segs=8)
    return metric, out
