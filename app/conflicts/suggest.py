"""Alternatives for a candidate: the nearest conflict-free windows of the same duration, and venue shifts.

For a shift of t seconds the candidate clashes with another occurrence exactly when t lies in an open
interval derived from the two windows (half-open intervals: touching is allowed). The union of those
intervals is blocked; each free stretch offers its point nearest to the asked time. Exact, no grid.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from shapely.affinity import translate

from app.conflicts.engine import check, check_window
from app.conflicts.errors import ConflictInputError
from app.conflicts.index import ConflictIndex
from app.conflicts.model import at
from app.conflicts.records import EventRecord
from app.conflicts.rules import HOUR, hour_loads
from geo.crs import to_metric, to_wgs84
from geo.geojson import to_geojson

MAX_RANGE = timedelta(days=366)
DIRECTIONS = {"N": (0, 1), "NE": (1, 1), "E": (1, 0), "SE": (1, -1), "S": (0, -1), "SW": (-1, -1),
              "W": (-1, 0), "NW": (-1, 1)}


def _blocked(candidate: EventRecord, index: ConflictIndex, lo: int, hi: int,
             capacity: int | None) -> list[tuple[int, int]]:
    """Open intervals of shifts t (seconds) at which the shifted candidate would clash."""
    s, e, xs, xe = candidate.spans[0]
    skip = index.position.get(candidate.id, -1)
    out: list[tuple[int, int]] = []
    pos = index.occurrences_in(lo - (s - xs), hi + (xe - e))
    pos = pos[index.owner[pos] != skip]
    near = index.events_meeting(candidate.footprint, np.unique(index.owner[pos]))
    pos = pos[np.isin(index.owner[pos], near)]
    out += list(zip((index.xstart[pos] - xe).tolist(), (index.xend[pos] - xs).tolist(), strict=True))
    for zi in index.zones_meeting(candidate.footprint).tolist():
        if index.zones[zi].event_id == candidate.id:
            continue
        zs, ze = index.zones[zi].active_pieces(lo, hi)
        out += list(zip((zs - e).tolist(), (ze - s).tolist(), strict=True))
    if capacity is not None and candidate.officers_required > 0:
        out += _capacity_blocks(candidate, index, lo, hi, capacity, skip)
    return out


def _capacity_blocks(candidate: EventRecord, index: ConflictIndex, lo: int, hi: int, capacity: int,
                     skip: int) -> list[tuple[int, int]]:
    s, e = candidate.spans[0][:2]
    h0, h1 = lo // HOUR, -(-hi // HOUR)
    pos = index.occurrences_in(h0 * HOUR, h1 * HOUR)
    pos = pos[(index.owner[pos] != skip) & (index.officers[index.owner[pos]] > 0)]
    loads = hour_loads(index.start[pos], index.end[pos], index.officers[index.owner[pos]], h0, h1)
    full = np.flatnonzero(loads + candidate.officers_required > capacity) + h0
    return [(h * HOUR - e, (h + 1) * HOUR - s) for h in full.tolist()]


def free_shifts(blocked: list[tuple[int, int]], t0: int, t1: int) -> list[tuple[int, int]]:
    """Closed stretches of [t0, t1] outside the union of the open `blocked` intervals."""
    free, cursor = [], t0
    for a, b in sorted(blocked):
        if a >= t1:
            break
        if b <= cursor:
            continue
        if a >= cursor:
            free.append((cursor, a))
        cursor = b
    if cursor <= t1:
        free.append((cursor, t1))
    return [(a, b) for a, b in free if a <= b]


def suggest(candidate: EventRecord, index: ConflictIndex, search: tuple[datetime, datetime], *,
            capacity: int | None = None, limit: int = 5, shift_m: float | None = None) -> dict[str, Any]:
    """The `limit` nearest conflict-free windows (same duration) inside `search`, and optional venue shifts."""
    if candidate.rrule:
        raise ConflictInputError("suggest works on a one-off event: leave out rrule", "rrule")
    lo, hi = check_window(search)
    if hi - lo > MAX_RANGE.total_seconds():
        raise ConflictInputError(f"the search range is capped at {MAX_RANGE.days} days", "to")
    s, e = candidate.spans[0][:2]
    if hi - lo < e - s:
        raise ConflictInputError("the search range is shorter than the event; no window of that length fits",
                                 "to")
    t0, t1 = lo - s, hi - e
    stretches = free_shifts(_blocked(candidate, index, lo, hi, capacity), t0, t1)
    points = sorted({min(max(0, a), b) for a, b in stretches}, key=lambda t: (abs(t), t))
    windows = []
    for t in points:
        moved = _shifted(candidate, t)
        if not check(moved, index, capacity=capacity):
            windows.append({"start": at(s + t), "end": at(e + t), "offset_minutes": round(t / 60, 1)})
        if len(windows) >= limit:
            break
    result: dict[str, Any] = {"asked": {"start": at(s), "end": at(e)}, "windows": windows}
    if shift_m is not None:
        result["venue_shifts"] = venue_shifts(candidate, index, shift_m, capacity)
    return result


def _shifted(candidate: EventRecord, t: int) -> EventRecord:
    if t == 0:
        return candidate
    return dataclasses.replace(
        candidate, starts_at=later(candidate.starts_at, t), ends_at=later(candidate.ends_at, t),
        setup_starts_at=shift(candidate.setup_starts_at, t), teardown_ends_at=shift(candidate.teardown_ends_at, t))


def later(value: datetime, seconds: int) -> datetime:
    return value.astimezone(UTC) + timedelta(seconds=seconds)


def shift(value: datetime | None, seconds: int) -> datetime | None:
    """`seconds` of real time later, in UTC (aware arithmetic within one zone is wall-clock time, which
    would be an hour off across a DST change)."""
    if value is None:
        return None
    return value.astimezone(UTC) + timedelta(seconds=seconds)


def venue_shifts(candidate: EventRecord, index: ConflictIndex, distance_m: float,
                 capacity: int | None = None) -> list[dict[str, Any]]:
    """For a point or polygon venue: the conflicts left at the asked time after moving it `distance_m`
    metres towards each compass direction (EPSG:25832), best first."""
    if candidate.is_route:
        raise ConflictInputError("a venue shift applies to point or polygon events, not routes", "shift_m")
    if not 0 < distance_m <= 5000:
        raise ConflictInputError("shift_m must be between 0 and 5000 metres", "shift_m")
    base = len(check(candidate, index, capacity=capacity))
    metric = to_metric(candidate.geometry)
    out = []
    for name, (ux, uy) in DIRECTIONS.items():
        norm = (ux * ux + uy * uy) ** 0.5
        dx, dy = distance_m * ux / norm, distance_m * uy / norm
        moved = dataclasses.replace(candidate, geometry=to_wgs84(translate(metric, dx, dy)),
                                    footprint=translate(candidate.footprint, dx, dy))
        left = len(check(moved, index, capacity=capacity))
        out.append({"direction": name, "distance_m": distance_m, "conflicts": left, "helps": left < base,
                    "clear": left == 0, "geometry": to_geojson(moved.geometry)})
    return sorted(out, key=lambda r: r["conflicts"])
