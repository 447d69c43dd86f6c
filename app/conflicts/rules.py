"""The rules: from matched parties (already known to meet in space) to explained Conflict objects.

- event_overlap: footprints meet and the main windows overlap;
- route_crossing: the same for two routes (instead of event_overlap), with the crossing points;
- setup_overlap: footprints meet and only the extended (build-up/tear-down) windows overlap;
- zone_active: a footprint meets a zone while the zone is designated and active;
- capacity: one conflict per maximal run of hours whose officer load exceeds the capacity (peak reported).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from app.conflicts.model import Conflict, Measure, at
from app.conflicts.records import EventRecord, Span, ZoneRecord
from geo.crs import to_wgs84

HOUR = 3600
HIGH_ZONES = ("exclusion", "security_perimeter", "restricted_airspace")


def overlap_area(a: EventRecord | ZoneRecord, b: EventRecord | ZoneRecord) -> Measure:
    """The area (m²) the two footprints share."""
    fa, fb = a.footprint, b.footprint
    assert fa is not None and fb is not None  # records build their footprints
    return Measure(overlap_area_m2=float(fa.intersection(fb).area))


def route_measure(a: EventRecord, b: EventRecord) -> Measure:
    """Where two routes cross (or, if they only come near, how near)."""
    points, distance = route_crossings(a.metric, b.metric)
    return Measure(distance_m=distance, crossings=points)


# Pair rules by code, as pair_code() chooses them (and the full scan, in numpy: engine.pair_codes): only the
# extended windows overlap → setup_overlap; the main windows overlap → route_crossing for two routes, else
# event_overlap.
PAIR_CODES = ("setup_overlap", "route_crossing", "event_overlap")
PAIR_SEVERITY = ("medium", "high", "high")
PAIR_MEASURE = (overlap_area, route_measure, overlap_area)


def pair_code(a: EventRecord, sa: Span, b: EventRecord, sb: Span) -> tuple[int, int, int] | None:
    """Which pair rule fires for two occurrences whose footprints meet (its code), and its window (UTC
    seconds)."""
    start, end = max(sa[0], sb[0]), min(sa[1], sb[1])
    if start < end:
        return (1 if a.is_route and b.is_route else 2), start, end
    start, end = max(sa[2], sb[2]), min(sa[3], sb[3])
    if start < end:
        return 0, start, end
    return None


def pair_conflict(code: int, a: EventRecord, sa: int, b: EventRecord, sb: int, start: int, end: int) -> Conflict:
    """The conflict of rule `code` between occurrences of `a` and `b` starting at `sa` and `sb`, clashing in
    [start, end): the party whose occurrence starts first comes first; its measure is built when asked for."""
    if sb < sa or (sb == sa and b.id < a.id):
        a, sa, b, sb = b, sb, a, sa
    ida, idb = a.id, b.id
    anchors = ((ida, sa), (idb, sb)) if ida < idb or (ida == idb and sa <= sb) else ((idb, sb), (ida, sa))
    return Conflict(PAIR_CODES[code], (a.party, b.party), ((start, end),), anchors, PAIR_SEVERITY[code],
                    (PAIR_MEASURE[code], a, b), None, None, a.timezone)


def pair_conflicts(pairs: Sequence[tuple[EventRecord, Span, EventRecord, Span]]) -> list[Conflict]:
    """Conflicts for occurrence pairs whose footprints meet (the rule is chosen per pair)."""
    out = []
    for a, sa, b, sb in pairs:
        fired = pair_code(a, sa, b, sb)
        if fired is not None:
            out.append(pair_conflict(fired[0], a, sa[0], b, sb[0], fired[1], fired[2]))
    return out


def route_crossings(a: BaseGeometry, b: BaseGeometry) -> tuple[tuple[tuple[float, float], ...], float | None]:
    """Where two routes (EPSG:25832) cross, as WGS84 lon/lat; if they only come near, the nearest point
    between them and the distance in metres."""
    inter = a.intersection(b)
    if inter.is_empty:
        line = shapely.shortest_line(a, b)
        mid = line.interpolate(0.5, normalized=True)
        return (_lonlat(mid),), float(a.distance(b))
    points = []
    for part in shapely.get_parts(inter):
        p = part if part.geom_type == "Point" else part.interpolate(0.5, normalized=True)
        points.append(_lonlat(p))
    return tuple(sorted(set(points))), None


def _lonlat(p: BaseGeometry) -> tuple[float, float]:
    q = to_wgs84(p)
    return float(q.x), float(q.y)


def zone_conflict(e: EventRecord, start: int, z: ZoneRecord, pieces: list[tuple[int, int]]) -> Conflict:
    """One conflict per (occurrence starting at `start`, zone), listing every active piece the occurrence
    overlaps."""
    return Conflict("zone_active", (e.party, z.party), tuple(pieces), ((e.id, start), (z.id, 0)), zone_severity(z),
                    (overlap_area, e, z), None, None, e.timezone)


def zone_severity(z: ZoneRecord) -> str:
    return "high" if z.kind in HIGH_ZONES else "medium"


def clip_pieces(zs: np.ndarray, ze: np.ndarray, s: int, e: int) -> list[tuple[int, int]]:
    """The zone's active pieces (sorted, disjoint) clipped to [s, e)."""
    lo = int(np.searchsorted(ze, s, side="right"))
    hi = int(np.searchsorted(zs, e, side="left"))
    return [(max(int(zs[i]), s), min(int(ze[i]), e)) for i in range(lo, hi) if max(zs[i], s) < min(ze[i], e)]


def hour_loads(starts: np.ndarray, ends: np.ndarray, officers: np.ndarray, h0: int, h1: int) -> np.ndarray:
    """Officer load per hour h0..h1-1 (hour numbers since the epoch): an occurrence counts in every hour
    its [start, end) touches."""
    loads = np.zeros(h1 - h0 + 1, dtype=np.int64)
    first = np.clip(starts // HOUR, h0, h1) - h0
    last = np.clip(-(-ends // HOUR), h0, h1) - h0
    np.add.at(loads, first, officers)
    np.add.at(loads, last, -officers)
    return np.cumsum(loads)[:-1]


def over_runs(loads: np.ndarray, capacity: int) -> list[tuple[int, int]]:
    """Maximal runs [i, j) of hours whose load exceeds the capacity."""
    over = np.concatenate([[False], loads > capacity, [False]])
    edges = np.flatnonzero(over[1:] != over[:-1])
    return list(zip(edges[0::2].tolist(), edges[1::2].tolist(), strict=True))


def capacity_conflict(run_start: int, run_end: int, loads: np.ndarray, capacity: int,
                      members: list[tuple[EventRecord, Span]]) -> Conflict:
    """A run of over-capacity hours (absolute hour numbers), its peak and the events that load it."""
    peak_at = int(np.argmax(loads))
    members = sorted(members, key=lambda m: (m[1][0], m[0].id))
    anchors = tuple(sorted([(e.id, s[0]) for e, s in members] + [("run", run_start * HOUR)]))
    peak = int(loads[peak_at])
    severity = "high" if peak > capacity * 1.25 else "medium"
    hour = (run_start + peak_at) * HOUR
    parties = tuple({e.id: e.party for e, _ in members}.values())
    return Conflict("capacity", parties, ((run_start * HOUR, run_end * HOUR),), anchors, severity,
                    peak_officers=peak, capacity=capacity, timezone=members[0][0].timezone,
                    extra={"peak_window": {"start": at(hour).isoformat().replace("+00:00", "Z"),
                                           "end": at(hour + HOUR).isoformat().replace("+00:00", "Z")},
                           "hourly_officers": [int(x) for x in loads]})
